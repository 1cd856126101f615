# Shared by the end-to-end tests: TAP output, a private work folder, and
# running the built signpost with its output captured.
#
# The tests run the real program ($SIGNPOST, set by make check) on real
# database files in a folder of their own, which is removed at the end.

set -u

: "${SIGNPOST:?run the end-to-end tests with make check (SIGNPOST is not set)}"
: "${SIGNPOST_TESTDATA:?run the end-to-end tests with make check}"

WORK=$(mktemp -d "${TMPDIR:-/tmp}/signpost-e2e-XXXXXX") || exit 1
trap 'rm -rf "$WORK"' EXIT
export HOME="$WORK/home" XDG_DATA_HOME="$WORK/home/data" XDG_CONFIG_HOME="$WORK/home/config"
mkdir -p "$HOME"
unset SIGNPOST_DB SIGNPOST_TODAY
export TZ=UTC LC_ALL=C.UTF-8

tap_count=0
tap_failed=0

ok() {
	tap_count=$((tap_count + 1))
	echo "ok $tap_count - $1"
}

not_ok() {
	tap_count=$((tap_count + 1))
	tap_failed=$((tap_failed + 1))
	echo "not ok $tap_count - $1"
	shift
	for line in "$@"; do
		printf '%s\n' "$line" | sed 's/^/#   /'
	done
}

# run CMD...: runs it, leaving $OUT, $ERR (file names) and $STATUS.
OUT="$WORK/stdout"
ERR="$WORK/stderr"
run() {
	"$@" >"$OUT" 2>"$ERR" </dev/null
	STATUS=$?
}

# sp ARGS...: runs signpost.
sp() {
	run "$SIGNPOST" "$@"
}

# expect DESC STATUS [grep -E pattern for stdout] [pattern for stderr]
expect() {
	desc=$1 want=$2 out_pattern=${3:-} err_pattern=${4:-}
	problems=
	[ "$STATUS" = "$want" ] || problems="exit status $STATUS, wanted $want"
	if [ -n "$out_pattern" ] && ! grep -Eq -- "$out_pattern" "$OUT"; then
		problems="$problems; stdout lacks /$out_pattern/"
	fi
	if [ -n "$err_pattern" ] && ! grep -Eq -- "$err_pattern" "$ERR"; then
		problems="$problems; stderr lacks /$err_pattern/"
	fi
	if [ -z "$problems" ]; then
		ok "$desc"
	else
		not_ok "$desc" "$problems" "stdout: $(head -c 600 "$OUT")" "stderr: $(head -c 600 "$ERR")"
	fi
}

# check DESC CMD...: passes when CMD succeeds.
check() {
	desc=$1
	shift
	if "$@"; then ok "$desc"; else not_ok "$desc" "failed: $*"; fi
}

done_testing() {
	echo "1..$tap_count"
	[ "$tap_failed" -eq 0 ]
}
