/* Tests of the YAML importer: what a good file writes and reports, what
 * --dry-run leaves alone, the exact message for each kind of bad file,
 * hostile files that must fail fast, the taxonomy's hierarchy, and the
 * search index kept in step.
 *
 * The bad files are tests/data/bad-*.yaml.  Each is imported into a
 * directory that already holds tests/data/import-base.yaml, and the
 * whole database is compared before and after: a refused file must
 * leave no trace at all. */
#include "config.h"

#include "tests/unit/helpers.h"
#include "core/asset.h"
#include "core/asset_store.h"
#include "core/bundled.h"
#include "core/directory.h"
#include "core/error.h"
#include "core/ahead.h"
#include "core/idset.h"
#include "core/search.h"
#include "core/strbuf.h"
#include "core/taxonomy.h"
#include "core/yaml_import.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- Helpers ---------------------------------------------------------- */

/* The sample's verified dates run to late November 2026, and a date in
 * the future is refused: pin "today" to the sample's own (see the head
 * of data/sample-directory.yaml), so the tests do not depend on the
 * clock. */
static void pin_today(void)
{
	setenv("SIGNPOST_TODAY", "2026-11-23", 1);
}

/* Imports text as "test.yaml" by "tester", as th_import_text does, but
 * hands back the result, the report and the error. */
static int import_text(struct store *dir, const char *text, int dry_run,
		       struct import_report *report, struct error *err)
{
	struct import_options opt = { .dry_run = dry_run, .who = "tester" };
	return import_buffer(dir, "test.yaml", text, strlen(text), &opt, report, err);
}

/* The same for a file; path is used as given (and so in messages). */
static int import_path(struct store *dir, const char *path, int dry_run,
		       struct import_report *report, struct error *err)
{
	struct import_options opt = { .dry_run = dry_run, .who = "tester" };
	return import_file(dir, path, &opt, report, err);
}

/* Every table of the directory, each as one text (all its rows in key
 * order), so that "the database did not change" is a comparison of
 * texts, and a failure can say which table changed. */
static const struct {
	const char *table;
	const char *sql;
} dump_sql[] = {
	{ "meta", "SELECT * FROM meta ORDER BY 1" },
	{ "need", "SELECT * FROM need ORDER BY 1" },
	{ "need_tree", "SELECT * FROM need_tree ORDER BY 1, 2" },
	{ "sector", "SELECT * FROM sector ORDER BY 1" },
	{ "locality", "SELECT * FROM locality ORDER BY 1" },
	{ "locality_tree", "SELECT * FROM locality_tree ORDER BY 1, 2" },
	{ "organisation", "SELECT * FROM organisation ORDER BY 1" },
	{ "asset", "SELECT * FROM asset ORDER BY 1" },
	{ "asset_need", "SELECT * FROM asset_need ORDER BY 1, 2" },
	{ "asset_locality", "SELECT * FROM asset_locality ORDER BY 1, 2" },
	{ "asset_session", "SELECT * FROM asset_session ORDER BY 1, 2" },
	{ "asset_version", "SELECT * FROM asset_version ORDER BY 1, 2" },
	{ "asset_fts", "SELECT rowid, * FROM asset_fts ORDER BY rowid" },
};
enum { DUMP_TABLES = sizeof dump_sql / sizeof dump_sql[0] };

struct snapshot {
	char *table[DUMP_TABLES];
};

static char *dump_table(struct store *dir, const char *sql)
{
	sqlite3 *db = store_db(dir);
	sqlite3_stmt *stmt;
	cr_assert_eq(sqlite3_prepare_v2(db, sql, -1, &stmt, NULL), SQLITE_OK,
		     "%s: %s", sql, sqlite3_errmsg(db));
	struct strbuf sb = STRBUF_INIT;
	int rc;
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		for (int c = 0; c < sqlite3_column_count(stmt); c++) {
			const unsigned char *v = sqlite3_column_text(stmt, c);
			/* Unit and record separators cannot occur in the data. */
			strbuf_printf(&sb, "%s\x1f", v ? (const char *)v : "<NULL>");
		}
		strbuf_putc(&sb, '\x1e');
	}
	cr_assert_eq(rc, SQLITE_DONE, "%s: %s", sql, sqlite3_errmsg(db));
	sqlite3_finalize(stmt);
	char *s = strbuf_detach(&sb);
	cr_assert_not_null(s);
	return s;
}

static void snapshot_take(struct store *dir, struct snapshot *s)
{
	for (size_t i = 0; i < DUMP_TABLES; i++)
		s->table[i] = dump_table(dir, dump_sql[i].sql);
}

static void snapshot_free(struct snapshot *s)
{
	for (size_t i = 0; i < DUMP_TABLES; i++)
		free(s->table[i]);
}

/* Asserts that dir holds exactly what it held when before was taken. */
static void assert_unchanged(struct store *dir, const struct snapshot *before)
{
	struct snapshot after;
	snapshot_take(dir, &after);
	for (size_t i = 0; i < DUMP_TABLES; i++)
		cr_assert_str_eq(after.table[i], before->table[i],
				 "table %s changed", dump_sql[i].table);
	snapshot_free(&after);
}

/* A directory holding tests/data/import-base.yaml: three needs, two
 * sectors, two localities and the asset quay-cafe. */
static struct store *base_directory(void)
{
	struct store *dir = th_directory_empty();
	th_import_data(dir, "import-base.yaml");
	cr_assert_eq(th_count(dir, "SELECT count(*) FROM need"), 3);
	cr_assert_eq(th_count(dir, "SELECT count(*) FROM asset"), 1);
	return dir;
}

/* The lines expected, joined with "\n", each after prefix. */
static char *expected_lines(const char *prefix, const char *const *lines)
{
	struct strbuf sb = STRBUF_INIT;
	for (size_t i = 0; lines[i]; i++)
		strbuf_printf(&sb, "%s%s%s", i ? "\n" : "", prefix, lines[i]);
	char *s = strbuf_detach(&sb);
	cr_assert_not_null(s);
	return s;
}

/* Imports the file at path into dir, first as a dry run and then for
 * real: each must be refused as ERROR_INPUT with exactly the lines
 * given (the text after the path, so ":7:13: ..." or ": empty ..."),
 * report nothing, and leave every table as it was. */
static void assert_path_refused(struct store *dir, const char *path,
				const char *const *lines)
{
	char *want = expected_lines(path, lines);
	struct snapshot before;
	snapshot_take(dir, &before);
	for (int dry_run = 1; dry_run >= 0; dry_run--) {
		struct import_report report;
		struct error err = ERROR_INIT;
		int rc = import_path(dir, path, dry_run, &report, &err);
		cr_assert_eq(rc, -1, "%s was imported (dry run %d)", path, dry_run);
		cr_assert_eq(err.kind, ERROR_INPUT, "kind %d: %s", err.kind,
			     error_message(&err));
		cr_assert_str_eq(error_message(&err), want,
				 "dry run %d: got\n%s\nwant\n%s", dry_run,
				 error_message(&err), want);
		cr_assert_eq(report.count, 0, "a refused import reported entries");
		error_clear(&err);
		assert_unchanged(dir, &before);
	}
	snapshot_free(&before);
	free(want);
}

/* The same for tests/data/NAME, imported into a fresh base directory. */
static void assert_refused(const char *name, const char *const *lines)
{
	struct store *dir = base_directory();
	char *path = th_data(name);
	assert_path_refused(dir, path, lines);
	free(path);
	store_close(dir);
}

#define REFUSED(name, ...) \
	assert_refused(name, (const char *const[]){ __VA_ARGS__, NULL })

/* The entry for id in a report, or NULL. */
static const struct import_entry *report_find(const struct import_report *r,
					      enum import_what what, const char *id)
{
	for (size_t i = 0; i < r->count; i++)
		if (r->entry[i].what == what && strcmp(r->entry[i].id, id) == 0)
			return &r->entry[i];
	return NULL;
}

/* Counts the items of a top-level section of a YAML file by its text
 * alone, independently of the importer: the lines "<spaces>- id: "
 * between "section:" and the next top-level key. */
