#!/bin/sh
# The search line narrows the list as it is typed, edits as a shell
# does, and takes any text without an error.
. "${SIGNPOST_TESTS:-$(dirname "$0")/..}/tui/lib.sh"

# _search_is TEXT N: the search line holds TEXT and the status line
# counts N assets (both, so a count left from the last query does not
# pass for the new one).
_search_is() {
	[ "$(line 2)" = "$(printf 'Search: %s' "$1" | sed 's/ *$//')" ] && _count_is "$2"
}

# expect_search DESC TEXT: the search line comes to hold TEXT, and the
# count is what `signpost search TEXT` finds.
expect_search() {
	want=$(cli_count -- "$2")
	if _poll "$TUI_TIMEOUT" _search_is "$2" "$want"; then
		ok "$1"
	else
		fail "$1" "wanted the line 'Search: $2' and '$want assets' (as the CLI finds)"
	fi
	LAST=$want
}

make_db
all=$(cli_count)
start_tui
expect_screen "the browser draws the list" '^NAME +SECTOR +LOCALITY +NEEDS'
expect_status "at the start, the status line gives the news of follow-ups (or the count)" \
	'follow-ups|Follow-ups|^171 assets'
wait_ready
expect_count "after a key, the status line counts every asset (171)" 171
[ "$all" = 171 ] && ok "the command line agrees: 171 assets" \
	|| not_ok "the command line agrees: 171 assets" "signpost search finds $all"
expect_line "the search line invites a /" 2 '^Search: press / to type words'

send /
expect_status "/ gives the search line the keys (its hints show)" 'Enter list +Esc clear'
expect_line "the search line is empty and ready" 2 '^Search:$'
[ "$(pane '#{cursor_flag} #{cursor_y}')" = "1 1" ] \
	&& ok "the cursor shows, on the search line" \
	|| fail "the cursor shows, on the search line" "cursor: $(pane '#{cursor_flag} #{cursor_x},#{cursor_y}')"

# --- Narrowing as it is typed, one letter at a time, no Enter ----------
prev=171
sofar=
for letter in b e r e a v; do
	sofar=$sofar$letter
	type "$letter"
	expect_search "typing '$sofar' narrows the list as it is typed" "$sofar"
	if [ "$LAST" -le "$prev" ]; then
		ok "'$sofar' finds no more than the shorter query ($LAST <= $prev)"
	else
		not_ok "'$sofar' finds no more than the shorter query ($LAST <= $prev)"
	fi
	prev=$LAST
done
[ "$LAST" -lt 171 ] && [ "$LAST" -gt 0 ] && ok "'bereav' finds some but not all ($LAST)" \
	|| not_ok "'bereav' finds some but not all ($LAST)"
expect_screen "the list shows a bereavement asset" '^Bereavement counselling +vcse'
expect_not "the list no longer shows assets without the word" '^Baby clinic '

# --- Editing as a shell does --------------------------------------------
send BSpace BSpace BSpace BSpace
expect_search "Backspace widens the search again" "be"
[ "$LAST" -gt 28 ] && ok "'be' finds more than 'bereav' ($LAST)" \
	|| not_ok "'be' finds more than 'bereav' ($LAST)"

send C-u
expect_search "Ctrl-U clears the line" ""
expect_count "with the line cleared, every asset shows again" 171

type "bereavement cafe"
expect_search "two words narrow further" "bereavement cafe"
send C-w
expect_search "Ctrl-W deletes the last word" "bereavement"
_cursor_at() { [ "$(pane '#{cursor_x}')" = "$1" ]; }
_poll "$TUI_TIMEOUT" _cursor_at 20 && ok "... and leaves the space before it, as a shell does" \
	|| fail "... and leaves the space before it, as a shell does" "cursor_x $(pane '#{cursor_x}'), wanted 20"
type "x walk"
expect_search "more words after it" "bereavement x walk"
send C-w C-w
expect_search "Ctrl-W twice deletes two words" "bereavement"
send C-w
expect_search "Ctrl-W again empties the line" ""

type "walk"
expect_search "a new query" "walk"
send Escape
expect_search "Esc clears the search line" ""
expect_status "after one Esc the search line still has the keys" 'Enter list +Esc clear'
send Escape
expect_line "a second Esc goes back to the list" 2 '^Search: press / to type words'
expect_status "the list has the keys again (its hints show)" '/ search +Enter open'

# --- Any text is a valid query ----------------------------------------------
send /
expect_status "/ again" 'Enter list +Esc clear'
for q in "o'neil" 'jo"' '*' '(' 'smith-jones' '"' 'NEAR(a b)' 'a AND' '-walk' "'" '^x' 'col:walk'; do
	send C-u
	_poll "$TUI_TIMEOUT" _search_is "" 171
	type "$q"
	expect_search "the query $q shows a count, not an error" "$q"
	expect_not "no error in the status line for $q" 'rror|syntax|unterminated|no such|fts5|malformed'
done

# --- Results stay put when nothing changed -------------------------------
send C-u
type "walk"
expect_search "a query for the selection test" "walk"
n=$LAST
send Enter
expect_status "Enter goes back to the list" '/ search +Enter open'
send j j
expect_status "j moves the selection in the list" "^$n assets \\(3 of $n\\)"
send /
expect_status "/ goes back to the search line" "^$n assets \\(3 of $n\\)  Enter list"
x_before=$(pane '#{cursor_x}')
send Left
_cursor_moved() { [ "$(pane '#{cursor_x}')" != "$x_before" ]; }
if _poll "$TUI_TIMEOUT" _cursor_moved; then
	ok "Left moves the cursor in the search line ($x_before -> $(pane '#{cursor_x}'))"
else
	fail "Left moves the cursor in the search line" "cursor_x stays $x_before"
fi
expect_status "moving the cursor keeps the selection (3 of $n)" "^$n assets \\(3 of $n\\)"
# (Home and End are also bound, but tmux sends them as \e[1~ and \e[4~,
# which are not xterm's: Ctrl-A and Ctrl-E are the same actions.)
send C-a
_poll "$TUI_TIMEOUT" _cursor_at 8 && ok "Ctrl-A moves the cursor to the start of the words" \
	|| fail "Ctrl-A moves the cursor to the start of the words" "cursor_x $(pane '#{cursor_x}')"
expect_status "Ctrl-A keeps the selection too" "^$n assets \\(3 of $n\\)"
send C-e
_poll "$TUI_TIMEOUT" _cursor_at 12 && ok "Ctrl-E moves the cursor to the end" \
	|| fail "Ctrl-E moves the cursor to the end" "cursor_x $(pane '#{cursor_x}')"
send Tab
expect_status "Tab goes back to the list" '/ search +Enter open'
expect_status "... with the same selection" "^$n assets \\(3 of $n\\)"
send / Down
expect_status "Down goes back to the list" '/ search +Enter open'
expect_status "... without moving the selection" "^$n assets \\(3 of $n\\)"

# In the list, a letter that is no key says how to search.
send w
expect_status "typing in the list says to press / first" 'press / first'

send q
expect_exit "q quits" 0
done_testing
