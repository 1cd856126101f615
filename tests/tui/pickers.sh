#!/bin/sh
# The need, locality and sector pickers: type to narrow, counts and the
# hierarchy shown, Space for several needs, Enter applies, Del clears,
# Esc cancels, and x clears every filter.
. "${SIGNPOST_TESTS:-$(dirname "$0")/..}/tui/lib.sh"

# Rows of the picker that hold a need ("[│x] [ ] Bereavement   27 [│x]").
need_rows() {
	printf '%s\n' "$SCREEN" | grep -c '[│x] \[[ x]\] '
}

# expect_filtered DESC CLI-ARGS...: the count is what the CLI finds.
expect_filtered() {
	desc=$1
	shift
	want=$(cli_count "$@")
	expect_count "$desc ($want, as 'signpost search $*')" "$want"
}

make_db
start_tui
wait_ready
expect_count "the browser starts on every asset" 171

# --- Needs ------------------------------------------------------------------
send n
expect_screen "n opens the need picker" 'Need: type to narrow; Space chooses several'
expect_screen "the picker has a line to type in" '[│x] Find: +[│x]'
expect_screen "it offers 'Any need'" '[│x] +Any need +[│x]'
expect_screen "top-level needs with their counts" '[│x] \[ \] End of life +37 [│x]'
expect_screen "a sub-need is indented under its parent" '[│x] \[ \]   Bereavement +27 [│x]'
expect_screen "a sub-sub-need is indented further" '[│x] \[ \]     Bereaved by suicide +1 [│x]'
expect_status "the status line shows the picker's keys" '^Enter use +Space choose +Del any +Esc cancel'

type ber
expect_screen "typing narrows the picker (Find: ber)" '[│x] Find: ber +[│x]'
expect_screen "... to needs with 'ber' in them, with their parent" \
	'[│x] \[ \] Bereavement  \(in End of life\) +27 [│x]'
expect_screen "... including sub-needs" '[│x] \[ \] Bereaved by suicide  \(in Bereavement\) +1 [│x]'
expect_gone "... and without the others" 'Loneliness and isolation'
expect_not "'Any need' is not among the matches" 'Any need'
capture
[ "$(need_rows)" = 3 ] && ok "exactly three needs match 'ber'" \
	|| fail "exactly three needs match 'ber'" "$(need_rows) rows"

send Enter
expect_gone "Enter closes the picker" 'Need: type to narrow'
expect_title "the title shows the need" 'need: Bereavement$'
expect_filtered "the list narrows to the need" --need bereavement
expect_screen "the list holds a bereavement asset" '^Harbourside Bereavement Ca'
expect_not "the list lost an asset without the need" '^Advice drop-in '

send n
expect_screen "the picker opens on what is chosen" '[│x] \[x\]   Bereavement +27 [│x]'
send DC
expect_gone "Del closes the picker" 'Need: type to narrow'
expect_count "Del clears the need filter" 171
expect_title "the title no longer names a need" 'directory \(sample\)$'

# Space chooses several.
send n
expect_screen "n again" 'Need: type to narrow'
type berea
expect_screen "narrowed to Bereavement" '[│x] Find: berea +[│x]'
send Space
expect_screen "Space marks the need" '[│x] \[x\] Bereavement  \(in End of life\) +27 [│x]'
send C-u
expect_screen "Ctrl-U empties the picker's line" '[│x] Find: +[│x]'
expect_screen "the mark stays when the line changes" '[│x] \[x\]   Bereavement +27 [│x]'
type lonel
expect_screen "narrowed to Loneliness" '[│x] \[ \] Loneliness and isolation +73 [│x]'
send Space
expect_screen "Space marks a second need" '[│x] \[x\] Loneliness and isolation +73 [│x]'
send Enter
expect_title "the title shows both needs" 'need: Bereavement, Loneliness and isolation$'
expect_filtered "either need matches" --need bereavement --need loneliness

# Esc cancels without change.
send n
expect_screen "the picker shows both marks" '[│x] \[x\] Loneliness and isolation +73 [│x]'
type mental
send Space
expect_screen "a third need marked" '[│x] \[x\] Mental wellbeing +26 [│x]'
send Escape
expect_gone "Esc closes the picker" 'Need: type to narrow'
expect_title "Esc leaves the needs as they were" 'need: Bereavement, Loneliness and isolation$'
expect_filtered "... and the list too" --need bereavement --need loneliness
send n
expect_screen "the cancelled mark is not kept" '[│x] \[ \] Mental wellbeing +26 [│x]'
send DC
expect_count "Del clears both needs" 171

