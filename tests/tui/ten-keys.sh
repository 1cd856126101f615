#!/bin/sh
# The issue's "done when": from the start, ten keys
#   n b e Enter   l h Enter   d h Enter
# find bereavement support in Harbourside on a Thursday: the title shows
# the three filters and the Harbourside Bereavement Café is in the list.
. "${SIGNPOST_TESTS:-$(dirname "$0")/..}/tui/lib.sh"

CAFE="Harbourside Bereavement Café"

make_db
want=$(cli_count --need bereavement --locality harbourside --day thu)
cli_names --need bereavement --locality harbourside --day thu >"$WORK/want.txt"
grep -Fxq "$CAFE" "$WORK/want.txt" && ok "the command line finds the café among $want" \
	|| not_ok "the command line finds the café among $want"

ten_keys() {
	# No key before these: the browser takes them from its first screen.
	wait_for '^NAME +SECTOR +LOCALITY'
	send n b e Enter l h Enter d h Enter
	expect_title "$1: the title shows the need, the place and the day" \
		'need: Bereavement  in: Harbourside  day: Thu$'
	expect_count "$1: the list holds what the command line finds ($want)" "$want"
	settle
	bad=$(names_among "$WORK/want.txt")
	[ -z "$bad" ] && ok "$1: every asset listed is one of them" \
		|| fail "$1: every asset listed is one of them" "others: $bad"
}

start_tui
ten_keys "80x24"
expect_screen "80x24: the café is in the list (its name cut to the column)" \
	'^Harbourside Bereavement Ca(fé|…) +vcse +Harbourside'
select_asset "$CAFE" && ok "80x24: selecting it shows its name whole in the preview" \
	|| fail "80x24: selecting it shows its name whole in the preview"
send Enter
expect_line "80x24: Enter opens it" 2 "^ $CAFE\$"
expect_screen "80x24: ... on Thursday afternoons" '^ Sessions +Thu 14:00-16:00$'
send q q
expect_exit "80x24: q q quits" 0

start_tui_size 100 30
ten_keys "100x30"
expect_screen "100x30: the café is in the list, by its full name" '^Harbourside Bereavement Café +vcse +Harbourside'
send q
expect_exit "100x30: q quits" 0

done_testing
