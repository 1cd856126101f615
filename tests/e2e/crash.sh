#!/bin/sh
# Crash safety: signpost killed with SIGKILL in the middle of its writes.
#
# 1. A large import (CRASH_ASSETS made-up assets, 3,000 by default, in one
#    file made here) is killed at CRASH_KILLS moments (50 by default),
#    taking turns: at a random time of its run, when its write-ahead log
#    has grown to a random size (in the commit), and when the file has
#    grown by a random part of what the import adds (in the checkpoint).
#    After each kill: doctor passes (the program meets the file as the
#    kill left it), PRAGMA integrity_check is ok (sqlite3), and the import
#    is all or nothing: the counts of assets, versions, needs and sessions
#    are exactly those before it or exactly those after it.  A file killed
#    before the commit is used again, unrepaired by hand, for the next.
# 2. A stream of referral writes (signpost refer, and every third a
#    signpost update of the last referral) is killed at CRASH_REFER_KILLS
#    moments (CRASH_KILLS / 2 by default, at least 25): after a few whole
#    writes, one is run under timeout -s KILL, its kill moment random
#    within the time a write takes.  After each kill: every referral the
#    program reported as written (the id it printed) is there with its
#    client reference, every reported update is there, no more referrals
#    than were tried, both files pass integrity_check, doctor passes.
#
# CRASH_KILLS=500 make check TESTS=tests/e2e/crash.sh for a longer run;
# CRASH_SEED=N repeats one run's moments.
. "${SIGNPOST_TESTS:-$(dirname "$0")/..}/e2e/lib.sh"

CRASH_KILLS=${CRASH_KILLS:-50}
half=$((CRASH_KILLS / 2))
CRASH_REFER_KILLS=${CRASH_REFER_KILLS:-$((half < 25 ? 25 : half))}
CRASH_ASSETS=${CRASH_ASSETS:-3000}
CRASH_SEED=${CRASH_SEED:-$(od -An -N4 -tu4 /dev/urandom | tr -d ' ')}
echo "# CRASH_KILLS=$CRASH_KILLS CRASH_REFER_KILLS=$CRASH_REFER_KILLS CRASH_ASSETS=$CRASH_ASSETS CRASH_SEED=$CRASH_SEED"

BASE="$WORK/base.db"
DB="$WORK/crash.db"
BIG="$WORK/big.yaml"

q() {
	sqlite3 -batch "$1" "$2"
}

same() {
	if [ "$2" = "$3" ]; then ok "$1"; else not_ok "$1" "got:    $2" "wanted: $3"; fi
}

now_ms() {
	date +%s%3N
}

# moments N MAX_MS SALT: N random waits in seconds, each up to MAX_MS.
moments() {
	awk -v n="$1" -v max="$2" -v seed="$CRASH_SEED" -v salt="$3" 'BEGIN {
		srand(seed + salt)
		for (i = 0; i < n; i++) printf "%.3f\n", rand() * max / 1000
	}'
}

# The asset tables, in one line: all or nothing means exactly one of two.
state() {
	q "$1" "SELECT (SELECT count(*) FROM asset) || ' ' || (SELECT count(*) FROM asset_version)
		|| ' ' || (SELECT count(*) FROM asset_need) || ' ' || (SELECT count(*) FROM asset_session)" 2>&1
}

# doctor_ok FILE: doctor exits 0 and reports no FAIL (its output: doctor.out).
doctor_ok() {
	"$SIGNPOST" --db "$1" doctor >"$WORK/doctor.out" 2>&1 </dev/null
	doctor_status=$?
	[ "$doctor_status" = 0 ] && ! grep -q '^FAIL' "$WORK/doctor.out"
}

# --- 1. A large import, killed ----------------------------------------------------
sp --db "$BASE" init --sample
expect "init a directory with the sample" 0
gen_assets "$CRASH_ASSETS" crash >"$BIG"
sqlite3 "$BASE" 'PRAGMA wal_checkpoint(TRUNCATE)' >/dev/null
before=$(state "$BASE")

# A whole import, unkilled, twice: how long it takes (the slower of the
# two), and how much it writes, to spread the kills over it.
took=0
for i in 1 2; do
	cp "$BASE" "$DB"
	rm -f "$DB-wal" "$DB-shm"
	start=$(now_ms)
	sp --db "$DB" import "$BIG"
	ms=$(($(now_ms) - start))
	[ "$ms" -gt "$took" ] && took=$ms
