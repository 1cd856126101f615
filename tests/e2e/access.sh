#!/bin/sh
# Roles and the shared server, tried by real Unix users (issue 7).
#
# As root, the test makes two groups and five users of its own: a
# volunteer, two link workers and a coordinator in the team's group, the
# link workers and the coordinator in the referrals group too, and one
# stranger in the team's group whom signpost does not know.  root makes
# the directory (so is its admin) and adds them; then each of them runs
# signpost as they would, by setpriv, and is allowed and refused exactly
# what their role says.  The volunteer must not see a single referral
# by any route: the program's commands, or the files themselves.
#
# In CI (as root) this must run; elsewhere, not as root, it is skipped.
. "$(dirname "$0")/lib.sh"
export SIGNPOST_TODAY=2026-11-23

if [ "$(id -u)" != 0 ]; then
	if [ -n "${CI:-}" ]; then
		not_ok "roles with real users" "in CI this must run as root (uid $(id -u))"
	else
		echo "ok 1 - roles with real users # SKIP not root: no users to make"
		tap_count=1
	fi
	done_testing
	exit $?
fi
. "$(dirname "$0")/users.sh"
make_test_users || { done_testing; exit 1; }
command -v sqlite3 >/dev/null 2>&1 || { not_ok "sqlite3 is installed"; done_testing; exit 1; }

# as USER CMD...: runs CMD as USER (see users.sh), output captured.
as() {
	who=$1
	shift
	# shellcheck disable=SC2046
	$(as_user_env "$who") ${SIGNPOST_TODAY:+SIGNPOST_TODAY=$SIGNPOST_TODAY} "$@" \
		>"$OUT" 2>"$ERR" </dev/null
	STATUS=$?
}
# mode FILE: "0660 group"
mode() {
	stat -c '%04a %G' "$1"
}

# --- The shared directory, whatever the umask -----------------------------------
S="$WORK/shared"
mkdir "$S"
chgrp "$TEAM" "$S"
chmod 2750 "$S"
D="$S/dir.db"
P="$S/dir.personal.db"
(umask 000 && "$SIGNPOST" --db "$D" init --sample --shared --group "$TEAM" \
	--referrals-group "$REFS" >"$OUT" 2>"$ERR")
STATUS=$?
expect "root makes a shared directory (umask 000)" 0 "with you \\(root\\) as its admin"
for f in "$D" "$D-wal" "$D-shm"; do
	m=$(mode "$f")
	[ "$m" = "0660 $TEAM" ] && ok "$(basename "$f") is 0660, group $TEAM" ||
		not_ok "$(basename "$f") is 0660, group $TEAM" "it is $m"
done
for f in "$P" "$P-wal" "$P-shm"; do
	m=$(mode "$f")
	[ "$m" = "0660 $REFS" ] && ok "$(basename "$f") is 0660, group $REFS" ||
		not_ok "$(basename "$f") is 0660, group $REFS" "it is $m"
done
S2="$WORK/shared2"
mkdir "$S2"
(umask 077 && "$SIGNPOST" --db "$S2/dir.db" init --shared --group "$TEAM" \
	--referrals-group "$REFS" >"$OUT" 2>"$ERR")
STATUS=$?
expect "and another with umask 077" 0
[ "$(mode "$S2/dir.db") $(mode "$S2/dir.personal.db")" = "0660 $TEAM 0660 $REFS" ] &&
	ok "the modes are the same whatever the umask" ||
	not_ok "the modes are the same whatever the umask" \
		"$(mode "$S2/dir.db") $(mode "$S2/dir.personal.db")"
S3="$WORK/single"
mkdir "$S3"
(umask 000 && "$SIGNPOST" --db "$S3/dir.db" init --sample >/dev/null 2>&1 &&
	"$SIGNPOST" --db "$S3/dir.db" refer harbourside-bereavement-cafe --client S-1 \
		>/dev/null 2>&1)
[ "$(stat -c %a "$S3/dir.db") $(stat -c %a "$S3/dir.personal.db")" = "600 600" ] &&
	ok "one person's files are 0600 with umask 000" ||
	not_ok "one person's files are 0600 with umask 000" \
		"$(stat -c %a "$S3/dir.db") $(stat -c %a "$S3/dir.personal.db")"

# --- Users ---------------------------------------------------------------------
for spec in "$VOL volunteer" "$LW link-worker" "$LW2 link-worker" "$CO coordinator"; do
	# shellcheck disable=SC2086
	sp --db "$D" user add $spec
	expect "root adds ${spec#* } ${spec% *}" 0 "Added ${spec% *} as ${spec#* }"
