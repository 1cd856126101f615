#include "config.h"

#include "store/store.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <time.h>
#include <unistd.h>

/* How long a writer waits for another before it gives up. */
enum { BUSY_TIMEOUT_MS = 10000 };

struct cached_stmt {
	const char *sql;
	sqlite3_stmt *stmt;
};

struct store {
	sqlite3 *db;
	char *path;
	int read_only;
	int immutable;          /* read as it is, without locks (a read-only folder) */
	const struct store_schema *schema;
	struct cached_stmt *cache;
	size_t cache_count;
	size_t cache_cap;
	const struct actor *actor;
};

void store_set_actor(struct store *s, const struct actor *a)
{
	s->actor = a;
}

const struct actor *store_actor(const struct store *s)
{
	return s->actor;
}

char *store_column_dup(sqlite3_stmt *stmt, int col, int *failed)
{
	const unsigned char *s = sqlite3_column_text(stmt, col);
	if (!s)
		return NULL;
	char *copy = strdup((const char *)s);
	if (!copy)
		*failed = 1;
	return copy;
}

void store_keep_shared_wal(sqlite3 *db, const char *path)
{
	struct stat st;
	if (stat(path, &st) == 0 && (st.st_mode & 0060)) {
		int persist = 1;
		sqlite3_file_control(db, "main", SQLITE_FCNTL_PERSIST_WAL, &persist);
	}
}

sqlite3 *store_db(const struct store *s)
{
	return s->db;
}

const char *store_path(const struct store *s)
{
	return s->path;
}

int store_read_only(const struct store *s)
{
	return s->read_only;
}

int store_immutable(const struct store *s)
{
	return s->immutable;
}

static enum error_kind kind_of(int rc)
{
	switch (rc & 0xff) {
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		return ERROR_BUSY;
	case SQLITE_NOMEM:
		return ERROR_NOMEM;
	case SQLITE_READONLY:
	case SQLITE_PERM:
	case SQLITE_AUTH:
		return ERROR_DENIED;
	case SQLITE_CONSTRAINT:
		return ERROR_INPUT;
	default:
		return ERROR_STORAGE;
	}
}

/* Why a write failed with "disk I/O error".  SQLite says no more when
 * a write fails for want of room, and the error number it keeps is often
 * that of a later call; so look at the limits themselves. */
static const char *io_advice(const char *path, int sys_errno)
{
	static const char full[] =
		" (the disk is full; free some space and try again; nothing was changed)";
	struct rlimit limit;
	if (sys_errno == EFBIG ||
	    (getrlimit(RLIMIT_FSIZE, &limit) == 0 && limit.rlim_cur != RLIM_INFINITY))
		return " (the disk is full, or a file reached the largest size this "
		       "process may write, `ulimit -f`: free some space or raise the "
		       "limit, and try again; nothing was changed)";
	if (sys_errno == ENOSPC)
		return full;
#ifdef EDQUOT
	if (sys_errno == EDQUOT)
		return " (this account's disk quota is used up; free some space and "
		       "try again; nothing was changed)";
#endif
	struct statvfs fs;
	if (path && statvfs(path, &fs) == 0 &&
	    (unsigned long long)fs.f_bavail * fs.f_frsize < 4u << 20)
		return full;
	return " (the disk failed; run `signpost doctor`)";
}

/* What a person can do about each failure, in one line. */
static const char *advice_for(int rc, const char *path, int sys_errno)
{
	switch (rc & 0xff) {
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		return " (another process held the database longer than the 10 s "
		       "signpost waits; try again)";
	case SQLITE_IOERR:
		return io_advice(path, sys_errno);
	case SQLITE_FULL:
		return " (the disk is full; free some space and try again; nothing was changed)";
	case SQLITE_READONLY:
		return " (the database file or its folder is read-only)";
	case SQLITE_CORRUPT:
	case SQLITE_NOTADB:
		return " (run `signpost doctor`, and `signpost restore` from a backup)";
	default:
		return "";
	}
}

