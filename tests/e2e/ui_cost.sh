#!/bin/sh
# Costs: a frame only when something changed, one write() per frame, no
# busy loop. The demo at x1 draws about once a second (the data and the clock
# second), each frame a single write to the terminal; paused, it draws
# nothing (once its alerts are acknowledged) and uses no measurable CPU.
set -u
. tests/e2e/ui_lib.inc

stat_of() { awk '{print $14 + $15}' "/proc/$1/stat"; }
writes_of() { awk '/^syscw/ {print $2}' "/proc/$1/io"; }

ui_start 200 50 TERM=xterm-256color LANG=C.UTF-8 -- --demo
pid=$(pgrep -f "^$LIQTOP( |\$)" | head -1)
[ -n "$pid" ] || fail "no liqtop process"
w0=$(writes_of "$pid"); c0=$(stat_of "$pid")
sleep 2
w1=$(writes_of "$pid"); c1=$(stat_of "$pid")
echo "running: $((w1 - w0)) writes, $((c1 - c0)) CPU ticks in 2 s"
# about 2 frames; dozens would mean a frame split into many writes
[ $((w1 - w0)) -ge 1 ] || fail "no frames while running ($((w1 - w0)) writes in 2 s)"
[ $((w1 - w0)) -le 8 ] || fail "$((w1 - w0)) writes in 2 s (one per frame expected)"
# acknowledged alerts stop flashing (a flashing crit alert redraws once a
# second even while paused, by design); then pause
tmux_keys a
ui_key p 'PAUSED' "p"
sleep 0.3
w0=$(writes_of "$pid"); c0=$(stat_of "$pid")
sleep 2
w1=$(writes_of "$pid"); c1=$(stat_of "$pid")
hz=$(getconf CLK_TCK)
echo "paused: $((w1 - w0)) writes, $((c1 - c0)) CPU ticks (of $((2 * hz))) in 2 s"
[ $((w1 - w0)) -le 1 ] || fail "$((w1 - w0)) frames in 2 s while paused"
[ $((c1 - c0)) -le $((2 * hz / 50)) ] || fail "paused but busy: $((c1 - c0)) ticks in 2 s"
ui_quit q
echo ok
