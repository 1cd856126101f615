#include "config.h"

#include "core/backup.h"
#include "core/paths.h"
#include "store/store.h"

#include <errno.h>
#include <fcntl.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static const char *base(const char *path)
{
	const char *slash = strrchr(path, '/');
	return slash ? slash + 1 : path;
}

static char *join(const char *dir, const char *name)
{
	char *s = NULL;
	return asprintf(&s, "%s/%s", dir, name) < 0 ? NULL : s;
}

/* Copies src into dst page by page; while another process writes, the
 * copy restarts, and a busy file is waited for.  A standalone copy (a
 * backup) is one file, with no write-ahead log beside it. */
static int copy_db(const char *src_path, const char *dst_path, int standalone,
		   struct error *err)
{
	sqlite3 *src = NULL, *dst = NULL;
	int rc = sqlite3_open_v2(src_path, &src, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOFOLLOW,
				 NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_open_v2(dst_path, &dst, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE |
				     SQLITE_OPEN_NOFOLLOW, NULL);
	if (rc != SQLITE_OK) {
		error_set(err, ERROR_STORAGE, "cannot copy %s to %s: %s", src_path, dst_path,
			  sqlite3_errstr(rc));
		goto done;
	}
	store_keep_shared_wal(src, src_path);
	store_keep_shared_wal(dst, dst_path);
	sqlite3_busy_timeout(src, 10000);
	sqlite3_busy_timeout(dst, 10000);
	sqlite3_backup *b = sqlite3_backup_init(dst, "main", src, "main");
	if (!b) {
		rc = sqlite3_errcode(dst);
		error_set(err, ERROR_STORAGE, "cannot copy to %s: %s", dst_path, sqlite3_errmsg(dst));
		goto done;
	}
	int tries = 0;
	do {
		rc = sqlite3_backup_step(b, 256);
		if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED) {
			if (++tries > 400)
				break;
			struct timespec pause = { 0, 50 * 1000 * 1000 };
			nanosleep(&pause, NULL);
		}
	} while (rc == SQLITE_OK || rc == SQLITE_BUSY || rc == SQLITE_LOCKED);
	int finish = sqlite3_backup_finish(b);
	if (rc == SQLITE_DONE)
		rc = finish;
	if (rc == SQLITE_OK && standalone)
		rc = sqlite3_exec(dst, "PRAGMA journal_mode = DELETE", NULL, NULL, NULL);
	if (rc != SQLITE_OK && rc != SQLITE_DONE)
		error_set(err, ERROR_STORAGE, "cannot copy %s to %s: %s%s", src_path, dst_path,
			  sqlite3_errstr(rc), (rc & 0xff) == SQLITE_FULL ? " (the disk is full)" : "");
	else
		rc = SQLITE_OK;
done:
	sqlite3_close(dst);
	sqlite3_close(src);
	return rc == SQLITE_OK ? 0 : -1;
}

/* integrity_check of a file; 0 when it is whole. */
static int check_copy(const char *path, struct error *err)
{
	sqlite3 *db = NULL;
	sqlite3_stmt *stmt = NULL;
	int ok = 0;
	if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOFOLLOW, NULL) ==
	    SQLITE_OK &&
	    sqlite3_prepare_v2(db, "PRAGMA integrity_check", -1, &stmt, NULL) == SQLITE_OK &&
	    sqlite3_step(stmt) == SQLITE_ROW)
		ok = strcmp((const char *)sqlite3_column_text(stmt, 0), "ok") == 0;
	sqlite3_finalize(stmt);
	sqlite3_close(db);
	if (!ok)
		return error_set(err, ERROR_STORAGE, "%s: the copy does not pass SQLite's "
				 "integrity check", path);
	return 0;
}

/* Gives dst the same permission bits as src: a copy of referrals stays
 * as private as they are. */
static void same_mode(const char *src, const char *dst)
{
	struct stat st;
	if (stat(src, &st) == 0)
		chmod(dst, st.st_mode & 0770);
}

/* The two files of a directory: the directory file and the personal one
 * (NULL when there is none). */
struct pair {
	char *names[2];
};

static int make_folder(const char *dir, struct error *err)
{
	if (mkdir(dir, 0700) == 0 || errno == EEXIST)
		return 0;
	return error_set(err, errno == EACCES ? ERROR_DENIED : ERROR_STORAGE,
			 "%s: cannot make the folder: %s", dir, strerror(errno));
}

/* Makes an empty file for a copy, with no one else able to read it. */
static int make_private(const char *path, struct error *err)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (fd < 0)
		return error_set(err, errno == EEXIST ? ERROR_INPUT : ERROR_STORAGE,
				 "%s: %s", path, errno == EEXIST ? "a backup is already there; "
				 "choose an empty folder" : strerror(errno));
	close(fd);
	return 0;
}

int backup_take(const char *directory_file, const char *dest, struct strlist *written,
		struct error *err)
{
	char *personal = paths_personal_file(directory_file);
	if (!personal)
		return error_nomem(err);
	const char *sources[2] = { directory_file, personal };
	int rc = make_folder(dest, err);
	for (int i = 0; rc == 0 && i < 2; i++) {
		if (i == 1 && access(sources[i], F_OK) != 0)
			break;                 /* no referrals yet */
		char *target = join(dest, base(sources[i]));
		if (!target) {
			rc = error_nomem(err);
			break;
		}
		rc = make_private(target, err);
		if (rc < 0) {
			free(target);
			break;         /* not ours to remove */
		}
		rc = copy_db(sources[i], target, 1, err);
		if (rc == 0)
			rc = check_copy(target, err);
		if (rc == 0) {
			same_mode(sources[i], target);
			rc = strlist_add(written, target);
		} else {
			unlink(target);
		}
		free(target);
	}
	free(personal);
	return rc;
}

int backup_restore(const char *source, const char *directory_file, int force,
		   struct strlist *written, struct error *err)
{
	char *personal = paths_personal_file(directory_file);
	if (!personal)
		return error_nomem(err);
	const char *targets[2] = { directory_file, personal };
	char *copies[2] = { join(source, base(directory_file)), join(source, base(personal)) };
	int rc = copies[0] && copies[1] ? 0 : error_nomem(err);
	if (rc == 0 && access(copies[0], R_OK) != 0)
		rc = error_set(err, ERROR_NOT_FOUND, "%s: no backup of %s here (%s)", source,
			       base(directory_file), strerror(errno));
	/* Check every copy before touching anything. */
	for (int i = 0; rc == 0 && i < 2; i++) {
		if (i == 1 && access(copies[i], F_OK) != 0)
			break;
		rc = check_copy(copies[i], err);
		if (rc == 0 && !force && access(targets[i], F_OK) == 0)
			rc = error_set(err, ERROR_INPUT, "%s is there already: restoring would "
				       "replace it; give --force to do so", targets[i]);
	}
	for (int i = 0; rc == 0 && i < 2; i++) {
		if (i == 1 && access(copies[i], F_OK) != 0)
			break;
		if (access(targets[i], F_OK) != 0 && (rc = make_private(targets[i], err)) < 0)
			break;
		rc = copy_db(copies[i], targets[i], 0, err);
		if (rc == 0)
			rc = strlist_add(written, targets[i]);
	}
	free(copies[0]);
	free(copies[1]);
	free(personal);
	return rc;
}
