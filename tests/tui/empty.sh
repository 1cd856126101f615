#!/bin/sh
# When nothing matches, the list says so and names the filters to
# loosen, with their keys; x brings every asset back.
. "${SIGNPOST_TESTS:-$(dirname "$0")/..}/tui/lib.sh"

make_db
start_tui
wait_ready

# Words alone.
send /
type zzqxv
expect_count "words that match nothing: 0 assets" 0
expect_screen "the list says no assets match" '^ +No assets match\.$'
expect_screen "... and to loosen the words" '^ +Try loosening:$'
expect_screen "... naming the words and their keys" '^ +the words \(/ then Esc\)$'
expect_screen "... or to press x" 'or press x to clear them all\.'
expect_not "no selection is counted" '\(1 of'
expect_not "no preview of an asset" '^Status +'
send Enter
expect_status "Enter leaves the search line" '/ search +Enter open'
send Enter j k G g
send '?'
expect_line "Enter and moving on an empty list do nothing (? still answers)" 2 '^ signpost: the keys$'
send q
expect_screen "still no assets" '^ +No assets match\.$'

send x
expect_count "x brings every asset back" 171
expect_gone "the message goes" 'No assets match'
expect_line "the search line is empty again" 2 '^Search: press / to type words'

# Filters alone: a need, a day, and open only.
want=$(cli_count --need bereavement-baby --day sun)
[ "$want" = 0 ] && ok "the command line finds no baby loss support on Sundays" \
	|| not_ok "the command line finds no baby loss support on Sundays" "it finds $want"
send n
type pregnancy
expect_screen "the need picker finds Baby and pregnancy loss" 'Baby and pregnancy loss'
send Enter
expect_title "need chosen" 'need: Baby and pregnancy loss$'
send d
type sun
expect_screen "the day picker finds Sunday" "$VBAR Sunday +[0-9]+ $VBAR"
send Enter
expect_title "day chosen" 'need: Baby and pregnancy loss  day: Sun$'
send o
expect_title "o: open only" 'day: Sun  open only$'
expect_count "nothing matches" 0
expect_screen "the list says no assets match" '^ +No assets match\.$'
expect_screen "it names the need, the day and open only, with their keys" \
	'the need \(n\), the day \(d\), open only \(o\)'
expect_not "... not the words, which are empty" 'the words'

# Loosen one: the day goes, and assets come back.
send d
expect_screen "d again" 'Day: type to narrow'
send DC
expect_title "the day is cleared" 'need: Baby and pregnancy loss  open only$'
expect_count "loosening the day brings assets back" "$(cli_count --need bereavement-baby --open)"
expect_gone "the message goes" 'No assets match'

# Everything at once, then x.
send l
type heronby
send Enter
send /
type zzqxv
expect_count "words, need, locality and open only: nothing" 0
expect_screen "the list names every filter" \
	'the words \(/ then Esc\), the need \(n\), the locality \(l\),'
expect_screen "... open only too" 'open only \(o\)'
send Escape Escape
expect_count "Esc clears the words, leaving the filters" "$(cli_count --need bereavement-baby --locality heronby --open)"
send x
expect_count "x clears everything: every asset is back" 171
expect_title "the title has no filters" 'directory \(sample\)$'
expect_gone "no message" 'No assets match'

send q
expect_exit "q quits" 0
done_testing
