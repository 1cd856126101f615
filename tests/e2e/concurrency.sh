#!/bin/sh
# Robustness on a shared server: many link workers writing to one
# database at once.
#
# 1. 8 processes make 200 referrals each, all at once, each referral its
#    own run of the built program: every run succeeds, none says
#    "database is locked", and the file holds exactly 1600 referrals and
#    1600 history rows.
# 2. Two processes update the same referral with --if-version from the
#    same read: exactly one wins; the other is told someone changed it,
#    and nothing of its change is written.
# 3. Several processes making the very first referrals of a directory at
#    once, so that they race to make its personal-data file.
. "${SIGNPOST_TESTS:-$(dirname "$0")/..}/e2e/lib.sh"

DB="$WORK/shared.db"
PERSONAL="$WORK/shared.personal.db"
ME=$(id -un)
PROCS=8
EACH=200
TOTAL=$((PROCS * EACH))

q() {
	sqlite3 -batch "$1" "$2"
}

same() {
	if [ "$2" = "$3" ]; then ok "$1"; else not_ok "$1" "got:    $2" "wanted: $3"; fi
}

now() {
	date +%s.%N
}

elapsed() {
	awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", b - a }'
}

sp --db "$DB" init
expect "init the shared directory" 0
sp --db "$DB" import "$SIGNPOST_TESTDATA/referral-assets.yaml"
expect "import the assets" 0
# The day's first command makes the personal-data file (part 3 races
# for that); part 1 is about the writes.
sp --db "$DB" followups
expect "the personal-data file is made" 0
[ -f "$PERSONAL" ] && ok "it is there" || not_ok "it is there"

# --- 1. 8 x 200 referrals at once ---------------------------------------------
# worker P: 200 runs of signpost refer; a failure leaves a line in
# fail.P with its exit status, and every run's stderr goes to err.P.
worker() {
	p=$1
	i=1
	while [ "$i" -le "$EACH" ]; do
		"$SIGNPOST" --db "$DB" refer quay-walking-group --client "W$p-$i" \
			>>"$WORK/out.$p" 2>>"$WORK/err.$p" </dev/null \
			|| echo "W$p-$i exit $?" >>"$WORK/fail.$p"
		i=$((i + 1))
	done
}

start=$(now)
pids=
p=1
while [ "$p" -le "$PROCS" ]; do
	: >"$WORK/out.$p"
	: >"$WORK/err.$p"
	: >"$WORK/fail.$p"
	worker "$p" &
	pids="$pids $!"
	p=$((p + 1))
done
for pid in $pids; do
	wait "$pid"
done
end=$(now)
took=$(elapsed "$start" "$end")
echo "# $TOTAL referrals by $PROCS processes at once took ${took}s"

failures=$(cat "$WORK"/fail.* | wc -l)
if [ "$failures" -eq 0 ]; then
	ok "all $TOTAL runs of signpost refer exited 0"
else
	not_ok "all $TOTAL runs of signpost refer exited 0" "$failures failed:" \
		"$(cat "$WORK"/fail.* | head -20)"
fi
# Every run says "Referred ..." on stderr, and nothing else.
other=$(cat "$WORK"/err.* | grep -v '^Referred W[0-9]*-[0-9]* to Quay Walking Group; follow up by ' || true)
if [ -z "$other" ]; then
	ok "no run printed anything unexpected on stderr"
else
	not_ok "no run printed anything unexpected on stderr" "$(printf '%s\n' "$other" | sort | uniq -c | head -20)"
fi
same "every run confirmed its referral" "$(cat "$WORK"/err.* | grep -c '^Referred ')" "$TOTAL"
locked=$(cat "$WORK"/err.* "$WORK"/out.* | grep -ci 'database is locked\|busy' || true)
same "no \"database is locked\" anywhere" "$locked" 0
same "$TOTAL ids printed, all different, 1 to $TOTAL" \
	"$(cat "$WORK"/out.* | sort -n | uniq | awk 'NR == 1 { first = $1 } { n++; last = $1 } END { print n, first, last }')" \
	"$TOTAL 1 $TOTAL"
same "exactly $TOTAL referrals" "$(q "$PERSONAL" 'SELECT count(*) FROM referral')" "$TOTAL"
same "exactly $TOTAL history rows" "$(q "$PERSONAL" 'SELECT count(*) FROM referral_history')" "$TOTAL"
same "one history row for each referral" \
	"$(q "$PERSONAL" 'SELECT count(*) FROM referral r WHERE (SELECT count(*) FROM referral_history h WHERE h.referral = r.id AND h.to_status = '\''referred'\'') <> 1')" 0
same "exactly $TOTAL needs, one each" "$(q "$PERSONAL" 'SELECT count(*), count(DISTINCT referral) FROM referral_need')" "$TOTAL|$TOTAL"
same "every client reference once" "$(q "$PERSONAL" 'SELECT count(DISTINCT client) FROM referral')" "$TOTAL"
same "$EACH from each process" \
	"$(q "$PERSONAL" "SELECT group_concat(n, ' ') FROM (SELECT count(*) AS n FROM referral GROUP BY substr(client, 1, instr(client, '-') - 1) ORDER BY 1)")" \
	"$(printf "$EACH %.0s" $(seq "$PROCS") | sed 's/ $//')"
