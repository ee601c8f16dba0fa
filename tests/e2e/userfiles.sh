#!/bin/sh
# Data safety of the user's files: a config or theme with errors is reported
# (exit 2 with file:line for the config; the default theme with a message for
# a theme) and never written to; an existing journal is appended to, never
# truncated, by --record; an existing alert log keeps its lines.
set -u
: "${LIQTOP:?}" "${BUILD:?}"
D=$(cd "$BUILD" && pwd)/userfiles
rm -rf "$D"
mkdir -p "$D/config/liqtop/themes" "$D/state/liqtop"
export XDG_CONFIG_HOME="$D/config" XDG_STATE_HOME="$D/state"
fail() { echo "FAIL: $*"; exit 1; }
sum() { cksum < "$1"; }
stamp() { ls -l --time-style=+%s.%N "$1" | awk '{print $6}'; }

# ---- a config with errors ----
C="$D/config/liqtop/config"
printf '[general]\ninterval = 5\n[fetch]\nno_such_key = 1\n' > "$C"
chmod 600 "$C"
before=$(sum "$C"); t0=$(stamp "$C")
"$LIQTOP" --demo --once --json >/dev/null 2>"$D/err"; rc=$?
[ $rc -eq 2 ] || fail "bad config: exit $rc (want 2)"
grep -q "$C:4" "$D/err" || fail "bad config: message does not name $C:4: $(cat "$D/err")"
[ "$(sum "$C")" = "$before" ] && [ "$(stamp "$C")" = "$t0" ] || fail "bad config: the file was changed"
[ "$(stat -c %a "$C")" = 600 ] || fail "bad config: mode changed"
echo "bad config: exit 2, '$(head -c 120 "$D/err")', file untouched"
# the same through --config, and a value out of range
printf '[general]\ninterval = -3\n' > "$D/other.conf"
before=$(sum "$D/other.conf")
"$LIQTOP" --config "$D/other.conf" --demo --once --json >/dev/null 2>"$D/err"; rc=$?
[ $rc -eq 2 ] && grep -q "other.conf:2" "$D/err" || fail "--config out of range: exit $rc, $(cat "$D/err")"
[ "$(sum "$D/other.conf")" = "$before" ] || fail "--config: the file was changed"
echo "bad --config value: exit 2, '$(head -c 120 "$D/err")', file untouched"
rm -f "$C"

# ---- a broken theme ----
T="$D/config/liqtop/themes/broken.theme"
printf 'header = nosuchcolour on blue bold\n\033]0;x\007 = = =\n' > "$T"
before=$(sum "$T"); t0=$(stamp "$T")
"$LIQTOP" --demo --theme broken --dump-frame 80x24 >"$D/frame" 2>"$D/err"; rc=$?
[ $rc -eq 0 ] || fail "broken theme: exit $rc: $(cat "$D/err")"
grep -q 'broken' "$D/err" && grep -q 'default theme' "$D/err" || fail "broken theme: no message: $(cat "$D/err")"
LC_ALL=C grep -q '[^ -~]' "$D/err" && fail "broken theme: raw control bytes in the message"
[ "$(sum "$T")" = "$before" ] && [ "$(stamp "$T")" = "$t0" ] || fail "broken theme: the file was changed"
[ -s "$D/frame" ] || fail "broken theme: no frame drawn"
echo "broken theme: '$(head -c 120 "$D/err")', file untouched, default theme used"

# ---- an existing journal is appended to ----
. tests/support/mockex.sh
mockex_start "$D" || { kill "$MOCK_PID" 2>/dev/null; echo "FAIL: the mock exchange did not start"; exit 1; }
trap 'kill $MOCK_PID 2>/dev/null' EXIT
J="$D/journal.ndjson"
"$LIQTOP" $EP --symbols BTC --once --json --record "$J" >/dev/null 2>&1 || fail "record 1 failed"
cp "$J" "$D/first"
n1=$(wc -l < "$J")
"$LIQTOP" $EP --symbols BTC --once --json --record "$J" >/dev/null 2>&1 || fail "record 2 failed"
n2=$(wc -l < "$J")
head -n "$n1" "$J" | cmp -s - "$D/first" || fail "journal: the first recording was changed"
[ "$n2" -gt "$n1" ] || fail "journal: nothing appended"
echo "journal: a second --record appended ($n1 -> $n2 lines), the first recording intact"

# ---- an existing alert log keeps its lines ----
L="$D/state/liqtop/alerts.log"
printf '{"user":"line kept"}\n' > "$L"
"$LIQTOP" --demo --headless --speed max --duration 21600 >/dev/null 2>&1 || fail "demo failed"
head -n 1 "$L" | grep -q 'line kept' || fail "alert log: the existing line is gone"
[ "$(wc -l < "$L")" -gt 1 ] || fail "alert log: nothing appended"
echo "alert log: appended ($(wc -l < "$L") lines), the existing line kept"
echo ok