# --- Localities -------------------------------------------------------------
# A place counts what choosing it finds (what serves it, a place within
# it, or one around it): the command line says how many.
place_count() {
	"$SIGNPOST" --db "$DB" localities --format tsv </dev/null | awk -F '\t' -v id="$1" '$1 == id { print $5 }'
}
n_town=$(place_count wrenmouth)
n_harbour=$(place_count harbourside)
n_kittiwake=$(place_count kittiwake-estate)
[ "$n_harbour" = "$(cli_count --locality harbourside)" ] \
	&& ok "a place's count is what choosing it finds ($n_harbour)" \
	|| not_ok "a place's count is what choosing it finds" "count $n_harbour, found $(cli_count --locality harbourside)"
send l
expect_screen "l opens the locality picker" 'Locality: type to narrow'
expect_screen "it offers 'Anywhere'" '[│x] Anywhere +[│x]'
expect_screen "the region, with its count" '[│x] Wrenmouth and District +171 [│x]'
expect_screen "a town indented under the region" "[│x]   Wrenmouth +$n_town [│x]"
expect_screen "a neighbourhood indented under the town" "[│x]     Harbourside +$n_harbour [│x]"
type harb
expect_screen "typing narrows the localities" "[│x] Harbourside  \\(in Wrenmouth\\) +$n_harbour [│x]"
expect_gone "... to those that match" '[│x] +Old Town +[0-9]+ [│x]'
send Enter
expect_title "the title shows the locality" 'in: Harbourside$'
expect_filtered "the list narrows to what serves Harbourside" --locality harbourside

# Typing in a picker narrows, whatever the letter: j and k too.
send l
expect_screen "l again" 'Locality: type to narrow'
type kittiwake
expect_screen "every typed letter goes to the picker's line (j and k too)" '[│x] Find: kittiwake +[│x]' 3
expect_screen "typing 'kittiwake' finds Kittiwake Estate" "[│x] Kittiwake Estate  \\(in Wrenmouth\\) +$n_kittiwake [│x]"
send Escape
expect_gone "Esc closes it" 'Locality: type to narrow'
expect_title "Esc keeps Harbourside" 'in: Harbourside$'

send l
expect_screen "l again" 'Locality: type to narrow'
send Space
expect_status "Space in the locality picker says only one is chosen, with Enter" \
	'Only one can be chosen here; Enter chooses this one'
send Enter
expect_gone "Enter straight away closes the picker" 'Locality: type to narrow'
expect_title "the picker opened on Harbourside, so it stays" 'in: Harbourside$'
send l
expect_screen "l again" 'Locality: type to narrow'
send Up
send Enter
expect_title "Up from Harbourside chooses Wrenmouth" 'in: Wrenmouth$'
expect_filtered "the list shows what serves Wrenmouth" --locality wrenmouth

# --- Sectors ------------------------------------------------------------------
send s
expect_screen "s opens the sector picker" 'Sector: type to narrow'
expect_screen "it offers 'Any sector'" '[│x] Any sector +[│x]'
expect_screen "sectors with counts" '[│x] NHS +12 [│x]'
type fai
expect_screen "typing narrows the sectors" '[│x] Faith group +16 [│x]'
expect_gone "... to those that match" '[│x] NHS '
send Enter
expect_title "the title shows the sector beside the locality" 'in: Wrenmouth  sector: Faith group$'
expect_filtered "sector and locality combine" --locality wrenmouth --sector faith
send s
expect_screen "s again" 'Sector: type to narrow'
send DC
expect_title "Del clears the sector only" 'in: Wrenmouth$'
expect_filtered "... and the list widens" --locality wrenmouth

# --- x clears everything ------------------------------------------------------
send n
type berea
send Enter
expect_title "need and locality" 'need: Bereavement  in: Wrenmouth$'
send / 
type walk
expect_line "and some words" 2 '^Search: walk$'
send Enter
expect_filtered "all three combine" --need bereavement --locality wrenmouth walk
send x
expect_count "x brings every asset back" 171
expect_title "x clears the filters from the title" 'directory \(sample\)$'
expect_line "x clears the search words" 2 '^Search: press / to type words'

# --- The count beside a locality is what choosing it finds -------------------
# A link worker reads the count to choose: for needs (Bereavement 27,
# and choosing it finds 27) and for places alike (what serves the place,
# a place within it, or the town or district around it).
send l
expect_screen "l for the counts check" 'Locality: type to narrow'
capture
shown=$(printf '%s\n' "$SCREEN" | sed -n 's/.*[│x]     Harbourside  *\([0-9][0-9]*\) [│x].*/\1/p')
want=$(cli_count --locality harbourside)
if [ "$shown" = "$want" ]; then
	ok "the picker's count for Harbourside ($shown) is what choosing it finds"
else
	not_ok "the picker's count for Harbourside ($shown) is what choosing it finds ($want)"
fi
send Escape

send q
expect_exit "q quits" 0
done_testing
