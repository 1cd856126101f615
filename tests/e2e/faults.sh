#!/bin/sh
# Faults: each gets a clear message that names the problem and the file,
# a non-zero exit, and leaves the data as it was (the files' content,
# hashed with sqlite3's .sha3sum, before and after).
#
#  1. A full disk: RLIMIT_FSIZE (ulimit -f, with SIGXFSZ ignored) during
#     an import and during a referral.
#  2. A read-only database file, and a read-only folder (as an account
#     other than root, which ignores modes: the user sigfault, made here
#     when run as root): search still works, and a write says why not.
#  3. A truncated file, a file cut to nothing, and a file of random bytes,
#     each in place of the directory file and of the personal-data file:
#     the message points to `signpost doctor` and `signpost restore`,
#     and doctor fails them.
#  4. Another process holding a write transaction past the busy timeout
#     (10 s), on each file.
#  5. A missing need, sector or locality in an otherwise valid import.
#  6. A config file (SIGNPOST_CONFIG) that this account may not read, or
#     that is not YAML.
#
# Each fault's message is printed as a "# fault:" line, for tests/README.
# The unprivileged parts are skipped only when not root and not in CI.
. "${SIGNPOST_TESTS:-$(dirname "$0")/..}/e2e/lib.sh"

q() {
	sqlite3 -batch "$1" "$2"
}

same() {
	if [ "$2" = "$3" ]; then ok "$1"; else not_ok "$1" "got:    $2" "wanted: $3"; fi
}

# fingerprint DB: the content of a directory file and of its personal-data
# file beside it (SQLite's SHA3 of every row), read from copies, so that
# nothing is made beside them.
fingerprint() {
	for f in "$1" "${1%.db}.personal.db"; do
		if [ -f "$f" ]; then
			rm -rf "$WORK/fp"
			mkdir "$WORK/fp"
			cp "$f" "$WORK/fp/f.db"
			[ -f "$f-wal" ] && cp "$f-wal" "$WORK/fp/f.db-wal"
			printf '%s %s\n' "$(basename "$f")" "$(sqlite3 "$WORK/fp/f.db" .sha3sum 2>&1)"
		else
			printf '%s none\n' "$(basename "$f")"
		fi
	done
}

# bytes FILE: the file exactly (for a file SQLite cannot read).
bytes() {
	sha256sum <"$1" | cut -d' ' -f1
}

# fault DESC STATUS_WANTED ERR_PATTERN: the last run failed as wanted, with
# a message on stderr that matches; prints it for the figures.
fault() {
	expect "$1" "$2" '' "$3"
	echo "# fault: $1: $(head -c 400 "$ERR" | tr '\n' ' ')"
}

# unchanged DESC DB BEFORE: the files hold what they held.
unchanged() {
	same "$1: the data is unchanged" "$(fingerprint "$2")" "$3"
}

# with_fsize BYTES CMD...: runs CMD with RLIMIT_FSIZE at BYTES and SIGXFSZ
# ignored, so that a write past it fails with EFBIG, as on a full disk.
# ulimit -f counts blocks of 1024 bytes in bash, 512 in POSIX shells.
with_fsize() {
	limit_bytes=$1
	shift
	block=512
	if [ -n "${BASH_VERSION:-}" ]; then
		case ":${SHELLOPTS:-}:" in *:posix:*) ;; *) block=1024 ;; esac
	fi
	(
		trap '' XFSZ
		ulimit -f $((limit_bytes / block)) || exit 125
		exec "$@"
	) >"$OUT" 2>"$ERR" </dev/null
	STATUS=$?
}

DB="$WORK/dir.db"
PERSONAL="$WORK/dir.personal.db"
sp --db "$DB" init --sample
expect "init a directory with the sample" 0
sp --db "$DB" refer harbourside-bereavement-cafe --client FA-1
expect "and make a referral" 0
sqlite3 "$DB" 'PRAGMA wal_checkpoint(TRUNCATE)' >/dev/null
sqlite3 "$PERSONAL" 'PRAGMA wal_checkpoint(TRUNCATE)' >/dev/null
mkdir "$WORK/good"
cp "$DB" "$PERSONAL" "$WORK/good/"
BIG="$WORK/big.yaml"
gen_assets 2000 full >"$BIG"