static size_t count_ids(const char *text, const char *section)
{
	char head[64];
	snprintf(head, sizeof head, "\n%s:\n", section);
	const char *p = strstr(text, head);
	cr_assert_not_null(p, "no section %s", section);
	p += strlen(head);
	size_t n = 0;
	while (*p && (*p == ' ' || *p == '#' || *p == '\n')) {
		const char *q = p + strspn(p, " ");
		if (strncmp(q, "- id: ", 6) == 0)
			n++;
		const char *nl = strchr(p, '\n');
		if (!nl)
			break;
		p = nl + 1;
	}
	return n;
}

static size_t count_substr(const char *text, const char *needle)
{
	size_t n = 0;
	for (const char *p = text; (p = strstr(p, needle)); p += strlen(needle))
		n++;
	return n;
}

/* Imports a bundled file by name into dir, keeping the report. */
static void import_bundled(struct store *dir, enum bundled_file which,
			   struct import_report *report)
{
	const char *data = (const char *)(which == BUNDLED_TAXONOMY ? bundled_taxonomy_yaml
								     : bundled_sample_yaml);
	size_t len = which == BUNDLED_TAXONOMY ? bundled_taxonomy_yaml_len
					       : bundled_sample_yaml_len;
	struct import_options opt = { .dry_run = 0, .who = "tester" };
	struct error err = ERROR_INIT;
	int rc = import_buffer(dir, which == BUNDLED_TAXONOMY ? "taxonomy.yaml"
							       : "sample-directory.yaml",
			       data, len, &opt, report, &err);
	cr_assert_eq(rc, 0, "%s", error_message(&err));
}

static size_t tally_total(const struct import_report *r, enum import_what what)
{
	return r->tally[what][IMPORT_ADDED] + r->tally[what][IMPORT_CHANGED] +
	       r->tally[what][IMPORT_UNCHANGED];
}

/* ---- Good files ------------------------------------------------------ */

TestSuite(good_files, .init = pin_today);

/* The bundled taxonomy and sample: every item reported added, and the
 * tables hold what the files hold. */
Test(good_files, bundled_counts)
{
	const char *tax = (const char *)bundled_taxonomy_yaml;
	const char *sample = (const char *)bundled_sample_yaml;
	size_t needs = count_ids(tax, "needs");
	size_t sectors = count_ids(tax, "sectors");
	size_t localities = count_ids(tax, "localities");
	size_t assets = count_ids(sample, "assets");
	size_t archived = count_substr(sample, "\n    archived: true\n");
	/* The files as they were when these tests were written. */
	cr_assert_eq(needs, 55);
	cr_assert_eq(sectors, 11);
	cr_assert_eq(localities, 20);
	cr_assert_eq(assets, 174);
	cr_assert_eq(archived, 3);

	struct store *dir = th_directory_empty();
	struct import_report r;
	import_bundled(dir, BUNDLED_TAXONOMY, &r);
	cr_assert_eq(r.tally[IMPORT_NEED][IMPORT_ADDED], needs);
	cr_assert_eq(r.tally[IMPORT_SECTOR][IMPORT_ADDED], sectors);
	cr_assert_eq(r.tally[IMPORT_LOCALITY][IMPORT_ADDED], localities);
	cr_assert_eq(r.tally[IMPORT_ASSET][IMPORT_ADDED], 0);
	cr_assert_eq(r.count, needs + sectors + localities);
	cr_assert_eq(tally_total(&r, IMPORT_NEED), needs, "only additions");
	/* Entries come in the order of the file. */
	cr_assert_eq(r.entry[0].what, IMPORT_NEED);
	cr_assert_str_eq(r.entry[0].id, "end-of-life");
	cr_assert_eq(r.entry[r.count - 1].what, IMPORT_LOCALITY);
	import_report_free(&r);

	import_bundled(dir, BUNDLED_SAMPLE, &r);
	cr_assert_eq(r.tally[IMPORT_ASSET][IMPORT_ADDED], assets);
	cr_assert_eq(tally_total(&r, IMPORT_ASSET), assets);
	cr_assert_eq(r.count, assets, "the sample holds no taxonomy");
	cr_assert_str_eq(r.entry[0].id, "harbourside-bereavement-cafe");
	import_report_free(&r);

	cr_assert_eq(th_count(dir, "SELECT count(*) FROM need"), (long)needs);
	cr_assert_eq(th_count(dir, "SELECT count(*) FROM sector"), (long)sectors);
	cr_assert_eq(th_count(dir, "SELECT count(*) FROM locality"), (long)localities);
	cr_assert_eq(th_count(dir, "SELECT count(*) FROM asset"), (long)assets);
	cr_assert_eq(th_count(dir, "SELECT count(*) FROM asset WHERE archived"), (long)archived);
	cr_assert_eq(th_count(dir, "SELECT count(*) FROM asset_version"), (long)assets);
	cr_assert_eq(th_count(dir, "SELECT count(*) FROM asset WHERE version <> 1"), 0);
	cr_assert_eq(th_count(dir, "SELECT count(*) FROM asset_fts"), (long)assets);
	/* Each item is its own ancestor at depth 0 in the closures. */
	cr_assert_eq(th_count(dir, "SELECT count(*) FROM need_tree WHERE depth = 0"), (long)needs);
	cr_assert_eq(th_count(dir, "SELECT count(*) FROM locality_tree WHERE depth = 0"),
		     (long)localities);
	cr_assert_eq(th_count(dir, "SELECT count(*) FROM asset_version"
				   " WHERE changed_by <> 'tester'"
				   " OR reason <> 'import sample-directory.yaml'"), 0);
	store_close(dir);
}

/* Importing the same file again changes nothing and says so. */
Test(good_files, second_import_unchanged)
{
	struct store *dir = th_directory_taxonomy();
	struct import_report r;
	import_bundled(dir, BUNDLED_SAMPLE, &r);
	size_t assets = r.count;
	import_report_free(&r);

	struct snapshot before;
	snapshot_take(dir, &before);
	import_bundled(dir, BUNDLED_SAMPLE, &r);
	cr_assert_eq(r.count, assets);
	cr_assert_eq(r.tally[IMPORT_ASSET][IMPORT_UNCHANGED], assets);
	cr_assert_eq(r.tally[IMPORT_ASSET][IMPORT_ADDED], 0);
	cr_assert_eq(r.tally[IMPORT_ASSET][IMPORT_CHANGED], 0);
	for (size_t i = 0; i < r.count; i++)
		cr_assert_eq(r.entry[i].change, IMPORT_UNCHANGED, "%s", r.entry[i].id);
	import_report_free(&r);
	cr_assert_eq(th_count(dir, "SELECT count(*) FROM asset_version"), (long)assets,
		     "no new versions");
	cr_assert_eq(th_count(dir, "SELECT max(version) FROM asset"), 1);

	/* The taxonomy too. */
	import_bundled(dir, BUNDLED_TAXONOMY, &r);
	cr_assert_gt(r.count, 0);
	for (int w = IMPORT_NEED; w <= IMPORT_LOCALITY; w++) {
		cr_assert_eq(r.tally[w][IMPORT_ADDED], 0);
		cr_assert_eq(r.tally[w][IMPORT_CHANGED], 0);
	}
	import_report_free(&r);
	assert_unchanged(dir, &before);
	snapshot_free(&before);
	store_close(dir);
}

/* The text of one asset in the sample: from its "  - id:" line up to the
 * blank line before the next; newly allocated. */
static char *sample_asset_text(const char *id)
{
	const char *sample = (const char *)bundled_sample_yaml;
	char head[128];
	snprintf(head, sizeof head, "\n  - id: %s\n", id);
	const char *start = strstr(sample, head);
	cr_assert_not_null(start, "no asset %s in the sample", id);
	start++;
	const char *end = strstr(start, "\n\n");
	size_t len = end ? (size_t)(end - start) + 1 : strlen(start);
	char *s = strndup(start, len);
	cr_assert_not_null(s);
	return s;
}

/* Replaces the first old in s (which must be there) with new. */
static char *replace(const char *s, const char *old, const char *new)
{
	const char *at = strstr(s, old);
	cr_assert_not_null(at, "no '%s' to replace", old);
	char *out = NULL;
	cr_assert(asprintf(&out, "%.*s%s%s", (int)(at - s), s, new, at + strlen(old)) >= 0);
	return out;
}

