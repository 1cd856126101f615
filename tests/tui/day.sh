#!/bin/sh
# The day picker: d, choose Thursday, and the list holds what meets on
# Thursday, as the command line finds it.
. "${SIGNPOST_TESTS:-$(dirname "$0")/..}/tui/lib.sh"

make_db
thu=$(cli_count --day thu)
cli_names --day thu >"$WORK/thursday.txt"
start_tui
wait_ready
expect_count "the browser starts on every asset" 171

send d
expect_screen "d opens the day picker" 'Day: type to narrow'
expect_screen "it offers 'Any day'" "$VBAR Any day +$VBAR"
expect_screen "it offers today, by name (SIGNPOST_TODAY is a Monday)" \
	"$VBAR Today \\(Monday\\) +$(cli_count --day mon) $VBAR"
expect_screen "each day has its count of assets" "$VBAR Thursday +$thu $VBAR"
expect_screen "... Sunday too" "$VBAR Sunday +$(cli_count --day sun) $VBAR"
type thu
expect_screen "typing narrows the days" "$VBAR Find: thu +$VBAR"
expect_gone "... to Thursday alone" "$VBAR (Monday|Tuesday|Sunday) "
send Enter
expect_gone "Enter closes the picker" 'Day: type to narrow'
expect_title "the title shows the day" 'day: Thu$'
expect_count "the count is what 'signpost search --day thu' finds ($thu)" "$thu"
capture
bad=$(names_among "$WORK/thursday.txt")
rows=$(row_names | wc -l)
if [ -z "$bad" ] && [ "$rows" -ge 10 ]; then
	ok "every asset on the screen ($rows) meets on Thursday"
else
	fail "every asset on the screen ($rows) meets on Thursday" "not on Thursday: $bad"
fi

# The first asset, in full: its sessions include a Thursday.
send Enter
expect_screen "Enter opens the first asset" '^ Sessions +'
capture
sessions=$(printf '%s\n' "$SCREEN" | awk '/^ Sessions /{ on = 1; print; next } on && /^                / { print; next } { on = 0 }')
case $sessions in
*Thu*) ok "its sessions include a Thursday" ;;
*) fail "its sessions include a Thursday" "sessions: $sessions" ;;
esac
send q
expect_line "q goes back to the list" 3 '^NAME +SECTOR'

# Page down: the assets further down meet on Thursday too.
send NPage
expect_status "PgDn moves down the list" "^$thu assets \\((1[2-9]|2[0-9]) of $thu\\)"
capture
bad=$(names_among "$WORK/thursday.txt")
[ -z "$bad" ] && ok "the next page meets on Thursday too" \
	|| fail "the next page meets on Thursday too" "not on Thursday: $bad"

# The picker opens on the day chosen; today is a choice of its own.
send d
expect_screen "d again" 'Day: type to narrow'
send Enter
expect_title "Enter straight away keeps Thursday" 'day: Thu$'
send d
type today
expect_screen "'today' finds today" "$VBAR Today \\(Monday\\) "
send Enter
expect_title "choosing today filters by today's day" 'day: Mon$'
expect_count "... as 'signpost search --day today' finds" "$(cli_count --day today)"

# Day and need combine.
send n
type berea
send Enter
expect_title "a need beside the day" 'need: Bereavement  day: Mon$'
expect_count "day and need combine" "$(cli_count --day mon --need bereavement)"

# Del clears the day only.
send d
expect_screen "d again" 'Day: type to narrow'
send DC
expect_title "Del clears the day" 'need: Bereavement$'
expect_count "... and the list widens" "$(cli_count --need bereavement)"

send q
expect_exit "q quits" 0
done_testing
