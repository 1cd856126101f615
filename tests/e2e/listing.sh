#!/bin/sh
# End-to-end tests of listing maintenance: asset add, edit, verify,
# status, archive, unarchive, history and restore; stale, flags,
# flag-resolve and queue; each with its errors and exit statuses, run as
# the built program on a directory made from the bundled sample.  Ends
# with the issue's "done when": a stale listing and a link worker's flag
# in the queue, worked to empty, and the history that shows it.
. "${SIGNPOST_TESTS:-$(dirname "$0")/..}/e2e/lib.sh"

DB="$WORK/dir.db"
ME=$(id -un)
# The sample's own today: its verified dates are written around it.
export SIGNPOST_TODAY=2026-11-23

same() {
	if [ "$2" = "$3" ]; then ok "$1"; else not_ok "$1" "got:    $2" "wanted: $3"; fi
}

# spin FILE ARGS...: runs signpost with FILE as its standard input.
spin() {
	input=$1
	shift
	"$SIGNPOST" "$@" <"$input" >"$OUT" 2>"$ERR"
	STATUS=$?
}

# json FILE PATH: a value from a JSON file.
json() {
	sqlite3 :memory: "SELECT json_extract(readfile('$1'), '$2')"
}

json_ok() {
	valid=$(sqlite3 :memory: "SELECT json_valid(readfile('$OUT'))")
	same "$1" "$valid" 1
}

q() {
	sqlite3 -batch "$DB" "$1"
}

versions() {
	q "SELECT count(*) FROM asset_version v JOIN asset a ON a.num = v.asset WHERE a.id = '$1'"
}

sp --db "$DB" init --sample
expect "init with the sample" 0

# --- The command line itself ----------------------------------------------
sp --db "$DB" asset
expect "asset alone asks what to do" 2 '' 'give what to do: add, edit'
sp --db "$DB" asset frob
expect "an unknown asset subcommand is a usage error" 2 '' "unknown 'asset frob'"
sp --db "$DB" asset --help
expect "asset --help describes the subcommands" 0 'restore ID VERSION'
sp --db "$DB" asset add --help
expect "asset add --help too" 0 '--session'
sp --db "$DB" asset add --frob
expect "an unknown option names the subcommand" 2 '' "^signpost asset add: unrecognized option '--frob'"
sp --db "$DB" asset add walking
expect "add takes no id" 2 '' 'takes no id'
sp --db "$DB" asset add
expect "add without fields" 2 '' 'give the asset.s fields'
sp --db "$DB" asset add --name X --cost cheap
expect "a bad --cost" 2 '' "unknown cost 'cheap'"
sp --db "$DB" asset add --name X --status sleepy
expect "a bad --status" 2 '' "unknown status 'sleepy'"
sp --db "$DB" asset add --name X --referral postcard
expect "a bad --referral" 2 '' "unknown referral route 'postcard'"
sp --db "$DB" asset add --name X --session "funday 10:00"
expect "a bad --session day" 2 '' "'funday 10:00' is not a session"
sp --db "$DB" asset add --name X --session "mon 10:00-noon"
expect "a bad --session time" 2 '' "is not a session"
sp --db "$DB" asset add --name X --if-version 2
expect "--if-version is not for add" 2 '' "--if-version: not for 'asset add'"
sp --db "$DB" asset edit
expect "edit without an id" 2 '' 'edit which asset'
sp --db "$DB" asset edit a b --reason x --phone 1
expect "edit of two ids" 2 '' 'one asset at a time'
sp --db "$DB" asset edit port-alden-words-for-loss --phone "01632 960000"
expect "edit without a reason" 2 '' 'say why in one line: --reason'
sp --db "$DB" asset edit port-alden-words-for-loss --reason "nothing"
expect "edit without fields" 2 '' 'give the fields to change'
sp --db "$DB" asset edit port-alden-words-for-loss --reason x --phone 1 --if-version two
expect "a bad --if-version" 2 '' '--if-version needs a version number'
sp --db "$DB" asset verify
expect "verify without an id" 2 '' 'verify which asset'
sp --db "$DB" asset verify port-alden-words-for-loss --phone 1
expect "fields are not for verify" 2 '' "the field options: not for 'asset verify'"
sp --db "$DB" asset status port-alden-words-for-loss
expect "status without a status" 2 '' 'its new status'
sp --db "$DB" asset status port-alden-words-for-loss sleepy
expect "an unknown status" 2 '' "unknown status 'sleepy'"
sp --db "$DB" asset restore port-alden-words-for-loss first
expect "restore of a version that is not a number" 2 '' "'first' is not a version number"
sp --db "$DB" asset history
expect "history without an id" 2 '' 'the history of which asset'
sp --db "$DB" asset history port-alden-words-for-loss --format xml
expect "history with a bad format" 2 '' "unknown format 'xml'"
sp --db "$DB" asset archive port-alden-words-for-loss --format json
expect "--format is not for archive" 2 '' "--format: not for 'asset archive'"