done
expect "a whole import of $CRASH_ASSETS assets, unkilled, takes ${took} ms" 0 "assets $CRASH_ASSETS added"
after=$(state "$DB")
set -- $before
b_assets=$1
set -- $after
[ "$1" = $((b_assets + CRASH_ASSETS)) ] && ok "it adds $CRASH_ASSETS assets ($before -> $after)" \
	|| not_ok "it adds $CRASH_ASSETS assets" "before $before, after $after"
base_size=$(stat -c %s "$BASE")
grown=$(($(stat -c %s "$DB") - base_size))

# running PID: the child PID has not ended (a zombie has).
running() {
	[ -r "/proc/$1/stat" ] && read -r _ _ state _ <"/proc/$1/stat" && [ "$state" != Z ]
}

# kill_at FILE SIZE PID: kills PID once FILE holds SIZE bytes, unless it
# ends first.
kill_at() {
	while running "$3"; do
		if [ "$(stat -c %s "$1" 2>/dev/null || echo 0)" -ge "$2" ]; then
			kill -KILL "$3" 2>/dev/null
			return
		fi
	done
}

# An import parses and builds in memory, writes its changes to the
# write-ahead log as it commits, and then copies them into the file (a
# checkpoint).  The kills take turns: at a random moment of the whole
# run (mostly the first part, the longest), when the log has grown to a
# random size (in the commit), and when the file has grown by a random
# part of what the import adds (in the checkpoint).
awk -v n=$((CRASH_KILLS * 10)) -v t="$took" -v g="$grown" -v seed="$CRASH_SEED" 'BEGIN {
	srand(seed + 1)
	for (i = 0; i < n; i++) {
		if (i % 3 == 0) printf "time %.3f\n", rand() * t / 1000
		else if (i % 3 == 1) printf "log %d\n", 4096 + rand() * g * 0.95
		else printf "file %d\n", 4096 + rand() * g * 0.95
	}
}' >"$WORK/import.moments"
cp "$BASE" "$DB"
rm -f "$DB-wal" "$DB-shm"
kills=0 rounds=0 at_before=0 at_after=0 with_wal=0 finished=0 problems=
in_time=0 in_log=0 in_file=0
while [ "$kills" -lt "$CRASH_KILLS" ] && read -r mode arg; do
	rounds=$((rounds + 1))
	"$SIGNPOST" --db "$DB" import "$BIG" >/dev/null 2>"$WORK/import.err" </dev/null &
	pid=$!
	case $mode in
	time)
		sleep "$arg"
		kill -KILL "$pid" 2>/dev/null
		wait_s="${arg}s"
		;;
	log)
		kill_at "$DB-wal" "$arg" "$pid"
		wait_s="a log of $arg bytes"
		;;
	file)
		kill_at "$DB" $((base_size + arg)) "$pid"
		wait_s="the file grown by $arg bytes"
		;;
	esac
	wait "$pid" 2>/dev/null
	status=$?
	if [ "$status" = 0 ]; then
		finished=$((finished + 1))
		cp "$BASE" "$DB"
		rm -f "$DB-wal" "$DB-shm"
		continue
	fi
	if [ "$status" != 137 ]; then
		problems="$problems
round $rounds: exit status $status, not killed: $(head -c 300 "$WORK/import.err")"
		break
	fi
	case $mode in
	time) in_time=$((in_time + 1)) ;;
	log) in_log=$((in_log + 1)) ;;
	file) in_file=$((in_file + 1)) ;;
	esac
	kills=$((kills + 1))
	[ -s "$DB-wal" ] && with_wal=$((with_wal + 1))
	# doctor first: the program itself meets the file as the kill left it.
	if ! doctor_ok "$DB"; then
		problems="$problems
kill $kills (at $wait_s): doctor exit $doctor_status: $(grep -v '^ok' "$WORK/doctor.out" | head -5)"
	fi
	check=$(q "$DB" 'PRAGMA integrity_check' 2>&1)
	[ "$check" = ok ] || problems="$problems