/* Changing one field of one asset: one change reported, a new version,
 * and the old version's document kept with who and why. */
Test(good_files, one_field_changed)
{
	static const char id[] = "harbourside-bereavement-cafe";
	struct store *dir = th_directory_taxonomy();
	struct import_report r;
	import_bundled(dir, BUNDLED_SAMPLE, &r);
	import_report_free(&r);

	struct asset a;
	struct error err = ERROR_INIT;
	cr_assert_eq(asset_load(dir, id, &a, &err), 0, "%s", error_message(&err));
	cr_assert_eq(a.version, 1);
	cr_assert_eq(a.status, STATUS_OPEN);
	char *old_document = asset_document(&a);
	asset_clear(&a);
	long versions = th_count(dir, "SELECT count(*) FROM asset_version");

	char *block = sample_asset_text(id);
	char *changed = replace(block, "\n    status: open\n", "\n    status: full\n");
	char *text = NULL;
	cr_assert(asprintf(&text, "signpost: 1\nassets:\n%s", changed) >= 0);
	cr_assert_eq(import_text(dir, text, 0, &r, &err), 0, "%s", error_message(&err));
	cr_assert_eq(r.count, 1);
	cr_assert_eq(r.entry[0].what, IMPORT_ASSET);
	cr_assert_eq(r.entry[0].change, IMPORT_CHANGED);
	cr_assert_str_eq(r.entry[0].id, id);
	cr_assert_eq(r.tally[IMPORT_ASSET][IMPORT_CHANGED], 1);
	import_report_free(&r);

	cr_assert_eq(asset_load(dir, id, &a, &err), 0, "%s", error_message(&err));
	cr_assert_eq(a.version, 2);
	cr_assert_eq(a.status, STATUS_FULL);
	char *new_document = asset_document(&a);
	asset_clear(&a);
	cr_assert_eq(th_count(dir, "SELECT count(*) FROM asset_version"), versions + 1);
	cr_assert_eq(th_count(dir, "SELECT count(*) FROM asset WHERE version <> 1"), 1,
		     "only the one asset has a new version");

	/* Both versions are kept, each with its own document. */
	sqlite3_stmt *stmt;
	cr_assert_eq(sqlite3_prepare_v2(store_db(dir),
					"SELECT v.version, v.document, v.changed_by, v.reason"
					" FROM asset_version v JOIN asset a ON a.num = v.asset"
					" WHERE a.id = ?1 ORDER BY v.version", -1, &stmt, NULL),
		     SQLITE_OK);
	sqlite3_bind_text(stmt, 1, id, -1, SQLITE_STATIC);
	cr_assert_eq(sqlite3_step(stmt), SQLITE_ROW);
	cr_assert_eq(sqlite3_column_int(stmt, 0), 1);
	cr_assert_str_eq((const char *)sqlite3_column_text(stmt, 1), old_document);
	cr_assert_str_eq((const char *)sqlite3_column_text(stmt, 3),
			 "import sample-directory.yaml");
	cr_assert_eq(sqlite3_step(stmt), SQLITE_ROW);
	cr_assert_eq(sqlite3_column_int(stmt, 0), 2);
	cr_assert_str_eq((const char *)sqlite3_column_text(stmt, 1), new_document);
	cr_assert_str_eq((const char *)sqlite3_column_text(stmt, 2), "tester");
	cr_assert_str_eq((const char *)sqlite3_column_text(stmt, 3), "import test.yaml");
	cr_assert_eq(sqlite3_step(stmt), SQLITE_DONE);
	sqlite3_finalize(stmt);
	cr_assert_not_null(strstr(old_document, "\"status\":\"open\""), "%s", old_document);
	cr_assert_not_null(strstr(new_document, "\"status\":\"full\""), "%s", new_document);

	free(old_document);
	free(new_document);
	free(text);
	free(changed);
	free(block);
	store_close(dir);
}

/* A file with a taxonomy before its assets: the assets may use the
 * needs it adds, and the report lists everything in file order. */
Test(good_files, taxonomy_then_assets_in_order)
{
	struct store *dir = base_directory();
	struct import_report r;
	struct error err = ERROR_INIT;
	int rc = import_text(dir,
			     "signpost: 1\n"
			     "needs:\n"
			     "  - id: debt\n"
			     "    label: Money and debt\n"
			     "assets:\n"
			     "  - id: debt-advice\n"
			     "    name: Debt advice\n"
			     "    sector: vcse\n"
			     "    needs: [debt, loneliness]\n"
			     "    localities: [harbourside, wrenmouth]\n"
			     "    sessions:\n"
			     "      - days: mon-fri\n"
			     "        start: \"9:30\"\n"
			     "        end: \"12:00\"\n",
			     0, &r, &err);
	cr_assert_eq(rc, 0, "%s", error_message(&err));
	cr_assert_eq(r.count, 2);
	cr_assert_eq(r.entry[0].what, IMPORT_NEED);
	cr_assert_str_eq(r.entry[0].id, "debt");
	cr_assert_eq(r.entry[0].change, IMPORT_ADDED);
	cr_assert_eq(r.entry[1].what, IMPORT_ASSET);
	cr_assert_str_eq(r.entry[1].id, "debt-advice");
	cr_assert_eq(r.entry[1].change, IMPORT_ADDED);
	import_report_free(&r);

	struct asset a;
	cr_assert_eq(asset_load(dir, "debt-advice", &a, &err), 0, "%s", error_message(&err));
	cr_assert_eq(a.needs.count, 2);
	cr_assert_str_eq(a.needs.item[0], "debt", "needs keep their order");
	cr_assert_str_eq(a.localities.item[0], "harbourside");
	cr_assert_eq(a.session_count, 1);
	cr_assert_eq(a.sessions[0].days, 0x1f, "mon-fri");
	cr_assert_str_eq(a.sessions[0].start, "09:30", "9:30 is read as 09:30");
	asset_clear(&a);
	store_close(dir);
}

/* Files written on Windows: a byte order mark and CRLF line ends. */
Test(good_files, bom_and_crlf)
{
	struct store *dir = base_directory();
	struct import_report r;
	struct error err = ERROR_INIT;
	int rc = import_text(dir,
			     "\xef\xbb\xbfsignpost: 1\r\n"
			     "assets:\r\n"
			     "  - id: crlf\r\n"
			     "    name: Written on Windows\r\n"
			     "    sector: vcse\r\n"
			     "    needs: [loneliness]\r\n"
			     "    localities: [wrenmouth]\r\n"
			     "    description: |-\r\n"
			     "      line one\r\n"
			     "      line two\r\n",
			     0, &r, &err);
	cr_assert_eq(rc, 0, "%s", error_message(&err));
	cr_assert_eq(r.tally[IMPORT_ASSET][IMPORT_ADDED], 1);
	import_report_free(&r);
	struct asset a;
	cr_assert_eq(asset_load(dir, "crlf", &a, &err), 0, "%s", error_message(&err));
	cr_assert_str_eq(a.name, "Written on Windows");
	cr_assert_str_eq(a.description, "line one\nline two");
	asset_clear(&a);
	store_close(dir);
}

/* ---- Dry run --------------------------------------------------------- */

TestSuite(dry_run, .init = pin_today);

