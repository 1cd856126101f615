#!/bin/sh
# End-to-end tests of the referral log and the follow-up tracker: refer,
# referral, update, close, reopen, followups, client, unmet, wellbeing and
# flag, run as the built program on real files, with their exit statuses
# and messages; and which file holds what (referrals, unmet needs and
# wellbeing in NAME.personal.db, 0600; flags in the directory file).
. "${SIGNPOST_TESTS:-$(dirname "$0")/..}/e2e/lib.sh"

DB="$WORK/dir.db"
PERSONAL="$WORK/dir.personal.db"
ME=$(id -un)
export SIGNPOST_TODAY=2026-05-01

# q FILE SQL: one answer from a database, read with plain sqlite3.
q() {
	sqlite3 -batch "$1" "$2"
}

# same DESC GOT WANT
same() {
	if [ "$2" = "$3" ]; then ok "$1"; else not_ok "$1" "got:    $2" "wanted: $3"; fi
}

# lacks DESC FILE FIXED-TEXT: passes when FILE does not hold the text.
lacks() {
	if grep -Fq -- "$3" "$2"; then not_ok "$1" "$(head -c 600 "$2")"; else ok "$1"; fi
}

# todo DESC CONDITION...: a known bug, reported as TAP TODO while it fails.
todo() {
	desc=$1
	shift
	tap_count=$((tap_count + 1))
	if "$@"; then
		echo "ok $tap_count - $desc"
	else
		echo "not ok $tap_count - $desc # TODO known bug"
	fi
}

# json FILE PATH: a value from a JSON file.
json() {
	sqlite3 :memory: "SELECT json_extract(readfile('$1'), '$2')"
}

json_ok() {
	valid=$(sqlite3 :memory: "SELECT json_valid(readfile('$OUT'))")
	same "$1" "$valid" 1
}

sp --db "$DB" init
expect "init" 0
sp --db "$DB" import "$SIGNPOST_TESTDATA/referral-assets.yaml"
expect "import the referral test assets" 0 'assets 4 added'
[ ! -e "$PERSONAL" ] && ok "no personal-data file before the first referral" \
	|| not_ok "no personal-data file before the first referral"

# --- refer ------------------------------------------------------------------
sp --db "$DB" refer quay-walking-group --client JS-0142
expect "refer prints the new id" 0 '^1$' \
	'^Referred JS-0142 to Quay Walking Group; follow up by 2026-05-15 \(referral 1\)\.$'
same "refer prints only the id on stdout" "$(cat "$OUT")" 1
[ -f "$PERSONAL" ] && ok "the personal-data file is made beside the directory" \
	|| not_ok "the personal-data file is made beside the directory" "$(ls -la "$WORK")"
same "the personal-data file is private (0600)" "$(stat -c %a "$PERSONAL")" 600
same "the directory file holds no referral tables" \
	"$(q "$DB" "SELECT count(*) FROM sqlite_schema WHERE name LIKE 'referral%' OR name IN ('unmet_need', 'wellbeing')")" 0
same "the personal-data file holds the referral" "$(q "$PERSONAL" 'SELECT client, asset_id, worker, status FROM referral')" \
	"JS-0142|quay-walking-group|$ME|referred"
same "and its first history row" "$(q "$PERSONAL" 'SELECT count(*) FROM referral_history')" 1
sp --db "$DB" referral 1 --format json
same "the default need is the asset's main need" "$(json "$OUT" '$.needs')" '["walking"]'

sp --db "$DB" refer old-town-lunch-club --client JS-0143 --need loneliness --need shared-meals \
	--need loneliness --note 'Lives alone; likes company' --follow-up +1w
expect "refer with needs, a note and a follow-up" 0 '^2$' 'follow up by 2026-05-08 \(referral 2\)'
sp --db "$DB" referral 2 --format json
json_ok "referral --format json is valid JSON"
same "--need repeats, in order, each once" "$(json "$OUT" '$.needs')" '["loneliness","shared-meals"]'
same "the note is kept" "$(json "$OUT" '$.note')" 'Lives alone; likes company'
same "JSON: status" "$(json "$OUT" '$.status')" referred
same "JSON: asset name" "$(json "$OUT" '$.asset_name')" 'Old Town Lunch Club'
same "JSON: version" "$(json "$OUT" '$.version')" 1
same "JSON: the history's first row" "$(json "$OUT" '$.history[0].who')|$(json "$OUT" '$.history[0].to')|$(json "$OUT" '$.history[0].follow_up')" \
	"$ME|referred|2026-05-08"

