#include "config.h"

#include "core/asset_store.h"
#include "core/access.h"
#include "core/dates.h"
#include "core/duplicate.h"
#include "core/json.h"

#include <stdlib.h>
#include <string.h>

static const char load_sql[] =
	"SELECT a.num, a.id, a.name, o.name, a.sector, a.description,"
	" a.address, a.postcode, a.phone, a.email, a.website, a.when_text,"
	" a.cost, a.cost_note, a.accessibility, a.eligibility, a.referral,"
	" a.referral_note, a.status, a.verified_on, a.verified_by, a.notes,"
	" a.archived, a.version, a.created_at, a.updated_at"
	" FROM asset a LEFT JOIN organisation o ON o.id = a.organisation"
	" WHERE a.id = ?1";
static const char needs_sql[] =
	"SELECT need FROM asset_need WHERE asset = ?1 ORDER BY position";
static const char localities_sql[] =
	"SELECT locality FROM asset_locality WHERE asset = ?1 ORDER BY position";
static const char sessions_sql[] =
	"SELECT days, start_time, end_time, note FROM asset_session"
	" WHERE asset = ?1 ORDER BY position";

static int dup_column(sqlite3_stmt *stmt, int col, char **out)
{
	const unsigned char *s = sqlite3_column_text(stmt, col);
	*out = NULL;
	if (!s)
		return 0;
	*out = strdup((const char *)s);
	return *out ? 0 : -1;
}

static int load_list(struct store *dir, const char *sql, sqlite3_int64 num,
		     struct strlist *out, struct error *err)
{
	sqlite3_stmt *stmt = store_stmt(dir, sql, err);
	if (!stmt)
		return -1;
	sqlite3_bind_int64(stmt, 1, num);
	int rc;
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		if (strlist_add(out, (const char *)sqlite3_column_text(stmt, 0)) < 0) {
			sqlite3_reset(stmt);
			return error_nomem(err);
		}
	}
	sqlite3_reset(stmt);
	return rc == SQLITE_DONE ? 0 : store_fail(dir, rc, "cannot read an asset", err);
}

static int load_sessions(struct store *dir, sqlite3_int64 num, struct asset *a,
			 struct error *err)
{
	sqlite3_stmt *stmt = store_stmt(dir, sessions_sql, err);
	if (!stmt)
		return -1;
	sqlite3_bind_int64(stmt, 1, num);
	int rc;
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		if (asset_add_session(a, (unsigned)sqlite3_column_int(stmt, 0),
				      (const char *)sqlite3_column_text(stmt, 1),
				      (const char *)sqlite3_column_text(stmt, 2),
				      (const char *)sqlite3_column_text(stmt, 3)) < 0) {
			sqlite3_reset(stmt);
			return error_nomem(err);
		}
	}
	sqlite3_reset(stmt);
	return rc == SQLITE_DONE ? 0 : store_fail(dir, rc, "cannot read an asset", err);
}

int asset_load(struct store *dir, const char *id, struct asset *a,
	       struct error *err)
{
	asset_init(a);
	sqlite3_stmt *stmt = store_stmt(dir, load_sql, err);
	if (!stmt)
		return -1;
	sqlite3_bind_text(stmt, 1, id, -1, SQLITE_STATIC);
	int rc = sqlite3_step(stmt);
	if (rc == SQLITE_DONE) {
		sqlite3_reset(stmt);
		return error_set(err, ERROR_NOT_FOUND, "no asset with the id '%s'", id);
	}
	if (rc != SQLITE_ROW) {
		sqlite3_reset(stmt);
		return store_fail(dir, rc, "cannot read an asset", err);
	}
	sqlite3_int64 num = sqlite3_column_int64(stmt, 0);
	char **text[] = {
		&a->id, &a->name, &a->organisation, &a->sector, &a->description,
		&a->address, &a->postcode, &a->phone, &a->email, &a->website,
		&a->when,
	};
	int failed = 0;
	for (size_t i = 0; i < sizeof text / sizeof text[0]; i++)
		failed |= dup_column(stmt, 1 + (int)i, text[i]);
	const char *cost = (const char *)sqlite3_column_text(stmt, 12);
	if (cost)
		asset_cost_parse(cost, &a->cost);
	failed |= dup_column(stmt, 13, &a->cost_note);
	failed |= dup_column(stmt, 14, &a->accessibility);
	failed |= dup_column(stmt, 15, &a->eligibility);
	a->referral = (unsigned)sqlite3_column_int(stmt, 16);
	failed |= dup_column(stmt, 17, &a->referral_note);
	asset_status_parse((const char *)sqlite3_column_text(stmt, 18), &a->status);
	failed |= dup_column(stmt, 19, &a->verified_on);
	failed |= dup_column(stmt, 20, &a->verified_by);
	failed |= dup_column(stmt, 21, &a->notes);
	a->archived = sqlite3_column_int(stmt, 22);
	a->version = sqlite3_column_int(stmt, 23);
	failed |= dup_column(stmt, 24, &a->created_at);
	failed |= dup_column(stmt, 25, &a->updated_at);
	sqlite3_reset(stmt);
	if (failed) {
		asset_clear(a);
		return error_nomem(err);
	}
	if (load_list(dir, needs_sql, num, &a->needs, err) < 0 ||
	    load_list(dir, localities_sql, num, &a->localities, err) < 0 ||
	    load_sessions(dir, num, a, err) < 0) {
		asset_clear(a);
		return -1;
	}
	return 0;
}

