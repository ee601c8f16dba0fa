#!/bin/sh
# Ctrl-R re-reads the config and themes: a new [keys] binding and theme take
# effect at once; a broken config or theme is refused with file:line and
# what was in force stays. A broken theme at start-up is reported with
# file:line and the default theme is used.
set -u
. tests/e2e/ui_lib.inc

dir=$(mktemp -d "${TMPDIR:-/tmp}/liqtop-reload-XXXXXX")
trap 'tmux_cleanup; rm -rf "$dir"' EXIT
mkdir -p "$dir/liqtop/themes"
conf="$dir/liqtop/config"
printf '[general]\ntheme = default\n' > "$conf"
cp themes/colorblind.theme "$dir/liqtop/themes/cb-test.theme"
printf 'normal = default default\n# fine so far\nup = grean default\n' > "$dir/liqtop/themes/bad.theme"

ui_start 100 30 TERM=xterm-256color LANG=C.UTF-8 XDG_CONFIG_HOME="$dir" -- --demo
# colorblind's blue (39) is not on screen yet
tmux_cmd capture-pane -e -p -t "$TMUX_SESSION" | grep -q '38;5;39m' && fail "blue before reload"
printf '[general]\ntheme = cb-test\n[keys]\nquit = x\n' > "$conf"
ui_key C-r 'config reloaded' "Ctrl-R"
sleep 0.3
tmux_cmd capture-pane -e -p -t "$TMUX_SESSION" | grep -q '38;5;39m' ||
    fail "the reloaded theme's colours are not on screen"
# q no longer quits; the help shows the new key
tmux_keys q
sleep 0.5
[ -s "$TMUX_STATUS_FILE" ] && fail "q still quits after rebinding quit = x"
ui_key '?' 'liqtop keys' "?"
tmux_screen | grep -Eq '^ x +Quit' || fail "help does not show x for Quit"
ui_key z 'SYMBOL +PRICE' "closing the help"
# errors: the config file, then a theme; file:line named, nothing changes
printf '[general]\nthem = default\n' > "$conf"
ui_key C-r "config not reloaded: .*config:2" "Ctrl-R with a bad config"
printf '[general]\ntheme = bad\n' > "$conf"
ui_key C-r "config not reloaded: .*bad.theme:3" "Ctrl-R with a bad theme"
tmux_cmd capture-pane -e -p -t "$TMUX_SESSION" | grep -q '38;5;39m' ||
    fail "the theme in force changed after a failed reload"
ui_quit x

# start-up with a broken theme: reported on stderr, default theme used
ui_start 80 24 TERM=xterm-256color LANG=C.UTF-8 XDG_CONFIG_HOME="$dir" -- --demo --theme bad "2>$dir/err"
grep -q 'bad.theme:3: up: unknown colour' "$dir/err" || { cat "$dir/err"; fail "no file:line for the bad theme"; }
grep -q 'using the default theme' "$dir/err" || fail "default theme not announced"
ui_quit q
echo ok
