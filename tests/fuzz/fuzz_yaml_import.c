/* Fuzzes YAML import: import_buffer (src/core/yaml_import.h), and with
 * it the bounded YAML reader (yaml_doc.c), the asset checks and the
 * store, on a directory file made once per process with the bundled
 * taxonomy loaded.  Each input is imported as a dry run (checked, then
 * rolled back), so every input meets the same directory.
 *
 * Input: the text of a YAML file.
 *
 * Properties:
 * - the import returns 0 or -1; on -1 the error is ERROR_INPUT with a
 *   message;
 * - SQLite refuses nothing: the checks must refuse a bad value before a
 *   constraint of the schema does (SQLite's error log, which sees every
 *   failed statement, must stay silent of constraint failures);
 * - the report's tallies add up to its entries, each with a valid id,
 *   and a failed import leaves the report empty;
 * - no transaction is left open, and the directory is unchanged. */
#include "config.h"

#include "tests/fuzz/fuzz.h"
#include "core/error.h"
#include "core/slug.h"
#include "core/yaml_import.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static struct store *dir;
static long needs_before, assets_before;

/* The last constraint failure SQLite logged, if any. */
static int constraint_failed;
static char constraint_message[512];

static void sqlite_log(void *ctx, int code, const char *msg)
{
	(void)ctx;
	if ((code & 0xff) == SQLITE_CONSTRAINT && !constraint_failed) {
		constraint_failed = 1;
		snprintf(constraint_message, sizeof constraint_message, "%s", msg);
	}
}

static long count(const char *sql)
{
	sqlite3_stmt *stmt;
	long n = -1;
	if (sqlite3_prepare_v2(store_db(dir), sql, -1, &stmt, NULL) != SQLITE_OK)
		fuzz_fail("cannot prepare %s", sql);
	if (sqlite3_step(stmt) == SQLITE_ROW)
		n = (long)sqlite3_column_int64(stmt, 0);
	sqlite3_finalize(stmt);
	return n;
}

static const char needs_sql[] = "SELECT count(*) FROM need";
static const char assets_sql[] = "SELECT count(*) FROM asset";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_setup();
	if (!dir) {
		/* Before SQLite starts: the log is set once per process. */
		if (sqlite3_config(SQLITE_CONFIG_LOG, sqlite_log, NULL) != SQLITE_OK)
			fuzz_fail("cannot set SQLite's error log");
		dir = fuzz_directory("import.db", NULL);
		needs_before = count(needs_sql);
		assets_before = count(assets_sql);
	}
	constraint_failed = 0;
	struct import_options opt = { .dry_run = 1, .who = "fuzzer" };
	struct import_report report;
	struct error err = ERROR_INIT;
	int rc = import_buffer(dir, "fuzz.yaml", (const char *)data, size, &opt,
			       &report, &err);
	if (rc == 0) {
		FUZZ_CHECK(err.kind == ERROR_NONE, "imported, with an error set");
		size_t sum = 0;
		for (int w = 0; w < 4; w++)
			for (int c = 0; c < 3; c++)
				sum += report.tally[w][c];
		FUZZ_CHECK(sum == report.count, "tallies %zu, entries %zu", sum,
			   report.count);
		for (size_t i = 0; i < report.count; i++)
			FUZZ_CHECK(report.entry[i].id && slug_valid(report.entry[i].id),
				   "entry %zu has no valid id", i);
	} else {
		FUZZ_CHECK(rc == -1, "import_buffer returned %d", rc);
		FUZZ_CHECK(err.kind == ERROR_INPUT && err.message,
			   "failed with kind %d: %s", err.kind, error_message(&err));
		FUZZ_CHECK(report.count == 0 && !report.entry,
			   "a failed import kept its report");
	}
	FUZZ_CHECK(!constraint_failed, "the database refused what the checks let "
		   "through: %s", constraint_message);
	FUZZ_CHECK(sqlite3_get_autocommit(store_db(dir)),
		   "the import left a transaction open");
	import_report_free(&report);
	error_clear(&err);
	FUZZ_CHECK(count(needs_sql) == needs_before && count(assets_sql) == assets_before,
		   "a dry run changed the directory");
	return 0;
}