int asset_exists(struct store *dir, const char *id, struct error *err)
{
	static const char sql[] = "SELECT 1 FROM asset WHERE id = ?1";
	sqlite3_stmt *stmt = store_stmt(dir, sql, err);
	if (!stmt)
		return -1;
	sqlite3_bind_text(stmt, 1, id, -1, SQLITE_STATIC);
	int rc = sqlite3_step(stmt);
	sqlite3_reset(stmt);
	if (rc == SQLITE_ROW || rc == SQLITE_DONE)
		return rc == SQLITE_ROW;
	return store_fail(dir, rc, "cannot read an asset", err);
}

char *asset_document(const struct asset *a)
{
	struct json j;
	json_init(&j, NULL, 0);
	asset_write_json(&j, a);
	if (json_finish(&j) < 0) {
		json_free(&j);
		return NULL;
	}
	return strbuf_detach(&j.buf);
}

/* The stored asset's key, version and newest document, if it exists. */
struct stored {
	sqlite3_int64 num;
	int version;
	char *document;
};

static int find_stored(struct store *dir, const char *id, struct stored *st,
		       struct error *err)
{
	static const char sql[] =
		"SELECT a.num, a.version, v.document FROM asset a"
		" LEFT JOIN asset_version v ON v.asset = a.num AND v.version = a.version"
		" WHERE a.id = ?1";
	memset(st, 0, sizeof *st);
	sqlite3_stmt *stmt = store_stmt(dir, sql, err);
	if (!stmt)
		return -1;
	sqlite3_bind_text(stmt, 1, id, -1, SQLITE_STATIC);
	int rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW) {
		st->num = sqlite3_column_int64(stmt, 0);
		st->version = sqlite3_column_int(stmt, 1);
		if (dup_column(stmt, 2, &st->document) < 0) {
			sqlite3_reset(stmt);
			return error_nomem(err);
		}
	}
	sqlite3_reset(stmt);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return store_fail(dir, rc, "cannot read an asset", err);
	return 0;
}

static int organisation_key(struct store *dir, const char *name,
			    sqlite3_int64 *key, struct error *err)
{
	static const char select[] = "SELECT id FROM organisation WHERE name = ?1";
	static const char insert[] = "INSERT INTO organisation (name) VALUES (?1)";
	/* Looked up first: most organisations run several assets. */
	sqlite3_stmt *stmt = store_stmt(dir, select, err);
	if (!stmt)
		return -1;
	sqlite3_bind_text(stmt, 1, name, -1, SQLITE_STATIC);
	int rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW)
		*key = sqlite3_column_int64(stmt, 0);
	sqlite3_reset(stmt);
	if (rc == SQLITE_ROW)
		return 0;
	if (rc != SQLITE_DONE)
		return store_fail(dir, rc, "cannot read an organisation", err);
	if (!(stmt = store_stmt(dir, insert, err)))
		return -1;
	sqlite3_bind_text(stmt, 1, name, -1, SQLITE_STATIC);
	if (store_step_done(dir, stmt, err) < 0)
		return -1;
	*key = sqlite3_last_insert_rowid(store_db(dir));
	return 0;
}

static const char insert_sql[] =
	"INSERT INTO asset (id, name, organisation, sector, description, address,"
	" postcode, phone, email, website, when_text, cost, cost_note,"
	" accessibility, eligibility, referral, referral_note, status,"
	" verified_on, verified_by, notes, archived, version, created_at, updated_at,"
	" name_key)"
	" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14,"
	" ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22, 1, ?23, ?23, ?25)";
