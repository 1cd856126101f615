# Shared by the TUI tests: the browser runs in a real terminal, a tmux
# pane of a private tmux server, and the tests type keys into it and
# read the screen back.  Sourced by each tests/tui/*.sh.
#
# The rules these helpers keep (see shared/NOTES.md, "Driving the TUI"):
# - one private tmux server per script (its own socket), killed on exit,
#   so scripts can run side by side under make -j;
# - a fixed terminal size, TERM, locale and ESCDELAY;
# - never a fixed sleep to wait for the program: poll the screen every
#   0.05 s until what is expected shows, with a timeout;
# - on any failure, the screen goes into the TAP diagnostics.

TUI_NAME=$(basename "$0" .sh)

# Without tmux there is nothing to drive the browser with: skip, except
# on CI, where a missing tmux is a broken setup and must fail.
if ! command -v tmux >/dev/null 2>&1; then
	if [ "${CI:-}" = true ]; then
		echo "1..1"
		echo "not ok 1 - $TUI_NAME: tmux is not installed (CI must install it; see README)"
		exit 1
	fi
	echo "1..0 # SKIP tmux not installed"
	exit 0
fi

. "${SIGNPOST_TESTS:-$(dirname "$0")/..}/e2e/lib.sh"

# How long to wait for the screen, in seconds.  Generous, so that a slow
# machine or a build with sanitizers passes; a passing test never waits
# this long.
TUI_TIMEOUT=${TUI_TIMEOUT:-10}

TUI_SOCKET="sp-$$-$TUI_NAME"
TUI_SESSION=sp
DB="$WORK/dir.db"
export SIGNPOST_TODAY=2026-11-23
unset TMUX TMUX_PANE NO_COLOR SIGNPOST_DB

tx() {
	tmux -L "$TUI_SOCKET" -f /dev/null "$@"
}

# tmux leaves its socket file behind when the server ends: remove it.
TUI_SOCKET_PATH="${TMUX_TMPDIR:-/tmp}/tmux-$(id -u)/$TUI_SOCKET"

tui_cleanup() {
	tx kill-server >/dev/null 2>&1
	rm -f "$TUI_SOCKET_PATH"
	rm -rf "$WORK"
}
trap tui_cleanup EXIT
trap 'exit 129' HUP
trap 'exit 130' INT
trap 'exit 143' TERM

# ---- The program in a pane ----------------------------------------------

# make_db: the prepared directory, made once per script from the bundled
# sample (tests may change it with sqlite3).
make_db() {
	[ -e "$DB" ] && return 0
	if ! "$SIGNPOST" --db "$DB" init --sample >"$WORK/init.out" 2>&1; then
		echo "Bail out! cannot make the sample directory: $(cat "$WORK/init.out")"
		exit 1
	fi
}

# shell_quote WORD: WORD in single quotes, for the pane's script.
shell_quote() {
	printf "'%s'" "$(printf '%s' "$1" | sed "s/'/'\\\\''/g")"
}

# Settings for the next start (reset by each start):
#   TUI_COLS, TUI_ROWS  the terminal's size (80 by 24)
#   TUI_TERM            TERM (xterm-256color)
#   TUI_ENV             more VAR=value words for the program's environment
#   TUI_STDOUT          a file for the program's standard output
#   TUI_AS              a user to run it as (tests/e2e/users.sh), as root
TUI_COLS=80 TUI_ROWS=24 TUI_TERM=xterm-256color TUI_ENV='' TUI_STDOUT='' TUI_AS=''