for sub in "edit nope --phone 1 --reason x" "verify nope" "archive nope" "unarchive nope" \
	"status nope full" "history nope" "restore nope 1"; do
	# shellcheck disable=SC2086
	sp --db "$DB" asset $sub
	expect "asset $sub: an unknown id" 1 '' "no asset with the id 'nope'"
done
sp --db "$WORK/missing.db" asset verify port-alden-words-for-loss
expect "a missing directory" 1 '' 'signpost init'

# --- add -------------------------------------------------------------------
sp --db "$DB" asset add --name "Tuesday Stitchers" --sector community-group \
	--need meeting-people --need creative-arts --locality northgate \
	--session "tue 10:00-12:00 in the library" --session "sat 9:30-11:00" \
	--phone "01632 960777" --cost free --referral self --referral link-worker \
	--reason "new group, met them at the fair"
expect "add prints the new id, made from the name and the main locality" 0 \
	'^tuesday-stitchers-northgate$' 'Added Tuesday Stitchers as tuesday-stitchers-northgate'
sp --db "$DB" show tuesday-stitchers-northgate --format json
same "the sessions were read" "$(json "$OUT" '$.sessions[1].start')" "09:30"
same "the needs in order" "$(json "$OUT" '$.needs')" '["meeting-people","creative-arts"]'
same "the referral routes" "$(json "$OUT" '$.referral')" '["self","link-worker"]'
same "the reason is in the history" \
	"$(q "SELECT reason || '|' || changed_by FROM asset_version v JOIN asset a ON a.num = v.asset WHERE a.id = 'tuesday-stitchers-northgate'")" \
	"new group, met them at the fair|$ME"
sp --db "$DB" search stitchers --format tsv
expect "a new asset is found by search" 0 '^tuesday-stitchers-northgate	'

sp --db "$DB" asset add --name "Tuesday Stitchers" --sector community-group \
	--need meeting-people --locality northgate
expect "the same name in the same place is refused" 1 '' \
	"not added: 'Tuesday Stitchers' looks like a listing already in the directory"
grep -q '^  tuesday-stitchers-northgate  Tuesday Stitchers: the same name, in locality northgate$' "$ERR" \
	&& ok "and names the listing, with why" || not_ok "and names the listing, with why" "$(cat "$ERR")"
grep -q -- '--force' "$ERR" && ok "and says how to add it anyway" || not_ok "and says how to add it anyway"
sp --db "$DB" asset add --name "the knit & natter!" --sector vcse --need meeting-people \
	--locality wrenmouth
expect "a name that differs in case, punctuation and \"The\" is refused too" 1 '' \
	'wrenmouth-library-knit-and-natter  Knit and Natter: the same name but for case'
sp --db "$DB" asset add --name "Tuesday Stitcher" --sector vcse --need meeting-people \
	--locality tidemill --postcode "ZW1 9XX"
expect "nearly the same name in another place is no duplicate" 0 '^tuesday-stitcher-tidemill$'
sp --db "$DB" asset add --name "Tuesday Stitchers" --sector community-group \
	--need meeting-people --locality northgate --force
expect "--force adds it anyway, with a numbered id and a warning" 0 \
	'^tuesday-stitchers-northgate-2$' 'warning: it looks like a listing already'
sp --db "$DB" asset add --name "Bad Fields" --sector nope --need meeting-people \
	--locality northgate --phone "call us" --email nobody
expect "fields that fail their checks are all named" 1 '' "unknown sector 'nope'"
grep -q "phone 'call us' should be digits" "$ERR" && grep -q "email 'nobody' is not an email" "$ERR" \
	&& ok "every bad field is named" || not_ok "every bad field is named" "$(cat "$ERR")"