static const char update_sql[] =
	"UPDATE asset SET id = ?1, name = ?2, organisation = ?3, sector = ?4,"
	" description = ?5, address = ?6, postcode = ?7, phone = ?8, email = ?9,"
	" website = ?10, when_text = ?11, cost = ?12, cost_note = ?13,"
	" accessibility = ?14, eligibility = ?15, referral = ?16,"
	" referral_note = ?17, status = ?18, verified_on = ?19,"
	" verified_by = ?20, notes = ?21, archived = ?22,"
	" version = version + 1, updated_at = ?23, name_key = ?25"
	" WHERE num = ?24";

static void bind_fields(sqlite3_stmt *stmt, const struct asset *a,
			sqlite3_int64 org, const char *now)
{
	sqlite3_bind_text(stmt, 1, a->id, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 2, a->name, -1, SQLITE_STATIC);
	if (a->organisation)
		sqlite3_bind_int64(stmt, 3, org);
	sqlite3_bind_text(stmt, 4, a->sector, -1, SQLITE_STATIC);
	const char *text[] = {
		a->description, a->address, a->postcode, a->phone, a->email,
		a->website, a->when, asset_cost_name(a->cost), a->cost_note,
		a->accessibility, a->eligibility,
	};
	for (int i = 0; i < (int)(sizeof text / sizeof text[0]); i++)
		sqlite3_bind_text(stmt, 5 + i, text[i], -1, SQLITE_STATIC);
	sqlite3_bind_int(stmt, 16, (int)a->referral);
	sqlite3_bind_text(stmt, 17, a->referral_note, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 18, asset_status_name(a->status), -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 19, a->verified_on, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 20, a->verified_by, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 21, a->notes, -1, SQLITE_STATIC);
	sqlite3_bind_int(stmt, 22, !!a->archived);
	sqlite3_bind_text(stmt, 23, now, -1, SQLITE_STATIC);
}

/* A new asset has no links to remove: its key was made just now, and
 * the foreign keys keep rows from naming a key before it exists.  (The
 * DELETE is not free: with foreign keys on, it fills a temporary table.) */
static int write_links(struct store *dir, sqlite3_int64 num, int adding,
		       const char *table_delete, const char *table_insert,
		       const struct strlist *ids, struct error *err)
{
	sqlite3_stmt *stmt;
	if (!adding) {
		if (!(stmt = store_stmt(dir, table_delete, err)))
			return -1;
		sqlite3_bind_int64(stmt, 1, num);
		if (store_step_done(dir, stmt, err) < 0)
			return -1;
	}
	for (size_t i = 0; i < ids->count; i++) {
		if (!(stmt = store_stmt(dir, table_insert, err)))
			return -1;
		sqlite3_bind_int64(stmt, 1, num);
		sqlite3_bind_text(stmt, 2, ids->item[i], -1, SQLITE_STATIC);
		sqlite3_bind_int(stmt, 3, (int)i);
		if (store_step_done(dir, stmt, err) < 0)
			return -1;
	}
	return 0;
}

static int write_sessions(struct store *dir, sqlite3_int64 num, int adding,
			  const struct asset *a, struct error *err)
{
	static const char del[] = "DELETE FROM asset_session WHERE asset = ?1";
	static const char ins[] =
		"INSERT INTO asset_session (asset, position, days, start_time, end_time, note)"
		" VALUES (?1, ?2, ?3, ?4, ?5, ?6)";
	sqlite3_stmt *stmt;
	if (!adding) {
		if (!(stmt = store_stmt(dir, del, err)))
			return -1;
		sqlite3_bind_int64(stmt, 1, num);
		if (store_step_done(dir, stmt, err) < 0)
			return -1;
	}
	for (size_t i = 0; i < a->session_count; i++) {
		const struct asset_session *s = &a->sessions[i];
		if (!(stmt = store_stmt(dir, ins, err)))
			return -1;
		sqlite3_bind_int64(stmt, 1, num);
		sqlite3_bind_int(stmt, 2, (int)i);
		sqlite3_bind_int(stmt, 3, (int)s->days);
		sqlite3_bind_text(stmt, 4, s->start[0] ? s->start : NULL, -1, SQLITE_STATIC);
		sqlite3_bind_text(stmt, 5, s->end[0] ? s->end : NULL, -1, SQLITE_STATIC);
		sqlite3_bind_text(stmt, 6, s->note, -1, SQLITE_STATIC);
		if (store_step_done(dir, stmt, err) < 0)
			return -1;
	}
	return 0;
}

