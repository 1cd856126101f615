#!/bin/sh
# End-to-end tests of the command line: the built program on real
# database files, checking output and exit statuses.
. "${SIGNPOST_TESTS:-$(dirname "$0")/..}/e2e/lib.sh"

DB="$WORK/dir.db"
DATA="$SIGNPOST_DATADIR"

# --- Conventions ------------------------------------------------------
sp --version
expect "--version prints the version" 0 '^signpost [0-9]'
sp --help
expect "--help lists the commands" 0 'Usage: signpost' 
grep -q '^  search ' "$OUT" && ok "--help lists search" || not_ok "--help lists search"
sp search --help
expect "search --help describes its options" 0 '--need NEED'
sp --demo
expect "with no command and no terminal, says what the directory holds" 0 \
	'^Wrenmouth and District community directory \(sample\): 171 assets\.$'
grep -q 'The browser needs a terminal' "$OUT" && ok "and that the browser needs a terminal" \
	|| not_ok "and that the browser needs a terminal" "$(cat "$OUT")"
sp --print-slip search x
expect "--print-slip is for the browser only" 2 '' 'signpost slip ID'
SIGNPOST_TODAY=2026-13-01 sp --demo search walk
expect "a bad SIGNPOST_TODAY is refused" 1 '' "SIGNPOST_TODAY is '2026-13-01'"
sp --db
expect "--db without a file is a usage error" 2 '' '--db needs a file name'
sp frobnicate
expect "an unknown command is a usage error" 2 '' "unknown command 'frobnicate'"
sp --frob
expect "an unknown global option is a usage error" 2 '' "unknown option"
sp search --frob
expect "an unknown command option is a usage error" 2 '' "Try 'signpost search --help'"
grep -q "^signpost search: unrecognized option '--frob'" "$ERR" \
	&& ok "getopt's message names the command" || not_ok "getopt's message names the command" "$(cat "$ERR")"
sp --demo search --limit many
expect "a bad --limit is a usage error" 2 '' 'whole number'
sp --demo search --day funday
expect "a bad --day is a usage error" 2 '' "'funday' is not a day"
sp --demo search --format xml
expect "a bad --format is a usage error" 2 '' "unknown format 'xml'"
sp show
expect "show without an id is a usage error" 2 '' 'which asset'

# --- A missing or foreign database ---------------------------------------
sp --db "$WORK/nothing.db" search walk
expect "a missing directory says how to make one" 1 '' 'signpost init.*--demo'
[ ! -e "$WORK/nothing.db" ] && ok "searching does not create a database" \
	|| not_ok "searching does not create a database"
sqlite3 "$WORK/newer.db" 'PRAGMA user_version = 99; PRAGMA application_id = 1397769265;'
sp --db "$WORK/newer.db" search walk
expect "a directory from a newer signpost is refused" 1 '' 'newer signpost'
head -c 8192 /dev/urandom >"$WORK/noise.db"
sp --db "$WORK/noise.db" search walk
expect "a file of noise is refused and points to doctor" 1 '' 'doctor'

# --- init ---------------------------------------------------------------
sp --db "$DB" init
expect "init makes a directory" 0 'Made a new directory'
mode=$(stat -c %a "$DB")
[ "$mode" = 600 ] && ok "the directory file is private (0600)" \
	|| not_ok "the directory file is private (0600)" "mode $mode"
sp --db "$DB" init
expect "init refuses to overwrite" 1 '' 'already exists'
sp --db "$DB" needs --format tsv
expect "init loads the bundled taxonomy" 0 '^bereavement	Bereavement	end-of-life	1	0$'
SIGNPOST_DB="$DB" sp sectors --format tsv
expect "SIGNPOST_DB names the directory" 0 '^nhs	'
sp init
expect "init with no --db makes the default directory" 0 "$XDG_DATA_HOME/signpost/directory.db"

