#!/bin/sh
# Every view and the keys that move between them, at 80x24 and 200x50, in a
# UTF-8 locale and under LANG=C: 1-5, Enter, Esc, Tab, Left, < >, ? and F1
# (scroll, close), then q (or Ctrl-C): exit status 0, no process left.
set -u
. tests/e2e/ui_lib.inc

views() {
    # the tabs; each full-screen view hides the market table's column titles
    ui_key 2 'VENUE.*long/short' "2 (liquidations)"
    ui_wait_gone 'SYMBOL +PRICE' 3 || fail "2 left the market table ($UI_CASE)"
    tmux_wait_for 'LARGEST 24H' 3 || fail "no liquidation feed ($UI_CASE)"
    ui_key 3 'ALERTS +[0-9]+ new' "3 (alerts)"
    ui_wait_gone 'SYMBOL +PRICE' 3 || fail "3 left the market table ($UI_CASE)"
    ui_key 4 'LAST ERROR / NOTE' "4 (sources)"
    tmux_wait_for 'binance +ok' 3 || fail "sources: binance not ok ($UI_CASE)"
    ui_key 5 'window 4h' "5 (detail)"
    tmux_wait_for 'VENUE +PRICE' 3 || fail "detail: no venue table ($UI_CASE)"
    ui_key Escape 'SYMBOL +PRICE' "Esc from the detail view"
    ui_key 1 'SYMBOL +PRICE' "1 (market)"
    # Enter opens the selected symbol; j moves the selection first
    tmux_keys j
    ui_key Enter 'ETH  [0-9]' "Enter on the second row (ETH)"
    ui_key '<' 'window 12h' "< (longer window)"
    ui_key '>' 'window 4h' "> (shorter window)"
    ui_key Tab 'SYMBOL +PRICE' "Tab (next tab wraps to market)"
    ui_key Left 'window 4h' "Left (previous tab: detail)"
    ui_key Escape 'SYMBOL +PRICE' "Esc"
    # help, from the key table; arrows scroll it, any other key closes it
    ui_key '?' 'liqtop keys' "?"
    tmux_screen | grep -q 'Quit' || fail "help does not list Quit ($UI_CASE)"
    tmux_keys Down Down
    sleep 0.2
    tmux_screen | grep -q 'liqtop keys' || fail "Down closed the help ($UI_CASE)"
    ui_key x 'SYMBOL +PRICE' "a key closing the help"
    ui_key F1 'liqtop keys' "F1"
    ui_key Escape 'SYMBOL +PRICE' "Esc closing the help"
}

run_case() {
    cols=$1; rows=$2; shift 2
    ui_start "$cols" "$rows" "$@" -- --demo
    for s in BTC ETH SOL XRP DOGE; do
        tmux_screen | grep -q "^$s " || fail "no $s row ($UI_CASE)"
    done
    tmux_screen | grep -q 'DEMO x1' || fail "mode not shown ($UI_CASE)"
    tmux_screen | grep -q 'STRESS' || fail "no stress gauge ($UI_CASE)"
    if [ "$cols" -ge 160 ]; then
        # side by side: market table, liquidations and alerts at once
        tmux_wait_for 'LIQUIDATIONS' 2 || fail "wide layout without liquidations ($UI_CASE)"
        tmux_screen | grep -q 'ALERTS' || fail "wide layout without alerts ($UI_CASE)"
    fi
    views
    case "$*" in
    *LANG=C.UTF-8*) ui_key 5 'window 4h'; ui_has_unicode "detail"; ui_has_braille "detail"; tmux_keys Escape ;;
    *) ui_key 5 'window 4h'; ui_ascii_only "detail"; tmux_keys 2; sleep 0.2
       ui_ascii_only "liquidations"; tmux_keys Escape ;;
    esac
    ui_quit "${QUIT_KEY:-q}"
}

QUIT_KEY=q run_case 80 24 TERM=xterm-256color LANG=C.UTF-8
QUIT_KEY=C-c run_case 200 50 TERM=tmux-256color LANG=C LC_ALL=C
echo ok