/* The search index entry for one asset, from what is stored now. */
static int reindex(struct store *dir, sqlite3_int64 num, struct error *err)
{
	static const char del[] = "DELETE FROM asset_fts WHERE rowid = ?1";
	static const char ins[] =
		"INSERT INTO asset_fts (rowid, name, organisation, description, needs)"
		" SELECT * FROM asset_fts_source WHERE num = ?1";
	const char *const steps[] = { del, ins };
	for (int i = 0; i < 2; i++) {
		sqlite3_stmt *stmt = store_stmt(dir, steps[i], err);
		if (!stmt)
			return -1;
		sqlite3_bind_int64(stmt, 1, num);
		if (store_step_done(dir, stmt, err) < 0)
			return -1;
	}
	return 0;
}

/* Assets saved with defer_index wait here for asset_index_deferred();
 * fresh ones have no index entry to remove yet.  A temporary table: it
 * belongs to this connection, and a rollback empties it with the rest. */
static const char queue_exists_sql[] =
	"SELECT 1 FROM temp.sqlite_schema WHERE name = 'asset_index_queue'";
static const char queue_make_sql[] =
	"CREATE TEMP TABLE IF NOT EXISTS asset_index_queue"
	" (num INTEGER PRIMARY KEY, fresh INTEGER NOT NULL) STRICT";
static const char queue_add_sql[] =
	"INSERT INTO temp.asset_index_queue (num, fresh) VALUES (?1, ?2)"
	" ON CONFLICT (num) DO NOTHING";

static int queue_exists(struct store *dir, struct error *err)
{
	sqlite3_stmt *stmt = store_stmt(dir, queue_exists_sql, err);
	if (!stmt)
		return -1;
	int rc = sqlite3_step(stmt);
	sqlite3_reset(stmt);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return store_fail(dir, rc, "cannot index an asset", err);
	return rc == SQLITE_ROW;
}

int asset_index_defer(struct store *dir, struct error *err)
{
	return store_exec(dir, queue_make_sql, err);
}

static int queue_for_index(struct store *dir, sqlite3_int64 num, int fresh,
			   struct error *err)
{
	sqlite3_stmt *stmt = store_stmt(dir, queue_add_sql, err);
	if (!stmt)
		return -1;
	sqlite3_bind_int64(stmt, 1, num);
	sqlite3_bind_int(stmt, 2, fresh);
	return store_step_done(dir, stmt, err);
}

int asset_index_deferred(struct store *dir, struct error *err)
{
	static const char *const steps[] = {
		"DELETE FROM asset_fts WHERE rowid IN"
		" (SELECT num FROM temp.asset_index_queue WHERE NOT fresh)",
		"INSERT INTO asset_fts (rowid, name, organisation, description, needs)"
		" SELECT s.num, s.name, s.organisation, s.description, s.needs"
		" FROM temp.asset_index_queue q JOIN asset_fts_source s ON s.num = q.num"
		" ORDER BY q.num",
		"DELETE FROM temp.asset_index_queue",
	};
	int exists = queue_exists(dir, err);
	if (exists <= 0)
		return exists;
	for (size_t i = 0; i < sizeof steps / sizeof steps[0]; i++) {
		sqlite3_stmt *stmt = store_stmt(dir, steps[i], err);
		if (!stmt || store_step_done(dir, stmt, err) < 0)
			return -1;
	}
	return 0;
}

static int write_version(struct store *dir, sqlite3_int64 num, int version,
			 const char *now, const struct asset_save *how,
			 const char *document, struct error *err)
{
	static const char sql[] =
		"INSERT INTO asset_version (asset, version, changed_at, changed_by, reason, document)"
		" VALUES (?1, ?2, ?3, ?4, ?5, ?6)";
	sqlite3_stmt *stmt = store_stmt(dir, sql, err);
	if (!stmt)
		return -1;
	sqlite3_bind_int64(stmt, 1, num);
	sqlite3_bind_int(stmt, 2, version);
	sqlite3_bind_text(stmt, 3, now, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 4, how->who, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 5, how->reason, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 6, document, -1, SQLITE_STATIC);
	return store_step_done(dir, stmt, err);
}

