#!/bin/sh
# A resize storm: tmux resizes the window many times in a row, through the
# wide layout, the too-small message and back. Afterwards the screen must be
# exactly what a full repaint of the same (paused) state gives: no leftovers
# of earlier frames anywhere.
set -u
. tests/e2e/ui_lib.inc

body() { tmux_screen | sed -n "3,$(($1 - 1))p"; }

ui_start 100 30 TERM=xterm-256color LANG=C.UTF-8 -- --demo
tmux_cmd resize-window -t "$TMUX_SESSION" -x 30 -y 10
tmux_wait_for 'terminal too small' 3 || fail "no too-small message at 30x10"
tmux_cmd resize-window -t "$TMUX_SESSION" -x 200 -y 50
tmux_wait_for 'LIQUIDATIONS' 3 || fail "no wide layout at 200x50"
for size in 80x24 39x12 200x50 41x13 160x30 90x60 240x70 45x12 120x40 80x24 \
            170x45 60x20 200x50 100x30 35x8 150x40 80x24 220x60 120x40; do
    tmux_cmd resize-window -t "$TMUX_SESSION" -x "${size%x*}" -y "${size#*x}"
    sleep 0.03
done
tmux_cmd resize-window -t "$TMUX_SESSION" -x 120 -y 40
tmux_wait_for 'SYMBOL +PRICE' 3 || fail "no market table after the storm"
[ "$(tmux_screen | grep -Ec 'SYMBOL +PRICE')" = 1 ] || fail "the table title shows more than once"
tmux_screen | grep -q 'terminal too small' && fail "a stale too-small message is left"
tmux_screen | head -1 | grep -q '^ liqtop DEMO' || fail "header not on the first line"
tmux_screen | sed -n 40p | grep -q 'Help' || fail "status bar not on the last line"
ui_key p 'PAUSED' "p"
sleep 0.3
a=$(body 40)
# a full repaint of the same state: resize away and back
tmux_cmd resize-window -t "$TMUX_SESSION" -x 121 -y 40
sleep 0.3
tmux_cmd resize-window -t "$TMUX_SESSION" -x 120 -y 40
sleep 0.3
b=$(body 40)
if [ "$a" != "$b" ]; then
    echo "--- after the storm ---"; echo "$a"; echo "--- repainted ---"; echo "$b"
    fail "the screen after the resize storm differs from a full repaint"
fi
ui_key p 'resumed' "p"
ui_quit q
echo ok