/* A dry run reports what would happen and changes nothing. */
Test(dry_run, reports_and_writes_nothing)
{
	struct store *dir = base_directory();
	struct snapshot before;
	snapshot_take(dir, &before);

	struct import_report r;
	struct error err = ERROR_INIT;
	/* quay-cafe exactly as import-base.yaml has it (unchanged), a
	 * changed label, a new need and sector, a changed and a new asset. */
	static const char text[] =
		"signpost: 1\n"
		"directory:\n"
		"  name: A new name\n"
		"needs:\n"
		"  - id: loneliness\n"
		"    label: Loneliness\n"
		"  - id: debt\n"
		"    label: Money and debt\n"
		"sectors:\n"
		"  - id: nhs\n"
		"    label: NHS\n"
		"  - id: faith\n"
		"    label: Faith groups\n"
		"assets:\n"
		"  - id: quay-cafe\n"
		"    name: Quay Bereavement Café\n"
		"    organisation: St Elwyn's Hospice\n"
		"    sector: vcse\n"
		"    needs: [bereavement]\n"
		"    localities: [harbourside]\n"
		"    phone: \"01632 960818\"\n"
		"    sessions:\n"
		"      - days: [thu]\n"
		"        start: \"14:00\"\n"
		"        end: \"16:00\"\n"
		"    cost: free\n"
		"    status: open\n"
		"    verified: 2026-06-29\n"
		"  - id: debt-advice\n"
		"    name: Debt advice\n"
		"    sector: faith\n"
		"    needs: [debt]\n"
		"    localities: [wrenmouth]\n";
	cr_assert_eq(import_text(dir, text, 1, &r, &err), 0, "%s", error_message(&err));
	static const struct {
		enum import_what what;
		enum import_change change;
		const char *id;
	} want[] = {
		{ IMPORT_NEED, IMPORT_CHANGED, "loneliness" },
		{ IMPORT_NEED, IMPORT_ADDED, "debt" },
		{ IMPORT_SECTOR, IMPORT_UNCHANGED, "nhs" },
		{ IMPORT_SECTOR, IMPORT_ADDED, "faith" },
		{ IMPORT_ASSET, IMPORT_UNCHANGED, "quay-cafe" },
		{ IMPORT_ASSET, IMPORT_ADDED, "debt-advice" },
	};
	size_t n = sizeof want / sizeof want[0];
	cr_assert_eq(r.count, n);
	for (size_t i = 0; i < n; i++) {
		cr_assert_eq(r.entry[i].what, want[i].what, "entry %zu", i);
		cr_assert_eq(r.entry[i].change, want[i].change, "entry %zu (%s)", i, r.entry[i].id);
		cr_assert_str_eq(r.entry[i].id, want[i].id);
	}
	cr_assert_eq(r.tally[IMPORT_NEED][IMPORT_CHANGED], 1);
	cr_assert_eq(r.tally[IMPORT_NEED][IMPORT_ADDED], 1);
	cr_assert_eq(r.tally[IMPORT_SECTOR][IMPORT_UNCHANGED], 1);
	cr_assert_eq(r.tally[IMPORT_ASSET][IMPORT_ADDED], 1);
	cr_assert_eq(r.tally[IMPORT_ASSET][IMPORT_UNCHANGED], 1);
	import_report_free(&r);
	assert_unchanged(dir, &before);

	/* With quay-cafe changed too, a dry run says so and still writes
	 * nothing; the same text for real then writes it all. */
	char *changed = replace(text, "status: open", "status: waiting-list");
	cr_assert_eq(import_text(dir, changed, 1, &r, &err), 0, "%s", error_message(&err));
	const struct import_entry *e = report_find(&r, IMPORT_ASSET, "quay-cafe");
	cr_assert_not_null(e);
	cr_assert_eq(e->change, IMPORT_CHANGED);
	import_report_free(&r);
	assert_unchanged(dir, &before);

	cr_assert_eq(import_text(dir, changed, 0, &r, &err), 0, "%s", error_message(&err));
	cr_assert_eq(r.count, n);
	cr_assert_eq(r.tally[IMPORT_ASSET][IMPORT_CHANGED], 1);
	import_report_free(&r);
	cr_assert_eq(th_count(dir, "SELECT count(*) FROM need"), 4);
	cr_assert_eq(th_count(dir, "SELECT count(*) FROM asset"), 2);
	cr_assert_eq(th_count(dir, "SELECT version FROM asset WHERE id = 'quay-cafe'"), 2);
	cr_assert_eq(th_count(dir, "SELECT count(*) FROM meta WHERE value = 'A new name'"), 1);
	free(changed);
	snapshot_free(&before);
	store_close(dir);
}

/* ---- Bad files --------------------------------------------------------- */

TestSuite(bad_files, .init = pin_today);

Test(bad_files, unknown_need)
{
	REFUSED("bad-unknown-need.yaml",
		":7:13: asset 'grief-walk': unknown need 'bereavment': did you mean "
		"'bereavement'? (known needs: bereavement, end-of-life, loneliness)");
}

Test(bad_files, unknown_sector)
{
	REFUSED("bad-unknown-sector.yaml",
		":6:13: asset 'grief-walk': unknown sector 'charity' (known sectors: nhs, vcse)");
}

/* A missing field is reported at the asset itself. */
Test(bad_files, missing_name)
{
	REFUSED("bad-missing-name.yaml", ":4:5: asset 'grief-walk': name is required");
}

Test(bad_files, duplicate_id)
{
	REFUSED("bad-duplicate-id.yaml",
		":9:9: duplicate asset id 'grief-walk' (first at line 4)");
}

Test(bad_files, bad_date)
{
	REFUSED("bad-date.yaml",
		":9:15: asset 'grief-walk': verified date '2026-02-30' is not a date (YYYY-MM-DD)");
}

/* The second session is wrong, and the message points at it. */
Test(bad_files, bad_time)
{
	REFUSED("bad-time.yaml",
		":13:9: asset 'grief-walk': time '25:00' is not a time of day (HH:MM, 24-hour)");
}

Test(bad_files, end_before_start)
{
	REFUSED("bad-end-before-start.yaml",
		":10:9: asset 'grief-walk': a session must end after it starts (14:00 to 12:30)");
}

Test(bad_files, needs_as_mapping)
{
	REFUSED("bad-needs-mapping.yaml", ":8:7: needs should be a list, not a mapping");
}

Test(bad_files, name_as_list)
{
	REFUSED("bad-name-list.yaml", ":5:11: name should be a single value, not a list");
}

/* The file holds a raw 0xFF byte; the column counts characters. */
Test(bad_files, bad_utf8)
{
	REFUSED("bad-utf8.yaml",
		":5:17: invalid leading UTF-8 octet (byte 0xff): the file must be UTF-8 text");
}

Test(bad_files, alias)
{
	REFUSED("bad-alias.yaml",
		":9:12: aliases (*name) are not supported: write the value out in full");
}

/* 70 levels: the 65th (counting the top mapping, the asset list and the
 * asset) is refused, where it opens. */
Test(bad_files, too_deep)
{
	REFUSED("bad-deep.yaml", ":5:73: nested too deeply (more than 64 levels)");
}

Test(bad_files, unknown_section)
{
	REFUSED("bad-unknown-section.yaml",
		":3:1: unknown section 'asets' (sections: signpost, directory, needs, "
		"sectors, localities, assets)");
}

Test(bad_files, unknown_field)
{
	REFUSED("bad-unknown-field.yaml",
		":9:5: unknown field 'telephone' in an asset (fields: id, name, organisation, "
		"sector, description, needs, localities, address, postcode, phone, email, "
		"website, sessions, when, cost, cost_note, accessibility, eligibility, "
		"referral, referral_note, status, verified, verified_by, notes, archived)");
}

/* YAML itself allows a key twice (the last wins); signpost does not. */
Test(bad_files, duplicate_field)
{
	REFUSED("bad-duplicate-field.yaml",
		":9:5: field 'name' is given twice in an asset (first at line 5)");
}

/* "\e" in a double-quoted YAML string is ESC, which could drive a
 * terminal. */
Test(bad_files, control_character)
{
	REFUSED("bad-control-char.yaml",
		":6:11: name holds a control character (U+001B): listings are plain text");
}

Test(bad_files, empty_file)
{
	REFUSED("bad-empty.yaml", ": empty file: expected a mapping of sections "
		"(needs, sectors, localities, assets)");
}

/* Comments alone, or an empty document, are empty too. */
Test(bad_files, empty_document)
{
	struct store *dir = base_directory();
	static const char *const texts[] = { "# nothing but a comment\n", "---\n" };
	for (size_t i = 0; i < 2; i++) {
		struct import_report r;
		struct error err = ERROR_INIT;
		cr_assert_eq(import_text(dir, texts[i], 0, &r, &err), -1);
		cr_assert_str_eq(error_message(&err),
				 "test.yaml: empty file: expected a mapping of sections "
				 "(needs, sectors, localities, assets)", "%s", texts[i]);
		error_clear(&err);
	}
	store_close(dir);
}