int store_fail(struct store *s, int rc, const char *what, struct error *err)
{
	if ((rc & 0xff) == SQLITE_NOMEM)
		return error_nomem(err);
	const char *msg = s && s->db ? sqlite3_errmsg(s->db) : sqlite3_errstr(rc);
	int sys_errno = s && s->db ? sqlite3_system_errno(s->db) : 0;
	return error_set(err, kind_of(rc), "%s: %s: %s%s",
			 s ? s->path : "database", what, msg,
			 advice_for(rc, s ? s->path : NULL, sys_errno));
}

int store_exec(struct store *s, const char *sql, struct error *err)
{
	int rc = sqlite3_exec(s->db, sql, NULL, NULL, NULL);
	if (rc != SQLITE_OK)
		return store_fail(s, rc, "cannot run a statement", err);
	return 0;
}

sqlite3_stmt *store_stmt(struct store *s, const char *sql, struct error *err)
{
	for (size_t i = 0; i < s->cache_count; i++) {
		if (s->cache[i].sql == sql) {
			sqlite3_stmt *stmt = s->cache[i].stmt;
			sqlite3_reset(stmt);
			sqlite3_clear_bindings(stmt);
			return stmt;
		}
	}
	if (s->cache_count == s->cache_cap) {
		size_t cap = s->cache_cap ? s->cache_cap * 2 : 32;
		struct cached_stmt *c = realloc(s->cache, cap * sizeof *c);
		if (!c) {
			error_nomem(err);
			return NULL;
		}
		s->cache = c;
		s->cache_cap = cap;
	}
	sqlite3_stmt *stmt;
	int rc = sqlite3_prepare_v3(s->db, sql, -1, SQLITE_PREPARE_PERSISTENT,
				    &stmt, NULL);
	if (rc != SQLITE_OK) {
		store_fail(s, rc, "cannot prepare a query", err);
		return NULL;
	}
	s->cache[s->cache_count].sql = sql;
	s->cache[s->cache_count].stmt = stmt;
	s->cache_count++;
	return stmt;
}

int store_step_done(struct store *s, sqlite3_stmt *stmt, struct error *err)
{
	int rc = sqlite3_step(stmt);
	sqlite3_reset(stmt);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW)
		return store_fail(s, rc, "cannot write", err);
	return 0;
}

int store_begin(struct store *s, struct error *err)
{
	if (s->read_only)
		return error_set(err, ERROR_DENIED,
				 "%s: opened read-only; cannot change it", s->path);
	int rc = sqlite3_exec(s->db, "BEGIN IMMEDIATE", NULL, NULL, NULL);
	if (rc != SQLITE_OK)
		return store_fail(s, rc, "cannot start a change", err);
	return 0;
}

int store_begin_read(struct store *s, struct error *err)
{
	int rc = sqlite3_exec(s->db, "BEGIN", NULL, NULL, NULL);
	if (rc != SQLITE_OK)
		return store_fail(s, rc, "cannot read", err);
	return 0;
}

int store_commit(struct store *s, struct error *err)
{
	int rc = sqlite3_exec(s->db, "COMMIT", NULL, NULL, NULL);
	if (rc != SQLITE_OK) {
		store_fail(s, rc, "cannot save the change", err);
		store_rollback(s);
		return -1;
	}
	return 0;
}

void store_rollback(struct store *s)
{
	if (!sqlite3_get_autocommit(s->db))
		sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
}

static int pragma_int(sqlite3 *db, const char *sql)
{
	sqlite3_stmt *stmt;
	int value = -1;
	if (sqlite3_prepare_v2(db, sql, -1, &stmt, NULL) != SQLITE_OK)
		return -1;
	if (sqlite3_step(stmt) == SQLITE_ROW)
		value = sqlite3_column_int(stmt, 0);
	sqlite3_finalize(stmt);
	return value;
}

int store_version(struct store *s)
{
	return pragma_int(s->db, "PRAGMA user_version");
}

/* SQLite would create the file with 0644 less the umask; referral data
 * must not be readable by others, so make it ourselves, 0600 exactly.
 * Messages call it name. */
