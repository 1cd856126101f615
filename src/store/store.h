/* store: one SQLite database file, opened hardened, its schema brought
 * up to date by forward migrations, with write transactions that are
 * all or nothing.  The directory and the personal-data file are each a
 * store with a schema of their own. */
#ifndef SIGNPOST_STORE_H
#define SIGNPOST_STORE_H

#include <sqlite3.h>
#include <sys/types.h>

#include "core/error.h"

/* A schema is an ordered list of migrations: migration i takes a
 * database from user_version i to i + 1.  Never edit a released one;
 * add the next. */
struct store_schema {
	const char *name;                 /* "directory", for messages */
	int application_id;               /* PRAGMA application_id */
	const char *const *migrations;
	int count;                        /* the current user_version */
};

enum store_flags {
	STORE_CREATE    = 1 << 0,  /* make the file when it is missing */
	STORE_READ_ONLY = 1 << 1,
};

struct store;

int store_open(const char *path, unsigned flags,
	       const struct store_schema *schema, struct store **out,
	       struct error *err);
void store_close(struct store *s);

sqlite3 *store_db(const struct store *s);
const char *store_path(const struct store *s);
int store_read_only(const struct store *s);

/* A cached prepared statement for sql, reset and with its bindings
 * cleared; sql must be a string that lives as long as the store (a
 * literal).  The store owns the statement. */
sqlite3_stmt *store_stmt(struct store *s, const char *sql, struct error *err);

/* Steps a statement that returns no rows and resets it. */
int store_step_done(struct store *s, sqlite3_stmt *stmt, struct error *err);

int store_exec(struct store *s, const char *sql, struct error *err);

/* BEGIN IMMEDIATE: a write transaction takes its lock at once, so that
 * it waits on the busy timeout instead of failing on upgrade. */
int store_begin(struct store *s, struct error *err);
int store_commit(struct store *s, struct error *err);
void store_rollback(struct store *s);

/* A read transaction, for several reads that must agree. */
int store_begin_read(struct store *s, struct error *err);

/* Fills err from the connection's last error, with what was being done;
 * returns -1. */
int store_fail(struct store *s, int rc, const char *what, struct error *err);

/* Gives a closed database file, and its -wal and -shm files, a group
 * and a mode: how a shared server lets a team use one file. */
int store_share_files(const char *path, mode_t mode, gid_t group, struct error *err);

/* The user_version a file has now, or -1. */
int store_version(struct store *s);

#endif