/* libyaml's message, with the line where the unclosed list began. */
Test(bad_files, syntax_error)
{
	REFUSED("bad-syntax.yaml",
		":8:15: did not find expected ',' or ']' (while parsing a flow sequence "
		"at line 7, column 12)");
}

Test(bad_files, second_document)
{
	REFUSED("bad-second-document.yaml",
		":9:1: a second document (---) in one file: put everything in one mapping");
}

/* A new need and a valid asset come before the mistake: all or nothing,
 * so neither may be written. */
Test(bad_files, error_after_valid_asset)
{
	REFUSED("bad-error-after-valid.yaml",
		":18:11: cost 'cheap' is not one of: free, low, paid");
	/* assert_refused compared every table; say it plainly too. */
	struct store *dir = base_directory();
	char *path = th_data("bad-error-after-valid.yaml");
	struct import_report r;
	struct error err = ERROR_INIT;
	cr_assert_eq(import_path(dir, path, 0, &r, &err), -1);
	error_clear(&err);
	cr_assert_eq(asset_exists(dir, "grief-walk", &err), 0);
	cr_assert_eq(taxonomy_exists(dir, TAXONOMY_NEED, "debt", &err), 0);
	free(path);
	store_close(dir);
}

/* One run shows every mistake, one a line, in the order of the file. */
Test(bad_files, several_errors)
{
	REFUSED("bad-several.yaml",
		":9:13: status 'shut' is not one of: open, waiting-list, full, "
		"temporarily-closed, closed",
		":10:9: id 'Coffee_Morning' must be 1 to 64 of a-z, 0-9 and '-', "
		"not starting or ending with '-'",
		":20:12: asset 'phone-tree': email 'not-an-address' is not an email address");
}

/* Past IMPORT_MAX_ERRORS, the rest are counted, not listed. */
Test(bad_files, too_many_errors)
{
	struct store *dir = base_directory();
	struct snapshot before;
	snapshot_take(dir, &before);
	struct strbuf text = STRBUF_INIT;
	strbuf_puts(&text, "signpost: 1\nassets:\n");
	for (int i = 0; i < IMPORT_MAX_ERRORS + 5; i++)
		strbuf_printf(&text, "  - id: a%d\n    status: shut\n", i);
	struct import_report r;
	struct error err = ERROR_INIT;
	cr_assert_eq(import_text(dir, strbuf_str(&text), 0, &r, &err), -1);
	const char *msg = error_message(&err);
	cr_assert_eq(count_substr(msg, "\n"), IMPORT_MAX_ERRORS, "%s", msg);
	static const char first[] = "test.yaml:4:13: status 'shut' is not one of: ";
	cr_assert(strncmp(msg, first, strlen(first)) == 0, "%s", msg);
	const char *last = strrchr(msg, '\n') + 1;
	cr_assert_str_eq(last, "test.yaml: ... and 5 more errors");
	error_clear(&err);
	strbuf_free(&text);
	assert_unchanged(dir, &before);
	snapshot_free(&before);
	store_close(dir);
}

/* A mistake found before the parser stops is reported with the parser's
 * own message after it. */
Test(bad_files, mistake_then_syntax_error)
{
	struct store *dir = base_directory();
	struct snapshot before;
	snapshot_take(dir, &before);
	struct import_report r;
	struct error err = ERROR_INIT;
	cr_assert_eq(import_text(dir,
				 "signpost: 1\n"
				 "assets:\n"
				 "  - id: a\n"
				 "    status: shut\n"
				 "  - id: b\n"
				 "    name: [unclosed\n",
				 0, &r, &err), -1);
	cr_assert_eq(err.kind, ERROR_INPUT);
	cr_assert_str_eq(error_message(&err),
			 "test.yaml:4:13: status 'shut' is not one of: open, waiting-list, "
			 "full, temporarily-closed, closed\n"
			 "test.yaml:7:1: did not find expected ',' or ']' (while parsing a flow "
			 "sequence at line 6, column 11)");
	error_clear(&err);
	assert_unchanged(dir, &before);
	snapshot_free(&before);
	store_close(dir);
}

Test(bad_files, wrong_format_version)
{
	struct store *dir = base_directory();
	struct import_report r;
	struct error err = ERROR_INIT;
	cr_assert_eq(import_text(dir, "signpost: 2\n", 0, &r, &err), -1);
	cr_assert_str_eq(error_message(&err),
			 "test.yaml:1:11: this file is for signpost format version 2; "
			 "this signpost reads version 1");
	error_clear(&err);
	store_close(dir);
}

/* Bad UTF-8 in text held in memory is found and placed as in a file. */
Test(bad_files, bad_utf8_in_memory)
{
	struct store *dir = base_directory();
	struct import_report r;
	struct error err = ERROR_INIT;
	cr_assert_eq(import_text(dir, "signpost: 1\nassets:\n  - id: caf\xc3\x28\n", 0, &r, &err),
		     -1);
	cr_assert_eq(err.kind, ERROR_INPUT);
	cr_assert_str_eq(error_message(&err),
			 "test.yaml:3:13: invalid trailing UTF-8 octet (byte 0x28): "
			 "the file must be UTF-8 text");
	error_clear(&err);
	store_close(dir);
}

Test(bad_files, missing_file)
{
	struct store *dir = base_directory();
	char *path = th_data("bad-no-such-file.yaml");
	struct import_report r;
	struct error err = ERROR_INIT;
	cr_assert_eq(import_path(dir, path, 0, &r, &err), -1);
	cr_assert_eq(err.kind, ERROR_NOT_FOUND);
	char *want = NULL;
	cr_assert(asprintf(&want, "%s: cannot open: No such file or directory", path) >= 0);
	cr_assert_str_eq(error_message(&err), want);
	free(want);
	free(path);
	error_clear(&err);
	store_close(dir);
}

/* ---- Hostile files ----------------------------------------------------- */

/* These must fail fast.  Nothing here is timed (speed is never asserted
 * in unit tests): without the limits, libyaml takes tens of seconds on
 * the deep file, and walking the aliases would never end. */
TestSuite(hostile, .init = pin_today);

/* Writes text to a new file in the test's folder; the path is newly
 * allocated. */
static char *write_temp(const char *name, const char *text, size_t len)
{
	char *path = th_path(name);
	FILE *f = fopen(path, "wb");
	cr_assert_not_null(f);
	cr_assert_eq(fwrite(text, 1, len, f), len);
	cr_assert_eq(fclose(f), 0);
	return path;
}

/* "PREFIX[[[[...]]]]" with depth brackets each way. */
static char *nested(const char *prefix, size_t depth)
{
	size_t p = strlen(prefix);
	char *s = malloc(p + 2 * depth + 2);
	cr_assert_not_null(s);
	memcpy(s, prefix, p);
	memset(s + p, '[', depth);
	memset(s + p + depth, ']', depth);
	memcpy(s + p + 2 * depth, "\n", 2);
	return s;
}

Test(hostile, hundred_thousand_levels)
{
	struct store *dir = base_directory();
	struct snapshot before;
	snapshot_take(dir, &before);
	char *text = nested("signpost: 1\nassets: ", 100000);
	char *path = write_temp("deep.yaml", text, strlen(text));
	/* The top mapping is level 1 and the asset list (column 9) level
	 * 2, so level 65 opens at column 72. */
	assert_path_refused(dir, path, (const char *const[]){
		":2:72: nested too deeply (more than 64 levels)", NULL });

	/* The same from memory, under a taxonomy section. */
	free(text);
	text = nested("needs: ", 100000);
	struct import_report r;
	struct error err = ERROR_INIT;
	cr_assert_eq(import_text(dir, text, 0, &r, &err), -1);
	cr_assert_str_eq(error_message(&err),
			 "test.yaml:1:71: nested too deeply (more than 64 levels)");
	error_clear(&err);
	assert_unchanged(dir, &before);

	/* A bare list at the top is refused at once: it is not a mapping. */
	free(text);
	text = nested("", 100000);
	cr_assert_eq(import_text(dir, text, 0, &r, &err), -1);
	cr_assert_str_eq(error_message(&err),
			 "test.yaml:1:1: expected a mapping of sections (needs, sectors, "
			 "localities, assets) at the top of the file");
	error_clear(&err);
	free(text);
	free(path);
	snapshot_free(&before);
	store_close(dir);
}

