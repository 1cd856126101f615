#!/bin/sh
# The layout follows the terminal's size: at 120x40 the preview sits
# beside the list, at 80x24 below it; the selection and the filters
# survive each resize, and the screen is drawn whole each time.
. "${SIGNPOST_TESTS:-$(dirname "$0")/..}/tui/lib.sh"

# _wide: the list's header and the preview share a row.
_wide() {
	line 3 | grep -Eq "^NAME +SECTOR .*SEEN +$VBAR [^ ]"
}
# _narrow ROWS: the preview below the list, under a rule; the status
# line is the last of ROWS rows.
_narrow() {
	_has "^$HBAR{80}\$" && ! line 3 | grep -Eq "SEEN +$VBAR"
}
# preview_name: the preview's heading, in the narrow layout (the line
# after the rule).
preview_name() {
	printf '%s\n' "$SCREEN" | awk -v rule="^(─|q)+$" 'hit { print; exit } $0 ~ rule { hit = 1 }'
}
# expect_whole DESC ROWS SELECTION-REGEX: the screen has ROWS rows, the
# title on the first, the list's header once, and the status line (with
# the selection) on the last.
_whole_problems() {
	problems=
	[ "$(printf '%s\n' "$SCREEN" | wc -l)" = "$1" ] || problems="not $1 rows;"
	line 1 | grep -q '^Wrenmouth and District' || problems="$problems title not on row 1;"
	[ "$(printf '%s\n' "$SCREEN" | grep -Ec '^NAME +SECTOR')" = 1 ] \
		|| problems="$problems the list's header is not there once;"
	line last | grep -Eq "$2" || problems="$problems the last row is not the status line /$2/;"
}
_whole() {
	_whole_problems "$@"
	[ -z "$problems" ]
}
expect_whole() {
	desc=$1
	shift
	_poll "$TUI_TIMEOUT" _whole "$@"
	settle
	_whole_problems "$@"
	if [ -z "$problems" ]; then ok "$desc"; else fail "$desc" "$problems"; fi
}

make_db
n=$(cli_count --need bereavement)
start_tui_size 120 40
wait_ready
if _poll "$TUI_TIMEOUT" _wide; then ok "at 120x40 the preview sits beside the list"; else
	fail "at 120x40 the preview sits beside the list"; fi
expect_not "... with no rule across" "^$HBAR{40}"

send n
type berea
send Enter
expect_title "a need filter" 'need: Bereavement$'
expect_count "... narrows the list" "$n"
send j j j
expect_status "the fourth asset is selected" "^$n assets \\(4 of $n\\)"
expect_whole "the wide screen is whole" 40 "^$n assets \\(4 of $n\\)"

resize 80 24
if _poll "$TUI_TIMEOUT" _narrow; then ok "at 80x24 the preview moves below the list, under a rule"; else
	fail "at 80x24 the preview moves below the list, under a rule"; fi
expect_status "the selection survives the resize" "^$n assets \\(4 of $n\\)"
expect_title "the filter survives the resize" 'need: Bereavement$'
expect_whole "the narrow screen is whole, the status line last" 24 "^$n assets \\(4 of $n\\)"
settle
chosen=$(preview_name)
[ -n "$chosen" ] && ok "the preview shows the selected asset ($chosen)" \
	|| fail "the preview shows the selected asset"

resize 120 40
if _poll "$TUI_TIMEOUT" _wide; then ok "back at 120x40 the preview is beside the list again"; else
	fail "back at 120x40 the preview is beside the list again"; fi
expect_whole "the wide screen is whole again" 40 "^$n assets \\(4 of $n\\)"
expect_title "the filter is still there" 'need: Bereavement$'
settle
_previewed "$chosen" && ok "... and the same asset is previewed" \
	|| fail "... and the same asset is previewed" "wanted '$chosen'"

# A search in progress survives too, with the cursor on its line.
send /
type grief
m=$(cli_count --need bereavement grief)
expect_count "words narrow the list further" "$m"
resize 100 30
_width_is() { [ "$(line 3 | wc -L)" -le 100 ] && line 3 | grep -Eq '^NAME +SECTOR.* SEEN$'; }
if _poll "$TUI_TIMEOUT" _width_is; then ok "at 100x30 the list takes the width"; else
	fail "at 100x30 the list takes the width"; fi
expect_whole "at 100x30 the screen is whole" 30 "^$m assets? "
expect_line "the words survive" 2 '^Search: grief$'
[ "$(pane '#{cursor_flag} #{cursor_y}')" = "1 1" ] && ok "the cursor is still on the search line" \
	|| fail "the cursor is still on the search line" "cursor: $(pane '#{cursor_flag} #{cursor_x},#{cursor_y}')"
send Escape Escape
expect_count "Esc clears the words" "$n"

# The detail view is laid out again too.
send Enter
expect_screen "an asset in full" '^ Sessions +'
resize 80 24
_detail_whole() { [ "$(printf '%s\n' "$SCREEN" | wc -l)" = 24 ] && line last | grep -q '^p slip' && _has '^ Sessions +'; }
if _poll "$TUI_TIMEOUT" _detail_whole; then ok "the detail view is redrawn at 80x24, its keys on the last row"; else
	fail "the detail view is redrawn at 80x24, its keys on the last row"; fi
expect_not "no line of it runs past 80 columns" '^.{81}'
send q
expect_whole "back to the list at 80x24" 24 "^$n assets \\(4 of $n\\)"

# A picker is placed again.
send l
expect_screen "the locality picker" 'Locality: type to narrow'
resize 120 40
place_count() {
	"$SIGNPOST" --db "$DB" localities --format tsv </dev/null | awk -F '\t' -v id="$1" '$1 == id { print $5 }'
}
n_kittiwake=$(place_count kittiwake-estate)
n_marram=$(place_count marram-park)
_picker_tall() {
	_has "$VBAR +Kittiwake Estate +$n_kittiwake $VBAR" && _has "$VBAR +Marram Park +$n_marram $VBAR"
}
if _poll "$TUI_TIMEOUT" _picker_tall; then ok "the picker grows with the terminal"; else
	fail "the picker grows with the terminal"; fi
send Escape
expect_gone "Esc closes it" 'Locality: type to narrow'
expect_whole "the wide list is whole after the picker" 40 "^$n assets \\(4 of $n\\)"

# Too small, and back.
resize 30 8
expect_screen "a terminal too small says so" 'too small'
resize 80 24
expect_whole "back at 80x24 the screen is whole" 24 "^$n assets \\(4 of $n\\)"
expect_title "... with the filter" 'need: Bereavement$'
expect_gone "... and nothing of the message left" 'too small'

send q
expect_exit "q quits" 0
done_testing