done
sp --db "$D" user add someone chef
expect "an unknown role is a usage error" 2 "" "unknown role 'chef'"
sp --db "$D" user add "$VOL" link-worker
expect "a user is added once" 1 "" "is a user already"
sp --db "$D" user remove root
expect "the last admin stays" 1 "" "last admin"
sp --db "$D" user list --format tsv
expect "user list" 0 "^$CO	coordinator	"
[ "$(wc -l <"$OUT")" = 5 ] && ok "five users" || not_ok "five users" "$(cat "$OUT")"

ASSET=harbourside-bereavement-cafe

# --- The volunteer ---------------------------------------------------------------
as "$VOL" "$SIGNPOST" --db "$D" search cafe
expect "the volunteer searches" 0 "$ASSET"
as "$VOL" "$SIGNPOST" --db "$D" asset verify "$ASSET"
expect "the volunteer verifies a listing" 0
as "$VOL" "$SIGNPOST" --db "$D" asset edit "$ASSET" --phone "01632 960999" \
	--reason "rang them"
expect "and edits one" 0
as "$VOL" "$SIGNPOST" --db "$D" flag "$ASSET" --reason full
expect "and flags one" 0
as "$VOL" "$SIGNPOST" --db "$D" queue --format tsv
expect "and works the queue" 0 "$ASSET"
flag_id=$(sq "$D" "SELECT max(id) FROM flag")
as "$VOL" "$SIGNPOST" --db "$D" flag-resolve "$flag_id" --note "rang them: still full"
expect "and resolves a flag" 0

# Referrals to find: the link worker makes some first.
as "$LW" "$SIGNPOST" --db "$D" refer "$ASSET" --client LW-0001 --note "prefers mornings"
expect "the link worker refers" 0 '^[0-9]+$'
R1=$(cat "$OUT")
as "$LW" "$SIGNPOST" --db "$D" wellbeing LW-0001 --ons4 5,6,5,4
expect "and records wellbeing" 0
as "$LW" "$SIGNPOST" --db "$D" unmet --need debt-advice --note "nothing nearby"
expect "and an unmet need" 0

for cmd in "refer $ASSET --client V-1" "referral $R1" "followups --everyone" \
	"client LW-0001" "update $R1 --status contacted" "log" "report needs" \
	"wellbeing LW-0001 --ons4 1,1,1,1" "unmet --need debt-advice" \
	"purge --dry-run" "client LW-0001 --export $WORK/vol.json" "audit" "user list" \
	"policy retention-months 1" "backup $WORK/vol-backup"; do
	# shellcheck disable=SC2086
	as "$VOL" "$SIGNPOST" --db "$D" $cmd
	if [ "$STATUS" = 1 ] && grep -q "volunteer" "$ERR" && ! grep -q "LW-0001\|mornings" "$OUT"; then
		ok "the volunteer is refused: $cmd"
	else
		not_ok "the volunteer is refused: $cmd" "status $STATUS" "$(cat "$OUT" "$ERR")"
	fi
done
[ ! -e "$WORK/vol.json" ] && ok "no export was written for the volunteer" ||
	not_ok "no export was written for the volunteer"
as "$VOL" "$SIGNPOST" --db "$D" report directory --format tsv
expect "the volunteer reads the listings' health report" 0 "stale"
# And around signpost: the files themselves.
as "$VOL" sqlite3 "$P" "SELECT client FROM referral"
[ "$STATUS" != 0 ] && ! grep -q LW-0001 "$OUT" &&
	ok "the volunteer cannot open the personal-data file with sqlite3" ||
	not_ok "the volunteer cannot open the personal-data file with sqlite3" "$(cat "$OUT")"
for f in "$P" "$P-wal" "$P-shm"; do
	as "$VOL" cat "$f"
	[ "$STATUS" != 0 ] && [ ! -s "$OUT" ] && ok "nor read $(basename "$f")" ||
		not_ok "nor read $(basename "$f")"
done
as "$VOL" sh -c "grep -c LW-0001 '$D' '$D-wal'"
! grep -q ':[1-9]' "$OUT" && ok "the directory's files hold no client reference" ||
	not_ok "the directory's files hold no client reference" "$(cat "$OUT")"