# --- import ---------------------------------------------------------------
sp --db "$DB" import --dry-run "$DATA/sample-directory.yaml"
expect "a dry run says what would be added" 0 '^would add +asset +harbourside-bereavement-cafe$'
grep -q 'assets 174 to add, 0 to change, 0 unchanged (dry run: nothing was changed)' "$OUT" \
	&& ok "a dry run's summary says what it would do" || not_ok "a dry run's summary says what it would do"
sp --db "$DB" search --limit 0 --format tsv
[ ! -s "$OUT" ] && ok "a dry run changes nothing" || not_ok "a dry run changes nothing"
sp --db "$DB" import "$DATA/sample-directory.yaml"
expect "import loads the sample" 0 'assets 174 added, 0 changed, 0 unchanged'
sp --db "$DB" import "$DATA/sample-directory.yaml"
expect "a second import changes nothing" 0 'assets 0 added, 0 changed, 174 unchanged'
sp --db "$DB" export --output "$WORK/before.yaml"
expect "export to a file" 0
cat >"$WORK/bad.yaml" <<'YAML'
signpost: 1
assets:
  - id: harbourside-bereavement-cafe
    name: Renamed by a bad file
    sector: vcse
    needs: [bereavement]
    localities: [harbourside]
  - id: broken-asset
    name: Broken
    sector: vcse
    needs: [grief]
    localities: [harbourside]
YAML
sp --db "$DB" import "$WORK/bad.yaml"
expect "a bad file is refused with file, line and column" 1 '' \
	"bad.yaml:11:13: asset 'broken-asset': unknown need 'grief'"
grep -q 'nothing from .*bad.yaml was imported' "$ERR" && ok "the refusal says nothing was imported" \
	|| not_ok "the refusal says nothing was imported" "$(cat "$ERR")"
sp --db "$DB" export --output "$WORK/after.yaml"
cmp -s "$WORK/before.yaml" "$WORK/after.yaml" && ok "a refused file changes nothing" \
	|| not_ok "a refused file changes nothing"
printf 'signpost: 1\nassets: []\n' | "$SIGNPOST" --db "$DB" import - >"$OUT" 2>"$ERR"
STATUS=$?
expect "import reads standard input" 0 '^-: nothing to import$'

# --- search ---------------------------------------------------------------
sp --db "$DB" search bereavement
expect "search finds bereavement support" 0 'Harbourside Bereavement Café'
sp --db "$DB" search bereav --locality harbourside --day thu --format tsv
expect "words, locality and day combine" 0 '^harbourside-bereavement-cafe	'
fields=$(awk -F '\t' '{ print NF }' "$OUT" | sort -u)
[ "$fields" = 7 ] && ok "TSV rows have the 7 documented columns" \
	|| not_ok "TSV rows have the 7 documented columns" "field counts: $fields"
sp --db "$DB" search --need bereavement --sector faith --open --format json
expect "search writes JSON" 0 '"total": [0-9]+'
valid=$(sqlite3 :memory: "SELECT json_valid(readfile('$OUT'))")
[ "$valid" = 1 ] && ok "the JSON is valid" || not_ok "the JSON is valid"
sp --db "$DB" search 'Harbourside Bereavement Café' --limit 1 --format json
n=$(sqlite3 :memory: "SELECT json_array_length(readfile('$OUT'), '\$.results[0].localities')")
[ "$n" = 2 ] && ok "search JSON lists every locality of an asset" \
	|| not_ok "search JSON lists every locality of an asset" "$(cat "$OUT")"
sp --db "$DB" search --need bereavment
expect "an unknown need suggests the right one" 1 '' "did you mean 'bereavement'"
for q in "o'neil" 'smith-jones' 'jo"' '*' '(' 'a:b' 'AND' 'OR NOT' 'NEAR(' '^x' '-x'; do
	sp --db "$DB" search -- "$q"
	[ "$STATUS" = 0 ] && ok "any text is a query: $q" \
		|| not_ok "any text is a query: $q" "$(cat "$ERR")"
