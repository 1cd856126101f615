#!/bin/sh
# Keeping listings true in the browser: add through the form (a refused
# field, then fixed), edit and see the diff in the history, restore an
# old version, verify from the work queue, archive and see it leave
# search, and two volunteers saving the same listing at once.
. "${SIGNPOST_TESTS:-$(dirname "$0")/..}/tui/lib.sh"

make_db
cli() {
	"$SIGNPOST" --db "$DB" "$@" </dev/null 2>"$WORK/cli.err"
}
field() {
	cli show "$1" --format json | sed -n "s/^  \"$2\": \"\\(.*\\)\",\\{0,1\\}\$/\\1/p"
}

# --- Add a listing, with a refused field fixed ----------------------------
start_tui
wait_ready
send a
expect_screen "a opens an empty form to add a listing" '^ Add a listing$'
type "Tidemill Knit and Natter"
send Tab
type "Tidemill Residents' Association"
send Tab Enter
expect_screen "the sector is chosen from a list" 'Sector: type to narrow'
type "commun"
send Enter
expect_screen "the chosen sector shows in words" '^ Sector +Community group'
send Tab Enter
type "meeting"
send Space Enter
expect_screen "needs are chosen from the taxonomy" '^ Needs +Meeting people'
send Tab Enter
type "tidemill"
send Space Enter
expect_screen "localities too" '^ Localities +Tidemill'
send Tab
type "A weekly knitting circle with tea; all levels welcome."
send Tab Tab
type "ZZ9"
send Tab Tab Tab Tab
type "wed 14:00-16:00 in the library"
send C-s
expect_screen "a bad postcode is refused beside its field" "postcode 'ZZ9' is not a UK postcode"
expect_screen "and what was typed is all still there" '^ Description +A weekly knitting circle with tea'
cli show tidemill-knit-and-natter >/dev/null && not_ok "nothing was saved while a field was wrong" \
	|| ok "nothing was saved while a field was wrong"
# The refusal puts the cursor in the field to mend.
send C-u
type "ZW1 4TD"
send C-s
expect_screen "the mended listing is saved" 'Saved Tidemill Knit and Natter \(version 1\)\.'
cli search knit --format tsv >"$WORK/s.tsv"
grep -q '^tidemill-knit-and-natter	Tidemill Knit and Natter	community-group	tidemill	meeting-people	open	' "$WORK/s.tsv" \
	&& ok "it is in the directory, its id made from its name" \
	|| not_ok "it is in the directory, its id made from its name" "$(cat "$WORK/s.tsv")"
[ "$(field tidemill-knit-and-natter postcode)" = "ZW1 4TD" ] && ok "with the fixed postcode" \
	|| not_ok "with the fixed postcode" "$(field tidemill-knit-and-natter postcode)"

# --- Edit, and see the diff in the history --------------------------------
old_phone=$(field harbourside-bereavement-cafe phone)
send /
type "Harbourside Bereavement"
send Enter
expect_screen "the café is found" '^Harbourside Bereavement Ca'
send e
expect_screen "e opens the listing's form" '^ Edit Harbourside Bereavement Café \(version 1\)$'
send Tab Tab Tab Tab Tab Tab Tab Tab
send C-u
type "01632 960123"
send C-s
expect_screen "an edit needs a reason" 'say in a line what changed'
type "new number from the hospice"
send C-s
expect_screen "the edit is saved as version 2" 'Saved Harbourside Bereavement Café \(version 2\)\.'
send H
expect_screen "H shows the history" '^ History of Harbourside Bereavement Café: 2 versions'
expect_screen "the newest version first, with who and why" '^version 2 +.*new number from the hospice'
expect_screen "and what it changed, field by field" "Phone +$old_phone -> 01632 960123"

# --- Restore the old version ------------------------------------------------
send j
expect_screen "the first version's own fields show" '^ What version 1 changed'
send R
expect_status "R asks why" 'Restore it as a new version; why: restored version 1'
send Enter
expect_screen "restoring writes a new version" 'Restored version 1 as version 3\.'
[ "$(field harbourside-bereavement-cafe phone)" = "$old_phone" ] && ok "the old number is back" \
	|| not_ok "the old number is back" "$(field harbourside-bereavement-cafe phone)"
n=$(cli asset history harbourside-bereavement-cafe --format tsv | cut -f1 | sort -u | wc -l)
[ "$n" = 3 ] && ok "and every version is kept (3)" || not_ok "and every version is kept (3)" "$n"
send q

# --- Verify from the queue ----------------------------------------------
send F4
expect_screen "F4 shows the work queue" '^ Work queue: [0-9]+ flags? and [0-9]+ stale listings'
settle
first=$(printf '%s\n' "$SCREEN" | sed -n 4p | awk '{ print $2 }')
stale_before=$(cli stale --format tsv | wc -l)
send g V
expect_screen "V verifies the first stale listing" 'Verified today by '
stale_after=$(cli stale --format tsv | wc -l)
[ "$stale_after" -eq $((stale_before - 1)) ] && ok "it is stale no longer ($stale_before, now $stale_after)" \
	|| not_ok "it is stale no longer" "before $stale_before, after $stale_after"
