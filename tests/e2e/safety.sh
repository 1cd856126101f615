#!/bin/sh
# End-to-end tests of keeping the data safe: doctor, backup, restore.
. "${SIGNPOST_TESTS:-$(dirname "$0")/..}/e2e/lib.sh"

DB="$WORK/dir.db"
PERSONAL="$WORK/dir.personal.db"
"$SIGNPOST" --db "$DB" init --sample >/dev/null 2>&1 || { not_ok "init"; done_testing; exit 1; }
"$SIGNPOST" --db "$DB" refer harbourside-bereavement-cafe --client JS-0142 >/dev/null 2>&1

sp --db "$DB" doctor
expect "doctor passes a sound directory" 0 '^ok +integrity of dir\.db$'
grep -Eq '^ok +search index of the directory$' "$OUT" && ok "doctor checks the search index" \
	|| not_ok "doctor checks the search index" "$(cat "$OUT")"
grep -Eq '^ok +permissions of dir\.personal\.db: mode 0600$' "$OUT" \
	&& ok "doctor checks the personal file's permissions" \
	|| not_ok "doctor checks the personal file's permissions" "$(cat "$OUT")"

chmod 644 "$PERSONAL"
sp --db "$DB" doctor
expect "doctor fails a referral file anyone can read" 1 \
	'^FAIL +permissions of dir\.personal\.db: mode 0644: anyone on this machine can read'
chmod 600 "$PERSONAL"

# A stale search index: change a name behind signpost's back.
cp "$DB" "$WORK/stale.db"
sqlite3 "$WORK/stale.db" "UPDATE asset SET name = 'Renamed' WHERE id = 'harbourside-bereavement-cafe'"
sp --db "$WORK/stale.db" doctor
expect "doctor finds a search index out of step" 1 'FAIL +search index of the directory: 1 entries'

# A corrupt file: bytes overwritten in the middle of the file.
cp "$DB" "$WORK/corrupt.db"
size=$(stat -c %s "$WORK/corrupt.db")
dd if=/dev/urandom of="$WORK/corrupt.db" bs=4096 seek=$((size / 4096 / 2)) count=4 conv=notrunc 2>/dev/null
sp --db "$WORK/corrupt.db" doctor
expect "doctor finds a corrupted file and points to restore" 1 'FAIL .*signpost restore'
head -c 20000 /dev/urandom >"$WORK/noise.db"
sp --db "$WORK/noise.db" doctor
expect "doctor fails a file of noise" 1 '^FAIL +open noise\.db'

# Backup while another process writes, then restore and check.
(
	i=0
	while [ $i -lt 40 ]; do
		"$SIGNPOST" --db "$DB" refer harbourside-bereavement-cafe --client "BK-$i" >/dev/null 2>&1
		i=$((i + 1))
	done
) &
writer=$!
sp --db "$DB" backup "$WORK/backup"
expect "a backup taken while another writes succeeds" 0 'Copied and checked .*/backup/dir\.db'
grep -q 'Copied and checked .*/backup/dir\.personal\.db' "$OUT" \
	&& ok "the backup holds the personal-data file too" || not_ok "the backup holds the personal-data file too"
wait $writer
mode=$(stat -c %a "$WORK/backup/dir.personal.db")
[ "$mode" = 600 ] && ok "the copy of the referrals is as private as the original" \
	|| not_ok "the copy of the referrals is as private as the original" "mode $mode"
sp --db "$DB" backup "$WORK/backup"
expect "a backup will not overwrite an earlier one" 1 '' 'a backup is already there'

sp --db "$DB" restore "$WORK/backup"
expect "restore refuses to overwrite without --force" 1 '' 'give --force'
sp --db "$WORK/restored.db" restore "$WORK/backup"
expect "restore into a new place needs no --force" 1 '' 'no backup of restored.db'
mkdir -p "$WORK/fresh"
cp "$WORK/backup/dir.db" "$WORK/backup/dir.personal.db" "$WORK/fresh/" 2>/dev/null
rm -f "$DB" "$DB-wal" "$DB-shm" "$PERSONAL" "$PERSONAL-wal" "$PERSONAL-shm"
sp --db "$DB" restore "$WORK/backup"
expect "restore puts the files back" 0 'Restored .*dir\.db'
sp --db "$DB" doctor
expect "the restored directory passes doctor" 0
n=$(sqlite3 "$PERSONAL" "SELECT count(*) FROM referral")
[ "$n" -ge 1 ] && ok "the restored referrals are there ($n)" || not_ok "the restored referrals are there"
sp --db "$DB" search bereavement --format tsv
expect "the restored directory searches" 0 '^harbourside-bereavement-cafe	'

sp --demo backup "$WORK/nowhere"
expect "there is nothing to back up in a demo" 1 '' 'throwaway'

done_testing
