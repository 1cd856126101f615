#!/bin/sh
# End-to-end tests of the referral log and the reports: golden output of
# every report in every format on a small fixed directory, and the
# issue's "done when" on the bundled sample.
#
# The golden files are in tests/data/report-golden/.  After a deliberate
# change, write them again with
#   REPORT_GOLDEN_UPDATE=1 make check TESTS=tests/e2e/reports.sh
# and read the diff before committing it.
. "${SIGNPOST_TESTS:-$(dirname "$0")/..}/e2e/lib.sh"

GOLDEN="$SIGNPOST_TESTDATA/report-golden"
DB="$WORK/report.db"
PDB="$WORK/report.personal.db"
export SIGNPOST_TODAY=2026-11-23

# at DATE ARGS...: runs signpost on DATE, printing its standard output;
# the test stops if it fails (the data must be there for what follows).
at() {
	day=$1
	shift
	if ! SIGNPOST_TODAY=$day "$SIGNPOST" --db "$DB" "$@" 2>"$WORK/setup-err" </dev/null; then
		echo "Bail out! setup failed on $day: $* ($(cat "$WORK/setup-err"))"
		exit 1
	fi
}

# refer DATE ASSET CLIENT [NEED]: a referral made on DATE; sets $ID.
refer() {
	if [ -n "${4:-}" ]; then
		ID=$(at "$1" refer "$2" --client "$3" --need "$4")
	else
		ID=$(at "$1" refer "$2" --client "$3")
	fi
}

# The path of a referral, each step on its day: contacted DATE,
# attending DATE, close DATE OUTCOME.
contacted() { at "$1" update "$ID" --status contacted >/dev/null; }
attending() { at "$1" update "$ID" --status attending >/dev/null; }
closed() { at "$1" close "$ID" --outcome "$2" >/dev/null; }

# days DATE N: the date N days after DATE.
days() { date -u -d "$1 +$2 days" +%Y-%m-%d; }

# ---- The fixed data ------------------------------------------------------
#
# The period the golden files report on is the third quarter of 2026,
# 2026-07-01 to 2026-09-30 (92 days); the one before it is 2026-03-31 to
# 2026-06-30.  Today is 2026-11-23.
at 2026-11-23 init --taxonomy "$SIGNPOST_TESTDATA/report-directory.yaml" >/dev/null

# Harbour Grief Café (vcse, bereavement, saltby-harbour): 8 in the
# period.  G01-G05 complete; G06 unsuitable; G07 declines; G08 is never
# followed up (overdue).
for n in 1 2 3 4 5 6 7 8; do
	d=2026-07-0$n
	refer "$d" harbour-grief-cafe "G0$n"
	case $n in
	[1-5]) contacted "$(days "$d" 2)"; attending "$(days "$d" 5)"
	       closed "$(days "$d" $((20 + n)))" completed ;;
	6) contacted "$(days "$d" 1)"; closed "$(days "$d" 10)" unsuitable ;;
	7) closed "$(days "$d" 3)" declined ;;
	esac
done
# Hospice Bereavement Service (nhs), for advance care planning: 6.
for n in 1 2 3 4 5; do
	d=2026-08-0$n
	refer "$d" hospice-bereavement "H0$n" advance-care-planning
	case $n in
	[1-3]) contacted "$(days "$d" 3)"; attending "$(days "$d" 7)" ;;
	4) closed "$(days "$d" 4)" unsuitable ;;
	5) contacted "$(days "$d" 2)"; closed "$(days "$d" 40)" lost-contact ;;
	esac
done
# H06 on the period's last day, first contacted the day after it.
refer 2026-09-30 hospice-bereavement H06 advance-care-planning
contacted 2026-10-01
# Kelling Befrienders (vcse, befriending, kelling): 5.
for n in 1 2 3 4 5; do
	d=2026-09-0$n
	refer "$d" kelling-befrienders "K0$n"
	case $n in
	[12]) closed "$(days "$d" 6)" unsuitable ;;
	3) contacted "$(days "$d" 9)" ;;
	4) closed "$(days "$d" 12)" not-attended ;;
	esac
