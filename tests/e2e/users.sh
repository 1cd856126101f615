# Real Unix users for the tests of roles (sourced after lib.sh, as root):
# two groups, the team's and the referrals', and these users, made when
# missing and kept (they have no home, no password and no shell):
#   sptest-vol   in the team's group: a volunteer
#   sptest-lw    in both groups: a link worker
#   sptest-lw2   in both groups: another link worker
#   sptest-co    in both groups: a coordinator
#   sptest-new   in the team's group: signpost does not know them
#   sptest-out   in neither group
TEAM=sptest-team
REFS=sptest-referrals
VOL=sptest-vol
LW=sptest-lw
LW2=sptest-lw2
CO=sptest-co
NEW=sptest-new
OUTSIDER=sptest-out

# make_test_users: makes the groups and users; 1 (with a TAP line) if it
# cannot.
make_test_users() {
	for tool in setpriv groupadd useradd usermod; do
		if ! command -v "$tool" >/dev/null 2>&1; then
			not_ok "$tool is installed" "the README's first command installs it"
			return 1
		fi
	done
	for g in "$TEAM" "$REFS"; do
		getent group "$g" >/dev/null || groupadd "$g" ||
			{ not_ok "make the group $g"; return 1; }
	done
	for spec in "$VOL:$TEAM" "$LW:$TEAM,$REFS" "$LW2:$TEAM,$REFS" "$CO:$TEAM,$REFS" \
		"$NEW:$TEAM" "$OUTSIDER:"; do
		u=${spec%%:*} groups=${spec#*:}
		id "$u" >/dev/null 2>&1 || useradd -M -N -s /usr/sbin/nologin "$u" ||
			{ not_ok "make the user $u"; return 1; }
		usermod -G "$groups" "$u" || { not_ok "put $u in '$groups'"; return 1; }
	done
	# The tests' folder is the users' way in.
	chmod 711 "$WORK"
}

# as_user_env USER: the words that run a command as USER, with their
# groups and a home of their own in the work folder.
as_user_env() {
	h="$WORK/home-$1"
	[ -d "$h" ] || { mkdir -p "$h" && chown "$1" "$h" && chmod 700 "$h"; }
	echo "setpriv --reuid=$1 --regid=$(id -g "$1") --init-groups env HOME=$h" \
		"XDG_DATA_HOME=$h/data XDG_CONFIG_HOME=$h/config"
}

# shared_directory FOLDER: root makes a shared directory there, as
# README's "Deployment on a shared server" says, and adds the users with
# their roles; sets D and P to its two files.
shared_directory() {
	mkdir -p "$1" && chgrp "$TEAM" "$1" && chmod 2750 "$1"
	D="$1/dir.db"
	P="$1/dir.personal.db"
	"$SIGNPOST" --db "$D" init --sample --shared --group "$TEAM" \
		--referrals-group "$REFS" >/dev/null &&
	"$SIGNPOST" --db "$D" user add "$VOL" volunteer >/dev/null &&
	"$SIGNPOST" --db "$D" user add "$LW" link-worker >/dev/null &&
	"$SIGNPOST" --db "$D" user add "$LW2" link-worker >/dev/null &&
	"$SIGNPOST" --db "$D" user add "$CO" coordinator >/dev/null
}

# sq FILE SQL: reads a shared file with the sqlite3 shell.  Read-only, as
# the shell would otherwise delete the -wal and -shm files on closing,
# which a shared file must keep (see signpost(5), Deployment).
sq() {
	sqlite3 -readonly "$@"
}

# sq_write FILE SQL: the same, for a write.
sq_write() {
	sqlite3 -cmd '.filectrl persist_wal 1' "$@"
}
