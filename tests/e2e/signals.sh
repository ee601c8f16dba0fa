#!/bin/sh
# Signals, hangups, tiny windows and resize storms against the terminal UI.
#   - live UI with --record against the mock exchange; SIGINT, SIGTERM,
#     SIGHUP: exit 0, the pane is back to a normal screen (alternate screen
#     left, cursor visible: tmux '#{alternate_on} #{cursor_flag}' = "0 1"),
#     the tty back in canonical mode with echo, and the journal complete
#     (ends in a newline, every line replays);
#   - the pane closed under it (an SSH drop: SIGHUP and the tty gone): the
#     process ends within 10 s (under ASan too) and the journal is complete;
#   - SIGPIPE is ignored (the UI keeps running, q still quits cleanly);
#   - SIGKILL during --record loses at most the line being written: every
#     complete line replays; a line cut short is reported and skipped;
#   - a 10x3 window and a storm of 300 resizes (down to 1x1) do not crash;
#   - stdin closed: the UI refuses with a message, headless does not spin.
# Prints one line per case.
set -u
. tests/support/tmux.sh
: "${BUILD:?}"
D="$BUILD/signals"
rm -rf "$D"
mkdir -p "$D"

"$BUILD/tests/mockex" -m tests/fixtures/mockex.map --port-file "$D/port" >/dev/null 2>&1 &
MOCK_PID=$!
i=0
while [ ! -s "$D/port" ] && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
PORT=$(cat "$D/port")
[ -n "$PORT" ] || fail "mock did not start"
EP=""
for v in binance bybit okx gate hyperliquid feargreed coingecko; do
    EP="$EP --endpoint $v=http://127.0.0.1:$PORT"
done
for v in binance_ws bybit_ws okx_ws; do EP="$EP --endpoint $v=ws://127.0.0.1:$PORT"; done
STTY="$D/stty"

cleanup_all() { tmux_cleanup; kill "$MOCK_PID" 2>/dev/null; }
trap cleanup_all EXIT

# start COLS ROWS ARGS...: liqtop in a tmux pane; after it ends the pane
# records its status and the tty modes, then idles
start() {
    cols=$1; rows=$2; shift 2
    rm -f "$TMUX_STATUS_FILE" "$STTY"
    tmux_new_session "$cols" "$rows" \
        "env TERM=xterm-256color LANG=C.UTF-8 ${START_ENV:-} $LIQTOP $*; echo \$? > $TMUX_STATUS_FILE; stty -a > $STTY; sleep 60"
}

liqtop_pid() { # the liqtop process in the pane (the pane's shell runs it)
    pp=$(tmux_cmd display -p -t "$TMUX_SESSION" '#{pane_pid}')
    ps -o pid= --ppid "$pp" | tr -d ' ' | head -1
}

screen_restored() { # 0 if the pane left the alternate screen with the cursor shown
    st=$(tmux_cmd display -p -t "$TMUX_SESSION" '#{alternate_on} #{cursor_flag}')
    [ "$st" = "0 1" ] || { echo "pane state '$st' (want '0 1': alternate screen left, cursor on)"; return 1; }
    i=0
    while [ ! -s "$STTY" ] && [ $i -lt 30 ]; do sleep 0.1; i=$((i + 1)); done
    grep -q -- '-icanon\|-echo ' "$STTY" && { echo "tty left raw: $(grep -o -- '-icanon\|-echo ' "$STTY" | tr '\n' ' ')"; return 1; }
    grep -qw icanon "$STTY" || { echo "no stty output"; return 1; }
    return 0
}

journal_complete() { # FILE: ends in a newline and every line replays cleanly
    j=$1
    [ -s "$j" ] || { echo "journal $j empty"; return 1; }
    [ "$(tail -c 1 "$j" | od -An -c | tr -d ' ')" = '\n' ] || { echo "journal does not end in a newline"; return 1; }
    "$LIQTOP" --replay "$j" --once --json >"$j.state" 2>"$j.replay.err" || { echo "replay failed: $(head -3 "$j.replay.err")"; return 1; }
    [ -s "$j.replay.err" ] && { echo "replay complained: $(head -3 "$j.replay.err")"; return 1; }
    grep -q '"mode":"replay"' "$j.state" || { echo "replay gave no state"; return 1; }
    return 0
}

