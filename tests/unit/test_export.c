/* Tests of the exports: YAML that imports back to the same directory
 * (byte for byte on the second round), CSV that a strict RFC 4180
 * reader accepts and that a spreadsheet cannot run, and JSON that
 * SQLite's own JSON functions accept and read back. */
#include "config.h"

#include "tests/unit/helpers.h"
#include "core/asset.h"
#include "core/asset_store.h"
#include "core/bundled.h"
#include "core/csv.h"
#include "core/directory.h"
#include "core/error.h"
#include "core/export.h"
#include "core/json.h"
#include "core/strbuf.h"
#include "core/strlist.h"
#include "core/taxonomy.h"
#include "core/yaml_import.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- Helpers ---------------------------------------------------------- */

/* The sample's verified dates run to late November 2026, and a date in
 * the future is refused: pin "today" to the sample's own. */
static void pin_today(void)
{
	setenv("SIGNPOST_TODAY", "2026-11-23", 1);
}

/* Another directory file in the test's folder (th_directory_empty
 * makes "directory.db"). */
static struct store *directory_named(const char *name)
{
	char *path = th_path(name);
	struct store *dir = NULL;
	struct error err = ERROR_INIT;
	cr_assert_eq(directory_open(path, STORE_CREATE, &dir, &err), 0, "%s",
		     error_message(&err));
	free(path);
	return dir;
}

/* A directory holding the bundled taxonomy and sample. */
static struct store *sample_directory(void)
{
	struct store *dir = th_directory_empty();
	struct error err = ERROR_INIT;
	cr_assert_eq(bundled_import(dir, BUNDLED_TAXONOMY, "tester", &err), 0, "%s",
		     error_message(&err));
	cr_assert_eq(bundled_import(dir, BUNDLED_SAMPLE, "tester", &err), 0, "%s",
		     error_message(&err));
	return dir;
}

/* Exports dir to a new file name in the test's folder and returns the
 * file's text. */
static char *export_to(struct store *dir, const char *name, enum export_format format,
		       int with_archived)
{
	char *path = th_path(name);
	FILE *f = fopen(path, "wb");
	cr_assert_not_null(f, "cannot write %s", path);
	struct export_options opt = {
		.format = format, .taxonomy = 1, .assets = 1, .with_archived = with_archived,
	};
	struct error err = ERROR_INIT;
	cr_assert_eq(export_directory(dir, f, &opt, &err), 0, "%s", error_message(&err));
	cr_assert_eq(fclose(f), 0);
	char *text = th_read_file(path);
	cr_assert_not_null(text);
	free(path);
	return text;
}

static void import_into(struct store *dir, const char *path, struct import_report *r)
{
	struct import_options opt = { .dry_run = 0, .who = "tester" };
	struct error err = ERROR_INIT;
	cr_assert_eq(import_file(dir, path, &opt, r, &err), 0, "%s", error_message(&err));
}

/* The ids of every asset, archived too, in id order. */
static void all_ids(struct store *dir, struct strlist *ids)
{
	sqlite3_stmt *stmt;
	cr_assert_eq(sqlite3_prepare_v2(store_db(dir), "SELECT id FROM asset ORDER BY id",
					-1, &stmt, NULL), SQLITE_OK);
	while (sqlite3_step(stmt) == SQLITE_ROW)
		cr_assert_eq(strlist_add(ids, (const char *)sqlite3_column_text(stmt, 0)), 0);
	sqlite3_finalize(stmt);
}

/* The exchange document of asset id in dir; newly allocated. */
static char *document_of(struct store *dir, const char *id)
{
	struct asset a;
	struct error err = ERROR_INIT;
	cr_assert_eq(asset_load(dir, id, &a, &err), 0, "%s: %s", id, error_message(&err));
	char *doc = asset_document(&a);
	cr_assert_not_null(doc);
	asset_clear(&a);
	return doc;
}

/* Asserts that two directories hold the same assets (every field of
 * every version-independent document) and the same taxonomy. */
