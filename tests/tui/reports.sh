#!/bin/sh
# The coordinator's screens: the referral log filtered by locality and
# need, the outcomes chart, the gap report with its top shortfall, and
# a report exported to a file.
. "${SIGNPOST_TESTS:-$(dirname "$0")/..}/tui/lib.sh"

make_db
cli() {
	"$SIGNPOST" --db "$DB" "$@" </dev/null >/dev/null 2>"$WORK/cli.err"
}
# A month of referrals: to the café (bereavement, Harbourside) and to a
# walking group elsewhere; one moved on to completed; unmet needs logged
# for young carers in Ropewalk.
for i in 1 2 3 4 5 6; do
	cli refer harbourside-bereavement-cafe --client "BC-$i" --need bereavement
done
for i in 1 2 3; do
	cli refer wrenmouth-health-walks --client "HW-$i" --need walking
done
cli update 1 --status attending
cli close 1 --outcome completed
for i in 1 2 3; do
	cli unmet --need young-carers --locality ropewalk --note "nothing near"
done

# --- The log, filtered by locality and need ---------------------------
# Reports are wide: a coordinator's terminal, 120 by 40.
start_tui_size 120 40
wait_ready
send F5
expect_screen "F5 opens the referral log" '^ Made 2026-11-01 to 2026-11-23'
expect_screen "with the totals of what it lists" '^ 9 referrals: 8 open \(0 overdue\), 1 closed: completed 1'
send l
type "harbour"
send Enter
expect_screen "the locality narrows the log" '^ 6 referrals: 5 open'
expect_screen "the filter is said at the top" '; in: Harbourside'
send n
type "walking"
send Enter
expect_screen "a need with it: nothing passes both" '^ 0 referrals'
expect_screen "and the empty log says how to loosen it" 'No referrals pass these filters'
send n
type "bereav"
send Enter
expect_screen "bereavement in Harbourside" '^ 6 referrals: 5 open \(0 overdue\), 1 closed: completed 1'
expect_screen "the rows are the café's" '^2026-11-23  BC-6 +Harbourside Bereavement Café'
send o
type "client"
send Enter
expect_screen "o sorts by another column" '; sorted by client'
settle
first=$(printf '%s\n' "$SCREEN" | sed -n 5p | awk '{ print $2 }')
[ "$first" = "BC-1" ] && ok "sorted by client, BC-1 comes first" || fail "sorted by client, BC-1 comes first" "first: $first"
send Enter
expect_screen "Enter opens a referral with its history" '^ History'
send q
expect_screen "q goes back to the log" '^ 6 referrals'

# --- The outcomes chart -------------------------------------------------
send F6
expect_screen "F6 opens the reports, on the outcomes" '^ Outcomes of referrals$'
expect_screen "the path's steps with counts" '^ Referred +9 +100\.0'
expect_screen "and a bar for each" '^ Referred +9 .*█+'
expect_screen "the outcomes add up" '^ Completed +1 +11\.1'
expect_screen "each figure says how it is computed" '^ How: '

# --- The gap report, with its top shortfall ------------------------------
send r
type "gaps"
send Enter
expect_screen "r chooses another report" '^ Gaps: needs that go unmet, by place$'
expect_screen "the top shortfall is where the unmet needs were logged" \
	'^ +1 +Young carers +Ropewalk +[0-9]+ +0 +3 +0 '
expect_screen "the ranking is explained" 'Shortfall: \(unmet needs \+ unsuitable\)'

# --- Export to a file ---------------------------------------------------------
send e
expect_status "e asks where to export" 'Export \(CSV, small numbers hidden\) to: report-gaps-2026-11-23\.csv'
send Enter
expect_screen "the export is written" 'Exported to report-gaps-2026-11-23\.csv'
csv="$WORK/report-gaps-2026-11-23.csv"
[ -s "$csv" ] && ok "the file is there" || not_ok "the file is there"
grep -q '^title,"Gaps: needs that go unmet, by place"' "$csv" && ok "it is the gap report" \
	|| not_ok "it is the gap report" "$(head -5 "$csv")"
grep -q '<5' "$csv" && ok "small counts are hidden in it" || not_ok "small counts are hidden in it" "$(cat "$csv")"
expect_screen "the screen still shows figures in full" '^ +1 +Young carers +Ropewalk +[0-9]+ +0 +3 '
send q q
expect_exit "q leaves" 0

done_testing