same "and nothing was added" "$(q "SELECT count(*) FROM asset WHERE name = 'Bad Fields'")" 0

cat >"$WORK/new.yaml" <<'EOF'
name: Shinglebank Rock Pool Rambles
organisation: Friends of Shinglebank
sector: nature
needs: [coast-conservation, volunteering]
localities: [shinglebank]
sessions:
  - days: [sun]
    start: "10:00"
    end: "12:00"
    note: first Sunday of the month
cost: free
EOF
spin "$WORK/new.yaml" --db "$DB" asset add --yaml - --verified
expect "add reads a YAML document on standard input" 0 '^shinglebank-rock-pool-rambles$'
sp --db "$DB" show shinglebank-rock-pool-rambles --format json
same "--verified stamps today and the login" "$(json "$OUT" '$.verified')|$(json "$OUT" '$.verified_by')" \
	"2026-11-23|$ME"
same "the organisation came from the YAML" "$(json "$OUT" '$.organisation')" "Friends of Shinglebank"
printf 'name: Odd\nsector: nature\ncolour: green\n' >"$WORK/bad.yaml"
spin "$WORK/bad.yaml" --db "$DB" asset add --yaml -
expect "a YAML mistake names standard input, line and column" 1 '' \
	"^signpost: standard input:3:1: unknown field 'colour' in an asset"
sp --db "$DB" asset add --yaml "$WORK/none.yaml"
expect "a missing YAML file" 1 '' 'none.yaml: cannot open'

# --- edit ------------------------------------------------------------------
sp --db "$DB" asset edit tuesday-stitchers-northgate --phone "01632 960778" --reason "new phone"
expect "edit saves the next version and says what changed" 0 \
	'^Saved tuesday-stitchers-northgate as version 2 \(changed: phone\)\.$'
sp --db "$DB" asset edit tuesday-stitchers-northgate --phone "01632 960778" --reason "again"
expect "an edit that changes nothing writes nothing" 0 'Nothing to change'
same "still two versions" "$(versions tuesday-stitchers-northgate)" 2
sp --db "$DB" asset edit tuesday-stitchers-northgate --name "Tuesday Stitchers Club" \
	--locality tidemill --reason "renamed, moved"
expect "a rename" 0 'version 3'
sp --db "$DB" show tuesday-stitchers-northgate --format tsv
expect "keeps the id" 0 '^name	Tuesday Stitchers Club$'
sp --db "$DB" asset edit tuesday-stitchers-northgate --email nobody --reason "email"
expect "an edit with a bad field is refused" 1 '' "email 'nobody' is not an email address"
same "and writes nothing" "$(versions tuesday-stitchers-northgate)" 3
sp --db "$DB" asset edit tuesday-stitchers-northgate --phone "01632 960779" --reason "phone" \
	--if-version 2
expect "an edit from an old version is refused" 1 '' \
	"changed by someone else \(it is now at version 3, you started from version 2\)"
grep -q "$ME saved it at 2026-11-23T" "$ERR" && ok "naming who saved it and when" \
	|| not_ok "naming who saved it and when" "$(cat "$ERR")"
grep -q '^  name: Tuesday Stitchers -> Tuesday Stitchers Club$' "$ERR" \
	&& ok "and what changed since" || not_ok "and what changed since" "$(cat "$ERR")"
grep -q 'again with --if-version 3' "$ERR" && ok "and how to try again" \
	|| not_ok "and how to try again" "$(cat "$ERR")"
same "nothing was saved" "$(versions tuesday-stitchers-northgate)" 3
sp --db "$DB" asset edit tuesday-stitchers-northgate --phone "01632 960779" --reason "phone" \
	--if-version 3
expect "from the current version it saves" 0 'version 4'
printf 'id: another-id\nnotes: hello\n' >"$WORK/id.yaml"
spin "$WORK/id.yaml" --db "$DB" asset edit tuesday-stitchers-northgate --yaml - --reason x
expect "the id never changes" 1 '' "an asset's id never changes"
printf 'notes: "bring your own wool"\ncost: low\n' >"$WORK/edit.yaml"
spin "$WORK/edit.yaml" --db "$DB" asset edit tuesday-stitchers-northgate --yaml - \
	--cost free --reason "notes"
