#include "config.h"

#include "core/personal.h"
#include "core/access.h"
#include "core/paths.h"
#include "store/schema.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int personal_open(const char *directory_file, unsigned flags, struct store **out,
		  struct error *err)
{
	char *path = paths_personal_file(directory_file);
	if (!path)
		return error_nomem(err);
	int rc = store_open(path, flags, &personal_schema, out, err);
	/* What is removed from this file (a purge, an erasure) is
	 * overwritten, not left in its free pages. */
	if (rc == 0 && store_exec(*out, "PRAGMA secure_delete = ON", err) < 0) {
		store_close(*out);
		*out = NULL;
		rc = -1;
	}
	/* A file this account may read but not change, a read-only folder,
	 * or one it cannot make keeps store_open's own words. */
	if (rc < 0 && err && err->kind == ERROR_DENIED &&
	    access(path, F_OK) == 0 && access(path, R_OK) != 0)
		error_set(err, ERROR_DENIED, "%s: you cannot open the personal-data file "
			  "(its permissions keep referrals from your account); the directory "
			  "alone is open to you", path);
	free(path);
	return rc;
}

int personal_open_as(struct store *dir, unsigned flags, struct store **out,
		     struct error *err)
{
	*out = NULL;
	const struct actor *a = store_actor(dir);
	if (a && !access_allows(a, PERM_REFER) && !access_allows(a, PERM_REPORTS) &&
	    !access_allows(a, PERM_PRIVACY))
		return a->role == ROLE_READER
			? error_set(err, ERROR_DENIED, "%s is not a user of this directory, "
				    "and sees no referrals", a->login)
			: error_set(err, ERROR_DENIED, "%s is a %s, and a %s sees no referrals "
				    "or other personal data", a->login, role_name(a->role),
				    role_name(a->role));
	if (personal_open(store_path(dir), flags, out, err) < 0)
		return -1;
	store_set_actor(*out, a);
	return 0;
}

int date_expr_parse(struct store *db, const char *text, const char *today,
		    char out[DATE_LEN], struct error *err)
{
	static const char sql[] = "SELECT date(?1, ?2)";
	const char *s = text ? text : "";
	char modifier[32] = "+0 days";
	if (strcmp(s, "today") == 0) {
		/* +0 days */
	} else if (strcmp(s, "tomorrow") == 0) {
		strcpy(modifier, "+1 days");
	} else if (s[0] == '+' && isdigit((unsigned char)s[1])) {
		char *end;
		long n = strtol(s + 1, &end, 10);
		int weeks = strcmp(end, "w") == 0;
		if ((!weeks && strcmp(end, "d") != 0) || n > 3650 / (weeks ? 7 : 1))
			return error_set(err, ERROR_INPUT, "'%s' is not a date: write YYYY-MM-DD, "
					 "today, tomorrow, +Nd or +Nw (up to ten years ahead)", s);
		snprintf(modifier, sizeof modifier, "+%ld days", weeks ? n * 7 : n);
	} else if (date_valid(s)) {
		memcpy(out, s, DATE_LEN);
		return 0;
	} else {
		return error_set(err, ERROR_INPUT, "'%s' is not a date: write YYYY-MM-DD, "
				 "today, tomorrow, +Nd or +Nw", s);
	}
	sqlite3_stmt *stmt = store_stmt(db, sql, err);
	if (!stmt)
		return -1;
	sqlite3_bind_text(stmt, 1, today, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 2, modifier, -1, SQLITE_STATIC);
	int rc = sqlite3_step(stmt);
	const unsigned char *d = rc == SQLITE_ROW ? sqlite3_column_text(stmt, 0) : NULL;
	int ok = d && strlen((const char *)d) == DATE_LEN - 1;
	if (ok)
		memcpy(out, d, DATE_LEN);
	sqlite3_reset(stmt);
	if (rc != SQLITE_ROW)
		return store_fail(db, rc, "cannot work out a date", err);
	/* SQLite gives NULL past 9999-12-31 (today may be set that late):
	 * that is the input's fault, and out must not be left unset. */
	if (!ok)
		return error_set(err, ERROR_INPUT, "'%s' is not a date: it falls after "
				 "9999-12-31", s);
	return 0;
}
