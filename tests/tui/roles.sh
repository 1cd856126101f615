#!/bin/sh
# Roles in the browser, each run by a real Unix user (issue 7): the
# volunteer sees no referral tab or key, and a key for one says why it
# is refused, with no referral on any screen; the link worker refers and
# sees their follow-ups but not the log; the coordinator has the log.
# Needs root (to be the users), as in CI; skipped elsewhere.
. "${SIGNPOST_TESTS:-$(dirname "$0")/..}/tui/lib.sh"
. "${SIGNPOST_TESTS:-$(dirname "$0")/..}/e2e/users.sh"

if [ "$(id -u)" != 0 ]; then
	if [ -n "${CI:-}" ]; then
		not_ok "roles in the browser" "in CI this must run as root (uid $(id -u))"
	else
		echo "ok 1 - roles in the browser # SKIP not root: no users to be"
		tap_count=1
	fi
	# --- A link worker outside the referrals group: the directory alone ---------------
"$SIGNPOST" --db "$D" user add "$NEW" link-worker >/dev/null
TUI_AS=$NEW TUI_COLS=200 start_program --db "$D"
expect_status "outside the referrals group, the browser says once why there are no referrals" \
	'you cannot open the personal-data file .*the directory alone is open to you'
send j
expect_gone "and the message goes with the next key" 'personal-data file'
expect_status "the directory is there to browse" '[0-9]+ assets \(2 of'
send C-c
expect_exit "they quit" 0

done_testing
	exit $?
fi
make_test_users || { done_testing; exit 1; }
shared_directory "$WORK/shared" || { not_ok "make the shared directory"; done_testing; exit 1; }
ASSET=harbourside-bereavement-cafe
lw() {
	$(as_user_env "$LW") SIGNPOST_TODAY=$SIGNPOST_TODAY "$SIGNPOST" --db "$D" "$@" \
		</dev/null 2>"$WORK/cli.err"
}
id=$(lw refer "$ASSET" --client TUI-0007 --note "likes the garden")
[ -n "$id" ] && ok "the link worker refers someone from the command line" ||
	not_ok "the link worker refers someone from the command line" "$(cat "$WORK/cli.err")"

# --- The volunteer ------------------------------------------------------------
TUI_AS=$VOL TUI_COLS=200 start_program --db "$D"
wait_ready
expect_status "the volunteer's status line offers the queue" 'F4 queue'
expect_not "but not the follow-ups" 'follow-ups'
expect_not "and no word about referrals at the start" 'personal-data|referrals'
send F3
expect_status "F3 is refused, saying why" 'sptest-vol is a volunteer, and a volunteer may not see or make referrals'
send F5
expect_status "so is F5, the log" 'may not see the referral log'
send F6
expect_status "and F6, the reports" 'may not see the referral log or the reports'
send r
expect_status "and r, to refer" 'may not see or make referrals'
send u
expect_status "and u, an unmet need" 'may not see or make referrals'
send '?'
expect_screen "the help opens" 'signpost: the keys'
expect_not "it lists no referral keys" 'follow-ups|Refer this|unmet'
send q
send F4
expect_screen "the volunteer works the queue" 'queue|Queue'
expect_not "and nowhere is there a client reference" 'TUI-0007|likes the garden'
send C-c
expect_exit "the volunteer quits" 0

# --- The link worker -----------------------------------------------------------
TUI_AS=$LW TUI_COLS=200 start_program --db "$D"
wait_ready
expect_status "the link worker's status line offers the follow-ups" 'F3 follow-ups'
expect_not "not the queue" 'F4 queue'
send F3
expect_screen "F3 shows their referral" 'TUI-0007'
send F5
expect_status "the log is refused, saying why" 'sptest-lw is a link-worker, and a link-worker may not see the referral log'
send C-c
expect_exit "the link worker quits" 0

# --- The coordinator ------------------------------------------------------------
TUI_AS=$CO TUI_COLS=200 start_program --db "$D"
wait_ready
send F5
expect_screen "the coordinator opens the log, with the referral" 'TUI-0007'
send C-c
expect_exit "the coordinator quits" 0

# --- A link worker outside the referrals group: the directory alone ---------------
"$SIGNPOST" --db "$D" user add "$NEW" link-worker >/dev/null
TUI_AS=$NEW TUI_COLS=200 start_program --db "$D"
expect_status "outside the referrals group, the browser says once why there are no referrals" \
	'you cannot open the personal-data file .*the directory alone is open to you'
send j
expect_gone "and the message goes with the next key" 'personal-data file'
expect_status "the directory is there to browse" '[0-9]+ assets \(2 of'
send C-c
expect_exit "they quit" 0

done_testing