same "all by this user, all referred" "$(q "$PERSONAL" 'SELECT DISTINCT worker || '\''/'\'' || status FROM referral')" "$ME/referred"
same "the personal-data file is sound" "$(q "$PERSONAL" 'PRAGMA integrity_check')" ok
same "still private (0600)" "$(stat -c %a "$PERSONAL")" 600
same "the directory holds none of it" "$(q "$DB" "SELECT count(*) FROM sqlite_schema WHERE name LIKE 'referral%'")" 0
sp --db "$DB" followups --format tsv
same "all of them in the follow-ups" "$(wc -l <"$OUT")" "$TOTAL"

# --- 2. Two updates from the same read ----------------------------------------------
ROUNDS=10
wins_ok=0
round=1
while [ "$round" -le "$ROUNDS" ]; do
	sp --db "$DB" refer old-town-lunch-club --client "V-$round"
	id=$(cat "$OUT")
	sp --db "$DB" referral "$id" --format json
	v=$(sqlite3 :memory: "SELECT json_extract(readfile('$OUT'), '\$.version')")
	"$SIGNPOST" --db "$DB" update "$id" --status contacted --note "A's call" --if-version "$v" \
		>"$WORK/a.out" 2>"$WORK/a.err" </dev/null &
	a=$!
	"$SIGNPOST" --db "$DB" update "$id" --status attending --note "B's visit" --if-version "$v" \
		>"$WORK/b.out" 2>"$WORK/b.err" </dev/null &
	b=$!
	wait "$a"
	ra=$?
	wait "$b"
	rb=$?
	problems=
	if [ "$ra" = 0 ] && [ "$rb" = 1 ]; then
		winner=contacted loser="$WORK/b.err" winner_note="A's call"
	elif [ "$ra" = 1 ] && [ "$rb" = 0 ]; then
		winner=attending loser="$WORK/a.err" winner_note="B's visit"
	else
		problems="exit statuses $ra and $rb, wanted one 0 and one 1"
		loser=/dev/null winner=none winner_note=
	fi
	if [ -z "$problems" ]; then
		grep -q "^signpost: referral $id was changed by $ME since you read it (it is now $winner): look at it again before changing it\$" "$loser" \
			|| problems="the loser's message: $(cat "$loser")"
		state=$(q "$PERSONAL" "SELECT status, version, (SELECT count(*) FROM referral_history WHERE referral = $id), (SELECT group_concat(coalesce(note, '-'), '/') FROM referral_history WHERE referral = $id) FROM referral WHERE id = $id")
		[ "$state" = "$winner|2|2|-/$winner_note" ] \
			|| problems="$problems; stored: $state, wanted $winner|2|2|-/$winner_note"
	fi
	if [ -z "$problems" ]; then
		wins_ok=$((wins_ok + 1))
	else
		not_ok "round $round: one update wins, the other is refused" "$problems" \
			"a: $(cat "$WORK/a.out" "$WORK/a.err")" "b: $(cat "$WORK/b.out" "$WORK/b.err")"
	fi
	round=$((round + 1))
done
same "in each of $ROUNDS rounds, exactly one of two updates from the same read wins" "$wins_ok" "$ROUNDS"
same "and nothing else was written" "$(q "$PERSONAL" "SELECT count(*) FROM referral_history WHERE referral > $TOTAL")" $((ROUNDS * 2))

# --- 3. The first referrals of a directory, at once ------------------------------------
# 8 processes, no personal-data file yet: they race to make it, switch
# it to WAL and bring its schema up.  store.c reads what a file says of
# itself in one transaction, and waits its turn to switch to WAL, so
# every one of them succeeds.
FIRST_ROUNDS=20
first_fail=
BASE="$WORK/base.db"
sp --db "$BASE" init
sp --db "$BASE" import "$SIGNPOST_TESTDATA/referral-assets.yaml"
sqlite3 "$BASE" 'PRAGMA wal_checkpoint(TRUNCATE)' >/dev/null
round=1
while [ "$round" -le "$FIRST_ROUNDS" ]; do
	FDB="$WORK/first-$round.db"
	cp "$BASE" "$FDB"
	pids=
	p=1
	while [ "$p" -le "$PROCS" ]; do
		"$SIGNPOST" --db "$FDB" refer quay-walking-group --client "F$p" \
			>/dev/null 2>"$WORK/first.$p" </dev/null &
		pids="$pids $!"
		p=$((p + 1))
	done
	p=1
	for pid in $pids; do
		wait "$pid" || first_fail="$first_fail round $round: $(cat "$WORK/first.$p");"
		p=$((p + 1))
	done
	n=$(q "$WORK/first-$round.personal.db" 'SELECT count(*) FROM referral' 2>&1)
	[ -n "$first_fail" ] || [ "$n" = "$PROCS" ] || first_fail="$first_fail round $round: $n referrals;"
	round=$((round + 1))
done
tap_count=$((tap_count + 1))
if [ -z "$first_fail" ]; then
	echo "ok $tap_count - $FIRST_ROUNDS x $PROCS first referrals at once, racing to make the personal-data file"
else
	tap_failed=$((tap_failed + 1))
	echo "not ok $tap_count - $FIRST_ROUNDS x $PROCS first referrals at once, racing to make the personal-data file"
	printf '%s\n' "$first_fail" | sed 's/^/#   /'
fi

done_testing