static int create_private_file(const char *path, const char *name, struct error *err)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
		      0600);
	if (fd < 0) {
		if (errno == EEXIST)
			return 0;
		return error_set(err, errno == EACCES ? ERROR_DENIED : ERROR_STORAGE,
				 "%s: cannot create: %s", name, strerror(errno));
	}
	int rc = fchmod(fd, 0600);
	int saved = errno;
	close(fd);
	if (rc < 0)
		return error_set(err, ERROR_STORAGE, "%s: cannot set its mode: %s",
				 name, strerror(saved));
	return 0;
}

/* Switching a file to WAL needs a moment alone with it, and SQLite does
 * not wait on the busy timeout for that: when several processes open a
 * new file at once, wait here instead.  A file already in WAL needs no
 * switch, so this costs nothing after the first time. */
static int use_wal(struct store *s, struct error *err)
{
	sqlite3_stmt *stmt;
	int rc = sqlite3_prepare_v2(s->db, "PRAGMA journal_mode", -1, &stmt, NULL);
	int wal = 0;
	if (rc == SQLITE_OK && (rc = sqlite3_step(stmt)) == SQLITE_ROW)
		wal = strcmp((const char *)sqlite3_column_text(stmt, 0), "wal") == 0;
	sqlite3_finalize(stmt);
	/* Not a database, damaged, or not readable here: say that, not that
	 * the switch failed. */
	if (rc != SQLITE_OK && rc != SQLITE_ROW)
		return store_fail(s, sqlite3_extended_errcode(s->db), "cannot read it", err);
	for (int waited = 0; !wal; waited += 20) {
		rc = sqlite3_exec(s->db, "PRAGMA journal_mode = WAL", NULL, NULL, NULL);
		if (rc == SQLITE_OK)
			break;
		if ((rc & 0xff) != SQLITE_BUSY || waited >= BUSY_TIMEOUT_MS)
			return store_fail(s, rc, "cannot switch to write-ahead logging", err);
		struct timespec pause = { 0, 20 * 1000 * 1000 };
		nanosleep(&pause, NULL);
	}
	return 0;
}

static int harden(struct store *s, struct error *err)
{
	static const int off[] = {
		SQLITE_DBCONFIG_TRUSTED_SCHEMA,
		SQLITE_DBCONFIG_ENABLE_LOAD_EXTENSION,
		SQLITE_DBCONFIG_DQS_DML,
		SQLITE_DBCONFIG_DQS_DDL,
	};
	for (size_t i = 0; i < sizeof off / sizeof off[0]; i++)
		sqlite3_db_config(s->db, off[i], 0, (int *)NULL);
	sqlite3_db_config(s->db, SQLITE_DBCONFIG_DEFENSIVE, 1, (int *)NULL);
	sqlite3_busy_timeout(s->db, BUSY_TIMEOUT_MS);
	store_keep_shared_wal(s->db, s->path);
	/* Debian builds with recursive triggers on; ours do not expect it. */
	const char *sql =
		"PRAGMA foreign_keys = ON;"
		"PRAGMA recursive_triggers = OFF;"
		"PRAGMA cell_size_check = ON;"
		"PRAGMA mmap_size = 0;";
	if (store_exec(s, sql, err) < 0)
		return -1;
	if (s->read_only)
		return 0;
	if (use_wal(s, err) < 0)
		return -1;
	return store_exec(s, "PRAGMA synchronous = NORMAL;", err);
}

/* What a file says of itself, read in one transaction, so that another
 * process's migration cannot land between the readings. */
struct file_state {
	int version;
	int app;
	int tables;
};

static int read_state(struct store *s, struct file_state *st, int in_transaction,
		      struct error *err)
{
	if (!in_transaction && store_begin_read(s, err) < 0)
		return -1;
	st->version = store_version(s);
	st->app = pragma_int(s->db, "PRAGMA application_id");
	st->tables = pragma_int(s->db, "SELECT count(*) FROM sqlite_schema");
	int rc = 0;
	/* Said before the rollback, which would clear SQLite's message. */
	if (st->version < 0 || st->tables < 0)
		rc = store_fail(s, sqlite3_extended_errcode(s->db),
				"cannot read the schema version", err);
	if (!in_transaction)
		store_rollback(s);
	return rc;
}