# fresh NAME: a copy of the good files in a folder of its own; sets $F.
fresh() {
	rm -rf "${WORK:?}/$1"
	mkdir "$WORK/$1"
	cp "$WORK/good/dir.db" "$WORK/good/dir.personal.db" "$WORK/$1/"
	F="$WORK/$1/dir.db"
}

# --- 1. A full disk --------------------------------------------------------------
fresh full
before=$(fingerprint "$F")
with_fsize 400000 "$SIGNPOST" --db "$F" import "$BIG"
fault "an import that fills the disk (RLIMIT_FSIZE 400 kB)" 1 \
	'dir\.db: .*(disk is full|ulimit -f).*nothing was changed'
grep -q 'nothing from .*big\.yaml was imported' "$ERR" && ok "and it says nothing from the file was imported" \
	|| not_ok "and it says nothing from the file was imported" "$(cat "$ERR")"
unchanged "a full disk during an import" "$F" "$before"
sp --db "$F" doctor
expect "doctor passes after it" 0

# A referral needs little room: raise the limit until one fits.  Every
# one refused on the way must say why and change nothing; the first that
# fits must be whole.
refused=0 fitted=
for limit in 36000 40000 44000 48000 56000 64000 80000 96000 128000 192000; do
	before=$(fingerprint "$F")
	with_fsize "$limit" "$SIGNPOST" --db "$F" refer harbourside-bereavement-cafe --client "FULL-$limit"
	if [ "$STATUS" = 0 ]; then
		fitted=$limit
		break
	fi
	refused=$((refused + 1))
	fault "a referral that fills the disk (RLIMIT_FSIZE $limit bytes)" 1 \
		'dir\.personal\.db: .*(disk is full|ulimit -f).*nothing was changed'
	unchanged "a full disk during a referral ($limit bytes)" "$F" "$before"
done
[ "$refused" -gt 0 ] && ok "some referrals met the full disk ($refused)" \
	|| not_ok "some referrals met the full disk" "the first fitted in $fitted bytes"
if [ -n "$fitted" ]; then
	id=$(cat "$OUT")
	same "the first referral that fits ($fitted bytes) is whole" \
		"$(q "$WORK/full/dir.personal.db" "SELECT client || ' ' || (SELECT count(*) FROM referral_history WHERE referral = $id) FROM referral WHERE id = $id")" \
		"FULL-$fitted 1"
fi
sp --db "$F" doctor
expect "doctor passes after them" 0

# --- 2. Read-only file and folder, as another account --------------------------------
FAULT_USER=sigfault
unprivileged=
if [ "$(id -u)" = 0 ]; then
	if ! id "$FAULT_USER" >/dev/null 2>&1; then
		useradd -M -N -s /usr/sbin/nologin "$FAULT_USER" >/dev/null 2>&1 ||
			id "$FAULT_USER" >/dev/null 2>&1 ||
			not_ok "make the user $FAULT_USER" "useradd failed"
	fi
	id "$FAULT_USER" >/dev/null 2>&1 && unprivileged=yes
fi
skip_unprivileged() {
	if [ -n "${CI:-}" ]; then
		not_ok "$1" "in CI this must run as root (uid $(id -u)), to act as $FAULT_USER"
	else
		tap_count=$((tap_count + 1))
		echo "ok $tap_count - $1 # SKIP not root, so no other account to act as"
	fi
}