expect "edit reads YAML, the options over it" 0 '\(changed: notes\)'
sp --db "$DB" asset edit tuesday-stitchers-northgate --phone "" --reason "no phone now"
expect "an empty value clears a field" 0 '\(changed: phone\)'
sp --db "$DB" show tuesday-stitchers-northgate --format json
same "the phone is gone" "$(json "$OUT" '$.phone')" ""

# --- verify, status, archive -----------------------------------------------
sp --db "$DB" asset verify tuesday-stitcher-tidemill
expect "verify stamps today and the login" 0 \
	"^Verified tuesday-stitcher-tidemill on 2026-11-23 by $ME \\(version 2\\)\\.$"
sp --db "$DB" asset verify tuesday-stitcher-tidemill
expect "verify twice the same day" 0 'verified on 2026-11-23 by .* already'
same "the reason is 'verified'" \
	"$(q "SELECT reason FROM asset_version v JOIN asset a ON a.num = v.asset WHERE a.id = 'tuesday-stitcher-tidemill' AND v.version = 2")" \
	verified
sp --db "$DB" asset status tuesday-stitcher-tidemill full --reason "12 on the list"
expect "status full" 0 '^tuesday-stitcher-tidemill is now full \(version 3\)\.$'
sp --db "$DB" asset status tuesday-stitcher-tidemill full
expect "full again" 0 'is full already'
sp --db "$DB" search stitcher --open --format tsv
grep -q '^tuesday-stitcher-tidemill	' "$OUT" && not_ok "a full asset leaves --open" \
	|| ok "a full asset leaves --open"
sp --db "$DB" asset archive tuesday-stitcher-tidemill --reason "the group folded"
expect "archive" 0 'it no longer shows in search'
sp --db "$DB" search stitcher --format tsv
grep -q '^tuesday-stitcher-tidemill	' "$OUT" && not_ok "an archived asset leaves search" \
	|| ok "an archived asset leaves search"
sp --db "$DB" show tuesday-stitcher-tidemill
expect "but can still be shown" 0 'Tuesday Stitcher'
sp --db "$DB" asset archive tuesday-stitcher-tidemill
expect "archive twice" 0 'archived already'
sp --db "$DB" asset unarchive tuesday-stitcher-tidemill
expect "unarchive" 0 'shows in search again'
sp --db "$DB" search stitcher --format tsv
expect "and it is found again" 0 '^tuesday-stitcher-tidemill	'
same "the asset row is never deleted" "$(q "SELECT count(*) FROM asset WHERE id = 'tuesday-stitcher-tidemill'")" 1

# --- history and restore ------------------------------------------------------
sp --db "$DB" asset history tuesday-stitcher-tidemill
expect "history lists every version" 0 '^Version 5  2026-11-23T[0-9:]+Z  '"$ME"'  unarchived$'
grep -q '^  status         open -> full$' "$OUT" && ok "with the fields that changed" \
	|| not_ok "with the fields that changed" "$(cat "$OUT")"
grep -q "^Version 4 .*  the group folded$" "$OUT" && ok "and why" || not_ok "and why" "$(cat "$OUT")"
sp --db "$DB" asset history tuesday-stitcher-tidemill --format tsv
expect "history as TSV" 0 "^3	2026-11-23T[0-9:]+Z	$ME	12 on the list	status	open	full$"
sp --db "$DB" asset history tuesday-stitcher-tidemill --format json
json_ok "history as JSON"
same "JSON: a version's changes" "$(json "$OUT" '$[3].changes[0].field')|$(json "$OUT" '$[3].changes[0].after')" \
	"archived|yes"
sp --db "$DB" asset restore tuesday-stitcher-tidemill 1
expect "restore writes a new version" 0 '^Restored version 1 of tuesday-stitcher-tidemill as version 6\.$'
sp --db "$DB" show tuesday-stitcher-tidemill --format json
same "equal to the old one" "$(json "$OUT" '$.status')|$(json "$OUT" '$.verified')" "open|"
same "with the reason" \
	"$(q "SELECT reason FROM asset_version v JOIN asset a ON a.num = v.asset WHERE a.id = 'tuesday-stitcher-tidemill' AND v.version = 6")" \
	"restored version 1"
