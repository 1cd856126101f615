#include "config.h"

#include "core/doctor.h"
#include "core/paths.h"
#include "store/schema.h"
#include "store/store.h"

#include <errno.h>
#include <sqlite3.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int add(struct doctor_report *r, enum doctor_result result, const char *check,
	       const char *fmt, ...) __attribute__((format(printf, 4, 5)));

static int add(struct doctor_report *r, enum doctor_result result, const char *check,
	       const char *fmt, ...)
{
	struct doctor_line *l = realloc(r->line, (r->count + 1) * sizeof *l);
	if (!l)
		return -1;
	r->line = l;
	l = &l[r->count++];
	l->result = result;
	l->check = strdup(check);
	l->detail = NULL;
	if (fmt) {
		va_list ap;
		va_start(ap, fmt);
		if (vasprintf(&l->detail, fmt, ap) < 0)
			l->detail = NULL;
		va_end(ap);
	}
	if (result == DOCTOR_FAIL)
		r->failed = 1;
	return l->check ? 0 : -1;
}

const char *doctor_result_name(enum doctor_result r)
{
	return r == DOCTOR_OK ? "ok" : r == DOCTOR_WARN ? "warn" : "FAIL";
}

void doctor_report_free(struct doctor_report *r)
{
	for (size_t i = 0; i < r->count; i++) {
		free(r->line[i].check);
		free(r->line[i].detail);
	}
	free(r->line);
	memset(r, 0, sizeof *r);
}

/* The first value of a query, as text (or NULL), newly allocated. */
static char *first_text(sqlite3 *db, const char *sql, int *rc_out)
{
	sqlite3_stmt *stmt;
	char *out = NULL;
	int rc = sqlite3_prepare_v2(db, sql, -1, &stmt, NULL);
	if (rc == SQLITE_OK) {
		rc = sqlite3_step(stmt);
		if (rc == SQLITE_ROW && sqlite3_column_text(stmt, 0))
			out = strdup((const char *)sqlite3_column_text(stmt, 0));
		if (rc == SQLITE_ROW || rc == SQLITE_DONE)
			rc = SQLITE_OK;
		sqlite3_finalize(stmt);
	}
	*rc_out = rc;
	return out;
}

static const char *base(const char *path)
{
	const char *slash = strrchr(path, '/');
	return slash ? slash + 1 : path;
}

/* Opens a file for checking without changing it, and with no schema
 * migration (doctor must work on a file it cannot otherwise use).  It is
 * opened for writing when it may be, as FTS5's check needs that, though
 * it writes nothing. */
static sqlite3 *open_raw(const char *path, struct doctor_report *r, const char *what)
{
	sqlite3 *db = NULL;
	char check[256];
	snprintf(check, sizeof check, "open %s", what);
	int mode = access(path, W_OK) == 0 ? SQLITE_OPEN_READWRITE : SQLITE_OPEN_READONLY;
	int rc = sqlite3_open_v2(path, &db, mode | SQLITE_OPEN_NOFOLLOW, NULL);
	if (rc == SQLITE_OK)
		store_keep_shared_wal(db, path);
	if (rc == SQLITE_OK)
		rc = sqlite3_exec(db, "PRAGMA cell_size_check = ON; SELECT count(*) FROM sqlite_schema",
				  NULL, NULL, NULL);
	if (rc != SQLITE_OK) {
		/* Only a damaged file wants restoring: a locked one or one this
		 * account may not use is sound. */
		int code = db ? sqlite3_errcode(db) : rc;
		const char *advice =
			code == SQLITE_BUSY || code == SQLITE_LOCKED
			? "another process holds it; try again"
			: code == SQLITE_READONLY || code == SQLITE_CANTOPEN || code == SQLITE_PERM
			? "this account cannot open it, or cannot write in its folder; run "
			  "doctor as its owner"
			: "restore it from a backup with `signpost restore`";
		add(r, DOCTOR_FAIL, check, "%s: %s (%s)", path,
		    db ? sqlite3_errmsg(db) : sqlite3_errstr(rc), advice);
		sqlite3_close(db);
		return NULL;
	}
	sqlite3_busy_timeout(db, 5000);
	add(r, DOCTOR_OK, check, NULL);
	return db;
}