n=3
for form in 'today 2026-05-01' 'tomorrow 2026-05-02' '+0d 2026-05-01' '+14d 2026-05-15' \
	'+2w 2026-05-15' '2026-06-30 2026-06-30' '+3650d 2036-04-28'; do
	set -- $form
	sp --db "$DB" refer tidemill-bereavement-circle --client "F-$n" --follow-up "$1"
	expect "--follow-up $1 is $2" 0 "^$n\$" "follow up by $2 \\(referral $n\\)"
	n=$((n + 1))
done
mkdir -p "$XDG_CONFIG_HOME/signpost"
printf 'follow_up_days: 3\n' >"$XDG_CONFIG_HOME/signpost/config.yaml"
sp --db "$DB" refer tidemill-bereavement-circle --client F-cfg
expect "the default follow-up comes from follow_up_days in the config" 0 '' 'follow up by 2026-05-04'
rm "$XDG_CONFIG_HOME/signpost/config.yaml"
count=$(q "$PERSONAL" 'SELECT count(*) FROM referral')
same "ten referrals so far" "$count" 10

# Refused client references: exit 1, the reason, never the reference.
for bad in '9434765919 NHS number' '943-476-5919 NHS number' 'JS9434765919 NHS number' \
	'jo@example.org email address' '07700900123 UK phone number' \
	'+447700900123 UK phone number' '01632-960123 UK phone number'; do
	set -- $bad
	ref=$1
	shift
	sp --db "$DB" refer quay-walking-group --client "$ref"
	expect "refer refuses $ref: it holds an $*" 1 '' "the client reference holds an? $*.*: signpost must never hold who a person is"
	lacks "the message does not repeat $ref" "$ERR" "$ref"
	[ ! -s "$OUT" ] && ok "nothing on stdout for $ref" || not_ok "nothing on stdout for $ref" "$(cat "$OUT")"
done
sp --db "$DB" refer quay-walking-group --client '943 476 5919'
expect "refer refuses a spaced NHS number" 1 '' 'holds an NHS number'
lacks "the message does not repeat it" "$ERR" '476 5919'
sp --db "$DB" refer quay-walking-group --client 'JS 0142'
expect "a space in a reference is refused" 1 '' "letters, digits, '-' and '_' only"
sp --db "$DB" refer quay-walking-group --client ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456
expect "a 33-character reference is refused" 1 '' 'at most 32 characters'
sp --db "$DB" refer quay-walking-group --client ''
expect "an empty reference is refused" 1 '' 'a client reference is needed'
sp --db "$DB" refer nope --client JS-0142
expect "an unknown asset is refused" 1 '' "no asset with the id 'nope'"
sp --db "$DB" refer saltings-choir --client JS-0142
expect "an archived asset is refused" 1 '' "'saltings-choir' is archived: it no longer runs, so nobody can be referred to it"
sp --db "$DB" refer quay-walking-group --client JS-0142 --need bereavment
expect "an unknown need is refused with a suggestion" 1 '' "unknown need 'bereavment': did you mean 'bereavement'\\?"
for bad in '+3m' 'next week' '2026-02-30' '+99999d' '-1d' 'soon'; do
	sp --db "$DB" refer quay-walking-group --client JS-0142 --follow-up "$bad"
	expect "a bad --follow-up '$bad' is refused" 1 '' "'$(printf %s "$bad" | sed 's/[+.]/\\&/g')' is not a date"