static void assert_same_directory(struct store *a, struct store *b)
{
	struct strlist ids_a = STRLIST_INIT, ids_b = STRLIST_INIT;
	all_ids(a, &ids_a);
	all_ids(b, &ids_b);
	cr_assert_eq(ids_a.count, ids_b.count);
	for (size_t i = 0; i < ids_a.count; i++) {
		cr_assert_str_eq(ids_a.item[i], ids_b.item[i]);
		char *da = document_of(a, ids_a.item[i]);
		char *db = document_of(b, ids_b.item[i]);
		cr_assert_str_eq(da, db, "asset %s differs", ids_a.item[i]);
		free(da);
		free(db);
	}
	strlist_clear(&ids_a);
	strlist_clear(&ids_b);

	struct error err = ERROR_INIT;
	for (int k = 0; k < TAXONOMY_KIND_COUNT; k++) {
		struct taxonomy ta, tb;
		cr_assert_eq(taxonomy_list(a, (enum taxonomy_kind)k, &ta, &err), 0);
		cr_assert_eq(taxonomy_list(b, (enum taxonomy_kind)k, &tb, &err), 0);
		cr_assert_eq(ta.count, tb.count);
		for (size_t i = 0; i < ta.count; i++) {
			const struct taxonomy_item *x = &ta.item[i], *y = &tb.item[i];
			cr_assert_str_eq(x->id, y->id);
			cr_assert_str_eq(x->label, y->label, "%s", x->id);
			cr_assert_str_eq(x->description ? x->description : "<none>",
					 y->description ? y->description : "<none>", "%s", x->id);
			cr_assert_str_eq(x->kind ? x->kind : "<none>",
					 y->kind ? y->kind : "<none>", "%s", x->id);
			cr_assert_str_eq(x->parent ? x->parent : "<none>",
					 y->parent ? y->parent : "<none>", "%s", x->id);
			cr_assert_eq(x->depth, y->depth, "%s", x->id);
			cr_assert_eq(x->assets, y->assets, "%s", x->id);
		}
		taxonomy_free(&ta);
		taxonomy_free(&tb);
	}
	char *na = directory_name(a), *nb = directory_name(b);
	cr_assert_str_eq(na ? na : "<none>", nb ? nb : "<none>");
	free(na);
	free(nb);
}

/* ---- YAML round trip ---------------------------------------------------- */

TestSuite(yaml_round_trip, .init = pin_today);

/* A -> a.yaml -> B -> b.yaml: the two files are the same bytes, and A
 * and B hold the same directory, archived assets included. */
static void round_trip(struct store *a)
{
	char *yaml_a = export_to(a, "a.yaml", EXPORT_YAML, 1);
	cr_assert_gt(strlen(yaml_a), 0);
	cr_assert(strncmp(yaml_a, "signpost: 1\n", 12) == 0, "%.40s", yaml_a);

	struct store *b = directory_named("b.db");
	char *path = th_path("a.yaml");
	struct import_report r;
	import_into(b, path, &r);
	import_report_free(&r);
	char *yaml_b = export_to(b, "b.yaml", EXPORT_YAML, 1);
	size_t at = 0, line = 1;
	while (yaml_a[at] && yaml_a[at] == yaml_b[at])
		line += yaml_a[at++] == '\n';
	cr_assert(yaml_a[at] == yaml_b[at], "the exports of A and B differ at line %zu:\n"
		  "%.80s\n---\n%.80s", line, yaml_a + at, yaml_b + at);
	assert_same_directory(a, b);
	cr_assert_eq(th_count(a, "SELECT count(*) FROM asset WHERE archived"),
		     th_count(b, "SELECT count(*) FROM asset WHERE archived"));

	/* And the export imported back into A changes nothing there. */
	import_into(a, path, &r);
	cr_assert_gt(r.count, 0);
	for (size_t i = 0; i < r.count; i++)
		cr_assert_eq(r.entry[i].change, IMPORT_UNCHANGED, "%s %s changed",
			     import_what_name(r.entry[i].what), r.entry[i].id);
	import_report_free(&r);

	free(path);
	free(yaml_a);
	free(yaml_b);
	store_close(b);
}