cli stale --format tsv | grep -q "$first" && not_ok "the verified one left the queue" \
	|| ok "the verified one left the queue"
send q

# --- Archive, and it leaves search --------------------------------------
gym=$(cli search "Toddler gym" --format tsv | cut -f1)
send /
send C-u
type "Toddler gym"
send Enter
expect_screen "Toddler gym is found" '^Toddler gym '
send S
expect_screen "S offers the statuses and archiving" 'archive it: it no longer exists'
type "archive"
send Enter
expect_status "a reason is asked" 'Why, in a line: archived'
send Enter
expect_screen "it is archived" 'Archived '
expect_screen "and leaves the list" 'No assets match\.'
n=$(cli search "Toddler gym" --format tsv | wc -l)
[ "$n" = 0 ] && ok "search no longer finds it" || not_ok "search no longer finds it" "$n"
cli asset history "$gym" --format tsv | grep -q 'archived' && ok "its history keeps it" \
	|| not_ok "its history keeps it"
send q
expect_exit "q quits" 0

# --- Two volunteers save the same listing at once ---------------------------
SECOND="second"
second() { tx send-keys -t "$SECOND" "$@"; }
second_screen() { SCREEN=$(tx capture-pane -p -t "$SECOND"); }
second_has() { second_screen; _has "$1"; }
start_tui
wait_ready
# The second pane: the same program on the same directory, side by side.
tx new-session -d -s "$SECOND" -x 80 -y 24 "/bin/sh $(shell_quote "$WORK/run.sh")"
_second_ready() { second_has '^NAME +SECTOR +LOCALITY'; }
_poll "$TUI_TIMEOUT" _second_ready && ok "a second volunteer opens the same directory" \
	|| fail "a second volunteer opens the same directory"
for who in "$TUI_SESSION" "$SECOND"; do
	tx send-keys -t "$who" /
	tx send-keys -t "$who" -l "Wrenmouth Health Walks"
	tx send-keys -t "$who" Enter e
done
_both_editing() { second_has '^ Edit Wrenmouth Health Walks' && capture && _has '^ Edit Wrenmouth Health Walks'; }
_poll "$TUI_TIMEOUT" _both_editing && ok "both have the listing open in the form" \
	|| fail "both have the listing open in the form"
# The first changes the phone and saves.
send Tab Tab Tab Tab Tab Tab Tab Tab C-u
type "01632 960777"
send C-s
type "phone from the council"
send C-s
expect_screen "the first save goes through" 'Saved Wrenmouth Health Walks'
# The second changes the email, from the version it opened, and saves.
second Tab Tab Tab Tab Tab Tab Tab Tab Tab C-u
tx send-keys -t "$SECOND" -l "walks@example.org"
second C-s
tx send-keys -t "$SECOND" -l "new email"
second C-s
_conflict() { second_has 'Someone else saved this listing while you were editing it'; }
if _poll "$TUI_TIMEOUT" _conflict; then ok "the second save is refused, and says why"; else
	second_screen; not_ok "the second save is refused, and says why" "$(screen_dump)"; fi
_both_shown() { second_has 'Their version 2, by ' && _has 'Phone +.* -> 01632 960777' && _has 'Email +.* -> walks@example.org'; }
if _poll "$TUI_TIMEOUT" _both_shown; then ok "it shows their change and yours"; else
	second_screen; not_ok "it shows their change and yours" "$(screen_dump)"; fi
[ "$(field wrenmouth-health-walks email)" != "walks@example.org" ] \
	&& ok "nothing of the second was written" || not_ok "nothing of the second was written"
second a
_rebased() { second_has 'Your changes are laid over version 2'; }
_poll "$TUI_TIMEOUT" _rebased && ok "a lays the second's changes over the first's" \
	|| { second_screen; not_ok "a lays the second's changes over the first's" "$(screen_dump)"; }
second C-s
_saved() { second_has 'Saved Wrenmouth Health Walks \(version 3\)'; }
_poll "$TUI_TIMEOUT" _saved && ok "and then it saves, as version 3" \
	|| { second_screen; not_ok "and then it saves, as version 3" "$(screen_dump)"; }
[ "$(field wrenmouth-health-walks phone)" = "01632 960777" ] && \
	[ "$(field wrenmouth-health-walks email)" = "walks@example.org" ] \
	&& ok "both changes are kept" \
	|| not_ok "both changes are kept" "phone $(field wrenmouth-health-walks phone), email $(field wrenmouth-health-walks email)"
tx kill-session -t "$SECOND" >/dev/null 2>&1
send Escape q
expect_exit "q quits" 0

done_testing
