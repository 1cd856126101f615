#!/bin/sh
# The next-steps slip from the detail view: p asks where to write it,
# with slip-ID.txt in the current folder as the answer to take; and
# --print-slip prints it to standard output and quits.
. "${SIGNPOST_TESTS:-$(dirname "$0")/..}/tui/lib.sh"

CAFE="Harbourside Bereavement Café"
ID=harbourside-bereavement-cafe

# open_cafe: from the list, the café in full.
open_cafe() {
	send /
	type "bereavement caf"
	expect_count "a search that finds the café" "$(cli_count "bereavement caf")"
	send Enter
	select_asset "$CAFE" || fail "the café is in the list"
	send Enter
	expect_line "the café opens" 2 "^ $CAFE\$"
}

make_db
"$SIGNPOST" --db "$DB" slip "$ID" >"$WORK/expected.txt" </dev/null \
	|| echo "Bail out! signpost slip $ID failed"

start_tui
wait_ready
open_cafe

send p
expect_status "p asks where to write the slip, offering slip-ID.txt" \
	"^Write the slip to: slip-$ID\\.txt\$"
[ "$(pane '#{cursor_flag} #{cursor_y}')" = "1 23" ] \
	&& ok "the cursor shows, in the question" \
	|| fail "the cursor shows, in the question" "cursor: $(pane '#{cursor_flag} #{cursor_x},#{cursor_y}')"
send Enter
expect_status "Enter writes it and says where" "The slip is in slip-$ID\\.txt"
slip="$WORK/slip-$ID.txt"
if [ -f "$slip" ]; then ok "the slip is in the current folder"; else
	fail "the slip is in the current folder" "$(ls -la "$WORK")"; fi
grep -q "^$CAFE\$" "$slip" 2>/dev/null && ok "the slip names the asset" \
	|| fail "the slip names the asset" "$(head -5 "$slip" 2>&1)"
grep -q "^Next steps" "$slip" 2>/dev/null && ok "the slip says 'Next steps'" \
	|| fail "the slip says 'Next steps'" "$(head -5 "$slip" 2>&1)"
grep -q "Thu, 14:00 to 16:00" "$slip" 2>/dev/null && ok "the slip says when" \
	|| fail "the slip says when"
cmp -s "$slip" "$WORK/expected.txt" && ok "the slip is the one 'signpost slip' writes" \
	|| fail "the slip is the one 'signpost slip' writes" \
		"$(diff "$WORK/expected.txt" "$slip" 2>&1 | head -20)"
expect_line "the detail view stays" 2 "^ $CAFE\$"

# Another name, typed over the offered one.
send p
expect_status "p again" "^Write the slip to: slip-$ID\\.txt\$"
send C-u
expect_status "Ctrl-U empties the answer" '^Write the slip to:$'
type "for-mrs-b.txt"
expect_status "a name of one's own" '^Write the slip to: for-mrs-b\.txt$'
send Enter
expect_status "Enter writes it there" 'The slip is in for-mrs-b\.txt'
cmp -s "$WORK/for-mrs-b.txt" "$WORK/expected.txt" && ok "... the same slip" \
	|| fail "... the same slip" "$(ls -la "$WORK")"

# Esc: nothing written.
before=$(ls "$WORK")
send p
expect_status "p again" "^Write the slip to: "
send C-u
type "not-written.txt"
send Escape
expect_status "Esc drops the question" '^p slip +q back'
if [ ! -e "$WORK/not-written.txt" ] && [ "$before" = "$(ls "$WORK")" ]; then
	ok "... and writes nothing"
else
	fail "... and writes nothing" "before: $before" "after: $(ls "$WORK")"
fi

# A place that cannot be written says why, and the program goes on.
send p
send C-u
type "no/such/folder/slip.txt"
send Enter
expect_status "a folder that is not there is an error in the status line" \
	'Cannot write the slip to no/such/folder/slip\.txt: No such file or directory'
send p
send C-u
send Enter
expect_status "an empty name asks for one" 'Cannot write the slip.*give a file name'
expect_line "the detail view is still there" 2 "^ $CAFE\$"
send q
expect_line "q goes back to the list" 3 '^NAME +SECTOR'
send q
expect_exit "q quits" 0

# --- --print-slip: p prints the slip on the way out ----------------------
rm -f "$WORK/slip.out"
TUI_STDOUT="$WORK/slip.out"
start_tui --print-slip
wait_ready
expect_screen "with standard output in a file, the browser draws on the terminal" '^NAME +SECTOR'
open_cafe
send p
expect_exit "p ends the program with status 0" 0
cmp -s "$WORK/slip.out" "$WORK/expected.txt" && ok "standard output holds the slip, and only it" \
	|| fail "standard output holds the slip, and only it" \
		"$(diff "$WORK/expected.txt" "$WORK/slip.out" 2>&1 | head -20)"
cmp -s "$WORK/stty.before" "$WORK/stty.after" && ok "the terminal's settings are as they were" \
	|| fail "the terminal's settings are as they were"
[ "$(pane '#{alternate_on}')" = 0 ] && ok "the terminal is back on its normal screen" \
	|| fail "the terminal is back on its normal screen"
expect_gone "the browser's screen is gone" '^NAME +SECTOR'

done_testing