# --- The link workers -------------------------------------------------------------
as "$LW" "$SIGNPOST" --db "$D" referral "$R1"
expect "the link worker sees their referral" 0 "LW-0001"
as "$LW" "$SIGNPOST" --db "$D" update "$R1" --status contacted --note "rang"
expect "and moves it on" 0
as "$LW" "$SIGNPOST" --db "$D" followups --format tsv
expect "and sees it in their follow-ups" 0 "LW-0001"
for cmd in "log" "report needs" "purge" "client LW-0001 --export $WORK/lw.json" \
	"user add x volunteer" "audit" "asset verify $ASSET" "policy team-referrals yes"; do
	# shellcheck disable=SC2086
	as "$LW" "$SIGNPOST" --db "$D" $cmd
	if [ "$STATUS" = 1 ] && grep -q "link-worker" "$ERR"; then
		ok "the link worker is refused: $cmd"
	else
		not_ok "the link worker is refused: $cmd" "status $STATUS" "$(cat "$OUT" "$ERR")"
	fi
done
as "$LW" "$SIGNPOST" --db "$D" flag "$ASSET" --reason wrong-details --note "new number"
expect "the link worker flags a listing" 0

as "$LW2" "$SIGNPOST" --db "$D" referral "$R1"
expect "another link worker cannot see it" 1 "" "another link worker's"
as "$LW2" "$SIGNPOST" --db "$D" update "$R1" --status attending
expect "nor change it" 1 "" "another link worker's"
as "$LW2" "$SIGNPOST" --db "$D" followups --worker "$LW"
expect "nor ask for the other's follow-ups" 1 "" "another link worker's"
as "$LW2" "$SIGNPOST" --db "$D" followups --everyone --format tsv
! grep -q LW-0001 "$OUT" && ok "nor find it in the follow-ups" ||
	not_ok "nor find it in the follow-ups" "$(cat "$OUT")"
as "$LW2" "$SIGNPOST" --db "$D" client LW-0001 --format tsv
! grep -q "LW-0001\|	5	6" "$OUT" && ok "nor by the client reference" ||
	not_ok "nor by the client reference" "$(cat "$OUT")"

sp --db "$D" policy team-referrals yes
expect "root lets teams share referrals" 0
sp --db "$D" user set-role "$LW" link-worker --team north
expect "and puts the link workers in a team" 0
sp --db "$D" user set-role "$LW2" link-worker --team north
as "$LW2" "$SIGNPOST" --db "$D" referral "$R1"
expect "now the team-mate sees it" 0 "LW-0001"
sp --db "$D" user set-role "$LW2" link-worker --team south
as "$LW2" "$SIGNPOST" --db "$D" referral "$R1"
expect "but not from another team" 1
sp --db "$D" policy team-referrals no

# --- The coordinator --------------------------------------------------------------
as "$CO" "$SIGNPOST" --db "$D" log --format tsv
expect "the coordinator reads the log" 0 "LW-0001"
as "$CO" "$SIGNPOST" --db "$D" report needs --format csv --no-suppress
expect "and a report in full" 0
as "$CO" "$SIGNPOST" --db "$D" referral "$R1"
expect "and any referral" 0
as "$CO" "$SIGNPOST" --db "$D" user add x volunteer
expect "but does not manage users" 1 "" "coordinator"
as "$CO" "$SIGNPOST" --db "$D" audit
expect "nor read the audit" 1 "" "coordinator"

# --- Strangers ------------------------------------------------------------------------
as "$NEW" "$SIGNPOST" --db "$D" search cafe
expect "a login that is not a user is refused, and told whom to ask" 1 "" \
	"$NEW is not a user .*ask root"
sp --db "$D" policy unknown-users search
as "$NEW" "$SIGNPOST" --db "$D" search cafe
expect "with unknown-users: search, they may search" 0 "$ASSET"
as "$NEW" "$SIGNPOST" --db "$D" refer "$ASSET" --client N-1
expect "and no more" 1 "" "not a user"
as "$NEW" "$SIGNPOST" --db "$D" asset verify "$ASSET"
expect "nor change a listing" 1 "" "may only search"
sp --db "$D" policy unknown-users refuse
as "$OUTSIDER" "$SIGNPOST" --db "$D" search cafe
expect "someone outside the team's group cannot open the directory" 1 "" "dir.db"

# --- A user outside the referrals group: the directory alone ----------------------------
sp --db "$D" user add "$NEW" link-worker
as "$NEW" "$SIGNPOST" --db "$D" search cafe
expect "a link worker outside the referrals group still searches" 0 "$ASSET"
as "$NEW" "$SIGNPOST" --db "$D" refer "$ASSET" --client N-1
expect "and is told why they cannot refer" 1 "" "permissions keep referrals from your account"

