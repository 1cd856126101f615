#!/bin/sh
# A directory that is not there, or not one this signpost can read: the
# browser does not start, the terminal says why and what to do, the
# status is 1, and the terminal is left as it was.
. "${SIGNPOST_TESTS:-$(dirname "$0")/..}/tui/lib.sh"

# The messages are long: a wide terminal keeps each on one line.

# expect_clean_exit DESC-PREFIX STATUS: the status, and the terminal as
# it was before.
expect_clean_exit() {
	expect_exit "$1: the status is $2" "$2"
	cmp -s "$WORK/stty.before" "$WORK/stty.after" \
		&& ok "$1: the terminal's settings are as they were" \
		|| fail "$1: the terminal's settings are as they were" \
			"before: $(cat "$WORK/stty.before" 2>&1)" "after: $(cat "$WORK/stty.after" 2>&1)"
	[ "$(pane '#{alternate_on} #{cursor_flag}')" = "0 1" ] \
		&& ok "$1: normal screen, cursor showing" \
		|| fail "$1: normal screen, cursor showing" "alternate_on, cursor_flag: $(pane '#{alternate_on} #{cursor_flag}')"
	expect_not "$1: no browser was drawn" '^NAME +SECTOR'
}

TUI_COLS=200; start_program --db "$WORK/nothing.db"
expect_screen "a missing directory points to signpost init" 'signpost init'
expect_screen "... and to --demo" '--demo'
expect_clean_exit "missing" 1
[ ! -e "$WORK/nothing.db" ] && ok "missing: no directory file is made by looking" \
	|| fail "missing: no directory file is made by looking" "$(ls -la "$WORK")"
[ -z "$(ls "$WORK" | grep '^nothing')" ] && ok "missing: no other file either (-wal, -shm, referrals)" \
	|| fail "missing: no other file either (-wal, -shm, referrals)" "$(ls -la "$WORK")"

sqlite3 "$WORK/newer.db" 'PRAGMA user_version = 99; PRAGMA application_id = 1397769265;'
TUI_COLS=200; start_program --db "$WORK/newer.db"
expect_screen "a directory from a newer signpost says so" 'newer signpost'
expect_clean_exit "newer" 1

head -c 8192 /dev/urandom >"$WORK/noise.db"
TUI_COLS=200; start_program --db "$WORK/noise.db"
expect_screen "a file of noise is refused, pointing to doctor" 'doctor'
expect_clean_exit "noise" 1

mkdir "$WORK/folder.db"
TUI_COLS=200; start_program --db "$WORK/folder.db"
expect_screen "a folder for a directory file is refused with a message" 'signpost: .*folder\.db'
expect_clean_exit "folder" 1

# No --db, and no default directory: the same advice.
TUI_COLS=200; start_program
expect_screen "no directory at all points to signpost init" 'signpost init'
expect_clean_exit "none" 1

done_testing