done
# Debt Desk (local authority, debt, saltby): 3.
refer 2026-07-15 debt-desk D01
contacted 2026-07-16; attending 2026-07-20; closed 2026-08-30 completed
refer 2026-07-16 debt-desk D02
closed 2026-07-31 unsuitable
refer 2026-07-17 debt-desk D03
contacted 2026-07-21
# Chapel Lunch Club (faith; full), for loneliness: 1, unsuitable.
refer 2026-08-20 chapel-lunch C01
closed 2026-08-25 unsuitable
# The period before: 6.
for n in 1 2 3 4; do
	refer "2026-05-0$n" harbour-grief-cafe "P0$n"
	contacted "2026-05-1$n"
	[ "$n" -le 2 ] && closed "2026-06-0$n" declined
done
refer 2026-06-10 debt-desk P05
closed 2026-06-20 lost-contact
# P06 on the previous period's last day, closed in the period: it
# belongs to the previous period's counts, not this one's outcomes.
refer 2026-06-30 debt-desk P06
contacted 2026-07-02; closed 2026-07-30 not-attended
# Before both periods, and after: in neither.
refer 2026-01-10 kelling-befrienders Z01
contacted 2026-01-12; attending 2026-01-20; closed 2026-07-10 completed
refer 2026-10-15 debt-desk X01

# Unmet needs: housing in Saltby Harbour three times (and once after the
# period), debt in Kelling Green twice, befriending with no place.
for d in 2026-07-10 2026-08-15 2026-09-20 2026-10-10; do
	at "$d" unmet --need housing --locality saltby-harbour >/dev/null
done
at 2026-08-02 unmet --need debt --locality kelling-green >/dev/null
at 2026-09-02 unmet --need debt --locality kelling-green >/dev/null
at 2026-09-05 unmet --need befriending >/dev/null

# Wellbeing: G01-G06 twice in the period (so n = 6); G07 once; P01 once
# before the period and once in it (so not counted).
for n in 1 2 3 4 5 6; do
	at "2026-07-0$n" wellbeing "G0$n" --ons4 "5,6,5,$((4 + n % 3))" >/dev/null
	at "2026-09-1$n" wellbeing "G0$n" --ons4 "$((5 + n % 3)),6,$((4 + n % 2)),4" >/dev/null
done
at 2026-07-07 wellbeing G07 --ons4 3,3,3,9 >/dev/null
at 2026-05-01 wellbeing P01 --ons4 4,4,4,4 >/dev/null
at 2026-07-20 wellbeing P01 --ons4 8,8,8,1 >/dev/null

# Listing flags.
at 2026-11-01 flag chapel-lunch --reason full >/dev/null
at 2026-11-20 flag debt-desk --reason wrong-details --note "The phone number rings out" >/dev/null

# The link workers: signpost records the login of whoever runs it, so
# the test gives the referrals three fixed ones.
sqlite3 "$PDB" "UPDATE referral SET worker = CASE substr(client, 1, 1)
	WHEN 'G' THEN 'ann' WHEN 'D' THEN 'ann' WHEN 'H' THEN 'bob'
	WHEN 'C' THEN 'bob' WHEN 'K' THEN 'cat' WHEN 'P' THEN 'cat' ELSE 'ann' END;
	UPDATE unmet_need SET worker = 'ann'; UPDATE wellbeing SET worker = 'ann';" \
	|| { echo "Bail out! cannot set the link workers"; exit 1; }
sqlite3 "$DB" "UPDATE flag SET raised_by = 'ann'" \
	|| { echo "Bail out! cannot set who raised the flags"; exit 1; }

# ---- Golden output --------------------------------------------------------

# golden NAME ARGS...: signpost's output for ARGS must match the golden
# file NAME, byte for byte.
golden() {
	name=$1
	shift
	sp --db "$DB" "$@"
	if [ "$STATUS" != 0 ]; then
		not_ok "golden $name" "exit status $STATUS" "$(head -c 600 "$ERR")"
		return
	fi
	if [ -n "${REPORT_GOLDEN_UPDATE:-}" ]; then
		cp "$OUT" "$GOLDEN/$name"
		ok "golden $name (written)"
	elif cmp -s "$OUT" "$GOLDEN/$name"; then
		ok "golden $name"
	else
		not_ok "golden $name" "$(diff -u "$GOLDEN/$name" "$OUT" | head -40)"
	fi
}

Q3="--from 2026-07-01 --to 2026-09-30"
for kind in needs sectors localities assets workers outcomes gaps ecosystem wellbeing trend; do
	for format in table tsv csv json; do
		# shellcheck disable=SC2086
		golden "$kind.$format" report "$kind" $Q3 --format "$format"
	done
