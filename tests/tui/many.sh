#!/bin/sh
# A directory past the browser's count: the status line says "more than
# 2000 assets" rather than count every match on a keystroke, the list
# still holds them all, and a narrow search is counted exactly.
. "${SIGNPOST_TESTS:-$(dirname "$0")/..}/tui/lib.sh"

make_db
# 2,100 more assets, all with the word "plentiful".
awk 'BEGIN {
	print "assets:"
	for (i = 0; i < 2100; i++)
		printf "  - id: many-%04d\n    name: Plentiful %04d\n    sector: vcse\n" \
		       "    needs: [loneliness]\n    localities: [harbourside]\n", i, i
}' >"$WORK/many.yaml"
if "$SIGNPOST" --db "$DB" import -q "$WORK/many.yaml" >"$WORK/import.out" 2>&1; then
	ok "2,100 more assets import"
else
	not_ok "2,100 more assets import" "$(cat "$WORK/import.out")"
fi
all=$(cli_count)
[ "$all" -gt 2000 ] && ok "the command line counts them all ($all)" \
	|| not_ok "the command line counts them all ($all)"

start_tui
expect_screen "the browser draws the list" '^NAME +SECTOR +LOCALITY +NEEDS'
send g
expect_status "with no words, the count stops at 2000 and says so" \
	'^more than 2000 assets \(1 of more than 2000\)'
send /
type plenti
expect_line "the search line holds the words" 2 '^Search: plenti$'
expect_status "2,100 matches: more than 2000" '^more than 2000 assets'
type "ful 0042"
expect_status "one match is counted exactly" '^1 asset \(1 of 1\)'
expect_screen "and shown" '^Plentiful 0042 '
send BSpace BSpace
expect_status "100 matches (0000 to 0099) are counted exactly" \
	"^$(cli_count -- 'plentiful 00') assets"
send Escape
expect_status "Esc clears the words: the whole directory again" '^more than 2000 assets'
send Tab
expect_status "Tab goes back to the list" '/ search +Enter open'
send q
expect_exit "q quits" 0
done_testing