static void check_integrity(sqlite3 *db, struct doctor_report *r, const char *what)
{
	char check[256];
	int rc;
	snprintf(check, sizeof check, "integrity of %s", what);
	char *result = first_text(db, "PRAGMA integrity_check", &rc);
	for (char *p = result; p && *p; p++)
		if (*p == '\n')
			*p = ' ';       /* one line a check */
	if (rc != SQLITE_OK)
		add(r, DOCTOR_FAIL, check, "cannot check: %s", sqlite3_errmsg(db));
	else if (!result || strcmp(result, "ok") != 0)
		add(r, DOCTOR_FAIL, check, "%s (restore it from a backup with `signpost restore`)",
		    result ? result : "no answer");
	else
		add(r, DOCTOR_OK, check, NULL);
	free(result);
	snprintf(check, sizeof check, "foreign keys of %s", what);
	result = first_text(db, "SELECT \"table\" || ' row ' || rowid || ' points at a "
			    "missing ' || parent FROM pragma_foreign_key_check", &rc);
	if (rc != SQLITE_OK)
		add(r, DOCTOR_FAIL, check, "cannot check: %s", sqlite3_errmsg(db));
	else if (result)
		add(r, DOCTOR_FAIL, check, "%s", result);
	else
		add(r, DOCTOR_OK, check, NULL);
	free(result);
}

static void check_version(sqlite3 *db, const struct store_schema *schema,
			  struct doctor_report *r, const char *what)
{
	char check[256];
	int rc;
	snprintf(check, sizeof check, "schema version of %s", what);
	char *v = first_text(db, "PRAGMA user_version", &rc);
	char *app = first_text(db, "PRAGMA application_id", &rc);
	int version = v ? atoi(v) : -1, id = app ? atoi(app) : 0;
	if (id != schema->application_id)
		add(r, DOCTOR_FAIL, check, "not a signpost %s (if it should be one, "
		    "restore it from a backup with `signpost restore`)", schema->name);
	else if (version > schema->count)
		add(r, DOCTOR_FAIL, check, "version %d, made by a newer signpost (this one "
		    "knows up to %d)", version, schema->count);
	else if (version < schema->count)
		add(r, DOCTOR_WARN, check, "version %d; signpost will bring it up to %d the "
		    "next time it opens it for writing", version, schema->count);
	else
		add(r, DOCTOR_OK, check, "version %d", version);
	free(v);
	free(app);
}

/* The search index must hold exactly what the assets say now. */
static void check_search_index(sqlite3 *db, struct doctor_report *r)
{
	static const char *const sql[] = {
		"INSERT INTO asset_fts (asset_fts) VALUES ('integrity-check')",
		"SELECT count(*) FROM asset a WHERE NOT EXISTS"
		" (SELECT 1 FROM asset_fts f WHERE f.rowid = a.num)",
		"SELECT count(*) FROM asset_fts f WHERE NOT EXISTS"
		" (SELECT 1 FROM asset a WHERE a.num = f.rowid)",
		"SELECT count(*) FROM asset_fts f JOIN asset_fts_source s ON s.num = f.rowid"
		" WHERE f.name IS NOT s.name OR f.organisation IS NOT s.organisation"
		" OR f.description IS NOT s.description OR f.needs IS NOT s.needs",
	};
	static const char *const problem[] = {
		NULL, "assets are missing from the search index",
		"entries in the search index have no asset",
		"entries in the search index are out of date",
	};
	const char *check = "search index of the directory";
	/* The integrity-check command writes nothing but needs a writable
	 * handle; a read-only one reports SQLITE_READONLY, which is fine. */
	int rc = sqlite3_exec(db, sql[0], NULL, NULL, NULL);
	if (rc != SQLITE_OK && (rc & 0xff) != SQLITE_READONLY) {
		add(r, DOCTOR_FAIL, check, "%s (signpost rebuilds it on the next import; "
		    "or restore a backup)", sqlite3_errmsg(db));
		return;
	}
	for (int i = 1; i < 4; i++) {
		char *n = first_text(db, sql[i], &rc);
		if (rc != SQLITE_OK) {
			add(r, DOCTOR_FAIL, check, "cannot check: %s", sqlite3_errmsg(db));
			free(n);
			return;
		}
		if (n && strcmp(n, "0") != 0) {
			add(r, DOCTOR_FAIL, check, "%s %s", n, problem[i]);
			free(n);
			return;
		}
		free(n);
	}
	add(r, DOCTOR_OK, check, NULL);
}