/* Whose file it is comes first: another program's database with a
 * user_version of its own is neither "newer" nor ours to migrate.  Every
 * signpost file has our application_id from its first migration on, so
 * one without it that has a version or tables belongs to someone else. */
static int judge(struct store *s, const struct file_state *st, struct error *err)
{
	const struct store_schema *schema = s->schema;
	if (st->app != 0 && st->app != schema->application_id)
		return error_set(err, ERROR_INPUT,
				 "%s: this is not a signpost %s (it belongs to another program)",
				 s->path, schema->name);
	if (st->app == 0 && (st->version > 0 || st->tables > 0))
		return error_set(err, ERROR_INPUT,
				 "%s: this SQLite database is not a signpost %s",
				 s->path, schema->name);
	if (st->version > schema->count)
		return error_set(err, ERROR_VERSION,
				 "%s: this %s was made by a newer signpost (schema version %d; "
				 "this signpost knows up to %d): upgrade signpost to open it",
				 s->path, schema->name, st->version, schema->count);
	return 0;
}

static int migrate(struct store *s, struct error *err)
{
	const struct store_schema *schema = s->schema;
	struct file_state st;
	if (read_state(s, &st, 0, err) < 0 || judge(s, &st, err) < 0)
		return -1;
	if (st.version == schema->count)
		return 0;
	if (s->read_only)
		return error_set(err, ERROR_VERSION,
				 "%s: this %s needs upgrading from schema version %d to %d, "
				 "and it is open read-only: open it once with write access",
				 s->path, schema->name, st.version, schema->count);

	if (store_begin(s, err) < 0)
		return -1;
	/* Again under the write lock: another process may have made or
	 * migrated it while we waited. */
	if (read_state(s, &st, 1, err) < 0 || judge(s, &st, err) < 0) {
		store_rollback(s);
		return -1;
	}
	int rc = schema->functions ? schema->functions(s->db) : SQLITE_OK;
	if (rc != SQLITE_OK) {
		store_fail(s, rc, "cannot prepare the migration", err);
		store_rollback(s);
		return -1;
	}
	for (int i = st.version; i < schema->count; i++) {
		if (store_exec(s, schema->migrations[i], err) < 0) {
			store_rollback(s);
			return error_prefix(err, "migrating the %s to schema version %d",
					    schema->name, i + 1);
		}
	}
	char sql[96];
	snprintf(sql, sizeof sql, "PRAGMA user_version = %d; PRAGMA application_id = %d;",
		 schema->count, schema->application_id);
	if (store_exec(s, sql, err) < 0) {
		store_rollback(s);
		return -1;
	}
	return store_commit(s, err);
}

/* SQLite, once a process, before its first connection.  No bulk page
 * cache: by default each new cache takes ~90 KB at once, and so does
 * every temporary b-tree a statement builds (a CHECK's IN list, on each
 * insert of an asset): malloc hands that out from the top of the heap
 * and gives it back to the system at each free, so an import of
 * 200,000 assets spent a tenth of its time in brk and page faults.
 * Pages are taken one at a time instead.  (Once SQLite is initialised,
 * as a test may have done, the call fails harmlessly.) */
static void configure_sqlite(void)
{
	static int done;
	if (done)
		return;
	done = 1;
	sqlite3_config(SQLITE_CONFIG_PAGECACHE, NULL, 0, 0);
	/* No connection is shared between threads: without its mutexes a
	 * report reading a million rows runs 15% fewer instructions
	 * (locking on every step and column was that much; issue 9). */
	sqlite3_config(SQLITE_CONFIG_MULTITHREAD);
	sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}

static int sibling_exists(const char *path, const char *suffix)
{
	char file[PATH_MAX];
	int n = snprintf(file, sizeof file, "%s%s", path, suffix);
	return n > 0 && (size_t)n < sizeof file && access(file, F_OK) == 0;
}

/* A new file's first changes may all be in its -wal still. */
static int wal_has_content(const char *path)
{
	char file[PATH_MAX];
	struct stat st;
	int n = snprintf(file, sizeof file, "%s-wal", path);
	return n > 0 && (size_t)n < sizeof file && stat(file, &st) == 0 && st.st_size > 0;
}

