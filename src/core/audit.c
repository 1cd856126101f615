#include "config.h"

#include "core/access.h"
#include "core/audit.h"
#include "core/dates.h"

#include <stdlib.h>
#include <string.h>

int audit_add(struct store *s, const char *action, const char *detail,
	      struct error *err)
{
	static const char sql[] =
		"INSERT INTO audit (at, who, action, detail) VALUES (?1, ?2, ?3, ?4)";
	sqlite3_stmt *stmt = store_stmt(s, sql, err);
	if (!stmt)
		return -1;
	const struct actor *a = store_actor(s);
	char now[TIMESTAMP_LEN];
	timestamp_now(now);
	sqlite3_bind_text(stmt, 1, now, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 2, a ? a->login : "signpost", -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 3, action, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 4, detail ? detail : "", -1, SQLITE_STATIC);
	return store_step_done(s, stmt, err);
}

void audit_rows_free(struct audit_rows *rows)
{
	for (size_t i = 0; i < rows->count; i++) {
		free(rows->row[i].at);
		free(rows->row[i].who);
		free(rows->row[i].action);
		free(rows->row[i].detail);
	}
	free(rows->row);
	memset(rows, 0, sizeof *rows);
}

static int read_one(struct store *s, const char *file, const char *since,
		    struct audit_rows *out, size_t *cap, struct error *err)
{
	static const char sql[] = "SELECT at, who, action, detail, id FROM audit"
		" WHERE ?1 IS NULL OR at >= ?1 ORDER BY id";
	sqlite3_stmt *stmt = store_stmt(s, sql, err);
	if (!stmt)
		return -1;
	sqlite3_bind_text(stmt, 1, since, -1, SQLITE_STATIC);
	int rc, failed = 0;
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		if (out->count == *cap) {
			*cap = *cap ? *cap * 2 : 32;
			struct audit_row *row = realloc(out->row, *cap * sizeof *row);
			if (!row) {
				failed = 1;
				break;
			}
			out->row = row;
		}
		struct audit_row *r = &out->row[out->count++];
		char **text[] = { &r->at, &r->who, &r->action, &r->detail };
		for (int i = 0; i < 4; i++)
			if (!(*text[i] = strdup((const char *)sqlite3_column_text(stmt, i))))
				failed = 1;
		r->file = file;
		r->id = (long)sqlite3_column_int64(stmt, 4);
	}
	sqlite3_reset(stmt);
	if (failed)
		return error_nomem(err);
	if (rc != SQLITE_DONE)
		return store_fail(s, rc, "cannot read the audit", err);
	return 0;
}

static int by_time(const void *a, const void *b)
{
	const struct audit_row *x = a, *y = b;
	int c = strcmp(x->at, y->at);
	if (!c)
		c = strcmp(x->file, y->file);
	return c ? c : (x->id > y->id) - (x->id < y->id);
}

int audit_read(struct store *dir, struct store *personal, const char *since,
	       struct audit_rows *out, struct error *err)
{
	memset(out, 0, sizeof *out);
	if (access_check(dir, PERM_ADMIN, err) < 0 ||
	    (personal && access_check(personal, PERM_ADMIN, err) < 0))
		return -1;
	if (since && !date_valid(since))
		return error_set(err, ERROR_INPUT, "'%s' is not a date (YYYY-MM-DD)", since);
	size_t cap = 0;
	if (read_one(dir, "directory", since, out, &cap, err) < 0 ||
	    (personal && read_one(personal, "personal", since, out, &cap, err) < 0)) {
		audit_rows_free(out);
		return -1;
	}
	/* Interleave the two files' lines by time; within a file, by id. */
	if (out->count > 1)
		qsort(out->row, out->count, sizeof *out->row, by_time);
	return 0;
}