done
sp --db "$DB" refer quay-walking-group --client JS-0142 --follow-up 2026-04-30
expect "a --follow-up in the past is refused" 1 '' 'the follow-up date 2026-04-30 has already passed \(today is 2026-05-01\)'
sp --db "$DB" refer quay-walking-group --client JS-0142 --note "$(printf 'a\033[2Jb')"
expect "a note with an escape sequence is refused" 1 '' 'the note holds a control character'
same "nothing refused was written" "$(q "$PERSONAL" 'SELECT count(*) FROM referral')|$(q "$PERSONAL" 'SELECT count(*) FROM referral_history')" \
	"$count|$count"
sp --db "$DB" refer --client JS-0142
expect "refer with no asset is a usage error" 2 '' 'refer to which asset\? give its id'
sp --db "$DB" refer quay-walking-group
expect "refer with no --client is a usage error" 2 '' 'whom\? give --client REF'
sp --db "$DB" refer quay-walking-group old-town-lunch-club --client JS-0142
expect "refer to two assets is a usage error" 2 '' 'one asset at a time'
sp --db "$DB" refer --help
expect "refer --help" 0 'Usage: signpost refer ASSET --client REF'
SIGNPOST_TODAY=2026-02-30 sp --db "$DB" refer quay-walking-group --client JS-0142
expect "a bad SIGNPOST_TODAY is refused" 1 '' "SIGNPOST_TODAY is '2026-02-30', which is not a date"

# --- referral ---------------------------------------------------------------
sp --db "$DB" referral 1
expect "referral shows one referral" 0 '^Referral +1 \(version 1\)$'
for line in '^Client +JS-0142$' '^Asset +Quay Walking Group$' '^Asset id +quay-walking-group$' \
	'^Needs +walking$' "^Link worker +$ME\$" '^Status +referred$' '^Follow up by +2026-05-15$' \
	'^History$' "^  20[0-9-]+T[0-9:]+Z  $ME +referred; follow up by 2026-05-15$"; do
	grep -Eq -- "$line" "$OUT" && ok "referral text: /$line/" || not_ok "referral text: /$line/" "$(cat "$OUT")"
done
sp --db "$DB" referral R1 --format tsv
expect "referral R1 --format tsv" 0
same "TSV: one history row, six columns" "$(awk -F '\t' '{ print NF }' "$OUT")" 6
same "TSV: who, from, to, follow-up, note" "$(cut -f2- "$OUT")" \
	"$(printf '%s\t\treferred\t2026-05-15\t' "$ME")"
sp --db "$DB" referral 999
expect "an unknown referral" 1 '' 'no referral 999'
sp --db "$DB" referral abc
expect "a referral id that is not a number" 2 '' 'give one referral id \(a number\)'
sp --db "$DB" referral
expect "referral without an id" 2 '' 'give one referral id'
sp --db "$DB" referral 1 --format xml
expect "referral --format xml" 2 '' "unknown format 'xml'"

