#include "config.h"

#include "store/schema.h"
/* For migration 8's signpost_name_key(): the one place the store calls
 * into the core. */
#include "core/duplicate.h"

/* Migration 1: the directory as the foundation made it.
 *
 * Why the shapes:
 * - need_tree and locality_tree are closure tables (every ancestor and
 *   descendant pair, the item itself at depth 0), rebuilt whenever the
 *   taxonomy changes, so that "this need and its sub-needs" is one join
 *   and no query recurses;
 * - asset.num is the row's integer key, which the FTS index and the link
 *   tables use; asset.id is the stable public slug;
 * - asset_version holds the asset as a JSON document at every version,
 *   the current one included; it is append-only, as assets are never
 *   deleted (they are archived). */
static const char directory_v1[] =
	"CREATE TABLE meta ("
	"  key TEXT PRIMARY KEY,"
	"  value TEXT NOT NULL"
	") STRICT, WITHOUT ROWID;"

	"CREATE TABLE need ("
	"  id TEXT PRIMARY KEY,"
	"  label TEXT NOT NULL,"
	"  description TEXT,"
	"  parent TEXT REFERENCES need(id) DEFERRABLE INITIALLY DEFERRED,"
	"  position INTEGER NOT NULL"
	") STRICT;"
	"CREATE TABLE need_tree ("
	"  ancestor TEXT NOT NULL REFERENCES need(id),"
	"  descendant TEXT NOT NULL REFERENCES need(id),"
	"  depth INTEGER NOT NULL,"
	"  PRIMARY KEY (ancestor, descendant)"
	") STRICT, WITHOUT ROWID;"
	"CREATE INDEX need_tree_up ON need_tree(descendant, ancestor);"

	"CREATE TABLE sector ("
	"  id TEXT PRIMARY KEY,"
	"  label TEXT NOT NULL,"
	"  description TEXT,"
	"  position INTEGER NOT NULL"
	") STRICT;"

	"CREATE TABLE locality ("
	"  id TEXT PRIMARY KEY,"
	"  label TEXT NOT NULL,"
	"  description TEXT,"
	"  kind TEXT,"
	"  parent TEXT REFERENCES locality(id) DEFERRABLE INITIALLY DEFERRED,"
	"  position INTEGER NOT NULL"
	") STRICT;"
	"CREATE TABLE locality_tree ("
	"  ancestor TEXT NOT NULL REFERENCES locality(id),"
	"  descendant TEXT NOT NULL REFERENCES locality(id),"
	"  depth INTEGER NOT NULL,"
	"  PRIMARY KEY (ancestor, descendant)"
	") STRICT, WITHOUT ROWID;"
	"CREATE INDEX locality_tree_up ON locality_tree(descendant, ancestor);"

	"CREATE TABLE organisation ("
	"  id INTEGER PRIMARY KEY,"
	"  name TEXT NOT NULL UNIQUE"
	") STRICT;"

	"CREATE TABLE asset ("
	"  num INTEGER PRIMARY KEY,"
	"  id TEXT NOT NULL UNIQUE,"
	"  name TEXT NOT NULL,"
	"  organisation INTEGER REFERENCES organisation(id),"
	"  sector TEXT NOT NULL REFERENCES sector(id),"
	"  description TEXT,"
	"  address TEXT,"
	"  postcode TEXT,"
	"  phone TEXT,"
	"  email TEXT,"
	"  website TEXT,"
	"  when_text TEXT,"
	"  cost TEXT CHECK (cost IN ('free', 'low', 'paid')),"
	"  cost_note TEXT,"
	"  accessibility TEXT,"
	"  eligibility TEXT,"
	"  referral INTEGER NOT NULL DEFAULT 0,"
	"  referral_note TEXT,"
	"  status TEXT NOT NULL DEFAULT 'open' CHECK (status IN"
	"    ('open', 'waiting-list', 'full', 'temporarily-closed', 'closed')),"
	"  verified_on TEXT,"
	"  verified_by TEXT,"
	"  notes TEXT,"
	"  archived INTEGER NOT NULL DEFAULT 0 CHECK (archived IN (0, 1)),"
	"  version INTEGER NOT NULL DEFAULT 1,"
	"  created_at TEXT NOT NULL,"
	"  updated_at TEXT NOT NULL"
	") STRICT;"
	"CREATE INDEX asset_by_sector ON asset(sector);"
	"CREATE INDEX asset_by_verified ON asset(verified_on);"

	"CREATE TABLE asset_need ("
	"  asset INTEGER NOT NULL REFERENCES asset(num),"
	"  need TEXT NOT NULL REFERENCES need(id),"
	"  position INTEGER NOT NULL,"
	"  PRIMARY KEY (asset, need)"
	") STRICT, WITHOUT ROWID;"
	"CREATE INDEX asset_need_by_need ON asset_need(need, asset);"

	"CREATE TABLE asset_locality ("
	"  asset INTEGER NOT NULL REFERENCES asset(num),"
	"  locality TEXT NOT NULL REFERENCES locality(id),"
	"  position INTEGER NOT NULL,"
	"  PRIMARY KEY (asset, locality)"
	") STRICT, WITHOUT ROWID;"
	"CREATE INDEX asset_locality_by_locality ON asset_locality(locality, asset);"

	/* days is a set: bit 0 Monday .. bit 6 Sunday. */
	"CREATE TABLE asset_session ("
	"  asset INTEGER NOT NULL REFERENCES asset(num),"
	"  position INTEGER NOT NULL,"
	"  days INTEGER NOT NULL CHECK (days BETWEEN 1 AND 127),"
	"  start_time TEXT,"
	"  end_time TEXT,"
	"  note TEXT,"
	"  PRIMARY KEY (asset, position)"
	") STRICT, WITHOUT ROWID;"

	"CREATE TABLE asset_version ("
	"  asset INTEGER NOT NULL REFERENCES asset(num),"
	"  version INTEGER NOT NULL,"
	"  changed_at TEXT NOT NULL,"
	"  changed_by TEXT NOT NULL,"
	"  reason TEXT NOT NULL,"
	"  document TEXT NOT NULL,"
	"  PRIMARY KEY (asset, version)"
	") STRICT, WITHOUT ROWID;"

	"CREATE TRIGGER asset_never_deleted BEFORE DELETE ON asset BEGIN"
	"  SELECT RAISE(ABORT, 'assets are archived, never deleted');"
	"END;"
	"CREATE TRIGGER asset_version_append_only_update BEFORE UPDATE ON asset_version BEGIN"
	"  SELECT RAISE(ABORT, 'asset history is append-only');"
	"END;"
	"CREATE TRIGGER asset_version_append_only_delete BEFORE DELETE ON asset_version BEGIN"
	"  SELECT RAISE(ABORT, 'asset history is append-only');"
	"END;"

	/* Full-text search over name, organisation, description and the
	 * labels of the asset's needs and their ancestors, so that words
	 * like "bereavement" find an asset filed under a sub-need.  The core
	 * keeps it in step from asset_fts_source when it writes an asset: a
	 * trigger cannot, since with trusted_schema off SQLite refuses
	 * virtual tables inside triggers. */
	"CREATE VIRTUAL TABLE asset_fts USING fts5("
	"  name, organisation, description, needs,"
	"  tokenize = 'unicode61 remove_diacritics 2',"
	"  prefix = '2 3'"
	");"
	"CREATE VIEW asset_fts_source (num, name, organisation, description, needs) AS"
	"  SELECT a.num, a.name, o.name, a.description,"
	"    (SELECT group_concat(label, ' ') FROM need WHERE id IN"
	"      (SELECT t.ancestor FROM asset_need an"
	"       JOIN need_tree t ON t.descendant = an.need"
	"       WHERE an.asset = a.num))"
	"  FROM asset a LEFT JOIN organisation o ON o.id = a.organisation;";