done
for kind in followups directory; do
	for format in table tsv csv json; do
		golden "$kind.$format" report "$kind" --format "$format"
	done
done
# shellcheck disable=SC2086
{
	golden trend-months.table report trend $Q3 --by month
	golden needs-filtered.table report needs $Q3 --worker ann --locality saltby
	golden sectors-no-suppress.csv report sectors $Q3 --format csv --no-suppress
	golden outcomes-suppressed.table report outcomes $Q3 --suppress
	golden outcomes-path.csv report outcomes $Q3 --format csv --table outcomes
	golden needs-no-chart.table report needs $Q3 --no-chart
	# Not UTF-8: the bars in ASCII.
	LC_ALL=C
	golden needs-ascii.table report needs $Q3
	LC_ALL=C.UTF-8
	golden log.table log $Q3
	golden log.tsv log --format tsv --sort asset
	golden log.csv log $Q3 --format csv --sort follow-up
	golden log.json log --need end-of-life --status open --format json
	golden log-locality.table log --locality kelling --sort client:desc
}

# ---- What the golden files say, checked another way -------------------------

sp --db "$DB" report outcomes $Q3 --format tsv --no-suppress
# The 23 referrals of the period add up: 5 closed outcomes and 3 open
# steps.
sum=$(awk -F'\t' '/^# table outcomes/ { on = 1; next } /^#/ { on = 0 }
	on && $1 != "outcome" && $1 != "closed" && $1 != "open" && $1 != "total" { s += $3 }
	END { print s }' "$OUT")
total=$(awk -F'\t' '/^# table outcomes/ { on = 1 } on && $1 == "total" { print $3; exit }' "$OUT")
[ "$sum" = 23 ] && [ "$total" = 23 ] && ok "the outcomes add up to the referrals made" \
	|| not_ok "the outcomes add up to the referrals made" "sum $sum, total $total"

# The exported CSV hides 1 to 4 and never shows one.
sp --db "$DB" report needs $Q3 --format csv
grep -q '"\?<5"\?' "$OUT" && ok "the CSV writes small counts as <5" \
	|| not_ok "the CSV writes small counts as <5" "$(cat "$OUT")"

# ---- Errors -------------------------------------------------------------------

sp --db "$DB" report
expect "report without a kind lists the kinds" 2 '' 'which report\? \(needs, sectors'
sp --db "$DB" report frob
expect "an unknown report is a usage error" 2 '' "unknown report 'frob'"
sp --db "$DB" report followups --from 2026-01-01
expect "followups takes no period" 2 '' 'as at today'
sp --db "$DB" report directory --worker ann
expect "directory takes no filters" 2 '' 'takes no filters'
sp --db "$DB" report needs --period next-week
expect "an unknown period names the known ones" 1 '' "unknown period 'next-week'.*last-12-months"
sp --db "$DB" report needs --from 2026-09-30 --to 2026-07-01
expect "a period that ends before it starts is refused" 1 '' 'ends .* before it starts'
sp --db "$DB" report needs --need hosuing
expect "an unknown need is refused with a suggestion" 1 '' "housing"
sp --db "$DB" report needs --format xml
expect "an unknown format is a usage error" 2 '' "unknown format 'xml'"
sp --db "$DB" report needs --format csv --table nothing
expect "an unknown table is refused" 1 '' "no table 'nothing'.*needs"
sp --db "$DB" log --sort height
expect "an unknown sort column is a usage error" 2 '' "unknown sort 'height'"
sp --db "$DB" log --status maybe
expect "an unknown status is refused" 1 '' "unknown status 'maybe'"
sp --db "$DB" report needs --no-suppress --suppress
expect "--suppress and --no-suppress together are refused" 2 '' 'not both'
sp --db "$DB" report gaps --by week
expect "--by is for the trend" 2 '' 'trend'

# The directory report needs no personal-data file: a volunteer can run it.
chmod 000 "$PDB"
if [ "$(id -u)" != 0 ]; then
	sp --db "$DB" report directory
	expect "the directory report runs without the personal-data file" 0 'Stale listings'
	sp --db "$DB" report needs
	expect "a referral report without it says why" 1 '' 'personal-data file'
fi
chmod 600 "$PDB"

# ---- Done when: the bundled sample, as a new user would ---------------------------

SAMPLE="$WORK/sample.db"
DB="$SAMPLE"
at 2026-11-23 init --sample >/dev/null
# A few dozen referrals over the autumn, to the sample's assets for
# their own needs, with outcomes; a few unsuitable here and there.
n=0
for asset in harbourside-bereavement-cafe st-nicholas-walking-through-grief \
	saltings-marsh-grief-walks tidemill-songs-of-remembrance \
	wrenmouth-register-a-death cliff-end-baptist-loss-and-hope \
	harbour-kitchen-cooking-for-one harbourside-kittle-rowe-coffee-morning; do
	for k in 1 2 3 4 5; do
		n=$((n + 1))
		d=$(days 2026-09-01 $((n * 2)))
		refer "$d" "$asset" "S$n"
		case $((n % 5)) in
		0) contacted "$(days "$d" 2)"; attending "$(days "$d" 6)"
		   closed "$(days "$d" 30)" completed ;;
		1) contacted "$(days "$d" 3)" ;;
		2) closed "$(days "$d" 4)" declined ;;
		3) [ $((n % 3)) = 0 ] && closed "$(days "$d" 9)" unsuitable ;;
		esac
	done
