/* report_directory: listing health, from the directory file alone (no
 * personal data: a volunteer may run it). */
#include "config.h"

#include "core/report_impl.h"
#include "core/duplicate.h"

#include <stdlib.h>
#include <string.h>

/* The staleness rule of asset_is_stale(): not verified, or verified
 * more than :stale months (twelfths of a year) before today. */
#define STALE \
	"(a.verified_on IS NULL OR" \
	" (julianday(:today) - julianday(a.verified_on)) * 12 > :stale * 365)"

/* Each query reads the asset table's small columns from an index
 * (migration 6): a row of the table holds the whole listing, and
 * reading 200,000 of them was most of this report's time. */
static const char by_sector_sql[] =
	"SELECT s.id, s.label, count(a.num), count(a.num) FILTER (WHERE " STALE "),"
	" count(a.num) FILTER (WHERE a.verified_on IS NULL)"
	" FROM sector s LEFT JOIN asset a INDEXED BY asset_health"
	" ON a.sector = s.id AND a.archived = 0"
	" GROUP BY s.id ORDER BY s.position, s.id";

/* Localities in tree order (each after its parent), with the assets
 * that list them. */
static const char by_locality_sql[] =
	"WITH RECURSIVE tree (id, label, kind, path) AS ("
	"   SELECT id, label, kind, printf('%08d', position) FROM locality"
	"   WHERE parent IS NULL"
	"   UNION ALL SELECT l.id, l.label, l.kind,"
	"   tree.path || '/' || printf('%08d', l.position)"
	"   FROM locality l JOIN tree ON l.parent = tree.id)"
	/* Counted in the order of asset_locality_by_locality, not sorted. */
	" , counts (id, assets, stale, never) AS (SELECT al.locality, count(a.num),"
	"   count(a.num) FILTER (WHERE " STALE "),"
	"   count(a.num) FILTER (WHERE a.verified_on IS NULL)"
	"   FROM asset_locality al INDEXED BY asset_locality_by_locality"
	"   JOIN asset a INDEXED BY asset_verified ON a.num = al.asset AND a.archived = 0"
	"   GROUP BY al.locality)"
	" SELECT tree.id, tree.label, tree.kind, coalesce(c.assets, 0),"
	" coalesce(c.stale, 0), coalesce(c.never, 0)"
	" FROM tree LEFT JOIN counts c ON c.id = tree.id ORDER BY tree.path";

static const char flags_sql[] =
	"SELECT f.id, a.id, a.name, f.reason, f.note, f.raised_by,"
	" substr(f.raised_at, 1, 10),"
	" CAST(julianday(:today) - julianday(substr(f.raised_at, 1, 10)) AS INTEGER)"
	" FROM flag f JOIN asset a ON a.num = f.asset WHERE f.resolved_at IS NULL"
	" ORDER BY substr(f.raised_at, 1, 10), f.id";

static const char unavailable_sql[] =
	"SELECT a.id, a.name, s.label, a.status, a.verified_on FROM"
	" (SELECT num FROM asset INDEXED BY asset_health WHERE archived = 0"
	"   AND status IN ('full', 'temporarily-closed', 'closed')) u"
	" JOIN asset a ON a.num = u.num LEFT JOIN sector s ON s.id = a.sector"
	" ORDER BY CASE a.status WHEN 'closed' THEN 0 WHEN 'temporarily-closed' THEN 1"
	" ELSE 2 END, a.name, a.id";

/* The names from asset_live_by_name; the rest of a listing only for
 * the few that match another. */
static const char duplicates_sql[] =
	"WITH k AS MATERIALIZED (SELECT num, signpost_name_key(name) AS key"
	"   FROM asset INDEXED BY asset_live_by_name WHERE archived = 0),"
	" d AS (SELECT key FROM k WHERE key <> '' GROUP BY key HAVING count(*) > 1)"
	" SELECT k.key, a.id, a.name, s.label, a.postcode FROM k JOIN d ON d.key = k.key"
	" JOIN asset a ON a.num = k.num LEFT JOIN sector s ON s.id = a.sector"
	" ORDER BY k.key, a.name, a.id";

/* A name folded for matching as the listing editor's duplicate check
 * folds it (duplicate_name_key: case, accents and punctuation, a
 * leading "the" and every "and" set aside). */
static void name_key(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	(void)argc;
	const unsigned char *s = sqlite3_value_text(argv[0]);
	if (!s) {
		sqlite3_result_null(ctx);
		return;
	}
	char *key = duplicate_name_key((const char *)s);
	if (!key) {
		sqlite3_result_error_nomem(ctx);
		return;
	}
	sqlite3_result_text(ctx, key, -1, free);
}