/* Migration 2: listing flags, raised by link workers for volunteers.
 * They are about a listing, never a person, so they live here, where
 * volunteers (who cannot read the personal-data file) can work them. */
static const char directory_v2[] =
	"CREATE TABLE flag ("
	"  id INTEGER PRIMARY KEY,"
	"  asset INTEGER NOT NULL REFERENCES asset(num),"
	"  reason TEXT NOT NULL CHECK (reason IN"
	"    ('closed', 'wrong-details', 'full', 'other')),"
	"  note TEXT,"
	"  raised_by TEXT NOT NULL,"
	"  raised_at TEXT NOT NULL,"
	"  resolved_by TEXT,"
	"  resolved_at TEXT,"
	"  resolution TEXT,"
	"  CHECK ((resolved_at IS NULL) = (resolved_by IS NULL))"
	") STRICT;"
	"CREATE INDEX flag_open ON flag(raised_at) WHERE resolved_at IS NULL;"
	"CREATE INDEX flag_by_asset ON flag(asset);"
	"CREATE TRIGGER flag_never_deleted BEFORE DELETE ON flag BEGIN"
	"  SELECT RAISE(ABORT, 'flags are resolved, never deleted');"
	"END;";

/* Migration 3: a national directory (200,000 assets) stays quick to
 * search as someone types; the figures are in tests/bench/README.
 * - The search index is made again with a prefix index of one letter
 *   too: what someone types first is one letter, and without that index
 *   FTS5 reads the list of every word starting with it (about 100 ms
 *   at 200,000 assets; 12 ms with it).
 * - It gathers up to 32 MiB of entries in memory before it writes them
 *   out (FTS5's hashsize, 1 MiB by default): a large import indexes in
 *   half the time.  Small changes use no more memory than before.
 * - An archived asset's entry carries a marker word at the end of its
 *   needs, zz0archived0zz, so that counting the live matches of a broad
 *   word reads the index alone, not each matching asset (see search.c).
 * - asset_live_by_name: the live assets in name order, so that the list
 *   without words is read a page at a time, and counted, without the
 *   table; asset_live_by_sector: counts by sector likewise. */
