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

# gen_assets N PREFIX [BAD]: prints an import file of N made-up assets,
# PREFIX-1 to PREFIX-N, on the bundled taxonomy (signpost init); with
# BAD, asset number BAD names a need that is not in the taxonomy.
gen_assets() {
	awk -v n="$1" -v pre="$2" -v bad="${3:-0}" 'BEGIN {
		split("bereavement meeting-people loneliness walking shared-meals benefits debt-advice", need, " ")
		split("harbourside wrenmouth tidemill saltings port-alden", place, " ")
		split("vcse faith community-group culture", sector, " ")
		print "signpost: 1\n\nassets:"
		for (i = 1; i <= n; i++) {
			printf "  - id: %s-%d\n    name: Made-up asset %s %d\n", pre, i, pre, i
			printf "    sector: %s\n", sector[i % 4 + 1]
			printf "    description: >-\n      Asset %d, made up for a test, with a description\n", i
			printf "      long enough to give the search index some work on each row.\n"
			printf "    needs: [%s, %s]\n", i == bad ? "no-such-need" : need[i % 7 + 1],
				need[(i + 3) % 7 + 1]
			printf "    localities: [%s]\n    phone: \"01632 960%03d\"\n", place[i % 5 + 1], i % 1000
			printf "    sessions:\n      - days: [tue, thu]\n        start: \"10:00\"\n"
			printf "        end: \"11:30\"\n    status: open\n"
		}
	}'
}

done_testing() {
	echo "1..$tap_count"
	[ "$tap_failed" -eq 0 ]
}