static void stale_columns(struct report *r, struct report_table *t)
{
	report_add_column(r, t, "assets", "Assets", REPORT_COUNT, 0,
			  "assets listed (not archived)");
	report_add_column(r, t, "stale", "Stale", REPORT_COUNT, REPORT_COL_CHART,
			  "of those, not verified within the staleness threshold, or never");
	report_add_column(r, t, "stale_percent", "Stale %", REPORT_PERCENT, 0,
			  "stale ÷ assets × 100");
	report_add_column(r, t, "never_verified", "Never verified", REPORT_COUNT, 0,
			  "of the stale, those never verified at all");
	t->chart = REPORT_CHART_BARS;
}

/* Fills the assets, stale, % and never columns from stmt's columns
 * first.. first + 2, at column col. */
static void stale_cells(struct report_table *t, size_t row, size_t col, sqlite3_stmt *stmt,
			int first, double sums[3])
{
	double assets = (double)sqlite3_column_int64(stmt, first);
	double stale = (double)sqlite3_column_int64(stmt, first + 1);
	double never = (double)sqlite3_column_int64(stmt, first + 2);
	report_set_value(t, row, col, assets);
	report_set_value(t, row, col + 1, stale);
	if (assets > 0)
		report_set_value(t, row, col + 2, report_share(stale, assets));
	report_set_value(t, row, col + 3, never);
	if (sums) {
		sums[0] += assets;
		sums[1] += stale;
		sums[2] += never;
	}
}

