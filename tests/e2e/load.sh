#!/bin/sh
# Load: a team on one shared database at once, for LOAD_SECONDS (8 in
# make check; `make load` runs 30).
#
# - 4 link-worker processes, each in a loop: search (a different word
#   each time), refer someone to an open asset, and move one of its own
#   referrals on (referred -> contacted -> attending); each writes down
#   what signpost said it did.
# - 2 coordinator processes, each in a loop: a report (needs, outcomes,
#   followups, workers, gaps, trend, in turn) and the referral log.
#
# Then: zero errors (every run exited 0, none said "locked" or "busy"),
# the database holds exactly the referrals the link workers made, each
# with the status they last gave it and one history row per change,
# every coordinator's log grew and never shrank (never more than the
# total), integrity_check is ok and doctor passes.  The figures (runs of
# each kind, a second) are printed as "# load:" lines.
. "${SIGNPOST_TESTS:-$(dirname "$0")/..}/e2e/lib.sh"

LOAD_SECONDS=${LOAD_SECONDS:-8}
WORKERS=4
COORDINATORS=2
DB="$WORK/team.db"
PERSONAL="$WORK/team.personal.db"

q() {
	sqlite3 -batch "$1" "$2"
}

same() {
	if [ "$2" = "$3" ]; then ok "$1"; else not_ok "$1" "got:    $2" "wanted: $3"; fi
}

sp --db "$DB" init --sample
expect "init the team's directory" 0
sp --db "$DB" followups
expect "the personal-data file is made" 0
# Open assets, to refer to.
"$SIGNPOST" --db "$DB" search --open --format tsv --limit 0 </dev/null 2>/dev/null |
	awk -F '\t' '$6 == "open" { print $1 }' | head -12 >"$WORK/assets"
[ "$(wc -l <"$WORK/assets")" = 12 ] && ok "12 open assets to refer to" \
	|| not_ok "12 open assets to refer to" "$(cat "$WORK/assets")"
WORDS="bereavement walk cafe advice garden lunch carers debt choir swim yoga grief art tea"

# run_op P KIND CMD...: one run, counted; a failure is written to fail.P.
run_op() {
	p=$1 kind=$2
	shift 2
	"$@" >"$WORK/op.$p.out" 2>"$WORK/op.$p.err" </dev/null
	st=$?
	if [ "$st" != 0 ]; then
		echo "$kind exit $st: $(head -c 300 "$WORK/op.$p.err" | tr '\n' ' ')" >>"$WORK/fail.$p"
		return 1
	fi
	if grep -qi 'locked\|busy' "$WORK/op.$p.err"; then
		echo "$kind said: $(head -c 300 "$WORK/op.$p.err" | tr '\n' ' ')" >>"$WORK/fail.$p"
		return 1
	fi
	return 0
}

# worker N: link worker N.  Leaves count.wN ("searches refers updates")
# and states.wN (a line "ID STATUS" for every change signpost confirmed).
worker() {
	n0=$1
	p=w$1
	searches=0 refers=0 updates=0 i=0
	to_contact= to_attend=
	set -- $WORDS
	nwords=$#
	nassets=$(wc -l <"$WORK/assets")
	while [ "$(date +%s)" -lt "$end" ]; do
		i=$((i + 1))
		case $((i % 4)) in
		0 | 2)
			n=$(((i * 7 + n0) % nwords + 1))
			eval "word=\${$n}"
			run_op "$p" search "$SIGNPOST" --db "$DB" search "$word" --format tsv &&
				searches=$((searches + 1))
			;;
		1)
			asset=$(sed -n "$(((i + n0) % nassets + 1))p" "$WORK/assets")
			if run_op "$p" refer "$SIGNPOST" --db "$DB" refer "$asset" --client "L$p-$i" \
				--note "load test"; then
				id=$(cat "$WORK/op.$p.out")
				echo "$id referred" >>"$WORK/states.$p"
				to_contact="$to_contact $id"
				refers=$((refers + 1))
			fi
			;;
		3)
			# The oldest referral still to move on: contact it, or
			# after that, mark it attending.
			if [ -n "$to_contact" ]; then
				set -- $to_contact
				id=$1 to=contacted
				shift
				to_contact=$*
			elif [ -n "$to_attend" ]; then
				set -- $to_attend
				id=$1 to=attending
				shift
				to_attend=$*
			else
				continue
			fi
			set -- $WORDS
			if run_op "$p" update "$SIGNPOST" --db "$DB" update "$id" --status "$to" \
				--note "load test"; then
				echo "$id $to" >>"$WORK/states.$p"
				[ "$to" = contacted ] && to_attend="$to_attend $id"
				updates=$((updates + 1))
			fi
			;;
		esac
	done
	echo "$searches $refers $updates" >"$WORK/count.$p"
}