static void check_wal(const char *path, struct doctor_report *r, const char *what)
{
	char wal[4096], check[256];
	snprintf(wal, sizeof wal, "%s-wal", path);
	snprintf(check, sizeof check, "write-ahead log of %s", what);
	struct stat st;
	if (stat(wal, &st) < 0)
		add(r, DOCTOR_OK, check, "none");
	else if (st.st_size > DOCTOR_WAL_WARN_BYTES)
		add(r, DOCTOR_WARN, check, "%lld MiB: something may be holding a read open "
		    "for a long time, which stops SQLite from folding it back in",
		    (long long)st.st_size >> 20);
	else
		add(r, DOCTOR_OK, check, "%lld KiB", (long long)st.st_size >> 10);
}

/* Referral data must never be readable by everyone on the machine. */
static void check_permissions(const char *path, int personal, struct doctor_report *r,
			      const char *what)
{
	char check[256];
	snprintf(check, sizeof check, "permissions of %s", what);
	struct stat st;
	if (stat(path, &st) < 0) {
		add(r, DOCTOR_FAIL, check, "%s", strerror(errno));
		return;
	}
	unsigned mode = st.st_mode & 07777;
	if (personal && (mode & 0007))
		add(r, DOCTOR_FAIL, check, "mode %04o: anyone on this machine can read the "
		    "referrals; make it 0600 (one user) or 0660 (a group): chmod o-rwx %s",
		    mode, path);
	else if (mode & 0002)
		add(r, DOCTOR_FAIL, check, "mode %04o: anyone can change it; chmod o-w %s",
		    mode, path);
	else
		add(r, DOCTOR_OK, check, "mode %04o", mode);
}

static void check_file(const char *path, const struct store_schema *schema, int personal,
		       struct doctor_report *r)
{
	const char *what = base(path);
	check_permissions(path, personal, r, what);
	sqlite3 *db = open_raw(path, r, what);
	if (!db)
		return;
	check_version(db, schema, r, what);
	check_integrity(db, r, what);
	if (!personal)
		check_search_index(db, r);
	sqlite3_close(db);
	check_wal(path, r, what);
}

int doctor_run(const char *directory_file, struct doctor_report *out, struct error *err)
{
	memset(out, 0, sizeof *out);
	struct stat st;
	if (stat(directory_file, &st) < 0) {
		add(out, DOCTOR_FAIL, "directory file", "%s: %s", directory_file, strerror(errno));
		return 0;
	}
	check_file(directory_file, &directory_schema, 0, out);
	char *personal = paths_personal_file(directory_file);
	if (!personal)
		return error_nomem(err);
	if (stat(personal, &st) == 0)
		check_file(personal, &personal_schema, 1, out);
	else if (errno == ENOENT)
		add(out, DOCTOR_OK, "personal-data file", "none yet (no referrals)");
	else
		add(out, DOCTOR_WARN, "personal-data file", "%s: %s", personal, strerror(errno));
	free(personal);
	return 0;
}