Test(yaml_round_trip, bundled_sample)
{
	struct store *a = sample_directory();
	cr_assert_eq(th_count(a, "SELECT count(*) FROM asset WHERE archived"), 3);
	round_trip(a);
	/* The archived ones came through as archived. */
	struct store *b = directory_named("b.db");
	cr_assert_eq(th_count(b, "SELECT count(*) FROM asset WHERE archived"), 3);
	cr_assert_eq(th_count(b, "SELECT count(*) FROM asset"),
		     th_count(a, "SELECT count(*) FROM asset"));
	cr_assert_eq(th_count(b, "SELECT archived FROM asset"
				 " WHERE id = 'cliff-end-grief-and-growing'"), 1);
	store_close(b);
	store_close(a);
}

/* Values a YAML writer must quote or fold with care (see the file). */
Test(yaml_round_trip, tricky_values)
{
	struct store *a = th_directory_empty();
	th_import_data(a, "export-tricky.yaml");
	round_trip(a);

	/* Spot checks that the values are the text the file meant. */
	struct asset x;
	struct error err = ERROR_INIT;
	struct store *b = directory_named("b.db");
	cr_assert_eq(asset_load(b, "tricky-quotes", &x, &err), 0, "%s", error_message(&err));
	cr_assert_str_eq(x.name, "yes");
	cr_assert_str_eq(x.organisation, "- not a list item");
	cr_assert_str_eq(x.description,
			 "First line, with trailing words.\n\n  An indented line.\n"
			 "A line with 'single' and \"double\" quotes: and a colon.\nTab\tinside.");
	cr_assert_str_eq(x.when, "10:30");
	cr_assert_str_eq(x.eligibility, "123");
	cr_assert_str_eq(x.accessibility, "  two leading spaces");
	cr_assert_str_eq(x.verified_by, "~");
	cr_assert_str_eq(x.notes, "Ünïcödé – ☕ 日本語 עברית");
	cr_assert_eq(x.session_count, 2);
	cr_assert_str_eq(x.sessions[0].note, "#1: the first session");
	cr_assert_str_eq(x.sessions[1].start, "");
	asset_clear(&x);
	cr_assert_eq(asset_load(b, "tricky-archived", &x, &err), 0, "%s", error_message(&err));
	cr_assert(x.archived);
	cr_assert_str_eq(x.name, "@handle");
	cr_assert_str_eq(x.when, "1e3");
	asset_clear(&x);
	char *label = taxonomy_label(b, TAXONOMY_SECTOR, "faith");
	cr_assert_str_eq(label, "~");
	free(label);
	store_close(b);
	store_close(a);
}

/* signpost reads every value as text, so the round trip alone cannot
 * tell whether the export quotes what other YAML readers would take for
 * a boolean, a null, a number, a date or a sexagesimal time: look. */
Test(yaml_round_trip, quotes_what_other_readers_misread)
{
	struct store *a = th_directory_empty();
	th_import_data(a, "export-tricky.yaml");
	char *text = export_to(a, "a.yaml", EXPORT_YAML, 1);
	static const char *const lines[] = {
		"\n  name: \"yes\"\n",
		"\n  label: \"null\"\n",
		"\n  label: \"~\"\n",
		"\n  eligibility: \"123\"\n",
		"\n  when: \"10:30\"\n",
		"\n  when: \"1e3\"\n",
		"\n    start: \"09:05\"\n",
		"\n  phone: \"+44 1632 960000\"\n",
		"\n  verified: \"2026-01-02\"\n",
		"\n  accessibility: \"  two leading spaces\"\n",
		"\n  notes: \"on\"\n",
		"\n  archived: true\n",
		"signpost: 1\n",
	};
	for (size_t i = 0; i < sizeof lines / sizeof lines[0]; i++)
		cr_assert_not_null(strstr(text, lines[i]), "no %s in\n%s", lines[i], text);
	free(text);
	store_close(a);
}

/* Without with_archived, archived assets are left out. */
Test(yaml_round_trip, archived_left_out)
{
	struct store *a = th_directory_empty();
	th_import_data(a, "export-tricky.yaml");
	char *text = export_to(a, "a.yaml", EXPORT_YAML, 0);
	cr_assert_null(strstr(text, "tricky-archived"));
	cr_assert_not_null(strstr(text, "\n- id: tricky-plain\n"));
	free(text);
	store_close(a);
}

/* ---- CSV ----------------------------------------------------------------- */

TestSuite(csv, .init = pin_today);