#define ASSET_NEED_LABELS \
	"(SELECT group_concat(label, ' ') FROM need WHERE id IN" \
	"  (SELECT t.ancestor FROM asset_need an" \
	"   JOIN need_tree t ON t.descendant = an.need" \
	"   WHERE an.asset = a.num))"
static const char directory_v3[] =
	"DROP TABLE asset_fts;"
	"DROP VIEW asset_fts_source;"
	"CREATE VIRTUAL TABLE asset_fts USING fts5("
	"  name, organisation, description, needs,"
	"  tokenize = 'unicode61 remove_diacritics 2',"
	"  prefix = '1 2 3'"
	");"
	"INSERT INTO asset_fts (asset_fts, rank) VALUES ('hashsize', 33554432);"
	"CREATE VIEW asset_fts_source (num, name, organisation, description, needs) AS"
	"  SELECT a.num, a.name, o.name, a.description,"
	"    CASE WHEN a.archived = 0 THEN " ASSET_NEED_LABELS
	"      ELSE coalesce(" ASSET_NEED_LABELS " || ' ', '') || 'zz0archived0zz' END"
	"  FROM asset a LEFT JOIN organisation o ON o.id = a.organisation;"
	"INSERT INTO asset_fts (rowid, name, organisation, description, needs)"
	"  SELECT * FROM asset_fts_source;"
	"CREATE INDEX asset_live_by_name ON asset(name COLLATE NOCASE) WHERE archived = 0;"
	"CREATE INDEX asset_live_by_sector ON asset(sector) WHERE archived = 0;";

/* Migration 4: users and their roles, and the audit of who changed them
 * (see core/access.h and core/audit.h).  Policies are meta keys
 * "policy.NAME".  A directory with no users is one person's, as every
 * directory was before this migration; the first user added is an
 * admin. */
#define AUDIT_TABLE \
	"CREATE TABLE audit (" \
	"  id INTEGER PRIMARY KEY," \
	"  at TEXT NOT NULL," \
	"  who TEXT NOT NULL," \
	"  action TEXT NOT NULL," \
	"  detail TEXT NOT NULL" \
	") STRICT;" \
	"CREATE TRIGGER audit_append_only_update BEFORE UPDATE ON audit BEGIN" \
	"  SELECT RAISE(ABORT, 'the audit is append-only');" \
	"END;" \
	"CREATE TRIGGER audit_append_only_delete BEFORE DELETE ON audit BEGIN" \
	"  SELECT RAISE(ABORT, 'the audit is append-only');" \
	"END;"
