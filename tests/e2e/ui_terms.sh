#!/bin/sh
# Terminal types and colour: TERM=vt100, linux, screen, tmux-256color and
# xterm-256color all start, show every view and quit cleanly; 256 colours
# where the terminal has them, 8 otherwise, none with NO_COLOR or --no-color
# (attributes only).
set -u
. tests/e2e/ui_lib.inc

colours() { tmux_cmd capture-pane -e -p -t "$TMUX_SESSION"; }

run_case() {
    want=$1; shift   # 256, 8 or 0 colours
    ui_start 80 24 "$@"
    ui_key 2 'VENUE' "2"
    ui_key 3 'ALERTS' "3"
    ui_key 4 'LAST ERROR' "4"
    ui_key 5 'window 4h' "5"
    ui_key 1 'SYMBOL +PRICE' "1"
    tmux_screen | head -1 | grep -q '^ liqtop DEMO' || fail "no header ($UI_CASE)"
    case $want in
    256) colours | grep -q '\[38;5;[0-9]*m\|\[3[0-7]m\|\[4[0-7]m' || fail "no colour ($UI_CASE)" ;;
    8) colours | grep -q '\[3[0-7]m\|\[4[0-7]m\|\[3[0-7];' || fail "no colour ($UI_CASE)"
       colours | grep -q '38;5;' && fail "256-colour codes on an 8-colour terminal ($UI_CASE)" ;;
    0) if colours | grep -q '\[[0-9;]*3[0-7]m\|\[[0-9;]*4[0-7]m\|38;5;\|48;5;'; then
           colours | grep '\[[0-9;]*3[0-7]m\|\[[0-9;]*4[0-7]m\|38;5;\|48;5;' | head -3
           fail "colour codes with no colour ($UI_CASE)"
       fi
       # the selection and bars still show, as reverse video
       colours | grep -q '\[7m\|;7m\|\[[0-9;]*7m' || fail "no reverse video ($UI_CASE)" ;;
    esac
    ui_quit q
}

run_case 256 TERM=xterm-256color LANG=C.UTF-8 -- --demo
run_case 256 TERM=tmux-256color LANG=C.UTF-8 -- --demo
run_case 8 TERM=screen LANG=C.UTF-8 -- --demo
run_case 8 TERM=linux LANG=C -- --demo
run_case 0 TERM=vt100 LANG=C -- --demo
run_case 0 TERM=xterm-256color LANG=C.UTF-8 NO_COLOR=1 -- --demo
run_case 0 TERM=xterm-256color LANG=C.UTF-8 -- --demo --no-color
echo ok