/* What csv_quote makes of s; newly allocated. */
static char *quoted(const char *s)
{
	struct strbuf sb = STRBUF_INIT;
	csv_quote(&sb, s);
	char *out = strbuf_detach(&sb);
	cr_assert_not_null(out);
	return out;
}

#define QUOTES(in, out)                                                          \
	do {                                                                     \
		char *got_ = quoted(in);                                         \
		cr_assert_str_eq(got_, out, "csv_quote(\"%s\")", in ? in : "NULL"); \
		free(got_);                                                      \
	} while (0)

Test(csv, plain_fields_are_left_alone)
{
	QUOTES("Harbourside Café", "Harbourside Café");
	QUOTES("it's", "it's");
	QUOTES("", "");
	QUOTES(NULL, "");
	QUOTES("a\tb", "a\tb");
}

/* RFC 4180: a comma, a quote or a line break means quotes, and a quote
 * inside is doubled. */
Test(csv, rfc4180_quoting)
{
	QUOTES("a,b", "\"a,b\"");
	QUOTES("say \"hi\"", "\"say \"\"hi\"\"\"");
	QUOTES("\"", "\"\"\"\"");
	QUOTES("line one\nline two", "\"line one\nline two\"");
	QUOTES("a,\"b\"\nc", "\"a,\"\"b\"\"\nc\"");
}

/* Spreadsheets trim unquoted edge spaces. */
Test(csv, edge_spaces_are_quoted)
{
	QUOTES(" leading", "\" leading\"");
	QUOTES("trailing ", "\"trailing \"");
	QUOTES(" ", "\" \"");
	QUOTES("in side", "in side");
}

/* CSV injection: a cell that starts like a formula gets a leading
 * apostrophe, inside quotes; phone numbers and negative numbers do
 * not. */
Test(csv, formulas_are_defused)
{
	QUOTES("=SUM(A1)", "\"'=SUM(A1)\"");
	QUOTES("=HYPERLINK(\"http://x\")", "\"'=HYPERLINK(\"\"http://x\"\")\"");
	QUOTES("@cmd", "\"'@cmd\"");
	QUOTES("+cmd", "\"'+cmd\"");
	QUOTES("-cmd", "\"'-cmd\"");
	QUOTES("-2+3+cmd|' /C calc'!A0", "-2+3+cmd|' /C calc'!A0");
	QUOTES("+44 1632", "+44 1632");
	QUOTES("-5", "-5");
	QUOTES("-", "-");
	QUOTES("- item", "- item");
	QUOTES("a=b", "a=b");
}

/* Control characters become visible, so a CSV file written to a
 * terminal cannot drive it.  A CR is one of them: it never reaches the
 * file raw, so only LF needs the quotes. */
Test(csv, controls_made_visible)
{
	QUOTES("red\x1b[31m", "red^[[31m");
	QUOTES("bell\a", "bell^G");
	QUOTES("del\x7f", "del^?");
	QUOTES("c1\xc2\x9b", "c1<U+009B>");
	QUOTES("cr\rhere", "cr^Mhere");
	QUOTES("crlf\r\nhere", "\"crlf^M\nhere\"");
	QUOTES("bad \xff byte", "bad \xef\xbf\xbd byte");
	/* A control first is not a formula, but must not hide one. */
	QUOTES("\x1b=1", "^[=1");
}

Test(csv, rows_and_empty_fields)
{
	char *text = NULL;
	size_t len = 0;
	FILE *mem = open_memstream(&text, &len);
	cr_assert_not_null(mem);
	struct csv c;
	csv_init(&c, mem);
	csv_field(&c, NULL);
	csv_field(&c, "");
	csv_field_int(&c, -5);
	csv_field(&c, "x,y");
	csv_end_row(&c);
	csv_field(&c, "only");
	csv_end_row(&c);
	csv_end_row(&c);
	cr_assert_eq(csv_finish(&c), 0);
	fclose(mem);
	cr_assert_str_eq(text, ",,-5,\"x,y\"\r\nonly\r\n\r\n");
	free(text);
}

/* A strict RFC 4180 reader: records end in CRLF (the last one too),
 * fields are plain or wholly quoted with "" for a quote, and nothing
 * else is accepted. */