sp --db "$DB" asset restore tuesday-stitcher-tidemill 6
expect "restoring the current version" 0 'nothing to restore'
sp --db "$DB" asset restore tuesday-stitcher-tidemill 60
expect "restoring a version that is not there" 1 '' "has no version 60 \\(it has versions 1 to 6\\)"
sqlite3 "$DB" "DELETE FROM asset_version" 2>/dev/null
same "history rows cannot be deleted" "$(versions tuesday-stitcher-tidemill)" 6

# --- stale -------------------------------------------------------------------
sp --db "$DB" stale
expect "stale lists the listings not verified in 12 months, oldest first" 0 \
	'^ID +NAME +VERIFIED +AGE +BY$'
sed -n 2p "$OUT" | grep -Eq '^[a-z0-9-]+ +.* never +never +$' && ok "the never verified first" \
	|| not_ok "the never verified first" "$(sed -n 2p "$OUT")"
sp --db "$DB" stale --format tsv
default=$(wc -l <"$OUT")
same "then the oldest" "$(awk -F '\t' '$3 != ""' "$OUT" | head -1 | cut -f1,3,4)" \
	"marram-park-allotments	2024-03-01	997"
grep -q '^wrenmouth-library-home-library-service	' "$OUT" \
	&& ok "366 days at 12 months is stale" || not_ok "366 days at 12 months is stale"
grep -q '^tuesday-stitchers-northgate	.*			' "$OUT" \
	&& ok "a listing never verified is stale" || not_ok "a listing never verified is stale"
sp --db "$DB" stale --older-than 6m --format tsv
six=$(wc -l <"$OUT")
[ "$six" -gt "$default" ] && ok "--older-than 6m finds more" || not_ok "--older-than 6m finds more" "$six <= $default"
sp --db "$DB" stale --older-than 8w --format tsv
expect "--older-than in weeks" 0
sp --db "$DB" stale --older-than 90d --format json
json_ok "--older-than in days, as JSON"
sp --db "$DB" stale --older-than soon
expect "a bad --older-than" 2 '' "'soon' is not an age"
sp --db "$DB" stale extra
expect "stale takes no words" 2 '' 'unexpected argument'
mkdir -p "$XDG_CONFIG_HOME/signpost"
echo "stale_after_months: 24" >"$XDG_CONFIG_HOME/signpost/config.yaml"
sp --db "$DB" stale --format tsv
two_years=$(wc -l <"$OUT")
[ "$two_years" -lt "$default" ] && ok "the threshold comes from the config" \
	|| not_ok "the threshold comes from the config" "$two_years >= $default"
rm "$XDG_CONFIG_HOME/signpost/config.yaml"

# --- flags and flag-resolve -------------------------------------------------------
sp --db "$DB" flags
expect "no flags yet" 0 '^No flags\.$'
sp --db "$DB" flag harbourside-bereavement-cafe --reason full
expect "a link worker flags a listing" 0 'flag 1'
sp --db "$DB" flags
expect "flags lists it" 0 "^1 +2026-11-23 +harbourside-bereavement-cafe +full +$ME +open"
sp --db "$DB" flags --open --format tsv
expect "flags --open as TSV" 0 "^1	2026-11-23T[0-9:]+Z	harbourside-bereavement-cafe	Harbourside Bereavement Café	full		$ME			$"
sp --db "$DB" flags --format json
json_ok "flags as JSON"
sp --db "$DB" flags --asset nope
expect "flags of an unknown asset" 1 '' "no asset with the id 'nope'"
sp --db "$DB" flag-resolve
expect "flag-resolve without an id" 2 '' 'resolve which flag'
sp --db "$DB" flag-resolve one --note x
expect "flag-resolve of a word" 2 '' "'one' is not a flag id"
sp --db "$DB" flag-resolve 1
expect "flag-resolve without a note" 2 '' 'say how it was resolved: --note'
sp --db "$DB" flag-resolve 99 --note "x"
expect "flag-resolve of an unknown flag" 1 '' 'no flag with the id 99'
sp --db "$DB" flag-resolve 1 --note "$(printf 'bad\033[2J')"
expect "a note with a control character" 1 '' 'control character'
sp --db "$DB" flag-resolve 1 --note "they have spaces again"
expect "flag-resolve" 0 '^Resolved flag 1 on harbourside-bereavement-cafe \(full\)\.$'
sp --db "$DB" flag-resolve 1 --note "again"
expect "resolving twice is refused" 1 '' "flag 1 on 'harbourside-bereavement-cafe' was resolved already, by $ME at 2026-11-23T"
sp --db "$DB" flags --open
expect "it leaves the open flags" 0 '^No open flags\.$'
sp --db "$DB" flags --format tsv
expect "and shows how it was resolved" 0 "	$ME	they have spaces again$"

