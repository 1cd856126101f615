#include "config.h"

#include "core/directory.h"
#include "store/schema.h"

#include <stdlib.h>
#include <string.h>

int directory_open(const char *path, unsigned flags, struct store **out,
		   struct error *err)
{
	if (store_open(path, flags, &directory_schema, out, err) == 0)
		return 0;
	if (err && err->kind == ERROR_NOT_FOUND)
		error_set(err, ERROR_NOT_FOUND,
			  "%s: no directory here: make one with `signpost init`, "
			  "or try the sample with `signpost --demo`", path);
	return -1;
}

char *directory_name(struct store *dir)
{
	static const char sql[] = "SELECT value FROM meta WHERE key = 'name'";
	sqlite3_stmt *stmt = store_stmt(dir, sql, NULL);
	char *name = NULL;
	if (stmt && sqlite3_step(stmt) == SQLITE_ROW)
		name = strdup((const char *)sqlite3_column_text(stmt, 0));
	if (stmt)
		sqlite3_reset(stmt);
	return name;
}

int directory_set_name(struct store *dir, const char *name, struct error *err)
{
	static const char sql[] =
		"INSERT INTO meta (key, value) VALUES ('name', ?1)"
		" ON CONFLICT (key) DO UPDATE SET value = excluded.value";
	sqlite3_stmt *stmt = store_stmt(dir, sql, err);
	if (!stmt)
		return -1;
	sqlite3_bind_text(stmt, 1, name, -1, SQLITE_STATIC);
	return store_step_done(dir, stmt, err);
}
