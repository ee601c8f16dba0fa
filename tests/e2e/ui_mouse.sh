#!/bin/sh
# The mouse, as a terminal reports it: tmux types the terminal's report
# bytes into the pane (SGR 1006 for TERM=xterm-256color, the X10 form for
# TERM=screen and TERM=linux), liqtop decodes them through ncurses like a
# real click. A click on a tab, on a column title (sort), on a row (select;
# again: detail); the wheel in the detail view (zoom) and over the table
# (selection). After q or SIGTERM the terminal reports no mouse any more.
set -u
. tests/e2e/ui_lib.inc

# click/wheel at 0-based cell X Y; button 0 press, 64 wheel up, 65 wheel down
mouse() {
    b=$1; x=$(($2 + 1)); y=$(($3 + 1))
    case "$UI_PROTO" in
    sgr) tmux_keys -l "$(printf '\033[<%d;%d;%dM' "$b" "$x" "$y")"
         [ "$b" = 0 ] && tmux_keys -l "$(printf '\033[<%d;%d;%dm' "$b" "$x" "$y")" ;;
    x10) tmux_keys -l "$(printf "\\033[M\\$(printf %o $((32 + b)))\\$(printf %o $((32 + x)))\\$(printf %o $((32 + y)))")"
         [ "$b" = 0 ] && tmux_keys -l "$(printf "\\033[M#\\$(printf %o $((32 + x)))\\$(printf %o $((32 + y)))")" ;;
    esac
    true
}

# 0-based column of the first match of a fixed string on screen line Y (0-based)
col_of() { tmux_screen | sed -n "$(($2 + 1))p" | awk -v s="$1" '{ i = index($0, s); print (i ? i - 1 : -1) }'; }

run_case() {
    UI_PROTO=$1; shift
    ui_start 100 30 "$@" -- --demo
    x=$(col_of "4 Sources" 2); [ "$x" -ge 0 ] || fail "no Sources tab label"
    mouse 0 "$((x + 1))" 2
    tmux_wait_for 'LAST ERROR / NOTE' 3 || fail "click on the Sources tab ($UI_PROTO)"
    x=$(col_of "1 Market" 2)
    mouse 0 "$((x + 1))" 2
    tmux_wait_for 'SYMBOL +PRICE' 3 || fail "click on the Market tab ($UI_PROTO)"
    x=$(col_of " 1H" 3)
    mouse 0 "$((x + 2))" 3
    tmux_wait_for 'sort 1H' 3 || fail "click on the 1H title did not sort ($UI_PROTO)"
    # the second row, whatever it is now, becomes the selection
    second=$(tmux_screen | sed -n 6p | awk '{print $1}')
    mouse 0 2 5
    tmux_wait_for "Detail $second" 3 || fail "click on a row did not select $second ($UI_PROTO)"
    mouse 0 2 5
    tmux_wait_for "$second  [0-9].*window 4h" 3 || fail "second click did not open the detail ($UI_PROTO)"
    mouse 65 40 12
    tmux_wait_for 'window 12h' 3 || fail "wheel down did not zoom out ($UI_PROTO)"
    mouse 64 40 12
    tmux_wait_for 'window 4h' 3 || fail "wheel up did not zoom in ($UI_PROTO)"
    tmux_keys Escape
    tmux_wait_for 'SYMBOL +PRICE' 3 || fail "Esc"
    third=$(tmux_screen | sed -n 7p | awk '{print $1}')
    mouse 65 10 5
    tmux_wait_for "Detail $third" 3 || fail "wheel over the table did not move the selection ($UI_PROTO)"
    # the keyboard still works as before
    ui_key k "Detail $second" "k after mouse use"
    restored q
}

# Quit, then the terminal is as before: no mouse reports, main screen, cursor.
restored() {
    flags='#{mouse_any_flag} #{alternate_on} #{cursor_flag} #{mouse_sgr_flag}'
    running=$(tmux_cmd display -p -t "$TMUX_SESSION" "$flags")
    [ "${running%% *}" = 1 ] ||
        fail "mouse reporting not on while running ($UI_PROTO)"
    if [ "$1" = TERM ]; then
        kill -TERM "$(pgrep -f "^$LIQTOP( |\$)" | head -1)"
        st=$(tmux_wait_exit 3) || fail "SIGTERM did not end liqtop"
    else
        tmux_keys "$1"
        st=$(tmux_wait_exit 3) || fail "$1 did not exit ($UI_PROTO)"
    fi
    [ "$st" = 0 ] || fail "exit status $st after $1 ($UI_PROTO)"
    got=$(tmux_cmd display -p -t "$TMUX_SESSION" "$flags")
    [ "$got" = "0 0 1 0" ] || fail "terminal not restored after $1: mouse/alt/cursor/sgr = $got"
    tmux_cleanup
    no_process_left || fail "a liqtop process is left ($UI_PROTO)"
}

run_case sgr TERM=xterm-256color LANG=C.UTF-8
run_case x10 TERM=screen LANG=C.UTF-8
run_case x10 TERM=linux LANG=C
# SIGTERM restores the terminal as q does
UI_PROTO=sgr
ui_start 100 30 TERM=xterm-256color LANG=C.UTF-8 -- --demo
restored TERM
echo ok