struct csv_rows {
	struct strlist *row;
	size_t count;
};

static void csv_rows_free(struct csv_rows *t)
{
	for (size_t i = 0; i < t->count; i++)
		strlist_clear(&t->row[i]);
	free(t->row);
}

static void parse_csv(const char *s, struct csv_rows *out)
{
	memset(out, 0, sizeof *out);
	const char *p = s;
	while (*p) {
		out->row = realloc(out->row, (out->count + 1) * sizeof *out->row);
		cr_assert_not_null(out->row);
		struct strlist *row = &out->row[out->count++];
		*row = (struct strlist)STRLIST_INIT;
		for (;;) {
			struct strbuf field = STRBUF_INIT;
			if (*p == '"') {
				for (p++;; p++) {
					cr_assert(*p, "row %zu: a quoted field never closes", out->count);
					if (*p == '"') {
						if (p[1] != '"')
							break;
						p++;
					}
					strbuf_putc(&field, *p);
				}
				p++;
				cr_assert(*p == ',' || *p == '\r', "row %zu: '%c' after a closing quote",
					  out->count, *p);
			} else {
				for (; *p && *p != ',' && *p != '\r' && *p != '\n'; p++) {
					cr_assert(*p != '"', "row %zu: a quote in a plain field",
						  out->count);
					strbuf_putc(&field, *p);
				}
			}
			cr_assert_eq(strlist_add(row, strbuf_str(&field)), 0);
			strbuf_free(&field);
			if (*p == ',') {
				p++;
				continue;
			}
			cr_assert(p[0] == '\r' && p[1] == '\n',
				  "row %zu does not end in CRLF", out->count);
			p += 2;
			break;
		}
	}
}

/* The exported sample reads back as one header and one row an asset,
 * each as wide as the header. */
Test(csv, export_of_sample)
{
	struct store *dir = sample_directory();
	char *text = export_to(dir, "a.csv", EXPORT_CSV, 0);
	struct csv_rows t;
	parse_csv(text, &t);

	size_t columns = 0;
	while (export_csv_columns[columns])
		columns++;
	cr_assert_eq(columns, 25);
	cr_assert_gt(t.count, 0);
	cr_assert_eq(t.row[0].count, columns);
	for (size_t i = 0; i < columns; i++)
		cr_assert_str_eq(t.row[0].item[i], export_csv_columns[i]);

	long shown = th_count(dir, "SELECT count(*) FROM asset WHERE NOT archived");
	cr_assert_eq((long)t.count, shown + 1);
	for (size_t r = 0; r < t.count; r++)
		cr_assert_eq(t.row[r].count, columns, "row %zu has %zu fields", r, t.row[r].count);

	/* Rows come in id order, without the archived. */
	sqlite3_stmt *stmt;
	cr_assert_eq(sqlite3_prepare_v2(store_db(dir),
					"SELECT id FROM asset WHERE NOT archived ORDER BY id",
					-1, &stmt, NULL), SQLITE_OK);
	for (size_t r = 1; r < t.count; r++) {
		cr_assert_eq(sqlite3_step(stmt), SQLITE_ROW);
		cr_assert_str_eq(t.row[r].item[0], (const char *)sqlite3_column_text(stmt, 0));
		cr_assert_str_eq(t.row[r].item[24], "no");
	}
	sqlite3_finalize(stmt);

	/* One row, field by field. */
	const struct strlist *cafe = NULL;
	for (size_t r = 1; r < t.count; r++)
		if (strcmp(t.row[r].item[0], "harbourside-bereavement-cafe") == 0)
			cafe = &t.row[r];
	cr_assert_not_null(cafe);
	cr_assert_str_eq(cafe->item[1], "Harbourside Bereavement Café");
	cr_assert_str_eq(cafe->item[2], "St Elwyn's Hospice");
	cr_assert_str_eq(cafe->item[3], "vcse");
	cr_assert_str_eq(cafe->item[4], "bereavement,meeting-people");
	cr_assert_str_eq(cafe->item[5], "harbourside,wrenmouth");
	cr_assert_str_eq(cafe->item[8], "ZW1 2AR");
	cr_assert_str_eq(cafe->item[9], "01632 960818");
	cr_assert_str_eq(cafe->item[12], "Thu 14:00-16:00");
	cr_assert_str_eq(cafe->item[14], "low");
	cr_assert_str_eq(cafe->item[18], "self,link-worker,professional");
	cr_assert_str_eq(cafe->item[20], "open");
	cr_assert_str_eq(cafe->item[21], "2026-06-29");
	csv_rows_free(&t);
	free(text);

	/* With the archived: three more rows, marked so. */
	text = export_to(dir, "b.csv", EXPORT_CSV, 1);
	parse_csv(text, &t);
	cr_assert_eq((long)t.count, th_count(dir, "SELECT count(*) FROM asset") + 1);
	size_t archived = 0;
	for (size_t r = 1; r < t.count; r++)
		archived += strcmp(t.row[r].item[24], "yes") == 0;
	cr_assert_eq(archived, 3);
	csv_rows_free(&t);
	free(text);
	store_close(dir);
}