/* Exactly 64 levels is allowed by the reader (the importer then says
 * what is wrong with the value). */
Test(hostile, sixty_four_levels_parse)
{
	struct store *dir = base_directory();
	/* Level 1 is the top mapping, so 63 brackets reach level 64. */
	char *text = nested("needs: ", 63);
	struct import_report r;
	struct error err = ERROR_INIT;
	cr_assert_eq(import_text(dir, text, 0, &r, &err), -1);
	cr_assert_str_eq(error_message(&err),
			 "test.yaml:1:9: each need should be a mapping with an id and a label, "
			 "not a list");
	error_clear(&err);
	free(text);
	store_close(dir);
}

/* The classic "billion laughs": each level names the one before ten
 * times.  Refused at the first alias. */
Test(hostile, billion_laughs)
{
	struct store *dir = base_directory();
	struct strbuf sb = STRBUF_INIT;
	strbuf_puts(&sb, "signpost: 1\nassets:\n  - id: lol\n    name: &l0 \"lol\"\n");
	for (int level = 1; level <= 9; level++) {
		strbuf_printf(&sb, "    l%d: &l%d [", level, level);
		for (int i = 0; i < 10; i++)
			strbuf_printf(&sb, "%s*l%d", i ? ", " : "", level - 1);
		strbuf_puts(&sb, "]\n");
	}
	char *path = write_temp("laughs.yaml", strbuf_str(&sb), sb.len);
	/* "    l1: &l1 [" puts the first alias at column 14 of line 5. */
	assert_path_refused(dir, path, (const char *const[]){
		":5:14: aliases (*name) are not supported: write the value out in full", NULL });

	/* The same at the top level: the first key is an unknown section,
	 * and that is reported before the alias that stops the parse. */
	strbuf_reset(&sb);
	strbuf_puts(&sb, "a: &a [\"lol\", \"lol\", \"lol\"]\n");
	for (char c = 'b'; c <= 'j'; c++) {
		strbuf_printf(&sb, "%c: &%c [", c, c);
		for (int i = 0; i < 10; i++)
			strbuf_printf(&sb, "%s*%c", i ? ", " : "", c - 1);
		strbuf_puts(&sb, "]\n");
	}
	struct import_report r;
	struct error err = ERROR_INIT;
	cr_assert_eq(import_text(dir, strbuf_str(&sb), 0, &r, &err), -1);
	cr_assert_str_eq(error_message(&err),
			 "test.yaml:1:1: unknown section 'a' (sections: signpost, directory, "
			 "needs, sectors, localities, assets)\n"
			 "test.yaml:2:8: aliases (*name) are not supported: write the value out "
			 "in full");
	error_clear(&err);
	strbuf_free(&sb);
	free(path);
	store_close(dir);
}

/* A value over 1 MiB is refused where it starts. */
Test(hostile, huge_value)
{
	struct store *dir = base_directory();
	size_t big = (1u << 20) + 1;
	char *text = malloc(big + 64);
	cr_assert_not_null(text);
	int n = sprintf(text, "signpost: 1\nassets:\n  - id: big\n    notes: ");
	memset(text + n, 'x', big);
	strcpy(text + n + big, "\n");
	struct import_report r;
	struct error err = ERROR_INIT;
	cr_assert_eq(import_text(dir, text, 0, &r, &err), -1);
	cr_assert_str_eq(error_message(&err), "test.yaml:4:12: a value longer than 1 MiB");
	error_clear(&err);
	free(text);
	store_close(dir);
}

/* ---- Taxonomy ---------------------------------------------------------- */

TestSuite(taxonomy, .init = pin_today);

/* children: nests, parent: names an item from earlier; both give the
 * same tree. */
Test(taxonomy, children_and_parent_keys)
{
	struct store *dir = th_directory_empty();
	th_import_text(dir,
		       "needs:\n"
		       "  - id: end-of-life\n"
		       "    label: End of life\n"
		       "    children:\n"
		       "      - id: bereavement\n"
		       "        label: Bereavement\n"
		       "        children:\n"
		       "          - id: bereavement-child\n"
		       "            label: Bereaved children\n"
		       "  - id: bereavement-baby\n"
		       "    label: Baby loss\n"
		       "    parent: bereavement\n"
		       "localities:\n"
		       "  - id: wrenmouth\n"
		       "    label: Wrenmouth\n"
		       "  - id: harbourside\n"
		       "    label: Harbourside\n"
		       "    kind: neighbourhood\n"
		       "    parent: wrenmouth\n");
	cr_assert_eq(th_count(dir, "SELECT count(*) FROM need WHERE parent = 'bereavement'"), 2);
	cr_assert_eq(th_count(dir, "SELECT count(*) FROM need WHERE parent = 'end-of-life'"), 1);
	cr_assert_eq(th_count(dir, "SELECT count(*) FROM need WHERE parent IS NULL"), 1);
	cr_assert_eq(th_count(dir, "SELECT depth FROM need_tree"
				   " WHERE ancestor = 'end-of-life' AND descendant = 'bereavement-baby'"), 2);
	cr_assert_eq(th_count(dir, "SELECT count(*) FROM need_tree WHERE ancestor = 'end-of-life'"), 4);
	cr_assert_eq(th_count(dir, "SELECT count(*) FROM locality_tree"
				   " WHERE ancestor = 'wrenmouth' AND descendant = 'harbourside'"), 1);

	struct taxonomy t;
	struct error err = ERROR_INIT;
	cr_assert_eq(taxonomy_list(dir, TAXONOMY_NEED, &t, &err), 0);
	static const char *const order[] = {
		"end-of-life", "bereavement", "bereavement-child", "bereavement-baby",
	};
	static const int depth[] = { 0, 1, 2, 2 };
	cr_assert_eq(t.count, 4);
	for (size_t i = 0; i < 4; i++) {
		cr_assert_str_eq(t.item[i].id, order[i]);
		cr_assert_eq(t.item[i].depth, depth[i], "%s", order[i]);
	}
	taxonomy_free(&t);
	store_close(dir);
}

/* A parent must exist before its children: an unknown one is refused,
 * and so is one that only comes later in the file. */
Test(taxonomy, parent_not_there_yet)
{
	struct store *dir = base_directory();
	struct snapshot before;
	snapshot_take(dir, &before);
	struct import_report r;
	struct error err = ERROR_INIT;
	cr_assert_eq(import_text(dir,
				 "needs:\n"
				 "  - id: debt-advice\n"
				 "    label: Debt advice\n"
				 "    parent: money\n"
				 "  - id: money\n"
				 "    label: Money\n",
				 0, &r, &err), -1);
	cr_assert_eq(err.kind, ERROR_INPUT);
	cr_assert_str_eq(error_message(&err),
			 "test.yaml:4:13: parent: unknown need 'money' (known needs: "
			 "bereavement, end-of-life, loneliness) (a parent must come before "
			 "its children)");
	error_clear(&err);
	assert_unchanged(dir, &before);

	/* Nested under one parent and naming another. */
	cr_assert_eq(import_text(dir,
				 "needs:\n"
				 "  - id: grief\n"
				 "    label: Grief\n"
				 "    children:\n"
				 "      - id: grief-walks\n"
				 "        label: Grief walks\n"
				 "        parent: loneliness\n",
				 0, &r, &err), -1);
	cr_assert_str_eq(error_message(&err),
			 "test.yaml:7:17: need 'grief-walks' is nested under 'grief' and also "
			 "names parent 'loneliness': use one or the other");
	error_clear(&err);
	assert_unchanged(dir, &before);
	snapshot_free(&before);
	store_close(dir);
}

