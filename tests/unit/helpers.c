#include "config.h"

#include "tests/unit/helpers.h"
#include "core/bundled.h"
#include "core/directory.h"
#include "core/error.h"
#include "core/yaml_import.h"

#include <criterion/criterion.h>
#include <dirent.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char tmpdir[4096];

static void remove_tmpdir(void)
{
	if (!tmpdir[0])
		return;
	DIR *d = opendir(tmpdir);
	if (d) {
		struct dirent *e;
		while ((e = readdir(d))) {
			if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
				continue;
			char path[8192];
			snprintf(path, sizeof path, "%s/%s", tmpdir, e->d_name);
			unlink(path);
		}
		closedir(d);
	}
	rmdir(tmpdir);
	tmpdir[0] = '\0';
}

const char *th_tmpdir(void)
{
	if (tmpdir[0])
		return tmpdir;
	const char *base = getenv("TMPDIR");
	snprintf(tmpdir, sizeof tmpdir, "%s/signpost-test-XXXXXX",
		 base && *base == '/' ? base : "/tmp");
	cr_assert_not_null(mkdtemp(tmpdir), "cannot make a temporary folder");
	atexit(remove_tmpdir);
	setlocale(LC_ALL, "C.UTF-8");
	return tmpdir;
}

char *th_path(const char *name)
{
	char *p = NULL;
	cr_assert(asprintf(&p, "%s/%s", th_tmpdir(), name) >= 0);
	return p;
}

char *th_data(const char *name)
{
	const char *dir = getenv("SIGNPOST_TESTDATA");
	cr_assert_not_null(dir, "SIGNPOST_TESTDATA is not set (run the tests with make check)");
	char *p = NULL;
	cr_assert(asprintf(&p, "%s/%s", dir, name) >= 0);
	return p;
}

struct store *th_directory_empty(void)
{
	char *path = th_path("directory.db");
	struct store *dir = NULL;
	struct error err = ERROR_INIT;
	int rc = directory_open(path, STORE_CREATE, &dir, &err);
	cr_assert_eq(rc, 0, "cannot make a directory: %s", error_message(&err));
	free(path);
	return dir;
}

struct store *th_directory_taxonomy(void)
{
	struct store *dir = th_directory_empty();
	struct error err = ERROR_INIT;
	int rc = bundled_import(dir, BUNDLED_TAXONOMY, "tester", &err);
	cr_assert_eq(rc, 0, "cannot load the bundled taxonomy: %s", error_message(&err));
	return dir;
}

struct store *th_directory_fixture(void)
{
	struct store *dir = th_directory_empty();
	th_import_data(dir, "fixture.yaml");
	return dir;
}

void th_import_text(struct store *dir, const char *yaml)
{
	struct import_options opt = { .dry_run = 0, .who = "tester" };
	struct import_report report;
	struct error err = ERROR_INIT;
	int rc = import_buffer(dir, "test.yaml", yaml, strlen(yaml), &opt, &report, &err);
	cr_assert_eq(rc, 0, "import failed: %s", error_message(&err));
	import_report_free(&report);
}

void th_import_data(struct store *dir, const char *name)
{
	char *path = th_data(name);
	struct import_options opt = { .dry_run = 0, .who = "tester" };
	struct import_report report;
	struct error err = ERROR_INIT;
	int rc = import_file(dir, path, &opt, &report, &err);
	cr_assert_eq(rc, 0, "import of %s failed: %s", name, error_message(&err));
	import_report_free(&report);
	free(path);
}

char *th_read_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	char *data = NULL;
	size_t len = 0;
	FILE *mem = open_memstream(&data, &len);
	char buf[65536];
	size_t n;
	while ((n = fread(buf, 1, sizeof buf, f)) > 0)
		fwrite(buf, 1, n, mem);
	fclose(f);
	fclose(mem);
	return data;
}

long th_count(struct store *dir, const char *sql)
{
	sqlite3_stmt *stmt;
	cr_assert_eq(sqlite3_prepare_v2(store_db(dir), sql, -1, &stmt, NULL), SQLITE_OK,
		     "bad test query %s: %s", sql, sqlite3_errmsg(store_db(dir)));
	cr_assert_eq(sqlite3_step(stmt), SQLITE_ROW, "no row from %s", sql);
	long n = (long)sqlite3_column_int64(stmt, 0);
	sqlite3_finalize(stmt);
	return n;
}