static const char directory_v4[] =
	"CREATE TABLE user ("
	"  login TEXT PRIMARY KEY,"
	"  role TEXT NOT NULL CHECK (role IN ('volunteer', 'link-worker', 'coordinator',"
	"    'admin')),"
	"  team TEXT,"
	"  added_by TEXT NOT NULL,"
	"  added_at TEXT NOT NULL"
	") STRICT, WITHOUT ROWID;"
	AUDIT_TABLE;

/* Migration 5: the archived assets' keys, in a partial index of their
 * own (about 1% of the assets), so that the pickers' counts
 * (core/counts.c) know which assets are live without reading the asset
 * table: `signpost localities` took 41 s at 200,000 assets, reading a
 * row of it for every place near every place an asset serves
 * (tests/bench/README). */
static const char directory_v5[] =
	"CREATE INDEX asset_archived ON asset(num) WHERE archived = 1;";

/* Migration 6: what the reports read of the directory, from indexes
 * rather than the asset table, whose rows (a description each, the
 * largest part of a 1.3 GB file at 200,000 assets) cost a page read
 * each; the figures are in tests/bench/README.
 * - asset_by_id_sector: a referral names its asset by id, and the
 *   reports want its sector and name;
 * - asset_health: listings by sector, status and the day each was
 *   verified (stale listings; the open assets of the gaps; those full
 *   or closed);
 * - asset_verified: the same day found by the asset's number, for the
 *   places an asset serves (stale listings by locality).
 * Not partial indexes (WHERE archived = 0): SQLite 3.40 still reads the
 * table row to test archived in a join's ON clause. */
static const char directory_v6[] =
	"CREATE INDEX asset_by_id_sector ON asset(id, sector, name);"
	"CREATE INDEX asset_health ON asset(sector, archived, status, verified_on);"
	"CREATE INDEX asset_verified ON asset(num, archived, verified_on);";

/* Migration 7: asset_version becomes a rowid table.  A WITHOUT ROWID
 * table keeps a row in a page only up to about 1,000 bytes (a quarter
 * of a page) and puts the rest in an overflow page of its own; most
 * documents are a little over that, so 200,000 assets took 740 MB for
 * 214 MB of history, three quarters of the pages empty.  A rowid table
 * keeps a row of up to a page whole; (asset, version) stays the
 * primary key, as an index. */
static const char directory_v7[] =
	"CREATE TABLE asset_version_rowid ("
	"  asset INTEGER NOT NULL REFERENCES asset(num),"
	"  version INTEGER NOT NULL,"
	"  changed_at TEXT NOT NULL,"
	"  changed_by TEXT NOT NULL,"
	"  reason TEXT NOT NULL,"
	"  document TEXT NOT NULL,"
	"  PRIMARY KEY (asset, version)"
	") STRICT;"
	"INSERT INTO asset_version_rowid (asset, version, changed_at, changed_by, reason, document)"
	"  SELECT asset, version, changed_at, changed_by, reason, document FROM asset_version"
	"  ORDER BY asset, version;"
	"DROP TABLE asset_version;"
	"ALTER TABLE asset_version_rowid RENAME TO asset_version;"
	"CREATE TRIGGER asset_version_append_only_update BEFORE UPDATE ON asset_version BEGIN"
	"  SELECT RAISE(ABORT, 'asset history is append-only');"
	"END;"
	"CREATE TRIGGER asset_version_append_only_delete BEFORE DELETE ON asset_version BEGIN"
	"  SELECT RAISE(ABORT, 'asset history is append-only');"
	"END;";

/* Migration 8: the listing health report (core/report_directory.c) in
 * one pass over one index, in the order its likely duplicates are
 * listed.  Each asset's name key (duplicate_name_key: case, accents,
 * punctuation, "the" and "and" set aside) is stored, made by the core
 * at every save (asset_save) and here, by signpost_name_key(), for the
 * assets already there: before, the report folded 200,000 names at every
 * run, then sorted them and read a table row for each of the 90,000 in
 * a group.  asset_live_by_name_key holds what the report shows of a
 * live asset besides, so it never reads the table (archived too, as a
 * column as well as the condition: SQLite 3.40 reads the table row for
 * a column the query names that the index lacks). */