/* a, then b under a; then a under b would make a loop. */
Test(taxonomy, cycle_refused)
{
	struct store *dir = th_directory_empty();
	th_import_text(dir,
		       "needs:\n"
		       "  - id: a\n"
		       "    label: A\n"
		       "  - id: b\n"
		       "    label: B\n"
		       "    parent: a\n");
	struct snapshot before;
	snapshot_take(dir, &before);
	struct import_report r;
	struct error err = ERROR_INIT;
	cr_assert_eq(import_text(dir, "needs:\n  - id: a\n    label: A\n    parent: b\n",
				 0, &r, &err), -1);
	cr_assert_eq(err.kind, ERROR_INPUT);
	/* Either item of the loop may be named. */
	const char *msg = error_message(&err);
	cr_assert(strcmp(msg, "test.yaml: the need 'a' is its own ancestor: its parents "
			      "form a loop") == 0 ||
		  strcmp(msg, "test.yaml: the need 'b' is its own ancestor: its parents "
			      "form a loop") == 0, "%s", msg);
	error_clear(&err);
	assert_unchanged(dir, &before);

	/* An item that is its own parent, among localities. */
	cr_assert_eq(import_text(dir,
				 "localities:\n"
				 "  - id: town\n"
				 "    label: Town\n", 0, &r, &err), 0, "%s", error_message(&err));
	import_report_free(&r);
	snapshot_free(&before);
	snapshot_take(dir, &before);
	cr_assert_eq(import_text(dir,
				 "localities:\n"
				 "  - id: town\n"
				 "    label: Town\n"
				 "    parent: town\n", 0, &r, &err), -1);
	cr_assert_str_eq(error_message(&err),
			 "test.yaml: the locality 'town' is its own ancestor: its parents "
			 "form a loop");
	error_clear(&err);
	assert_unchanged(dir, &before);
	snapshot_free(&before);
	store_close(dir);
}

/* ---- The search index -------------------------------------------------- */

TestSuite(search_index, .init = pin_today);

/* The number of assets a search for words finds. */
static long found(struct store *dir, const char *words)
{
	struct search_query q;
	search_query_init(&q);
	q.words = words;
	struct search_result res;
	struct error err = ERROR_INIT;
	cr_assert_eq(search_run(dir, &q, &res, &err), 0, "%s", error_message(&err));
	long n = (long)res.count;
	cr_assert_eq(res.total, n);
	search_result_free(&res);
	search_query_clear(&q);
	return n;
}

static const char renamed_base[] =
	"signpost: 1\n"
	"assets:\n"
	"  - id: quay-cafe\n"
	"    name: %s\n"
	"    organisation: St Elwyn's Hospice\n"
	"    sector: vcse\n"
	"    needs: [bereavement]\n"
	"    localities: [harbourside]\n"
	"    phone: \"01632 960818\"\n"
	"    sessions:\n"
	"      - days: [thu]\n"
	"        start: \"14:00\"\n"
	"        end: \"16:00\"\n"
	"    cost: free\n"
	"    status: open\n"
	"    verified: 2026-06-29\n";

Test(search_index, follows_a_renamed_asset)
{
	struct store *dir = base_directory();
	cr_assert_eq(found(dir, "Quay"), 1);
	cr_assert_eq(found(dir, "Lighthouse"), 0);

	char *text = NULL;
	cr_assert(asprintf(&text, renamed_base, "Lighthouse Grief Circle") >= 0);
	th_import_text(dir, text);
	cr_assert_eq(found(dir, "Quay"), 0, "the old name is still indexed");
	cr_assert_eq(found(dir, "Lighthouse"), 1);
	cr_assert_eq(found(dir, "lighthouse grief"), 1);
	cr_assert_eq(th_count(dir, "SELECT count(*) FROM asset_fts"), 1);

	/* A dry run of another name leaves the index as it was. */
	free(text);
	cr_assert(asprintf(&text, renamed_base, "Pier Tea Room") >= 0);
	struct import_report r;
	struct error err = ERROR_INIT;
	cr_assert_eq(import_text(dir, text, 1, &r, &err), 0, "%s", error_message(&err));
	import_report_free(&r);
	cr_assert_eq(found(dir, "Pier"), 0);
	cr_assert_eq(found(dir, "Lighthouse"), 1);
	free(text);
	store_close(dir);
}

/* Need labels are indexed with the asset; renaming a need re-indexes. */
Test(search_index, follows_a_renamed_need)
{
	struct store *dir = base_directory();
	cr_assert_eq(found(dir, "Bereavement"), 1);
	cr_assert_eq(found(dir, "mourning"), 0);
	th_import_text(dir,
		       "needs:\n"
		       "  - id: end-of-life\n"
		       "    label: End of life\n"
		       "    children:\n"
		       "      - id: bereavement\n"
		       "        label: Grief and mourning\n");
	cr_assert_eq(found(dir, "mourning"), 1);
	/* "Bereavement" is still in the asset's own name. */
	cr_assert_eq(found(dir, "Bereavement"), 1);
	cr_assert_eq(th_count(dir, "SELECT count(*) FROM asset_fts WHERE asset_fts MATCH"
				   " 'needs:bereavement'"), 0);
	cr_assert_eq(th_count(dir, "SELECT count(*) FROM asset_fts WHERE asset_fts MATCH"
				   " 'needs:mourning'"), 1);
	store_close(dir);
}

/* ---- The sets an import keeps in memory --------------------------------- */

TestSuite(idset, .description = "ids in memory, each with a number");

Test(idset, adds_finds_and_keeps_the_first)
{
	struct idset set = IDSET_INIT;
	char id[32];
	/* Enough to grow it several times over. */
	for (unsigned i = 0; i < 5000; i++) {
		snprintf(id, sizeof id, "asset-%u", i);
		cr_assert_eq(idset_add(&set, id, i + 1, NULL), 1);
	}
	cr_assert_eq(set.count, 5000);
	unsigned value = 0;
	for (unsigned i = 0; i < 5000; i++) {
		snprintf(id, sizeof id, "asset-%u", i);
		cr_assert_eq(idset_find(&set, id, &value), 1, "%s", id);
		cr_assert_eq(value, i + 1);
	}
	cr_assert_eq(idset_find(&set, "asset-5000", NULL), 0);
	cr_assert_eq(idset_find(&set, "", NULL), 0);
	/* A second add keeps the first value and says what it was. */
	cr_assert_eq(idset_add(&set, "asset-7", 99, &value), 0);
	cr_assert_eq(value, 8);
	cr_assert_eq(idset_find(&set, "asset-7", &value), 1);
	cr_assert_eq(value, 8);
	cr_assert_eq(set.count, 5000);
	idset_free(&set);
	cr_assert_eq(set.count, 0);
	cr_assert_eq(idset_find(&set, "asset-7", NULL), 0);
	idset_free(&set);
}

/* The same id as a need and as an asset is not a duplicate; twice as a
 * need is, and so is an unknown field given twice (both said). */
Test(bad_files, ids_are_per_kind_and_fields_checked_once_each)
{
	pin_today();
	struct store *dir = th_directory_empty();
	struct import_report report;
	struct error err = ERROR_INIT;
	const char *good =
		"needs:\n"
		"  - id: walking\n"
		"    label: Walking\n"
		"sectors:\n"
		"  - id: walking\n"
		"    label: Walkers\n"
		"localities:\n"
		"  - id: saltby\n"
		"    label: Saltby\n"
		"assets:\n"
		"  - id: walking\n"
		"    name: Walk\n"
		"    sector: walking\n"
		"    needs: [walking]\n"
		"    localities: [saltby]\n";
	cr_assert_eq(import_text(dir, good, 0, &report, &err), 0, "%s", error_message(&err));
	cr_assert_eq(report.tally[IMPORT_ASSET][IMPORT_ADDED], 1);
	import_report_free(&report);

	const char *bad =
		"needs:\n"
		"  - id: walking\n"
		"    label: Walking\n"
		"  - id: walking\n"
		"    label: Walking again\n"
		"assets:\n"
		"  - id: walking\n"
		"    name: Walk\n"
		"    colour: red\n"
		"    sector: walking\n"
		"    colour: blue\n"
		"    needs: [walking]\n"
		"    localities: [saltby]\n";
	cr_assert_eq(import_text(dir, bad, 0, &report, &err), -1);
	const char *msg = error_message(&err);
	cr_assert(strstr(msg, "test.yaml:4:9: duplicate need id 'walking' (first at line 2)"), "%s", msg);
	cr_assert(strstr(msg, "test.yaml:9:5: unknown field 'colour' in an asset"), "%s", msg);
	cr_assert(strstr(msg, "test.yaml:11:5: unknown field 'colour' in an asset"), "%s", msg);
	cr_assert(strstr(msg, "test.yaml:11:5: field 'colour' is given twice in an asset"
			 " (first at line 9)"), "%s", msg);
	cr_assert_null(strstr(msg, "duplicate asset"), "%s", msg);
	error_clear(&err);
	store_close(dir);
}