# start_program ARGS...: runs signpost ARGS in a fresh pane.  The pane
# stays after the program ends, showing EXIT=status; stty settings
# before and after are kept in stty.before and stty.after, and the
# status in exit.status.
start_program() {
	tx kill-session -t "$TUI_SESSION" >/dev/null 2>&1
	rm -f "$WORK/stty.before" "$WORK/stty.after" "$WORK/exit.status"
	mkdir -p "$HOME" "$XDG_DATA_HOME" "$XDG_CONFIG_HOME"
	cmd=$(shell_quote "$SIGNPOST")
	for arg in "$@"; do
		cmd="$cmd $(shell_quote "$arg")"
	done
	[ -n "$TUI_STDOUT" ] && cmd="$cmd >$(shell_quote "$TUI_STDOUT")"
	[ -n "$TUI_AS" ] && cmd="$(as_user_env "$TUI_AS") SIGNPOST_TODAY=$SIGNPOST_TODAY $cmd"
	env_words=
	for word in $TUI_ENV; do
		env_words="$env_words $(shell_quote "$word")"
	done
	{
		echo "cd $(shell_quote "$WORK") || exit 1"
		echo "unset NO_COLOR COLUMNS LINES SIGNPOST_DB"
		echo "export TERM=$(shell_quote "$TUI_TERM") LANG=C.UTF-8 LC_ALL=C.UTF-8"
		echo "export ESCDELAY=25 TZ=UTC SIGNPOST_TODAY=$SIGNPOST_TODAY"
		echo "export HOME=$(shell_quote "$HOME") XDG_DATA_HOME=$(shell_quote "$XDG_DATA_HOME")"
		echo "export XDG_CONFIG_HOME=$(shell_quote "$XDG_CONFIG_HOME")"
		[ -n "$env_words" ] && echo "export$env_words"
		# Ctrl-C reaches the whole foreground group: the shell keeps
		# going to report the status (the program gets the signal with
		# its default disposition, as a trap does not carry over).
		echo "trap : INT"
		echo "stty -g > stty.before"
		echo "$cmd"
		echo 'status=$?'
		echo 'echo "EXIT=$status"'
		echo "stty -g > stty.after"
		echo 'echo "$status" > exit.status'
		echo "sleep 600"
	} >"$WORK/run.sh"
	tx new-session -d -s "$TUI_SESSION" -x "$TUI_COLS" -y "$TUI_ROWS" \
		"/bin/sh $(shell_quote "$WORK/run.sh")"
	TUI_COLS=80 TUI_ROWS=24 TUI_TERM=xterm-256color TUI_ENV='' TUI_STDOUT='' TUI_AS=''
}

# start_tui ARGS...: the browser on the prepared directory.
start_tui() {
	make_db
	start_program --db "$DB" "$@"
}

# start_tui_size COLS ROWS ARGS...: the same at another size.
start_tui_size() {
	TUI_COLS=$1 TUI_ROWS=$2
	shift 2
	start_tui "$@"
}

# ---- Reading the screen ----------------------------------------------------

# Lines drawn with the terminal's line-drawing set (ACS), as ncurses does
# on xterm, come back from capture-pane as the letters that stand for
# them (q for ─, x for │, l k m j for the corners): regexes take both.
VBAR='[│x]'
HBAR='[─q]'

# screen: the pane's text now.  Also leaves it in $SCREEN.
screen() {
	SCREEN=$(tx capture-pane -p -t "$TUI_SESSION" 2>&1)
	printf '%s\n' "$SCREEN"
}

capture() {
	SCREEN=$(tx capture-pane -p -t "$TUI_SESSION" 2>&1)
}

# capture_attrs: the pane with its attributes as SGR escapes (tmux
# capture-pane -e), in $ATTRS.
capture_attrs() {
	ATTRS=$(tx capture-pane -p -e -t "$TUI_SESSION" 2>&1)
}

# settle: captures until the screen is the same twice running, 0.05 s
# apart, so that a screen caught halfway through an update (ncurses
# scrolls regions and repaints out of order) is not taken for the
# result.  Leaves it in $SCREEN.
settle() {
	capture
	tries=$((TUI_TIMEOUT * 20))
	while [ "$tries" -gt 0 ]; do
		was=$SCREEN
		sleep 0.05
		capture
		[ "$SCREEN" = "$was" ] && return 0
		tries=$((tries - 1))
	done
	return 1
}

# line N: line N (from 1; "last" for the last) of $SCREEN.
line() {
	if [ "$1" = last ]; then
		printf '%s\n' "$SCREEN" | tail -n 1
	else
		printf '%s\n' "$SCREEN" | sed -n "${1}p"
	fi
}

# pane FORMAT: a tmux format for the pane (#{cursor_x}, #{pane_title}...).
pane() {
	tx display-message -p -t "$TUI_SESSION" "$1"
}

# The screen, numbered, for the TAP diagnostics.
screen_dump() {
	printf '%s\n' "$SCREEN" | awk '{ printf "%2d|%s\n", NR, $0 }'
}

diag() {
	for text in "$@"; do
		printf '%s\n' "$text" | sed 's/^/#   /'
	done
}

# _poll TIMEOUT TEST ARGS...: captures the screen every 0.05 s until
# TEST ARGS (which reads $SCREEN) succeeds; fails after TIMEOUT seconds.
_poll() {
	polls=$(($1 * 20))
	shift
	while :; do
		capture
		"$@" && return 0
		[ "$polls" -le 0 ] && return 1
		polls=$((polls - 1))
		sleep 0.05
	done
}

