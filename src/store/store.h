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
	/* SQL functions the migrations call (a column the core computes,
	 * filled for the rows already there), registered on the
	 * connection before migrating; returns an SQLite code.  NULL for
	 * none. */
	int (*functions)(sqlite3 *db);
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

/* Whether this account could change the file at path (or make it): it
 * may write the file, and the folder that holds it, where SQLite makes
 * the -wal and -shm files (or they are kept there already).  A command
 * that only reads opens a file it could not change STORE_READ_ONLY. */
int store_writable(const char *path);

sqlite3 *store_db(const struct store *s);
const char *store_path(const struct store *s);
int store_read_only(const struct store *s);
/* Opened read-only in a folder this account may not write in, with no
 * -wal there: read as it is (SQLite's immutable), without locks.  A file
 * attached to it must be opened the same way. */
int store_immutable(const struct store *s);

/* A cached prepared statement for sql, reset and with its bindings
 * cleared; sql must be a string that lives as long as the store (a
 * literal).  The store owns the statement. */
sqlite3_stmt *store_stmt(struct store *s, const char *sql, struct error *err);

/* A copy of a text column, or NULL for SQL NULL; when out of memory,
 * NULL with *failed set (so a row is read in full, then judged once). */
char *store_column_dup(sqlite3_stmt *stmt, int col, int *failed);

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

/* Who is using the store, for the core's checks of what their role
 * allows (see core/access.h).  The store does not own the actor, which
 * must outlive it; NULL (the default) is the program itself. */
struct actor;
void store_set_actor(struct store *s, const struct actor *a);
const struct actor *store_actor(const struct store *s);

/* A file a group shares keeps its -wal and -shm files between uses,
 * whoever opens it (signpost, doctor, backup): they are made once, with
 * the group and mode of the database; were SQLite to delete and remake
 * them, they would take the group of whoever came next, locking the
 * team out, or letting the wrong group read them. */
void store_keep_shared_wal(sqlite3 *db, const char *path);

/* The user_version a file has now, or -1. */
int store_version(struct store *s);

#endif
