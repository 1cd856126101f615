#!/bin/sh
# UTF-8 throughout: non-ASCII words typed into the search find the
# non-ASCII names; in the list, every column starts at the same display
# column on every row, whatever the name holds (é, ą, Arabic, an emoji
# two columns wide); the detail view shows the names whole.
#
# Display columns are measured with GNU wc -L (coreutils counts the
# width of each character, as the terminal does), not with python.
. "${SIGNPOST_TESTS:-$(dirname "$0")/..}/tui/lib.sh"

width() {
	printf '%s' "$1" | wc -L
}

# check_columns: for every list row on the screen, the SECTOR column
# starts where the header says, and so does the SEEN column; the names
# and sectors come from `signpost search` with the same words ($1).
# Leaves the names it checked in $WORK/checked.txt.
check_columns() {
	settle
	header=$(line 3)
	sector_at=$(printf '%s\n' "$header" | awk '{ print index($0, "SECTOR") - 1 }')
	locality_at=$(printf '%s\n' "$header" | awk '{ print index($0, "LOCALITY") - 1 }')
	seen_at=$(printf '%s\n' "$header" | awk '{ print index($0, "SEEN") - 1 }')
	sector_cols=$((locality_at - sector_at - 1))
	"$SIGNPOST" --db "$DB" search --limit 0 --format tsv -- "$1" </dev/null \
		| cut -f2,3 >"$WORK/hits.tsv"
	bad=
	checked=0
	list_rows >"$WORK/rows.txt"
	while IFS= read -r row; do
		found=
		while IFS='	' read -r name sector; do
			shown=$sector
			[ "${#sector}" -gt "$sector_cols" ] \
				&& shown=$(printf '%s' "$sector" | cut -c1-$((sector_cols - 1)))
			start=$(printf '%s\n' "$name" | sed 's/^\(.\{20\}\).*/\1/')
			case $row in
			"$start"*" $shown"*) found=1; break ;;
			esac
		done <"$WORK/hits.tsv"
		if [ -z "$found" ]; then
			bad="$bad
not a hit of '$1': $row"
			continue
		fi
		before=${row%%" $shown"*}
		col=$(($(width "$before") + 1))
		[ "$col" = "$sector_at" ] || bad="$bad
SECTOR at column $col, not $sector_at: $row"
		age=${row##* }
		end=$(($(width "$row") - ${#age}))
		[ "$end" = "$seen_at" ] || bad="$bad
SEEN at column $end, not $seen_at: $row"
		[ "$(width "$row")" -le 80 ] || bad="$bad
wider than 80 columns: $row"
		printf '%s\n' "$name" >>"$WORK/checked.txt"
		checked=$((checked + 1))
	done <"$WORK/rows.txt"
	if [ -z "$bad" ] && [ "$checked" -gt 0 ]; then
		ok "'$1': the columns line up on every row ($checked rows)"
	else
		fail "'$1': the columns line up on every row ($checked rows)" "$bad"
	fi
}

# search_for WORDS: the search line holds WORDS and the list what the
# command line finds for them.
search_for() {
	send C-u
	type "$1"
	want=$(cli_count -- "$1")
	_searched() { [ "$(line 2)" = "Search: $1" ] && _count_is "$want"; }
	if _poll "$TUI_TIMEOUT" _searched "$1"; then
		ok "typing '$1' finds $want, as the command line does"
	else
		fail "typing '$1' finds $want, as the command line does"
	fi
}

make_db
: >"$WORK/checked.txt"
start_tui
wait_ready
check_columns ""
send /

search_for "café"
check_columns "café"
grep -q 'Café' "$WORK/checked.txt" && ok "... rows with 'Café' among them" \
	|| fail "... rows with 'Café' among them" "checked: $(cat "$WORK/checked.txt")"

# Each name in turn: typed in its own script, in the list, in full.
# (Names longer than the column end with "…"; the detail shows them whole.)
for q in "sąsiedzki|Polski Klub Sąsiedzki" "سکھی|Sakhi — سکھی women's circle" \
	"rangers|Rock Pool Rangers 🦀" "paned a sgwrs|Cylch Cymraeg Wrenmouth — Paned a Sgwrs" \
	"harbourside bereavement café|Harbourside Bereavement Café"; do
	words=${q%%|*}
	name=${q#*|}
	send /
	search_for "$words"
	check_columns "$words"
	grep -Fxq -- "$name" "$WORK/checked.txt" && ok "... the row of '$name' among them" \
		|| fail "... the row of '$name' among them"
	capture
	_previewed "$name" && ok "the preview shows '$name' whole" \
		|| fail "the preview shows '$name' whole"
	send Enter Enter
	if _poll "$TUI_TIMEOUT" _has_line " $name"; then
		ok "the detail view shows '$name' whole"
	else
		fail "the detail view shows '$name' whole"
	fi
	send q
	expect_line "q back to the list" 3 '^NAME +SECTOR'
done

# The cursor in the search line counts columns, not bytes: after
# "🦀 é", it stands 4 columns after "Search: ".
send /
send C-u
type "🦀 é"
_cursor_at() { [ "$(pane '#{cursor_x}')" = "$1" ]; }
_poll "$TUI_TIMEOUT" _cursor_at 12 && ok "the cursor stands after the wide character and the accent" \
	|| fail "the cursor stands after the wide character and the accent" "cursor_x $(pane '#{cursor_x}'), wanted 12"
send BSpace BSpace
expect_line "Backspace takes a whole character at a time" 2 '^Search: 🦀$'
send BSpace
expect_line "... the emoji too" 2 '^Search:$'

send C-c
expect_exit "Ctrl-C quits" 0
done_testing