_has() {
	printf '%s\n' "$SCREEN" | grep -Eq -- "$1"
}

_lacks() {
	! _has "$1"
}

_line_has() {
	line "$1" | grep -Eq -- "$2"
}

# The count in the status line: "171 assets (1 of 171)  / search ...".
_count_is() {
	line last | grep -Eq "^$1 assets? "
}

# wait_for REGEX [TIMEOUT]: until some line of the screen matches.  On a
# timeout, the screen goes into the diagnostics.
wait_for() {
	_poll "${2:-$TUI_TIMEOUT}" _has "$1" && return 0
	diag "timed out after ${2:-$TUI_TIMEOUT}s waiting for /$1/ on the screen:" "$(screen_dump)"
	return 1
}

# wait_gone REGEX [TIMEOUT]: until no line of the screen matches.
wait_gone() {
	_poll "${2:-$TUI_TIMEOUT}" _lacks "$1" && return 0
	diag "timed out after ${2:-$TUI_TIMEOUT}s waiting for /$1/ to go:" "$(screen_dump)"
	return 1
}

# list_rows: the rows of the results list in $SCREEN (from the line after
# the header to the first blank line or rule).
list_rows() {
	printf '%s\n' "$SCREEN" | awk '
		/^NAME +SECTOR/ { on = 1; next }
		on && (/^ *$/ || /^(─|q)(─|q)(─|q)/) { exit }
		on { print }'
}

# row_names: the first 20 characters of the name on each list row,
# without the padding.  Longer names are cut with "…" further along.
row_names() {
	list_rows | sed -e 's/^\(.\{20\}\).*/\1/' -e 's/ *$//'
}

# cli_names SEARCH-ARGS...: the names `signpost search` finds.
cli_names() {
	"$SIGNPOST" --db "$DB" search --limit 0 --format tsv "$@" </dev/null | cut -f2
}

# names_among FILE: every name on the list rows starts one of the names
# in FILE; prints the rows that do not.
names_among() {
	row_names | while IFS= read -r prefix; do
		awk -v p="$prefix" 'index($0, p) == 1 { found = 1 } END { exit !found }' "$1" \
			|| printf '%s\n' "$prefix"
	done
}

# selected_index: N of "(N of M)" in the status line of $SCREEN.
selected_index() {
	line last | sed -n 's/^[0-9][0-9]* assets\{0,1\} (\([0-9][0-9]*\) of .*/\1/p'
}

_has_line() {
	printf '%s\n' "$SCREEN" | grep -Fxq -- "$1"
}

# _previewed NAME: the preview's heading is NAME, below the list (a line
# of its own) or beside it (after the rule).
_previewed() {
	printf '%s\n' "$SCREEN" | {
		while IFS= read -r l; do
			case $l in
			"$1" | *"│ $1" | *"x $1") return 0 ;;
			esac
		done
		return 1
	}
}

_index_is() {
	[ "$(selected_index)" = "$1" ]
}

# select_asset NAME [MAX]: moves down the list (j) until the preview shows
# the asset NAME; at most MAX moves (30).
select_asset() {
	moves=0
	while :; do
		capture
		_previewed "$1" && return 0
		at=$(selected_index)
		if [ -z "$at" ] || [ "$moves" -ge "${2:-30}" ]; then
			diag "did not find '$1' in the list:" "$(screen_dump)"
			return 1
		fi
		send j
		_poll "$TUI_TIMEOUT" _index_is $((at + 1)) || {
			diag "j did not move the selection from $at:" "$(screen_dump)"
			return 1
		}
		moves=$((moves + 1))
	done
}

# wait_ready [TIMEOUT]: until the browser shows its list, then past the
# one-time news in the status line (what follow-ups are due, or why
# referrals are shut), which stays until the first key: g, "to the top"
# where the list starts anyway, clears it and the count shows.  (Not a
# function key: vt100 has no F12.)  Fails with the screen in
# the diagnostics.
wait_ready() {
	wait_for '^NAME +SECTOR +LOCALITY' "${1:-}" || return 1
	send g
	if ! wait_count '[0-9]+' "${1:-}"; then
		diag "the status line never showed the count:" "$(screen_dump)"
		return 1
	fi
}

# ---- Typing -----------------------------------------------------------------

# send KEY...: tmux key names (Enter, Escape, BSpace, C-u, NPage, DC...).
send() {
	tx send-keys -t "$TUI_SESSION" "$@"
}