done
# The need nothing meets: young carers in Ropewalk, five times.
for k in 1 2 3 4 5; do
	at "$(days 2026-09-10 "$k")" unmet --need young-carers --locality ropewalk \
		--note "nothing for a young carer near Ropewalk" >/dev/null
done
at 2026-10-01 unmet --need debt-advice --locality harbourside >/dev/null

sp --db "$SAMPLE" report gaps --period last-12-months --format tsv
first=$(awk -F'\t' '/^# table gaps/ { getline; getline; print $2 "/" $4; exit }' "$OUT")
[ "$first" = "young-carers/ropewalk" ] \
	&& ok "the gap report puts first the need and place where unmet needs were logged" \
	|| not_ok "the gap report puts first the need and place where unmet needs were logged" \
		"first: $first" "$(head -20 "$OUT")"

sp --db "$SAMPLE" report outcomes --period last-12-months --format json --no-suppress
if python3 - "$OUT" <<'EOF'
import json, sys
r = json.load(open(sys.argv[1]))
t = {t["key"]: t for t in r["tables"]}
rows = {row["outcome"]: row["referrals"] for row in t["outcomes"]["rows"]}
closed = sum(rows[k] for k in ("completed", "declined", "not-attended", "unsuitable", "lost-contact"))
still = sum(rows[k] for k in ("open-referred", "open-contacted", "open-attending"))
path = {row["step"]: row["referrals"] for row in t["path"]["rows"]}
assert rows["closed"] == closed and rows["open"] == still, rows
assert rows["total"] == closed + still == path["referred"] == 40, (rows, path)
assert path["referred"] >= path["contacted"] >= path["attending"] >= path["completed"] == rows["completed"]
EOF
then ok "the sample's outcomes report adds up"; else not_ok "the sample's outcomes report adds up" "$(head -c 800 "$OUT")"; fi

sp --db "$SAMPLE" report gaps --period last-12-months --format csv
if python3 - "$OUT" <<'EOF'
import csv, sys
rows = list(csv.reader(open(sys.argv[1], newline="", encoding="utf-8")))
assert rows[0] == ["report", "gaps"], rows[0]
# Every table's rows have as many fields as its header.
header = None
small = 0
for row in rows:
    if row and row[0] == "how" and header == "next":
        continue
    if not row or row[0] in ("table", "how", "note"):
        header = "next" if row and row[0] == "table" else None
        continue
    if header == "next":
        header = row
        continue
    if header:
        assert len(row) == len(header), (row, header)
        for name, value in zip(header, row):
            if name in ("Referrals", "Unmet needs", "Unsuitable"):
                if value == "<5":
                    small += 1
                else:
                    assert value == "*" or value == "0" or int(value) >= 5, (name, value)
assert small > 0
EOF
then ok "the exported CSV opens cleanly and hides counts under 5"
else not_ok "the exported CSV opens cleanly and hides counts under 5" "$(head -c 800 "$OUT")"; fi
file_crlf=$(head -1 "$OUT" | od -c | grep -c '\\r')
[ "$file_crlf" = 1 ] && ok "the CSV ends its rows with CRLF, as RFC 4180 says" \
	|| not_ok "the CSV ends its rows with CRLF, as RFC 4180 says"

done_testing
