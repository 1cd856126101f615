#!/bin/sh
# valgrind.sh TEST...: runs the given end-to-end tests with every run of
# signpost under valgrind's memcheck, and fails on a definite leak or an
# invalid read or write (or any other memcheck error) in any of them.
# `make valgrind` runs it on the command-line tests; it is not part of
# make check (it takes minutes).  Needs valgrind (Debian: valgrind), and a
# build without --enable-sanitizers (ASan and valgrind do not mix).
#
# Each run of the program writes its own valgrind log
# (tests/e2e/valgrind-logs/vg.PID.log in the build tree, kept only when
# it is not empty); each test's TAP goes to tests/e2e/NAME.valgrind.log.
set -u

: "${SIGNPOST:?run it with make valgrind (SIGNPOST is not set)}"
if ! command -v valgrind >/dev/null 2>&1; then
	echo "valgrind: not installed (Debian: apt-get install valgrind)" >&2
	exit 1
fi
if grep -q '__asan_init' "$SIGNPOST" 2>/dev/null; then
	echo "valgrind: $SIGNPOST is built with AddressSanitizer; configure without" \
		"--enable-sanitizers for valgrind" >&2
	exit 1
fi

REAL=$(cd "$(dirname "$SIGNPOST")" && pwd)/$(basename "$SIGNPOST")
OUTDIR=$(pwd)/tests/e2e
LOGS="$OUTDIR/valgrind-logs"
rm -rf "$LOGS"
mkdir -p "$LOGS"
# Runs as another account (faults.sh) write their logs here too.
chmod 1777 "$LOGS"
WRAP=$(mktemp -d "${TMPDIR:-/tmp}/signpost-valgrind-XXXXXX") || exit 1
trap 'rm -rf "$WRAP"' EXIT
chmod 755 "$WRAP"
cat >"$WRAP/signpost" <<EOF
#!/bin/sh
exec valgrind -q --tool=memcheck --leak-check=full --show-leak-kinds=definite \\
	--errors-for-leak-kinds=definite --error-exitcode=99 --vgdb=no \\
	--log-file="$LOGS/vg.%p.log" "$REAL" "\$@"
EOF
chmod 755 "$WRAP/signpost"

failed_tests=
for t in "$@"; do
	# Named from the top of the source tree, as make passes them.
	[ -f "$t" ] || t="${SIGNPOST_TESTS:-tests}/../$t"
	name=$(basename "$t" .sh)
	start=$(date +%s)
	SIGNPOST="$WRAP/signpost" sh "$t" >"$OUTDIR/$name.valgrind.log" 2>&1
	status=$?
	took=$(($(date +%s) - start))
	passed=$(grep -c '^ok ' "$OUTDIR/$name.valgrind.log")
	notok=$(grep -c '^not ok ' "$OUTDIR/$name.valgrind.log")
	echo "valgrind: $name: $passed passed, $notok failed, ${took}s (exit $status)"
	if [ "$status" != 0 ] || [ "$notok" != 0 ]; then
		failed_tests="$failed_tests $name"
		grep -A3 '^not ok ' "$OUTDIR/$name.valgrind.log" | head -20 | sed 's/^/    /'
	fi
done

runs=$(ls "$LOGS" | wc -l)
# Quiet valgrind (-q) writes nothing for a clean run.
find "$LOGS" -name 'vg.*.log' -size 0 -delete
dirty=$(ls "$LOGS" | wc -l)
definite=$(cat "$LOGS"/vg.*.log 2>/dev/null | grep -c 'definitely lost in')
invalid=$(cat "$LOGS"/vg.*.log 2>/dev/null | grep -c 'Invalid read\|Invalid write')
other=$(cat "$LOGS"/vg.*.log 2>/dev/null | grep -c 'uninitialised\|Invalid free\|Mismatched free\|overlap')
echo "valgrind: $runs runs of signpost; $dirty with memcheck errors: $definite definite leaks, $invalid invalid reads or writes, $other other errors"
if [ "$dirty" != 0 ]; then
	for f in "$LOGS"/vg.*.log; do
		echo "--- $f"
		head -40 "$f"
	done | head -200
fi
if [ -n "$failed_tests" ] || [ "$dirty" != 0 ]; then
	echo "valgrind: FAILED${failed_tests:+ (tests:$failed_tests)}"
	exit 1
fi
echo "valgrind: all clean"