# --- Purge keeps the figures -----------------------------------------------------------
old_refer() {   # DATE CLIENT: a referral made, attended and closed that day
	SIGNPOST_TODAY=$1 as "$LW" "$SIGNPOST" --db "$D" refer "$ASSET" --client "$2" \
		--note "old note for $2" --need bereavement
	id=$(cat "$OUT")
	SIGNPOST_TODAY=$1 as "$LW" "$SIGNPOST" --db "$D" update "$id" --status attending
	SIGNPOST_TODAY=$1 as "$LW" "$SIGNPOST" --db "$D" close "$id" --outcome completed \
		--note "went, and liked it"
	[ "$STATUS" = 0 ] || not_ok "make an old referral for $2" "$(cat "$ERR")"
}
old_refer 2023-03-01 OLD-0001
old_refer 2023-03-02 OLD-0001
old_refer 2023-04-10 OLD-0002
SIGNPOST_TODAY=2023-03-01 as "$LW" "$SIGNPOST" --db "$D" wellbeing OLD-0001 --ons4 3,3,3,8
SIGNPOST_TODAY=2023-05-01 as "$LW" "$SIGNPOST" --db "$D" wellbeing OLD-0001 --ons4 6,6,6,4
figures() {
	for kind in needs outcomes workers wellbeing trend gaps; do
		as "$CO" "$SIGNPOST" --db "$D" report "$kind" --from 2023-01-01 --to 2026-11-23 \
			--format tsv --no-suppress
		grep -v "^# " "$OUT"
	done
}
figures >"$WORK/before"
as "$CO" "$SIGNPOST" --db "$D" purge --dry-run
expect "purge --dry-run says what would go" 0 \
	"3 referrals of 2 client references"
[ "$(sq "$P" "SELECT count(*) FROM referral WHERE client LIKE 'OLD-%'")" = 3 ] &&
	ok "and changes nothing" || not_ok "and changes nothing"
as "$CO" "$SIGNPOST" --db "$D" purge
expect "the coordinator purges" 0 "Purged .* closed before 2024-11-23"
grep -q "2 wellbeing scores parted" "$OUT" && ok "the old scores go with them" ||
	not_ok "the old scores go with them" "$(cat "$OUT")"
figures >"$WORK/after"
if cmp -s "$WORK/before" "$WORK/after" && [ -s "$WORK/before" ]; then
	ok "every report's figures are the same after the purge"
else
	not_ok "every report's figures are the same after the purge" \
		"$(diff "$WORK/before" "$WORK/after" | head -20)"
fi
[ "$(sq "$P" "SELECT count(*) FROM referral WHERE client LIKE 'OLD-%' OR note LIKE 'old note%'")" = 0 ] &&
	ok "no purged reference or note is left" || not_ok "no purged reference or note is left"
[ "$(sq "$P" "SELECT count(*) FROM referral_history WHERE note = 'went, and liked it'")" = 0 ] &&
	ok "nor a history note" || not_ok "nor a history note"
[ "$(sq "$P" "SELECT count(DISTINCT client) FROM referral WHERE client LIKE '(purged %'")" = 2 ] &&
	ok "one person's referrals still count as one" ||
	not_ok "one person's referrals still count as one"
if ! grep -q "OLD-0001" "$P" "$P-wal"; then
	ok "nor a byte of it in the file or its log"
else
	not_ok "nor a byte of it in the file or its log"
fi
[ "$(sq "$P" "SELECT count(*) FROM referral WHERE client = 'LW-0001'")" = 1 ] &&
	ok "a referral still open is untouched" || not_ok "a referral still open is untouched"

# --- Subject access and erasure ----------------------------------------------------------
as "$CO" "$SIGNPOST" --db "$D" client LW-0001 --export "$WORK/out/sar.json"
expect "an export to a missing folder says so" 1 "" "sar.json"
as "$CO" "$SIGNPOST" --db "$D" client LW-0001 --export "$WORK/LW-0001.json"
expect "an export named after the client is refused (the audit keeps its name)" 1 "" \
	"holds the client reference"
mkdir "$WORK/out" && chown "$CO" "$WORK/out"
as "$CO" "$SIGNPOST" --db "$D" client LW-0001 --export "$WORK/out/sar.json"
expect "the coordinator exports a client's data" 0 "1 referral, 1 wellbeing score"
J="readfile('$WORK/out/sar.json')"
if [ "$(sqlite3 :memory: "SELECT json_extract($J, '\$.client') = 'LW-0001'
	AND json_array_length($J, '\$.referrals') = 1
	AND json_extract($J, '\$.referrals[0].note') = 'prefers mornings'
	AND json_array_length($J, '\$.referrals[0].history') = 2
	AND json_extract($J, '\$.referrals[0].history[1].note') = 'rang'
	AND json_extract($J, '\$.referrals[0].needs') = '[\"bereavement\"]'
	AND json_extract($J, '\$.wellbeing[0].life_satisfaction') = 5")" = 1 ]; then
	ok "the export holds the referral, its notes, history, needs and scores"