if [ -n "$unprivileged" ]; then
	U="$WORK/u"
	UHOME="$U/home"
	chmod 711 "$WORK"
	mkdir -p "$UHOME"
	ugroup=$(id -g "$FAULT_USER")
	chown -R "$FAULT_USER:$ugroup" "$U"
	# as_user CMD...: runs CMD as sigfault, with a home of its own.
	as_user() {
		setpriv --reuid="$FAULT_USER" --regid="$ugroup" --clear-groups \
			env HOME="$UHOME" XDG_DATA_HOME="$UHOME/data" XDG_CONFIG_HOME="$UHOME/config" "$@" \
			>"$OUT" 2>"$ERR" </dev/null
		STATUS=$?
	}
	# sigfault makes the directory itself, so it is its own (its admin).
	UF="$U/files"
	as_user mkdir "$UF"
	as_user "$SIGNPOST" --db "$UF/dir.db" init --sample
	expect "$FAULT_USER makes a directory of its own" 0
	as_user "$SIGNPOST" --db "$UF/dir.db" refer harbourside-bereavement-cafe --client RO-1
	expect "and refers someone" 0 '^[0-9]+$'
	small="$WORK/small.yaml"
	gen_assets 3 ro >"$small"
	chmod 644 "$small"
	UDB="$UF/dir.db"
	rm -f "$UDB-wal" "$UDB-shm" "$UF/dir.personal.db-wal" "$UF/dir.personal.db-shm"

	# A read-only file (both files 0400).
	chmod 400 "$UDB" "$UF/dir.personal.db"
	before=$(fingerprint "$UDB")
	as_user "$SIGNPOST" --db "$UDB" search bereavement --format tsv
	expect "a read-only database file: search still works" 0 '^harbourside-bereavement-cafe	'
	as_user "$SIGNPOST" --db "$UDB" refer harbourside-bereavement-cafe --client RO-2
	fault "a read-only database file: a referral" 1 'dir\.db: .*read-only'
	as_user "$SIGNPOST" --db "$UDB" import "$small"
	fault "a read-only database file: an import" 1 'dir\.db: .*read-only'
	chmod 600 "$UDB"
	as_user "$SIGNPOST" --db "$UDB" refer harbourside-bereavement-cafe --client RO-3
	fault "a read-only personal-data file: a referral" 1 'dir\.personal\.db: .*read-only'
	unchanged "a read-only database file" "$UDB" "$before"
	chmod 600 "$UF/dir.personal.db"

	# A read-only folder (0555), with no -wal or -shm there yet.
	rm -f "$UDB-wal" "$UDB-shm" "$UF/dir.personal.db-wal" "$UF/dir.personal.db-shm"
	chmod 555 "$UF"
	as_user "$SIGNPOST" --db "$UDB" search bereavement --format tsv
	expect "a read-only folder: search still works" 0 '^harbourside-bereavement-cafe	'
	as_user "$SIGNPOST" --db "$UDB" log --format tsv
	expect "a read-only folder: the referral log still reads" 0 '	RO-1	'
	as_user "$SIGNPOST" --db "$UDB" followups --format tsv
	expect "a read-only folder: the follow-ups still read" 0 '	RO-1	'
	as_user "$SIGNPOST" --db "$UDB" client RO-1 --format tsv
	expect "a read-only folder: a person's referrals still read" 0 '	RO-1	'
	as_user "$SIGNPOST" --db "$UDB" referral 1
	expect "a read-only folder: a referral still reads" 0 'RO-1'
	as_user "$SIGNPOST" --db "$UDB" refer harbourside-bereavement-cafe --client RO-4
	fault "a read-only folder: a referral" 1 'dir\.db: the folder .* read-only'
	as_user "$SIGNPOST" --db "$UDB" import "$small"
	fault "a read-only folder: an import" 1 'dir\.db: the folder .* read-only'
	chmod 755 "$UF"
	unchanged "a read-only folder" "$UDB" "$before"
	ls "$UF" | grep -q -- '-wal$\|-shm$' && not_ok "nothing was made in the read-only folder" "$(ls "$UF")" \
		|| ok "nothing was made in the read-only folder"
else
	skip_unprivileged "a read-only database file and folder, as another account"
fi

# --- 3. Damaged files ---------------------------------------------------------------
# damage NAME WHICH HOW: a fresh copy whose directory (dir) or personal-data
# (personal) file is cut to half, cut to nothing, or replaced by noise.
damage() {
	fresh "$1"
	case $2 in
	dir) target=$F ;;
	personal) target="$WORK/$1/dir.personal.db" ;;
	esac
	size=$(stat -c %s "$target")
	case $3 in
	half) truncate -s $((size / 2)) "$target" ;;
	empty) : >"$target" ;;
	noise) head -c "$size" /dev/urandom >"$target" ;;
	esac
}

