#!/bin/sh
# ? shows the keys of every context, from the key table (src/tui/keys.c);
# the help scrolls; ? or q (or Esc) go back where they came from.
. "${SIGNPOST_TESTS:-$(dirname "$0")/..}/tui/lib.sh"

_pct() {
	printf '%s\n' "$SCREEN" | tail -n 2 | head -n 1 | sed -n 's/.* \([0-9][0-9]*\)%$/\1/p'
}
_pct_is() {
	[ "$(_pct)" = "$1" ]
}
_pct_not() {
	[ "$(_pct)" != "$1" ]
}

make_db
start_tui
wait_ready

send '?'
expect_line "? opens the help" 2 '^ signpost: the keys$'
expect_screen "the first part is the list's keys" '^ In the list of assets$'
expect_status "the help's own keys show in the status line" 'q back'
capture
p=$(_pct)
[ -n "$p" ] && [ "$p" -lt 100 ] && ok "the help is longer than the screen, and says how far ($p%)" \
	|| fail "the help is longer than the screen, and says how far" "marker '$p'"

# PgDn pages through the help, to 100%.
pages=0
while :; do
	settle
	p=$(_pct)
	[ -z "$p" ] || [ "$p" = 100 ] || [ "$pages" -ge 30 ] && break
	send NPage
	_poll "$TUI_TIMEOUT" _pct_not "$p" || { fail "PgDn scrolls the help" "stuck at $p%"; break; }
	pages=$((pages + 1))
done
[ "$pages" -ge 2 ] && [ "$p" = 100 ] && ok "PgDn pages through the help to 100% ($pages pages)" \
	|| fail "PgDn pages through the help to 100% ($pages pages)"

send g
expect_line "g goes back to the top" 2 '^ signpost: the keys$'
send j
expect_gone "j scrolls a line" '^ signpost: the keys$'
send k
expect_line "k scrolls back" 2 '^ signpost: the keys$'
send G
if _poll "$TUI_TIMEOUT" _pct_is 100; then ok "G goes to the end (100%)"; else fail "G goes to the end (100%)"; fi

send '?'
expect_line "? again goes back to the list" 3 '^NAME +SECTOR'
expect_status "... and its keys" '/ search +Enter open'
send '?'
expect_line "? opens the help again, at the top" 2 '^ signpost: the keys$'
send q
expect_line "q goes back to the list" 3 '^NAME +SECTOR'
send F1
expect_line "F1 opens the help too" 2 '^ signpost: the keys$'
send Escape
expect_line "Esc goes back" 3 '^NAME +SECTOR'

# From an asset, the help goes back to the asset.
send Enter
expect_screen "an asset in full" '^ Sessions +'
capture
heading=$(line 2)
send '?'
expect_line "? from an asset opens the help" 2 '^ signpost: the keys$'
send q
if _poll "$TUI_TIMEOUT" _line_has 2 "^$heading\$"; then
	ok "q goes back to the asset, not the list"
else
	fail "q goes back to the asset, not the list" "wanted '$heading' on line 2"
fi

# From the search line: F1, and back to the search line with its words.
send q
expect_line "back to the list" 3 '^NAME +SECTOR'
send /
type walk
expect_line "words in the search line" 2 '^Search: walk$'
send F1
expect_line "F1 from the search line opens the help" 2 '^ signpost: the keys$'
send q
expect_line "q goes back, the words kept" 2 '^Search: walk$'

send C-c
expect_exit "Ctrl-C quits" 0

# --- What the help says: all of it on one tall screen --------------------
start_tui_size 80 400
wait_ready
send '?'
expect_line "in a tall terminal, ? shows the help" 2 '^ signpost: the keys$'
expect_screen "... all of it" 'config.yaml; see signpost\(1\)\.$'
settle
printf '%s\n' "$SCREEN" | sed -n "2,399p" >"$WORK/help.txt"

# help_has DESC REGEX: some line of the whole help matches.
help_has() {
	if grep -Eq -- "$2" "$WORK/help.txt"; then ok "$1"; else
		not_ok "$1" "no line of the help matches /$2/" "the help:" "$(sed 's/^/|/' "$WORK/help.txt")"
	fi
}
help_has "the list: n filters by need" '^ n +Filter by need$'
help_has "the list: the need picker chooses several" 'Space chooses several needs'
help_has "the list: d filters by day" '^ d +Filter by day of the week$'
help_has "the list: q quits" '^ q, Ctrl-C +Quit signpost$'
help_has "the search line has its part" '^ In the search line$'
help_has "the search line: Ctrl-W deletes a word" '^ Ctrl-W +Delete the word before the cursor$'
help_has "the search line: Esc clears it" '^ Esc +Clear the search line \(again: back to the list\)$'
help_has "pickers have their part" '^ In a picker \(need, locality, sector, day\)$'
help_has "a picker: Space chooses" '^ Space, Tab +Choose or unchoose this item$'
help_has "a picker: Del clears the filter" '^ Del +Clear this filter$'
help_has "the asset has its part" '^ In an asset$'
help_has "an asset: p writes the slip" '^ p +Write the next-steps slip for the person$'
help_has "a question has its part" '^ Answering a question$'
help_has "F3 opens the follow-ups" 'F3 +Follow-ups: your open referrals, overdue first$'
# Every context of the key table has its part: the referral form and
# the follow-ups have keys of their own too.
help_has "a form's keys are listed (Ctrl-S saves)" '^ Ctrl-S, F10 +Save$'
help_has "a form's keys are listed (Shift-Tab goes back a field)" 'Shift-Tab.* +Previous field$'
help_has "the follow-ups' keys are listed (f sets the next follow-up)" '^ f +Set the next follow-up date$'
help_has "the follow-ups' keys are listed (c closes a referral)" '^ c +Close the referral with its outcome$'

# In each part, a key does one thing: the first binding in the table is
# the one that acts, so a key listed for two actions misleads.
awk '
	/^ *$/ { part = ""; next }
	part == "" { part = $0; next }
	/…/ { next }
	{
		i = index($0, "  ")
		if (i <= 2)
			next
		label = substr($0, 2, i - 2)
		what = substr($0, i)
		sub(/^ +/, "", what)
		n = split(label, key, ", ")
		for (k = 1; k <= n; k++) {
			id = part SUBSEP key[k]
			if ((id in seen) && seen[id] != what)
				printf "%s: %s is listed as \"%s\" and as \"%s\"\n", part, key[k], seen[id], what
			else
				seen[id] = what
		}
	}' "$WORK/help.txt" >"$WORK/clashes.txt"
if [ ! -s "$WORK/clashes.txt" ]; then
	ok "in each part of the help, each key does one thing"
else
	not_ok "in each part of the help, each key does one thing" "$(cat "$WORK/clashes.txt")"
fi

send C-c
expect_exit "Ctrl-C quits" 0
done_testing