/* Line breaks, quotes and a formula in real data survive the reader. */
Test(csv, export_of_tricky_values)
{
	struct store *dir = th_directory_empty();
	th_import_data(dir, "export-tricky.yaml");
	char *text = export_to(dir, "a.csv", EXPORT_CSV, 1);
	struct csv_rows t;
	parse_csv(text, &t);
	cr_assert_eq(t.count, 4);
	const struct strlist *q = &t.row[3];
	cr_assert_str_eq(q->item[0], "tricky-quotes");
	cr_assert_str_eq(q->item[6],
			 "First line, with trailing words.\n\n  An indented line.\n"
			 "A line with 'single' and \"double\" quotes: and a colon.\nTab\tinside.");
	cr_assert_str_eq(q->item[9], "+44 1632 960000");
	cr_assert_str_eq(q->item[12], "Mon, Wed, Fri 09:05-10:00 (#1: the first session); Sat-Sun");
	cr_assert_str_eq(q->item[15], "'=SUM(A1) is not a formula here");
	cr_assert_str_eq(q->item[16], "  two leading spaces");
	cr_assert_str_eq(q->item[18], "self,professional");
	cr_assert_str_eq(t.row[1].item[1], "'@handle");
	cr_assert_str_eq(t.row[1].item[24], "yes");
	csv_rows_free(&t);
	free(text);
	store_close(dir);
}

/* ---- JSON ---------------------------------------------------------------- */

TestSuite(json, .init = pin_today);

/* Runs a query with text bound to ?1 on an in-memory SQLite and returns
 * the first column of its one row as text (newly allocated, "<NULL>"
 * for NULL). */
static char *sql_text(const char *sql, const char *text)
{
	sqlite3 *db;
	cr_assert_eq(sqlite3_open(":memory:", &db), SQLITE_OK);
	sqlite3_stmt *stmt;
	cr_assert_eq(sqlite3_prepare_v2(db, sql, -1, &stmt, NULL), SQLITE_OK, "%s: %s", sql,
		     sqlite3_errmsg(db));
	sqlite3_bind_text(stmt, 1, text, -1, SQLITE_STATIC);
	cr_assert_eq(sqlite3_step(stmt), SQLITE_ROW, "%s: %s", sql, sqlite3_errmsg(db));
	const unsigned char *v = sqlite3_column_text(stmt, 0);
	char *out = strdup(v ? (const char *)v : "<NULL>");
	sqlite3_finalize(stmt);
	sqlite3_close(db);
	return out;
}

static long sql_long(const char *sql, const char *text)
{
	char *s = sql_text(sql, text);
	long n = strtol(s, NULL, 10);
	free(s);
	return n;
}

#define JSON_FIELD_IS(text, path, want)                                          \
	do {                                                                     \
		char *got_ = sql_text("SELECT json_extract(?1, '" path "')", text); \
		cr_assert_str_eq(got_, want, "%s", path);                        \
		free(got_);                                                      \
	} while (0)

