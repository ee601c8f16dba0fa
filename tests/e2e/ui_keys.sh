#!/bin/sh
# The market table and app commands from the keyboard, at 80x24 (UTF-8) and
# 200x50 (LANG=C): selection (j k g G PgDn PgUp), sort (s S), filter (/),
# pause (p), speed (+ -), clock (T), theme (t), refresh (r); then
# acknowledging flashing crit alerts (a). Each run ends with q: status 0, no
# process left.
set -u
. tests/e2e/ui_lib.inc

keys() {
    # the detail tab's label names the selected symbol
    ui_key j 'Detail ETH' "j"
    ui_key k 'Detail BTC' "k"
    ui_key G 'Detail DOGE' "G"
    ui_key g 'Detail BTC' "g"
    ui_key NPage 'Detail DOGE' "PgDn"
    ui_key PPage 'Detail BTC' "PgUp"
    ui_key Down 'Detail ETH' "Down"
    ui_key Up 'Detail BTC' "Up"
    # sort: s cycles the column, S reverses; the order follows
    ui_key s 'sort OI 1H' "s"
    ui_key S 'sort OI 1H[▲^]' "S"
    # twelve more s come back to OI (13 columns), still reversed
    for i in 1 2 3 4 5 6 7 8 9 10 11; do tmux_keys s; done
    ui_key s 'sort OI[▲^]' "s round the columns"
    tmux_screen | grep -m1 -A1 'SYMBOL' | tail -1 | grep -q '^DOGE ' || fail "smallest OI not first ($UI_CASE)"
    ui_key S 'sort OI[▼v]' "S again"
    tmux_screen | grep -m1 -A1 'SYMBOL' | tail -1 | grep -q '^BTC ' || fail "BTC not first ($UI_CASE)"
    # filter
    ui_key / 'filter:' "/"
    tmux_keys s o
    ui_key Enter 'filter so' "filter Enter"
    tmux_screen | grep -q '^SOL ' || fail "filter: no SOL ($UI_CASE)"
    tmux_screen | grep -q '^BTC ' && fail "filter: BTC still shown ($UI_CASE)"
    ui_key Escape '^BTC ' "Esc clears the filter"
    # pause, speed, clock, theme, refresh: the header and the notice line say so
    ui_key p 'PAUSED' "p"
    ui_key p 'resumed' "p again"
    tmux_screen | grep -q 'PAUSED' && fail "still paused ($UI_CASE)"
    ui_key + 'DEMO x2' "+"
    ui_key - 'DEMO x1' "-"
    ui_key T 'XYZ' "T (local clock)"
    ui_key T 'UTC' "T (back to UTC)"
    ui_key t 'theme: [a-z-]+' "t"
    ui_key r 'refreshed' "r"
}

run_case() {
    cols=$1; rows=$2; shift 2
    ui_start "$cols" "$rows" TZ=XYZ-3 "$@" -- --demo
    keys
    ui_quit q
}

run_case 80 24 TERM=xterm-256color LANG=C.UTF-8
run_case 200 50 TERM=screen LANG=C LC_ALL=C

# crit alerts flash until a acknowledges them (demo at x16: the cascade comes
# within two seconds)
UI_CASE=ack
tmux_start 100 30 TERM=xterm-256color LANG=C.UTF-8 -- --demo --speed 16
tmux_wait_for '[0-9]+ CRIT' 8 || fail "no crit alert in the header"
tmux_keys 3
tmux_wait_for 'ALERTS +[0-9]+ new, [0-9]+ crit' 3 || fail "alerts panel does not count crit"
# the flashing row changes its colours once a second (the frames say so)
a=$(tmux_cmd capture-pane -e -p -t "$TMUX_SESSION" | grep 'crit' | head -3 | md5sum)
changed=0
for i in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15; do
    sleep 0.2
    b=$(tmux_cmd capture-pane -e -p -t "$TMUX_SESSION" | grep 'crit' | head -3 | md5sum)
    [ "$a" != "$b" ] && { changed=1; break; }
done
[ $changed = 1 ] || fail "crit rows do not flash"
ui_key a 'ALERTS +0 new' "a (acknowledge)"
ui_wait_gone '[0-9]+ CRIT' 2 || fail "a did not stop the CRIT mark"
ui_quit q
echo ok