done
sp --db "$DB" search cafe --format tsv
grep -q '^harbourside-bereavement-cafe	' "$OUT" && ok "accents do not matter (cafe finds Café)" \
	|| not_ok "accents do not matter (cafe finds Café)"
sp --db "$DB" search zzzzunfindable --need loneliness
expect "no results says so and suggests loosening filters" 0 '' 'No assets match.*fewer filters'

# --- show and the taxonomy ---------------------------------------------
sp --db "$DB" show harbourside-bereavement-cafe
expect "show prints an asset in full" 0 'Thu 14:00-16:00'
sp --db "$DB" show no-such-asset
expect "show of an unknown id fails" 1 '' "no asset with the id 'no-such-asset'"
sp --db "$DB" show harbourside-bereavement-cafe --format json
valid=$(sqlite3 :memory: "SELECT json_extract(readfile('$OUT'), '\$.name')")
[ "$valid" = "Harbourside Bereavement Café" ] && ok "show writes JSON" || not_ok "show writes JSON" "$valid"
sp --db "$DB" localities
expect "localities prints the tree with counts" 0 '^harbourside +  +Harbourside \(neighbourhood\) +[0-9]+$'

# --- export ---------------------------------------------------------------
sp --db "$DB" export --archived --output "$WORK/all.yaml"
expect "export --archived" 0
sp --db "$WORK/copy.db" init --taxonomy "$WORK/all.yaml"
expect "an export imports into a new directory" 0
sp --db "$WORK/copy.db" import "$WORK/all.yaml"
expect "an export imports its assets" 0
sp --db "$WORK/copy.db" export --archived --output "$WORK/all-again.yaml"
cmp -s "$WORK/all.yaml" "$WORK/all-again.yaml" && ok "YAML export round-trips" \
	|| not_ok "YAML export round-trips" "$(diff "$WORK/all.yaml" "$WORK/all-again.yaml" | head -20)"
sp --db "$DB" export --format csv --taxonomy-only
expect "a CSV export of the taxonomy alone is refused" 2 '' 'export the taxonomy as yaml or json'
sp --db "$DB" export --format csv --output "$WORK/dir.csv"
expect "export CSV" 0
head -1 "$WORK/dir.csv" | grep -q '^id,name,organisation,sector,needs,localities,' \
	&& ok "the CSV starts with its header" || not_ok "the CSV starts with its header"
grep -q "$(printf '\r')\$" "$WORK/dir.csv" && ok "CSV rows end in CRLF" || not_ok "CSV rows end in CRLF"
sp --db "$DB" export --format json
valid=$(sqlite3 :memory: "SELECT json_array_length(json_extract(readfile('$OUT'), '\$.assets'))")
[ "$valid" = 171 ] && ok "JSON export holds the assets that are not archived" \
	|| not_ok "JSON export holds the assets that are not archived" "$valid"
sp --db "$DB" export --output "$WORK/no/such/folder/dir.csv"
expect "an export that cannot be written fails cleanly" 1 '' 'cannot write'
ls "$WORK" | grep -q 'tmp-' && not_ok "a failed export leaves no temporary file" \
	|| ok "a failed export leaves no temporary file"

# --- --demo -----------------------------------------------------------------
before=$(ls "${TMPDIR:-/tmp}" | grep -c '^signpost-demo-' || true)
sp --demo search bereavement --limit 3
expect "--demo searches the bundled sample" 0 'Bereavement'
after=$(ls "${TMPDIR:-/tmp}" | grep -c '^signpost-demo-' || true)
[ "$before" = "$after" ] && ok "--demo leaves no files behind" || not_ok "--demo leaves no files behind"
[ ! -e "$XDG_DATA_HOME/signpost/directory.personal.db" ] && ok "--demo writes nothing to the data folder" \
	|| not_ok "--demo writes nothing to the data folder"

done_testing