static int write_asset(struct store *dir, const struct asset *a,
		       const struct asset_save *how, struct stored *st,
		       const char *document, struct error *err)
{
	char now[TIMESTAMP_LEN];
	timestamp_now(now);
	sqlite3_int64 org = 0;
	if (a->organisation && organisation_key(dir, a->organisation, &org, err) < 0)
		return -1;
	int adding = st->version == 0;
	sqlite3_stmt *stmt = store_stmt(dir, adding ? insert_sql : update_sql, err);
	if (!stmt)
		return -1;
	bind_fields(stmt, a, org, now);
	/* The report's likely duplicates group by it (directory
	 * migration 8); made here, as the name is saved. */
	char *name_key = duplicate_name_key(a->name);
	if (!name_key) {
		sqlite3_reset(stmt);
		return error_nomem(err);
	}
	sqlite3_bind_text(stmt, 25, name_key, -1, free);
	if (!adding)
		sqlite3_bind_int64(stmt, 24, st->num);
	if (store_step_done(dir, stmt, err) < 0)
		return -1;
	if (adding)
		st->num = sqlite3_last_insert_rowid(store_db(dir));
	static const char del_needs[] = "DELETE FROM asset_need WHERE asset = ?1";
	static const char ins_need[] =
		"INSERT INTO asset_need (asset, need, position) VALUES (?1, ?2, ?3)";
	static const char del_localities[] = "DELETE FROM asset_locality WHERE asset = ?1";
	static const char ins_locality[] =
		"INSERT INTO asset_locality (asset, locality, position) VALUES (?1, ?2, ?3)";
	if (write_links(dir, st->num, adding, del_needs, ins_need, &a->needs, err) < 0 ||
	    write_links(dir, st->num, adding, del_localities, ins_locality,
			&a->localities, err) < 0 ||
	    write_sessions(dir, st->num, adding, a, err) < 0 ||
	    (how->defer_index ? queue_for_index(dir, st->num, adding, err) :
	     reindex(dir, st->num, err)) < 0)
		return -1;
	return write_version(dir, st->num, st->version + 1, now, how, document, err);
}

int asset_save(struct store *dir, const struct asset *a,
	       const struct asset_save *how, enum asset_change *change,
	       struct error *err)
{
	if (access_check(dir, PERM_EDIT_LISTINGS, err) < 0 ||
	    access_check_self(dir, how->who, err) < 0)
		return -1;
	char *made = how->document ? NULL : asset_document(a);
	const char *document = how->document ? how->document : made;
	if (!document)
		return error_nomem(err);
	struct stored st;
	int rc = find_stored(dir, a->id, &st, err);
	if (rc == 0 && how->expected_version && st.version != how->expected_version)
		rc = error_set(err, ERROR_CONFLICT,
			       "'%s' was changed by someone else (it is now at version %d, "
			       "you started from version %d)", a->id, st.version,
			       how->expected_version);
	if (rc == 0) {
		if (st.document && strcmp(st.document, document) == 0)
			*change = ASSET_UNCHANGED;
		else if ((rc = write_asset(dir, a, how, &st, document, err)) == 0)
			*change = st.version ? ASSET_CHANGED : ASSET_ADDED;
	}
	free(st.document);
	free(made);
	return rc;
}

int asset_each(struct store *dir, int with_archived,
	       int (*fn)(const struct asset *a, void *ctx), void *ctx,
	       struct error *err)
{
	static const char sql[] =
		"SELECT id FROM asset WHERE ?1 OR archived = 0 ORDER BY id";
	sqlite3_stmt *stmt = store_stmt(dir, sql, err);
	if (!stmt)
		return -1;
	/* The ids are read first, so that loading an asset never runs
	 * inside this statement's own step. */
	struct strlist ids = STRLIST_INIT;
	sqlite3_bind_int(stmt, 1, !!with_archived);
	int rc;
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		if (strlist_add(&ids, (const char *)sqlite3_column_text(stmt, 0)) < 0) {
			sqlite3_reset(stmt);
			strlist_clear(&ids);
			return error_nomem(err);
		}
	}
	sqlite3_reset(stmt);
	if (rc != SQLITE_DONE) {
		strlist_clear(&ids);
		return store_fail(dir, rc, "cannot read the assets", err);
	}
	int result = 0;
	for (size_t i = 0; i < ids.count && result == 0; i++) {
		struct asset a;
		if (asset_load(dir, ids.item[i], &a, err) < 0) {
			result = -1;
			break;
		}
		if (fn(&a, ctx))
			result = 1;
		asset_clear(&a);
	}
	strlist_clear(&ids);
	return result < 0 ? -1 : 0;
}