kill $kills (at $wait_s): integrity_check: $check"
	now=$(state "$DB")
	if [ "$now" = "$before" ]; then
		at_before=$((at_before + 1))
	elif [ "$now" = "$after" ]; then
		at_after=$((at_after + 1))
		cp "$BASE" "$DB"
		rm -f "$DB-wal" "$DB-shm"
	else
		problems="$problems
kill $kills (at $wait_s): neither before nor after: $now (before $before, after $after)"
	fi
	[ -z "$problems" ] || break
done <"$WORK/import.moments"
echo "# import: $kills kills in $rounds rounds ($finished finished first): $in_time at a random moment, $in_log in the commit, $in_file in the checkpoint; $at_before found as before the import, $at_after as after it; $with_wal left a write-ahead log to recover"
if [ -z "$problems" ] && [ "$kills" -ge "$CRASH_KILLS" ]; then
	ok "$kills imports killed at random moments: integrity ok, all or nothing, doctor passes each time"
else
	not_ok "$CRASH_KILLS imports killed at random moments: integrity ok, all or nothing, doctor passes each time" \
		"$kills kills in $rounds rounds" "$problems"
fi
[ "$at_before" -gt 0 ] && [ "$at_after" -gt 0 ] && [ "$with_wal" -gt 0 ] &&
	ok "kills landed before the commit ($at_before), after it ($at_after), and left a log to recover ($with_wal)" ||
	not_ok "kills landed before the commit, after it, and left a log to recover" \
		"before $at_before, after $at_after, with a log $with_wal"
# The file the kills left still takes the import whole.
sp --db "$DB" import "$BIG"
expect "after the kills, the same file takes the import" 0
[ "$(state "$DB")" = "$after" ] && ok "and holds exactly what one import makes" \
	|| not_ok "and holds exactly what one import makes" "$(state "$DB"), wanted $after"

# --- 2. Referral writes, killed ------------------------------------------------------
RDB="$WORK/refer.db"
PERSONAL="$WORK/refer.personal.db"
sp --db "$RDB" init --sample
expect "init a directory for the referral stream" 0
# Each line of $REPORTED is "ID CLIENT referred" or "ID CLIENT contacted",
# written only once signpost has said so.
REPORTED="$WORK/reported"
: >"$REPORTED"
tried=0 last_id= last_client=

# stream_write: the stream's next write, a referral, or an update of
# the last referral every third time; under timeout -s KILL when
# $kill_after is set.
# Leaves $status (137 when killed).
stream_write() {
	tried=$((tried + 1))
	if [ $((tried % 3)) = 0 ] && [ -n "$last_id" ]; then
		op=update
		set -- "$SIGNPOST" --db "$RDB" update "$last_id" --status contacted --note called
	else
		op=refer
		client="K-$tried"
		set -- "$SIGNPOST" --db "$RDB" refer harbourside-bereavement-cafe --client "$client" --note "stream"
	fi
	if [ -n "${kill_after:-}" ]; then
		# In a subshell of its own, which says "Killed" to /dev/null.
		(timeout -s KILL "$kill_after" "$@" >"$WORK/write.out" 2>"$WORK/write.err" </dev/null
		 exit $?) 2>/dev/null
	else
		"$@" >"$WORK/write.out" 2>"$WORK/write.err" </dev/null
	fi
	status=$?
	if [ "$status" != 0 ]; then
		# A killed update may have been saved: leave that referral be.
		[ "$op" = refer ] || last_id=
		return 0
	fi
	if [ "$op" = refer ]; then
		last_id=$(cat "$WORK/write.out") last_client=$client
		echo "$last_id $client referred" >>"$REPORTED"
	else
		echo "$last_id $last_client contacted" >>"$REPORTED"
		last_id=
	fi
}

# How long one write takes (the quickest of six), to spread the kills
# over a whole run of it.
kill_after=
write_ms=
for i in 1 2 3 4 5 6; do
	start=$(now_ms)
	stream_write
	ms=$(($(now_ms) - start))
	[ "$status" = 0 ] || not_ok "an unkilled write succeeds" "$(cat "$WORK/write.err")"
	[ -n "$write_ms" ] && [ "$write_ms" -le "$ms" ] || write_ms=$ms
done
echo "# one write takes about $write_ms ms"