static const char directory_v8[] =
	"ALTER TABLE asset ADD COLUMN name_key TEXT;"
	"UPDATE asset SET name_key = signpost_name_key(name);"
	"CREATE INDEX asset_live_by_name_key ON asset"
	"  (name_key, name, id, sector, postcode, status, verified_on, archived)"
	"  WHERE archived = 0;";

static const char *const directory_migrations[] = {
	directory_v1,
	directory_v2,
	directory_v3,
	directory_v4,
	directory_v5,
	directory_v6,
	directory_v7,
	directory_v8,
};

const struct store_schema directory_schema = {
	.name = "directory",
	.application_id = 0x53504431,  /* "SPD1" */
	.migrations = directory_migrations,
	.count = sizeof directory_migrations / sizeof directory_migrations[0],
	.functions = duplicate_sql_functions,
};

/* The personal-data file: referrals, their history, unmet needs and
 * wellbeing scores.  It names assets and needs by their ids in the
 * directory file (no foreign keys cross files), and keeps the asset's
 * name as it was, so the log stays readable after an asset is archived.
 *
 * A referral's status is one of the open ones (referred, contacted,
 * attending) or, once closed, its outcome. */
static const char personal_v1[] =
	"CREATE TABLE referral ("
	"  id INTEGER PRIMARY KEY,"
	"  client TEXT NOT NULL,"
	"  asset_id TEXT NOT NULL,"
	"  asset_name TEXT NOT NULL,"
	"  worker TEXT NOT NULL,"
	"  status TEXT NOT NULL CHECK (status IN ('referred', 'contacted', 'attending',"
	"    'completed', 'declined', 'not-attended', 'unsuitable', 'lost-contact')),"
	"  note TEXT,"
	"  follow_up TEXT,"
	"  created_at TEXT NOT NULL,"
	"  created_on TEXT NOT NULL,"
	"  contacted_on TEXT,"
	"  closed_on TEXT,"
	"  updated_at TEXT NOT NULL,"
	"  version INTEGER NOT NULL DEFAULT 1"
	") STRICT;"
	"CREATE INDEX referral_followups ON referral(worker, follow_up)"
	"  WHERE closed_on IS NULL;"
	"CREATE INDEX referral_by_client ON referral(client);"
	"CREATE INDEX referral_by_created ON referral(created_on);"
	"CREATE INDEX referral_by_asset ON referral(asset_id);"
	"CREATE TABLE referral_need ("
	"  referral INTEGER NOT NULL REFERENCES referral(id),"
	"  need TEXT NOT NULL,"
	"  position INTEGER NOT NULL,"
	"  PRIMARY KEY (referral, need)"
	") STRICT, WITHOUT ROWID;"
	"CREATE INDEX referral_need_by_need ON referral_need(need, referral);"
	"CREATE TABLE referral_history ("
	"  id INTEGER PRIMARY KEY,"
	"  referral INTEGER NOT NULL REFERENCES referral(id),"
	"  at TEXT NOT NULL,"
	"  who TEXT NOT NULL,"
	"  from_status TEXT,"
	"  to_status TEXT NOT NULL,"
	"  follow_up TEXT,"
	"  note TEXT"
	") STRICT;"
	"CREATE INDEX referral_history_by_referral ON referral_history(referral, id);"
	"CREATE TABLE unmet_need ("
	"  id INTEGER PRIMARY KEY,"
	"  locality TEXT,"
	"  note TEXT,"
	"  worker TEXT NOT NULL,"
	"  created_at TEXT NOT NULL,"
	"  created_on TEXT NOT NULL"
	") STRICT;"
	"CREATE INDEX unmet_need_by_created ON unmet_need(created_on);"
	"CREATE TABLE unmet_need_need ("
	"  unmet INTEGER NOT NULL REFERENCES unmet_need(id),"
	"  need TEXT NOT NULL,"
	"  PRIMARY KEY (unmet, need)"
	") STRICT, WITHOUT ROWID;"
	"CREATE TABLE wellbeing ("
	"  id INTEGER PRIMARY KEY,"
	"  client TEXT NOT NULL,"
	"  on_date TEXT NOT NULL,"
	"  life_satisfaction INTEGER NOT NULL CHECK (life_satisfaction BETWEEN 0 AND 10),"
	"  worthwhile INTEGER NOT NULL CHECK (worthwhile BETWEEN 0 AND 10),"
	"  happiness INTEGER NOT NULL CHECK (happiness BETWEEN 0 AND 10),"
	"  anxiety INTEGER NOT NULL CHECK (anxiety BETWEEN 0 AND 10),"
	"  worker TEXT NOT NULL,"
	"  created_at TEXT NOT NULL"
	") STRICT;"
	"CREATE INDEX wellbeing_by_client ON wellbeing(client, on_date);"
	"CREATE TRIGGER referral_never_deleted BEFORE DELETE ON referral BEGIN"
	"  SELECT RAISE(ABORT, 'referrals are closed, never deleted');"
	"END;"
	"CREATE TRIGGER referral_history_append_only_update"
	"  BEFORE UPDATE ON referral_history BEGIN"
	"  SELECT RAISE(ABORT, 'referral history is append-only');"
	"END;"
	"CREATE TRIGGER referral_history_append_only_delete"
	"  BEFORE DELETE ON referral_history BEGIN"
	"  SELECT RAISE(ABORT, 'referral history is append-only');"
	"END;";

