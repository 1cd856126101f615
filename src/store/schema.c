#include "config.h"

#include "store/schema.h"

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

static const char *const directory_migrations[] = {
	directory_v1,
};

const struct store_schema directory_schema = {
	.name = "directory",
	.application_id = 0x53504431,  /* "SPD1" */
	.migrations = directory_migrations,
	.count = sizeof directory_migrations / sizeof directory_migrations[0],
};