Test(json, export_of_sample)
{
	struct store *dir = sample_directory();
	char *text = export_to(dir, "a.json", EXPORT_JSON, 0);
	cr_assert_eq(sql_long("SELECT json_valid(?1)", text), 1, "not valid JSON");
	char *type = sql_text("SELECT json_type(?1)", text);
	cr_assert_str_eq(type, "object");
	free(type);

	cr_assert_eq(sql_long("SELECT json_array_length(?1, '$.assets')", text),
		     th_count(dir, "SELECT count(*) FROM asset WHERE NOT archived"));
	cr_assert_eq(sql_long("SELECT json_array_length(?1, '$.needs')", text),
		     th_count(dir, "SELECT count(*) FROM need"));
	cr_assert_eq(sql_long("SELECT json_array_length(?1, '$.sectors')", text),
		     th_count(dir, "SELECT count(*) FROM sector"));
	cr_assert_eq(sql_long("SELECT json_array_length(?1, '$.localities')", text),
		     th_count(dir, "SELECT count(*) FROM locality"));
	JSON_FIELD_IS(text, "$.directory", "Wrenmouth and District community directory (sample)");
	cr_assert_eq(sql_long("SELECT count(*) FROM json_each(?1, '$.assets')"
			      " WHERE json_extract(value, '$.archived') IS NOT NULL", text), 0);

	/* One asset, field by field. */
	static const char one[] =
		"SELECT json_extract(value, ?2) FROM json_each(?1, '$.assets')"
		" WHERE json_extract(value, '$.id') = 'harbourside-bereavement-cafe'";
	static const struct { const char *path, *want; } fields[] = {
		{ "$.name", "Harbourside Bereavement Café" },
		{ "$.organisation", "St Elwyn's Hospice" },
		{ "$.sector", "vcse" },
		{ "$.needs[0]", "bereavement" },
		{ "$.needs[1]", "meeting-people" },
		{ "$.localities[0]", "harbourside" },
		{ "$.phone", "01632 960818" },
		{ "$.sessions[0].days[0]", "thu" },
		{ "$.sessions[0].start", "14:00" },
		{ "$.sessions[0].end", "16:00" },
		{ "$.cost", "low" },
		{ "$.referral[2]", "professional" },
		{ "$.status", "open" },
		{ "$.verified", "2026-06-29" },
	};
	sqlite3 *db;
	cr_assert_eq(sqlite3_open(":memory:", &db), SQLITE_OK);
	sqlite3_stmt *stmt;
	cr_assert_eq(sqlite3_prepare_v2(db, one, -1, &stmt, NULL), SQLITE_OK);
	for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++) {
		sqlite3_bind_text(stmt, 1, text, -1, SQLITE_STATIC);
		sqlite3_bind_text(stmt, 2, fields[i].path, -1, SQLITE_STATIC);
		cr_assert_eq(sqlite3_step(stmt), SQLITE_ROW, "%s", fields[i].path);
		const unsigned char *v = sqlite3_column_text(stmt, 0);
		cr_assert_str_eq(v ? (const char *)v : "<NULL>", fields[i].want, "%s",
				 fields[i].path);
		sqlite3_reset(stmt);
	}
	sqlite3_finalize(stmt);

	/* Every asset in the export is its exchange document, as stored. */
	cr_assert_eq(sqlite3_prepare_v2(db,
					"SELECT json_extract(value, '$.id'), json(value)"
					" FROM json_each(?1, '$.assets')", -1, &stmt, NULL),
		     SQLITE_OK);
	sqlite3_bind_text(stmt, 1, text, -1, SQLITE_STATIC);
	size_t n = 0;
	while (sqlite3_step(stmt) == SQLITE_ROW) {
		const char *id = (const char *)sqlite3_column_text(stmt, 0);
		char *doc = document_of(dir, id);
		cr_assert_str_eq((const char *)sqlite3_column_text(stmt, 1), doc, "%s", id);
		free(doc);
		n++;
	}
	sqlite3_finalize(stmt);
	sqlite3_close(db);
	cr_assert_eq((long)n, th_count(dir, "SELECT count(*) FROM asset WHERE NOT archived"));
	free(text);
	store_close(dir);
}