/* ---- Reading ahead ----------------------------------------------------- */

TestSuite(ahead, .description = "items made on a second thread, in order");

/* Counts up to limit, then ends (fail_at 0) or fails. */
struct counter {
	int next, limit, fail_at, made, freed;
};

static int count_next(void *ctx, void **item, struct error *err)
{
	struct counter *c = ctx;
	if (c->fail_at && c->next == c->fail_at)
		return error_set(err, ERROR_INPUT, "stopped at %d", c->next);
	if (c->next == c->limit)
		return 0;
	int *n = malloc(sizeof *n);
	if (!n)
		return error_nomem(err);
	*n = c->next++;
	c->made++;
	*item = n;
	return 1;
}

static struct counter *freed_into;

static void count_free(void *item)
{
	free(item);
	freed_into->freed++;
}

/* Every item, in order, then the end or the error, threaded or not. */
static void ahead_runs(size_t room, int limit, int fail_at)
{
	struct counter c = { .limit = limit, .fail_at = fail_at };
	freed_into = &c;
	struct ahead *a;
	struct error err = ERROR_INIT;
	cr_assert_eq(ahead_start(count_next, count_free, &c, room, &a, &err), 0);
	cr_assert_eq(ahead_threaded(a), room >= 2);
	void *item;
	int rc, want = 0;
	while ((rc = ahead_next(a, &item, &err)) > 0) {
		cr_assert_eq(*(int *)item, want++);
		free(item);
	}
	if (fail_at) {
		cr_assert_eq(rc, -1);
		cr_assert_eq(want, fail_at);
		cr_assert_str_eq(error_message(&err), "stopped at 7");
		error_clear(&err);
	} else {
		cr_assert_eq(rc, 0);
		cr_assert_eq(want, limit);
	}
	/* Asked again after the end: the same answer. */
	cr_assert_eq(ahead_next(a, &item, &err), rc);
	error_clear(&err);
	ahead_stop(a);
	cr_assert_eq(c.freed, 0);
}

Test(ahead, in_order_threaded_and_not)
{
	ahead_runs(0, 1000, 0);
	ahead_runs(2, 1000, 0);
	ahead_runs(64, 1000, 0);
	ahead_runs(64, 0, 0);
}

Test(ahead, error_after_the_items_before_it)
{
	ahead_runs(0, 1000, 7);
	ahead_runs(2, 1000, 7);
	ahead_runs(64, 1000, 7);
}

/* A consumer that stops early: the items made and not taken are freed,
 * and the producer goes no further than the room allows. */
Test(ahead, stopped_early_frees_the_rest)
{
	struct counter c = { .limit = 100000 };
	freed_into = &c;
	struct ahead *a;
	struct error err = ERROR_INIT;
	cr_assert_eq(ahead_start(count_next, count_free, &c, 8, &a, &err), 0);
	void *item;
	for (int i = 0; i < 3; i++) {
		cr_assert_eq(ahead_next(a, &item, &err), 1);
		free(item);
	}
	ahead_stop(a);
	cr_assert_eq(c.made, 3 + c.freed);
	cr_assert_leq(c.made, 3 + 8 + 1);
}

/* A file of n assets, with a mistake in asset bad_at (0: none) and a
 * syntax error at the end when broken.  The mistake is one the reading
 * thread finds (a cost), or, when known is set, one only the writer can
 * (a need not in the taxonomy). */
static char *many_assets_(int n, int bad_at, int broken, int known)
{
	struct strbuf text = STRBUF_INIT;
	strbuf_puts(&text, "signpost: 1\nassets:\n");
	for (int i = 1; i <= n; i++)
		strbuf_printf(&text, "  - id: walk-%d\n    name: Walk %d\n    sector: vcse\n"
			      "    needs: [%s]\n    localities: [harbourside]\n"
			      "    cost: %s\n    sessions:\n      - days: [mon]\n"
			      "        start: \"10:00\"\n        end: \"11:00\"\n",
			      i, i, i == bad_at && known ? "lonliness" : "loneliness",
			      i == bad_at && !known ? "cheap" : "free");
	if (broken)
		strbuf_puts(&text, "  - id: [unclosed\n");
	char *s = strbuf_detach(&text);
	cr_assert_not_null(s);
	return s;
}

static char *many_assets(int n, int bad_at, int broken)
{
	return many_assets_(n, bad_at, broken, 0);
}

static int import_threads(struct store *dir, const char *text, int one_thread,
			  struct error *err)
{
	struct import_options opt = { .who = "tester", .one_thread = one_thread };
	struct import_report r;
	int rc = import_buffer(dir, "test.yaml", text, strlen(text), &opt, &r, err);
	if (rc == 0)
		import_report_free(&r);
	return rc;
}

/* What the import writes, but for the times, which differ between runs. */
static const char *const written_sql[] = {
	"SELECT id, name, sector, cost FROM asset ORDER BY num",
	"SELECT * FROM asset_need ORDER BY 1, 2",
	"SELECT * FROM asset_locality ORDER BY 1, 2",
	"SELECT * FROM asset_session ORDER BY 1, 2",
	"SELECT asset, version, changed_by, reason, document FROM asset_version ORDER BY 1, 2",
	"SELECT rowid, * FROM asset_fts ORDER BY rowid",
};

/* Many more assets than the queue holds: the same rows, read on one
 * thread or two. */
Test(ahead, import_writes_the_same_on_one_thread_or_two, .init = pin_today)
{
	char *text = many_assets(500, 0, 0);
	struct store *one = base_directory(), *two = base_directory();
	struct error err = ERROR_INIT;
	cr_assert_eq(import_threads(one, text, 1, &err), 0, "%s", error_message(&err));
	cr_assert_eq(import_threads(two, text, 0, &err), 0, "%s", error_message(&err));
	cr_assert_eq(th_count(two, "SELECT count(*) FROM asset"), 501);
	for (size_t i = 0; i < sizeof written_sql / sizeof written_sql[0]; i++) {
		char *a = dump_table(one, written_sql[i]), *b = dump_table(two, written_sql[i]);
		cr_assert_str_eq(a, b, "%s", written_sql[i]);
		free(a);
		free(b);
	}
	store_close(one);
	store_close(two);
	free(text);
}

/* The same messages, in the same order, and nothing written: a mistake
 * far past the queue's length, then the parser's own error; or a
 * mistake the writer finds (a duplicate of an asset already there). */
Test(ahead, import_refuses_the_same_on_one_thread_or_two, .init = pin_today)
{
	char *texts[] = { many_assets(300, 250, 1), many_assets(300, 0, 1),
			  many_assets(300, 250, 0), many_assets_(300, 250, 0, 1),
			  many_assets_(300, 250, 1, 1) };
	for (size_t t = 0; t < sizeof texts / sizeof texts[0]; t++) {
		char *msg[2];
		for (int one_thread = 0; one_thread < 2; one_thread++) {
			struct store *dir = base_directory();
			struct snapshot before;
			snapshot_take(dir, &before);
			struct error err = ERROR_INIT;
			cr_assert_eq(import_threads(dir, texts[t], one_thread, &err), -1);
			msg[one_thread] = strdup(error_message(&err));
			error_clear(&err);
			assert_unchanged(dir, &before);
			snapshot_free(&before);
			store_close(dir);
		}
		cr_assert_str_eq(msg[0], msg[1]);
		if (t == 0 || t == 2)
			cr_assert(strstr(msg[0], ":2498:11: cost 'cheap' is not one of"), "%s", msg[0]);
		if (t >= 3)
			cr_assert(strstr(msg[0], "asset 'walk-250': unknown need 'lonliness'"),
				  "%s", msg[0]);
		free(msg[0]);
		free(msg[1]);
		free(texts[t]);
	}
}