# coordinator N: reports and the log in turn.  Leaves count.cN ("reports
# logs") and logs.cN, the number of referrals each log listed, in order.
coordinator() {
	n0=$1
	c=c$1
	reports=0 logs=0 i=0
	set -- needs outcomes followups workers gaps trend
	while [ "$(date +%s)" -lt "$end" ]; do
		i=$((i + 1))
		if [ $((i % 2)) = 1 ]; then
			n=$(((i / 2 + n0) % 6 + 1))
			eval "kind=\${$n}"
			if run_op "$c" "report $kind" "$SIGNPOST" --db "$DB" report "$kind" --format tsv; then
				if [ -s "$WORK/op.$c.out" ]; then
					reports=$((reports + 1))
				else
					echo "report $kind: empty" >>"$WORK/fail.$c"
				fi
			fi
		elif run_op "$c" log "$SIGNPOST" --db "$DB" log --format tsv; then
			wc -l <"$WORK/op.$c.out" >>"$WORK/logs.$c"
			logs=$((logs + 1))
		fi
	done
	echo "$reports $logs" >"$WORK/count.$c"
}

end=$(($(date +%s) + LOAD_SECONDS))
pids=
p=1
while [ "$p" -le "$WORKERS" ]; do
	: >"$WORK/fail.w$p"
	: >"$WORK/states.w$p"
	worker "$p" &
	pids="$pids $!"
	p=$((p + 1))
done
c=1
while [ "$c" -le "$COORDINATORS" ]; do
	: >"$WORK/fail.c$c"
	: >"$WORK/logs.c$c"
	coordinator "$c" &
	pids="$pids $!"
	c=$((c + 1))
done
for pid in $pids; do
	wait "$pid"
done

# --- What they did, and what the files hold -------------------------------------
failures=$(cat "$WORK"/fail.* | wc -l)
if [ "$failures" = 0 ]; then
	ok "no errors in $LOAD_SECONDS s of $WORKERS link workers and $COORDINATORS coordinators at once"
else
	not_ok "no errors in $LOAD_SECONDS s of $WORKERS link workers and $COORDINATORS coordinators at once" \
		"$failures failed:" "$(cat "$WORK"/fail.* | sort | uniq -c | head -20)"
fi

searches=0 refers=0 updates=0
p=1
while [ "$p" -le "$WORKERS" ]; do
	set -- $(cat "$WORK/count.w$p")
	echo "# load: link worker $p: $1 searches, $2 referrals, $3 updates"
	searches=$((searches + $1)) refers=$((refers + $2)) updates=$((updates + $3))
	same "link worker $p: its referrals are all there, and no others" \
		"$(q "$PERSONAL" "SELECT count(*) FROM referral WHERE client LIKE 'Lw$p-%'")" "$2"
	p=$((p + 1))
done
reports=0 logs=0
c=1
while [ "$c" -le "$COORDINATORS" ]; do
	set -- $(cat "$WORK/count.c$c")
	echo "# load: coordinator $c: $1 reports, $2 logs"
	reports=$((reports + $1)) logs=$((logs + $2))
	c=$((c + 1))
done
total=$((searches + refers + updates + reports + logs))
echo "# load: $total runs in $LOAD_SECONDS s ($(awk -v t="$total" -v s="$LOAD_SECONDS" 'BEGIN { printf "%.1f", t / s }') a second): $searches searches, $refers referrals, $updates updates, $reports reports, $logs logs"

[ "$refers" -gt 0 ] && [ "$updates" -gt 0 ] && [ "$searches" -gt 0 ] && [ "$reports" -gt 0 ] && [ "$logs" -gt 0 ] &&
	ok "every kind of work was done" || not_ok "every kind of work was done" "$total runs"
same "the referrals in the file are those the link workers made" \
	"$(q "$PERSONAL" 'SELECT count(*) FROM referral')" "$refers"
same "one history row for each referral and each update" \
	"$(q "$PERSONAL" 'SELECT count(*) FROM referral_history')" $((refers + updates))
# The last status each worker gave each of its referrals, against the file.
cat "$WORK"/states.w* | awk '{ last[$1] = $2 } END { for (id in last) print id, last[id] }' |
	sort -n >"$WORK/want.states"
q "$PERSONAL" "SELECT id || ' ' || status FROM referral ORDER BY id" >"$WORK/have.states"
if cmp -s "$WORK/want.states" "$WORK/have.states"; then
	ok "each referral has the status its link worker last gave it"
else
	not_ok "each referral has the status its link worker last gave it" \
		"$(diff "$WORK/want.states" "$WORK/have.states" | head -10)"
fi
same "versions agree with the changes" \
	"$(q "$PERSONAL" "SELECT count(*) FROM referral r WHERE version <> (SELECT count(*) FROM referral_history h WHERE h.referral = r.id)")" 0

# Each coordinator's log only grew, and never listed more than there are.
c=1
while [ "$c" -le "$COORDINATORS" ]; do
	bad=$(awk -v max="$refers" '$1 < prev || $1 > max { print NR ": " $1 " after " prev } { prev = $1 }' "$WORK/logs.c$c")
	[ -z "$bad" ] && ok "coordinator $c: each log listed at least as many as the one before ($(tail -n 1 "$WORK/logs.c$c") last)" \
		|| not_ok "coordinator $c: each log listed at least as many as the one before" "$bad"
	c=$((c + 1))
done

same "the directory file is sound" "$(q "$DB" 'PRAGMA integrity_check')" ok
same "the personal-data file is sound" "$(q "$PERSONAL" 'PRAGMA integrity_check')" ok
sp --db "$DB" doctor
expect "doctor passes after the load" 0

done_testing