/* Migration 2: what the coordinator's reports and log need.
 * - referral.attending_on: the day a referral first reached attending
 *   (as contacted_on is for contacted), so that "how far had it got by
 *   the end of the period" is read from the row, not its history;
 *   filled in for existing referrals from their history;
 * - referral_by_period replaces referral_by_created: the period comes
 *   first, and it holds every column the period reports count by, so
 *   that they read the index alone, never the table;
 * - referral_by_asset gains created_on (an asset's referrals in a
 *   period; assets never referred); referral_by_worker and
 *   referral_by_status serve the log's filters;
 * - referral_need.created_on: the referral's day, copied (it never
 *   changes), so that counts by need over a period are a range scan of
 *   referral_need_by_period rather than a lookup for every referral;
 * - unmet needs by need, and wellbeing scores by date. */
static const char personal_v2[] =
	"ALTER TABLE referral ADD COLUMN attending_on TEXT;"
	"UPDATE referral SET attending_on = (SELECT min(substr(h.at, 1, 10))"
	"  FROM referral_history h WHERE h.referral = referral.id"
	"  AND h.to_status = 'attending');"
	"ALTER TABLE referral_need ADD COLUMN created_on TEXT;"
	"UPDATE referral_need SET created_on = (SELECT r.created_on FROM referral r"
	"  WHERE r.id = referral_need.referral);"
	"CREATE INDEX referral_need_by_period ON referral_need(created_on, need, referral);"
	"DROP INDEX referral_by_created;"
	"CREATE INDEX referral_by_period ON referral(created_on, status, closed_on,"
	"  contacted_on, attending_on, asset_id, worker);"
	"DROP INDEX referral_by_asset;"
	"CREATE INDEX referral_by_asset ON referral(asset_id, created_on);"
	"CREATE INDEX referral_by_worker ON referral(worker, created_on);"
	"CREATE INDEX referral_by_status ON referral(status, created_on);"
	"CREATE INDEX unmet_need_need_by_need ON unmet_need_need(need, unmet);"
	"CREATE INDEX wellbeing_by_date ON wellbeing(on_date, client);";

/* Migration 3: the personal-data file's audit (exports, purges and
 * erasures), and history notes that can be erased: the history stays
 * append-only in everything else, but a note may be set to nothing
 * (purge, erasure), as what a person said is theirs to have removed. */
static const char personal_v3[] =
	AUDIT_TABLE
	"DROP TRIGGER referral_history_append_only_update;"
	"CREATE TRIGGER referral_history_append_only_update"
	"  BEFORE UPDATE ON referral_history"
	"  WHEN new.note IS NOT NULL OR new.id IS NOT old.id"
	"    OR new.referral IS NOT old.referral OR new.at IS NOT old.at"
	"    OR new.who IS NOT old.who OR new.from_status IS NOT old.from_status"
	"    OR new.to_status IS NOT old.to_status OR new.follow_up IS NOT old.follow_up"
	"  BEGIN"
	"  SELECT RAISE(ABORT, 'referral history is append-only');"
	"END;";