wait_journal() { # FILE LINES: wait until the journal has that many lines
    i=0
    while [ "$({ wc -l < "$1"; } 2>/dev/null || echo 0)" -lt "$2" ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
    [ "$(wc -l < "$1")" -ge "$2" ]
}

# ---- INT, TERM, HUP sent to the live UI ----
for sig in INT TERM HUP; do
    J="$D/journal-$sig.ndjson"
    start 120 40 "$EP --symbols BTC --interval 1 --record $J"
    tmux_wait_for 'BTC' 5 || fail "$sig: UI did not come up"
    wait_journal "$J" 20 || fail "$sig: journal did not fill"
    tmux_screen | grep -q 'LIVE\|live' || true
    pid=$(liqtop_pid)
    [ -n "$pid" ] || fail "$sig: no liqtop process"
    kill -"$sig" "$pid"
    st=$(tmux_wait_exit 3) || fail "$sig: still running 3 s after the signal"
    [ "$st" = 0 ] || fail "$sig: exit status $st"
    why=$(screen_restored) || fail "$sig: terminal not restored: $why"
    why=$(journal_complete "$J") || fail "$sig: $why"
    echo "signal $sig: exit 0, terminal restored, journal complete ($(wc -l < "$J") lines)"
    tmux_cleanup
done

# ---- SIGPIPE: ignored; q still quits cleanly ----
J="$D/journal-PIPE.ndjson"
start 120 40 "$EP --symbols BTC --interval 1 --record $J"
tmux_wait_for 'BTC' 5 || fail "PIPE: UI did not come up"
wait_journal "$J" 20 || fail "PIPE: journal did not fill"
pid=$(liqtop_pid)
kill -PIPE "$pid"
sleep 0.5
kill -0 "$pid" 2>/dev/null || fail "PIPE: liqtop died of SIGPIPE"
tmux_keys q
st=$(tmux_wait_exit 3) || fail "PIPE: q did not quit"
[ "$st" = 0 ] || fail "PIPE: exit status $st"
why=$(screen_restored) || fail "PIPE: terminal not restored: $why"
why=$(journal_complete "$J") || fail "PIPE: $why"
echo "signal PIPE: ignored, q quits with 0, terminal restored, journal complete ($(wc -l < "$J") lines)"
tmux_cleanup

# ---- the pane closed under it (SSH drop): SIGHUP and the tty gone ----
J="$D/journal-drop.ndjson"
# Under `make asan` this one case runs without the exit-time leak check: its
# StopTheWorld (ptrace of our threads, /proc/self/task) sometimes spins when
# the hangup lands while it runs (2 runs in 8 here; the native binary exits
# every time). The leak check covers the same teardown in the cases above.
START_ENV="ASAN_OPTIONS=detect_leaks=0"
start 120 40 "$EP --symbols BTC --interval 1 --record $J"
START_ENV=""
tmux_wait_for 'BTC' 5 || fail "drop: UI did not come up"
wait_journal "$J" 20 || fail "drop: journal did not fill"
pid=$(liqtop_pid)
tmux_cmd kill-server
i=0
while kill -0 "$pid" 2>/dev/null && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
kill -0 "$pid" 2>/dev/null && { kill -9 "$pid"; fail "drop: liqtop still running 10 s after its tty went away"; }
why=$(journal_complete "$J") || fail "drop: $why"
echo "tty closed (SSH drop): ended within $((i / 10)).$((i % 10)) s, journal complete ($(wc -l < "$J") lines)"

# ---- SIGKILL during --record: at most the line being written is lost ----
J="$D/journal-kill.ndjson"
"$LIQTOP" $EP --symbols BTC --interval 1 --headless --record "$J" >/dev/null 2>&1 &
pid=$!
wait_journal "$J" 30 || fail "kill -9: journal did not fill"
kill -9 "$pid"
wait "$pid" 2>/dev/null
n=$(wc -l < "$J")
# whatever the kill left: every complete line must replay
if [ "$(tail -c 1 "$J" | od -An -c | tr -d ' ')" != '\n' ]; then
    head -n "$n" "$J" > "$J.complete"
else
    cp "$J" "$J.complete"
fi
why=$(journal_complete "$J.complete") || fail "kill -9: $why"
# and a line cut short (a write torn by the kill) is reported and skipped
size=$(wc -c < "$J.complete")
head -c $((size - 40)) "$J.complete" > "$J.torn"
"$LIQTOP" --replay "$J.torn" --once --json >"$J.torn.state" 2>"$J.torn.err" || fail "kill -9: torn journal does not replay"
[ "$(grep -c . "$J.torn.err")" = 1 ] || fail "kill -9: want one complaint about the torn line, got: $(cat "$J.torn.err")"
grep -q ":$n: last line cut short" "$J.torn.err" || fail "kill -9: torn line not named: $(cat "$J.torn.err")"
echo "kill -9 during --record: $n complete lines replay; a torn last line is reported (line $n) and skipped"

# ---- a 10x3 window, then a resize storm ----
start 10 3 "--demo"
sleep 2
[ -s "$TMUX_STATUS_FILE" ] && fail "10x3: liqtop ended: status $(cat "$TMUX_STATUS_FILE")"
pid=$(liqtop_pid)
[ -n "$pid" ] || fail "10x3: no process"
tmux_keys q
st=$(tmux_wait_exit 3) || fail "10x3: q did not quit"
[ "$st" = 0 ] || fail "10x3: exit status $st"
echo "10x3 window: runs, q quits with 0"
tmux_cleanup

start 80 24 "--demo"
tmux_wait_for 'BTC' 3 || fail "storm: UI did not come up"
pid=$(liqtop_pid)
k=0
for w in 200 1 80 10 3 150 40 1 120 10 60; do
    for h in 50 1 24 3 2 60 10; do
        tmux_cmd resize-window -t "$TMUX_SESSION" -x "$w" -y "$h" 2>/dev/null
        k=$((k + 1))
    done
done
for i in $(seq 1 223); do
    tmux_cmd resize-window -t "$TMUX_SESSION" -x $(( (i * 37) % 190 + 1 )) -y $(( (i * 11) % 55 + 1 )) 2>/dev/null
    k=$((k + 1))
done
sleep 0.5
kill -0 "$pid" 2>/dev/null || fail "storm: liqtop died after $k resizes (status $(cat "$TMUX_STATUS_FILE" 2>/dev/null))"
tmux_cmd resize-window -t "$TMUX_SESSION" -x 100 -y 30
tmux_wait_for 'BTC' 3 || fail "storm: no BTC row after the storm"
tmux_keys q
st=$(tmux_wait_exit 3) || fail "storm: q did not quit"
[ "$st" = 0 ] || fail "storm: exit status $st"
why=$(screen_restored) || fail "storm: terminal not restored: $why"
echo "resize storm: $k resizes (1x1 to 200x60), still drawing, q quits with 0"
tmux_cleanup

# ---- stdin closed ----
out=$("$LIQTOP" --demo 0<&- 2>&1 </dev/null >/dev/null; echo "rc=$?")
case $out in *"must be a terminal"*rc=1) ;; *) fail "UI with stdin not a terminal: $out" ;; esac
"$LIQTOP" --demo --headless 0<&- >/dev/null 2>&1 &
pid=$!
sleep 1
a=$(awk '{print $14 + $15}' /proc/$pid/stat)
sleep 3
b=$(awk '{print $14 + $15}' /proc/$pid/stat)
kill -TERM "$pid"
wait "$pid"; rc=$?
[ "$rc" = 0 ] || fail "headless with stdin closed: exit $rc after SIGTERM"
ticks=$((b - a))
hz=$(getconf CLK_TCK)
# a real-time demo does a little work each tick; a spin would burn ~3 s
[ "$ticks" -lt $((hz / 2)) ] || fail "headless with stdin closed: $ticks CPU ticks in 3 s (spinning?)"
echo "stdin closed: UI refuses with a message (exit 1); headless used $ticks/$((3 * hz)) CPU ticks in 3 s"
no_process_left || fail "a liqtop process is left"
echo ok
