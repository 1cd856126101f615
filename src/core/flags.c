#include "config.h"

#include "core/flags.h"
#include "core/access.h"
#include "core/asset_check.h"
#include "core/dates.h"

#include <stdlib.h>
#include <string.h>

#define FLAG_COLUMNS \
	"SELECT f.id, a.id, a.name, a.archived, f.reason, f.note, f.raised_by," \
	" f.raised_at, f.resolved_by, f.resolved_at, f.resolution" \
	" FROM flag f JOIN asset a ON a.num = f.asset"

void flag_row_clear(struct flag_row *r)
{
	char *fields[] = {
		r->asset_id, r->asset_name, r->note, r->raised_by, r->raised_at,
		r->resolved_by, r->resolved_at, r->resolution,
	};
	for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++)
		free(fields[i]);
	memset(r, 0, sizeof *r);
}

void flag_rows_free(struct flag_rows *rows)
{
	for (size_t i = 0; i < rows->count; i++)
		flag_row_clear(&rows->row[i]);
	free(rows->row);
	rows->row = NULL;
	rows->count = 0;
}

/* Fills r from the statement's row (FLAG_COLUMNS); -1 when out of
 * memory. */
static int read_row(sqlite3_stmt *stmt, struct flag_row *r)
{
	memset(r, 0, sizeof *r);
	r->id = (long)sqlite3_column_int64(stmt, 0);
	r->asset_archived = sqlite3_column_int(stmt, 3);
	if (flag_reason_parse((const char *)sqlite3_column_text(stmt, 4), &r->reason) < 0)
		r->reason = FLAG_OTHER;
	struct { int col; char **to; } text[] = {
		{ 1, &r->asset_id }, { 2, &r->asset_name }, { 5, &r->note },
		{ 6, &r->raised_by }, { 7, &r->raised_at }, { 8, &r->resolved_by },
		{ 9, &r->resolved_at }, { 10, &r->resolution },
	};
	for (size_t i = 0; i < sizeof text / sizeof text[0]; i++) {
		const unsigned char *s = sqlite3_column_text(stmt, text[i].col);
		if (s && !(*text[i].to = strdup((const char *)s)))
			return -1;
	}
	return 0;
}

int flags_list(struct store *dir, int open_only, const char *asset_id,
	       struct flag_rows *out, struct error *err)
{
	static const char sql[] =
		FLAG_COLUMNS
		" WHERE (?1 = 0 OR f.resolved_at IS NULL) AND (?2 IS NULL OR a.id = ?2)"
		" ORDER BY f.raised_at, f.id";
	memset(out, 0, sizeof *out);
	sqlite3_stmt *stmt = store_stmt(dir, sql, err);
	if (!stmt)
		return -1;
	sqlite3_bind_int(stmt, 1, !!open_only);
	sqlite3_bind_text(stmt, 2, asset_id, -1, SQLITE_STATIC);
	int rc, failed = 0;
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		struct flag_row *row = realloc(out->row, (out->count + 1) * sizeof *row);
		if (!row) {
			failed = 1;
			break;
		}
		out->row = row;
		if (read_row(stmt, &row[out->count++]) < 0) {
			failed = 1;
			break;
		}
	}
	sqlite3_reset(stmt);
	if (failed || (rc != SQLITE_ROW && rc != SQLITE_DONE)) {
		flag_rows_free(out);
		return failed ? error_nomem(err) : store_fail(dir, rc, "cannot read the flags", err);
	}
	return 0;
}

int flag_load(struct store *dir, long id, struct flag_row *out, struct error *err)
{
	static const char sql[] = FLAG_COLUMNS " WHERE f.id = ?1";
	memset(out, 0, sizeof *out);
	sqlite3_stmt *stmt = store_stmt(dir, sql, err);
	if (!stmt)
		return -1;
	sqlite3_bind_int64(stmt, 1, id);
	int rc = sqlite3_step(stmt);
	int failed = rc == SQLITE_ROW && read_row(stmt, out) < 0;
	sqlite3_reset(stmt);
	if (failed) {
		flag_row_clear(out);
		return error_nomem(err);
	}
	if (rc == SQLITE_DONE)
		return error_set(err, ERROR_NOT_FOUND, "no flag with the id %ld", id);
	if (rc != SQLITE_ROW)
		return store_fail(dir, rc, "cannot read a flag", err);
	return 0;
}

int flag_resolve(struct store *dir, long id, const char *note, const char *who,
		 struct error *err)
{
	static const char sql[] =
		"UPDATE flag SET resolved_by = ?2, resolved_at = ?3, resolution = ?4"
		" WHERE id = ?1 AND resolved_at IS NULL";
	if (!who || !*who)
		return error_set(err, ERROR_INPUT, "who is resolving the flag? a name is needed");
	if (access_check(dir, PERM_EDIT_LISTINGS, err) < 0 ||
	    access_check_self(dir, who, err) < 0)
		return -1;
	if (!note || !*note)
		return error_set(err, ERROR_INPUT, "say how flag %ld was resolved (a note "
				 "about the listing)", id);
	char *why = asset_check_text(note, 1, ASSET_MAX_TEXT);
	if (why) {
		error_set(err, ERROR_INPUT, "the note %s", why);
		free(why);
		return -1;
	}
	if (store_begin(dir, err) < 0)
		return -1;
	struct flag_row flag;
	int rc = flag_load(dir, id, &flag, err);
	if (rc == 0 && flag.resolved_at)
		rc = error_set(err, ERROR_CONFLICT, "flag %ld on '%s' was resolved already, "
			       "by %s at %s", id, flag.asset_id, flag.resolved_by,
			       flag.resolved_at);
	flag_row_clear(&flag);
	sqlite3_stmt *stmt = rc == 0 ? store_stmt(dir, sql, err) : NULL;
	if (rc == 0 && !stmt)
		rc = -1;
	if (rc == 0) {
		char now[TIMESTAMP_LEN];
		timestamp_now(now);
		sqlite3_bind_int64(stmt, 1, id);
		sqlite3_bind_text(stmt, 2, who, -1, SQLITE_STATIC);
		sqlite3_bind_text(stmt, 3, now, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(stmt, 4, note, -1, SQLITE_STATIC);
		rc = store_step_done(dir, stmt, err);
	}
	if (rc == 0)
		return store_commit(dir, err);
	store_rollback(dir);
	return -1;
}