int report_build_directory(struct report_ctx *c)
{
	struct report *r = c->r;
	sqlite3 *db = store_db(c->dir);
	int rc = sqlite3_create_function_v2(db, "signpost_name_key", 1,
					    SQLITE_UTF8 | SQLITE_DETERMINISTIC |
					    SQLITE_DIRECTONLY, NULL, name_key, NULL, NULL, NULL);
	if (rc != SQLITE_OK)
		return store_fail(c->dir, rc, "cannot prepare the duplicate check", c->err);

	/* Stale by sector. */
	struct report_table *t = report_add_table(
		r, "stale_by_sector", "Stale listings by sector",
		"Assets listed now, by the sector that runs them, and how many are stale.",
		"No sectors.");
	report_add_column(r, t, "sector", "Sector id", REPORT_TEXT, REPORT_COL_KEY, NULL);
	report_add_column(r, t, "label", "Sector", REPORT_TEXT, REPORT_COL_LABEL, NULL);
	stale_columns(r, t);
	sqlite3_stmt *stmt = report_prepare(c, by_sector_sql);
	if (!stmt)
		return -1;
	double sums[3] = { 0 };
	while ((rc = report_step(c, stmt)) == 1) {
		size_t row = report_add_row(r, t, 0);
		report_set_text(r, t, row, 0, report_col_text(stmt, 0));
		report_set_text(r, t, row, 1, report_col_text(stmt, 1));
		stale_cells(t, row, 2, stmt, 2, sums);
	}
	if (rc < 0)
		return -1;
	sqlite3_finalize(stmt);
	size_t total = report_add_row(r, t, REPORT_ROW_TOTAL);
	report_set_text(r, t, total, 1, "All sectors");
	report_set_value(t, total, 2, sums[0]);
	report_set_value(t, total, 3, sums[1]);
	if (sums[0] > 0)
		report_set_value(t, total, 4, report_share(sums[1], sums[0]));
	report_set_value(t, total, 5, sums[2]);

	/* Stale by locality. */
	t = report_add_table(r, "stale_by_locality", "Stale listings by locality",
			     "Assets that list each place as served (an asset listing two "
			     "places counts under both), and how many are stale.",
			     "No localities.");
	report_add_column(r, t, "locality", "Locality id", REPORT_TEXT, REPORT_COL_KEY, NULL);
	report_add_column(r, t, "label", "Locality", REPORT_TEXT, REPORT_COL_LABEL, NULL);
	report_add_column(r, t, "kind", "Kind", REPORT_TEXT, 0, NULL);
	stale_columns(r, t);
	if (!(stmt = report_prepare(c, by_locality_sql)))
		return -1;
	while ((rc = report_step(c, stmt)) == 1) {
		size_t row = report_add_row(r, t, 0);
		for (int i = 0; i < 3; i++)
			report_set_text(r, t, row, (size_t)i, report_col_text(stmt, i));
		stale_cells(t, row, 3, stmt, 3, NULL);
	}
	if (rc < 0)
		return -1;
	sqlite3_finalize(stmt);

	/* Open flags. */
	t = report_add_table(r, "flags", "Open flags",
			     "Flags raised on listings by link workers and not yet resolved, "
			     "oldest first.", "No open flags.");
	report_add_column(r, t, "flag", "Flag", REPORT_COUNT, 0, NULL);
	report_add_column(r, t, "asset", "Asset id", REPORT_TEXT, REPORT_COL_KEY, NULL);
	report_add_column(r, t, "name", "Asset", REPORT_TEXT, REPORT_COL_LABEL, NULL);
	report_add_column(r, t, "reason", "Reason", REPORT_TEXT, 0, NULL);
	report_add_column(r, t, "note", "Note", REPORT_TEXT, 0, NULL);
	report_add_column(r, t, "raised_by", "Raised by", REPORT_TEXT, 0, NULL);
	report_add_column(r, t, "raised_on", "Raised on", REPORT_TEXT, 0, NULL);
	report_add_column(r, t, "days_open", "Days open", REPORT_COUNT, REPORT_COL_CHART,
			  "today − the day it was raised");
	t->chart = REPORT_CHART_BARS;
	if (!(stmt = report_prepare(c, flags_sql)))
		return -1;
	while ((rc = report_step(c, stmt)) == 1) {
		size_t row = report_add_row(r, t, 0);
		report_set_value(t, row, 0, (double)sqlite3_column_int64(stmt, 0));
		for (int i = 1; i < 7; i++)
			if (sqlite3_column_type(stmt, i) != SQLITE_NULL)
				report_set_text(r, t, row, (size_t)i, report_col_text(stmt, i));
		report_set_value(t, row, 7, (double)sqlite3_column_int64(stmt, 7));
	}
	if (rc < 0)
		return -1;
	sqlite3_finalize(stmt);

	/* Full or closed. */
	t = report_add_table(r, "unavailable", "Assets marked full or closed",
			     "Assets listed now whose status is closed, temporarily closed or "
			     "full.", "No asset is marked full or closed.");
	report_add_column(r, t, "asset", "Asset id", REPORT_TEXT, REPORT_COL_KEY, NULL);
	report_add_column(r, t, "name", "Asset", REPORT_TEXT, REPORT_COL_LABEL, NULL);
	report_add_column(r, t, "sector", "Sector", REPORT_TEXT, 0, NULL);
	report_add_column(r, t, "status", "Status", REPORT_TEXT, 0, NULL);
	report_add_column(r, t, "verified", "Verified", REPORT_TEXT, 0, NULL);
	if (!(stmt = report_prepare(c, unavailable_sql)))
		return -1;
	while ((rc = report_step(c, stmt)) == 1) {
		size_t row = report_add_row(r, t, 0);
		for (int i = 0; i < 5; i++)
			if (sqlite3_column_type(stmt, i) != SQLITE_NULL)
				report_set_text(r, t, row, (size_t)i, report_col_text(stmt, i));
	}
	if (rc < 0)
		return -1;
	sqlite3_finalize(stmt);

	/* Likely duplicates. */
	t = report_add_table(r, "duplicates", "Likely duplicates",
			     "Assets listed now whose names match once case, accents, "
			     "punctuation, a leading \"the\" and every \"and\" are set aside; "
			     "each group shares a number.", "No likely duplicates.");
	report_add_column(r, t, "group", "Group", REPORT_COUNT, 0, NULL);
	report_add_column(r, t, "match", "Matched as", REPORT_TEXT, REPORT_COL_KEY, NULL);
	report_add_column(r, t, "asset", "Asset id", REPORT_TEXT, REPORT_COL_KEY, NULL);
	report_add_column(r, t, "name", "Asset", REPORT_TEXT, REPORT_COL_LABEL, NULL);
	report_add_column(r, t, "sector", "Sector", REPORT_TEXT, 0, NULL);
	report_add_column(r, t, "postcode", "Postcode", REPORT_TEXT, 0, NULL);
	if (!(stmt = report_prepare(c, duplicates_sql)))
		return -1;
	long group = 0;
	char *last = NULL;
	while ((rc = report_step(c, stmt)) == 1) {
		const char *key = report_col_text(stmt, 0);
		if (!last || strcmp(last, key) != 0) {
			group++;
			free(last);
			if (!(last = strdup(key)))
				r->failed = 1;
		}
		size_t row = report_add_row(r, t, 0);
		report_set_value(t, row, 0, (double)group);
		for (int i = 0; i < 5; i++)
			if (sqlite3_column_type(stmt, i) != SQLITE_NULL)
				report_set_text(r, t, row, 1 + (size_t)i, report_col_text(stmt, i));
	}
	free(last);
	if (rc < 0)
		return -1;
	sqlite3_finalize(stmt);
	report_note(r, "A listing is stale when it was last verified more than %d months "
		    "before today, or never (stale_after_months in the config).",
		    c->req->stale_months);
	return 0;
}