for how in half noise empty; do
	case $how in
	half) what="cut to half its size" ;;
	noise) what="random bytes" ;;
	empty) what="cut to nothing" ;;
	esac
	damage "dir-$how" dir "$how"
	sum=$(bytes "$F")
	other=$(bytes "$WORK/dir-$how/dir.personal.db")
	sp --db "$F" search bereavement
	fault "directory file $what: search" 1 'dir\.db: .*signpost doctor.*signpost restore'
	sp --db "$F" refer harbourside-bereavement-cafe --client DMG-1
	fault "directory file $what: a referral" 1 'dir\.db: .*signpost doctor.*signpost restore'
	sp --db "$F" import "$BIG"
	fault "directory file $what: an import" 1 'dir\.db: .*signpost doctor.*signpost restore'
	same "directory file $what: left as it was" "$(bytes "$F") $(bytes "$WORK/dir-$how/dir.personal.db")" \
		"$sum $other"
	sp --db "$F" doctor
	expect "directory file $what: doctor fails it" 1 '^FAIL .*dir\.db'

	damage "personal-$how" personal "$how"
	P="$WORK/personal-$how/dir.personal.db"
	sum=$(bytes "$P")
	other=$(sqlite3 -readonly "$F" .sha3sum)
	sp --db "$F" search bereavement --format tsv
	expect "personal-data file $what: search still works" 0 '^harbourside-bereavement-cafe	'
	sp --db "$F" refer harbourside-bereavement-cafe --client DMG-2
	fault "personal-data file $what: a referral" 1 'dir\.personal\.db: .*signpost doctor.*signpost restore'
	sp --db "$F" log
	fault "personal-data file $what: the referral log" 1 'dir\.personal\.db: .*signpost doctor.*signpost restore'
	same "personal-data file $what: left as it was" "$(bytes "$P") $(sqlite3 -readonly "$F" .sha3sum)" \
		"$sum $other"
	sp --db "$F" doctor
	expect "personal-data file $what: doctor fails it" 1 '^FAIL .*dir\.personal\.db.*restore'
done

# --- 4. A write transaction held past the busy timeout ----------------------------------
# hold DB: another process (sqlite3) takes the write lock of the directory
# file and of the personal-data file beside it (BEGIN IMMEDIATE takes
# every attached file), and keeps them until release.  It is fed through
# a FIFO, so that it ends by itself when let go.
hold() {
	rm -f "$WORK/hold.fifo"
	mkfifo "$WORK/hold.fifo"
	sqlite3 "$1" <"$WORK/hold.fifo" >"$WORK/hold.out" 2>&1 &
	holder=$!
	exec 4>"$WORK/hold.fifo"
	printf "ATTACH '%s' AS personal;\nBEGIN IMMEDIATE;\n" "${1%.db}.personal.db" >&4
	i=0
	while [ $i -lt 200 ]; do
		sqlite3 -cmd '.timeout 0' "${1%.db}.personal.db" 'BEGIN IMMEDIATE; ROLLBACK;' \
			>/dev/null 2>&1 || break
		sleep 0.05
		i=$((i + 1))
	done
}
release() {
	echo 'ROLLBACK;' >&4
	exec 4>&-
	wait "$holder"
}

fresh busy
before=$(fingerprint "$F")
hold "$F"
start=$(date +%s)
"$SIGNPOST" --db "$F" import "$BIG" >"$WORK/busy-import.out" 2>"$WORK/busy-import.err" </dev/null &
importer=$!
sp --db "$F" refer harbourside-bereavement-cafe --client BUSY-1
waited=$(($(date +%s) - start))
fault "the personal-data file locked by another process: a referral (after ${waited}s)" 1 \
	'dir\.personal\.db: .*locked.*(longer than|try again)'
[ "$waited" -ge 9 ] && ok "it waited the busy timeout first (${waited}s)" \
	|| not_ok "it waited the busy timeout first" "${waited}s"
wait "$importer"
STATUS=$?
cp "$WORK/busy-import.out" "$OUT"
cp "$WORK/busy-import.err" "$ERR"
release
fault "the directory file locked by another process: an import" 1 'dir\.db: .*locked.*(longer than|try again)'
unchanged "a lock held too long" "$F" "$before"
sp --db "$F" refer harbourside-bereavement-cafe --client BUSY-2
expect "once the lock is let go, the referral goes through" 0 '^[0-9]+$'