/* Whether this account may make files in the folder that holds path. */
static int folder_writable(const char *path)
{
	const char *slash = strrchr(path, '/');
	if (!slash)
		return access(".", W_OK) == 0;
	if (slash == path)
		return access("/", W_OK) == 0;
	char *folder = strndup(path, (size_t)(slash - path));
	if (!folder)
		return 1;       /* SQLite will say what goes wrong */
	int ok = access(folder, W_OK) == 0;
	free(folder);
	return ok;
}

int store_writable(const char *path)
{
	if (access(path, F_OK) != 0)
		return folder_writable(path);
	if (access(path, W_OK) != 0)
		return 0;
	/* A shared file keeps its -wal and -shm in a folder the group may
	 * not write (see store_share_files). */
	return folder_writable(path) ||
	       (sibling_exists(path, "-wal") && sibling_exists(path, "-shm"));
}

/* "file:" and the path, for sqlite3_open_v2 with SQLITE_OPEN_URI. */
static char *uri_for(const char *path, const char *query)
{
	size_t n = strlen(path);
	char *uri = malloc(5 + 2 + 3 * n + strlen(query) + 1);
	if (!uri)
		return NULL;
	char *p = uri;
	p += sprintf(p, "file:%s", path[0] == '/' ? "//" : "");
	for (const unsigned char *c = (const unsigned char *)path; *c; c++) {
		if (*c == '%' || *c == '?' || *c == '#' || *c < 0x20 || *c == 0x7f)
			p += sprintf(p, "%%%02X", *c);
		else
			*p++ = (char)*c;
	}
	strcpy(p, query);
	return uri;
}

static int open_store(const char *path, unsigned flags, int fresh,
		      const struct store_schema *schema, struct store **out,
		      struct error *err)
{
	*out = NULL;
	struct store *s = calloc(1, sizeof *s);
	if (!s || !(s->path = strdup(path))) {
		free(s);
		return error_nomem(err);
	}
	s->schema = schema;
	s->read_only = !!(flags & STORE_READ_ONLY);

	struct stat st;
	if (stat(path, &st) < 0) {
		/* (store_open() has made it, for STORE_CREATE.) */
		error_set(err, errno == ENOENT ? ERROR_NOT_FOUND : ERROR_STORAGE,
			  "%s: no %s here (%s)", path, schema->name, strerror(errno));
		goto fail;
	} else if (!S_ISREG(st.st_mode)) {
		error_set(err, ERROR_INPUT, "%s: not a regular file", path);
		goto fail;
	} else if (st.st_size == 0 && !fresh && !wal_has_content(path)) {
		/* SQLite would take it for a new database and make it one:
		 * a file cut to nothing would pass for an empty directory. */
		error_set(err, ERROR_STORAGE, "%s: the file is empty, so it was cut "
			  "short or is not a signpost %s (run `signpost doctor`, and "
			  "`signpost restore` from a backup)", path, schema->name);
		goto fail;
	} else if (access(path, s->read_only ? R_OK : R_OK | W_OK) != 0) {
		/* Said plainly here: SQLite would only say it cannot open it. */
		if (!s->read_only && access(path, R_OK) == 0)
			error_set(err, ERROR_DENIED, "%s: the file is read-only for this "
				  "account, so it cannot be changed (reading still works; "
				  "ask whoever looks after it for write access)", path);
		else
			error_set(err, ERROR_DENIED, "%s: this account may not %s it", path,
				  s->read_only ? "read" : "read and write");
		goto fail;
	}

	/* SQLite makes a -wal and a -shm file beside the database while it
	 * is in use, so a folder this account may not write in stops it
	 * (unless they are kept there, as for a shared file). */
	char *uri = NULL;
	if (!folder_writable(path)) {
		if (!s->read_only &&
		    !(sibling_exists(path, "-wal") && sibling_exists(path, "-shm"))) {
			error_set(err, ERROR_DENIED, "%s: the folder that holds it is "
				  "read-only for this account, and signpost must make its "
				  "-wal and -shm files there to change it; nothing was changed "
				  "(reading still works; ask whoever looks after it for write "
				  "access to the folder)", path);
			goto fail;
		}
		/* Reading, with no -wal there: no one is changing it (a writer
		 * makes one) and the file holds every change, so read it as it
		 * is, without the locks that would need a -shm file. */
		if (s->read_only && !sibling_exists(path, "-wal")) {
			if (!(uri = uri_for(path, "?immutable=1"))) {
				error_nomem(err);
				goto fail;
			}
			s->immutable = 1;
		}
	}