else
	not_ok "the export holds the referral, its notes, history, needs and scores" \
		"$(head -c 800 "$WORK/out/sar.json")"
fi
[ "$(stat -c '%a %U' "$WORK/out/sar.json")" = "600 $CO" ] &&
	ok "the export is readable by the coordinator alone" ||
	not_ok "the export is readable by the coordinator alone" "$(stat -c '%a %U' "$WORK/out/sar.json")"
as "$CO" "$SIGNPOST" --db "$D" client LW-0001 --export "$WORK/out/sar.json"
expect "an export never overwrites without --force" 1 "" "already exists"
as "$CO" "$SIGNPOST" --db "$D" client LW-0001 --erase
expect "an erasure with no terminal needs --yes" 1 "" "give --yes"
[ "$(sq "$P" "SELECT count(*) FROM referral WHERE client = 'LW-0001'")" = 1 ] &&
	ok "and erased nothing" || not_ok "and erased nothing"
as "$CO" "$SIGNPOST" --db "$D" client LW-0001 --erase --yes
expect "the coordinator erases a client" 0 "Erased LW-0001"
as "$CO" "$SIGNPOST" --db "$D" client LW-0001 --format tsv
[ ! -s "$OUT" ] && ok "nothing is held about them now" || not_ok "nothing is held about them now" "$(cat "$OUT")"
if ! grep -q "LW-0001\|prefers mornings" "$P" "$P-wal"; then
	ok "not a byte of them in the file or its log"
else
	not_ok "not a byte of them in the file or its log"
fi
[ "$(sq "$P" "SELECT count(*) FROM referral WHERE id = $R1 AND client LIKE '(erased %'")" = 1 ] &&
	ok "the referral stays, as an anonymous count" || not_ok "the referral stays, as an anonymous count"
as "$CO" "$SIGNPOST" --db "$D" client LW-0001 --erase --yes
expect "erasing again: nothing is held" 1 "" "nothing is held"

# --- The audit -------------------------------------------------------------------------
sp --db "$D" audit --format tsv
expect "root reads the audit" 0
audit_has() {   # DESC PATTERN
	grep -Eq -- "$2" "$OUT" && ok "the audit shows $1" || not_ok "the audit shows $1" "$(cat "$OUT")"
}
audit_has "users added" "	root	user-add	directory	added $CO as coordinator"
audit_has "role changes" "user-set-role	directory	set $LW to link-worker in team north"
audit_has "policy changes" "policy	directory	team-referrals set to yes"
audit_has "the purge, by the coordinator" "	$CO	purge	personal	purged referrals closed before 2024-11-23"
audit_has "the export" "	$CO	export	personal	subject access export of one client reference .*sar.json"
audit_has "the erasure" "	$CO	erase	personal	erased one client reference"
! grep -q "LW-0001" "$OUT" && ok "the audit never names the client" ||
	not_ok "the audit never names the client"
sq_write "$P" "DELETE FROM audit" >/dev/null 2>"$WORK/sqlerr"
grep -q "append-only" "$WORK/sqlerr" && ok "the audit cannot be deleted from" ||
	not_ok "the audit cannot be deleted from" "$(cat "$WORK/sqlerr")"
sq_write "$D" "UPDATE audit SET who = 'nobody'" >/dev/null 2>"$WORK/sqlerr"
grep -q "append-only" "$WORK/sqlerr" && ok "nor changed" || not_ok "nor changed"

sp --db "$D" doctor
expect "doctor passes after all of it" 0
sp --db "$D" backup "$WORK/backup"
expect "root backs it all up" 0
[ "$(ls "$WORK/backup" | tr '\n' ' ')" = "dir.db dir.personal.db " ] &&
	ok "the backup is two files, with no log beside them" ||
	not_ok "the backup is two files, with no log beside them" "$(ls "$WORK/backup")"
as "$CO" "$SIGNPOST" --db "$D" backup "$WORK/co-backup"
expect "a coordinator may not take a backup" 1 "" "may not manage users, policies, backups"
for f in "$D-wal" "$D-shm" "$P-wal" "$P-shm"; do
	[ -e "$f" ] || not_ok "$(basename "$f") is still there" "doctor or backup removed it"
done

done_testing