Test(json, export_of_tricky_values)
{
	struct store *dir = th_directory_empty();
	th_import_data(dir, "export-tricky.yaml");
	char *text = export_to(dir, "a.json", EXPORT_JSON, 1);
	cr_assert_eq(sql_long("SELECT json_valid(?1)", text), 1, "not valid JSON");
	cr_assert_eq(sql_long("SELECT json_array_length(?1, '$.assets')", text), 3);
	JSON_FIELD_IS(text, "$.assets[0].archived", "1");
	JSON_FIELD_IS(text, "$.assets[1].id", "tricky-plain");
	JSON_FIELD_IS(text, "$.assets[2].name", "yes");
	JSON_FIELD_IS(text, "$.assets[2].description",
		      "First line, with trailing words.\n\n  An indented line.\n"
		      "A line with 'single' and \"double\" quotes: and a colon.\nTab\tinside.");
	JSON_FIELD_IS(text, "$.assets[2].notes", "Ünïcödé – ☕ 日本語 עברית");
	JSON_FIELD_IS(text, "$.sectors[0].label", "Voluntary & community: \"VCSE\"");
	JSON_FIELD_IS(text, "$.needs[2].parent", "bereavement");
	/* Nothing raw below space in the file but the pretty-printer's
	 * line breaks. */
	for (const unsigned char *p = (const unsigned char *)text; *p; p++)
		cr_assert(*p >= 0x20 || *p == '\n', "raw control 0x%02x in the JSON", *p);
	free(text);
	store_close(dir);
}

/* The JSON text json_string writes for s; newly allocated. */
static char *json_of(const char *s)
{
	struct json j;
	json_init(&j, NULL, 0);
	json_string(&j, s);
	cr_assert_eq(json_finish(&j), 0);
	char *out = strbuf_detach(&j.buf);
	cr_assert_not_null(out);
	return out;
}

/* Every C0 control and DEL is escaped, as \n \t \r or \u00XX, and what
 * is written reads back as what was given. */
Test(json, control_characters_escaped)
{
	char *got = json_of("a\x01" "b\x1b[31m\x7f\"\\\n\t\r/é");
	cr_assert_str_eq(got, "\"a\\u0001b\\u001b[31m\\u007f\\\"\\\\\\n\\t\\r/é\"");
	free(got);

	for (int c = 1; c < 0x20; c++) {
		char in[2] = { (char)c, 0 };
		char want[16];
		if (c == '\n' || c == '\t' || c == '\r')
			snprintf(want, sizeof want, "\"\\%c\"", c == '\n' ? 'n' : c == '\t' ? 't' : 'r');
		else
			snprintf(want, sizeof want, "\"\\u%04x\"", c);
		got = json_of(in);
		cr_assert_str_eq(got, want, "control 0x%02x", c);
		cr_assert_eq(sql_long("SELECT json_valid(?1)", got), 1, "0x%02x", c);
		char *back = sql_text("SELECT json_extract(?1, '$')", got);
		cr_assert_str_eq(back, in, "0x%02x reads back", c);
		free(back);
		free(got);
	}

	/* C1 controls (U+0080 to U+009F) are controls too: U+009B is CSI
	 * on a terminal that takes it. */
	got = json_of("csi\xc2\x9b" "2J nel\xc2\x85 ok\xc2\xa0");
	cr_assert_str_eq(got, "\"csi\\u009b2J nel\\u0085 ok\xc2\xa0\"");
	char *back = sql_text("SELECT json_extract(?1, '$')", got);
	cr_assert_str_eq(back, "csi\xc2\x9b" "2J nel\xc2\x85 ok\xc2\xa0");
	free(back);
	free(got);

	got = json_of(NULL);
	cr_assert_str_eq(got, "null");
	free(got);
}

/* Keys are escaped as values are, and a small document is exact. */
Test(json, compact_document)
{
	struct json j;
	json_init(&j, NULL, 0);
	json_object_begin(&j);
	json_member_string(&j, "na\"me", "x");
	json_member_string(&j, "skipped", NULL);
	json_member_int(&j, "n", -3);
	json_key(&j, "list");
	json_array_begin(&j);
	json_bool(&j, 1);
	json_null(&j);
	json_array_end(&j);
	json_object_end(&j);
	cr_assert_eq(json_finish(&j), 0);
	cr_assert_str_eq(strbuf_str(&j.buf), "{\"na\\\"me\":\"x\",\"n\":-3,\"list\":[true,null]}");
	json_free(&j);
}