	configure_sqlite();
	int open_flags = SQLITE_OPEN_NOFOLLOW | SQLITE_OPEN_EXRESCODE |
		(s->read_only ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE) |
		(uri ? SQLITE_OPEN_URI : 0);
	int rc = sqlite3_open_v2(uri ? uri : path, &s->db, open_flags, NULL);
	free(uri);
	if (rc != SQLITE_OK) {
		store_fail(s, rc, "cannot open", err);
		goto fail;
	}
	sqlite3_extended_result_codes(s->db, 1);
	if (harden(s, err) < 0 || migrate(s, err) < 0)
		goto fail;
	*out = s;
	return 0;
fail:
	store_close(s);
	return -1;
}

/* A new file is made under another name and put in place whole, with
 * its schema: so an empty file where a store should be is always one cut
 * short, never one a process was killed while making. */
static int create_whole(const char *path, const struct store_schema *schema,
			struct error *err)
{
	char tmp[PATH_MAX];
	int n = snprintf(tmp, sizeof tmp, "%s.new-%ld", path, (long)getpid());
	if (n < 0 || (size_t)n >= sizeof tmp)
		return error_set(err, ERROR_INPUT, "%s: the path is too long", path);
	unlink(tmp);            /* left by a process of this pid, long gone */
	if (create_private_file(tmp, path, err) < 0)
		return -1;
	struct store *s;
	if (open_store(tmp, 0, 1, schema, &s, err) < 0) {
		unlink(tmp);
		return -1;
	}
	store_close(s);
	/* link(), not rename(): a file another process made meanwhile stays. */
	int rc = link(tmp, path);
	int saved = errno;
	if (rc < 0 && saved != EEXIST && access(path, F_OK) != 0) {
		/* A file system without hard links. */
		rc = rename(tmp, path);
		saved = errno;
	}
	unlink(tmp);
	if (rc < 0 && saved != EEXIST)
		return error_set(err, ERROR_STORAGE, "%s: cannot create: %s", path,
				 strerror(saved));
	return 0;
}

int store_open(const char *path, unsigned flags,
	       const struct store_schema *schema, struct store **out,
	       struct error *err)
{
	if ((flags & STORE_CREATE) && !(flags & STORE_READ_ONLY) &&
	    access(path, F_OK) != 0 && errno == ENOENT &&
	    create_whole(path, schema, err) < 0) {
		*out = NULL;
		return -1;
	}
	return open_store(path, flags, 0, schema, out, err);
}

int store_share_files(const char *path, mode_t mode, gid_t group, struct error *err)
{
	static const char *const suffixes[] = { "", "-wal", "-shm" };
	for (size_t i = 0; i < sizeof suffixes / sizeof suffixes[0]; i++) {
		char file[PATH_MAX];
		int n = snprintf(file, sizeof file, "%s%s", path, suffixes[i]);
		if (n < 0 || (size_t)n >= sizeof file)
			return error_set(err, ERROR_INPUT, "%s: the path is too long", path);
		if (access(file, F_OK) != 0 && i > 0)
			continue;
		if (chown(file, (uid_t)-1, group) < 0 || chmod(file, mode) < 0)
			return error_set(err, errno == EPERM ? ERROR_DENIED : ERROR_STORAGE,
					 "%s: cannot set its group and mode: %s%s", file,
					 strerror(errno), errno == EPERM ? " (you must belong to "
					 "the group, or be root)" : "");
	}
	return 0;
}

void store_close(struct store *s)
{
	if (!s)
		return;
	for (size_t i = 0; i < s->cache_count; i++)
		sqlite3_finalize(s->cache[i].stmt);
	free(s->cache);
	if (s->db)
		sqlite3_close(s->db);
	free(s->path);
	free(s);
}