moments $((CRASH_REFER_KILLS * 10)) $((write_ms * 12 / 10)) 2 >"$WORK/refer.moments"
awk -v seed="$CRASH_SEED" 'BEGIN { srand(seed + 3); for (i = 0; i < 100000; i++) print int(rand() * 4) }' \
	>"$WORK/refer.runs"
kills=0 rounds=0 finished=0 problems=
exec 3<"$WORK/refer.runs"
while [ "$kills" -lt "$CRASH_REFER_KILLS" ] && read -r wait_s; do
	rounds=$((rounds + 1))
	# A few whole writes, then one killed at a random moment of its run.
	read -r runs <&3
	kill_after=
	while [ "$runs" -gt 0 ]; do
		stream_write
		[ "$status" = 0 ] || problems="$problems
round $rounds: an unkilled write failed ($status): $(head -c 300 "$WORK/write.err")"
		runs=$((runs - 1))
	done
	kill_after=$wait_s
	stream_write
	kill_after=
	if [ "$status" = 0 ]; then
		finished=$((finished + 1))
		continue
	fi
	if [ "$status" != 137 ]; then
		problems="$problems
round $rounds: exit status $status, not killed: $(head -c 300 "$WORK/write.err")"
		break
	fi
	kills=$((kills + 1))
	if ! doctor_ok "$RDB"; then
		problems="$problems
kill $kills ($op after ${wait_s}s): doctor exit $doctor_status: $(grep -v '^ok' "$WORK/doctor.out" | head -5)"
	fi
	for f in "$RDB" "$PERSONAL"; do
		[ -f "$f" ] || continue
		check=$(q "$f" 'PRAGMA integrity_check' 2>&1)
		[ "$check" = ok ] || problems="$problems
kill $kills ($op after ${wait_s}s): integrity_check of $f: $check"
	done
	# Every reported referral, with its client; every reported update.
	if [ -s "$REPORTED" ]; then
		{
			q "$PERSONAL" "SELECT id || ' ' || client || ' referred' FROM referral"
			q "$PERSONAL" "SELECT id || ' ' || client || ' contacted' FROM referral WHERE status <> 'referred'"
		} 2>&1 | sort -u >"$WORK/have"
		sort -u "$REPORTED" >"$WORK/reported.sorted"
		missing=$(comm -23 "$WORK/reported.sorted" "$WORK/have")
		[ -z "$missing" ] || problems="$problems
kill $kills ($op after ${wait_s}s): reported but not there: $(printf '%s\n' "$missing" | head -5)"
		n=$(q "$PERSONAL" 'SELECT count(*) FROM referral')
		[ "$n" -le "$tried" ] || problems="$problems
kill $kills: $n referrals, more than the $tried writes tried"
	fi
	[ -z "$problems" ] || break
done <"$WORK/refer.moments"
exec 3<&-

referred=$(grep -c ' referred$' "$REPORTED")
contacted=$(grep -c ' contacted$' "$REPORTED")
stored=$(q "$PERSONAL" 'SELECT count(*) FROM referral' 2>/dev/null)
echo "# referrals: $kills kills in $rounds rounds ($finished finished first); $tried writes tried, $referred referrals reported written, $stored stored; $contacted updates reported"
if [ -z "$problems" ] && [ "$kills" -ge "$CRASH_REFER_KILLS" ]; then
	ok "$kills referral writes killed at random moments: every reported referral and update is there, integrity ok, doctor passes"
else
	not_ok "$CRASH_REFER_KILLS referral writes killed at random moments: every reported referral and update is there, integrity ok, doctor passes" \
		"$kills kills" "$problems"
fi
[ "$referred" -gt 0 ] && ok "the streams wrote referrals between the kills ($referred)" \
	|| not_ok "the streams wrote referrals between the kills" "none reported"
same "each referral made has exactly its history (1 row, 2 once contacted)" \
	"$(q "$PERSONAL" "SELECT count(*) FROM referral r WHERE (SELECT count(*) FROM referral_history h WHERE h.referral = r.id) <> CASE r.status WHEN 'referred' THEN 1 ELSE 2 END")" 0
sp --db "$RDB" refer harbourside-bereavement-cafe --client AFTER-1
expect "after the kills, a referral is written as usual" 0 '^[0-9]+$'

done_testing