/* Migration 4: the reports count by need, by asset and by link worker
 * in index order, so that SQLite groups as it reads rather than sorting
 * a million rows first (tests/bench/README).  referral_need_by_need
 * gains the day, between the need and the referral, so a need's
 * referrals in a period are one range of it; the need filter, which
 * looked up (need, referral), reads the same index. */
static const char personal_v4[] =
	"DROP INDEX referral_need_by_need;"
	"CREATE INDEX referral_need_by_need ON referral_need(need, created_on, referral);";

/* Migration 5: the wellbeing report reads each client's scores in the
 * period in order (by day, then as recorded) from an index alone:
 * wellbeing_by_client gains the row's id and the four scores after the
 * day.  Its window functions over the period's rows, looked up in the
 * table a row at a time, then sorted twice, took 1.4 s of CPU for
 * 188,000 scores; one pass of this index takes a tenth of that
 * (tests/bench/README).  A client's records, which the index served,
 * are the same first columns. */
static const char personal_v5[] =
	"DROP INDEX wellbeing_by_client;"
	"CREATE INDEX wellbeing_by_client ON wellbeing(client, on_date, id,"
	"  life_satisfaction, worthwhile, happiness, anxiety);";

/* Migration 6: summaries that the unfiltered counts by need, sector,
 * locality and asset read instead of a million referrals
 * (report_counts.c, tests/bench/README): referrals a day, referral
 * needs a need and day, and referrals an asset and month.  A year is
 * some 20,000 need-days rather than 500,000 referral needs; by asset a
 * month is the densest that still serves any period of whole days (the
 * report reads the raw rows for the months a period cuts).  Triggers
 * keep them on every write of referral and referral_need; purge and
 * erasure change only the client, so the counts stay.  A count that
 * falls to nothing is removed, so that a summary holds only what a
 * count of the rows would find.  Self-contained: it fills itself from
 * the rows already there. */
#define SUMMARY_BUMP(table, keys, values, when) \
	"INSERT INTO " table " (" keys ", n) SELECT " values ", 1 WHERE " when \
	" ON CONFLICT (" keys ") DO UPDATE SET n = n + 1;"
#define SUMMARY_DROP(table, where) \
	"UPDATE " table " SET n = n - 1 WHERE " where ";" \
	"DELETE FROM " table " WHERE " where " AND n <= 0;"
#define REFERRAL_ADD(row) \
	SUMMARY_BUMP("referral_count_day", "day", row ".created_on", "true") \
	SUMMARY_BUMP("referral_count_asset_month", "asset_id, month", \
		     row ".asset_id, substr(" row ".created_on, 1, 7)", "true")
#define REFERRAL_REMOVE(row) \
	SUMMARY_DROP("referral_count_day", "day = " row ".created_on") \
	SUMMARY_DROP("referral_count_asset_month", "asset_id = " row ".asset_id" \
		     " AND month = substr(" row ".created_on, 1, 7)")
#define NEED_ADD(row) \
	SUMMARY_BUMP("referral_count_need_day", "need, day", row ".need, " row ".created_on", \
		     row ".created_on IS NOT NULL")
#define NEED_REMOVE(row) \
	SUMMARY_DROP("referral_count_need_day", "need = " row ".need AND day = " row ".created_on")