# --- 5. A missing taxonomy reference in an otherwise valid import -------------------
fresh taxonomy
before=$(fingerprint "$F")
gen_assets 60 tx 37 >"$WORK/bad-need.yaml"
sp --db "$F" import "$WORK/bad-need.yaml"
fault "an import naming a need that is not there" 1 \
	"bad-need\\.yaml:[0-9]+:[0-9]+: asset 'tx-37': unknown need 'no-such-need'"
grep -q 'nothing from .*bad-need\.yaml was imported' "$ERR" && ok "and it says nothing was imported" \
	|| not_ok "and it says nothing was imported" "$(cat "$ERR")"
gen_assets 60 tx | sed '/id: tx-41$/,/status:/s/sector: .*/sector: no-such-sector/' >"$WORK/bad-sector.yaml"
sp --db "$F" import "$WORK/bad-sector.yaml"
fault "an import naming a sector that is not there" 1 \
	"bad-sector\\.yaml:[0-9]+:[0-9]+: asset 'tx-41': unknown sector 'no-such-sector'"
gen_assets 60 tx | sed '/id: tx-59$/,/status:/s/localities: .*/localities: [atlantis]/' >"$WORK/bad-place.yaml"
sp --db "$F" import "$WORK/bad-place.yaml"
fault "an import naming a locality that is not there" 1 \
	"bad-place\\.yaml:[0-9]+:[0-9]+: asset 'tx-59': unknown locality 'atlantis'"
unchanged "imports with a missing reference" "$F" "$before"
gen_assets 60 tx >"$WORK/good.yaml"
sp --db "$F" import "$WORK/good.yaml"
expect "the same file without the mistake imports" 0 'assets 60 added'

# --- 6. A config file unreadable, or not YAML ------------------------------------------
fresh config
before=$(fingerprint "$F")
head -c 3000 /dev/urandom >"$WORK/noise.yaml"
SIGNPOST_CONFIG="$WORK/noise.yaml" sp --db "$F" refer harbourside-bereavement-cafe --client CFG-1
fault "a config file of random bytes" 1 'configuration: .*noise\.yaml'
printf 'follow_up_days: [7\nstale_after_months: 6\n' >"$WORK/broken.yaml"
SIGNPOST_CONFIG="$WORK/broken.yaml" sp --db "$F" refer harbourside-bereavement-cafe --client CFG-2
fault "a config file that is not YAML" 1 'configuration: .*broken\.yaml:[0-9]+:[0-9]+: '
printf 'a line of text, not settings\n' >"$WORK/text.yaml"
SIGNPOST_CONFIG="$WORK/text.yaml" sp --db "$F" report needs
fault "a config file of plain text" 1 'configuration: .*text\.yaml:1:1: .*mapping'
SIGNPOST_CONFIG="$WORK/no-such-config.yaml" sp --db "$F" refer harbourside-bereavement-cafe --client CFG-5
fault "a config file named but missing" 1 'configuration: .*no-such-config\.yaml .*SIGNPOST_CONFIG.* does not exist'
mkdir "$WORK/config-folder"
SIGNPOST_CONFIG="$WORK/config-folder" sp --db "$F" refer harbourside-bereavement-cafe --client CFG-3
fault "a config that is a folder" 1 'configuration: .*config-folder: not a regular file'
unchanged "a bad config file" "$F" "$before"
if [ -n "$unprivileged" ]; then
	printf 'follow_up_days: 7\n' >"$WORK/private.yaml"
	chmod 600 "$WORK/private.yaml"
	as_user env SIGNPOST_CONFIG="$WORK/private.yaml" "$SIGNPOST" --db "$UDB" refer \
		harbourside-bereavement-cafe --client CFG-4
	fault "a config file this account may not read" 1 'configuration: .*private\.yaml: .*Permission denied'
	same "and no referral was made" "$(q "$UF/dir.personal.db" "SELECT count(*) FROM referral WHERE client = 'CFG-4'")" 0
else
	skip_unprivileged "a config file this account may not read"
fi

done_testing