# --- update, close, reopen ---------------------------------------------------
sp --db "$DB" update 1 --status contacted --note 'Phoned; going Tuesday'
expect "update to contacted" 0 '^Referral 1 is contacted; follow up by 2026-05-15\.$'
for bad in 'update 1 --status referred|cannot go from contacted to referred \(from contacted it can go to: attending, declined, not-attended, unsuitable, lost-contact\)' \
	"update 1 --status completed|'completed' closes a referral: use close, which records the outcome" \
	"update 1 --status declined|'declined' closes a referral" \
	'update 1 --status contacted|referral 1 is already contacted: give a new status, a follow-up date or a note' \
	"close 1 --outcome attending|'attending' is not an outcome: close with completed, declined, not-attended, unsuitable or lost-contact" \
	'close 1 --outcome completed|cannot go from contacted to completed' \
	'reopen 1 --reason oops|referral 1 is open \(contacted\): there is nothing to reopen' \
	'update 1 --follow-up 2026-04-01|the follow-up date 2026-04-01 has already passed' \
	"update 1 --follow-up +3m|'\\+3m' is not a date" \
	'update 999 --status contacted|no referral 999' \
	'close 999 --outcome declined|no referral 999'; do
	args=${bad%%|*}
	msg=${bad#*|}
	sp --db "$DB" $args
	expect "$args is refused" 1 '' "$msg"
done
for bad in 'update 1|what changed\? give --status, --follow-up or --note' \
	'update 1 --status bogus|unknown status .bogus.' \
	'close 1|closing needs an outcome: --outcome completed\|declined\|not-attended\|unsuitable\|lost-contact' \
	'close 1 --outcome finished|unknown status .finished.' \
	'reopen 1|reopening needs a reason: --reason TEXT' \
	'update 1 --status attending --if-version abc|--if-version takes the version number you read' \
	'update x --status attending|give one referral id'; do
	args=${bad%%|*}
	msg=${bad#*|}
	sp --db "$DB" $args
	expect "$args is a usage error" 2 '' "$msg"
done
same "refusals wrote nothing" "$(q "$PERSONAL" 'SELECT version, status FROM referral WHERE id = 1')" '2|contacted'

sp --db "$DB" update 1 --follow-up +3d
expect "update only the follow-up" 0 '^Referral 1 is contacted; follow up by 2026-05-04\.$'
sp --db "$DB" update 1 --note 'Left a message'
expect "update only a note" 0 '^Referral 1 is contacted; follow up by 2026-05-04\.$'

# --if-version: refuse a change to what moved on since it was read.
sp --db "$DB" referral 1 --format json
v=$(json "$OUT" '$.version')
same "the version read" "$v" 4
sp --db "$DB" update 1 --status attending --if-version $((v - 1))
expect "a stale --if-version is a conflict" 1 '' \
	"referral 1 was changed by $ME since you read it \\(it is now contacted\\): look at it again before changing it"
same "the conflict wrote nothing" "$(q "$PERSONAL" 'SELECT version, status FROM referral WHERE id = 1')" '4|contacted'
sp --db "$DB" update 1 --status attending --if-version "$v"
expect "the current --if-version goes through" 0 '^Referral 1 is attending'
sp --db "$DB" close 1 --outcome completed --note 'Went to all six' --if-version "$v"
expect "close checks --if-version too" 1 '' 'since you read it \(it is now attending\)'
sp --db "$DB" close 1 --outcome completed --note 'Went to all six' --if-version $((v + 1))
expect "close as completed" 0 '^Referral 1 is completed\.$'
for bad in 'update 1 --status attending|referral 1 is closed \(completed\): reopen it, with a reason, to change it' \
	'close 1 --outcome lost-contact|referral 1 is closed \(completed\)' \
	'update 1 --follow-up +1w|referral 1 is closed \(completed\): reopen it'; do
	args=${bad%%|*}
	msg=${bad#*|}
	sp --db "$DB" $args
	expect "$args is refused once closed" 1 '' "$msg"
done
sp --db "$DB" reopen 1 --reason 'Wants to go again' --follow-up 2026-04-01
expect "reopen refuses a past follow-up" 1 '' 'has already passed'
sp --db "$DB" reopen 1 --reason ''
expect "reopen with an empty reason is refused" 1 '' 'reopening needs a reason'
sp --db "$DB" reopen 1 --reason 'Wants to go again' --if-version 1
expect "reopen checks --if-version" 1 '' 'since you read it'
sp --db "$DB" reopen 1 --reason 'Wants to go again'
expect "reopen goes back to where it was" 0 '^Referral 1 is attending; follow up by 2026-05-15\.$'
sp --db "$DB" referral 1 --format tsv
same "the whole history: from, to and notes" "$(cut -f3,4,5,6 "$OUT")" "$(printf '%s\n' \
	"$(printf '\treferred\t2026-05-15\t')" \
	"$(printf 'referred\tcontacted\t2026-05-15\tPhoned; going Tuesday')" \
	"$(printf 'contacted\tcontacted\t2026-05-04\t')" \
	"$(printf 'contacted\tcontacted\t2026-05-04\tLeft a message')" \
	"$(printf 'contacted\tattending\t2026-05-04\t')" \
	"$(printf 'attending\tcompleted\t\tWent to all six')" \
	"$(printf 'completed\tattending\t2026-05-15\tWants to go again')")"
same "every row says who" "$(cut -f2 "$OUT" | sort -u)" "$ME"
same "the history table is append-only" \
	"$(sqlite3 "$PERSONAL" 'DELETE FROM referral_history' 2>&1 | grep -c 'append-only')" 1

# --- followups ----------------------------------------------------------------
# A directory of its own, so that the lists are exact.  Made on
# 2026-05-01: A due 2026-05-05, B due that day, C due 2026-05-20; D
# belongs to another link worker (alex), written as another signpost
# would.
FDB="$WORK/follow.db"
FP="$WORK/follow.personal.db"
sp --db "$FDB" init
sp --db "$FDB" import "$SIGNPOST_TESTDATA/referral-assets.yaml"
sp --db "$FDB" followups
expect "no follow-ups yet" 0 '' '^No follow-ups for you\.$'
[ ! -s "$OUT" ] && ok "an empty list prints nothing on stdout" || not_ok "an empty list prints nothing on stdout"
sp --db "$FDB" refer quay-walking-group --client A-1 --follow-up 2026-05-05
sp --db "$FDB" refer old-town-lunch-club --client B-2 --follow-up today
sp --db "$FDB" refer tidemill-bereavement-circle --client C-3 --follow-up 2026-05-20
q "$FP" "INSERT INTO referral (client, asset_id, asset_name, worker, status, follow_up,
	created_at, created_on, updated_at) VALUES ('D-4', 'quay-walking-group',
	'Quay Walking Group', 'alex', 'referred', '2026-05-03', '2026-05-01T09:00:00Z',
	'2026-05-01', '2026-05-01T09:00:00Z')"
sp --db "$FDB" followups --format tsv
expect "followups --format tsv" 0
same "due today first, then upcoming; only mine" "$(cut -f1-4 "$OUT")" "$(printf '%s\n' \
	'2	2026-05-01	due	B-2' '1	2026-05-05	upcoming	A-1' '3	2026-05-20	upcoming	C-3')"
same "TSV has the 8 documented columns" "$(awk -F '\t' '{ print NF }' "$OUT" | sort -u)" 8
same "TSV: asset id, status, worker, made" "$(head -1 "$OUT" | cut -f5-)" \
	"$(printf 'old-town-lunch-club\treferred\t%s\t2026-05-01' "$ME")"
sp --db "$FDB" followups
expect "followups table" 0 '^ID +FOLLOW UP +WHEN +CLIENT +ASSET +STATUS +WORKER +MADE'
grep -q '^2 .*2026-05-01 .*due .*B-2 .*Old Town Lunch Club' "$OUT" && ok "the table names the asset" \
	|| not_ok "the table names the asset" "$(cat "$OUT")"
sp --db "$FDB" followups --everyone --format tsv
same "--everyone adds alex's" "$(cut -f1 "$OUT" | tr '\n' ' ')" '2 4 1 3 '
sp --db "$FDB" followups --worker alex --format tsv
same "--worker alex" "$(cut -f1,7 "$OUT")" "$(printf '4\talex')"
sp --db "$FDB" followups -w nobody
expect "--worker with nothing" 0 '' 'No follow-ups'

# Today moves on: SIGNPOST_TODAY=2026-05-06.
export SIGNPOST_TODAY=2026-05-06
sp --db "$FDB" followups --format tsv
same "overdue first, oldest first, then upcoming" "$(cut -f1,3 "$OUT" | tr '\t\n' ': ')" \
	'2:overdue 1:overdue 3:upcoming '
sp --db "$FDB" followups --overdue --format tsv
same "--overdue" "$(cut -f1 "$OUT" | tr '\n' ' ')" '2 1 '
sp --db "$FDB" followups --due --format tsv
same "--due" "$(cat "$OUT")" ''
sp --db "$FDB" followups --upcoming --format tsv
same "--upcoming" "$(cut -f1 "$OUT" | tr '\n' ' ')" '3 '
sp --db "$FDB" followups --overdue --everyone --format tsv
same "--overdue --everyone" "$(cut -f1 "$OUT" | tr '\n' ' ')" '2 4 1 '
sp --db "$FDB" followups --all --format json
expect "followups --format json" 0
json_ok "followups JSON is valid"
same "JSON: when and order" "$(json "$OUT" '$[0].id'):$(json "$OUT" '$[0].when') $(json "$OUT" '$[2].id'):$(json "$OUT" '$[2].when')" \
	'2:overdue 3:upcoming'
SIGNPOST_TODAY=2026-05-20 sp --db "$FDB" followups --due --format tsv
same "on 2026-05-20, C is due" "$(cut -f1,3 "$OUT")" "$(printf '3\tdue')"
sp --db "$FDB" close 2 --outcome declined
sp --db "$FDB" followups --format tsv
same "a closed referral leaves the list" "$(cut -f1 "$OUT" | tr '\n' ' ')" '1 3 '
sp --db "$FDB" followups --overdue --due
expect "the last of --overdue/--due wins" 0
sp --db "$FDB" followups extra
expect "followups takes no words" 2 '' "unexpected argument 'extra'"
sp --db "$FDB" followups --format yaml
expect "followups --format yaml" 2 '' "unknown format 'yaml'"
export SIGNPOST_TODAY=2026-05-01

# --- client ---------------------------------------------------------------------
sp --db "$DB" wellbeing JS-0142 --ons4 6,7,5,4 --date 2026-04-01
expect "wellbeing with a date" 0 '^Recorded ONS4 6,7,5,4 for JS-0142 on 2026-04-01\.$'
sp --db "$DB" wellbeing JS-0142 --ons4 '8, 8, 7, 2'
expect "wellbeing today" 0 '^Recorded ONS4 8,8,7,2 for JS-0142 on 2026-05-01\.$'
sp --db "$DB" refer old-town-lunch-club --client JS-0142
newest=$(cat "$OUT")
sp --db "$DB" client JS-0142
expect "client lists the referrals" 0 '2 referrals for JS-0142\.'
grep -q '^Wellbeing 2026-04-01: ONS4 6,7,5,4' "$OUT" && grep -q '^Wellbeing 2026-05-01: ONS4 8,8,7,2' "$OUT" \
	&& ok "client lists the wellbeing scores, oldest first" || not_ok "client lists the wellbeing scores, oldest first" "$(cat "$OUT")"
sp --db "$DB" client JS-0142 --format tsv
same "client TSV: newest referral first" "$(grep -v '^wellbeing' "$OUT" | cut -f1,4 | tr '\t\n' ': ')" \
	"$newest:JS-0142 1:JS-0142 "
sp --db "$DB" client JS-0142 --format json
json_ok "client JSON is valid"
same "client JSON: the referrals" "$(json "$OUT" '$.referrals[0].id') $(json "$OUT" '$.referrals[1].status')" "$newest attending"
check "client JSON holds the wellbeing scores too" grep -Eq 'wellbeing|ONS4|life_satisfaction' "$OUT"
sp --db "$DB" client NOBODY-1
expect "a client with nothing" 0 '^0 referrals for NOBODY-1\.$'
sp --db "$DB" client
expect "client without a reference" 2 '' 'give one client reference'

# --- unmet ----------------------------------------------------------------------
sp --db "$DB" unmet --need bereavement-child --need young-people --locality saltings \
	--note 'Nothing for a grieving teenager'
expect "unmet logs a need" 0 '^Logged unmet need 1\.$'
same "the unmet need is in the personal-data file" \
	"$(q "$PERSONAL" "SELECT locality, note, worker, created_on, (SELECT group_concat(need) FROM (SELECT need FROM unmet_need_need ORDER BY need)) FROM unmet_need")" \
	"saltings|Nothing for a grieving teenager|$ME|2026-05-01|bereavement-child,young-people"
sp --db "$DB" unmet --need debt-advice
expect "unmet with only a need" 0 '^Logged unmet need 2\.$'
sp --db "$DB" unmet --locality saltings
expect "unmet without a need" 2 '' 'which need went unmet\? give --need N'
sp --db "$DB" unmet --need lonelyness
expect "unmet with an unknown need" 1 '' "unknown need 'lonelyness': did you mean 'loneliness'\\?"
sp --db "$DB" unmet --need loneliness --locality harboursid
expect "unmet with an unknown locality" 1 '' "unknown locality 'harboursid': did you mean 'harbourside'\\?"
sp --db "$DB" unmet --need loneliness extra
expect "unmet takes no words" 2 '' 'unexpected argument'
same "refused unmet needs wrote nothing" "$(q "$PERSONAL" 'SELECT count(*) FROM unmet_need')" 2

# --- wellbeing ------------------------------------------------------------------
for bad in '11,0,0,0' '-1,5,5,5' 'a,b,c,d' '1,2,3' '1,2,3,4,5' '6;7;5;4' ''; do
	sp --db "$DB" wellbeing JS-0142 --ons4 "$bad"
	expect "wellbeing --ons4 '$bad' is refused" 1 '' '^signpost: ONS4 (scores are four whole numbers from 0 to 10|needs four scores|is four scores, no more)'
done
sp --db "$DB" wellbeing JS-0142 --ons4 6,7,5,4 --date 2026-05-02
expect "wellbeing in the future is refused" 1 '' 'the scores. date 2026-05-02 is in the future \(today is 2026-05-01\)'
sp --db "$DB" wellbeing JS-0142 --ons4 6,7,5,4 --date tomorrow
expect "wellbeing tomorrow is refused" 1 '' 'is in the future'
sp --db "$DB" wellbeing JS-0142 --ons4 6,7,5,4 --date 2026-02-30
expect "wellbeing on an impossible date" 1 '' "'2026-02-30' is not a date"
sp --db "$DB" wellbeing 9434765919 --ons4 6,7,5,4
expect "wellbeing refuses an NHS number" 1 '' 'holds an NHS number'
lacks "and does not repeat it" "$ERR" 9434765919
sp --db "$DB" wellbeing jo@example.org --ons4 6,7,5,4
expect "wellbeing refuses an email address" 1 '' 'holds an email address'
sp --db "$DB" wellbeing JS-0142
expect "wellbeing without scores" 2 '' 'give the scores: --ons4 A,B,C,D'
sp --db "$DB" wellbeing --ons4 6,7,5,4
expect "wellbeing without a reference" 2 '' 'give one client reference'
same "refused scores wrote nothing" "$(q "$PERSONAL" 'SELECT count(*) FROM wellbeing')" 2

# --- flag -----------------------------------------------------------------------
sp --db "$DB" flag old-town-lunch-club --reason full --note 'Waiting list till June'
expect "flag an asset" 0 '^Flagged old-town-lunch-club \(full\) for the volunteers: flag 1\.$'
sp --db "$DB" flag quay-walking-group --reason other --note 'Meets at the lifeboat station now'
expect "flag other, with a note" 0 'flag 2\.$'
sp --db "$DB" flag quay-walking-group --reason other
expect "flag other without a note" 1 '' "a flag for 'other' needs a note"
sp --db "$DB" flag nope --reason closed
expect "flag an unknown asset" 1 '' "no asset with the id 'nope'"
sp --db "$DB" flag quay-walking-group --reason gone
expect "flag with an unknown reason" 2 '' "unknown reason 'gone' \\(closed, wrong-details, full, other\\)"
sp --db "$DB" flag quay-walking-group
expect "flag without a reason" 2 '' 'why\? give --reason closed\|wrong-details\|full\|other'
same "flags live in the directory file" \
	"$(q "$DB" "SELECT f.id, a.id, f.reason, f.raised_by FROM flag f JOIN asset a ON a.num = f.asset ORDER BY f.id" | tr '\n' ' ')" \
	"1|old-town-lunch-club|full|$ME 2|quay-walking-group|other|$ME "
same "and not in the personal-data file" \
	"$(q "$PERSONAL" "SELECT count(*) FROM sqlite_schema WHERE name LIKE 'flag%'")" 0
same "flags cannot be deleted" "$(sqlite3 "$DB" 'DELETE FROM flag' 2>&1 | grep -c 'never deleted')" 1
# A volunteer's flag needs no personal-data file.
VDB="$WORK/volunteer.db"
sp --db "$VDB" init
sp --db "$VDB" import "$SIGNPOST_TESTDATA/referral-assets.yaml"
sp --db "$VDB" flag quay-walking-group --reason closed
expect "flag on a directory alone" 0 'flag 1\.$'
[ ! -e "$WORK/volunteer.personal.db" ] && ok "flagging makes no personal-data file" \
	|| not_ok "flagging makes no personal-data file"

# --- The whole walk, as a new user would (the issue's "done when") -----------------
WDB="$WORK/walk.db"
WP="$WORK/walk.personal.db"
export SIGNPOST_TODAY=2030-03-01
sp --db "$WDB" init
sp --db "$WDB" import "$SIGNPOST_DATADIR/sample-directory.yaml"
expect "the sample directory" 0
sp --db "$WDB" search bereavement --limit 1 --format tsv
asset=$(cut -f1 "$OUT")
[ -n "$asset" ] && ok "find an asset ($asset)" || not_ok "find an asset" "$(cat "$ERR")"
sp --db "$WDB" refer "$asset" --client JS-0142
expect "refer client JS-0142 to it" 0 '^1$' 'follow up by 2030-03-15'
sp --db "$WDB" followups --format tsv
same "see it in the follow-ups, upcoming" "$(cut -f1,2,3,4 "$OUT")" "$(printf '1\t2030-03-15\tupcoming\tJS-0142')"
SIGNPOST_TODAY=2030-03-15 sp --db "$WDB" followups --due --format tsv
same "due on its day" "$(cut -f1,3 "$OUT")" "$(printf '1\tdue')"
export SIGNPOST_TODAY=2030-03-16
sp --db "$WDB" followups --overdue --format tsv
same "overdue once its date has passed" "$(cut -f1,3 "$OUT")" "$(printf '1\toverdue')"
sp --db "$WDB" followups
expect "the table says overdue" 0 '^1 +2030-03-15 +overdue +JS-0142 '
sp --db "$WDB" update 1 --status attending --note 'Went on Thursday' --follow-up +2w
expect "update it to attending" 0 '^Referral 1 is attending; follow up by 2030-03-30\.$'
sp --db "$WDB" followups --overdue --format tsv
same "no longer overdue" "$(cat "$OUT")" ''
export SIGNPOST_TODAY=2030-04-01
sp --db "$WDB" close 1 --outcome completed --note 'Goes every week now'
expect "close it as completed" 0 '^Referral 1 is completed\.$'
sp --db "$WDB" followups --everyone --format tsv
same "a closed referral is off every list" "$(cat "$OUT")" ''
sp --db "$WDB" referral 1
expect "the history shows every step" 0 '^Status +completed$'
for step in "$ME +referred; follow up by 2030-03-15\$" \
	"$ME +referred -> attending; follow up by 2030-03-30; Went on Thursday\$" \
	"$ME +attending -> completed; Goes every week now\$"; do
	grep -Eq -- "^  20[0-9-]+T[0-9:]+Z  $step" "$OUT" && ok "history: /$step/" \
		|| not_ok "history: /$step/" "$(cat "$OUT")"
done
grep -Eq '^Closed +2030-04-01$' "$OUT" && ok "closed on the day" || not_ok "closed on the day" "$(cat "$OUT")"
grep -Eq '^First contact +2030-03-16$' "$OUT" && ok "first contact on the day it moved to attending" \
	|| not_ok "first contact on the day it moved to attending" "$(cat "$OUT")"
sp --db "$WDB" referral 1 --format tsv
same "three history rows, each with who and when" \
	"$(awk -F '\t' '$1 ~ /^20[0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9:]+Z$/ && $2 != "" { n++ } END { print n }' "$OUT")" 3
same "the walk's files: referral and history" \
	"$(q "$WP" 'SELECT count(*) FROM referral')/$(q "$WP" 'SELECT count(*) FROM referral_history')" 1/3
same "no referral table in the directory" \
	"$(q "$WDB" "SELECT count(*) FROM sqlite_schema WHERE name LIKE 'referral%'")" 0

# --- --demo: a throwaway, referral and all ------------------------------------------
mkdir -p "$WORK/tmp"
TMPDIR="$WORK/tmp" sp --demo refer harbourside-bereavement-cafe --client JS-0142
expect "refer in --demo" 0 '^1$'
same "--demo leaves nothing behind" "$(ls -A "$WORK/tmp")" ''

done_testing