# type TEXT: literal text.
type() {
	tx send-keys -t "$TUI_SESSION" -l -- "$1"
}

# type_slowly TEXT: one character at a time, as a person types.
type_slowly() {
	rest=$1
	while [ -n "$rest" ]; do
		tail=${rest#?}
		type "${rest%"$tail"}"
		rest=$tail
	done
}

# resize COLS ROWS: the terminal changes size (the program gets SIGWINCH).
resize() {
	tx resize-window -t "$TUI_SESSION" -x "$1" -y "$2"
}

# ---- Assertions: each reports ok or not ok, with the screen ---------------

# fail DESC [DIAGNOSTICS...]: not ok, with the current screen.
fail() {
	desc=$1
	shift
	capture
	not_ok "$desc" "$@" "screen:" "$(screen_dump)"
}

# expect_screen DESC REGEX [TIMEOUT]: some line comes to match REGEX.
expect_screen() {
	if _poll "${3:-$TUI_TIMEOUT}" _has "$2"; then ok "$1"; else
		fail "$1" "waited ${3:-$TUI_TIMEOUT}s for /$2/"; fi
}

# expect_gone DESC REGEX [TIMEOUT]: no line matches REGEX, in time.
expect_gone() {
	if _poll "${3:-$TUI_TIMEOUT}" _lacks "$2"; then ok "$1"; else
		fail "$1" "waited ${3:-$TUI_TIMEOUT}s for /$2/ to go"; fi
}

# expect_not DESC REGEX: no line matches REGEX now.  Use it after waiting
# for something that shows the screen is up to date.
expect_not() {
	settle
	if _lacks "$2"; then ok "$1"; else fail "$1" "/$2/ is on the screen"; fi
}

# expect_line DESC N REGEX [TIMEOUT]: line N (or "last") comes to match.
expect_line() {
	if _poll "${4:-$TUI_TIMEOUT}" _line_has "$2" "$3"; then ok "$1"; else
		fail "$1" "waited ${4:-$TUI_TIMEOUT}s for line $2 to match /$3/"; fi
}

expect_title() {
	expect_line "$1" 1 "$2" "${3:-}"
}

expect_status() {
	expect_line "$1" last "$2" "${3:-}"
}

# wait_count N [TIMEOUT]: until the status line says "N assets".
wait_count() {
	_poll "${2:-$TUI_TIMEOUT}" _count_is "$1"
}

# expect_count DESC N [TIMEOUT]: the status line comes to say "N assets".
expect_count() {
	if wait_count "$2" "${3:-}"; then ok "$1"; else
		fail "$1" "waited ${3:-$TUI_TIMEOUT}s for the status line to say '$2 assets'"; fi
}

# shown_count: the count in the status line of $SCREEN, or nothing.
shown_count() {
	line last | sed -n 's/^\([0-9][0-9]*\) assets\{0,1\} .*/\1/p'
}

# assert DESC CMD...: ok when CMD succeeds, else not ok with the screen.
assert() {
	desc=$1
	shift
	if "$@"; then ok "$desc"; else fail "$desc" "failed: $*"; fi
}

# wait_exit [TIMEOUT]: until the program has ended; its status is then in
# $EXIT_STATUS (empty on a timeout).
wait_exit() {
	EXIT_STATUS=
	polls=$((${1:-$TUI_TIMEOUT} * 20))
	while [ ! -s "$WORK/exit.status" ]; do
		[ "$polls" -le 0 ] && return 1
		polls=$((polls - 1))
		sleep 0.05
	done
	EXIT_STATUS=$(cat "$WORK/exit.status")
}

# expect_exit DESC STATUS: the program ends with STATUS, and says so.
expect_exit() {
	if ! wait_exit; then
		fail "$1" "the program did not end within ${TUI_TIMEOUT}s"
	elif [ "$EXIT_STATUS" != "$2" ]; then
		fail "$1" "exit status $EXIT_STATUS, wanted $2"
	elif ! _poll "$TUI_TIMEOUT" _has "^EXIT=$2([^0-9]|\$)"; then
		fail "$1" "EXIT=$2 is not on the screen"
	else
		ok "$1"
	fi
}

# ---- The command line, to compare with ------------------------------------

# cli_count SEARCH-ARGS...: how many assets `signpost search` finds.
cli_count() {
	"$SIGNPOST" --db "$DB" search --limit 0 --format tsv "$@" </dev/null | wc -l
}