static const char personal_v6[] =
	"CREATE TABLE referral_count_day ("
	"  day TEXT NOT NULL PRIMARY KEY,"
	"  n INTEGER NOT NULL"
	") STRICT, WITHOUT ROWID;"
	"CREATE TABLE referral_count_need_day ("
	"  need TEXT NOT NULL,"
	"  day TEXT NOT NULL,"
	"  n INTEGER NOT NULL,"
	"  PRIMARY KEY (need, day)"
	") STRICT, WITHOUT ROWID;"
	"CREATE TABLE referral_count_asset_month ("
	"  asset_id TEXT NOT NULL,"
	"  month TEXT NOT NULL,"
	"  n INTEGER NOT NULL,"
	"  PRIMARY KEY (asset_id, month)"
	") STRICT, WITHOUT ROWID;"
	"INSERT INTO referral_count_day (day, n)"
	"  SELECT created_on, count(*) FROM referral GROUP BY created_on;"
	"INSERT INTO referral_count_need_day (need, day, n)"
	"  SELECT need, created_on, count(*) FROM referral_need"
	"  WHERE created_on IS NOT NULL GROUP BY need, created_on;"
	"INSERT INTO referral_count_asset_month (asset_id, month, n)"
	"  SELECT asset_id, substr(created_on, 1, 7), count(*) FROM referral"
	"  GROUP BY asset_id, substr(created_on, 1, 7);"
	"CREATE TRIGGER referral_count_insert AFTER INSERT ON referral BEGIN "
	REFERRAL_ADD("new")
	"END;"
	"CREATE TRIGGER referral_count_update AFTER UPDATE OF asset_id, created_on ON referral"
	"  WHEN new.asset_id IS NOT old.asset_id OR new.created_on IS NOT old.created_on BEGIN "
	REFERRAL_REMOVE("old") REFERRAL_ADD("new")
	"END;"
	"CREATE TRIGGER referral_count_delete AFTER DELETE ON referral BEGIN "
	REFERRAL_REMOVE("old")
	"END;"
	"CREATE TRIGGER referral_count_need_insert AFTER INSERT ON referral_need BEGIN "
	NEED_ADD("new")
	"END;"
	"CREATE TRIGGER referral_count_need_update AFTER UPDATE OF need, created_on"
	"  ON referral_need"
	"  WHEN new.need IS NOT old.need OR new.created_on IS NOT old.created_on BEGIN "
	NEED_REMOVE("old") NEED_ADD("new")
	"END;"
	"CREATE TRIGGER referral_count_need_delete AFTER DELETE ON referral_need BEGIN "
	NEED_REMOVE("old")
	"END;";

/* Migration 7: referrals a link worker and day, for the unfiltered
 * report by worker (report_counts.c): some 220,000 worker-days of two
 * years rather than a pass of a million referrals by worker
 * (tests/bench/README).  Its own triggers, beside migration 6's, on
 * every write of referral; it fills itself from the rows there. */
#define WORKER_ADD(row) \
	SUMMARY_BUMP("referral_count_worker_day", "worker, day", \
		     row ".worker, " row ".created_on", "true")
#define WORKER_REMOVE(row) \
	SUMMARY_DROP("referral_count_worker_day", \
		     "worker = " row ".worker AND day = " row ".created_on")
static const char personal_v7[] =
	"CREATE TABLE referral_count_worker_day ("
	"  worker TEXT NOT NULL,"
	"  day TEXT NOT NULL,"
	"  n INTEGER NOT NULL,"
	"  PRIMARY KEY (worker, day)"
	") STRICT, WITHOUT ROWID;"
	"INSERT INTO referral_count_worker_day (worker, day, n)"
	"  SELECT worker, created_on, count(*) FROM referral GROUP BY worker, created_on;"
	"CREATE TRIGGER referral_count_worker_insert AFTER INSERT ON referral BEGIN "
	WORKER_ADD("new")
	"END;"
	"CREATE TRIGGER referral_count_worker_update AFTER UPDATE OF worker, created_on"
	"  ON referral"
	"  WHEN new.worker IS NOT old.worker OR new.created_on IS NOT old.created_on BEGIN "
	WORKER_REMOVE("old") WORKER_ADD("new")
	"END;"
	"CREATE TRIGGER referral_count_worker_delete AFTER DELETE ON referral BEGIN "
	WORKER_REMOVE("old")
	"END;";

static const char *const personal_migrations[] = {
	personal_v1,
	personal_v2,
	personal_v3,
	personal_v4,
	personal_v5,
	personal_v6,
	personal_v7,
};

const struct store_schema personal_schema = {
	.name = "personal-data file",
	.application_id = 0x53505031,  /* "SPP1" */
	.migrations = personal_migrations,
	.count = sizeof personal_migrations / sizeof personal_migrations[0],
};