# --- queue: the issue's "done when" -------------------------------------------------
# A listing last checked in April 2024, and a link worker's flag on it.
sp --db "$DB" queue --format tsv
expect "the stale listing is in the queue" 0 \
	'^stale	2024-04-05	962	port-alden-words-for-loss	Words for Loss grief reading group				Femi A\.$'
sp --db "$DB" flag port-alden-words-for-loss --reason wrong-details --note "the phone number has changed"
expect "a link worker flags it" 0 'flag 2'
sp --db "$DB" queue
expect "the queue shows the stale listing" 0 \
	'^2024-04-05 +stale +port-alden-words-for-loss +Words for Loss grief reading group +last verified 2 years ago$'
grep -Eq "^2026-11-23 +flag +port-alden-words-for-loss +Words for Loss grief reading group +flag 2, wrong-details: the phone number has changed \\($ME\\)$" "$OUT" \
	&& ok "and the flag" || not_ok "and the flag" "$(cat "$OUT")"
same "oldest first: never verified, then by date" "$(sed -n 2p "$OUT" | awk '{print $1}')" "never"
last=$(tail -1 "$OUT" | awk '{print $2, $3}')
same "the flag raised today comes last" "$last" "flag port-alden-words-for-loss"
sp --db "$DB" queue --format json
json_ok "the queue as JSON"
same "JSON: the flag" "$(json "$OUT" '$[#-1].kind')|$(json "$OUT" '$[#-1].flag')|$(json "$OUT" '$[#-1].reason')" \
	"flag|2|wrong-details"

# Working it: the new phone number, verified, the flag resolved.
sp --db "$DB" asset edit port-alden-words-for-loss --phone "01632 960506" --reason "new number"
expect "update the phone number" 0 '\(changed: phone\)'
sp --db "$DB" asset verify port-alden-words-for-loss
expect "mark it verified" 0 "^Verified port-alden-words-for-loss on 2026-11-23 by $ME"
sp --db "$DB" flag-resolve 2 --note "phoned them: new number in the listing"
expect "resolve the flag" 0 'Resolved flag 2'
sp --db "$DB" queue --format tsv
if grep -q 'port-alden-words-for-loss' "$OUT"; then
	not_ok "both leave the queue" "$(grep port-alden-words-for-loss "$OUT")"
else
	ok "both leave the queue"
fi
sp --db "$DB" asset history port-alden-words-for-loss
expect "the history shows the old and the new number" 0 \
	'^  phone          01632 960505 -> 01632 960506$'
grep -Eq "^Version 2  2026-11-23T[0-9]{2}:[0-9]{2}:[0-9]{2}Z  $ME  new number$" "$OUT" \
	&& ok "with who made the change, when and why" || not_ok "with who made the change, when and why" "$(cat "$OUT")"
grep -Eq "^Version 3  2026-11-23T.*  $ME  verified$" "$OUT" \
	&& ok "and the verification" || not_ok "and the verification" "$(cat "$OUT")"
grep -q "^  verified_by    Femi A. -> $ME$" "$OUT" \
	&& ok "which changed only who and when it was verified" \
	|| not_ok "which changed only who and when it was verified" "$(cat "$OUT")"
same "the verification changed two fields" "$(grep -c '^  ' "$OUT")" 4

sp --db "$DB" queue --older-than 100y --format tsv
same "with a threshold of a century, only the never verified are left" \
	"$(cut -f1,2 "$OUT" | sort -u)" "stale	"
sp --db "$DB" queue --older-than 0d
expect "a zero threshold is refused" 2 '' "'0d' is not an age"

[ ! -e "$WORK/dir.personal.db" ] && ok "listing work never opens the personal-data file" \
	|| not_ok "listing work never opens the personal-data file"

done_testing
