# Helpers for terminal end-to-end tests: run liqtop in a detached tmux
# session on a private socket, send keys, read the screen.
# Source this file; it needs $LIQTOP. Each test calls tmux_start, then
# tmux_wait_for / tmux_screen / tmux_keys, and tmux_finish (or the EXIT trap).

TMUX_SOCK="liqtop-test-$$"
TMUX_SESSION="t$$"
TMUX_STATUS_FILE="${TMPDIR:-/tmp}/liqtop-test-status-$$"

tmux_cmd() { tmux -L "$TMUX_SOCK" -f /dev/null "$@"; }

# tmux_new_session COLS ROWS COMMAND: the test session running COMMAND. A
# server just killed on the same socket can still be going away ("server
# exited unexpectedly"), so it tries a few times.
tmux_new_session() {
    for _try in 1 2 3 4 5; do
        tmux_cmd new-session -d -s "$TMUX_SESSION" -x "$1" -y "$2" "$3" && return 0
        sleep 0.2
    done
    return 1
}

# tmux_start COLS ROWS ENV... -- ARGS...: start liqtop; its exit status is written
# to $TMUX_STATUS_FILE when it ends.
tmux_start() {
    cols=$1; rows=$2; shift 2
    envs=""
    while [ $# -gt 0 ] && [ "$1" != "--" ]; do envs="$envs $1"; shift; done
    [ "${1:-}" = "--" ] && shift
    rm -f "$TMUX_STATUS_FILE"
    tmux_new_session "$cols" "$rows" "env $envs $LIQTOP $*; echo \$? > $TMUX_STATUS_FILE; sleep 30"
    trap tmux_cleanup EXIT # replaces the caller's EXIT trap: set yours again after this
}

tmux_cleanup() {
    tmux_cmd kill-server 2>/dev/null
    rm -f "$TMUX_STATUS_FILE"
}

tmux_screen() { tmux_cmd capture-pane -p -t "$TMUX_SESSION"; }

tmux_keys() { tmux_cmd send-keys -t "$TMUX_SESSION" "$@"; }

# tmux_wait_for PATTERN [SECONDS]: wait until the screen matches (grep -E).
tmux_wait_for() {
    pat=$1; limit=${2:-5}; i=0
    while [ $i -lt $((limit * 10)) ]; do
        tmux_screen | grep -Eq -- "$pat" && return 0
        sleep 0.1; i=$((i + 1))
    done
    echo "timed out after ${limit}s waiting for: $pat"; echo "--- screen ---"; tmux_screen
    return 1
}

# tmux_wait_exit [SECONDS]: wait for liqtop to exit; prints its status.
tmux_wait_exit() {
    limit=${1:-5}; i=0
    while [ $i -lt $((limit * 10)) ]; do
        [ -s "$TMUX_STATUS_FILE" ] && { cat "$TMUX_STATUS_FILE"; return 0; }
        sleep 0.1; i=$((i + 1))
    done
    echo "timeout"; return 1
}

# no liqtop process left from this test (matched by its exact binary path)
no_process_left() {
    ! pgrep -f "^$LIQTOP( |\$)" >/dev/null 2>&1 || { sleep 0.5; ! pgrep -f "^$LIQTOP( |\$)" >/dev/null 2>&1; }
}

fail() { echo "FAIL: $*"; exit 1; }
