#!/bin/sh
# The detail view: Enter opens the asset in full, j/k/PgDn/g/G scroll,
# and q or Esc go back to the list with the same selection.
. "${SIGNPOST_TESTS:-$(dirname "$0")/..}/tui/lib.sh"

CAFE="Harbourside Bereavement Café"

# _pct: the "NN%" marker at the foot of the pager, or nothing.
_pct() {
	printf '%s\n' "$SCREEN" | tail -n 2 | head -n 1 | sed -n 's/.* \([0-9][0-9]*\)%$/\1/p'
}
_top_is() {
	[ "$(line 2)" = "$1" ]
}

make_db
start_tui
wait_ready
send /
type bereavement
n=$(cli_count bereavement)
expect_count "a search for 'bereavement' ($n)" "$n"
send Enter
expect_status "back in the list" '/ search +Enter open'
select_asset "$CAFE" && ok "the café is in the list and can be selected" \
	|| fail "the café is in the list and can be selected"
capture
at=$(selected_index)

send Enter
expect_line "Enter opens the asset: its name heads the page" 2 "^ $CAFE\$"
expect_line "... then the organisation" 3 "^ St Elwyn's Hospice\$"
expect_screen "... its description" "^ A relaxed afternoon café for anyone who has been bereaved"
expect_screen "... its sessions" '^ Sessions +Thu 14:00-16:00$'
expect_screen "... where" '^ Where +Harbourside Community Hub, 12 Anchor Row'
expect_screen "... how to get in" '^ How to get in +self-referral'
expect_status "the status line shows the detail's keys" '^p slip +q back'
expect_not "the list is gone" '^NAME +SECTOR'
capture
p0=$(_pct)
[ -n "$p0" ] && [ "$p0" -lt 100 ] && ok "a marker says how far down the page is ($p0%)" \
	|| fail "a marker says how far down the page is" "marker: '$p0'"

send j
if _poll "$TUI_TIMEOUT" _top_is " St Elwyn's Hospice"; then
	ok "j scrolls a line: the organisation is on top"
else
	fail "j scrolls a line: the organisation is on top"
fi
capture
p1=$(_pct)
[ -n "$p1" ] && [ "$p1" -gt "$p0" ] && ok "the marker moves on ($p0% -> $p1%)" \
	|| fail "the marker moves on" "$p0% -> '$p1'"

send NPage
expect_screen "PgDn brings the verification into view" \
	'^ Verified +2026-06-29 by Rosa M\. \(4 months ago\)'
expect_screen "... and the last line, the id" '^ Id +harbourside-bereavement-cafe +100%$'
expect_gone "... and the name has scrolled away" "^ $CAFE\$"

send k
expect_gone "k scrolls back up a line" 'harbourside-bereavement-cafe +100%$'
send g
expect_line "g goes to the top" 2 "^ $CAFE\$"
send G
expect_screen "G goes to the bottom" '^ Id +harbourside-bereavement-cafe +100%$'
send PPage
expect_gone "PgUp goes up a page" 'harbourside-bereavement-cafe +100%$'

send q
expect_line "q goes back to the list" 3 '^NAME +SECTOR'
expect_status "... with the same selection ($at of $n)" "^$n assets \\($at of $n\\)"
capture
_previewed "$CAFE" && ok "... and the preview still shows the café" \
	|| fail "... and the preview still shows the café"

send Enter
expect_line "Enter opens it again" 2 "^ $CAFE\$"
send Escape
expect_line "Esc goes back too" 3 '^NAME +SECTOR'
expect_status "... with the same selection" "^$n assets \\($at of $n\\)"

# An asset at the top of the list, for a second look.
send g
expect_status "g goes to the top of the list" "^$n assets \\(1 of $n\\)"
send Enter
expect_screen "the first asset opens" '^ Sessions +'
send Left
expect_line "Left goes back" 3 '^NAME +SECTOR'
expect_status "... to the first asset" "^$n assets \\(1 of $n\\)"

send q
expect_exit "q quits" 0
done_testing
