#!/bin/sh
# The demo in tmux at 80x24: five symbols within 2 s, ? shows help, q exits 0
# and leaves no process behind. Also at 200x50, with LANG=C and NO_COLOR.
set -u
. tests/support/tmux.sh

run_case() {
    cols=$1; rows=$2; shift 2
    tmux_start "$cols" "$rows" "$@" -- --demo
    tmux_wait_for 'BTC' 2 || fail "no BTC row within 2 s at ${cols}x${rows} ($*)"
    screen=$(tmux_screen)
    for s in BTC ETH SOL XRP DOGE; do
        echo "$screen" | grep -q "^ *$s " || fail "no $s row at ${cols}x${rows} ($*)"
    done
    echo "$screen" | grep -q 'DEMO' || fail "mode DEMO not shown"
    echo "$screen" | grep -q '2026-01-01' || fail "demo clock not shown"
    tmux_keys '?'
    tmux_wait_for 'liqtop keys' 2 || fail "? did not open the help"
    tmux_screen | grep -q 'Quit' || fail "help does not list Quit"
    tmux_keys 'x'
    tmux_wait_for 'SYMBOL' 2 || fail "a key did not close the help"
    tmux_keys 'q'
    st=$(tmux_wait_exit 3) || fail "q did not exit"
    [ "$st" = 0 ] || fail "exit status $st after q"
    tmux_cleanup
    no_process_left || fail "a liqtop process is left"
}

run_case 80 24 TERM=xterm-256color LANG=C.UTF-8
run_case 200 50 TERM=screen LANG=C.UTF-8
run_case 80 24 TERM=vt100 LANG=C NO_COLOR=1
echo ok
