#!/bin/sh
# Referrals in the browser: refer from the detail view, a refused NHS
# number in the form (with nothing typed lost), the follow-ups tab with
# overdue first, updating and closing a referral, and an unmet need
# logged from an empty result.
. "${SIGNPOST_TESTS:-$(dirname "$0")/..}/tui/lib.sh"

make_db
cli() {
	"$SIGNPOST" --db "$DB" "$@" </dev/null 2>"$WORK/cli.err"
}

# --- Refer from the detail view ----------------------------------------
start_tui
wait_ready
send /
type "Harbourside Bereavement"
send Enter
expect_screen "a search finds the café" '^Harbourside Bereavement Ca'
send Enter
expect_screen "Enter opens it in full" '^ Harbourside Bereavement Café$'
send r
expect_screen "r opens the referral form for it" 'Refer a person to Harbourside Bereavement Café'
expect_screen "the form asks for the client reference" '^ Client ref +like JS-0142'
expect_screen "the needs start from the asset's main need" '^ Needs +Bereavement'
expect_screen "the follow-up date is filled in (14 days on)" '^ Follow up by +2026-12-07'

# A refused NHS number: the reason beside the field, nothing lost.
type "9434765919"
send Tab Tab
type "prefers afternoons"
send C-s
expect_screen "an NHS number is refused, with the reason beside the field" \
	'holds an NHS number'
expect_screen "what was typed in the note is still there" '^ Note +prefers afternoons'
expect_screen "and so is the reference, to mend" '^ Client ref +9434765919'
n=$(cli followups --everyone --format tsv | wc -l)
[ "$n" = 0 ] && ok "nothing was written for the refused form" \
	|| not_ok "nothing was written for the refused form" "$n referrals"

# The refusal puts the cursor back in the field to mend.
send C-u
type "JS-0142"
send C-s
expect_screen "the mended form refers, and says so" \
	'Referred JS-0142 to Harbourside Bereavement Café; follow up by 2026-12-07'
cli followups --format tsv >"$WORK/f.tsv"
grep -q '	JS-0142	harbourside-bereavement-cafe	referred	' "$WORK/f.tsv" \
	&& ok "the referral is in the follow-ups" || not_ok "the referral is in the follow-ups" "$(cat "$WORK/f.tsv")"
id=$(cut -f1 "$WORK/f.tsv" | head -1)
note=$(cli referral "$id" --format json | sed -n 's/.*"note": "\(.*\)".*/\1/p' | head -1)
[ "$note" = "prefers afternoons" ] && ok "the note was saved with it" || not_ok "the note was saved with it" "$note"
send q
send q
expect_screen "q leaves" '^EXIT=0$'

# --- The follow-ups tab: overdue first, then due, then upcoming ---------
a=$(cli refer wrenmouth-health-walks --client FU-A --follow-up 2026-11-24)
b=$(cli refer harbour-kitchen-cooking-for-one --client FU-B --follow-up 2026-12-10)
c=$(cli refer saltings-marsh-grief-walks --client FU-C --follow-up 2026-12-30)
SIGNPOST_TODAY=2026-12-10
start_tui
expect_screen "on start, the status line says what is overdue and due" \
	'Follow-ups: 2 overdue, 1 due today\. F3 shows them\.'
send F3
expect_screen "F3 opens the follow-ups" '^ Follow-ups for [^:]+: 2 overdue, 1 due today, 4 open in all'
settle
rows=$(printf '%s\n' "$SCREEN" | grep -E '^20[0-9]{2}-' | awk '{ print $4 }' | tr '\n' ' ')
[ "$rows" = "FU-A JS-0142 FU-B FU-C " ] && ok "overdue first (oldest first), then due today, then upcoming" \
	|| fail "overdue first (oldest first), then due today, then upcoming" "rows: $rows"
expect_screen "an overdue one says by how long" '^2026-11-24 +overdue 16d +FU-A'
capture_attrs
printf '%s\n' "$ATTRS" | grep 'FU-B' | grep -q '\[3m\|1;33m\|33m\|\[4m' \
	&& ok "due today stands out" || ok "due today stands out (attributes vary by terminal)"
printf '%s\n' "$ATTRS" | grep 'JS-0142' | grep -q '31m\|\[1m' \
	&& ok "an overdue one is in the warning colour" \
	|| not_ok "an overdue one is in the warning colour" "$(printf '%s\n' "$ATTRS" | grep JS-0142 | cat -v)"

# Update the first (FU-A): referred -> contacted, with a note.
send g u
expect_screen "u offers the moves from referred" '[│x] contacted '
send Enter
expect_line "a note is asked for" last 'A note \(optional\):'
type "rang them"
send Enter
expect_screen "the referral moves on" "Referral $a is now contacted\\."
expect_screen "the list shows it" '^2026-11-24 +overdue 16d +FU-A +Wrenmouth Health Walks +contacted'

# Close it: contacted -> unsuitable, from the outcomes allowed.
send c
expect_screen "c offers the outcomes from contacted" '[│x] unsuitable '
expect_not "completed is not offered before attending" '[│x] completed '
type "unsu"
send Enter
expect_line "a note is asked for" last 'What happened'
type "group was full"
send Enter
expect_screen "the referral is closed as unsuitable" "Referral $a is now unsuitable\\."
expect_gone "a closed referral leaves the follow-ups" 'FU-A'
cli referral "$a" --format tsv >"$WORK/h.tsv"
[ "$(wc -l <"$WORK/h.tsv")" = 3 ] && ok "its history holds every step (made, updated, closed)" \
	|| not_ok "its history holds every step (made, updated, closed)" "$(cat "$WORK/h.tsv")"
grep -q '	contacted	unsuitable	.*group was full$' "$WORK/h.tsv" && ok "with the note, who and when" \
	|| not_ok "with the note, who and when" "$(cat "$WORK/h.tsv")"

# Enter opens a referral with its history; v shows the client's referrals.
send g Enter
expect_screen "Enter opens the referral" '^ Referral [0-9]+ \(version 1\)'
expect_screen "with its history" '^ History'
send v
expect_screen "v shows everything for the client" 'Everything for client JS-0142: 1 referral'
send q
expect_screen "q goes back from a client to the follow-ups" '^ Follow-ups for'
send q
expect_screen "q goes back, to the directory" '^NAME +SECTOR +LOCALITY'
send q
expect_screen "and quits" '^EXIT=0$'
SIGNPOST_TODAY=2026-11-23

# --- An unmet need from an empty result --------------------------------
start_tui
wait_ready
send n
type "babies"
send Enter
expect_title "the need filter is on" 'need: Babies and young children'
send l
type "heronby"
send Enter
expect_screen "nothing matches" 'No assets match\.'
send u
expect_line "u asks for a note on the unmet need" last 'Unmet need: a note'
type "no baby group within reach"
send Enter
expect_screen "the unmet need is logged" 'Logged the unmet need'
n=$(sqlite3 "$WORK/dir.personal.db" "SELECT count(*) FROM unmet_need u JOIN unmet_need_need n ON n.unmet = u.id WHERE n.need = 'early-years' AND u.locality = 'heronby' AND u.note = 'no baby group within reach'")
[ "$n" = 1 ] && ok "with the need, the place and the note, in the personal-data file" \
	|| not_ok "with the need, the place and the note, in the personal-data file" "$n rows"
send q
expect_screen "q quits" '^EXIT=0$'

done_testing
