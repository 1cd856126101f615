#!/bin/sh
# Leaving: q and Ctrl-C end the program with status 0, from wherever
# Ctrl-C is pressed; a SIGINT or SIGTERM from elsewhere ends it cleanly
# too.  Each time, the terminal is left as it was: the same stty
# settings, the normal screen (not the alternate one), the cursor shown.
. "${SIGNPOST_TESTS:-$(dirname "$0")/..}/tui/lib.sh"

# expect_clean DESC: the terminal as it was before the program.
expect_clean() {
	cmp -s "$WORK/stty.before" "$WORK/stty.after" \
		&& ok "$1: the terminal's settings are as they were" \
		|| fail "$1: the terminal's settings are as they were" \
			"before: $(cat "$WORK/stty.before" 2>&1)" "after: $(cat "$WORK/stty.after" 2>&1)"
	[ "$(pane '#{alternate_on}')" = 0 ] && ok "$1: back on the normal screen" \
		|| fail "$1: back on the normal screen" "alternate_on: $(pane '#{alternate_on}')"
	[ "$(pane '#{cursor_flag}')" = 1 ] && ok "$1: the cursor shows" \
		|| fail "$1: the cursor shows" "cursor_flag: $(pane '#{cursor_flag}')"
	expect_gone "$1: the browser's screen is gone" '^NAME +SECTOR'
}

# program_pid: the signpost the pane's shell runs (found in /proc: no ps
# or pgrep needed).
program_pid() {
	shell=$(pane '#{pane_pid}')
	for stat in /proc/[0-9]*/stat; do
		# pid (comm) state ppid ...: a comm with spaces shifts the
		# fields, but then it is not "(signpost)".
		read -r pid comm _ ppid _ 2>/dev/null <"$stat" || continue
		[ "$ppid" = "$shell" ] && [ "$comm" = "(signpost)" ] && { echo "$pid"; return 0; }
	done
	return 1
}

make_db

start_tui
wait_ready
send q
expect_exit "q in the list quits with status 0" 0
expect_clean "q"

start_tui
wait_ready
send C-c
expect_exit "Ctrl-C in the list quits with status 0" 0
expect_clean "Ctrl-C"

start_tui
wait_ready
send /
type walk
expect_line "typing in the search line" 2 '^Search: walk$'
send C-c
expect_exit "Ctrl-C in the search line quits with status 0" 0
expect_clean "Ctrl-C in the search line"

start_tui
wait_ready
send n
expect_screen "a picker open" 'Need: type to narrow'
send C-c
expect_exit "Ctrl-C in a picker quits with status 0" 0
expect_clean "Ctrl-C in a picker"

start_tui
wait_ready
send Enter
expect_screen "an asset open" '^ Sessions +'
send p
expect_status "a question in the status line" '^Write the slip to: '
send C-c
expect_exit "Ctrl-C while a question is asked quits with status 0" 0
expect_clean "Ctrl-C at a question"
[ -z "$(ls "$WORK" | grep '^slip-')" ] && ok "Ctrl-C at the question wrote no slip" \
	|| fail "Ctrl-C at the question wrote no slip" "$(ls "$WORK")"

# Signals from elsewhere: the program puts the terminal back, then ends
# as the signal would have (128 + its number), as a shell expects.
for sig in INT TERM; do
	start_tui
	wait_ready
	send n
	expect_screen "a picker open before SIG$sig" 'Need: type to narrow'
	if pid=$(program_pid); then
		kill -s "$sig" "$pid"
		wait_exit
		case $sig in INT) n=130 ;; TERM) n=143 ;; esac
		case $EXIT_STATUS in
		"$n") ok "SIG$sig from elsewhere ends the program (status $EXIT_STATUS)" ;;
		*) fail "SIG$sig from elsewhere ends the program with status $n" "status '$EXIT_STATUS'" ;;
		esac
		expect_clean "SIG$sig"
	else
		fail "the program's process is found in /proc"
	fi
done

done_testing
