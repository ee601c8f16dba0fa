#!/bin/sh
# Live with no reachable source (every endpoint at a closed loopback port,
# as with no network or a firewall): within seconds the screen says so,
# names the first error, and `d` switches to the built-in demo market, whose
# prices then fill the table; q exits 0 and leaves no process.
set -u
. tests/e2e/ui_lib.inc

dir=$(mktemp -d "${TMPDIR:-/tmp}/liqtop-offline-XXXXXX")
trap 'tmux_cleanup; rm -rf "$dir"' EXIT
# a port nobody listens on: bind one, note it, close it
closed=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
EP=""
for v in binance bybit okx gate hyperliquid feargreed coingecko; do EP="$EP --endpoint $v=http://127.0.0.1:$closed"; done
for v in binance_ws bybit_ws okx_ws; do EP="$EP --endpoint $v=ws://127.0.0.1:$closed"; done

ui_start 80 24 TERM=xterm-256color LANG=C.UTF-8 XDG_STATE_HOME="$dir" XDG_CONFIG_HOME="$dir" -- $EP
tmux_wait_for 'No source has answered' 10 || fail "no offline banner within 10 s"
tmux_screen | grep -Eq "First error: [a-z]+: connection refused by 127.0.0.1" ||
    fail "the banner does not name the first error"
tmux_screen | grep -q 'LIVE' || fail "not in LIVE mode before d"
ui_key d 'DEMO' "d"
ui_wait_gone 'No source has answered' 3 || fail "the banner stayed after d"
# the demo's BTC row has a price (digits), not the offline "-"
tmux_wait_for '^BTC +[0-9]' 5 || fail "no demo prices after d"
ui_quit q
echo ok
