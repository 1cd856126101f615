/* report_gaps: where needs go unmet (need x place, ranked by shortfall),
 * and the ecosystem (need x sector: which sectors carry the load, and
 * where a need hangs on one sector or one asset). */
#include "config.h"

#include "core/report_impl.h"

#include <stdlib.h>
#include <string.h>

/* Open assets for a need (or one of its sub-needs) in a place: serving
 * it, a place within it, or a place around it, as a search there finds
 * them.  A NULL place (an unmet need logged without one) means anywhere.
 * Counted in C (report_open.c): the unit tests hold it to the
 * correlated subquery it replaced. */
#define OPEN_ASSETS(need, place) "signpost_open_assets(" need ", " place ")"

/* The cells: every need and place with referrals, unsuitable outcomes
 * or unmet needs in the period.  Referrals are grouped by need and asset
 * before they meet the directory, so the join is by the thousand, not
 * by the referral. */
static const char gaps_sql[] =
	"WITH rr AS (SELECT r.id, r.asset_id,"
	"   (r.status = 'unsuitable' AND r.closed_on <= :to) AS unsuitable"
	"   FROM referral r WHERE r.created_on BETWEEN :from AND :to%s),"
	" by_asset AS (SELECT rn.need, rr.asset_id, count(*) AS referrals,"
	"   sum(rr.unsuitable) AS unsuitable FROM rr"
	"   JOIN referral_need rn ON rn.referral = rr.id GROUP BY rn.need, rr.asset_id),"
	" referred AS (SELECT b.need, al.locality, sum(b.referrals) AS referrals,"
	"   sum(b.unsuitable) AS unsuitable FROM by_asset b"
	"   JOIN dir.asset a ON a.id = b.asset_id"
	"   JOIN dir.asset_locality al ON al.asset = a.num GROUP BY b.need, al.locality),"
	" unmet AS (SELECT un.need, u.locality, count(*) AS unmet FROM unmet_need u"
	"   JOIN unmet_need_need un ON un.unmet = u.id"
	"   WHERE u.created_on BETWEEN :from AND :to%s GROUP BY un.need, u.locality),"
	" cells AS (SELECT need, locality, sum(referrals) AS referrals,"
	"   sum(unsuitable) AS unsuitable, sum(unmet) AS unmet FROM"
	"   (SELECT need, locality, referrals, unsuitable, 0 AS unmet FROM referred"
	"    UNION ALL SELECT need, locality, 0, 0, unmet FROM unmet)"
	"   GROUP BY need, locality),"
	" scored AS (SELECT c.*, " OPEN_ASSETS("c.need", "c.locality") " AS assets"
	"   FROM cells c)"
	" SELECT s.need, n.label, s.locality, l.label, s.assets, s.referrals, s.unmet,"
	"   s.unsuitable, (s.unmet + s.unsuitable) * 1.0 / (s.assets + 1) AS shortfall"
	" FROM scored s LEFT JOIN dir.need n ON n.id = s.need"
	" LEFT JOIN dir.locality l ON l.id = s.locality"
	" ORDER BY shortfall DESC, s.unmet + s.unsuitable DESC, s.unmet DESC,"
	"   s.referrals DESC, n.label, l.label";

/* Needs that no open asset serves, anywhere. */
static const char no_assets_sql[] =
	"SELECT n.id, n.label, (SELECT count(*) FROM unmet_need u"
	"   JOIN unmet_need_need un ON un.unmet = u.id"
	"   WHERE un.need = n.id AND u.created_on BETWEEN :from AND :to%s) AS unmet"
	" FROM dir.need n WHERE " OPEN_ASSETS("n.id", "NULL") " = 0%s"
	" ORDER BY unmet DESC, n.label";

static int gaps_tables(struct report_ctx *c, struct report_table *t);

int report_build_gaps(struct report_ctx *c)
{
	struct report *r = c->r;
	struct report_table *t = report_add_table(
		r, "gaps", "Needs and places, by shortfall",
		"Each need and place where referrals were made, an unmet need was logged or "
		"a referral closed as unsuitable in the period.",
		"No referrals or unmet needs in this period.");
	report_add_column(r, t, "rank", "Rank", REPORT_COUNT, 0,
			  "the place in the ranking by shortfall");
	report_add_column(r, t, "need", "Need id", REPORT_TEXT, REPORT_COL_KEY, NULL);
	report_add_column(r, t, "need_label", "Need", REPORT_TEXT, REPORT_COL_LABEL, NULL);
	report_add_column(r, t, "locality", "Locality id", REPORT_TEXT, REPORT_COL_KEY, NULL);
	report_add_column(r, t, "locality_label", "Place", REPORT_TEXT, REPORT_COL_LABEL, NULL);
	report_add_column(r, t, "open_assets", "Open assets", REPORT_COUNT, 0,
			  "open assets for the need (or a sub-need) serving the place, a place "
			  "within it or around it, as a search there finds them");
	report_add_column(r, t, "referrals", "Referrals", REPORT_COUNT, REPORT_COL_PERSONAL,
			  "referrals made in the period for the need, to assets that list the "
			  "place");
	report_add_column(r, t, "unmet", "Unmet needs", REPORT_COUNT, REPORT_COL_PERSONAL,
			  "unmet needs logged in the period for the need in the place");
	report_add_column(r, t, "unsuitable", "Unsuitable", REPORT_COUNT, REPORT_COL_PERSONAL,
			  "of those referrals, the ones closed as unsuitable by the end of "
			  "the period");
	report_add_column(r, t, "shortfall", "Shortfall", REPORT_NUMBER, REPORT_COL_CHART,
			  "(unmet needs + unsuitable) ÷ (open assets + 1)");
	t->chart = REPORT_CHART_BARS;

	struct report_open *open = report_open_new(c);
	if (!open)
		return -1;
	int rc = gaps_tables(c, t);
	report_open_free(open);
	return rc;
}

/* The two tables, with signpost_open_assets() defined. */
static int gaps_tables(struct report_ctx *c, struct report_table *t)
{
	struct report *r = c->r;
	const char *need_only = c->req->filter.need
		? " AND n.id IN (SELECT descendant FROM dir.need_tree WHERE ancestor = :need)" : "";
	struct strbuf sql = STRBUF_INIT;
	strbuf_printf(&sql, gaps_sql, strbuf_str(&c->referral_filter),
		      strbuf_str(&c->unmet_filter));
	sqlite3_stmt *stmt = sql.failed ? NULL : report_prepare(c, strbuf_str(&sql));
	if (!stmt) {
		strbuf_free(&sql);
		return -1;
	}
	int rc;
	while ((rc = report_step(c, stmt)) == 1) {
		size_t row = report_add_row(r, t, 0);
		report_set_value(t, row, 0, (double)(row + 1));
		report_set_text(r, t, row, 1, report_col_text(stmt, 0));
		report_set_text(r, t, row, 2, report_col_text(stmt, 1));
		int place = sqlite3_column_type(stmt, 2) != SQLITE_NULL;
		report_set_text(r, t, row, 3, report_col_text(stmt, 2));
		report_set_text(r, t, row, 4, place ? report_col_text(stmt, 3) : "(place not given)");
		for (int i = 0; i < 4; i++)
			report_set_value(t, row, 5 + (size_t)i,
					 (double)sqlite3_column_int64(stmt, 4 + i));
		report_set_derived(t, row, 9, sqlite3_column_double(stmt, 8),
				   report_cell_index(t, row, 7), report_cell_index(t, row, 8), -1);
	}
	if (rc < 0) {
		strbuf_free(&sql);
		return -1;
	}
	sqlite3_finalize(stmt);

	struct report_table *none = report_add_table(
		r, "no_assets", "Needs no open asset serves",
		"Needs (with their sub-needs) that no open asset in the directory is filed "
		"under, anywhere, and the unmet needs logged for each in the period.",
		"Every need has at least one open asset.");
	report_add_column(r, none, "need", "Need id", REPORT_TEXT, REPORT_COL_KEY, NULL);
	report_add_column(r, none, "label", "Need", REPORT_TEXT, REPORT_COL_LABEL, NULL);
	report_add_column(r, none, "unmet", "Unmet needs", REPORT_COUNT,
			  REPORT_COL_PERSONAL | REPORT_COL_CHART,
			  "unmet needs logged in the period for this need");
	none->chart = REPORT_CHART_BARS;
	strbuf_reset(&sql);
	strbuf_printf(&sql, no_assets_sql, strbuf_str(&c->unmet_filter), need_only);
	stmt = sql.failed ? NULL : report_prepare(c, strbuf_str(&sql));
	strbuf_free(&sql);
	if (!stmt)
		return -1;
	while ((rc = report_step(c, stmt)) == 1) {
		size_t row = report_add_row(r, none, 0);
		report_set_text(r, none, row, 0, report_col_text(stmt, 0));
		report_set_text(r, none, row, 1, report_col_text(stmt, 1));
		report_set_value(none, row, 2, (double)sqlite3_column_int64(stmt, 2));
	}
	if (rc < 0)
		return -1;
	sqlite3_finalize(stmt);
	report_note(r, "Ranked by shortfall = (unmet needs + unsuitable outcomes) ÷ (open "
		    "assets + 1): the most demand that could not be met, for the fewest "
		    "assets, comes first; the + 1 ranks a place with no asset at all above "
		    "one with some.  Ties go to the larger demand.");
	if (c->req->filter.asset || c->req->filter.sector)
		report_note(r, "The asset and sector filters leave unmet needs out: an "
			    "unmet need has no asset.");
	return 0;
}

/* ---- Ecosystem -------------------------------------------------------------- */

/* Referrals for a need to assets of a sector, with how many assets they
 * went to (and one of them, which is the only one when they are 1). */
static const char ecosystem_sql[] =
	"WITH rr AS (SELECT r.id, r.asset_id FROM referral r"
	"   WHERE r.created_on BETWEEN :from AND :to%s),"
	" pairs AS (SELECT rn.need, rr.asset_id, count(*) AS n FROM rr"
	"   JOIN referral_need rn ON rn.referral = rr.id GROUP BY rn.need, rr.asset_id)"
	" SELECT p.need, n.label, a.sector, s.label, sum(p.n), count(*),"
	"   min(coalesce(a.name, p.asset_id))"
	" FROM pairs p LEFT JOIN dir.asset a INDEXED BY asset_by_id_sector"
	"   ON a.id = p.asset_id"
	" LEFT JOIN dir.sector s ON s.id = a.sector"
	" LEFT JOIN dir.need n ON n.id = p.need"
	" GROUP BY p.need, a.sector";

static const char sectors_sql[] =
	"SELECT id, label FROM dir.sector ORDER BY position, id";

/* The ids from an index first (x), and the asset's row only for those
 * never referred: most were.  CROSS JOIN keeps x first: with --sector,
 * SQLite began from the sector's assets and scanned all of x (which is
 * not in num order) for each.  The condition (%s) is one of these: */
static const char never_sql[] =
	"SELECT a.id, a.name, s.label, a.status FROM dir.asset x INDEXED BY asset_by_id_sector"
	" CROSS JOIN dir.asset a ON a.num = x.num LEFT JOIN dir.sector s ON s.id = a.sector"
	" WHERE %s AND a.archived = 0%s"
	" ORDER BY s.position, a.name, a.id";

/* Unfiltered, a probe of referral_by_asset (asset_id, created_on) for
 * each asset: quicker than collecting the 150,000 assets referred in a
 * year from 400,000 referrals. */
static const char never_unfiltered[] =
	"NOT EXISTS (SELECT 1 FROM referral r"
	"   WHERE r.asset_id = x.id AND r.created_on BETWEEN :from AND :to)";

/* Filtered, the assets referred are collected once, as a set (a NOT IN
 * over a subquery that does not depend on x is built once, into a
 * temporary index), and each asset's id is looked up in it.  The probe
 * above, with a filter, let SQLite probe by the filter's index instead:
 * with --worker, that worker's referrals in the period for each of
 * 200,000 assets, minutes at national scale.  asset_id is NOT NULL, so
 * NOT IN keeps what NOT EXISTS kept. */
static const char never_filtered[] =
	"x.id NOT IN (SELECT r.asset_id FROM referral r"
	"   WHERE r.created_on BETWEEN :from AND :to%s)";

struct eco_cell {
	char *need, *need_label, *sector, *sector_label, *asset;
	double n;
	long assets;
};

struct eco_need {
	const char *need, *label;
	double total;
	long sectors, assets;
	const char *sole_sector, *sole_asset;
	size_t row;
};

static int by_total(const void *a, const void *b)
{
	const struct eco_need *x = a, *y = b;
	if (x->total != y->total)
		return x->total < y->total ? 1 : -1;
	return strcmp(x->label, y->label);
}

static void eco_free(struct eco_cell *cells, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(cells[i].need);
		free(cells[i].need_label);
		free(cells[i].sector);
		free(cells[i].sector_label);
		free(cells[i].asset);
	}
	free(cells);
}

static char *dup_col(sqlite3_stmt *stmt, int col, const char *otherwise, int *failed)
{
	const char *s = sqlite3_column_type(stmt, col) == SQLITE_NULL ? otherwise
								      : report_col_text(stmt, col);
	char *copy = strdup(s);
	if (!copy)
		*failed = 1;
	return copy;
}

/* The asset-side filters, for the list of assets never referred. */
static void asset_filter_sql(struct strbuf *sb, const struct report_filter *f)
{
	if (f->asset)
		strbuf_puts(sb, " AND a.id = :asset");
	if (f->sector)
		strbuf_puts(sb, " AND a.sector = :sector");
	if (f->need)
		strbuf_puts(sb, " AND a.num IN (SELECT an.asset FROM dir.asset_need an"
			    " WHERE an.need IN (SELECT descendant FROM dir.need_tree"
			    " WHERE ancestor = :need))");
	if (f->locality)
		strbuf_puts(sb, " AND a.num IN (SELECT al.asset FROM dir.asset_locality al"
			    " WHERE al.locality IN (SELECT descendant FROM dir.locality_tree"
			    " WHERE ancestor = :locality))");
}

static int ecosystem_matrix(struct report_ctx *c, struct eco_cell *cells, size_t ncells)
{
	struct report *r = c->r;
	/* The sectors that appear, in the taxonomy's order. */
	sqlite3_stmt *stmt = report_prepare(c, sectors_sql);
	if (!stmt)
		return -1;
	struct strlist sector_ids = STRLIST_INIT, sector_labels = STRLIST_INIT;
	int rc, failed = 0;
	while ((rc = report_step(c, stmt)) == 1) {
		const char *id = report_col_text(stmt, 0);
		for (size_t i = 0; i < ncells; i++)
			if (cells[i].sector && strcmp(cells[i].sector, id) == 0) {
				failed |= strlist_add(&sector_ids, id) < 0;
				failed |= strlist_add(&sector_labels, report_col_text(stmt, 1)) < 0;
				break;
			}
	}
	if (rc == 0)
		sqlite3_finalize(stmt);
	for (size_t i = 0; rc == 0 && i < ncells; i++)
		if (!strlist_contains(&sector_ids, cells[i].sector)) {
			failed |= strlist_add(&sector_ids, cells[i].sector) < 0;
			failed |= strlist_add(&sector_labels, cells[i].sector_label) < 0;
		}
	/* The needs, by their referrals. */
	struct eco_need *needs = calloc(ncells ? ncells : 1, sizeof *needs);
	size_t nneeds = 0;
	for (size_t i = 0; rc == 0 && needs && i < ncells; i++) {
		struct eco_need *e = NULL;
		for (size_t k = 0; k < nneeds && !e; k++)
			if (strcmp(needs[k].need, cells[i].need) == 0)
				e = &needs[k];
		if (!e) {
			e = &needs[nneeds++];
			e->need = cells[i].need;
			e->label = cells[i].need_label;
		}
		e->total += cells[i].n;
		e->sectors++;
		e->assets += cells[i].assets;
		e->sole_sector = cells[i].sector_label;
		e->sole_asset = cells[i].asset;
	}
	if (rc < 0 || failed || !needs) {
		free(needs);
		strlist_clear(&sector_ids);
		strlist_clear(&sector_labels);
		return rc < 0 ? -1 : error_nomem(c->err);
	}
	if (nneeds > 1)
		qsort(needs, nneeds, sizeof *needs, by_total);

	size_t ns = sector_ids.count;
	struct report_table *t = report_add_table(
		r, "matrix", "Referrals by need and sector",
		"Referrals made in the period for each need, by the sector that runs the "
		"asset; a referral for two needs counts under both.",
		"No referrals were made in this period.");
	report_add_column(r, t, "need", "Need id", REPORT_TEXT, REPORT_COL_KEY, NULL);
	report_add_column(r, t, "label", "Need", REPORT_TEXT, REPORT_COL_LABEL, NULL);
	for (size_t s = 0; s < ns; s++)
		report_add_column(r, t, sector_ids.item[s], sector_labels.item[s], REPORT_COUNT,
				  REPORT_COL_PERSONAL | REPORT_COL_CHART, NULL);
	report_add_column(r, t, "total", "Total", REPORT_COUNT, REPORT_COL_PERSONAL,
			  "referrals for the need, all sectors");
	report_add_column(r, t, "sectors", "Sectors", REPORT_COUNT, 0,
			  "how many sectors the need's referrals went to");
	report_add_column(r, t, "assets", "Assets", REPORT_COUNT, 0,
			  "how many assets the need's referrals went to");
	report_add_column(r, t, "depends_on", "Depends on", REPORT_TEXT, 0,
			  "the one sector, or the one asset, all the need's referrals went to");
	t->chart = REPORT_CHART_MATRIX;
	size_t tc = 2 + ns;
	for (size_t k = 0; k < nneeds; k++) {
		struct eco_need *e = &needs[k];
		size_t row = report_add_row(r, t, 0);
		e->row = row;
		report_set_text(r, t, row, 0, e->need);
		report_set_text(r, t, row, 1, e->label);
		for (size_t s = 0; s < ns; s++)
			report_set_value(t, row, 2 + s, 0);
		report_set_value(t, row, tc, e->total);
		report_set_value(t, row, tc + 1, (double)e->sectors);
		report_set_value(t, row, tc + 2, (double)e->assets);
		char *depends = NULL;
		if (e->assets == 1) {
			if (asprintf(&depends, "one asset: %s", e->sole_asset) < 0)
				depends = NULL;
		} else if (e->sectors == 1) {
			if (asprintf(&depends, "one sector: %s", e->sole_sector) < 0)
				depends = NULL;
		}
		if (depends)
			report_set_text(r, t, row, tc + 3, depends);
		free(depends);
	}
	if (nneeds == 0) {
		free(needs);
		strlist_clear(&sector_ids);
		strlist_clear(&sector_labels);
		return 0;
	}
	size_t total = report_add_row(r, t, REPORT_ROW_TOTAL);
	report_set_text(r, t, total, 1, "All needs");
	for (size_t s = 0; s <= ns; s++)
		report_set_value(t, total, 2 + s, 0);
	for (size_t i = 0; i < ncells && !r->failed; i++) {
		size_t row = 0, col = 0;
		for (size_t k = 0; k < nneeds; k++)
			if (strcmp(needs[k].need, cells[i].need) == 0)
				row = needs[k].row;
		for (size_t s = 0; s < ns; s++)
			if (strcmp(sector_ids.item[s], cells[i].sector) == 0)
				col = 2 + s;
		report_set_value(t, row, col, report_cell_at(t, row, col)->value + cells[i].n);
		report_set_value(t, total, col, report_cell_at(t, total, col)->value + cells[i].n);
		report_set_value(t, total, tc, report_cell_at(t, total, tc)->value + cells[i].n);
	}
	/* Lines: each need's row, each sector's column, and the margins. */
	size_t most = (nneeds > ns ? nneeds : ns) + 1;
	long *parts = calloc(most, sizeof *parts);
	if (!parts || r->failed) {
		free(parts);
		free(needs);
		strlist_clear(&sector_ids);
		strlist_clear(&sector_labels);
		return error_nomem(c->err);
	}
	for (size_t row = 0; row <= nneeds; row++) {
		for (size_t s = 0; s < ns; s++)
			parts[s] = report_cell_index(t, row, 2 + s);
		report_add_line(r, t, report_cell_index(t, row, tc), parts, ns);
	}
	for (size_t col = 2; col <= tc; col++) {
		for (size_t row = 0; row < nneeds; row++)
			parts[row] = report_cell_index(t, row, col);
		report_add_line(r, t, report_cell_index(t, total, col), parts, nneeds);
	}
	free(parts);
	free(needs);
	strlist_clear(&sector_ids);
	strlist_clear(&sector_labels);
	return 0;
}

int report_build_ecosystem(struct report_ctx *c)
{
	struct report *r = c->r;
	struct strbuf sql = STRBUF_INIT;
	strbuf_printf(&sql, ecosystem_sql, strbuf_str(&c->referral_filter));
	sqlite3_stmt *stmt = sql.failed ? NULL : report_prepare(c, strbuf_str(&sql));
	strbuf_free(&sql);
	if (!stmt)
		return -1;
	struct eco_cell *cells = NULL;
	size_t n = 0, cap = 0;
	int rc, failed = 0;
	while ((rc = report_step(c, stmt)) == 1 && !failed) {
		if (n == cap) {
			cap = cap ? cap * 2 : 64;
			struct eco_cell *more = realloc(cells, cap * sizeof *more);
			if (!more) {
				failed = 1;
				break;
			}
			cells = more;
		}
		struct eco_cell *e = &cells[n++];
		e->need = dup_col(stmt, 0, "", &failed);
		e->need_label = dup_col(stmt, 1, "(unknown need)", &failed);
		e->sector = dup_col(stmt, 2, "unknown", &failed);
		e->sector_label = dup_col(stmt, 3, "(asset not in the directory)", &failed);
		e->n = (double)sqlite3_column_int64(stmt, 4);
		e->assets = (long)sqlite3_column_int64(stmt, 5);
		e->asset = dup_col(stmt, 6, "", &failed);
	}
	if (rc < 0) {
		eco_free(cells, n);
		return -1;
	}
	sqlite3_finalize(stmt);
	if (failed) {
		eco_free(cells, n);
		return error_nomem(c->err);
	}
	rc = ecosystem_matrix(c, cells, n);
	eco_free(cells, n);
	if (rc < 0)
		return -1;

	struct report_table *t = report_add_table(
		r, "never_referred", "Assets never referred in the period",
		"Assets in the directory (not archived) that no referral made in the "
		"period went to.", "Every asset had a referral in this period.");
	report_add_column(r, t, "asset", "Asset id", REPORT_TEXT, REPORT_COL_KEY, NULL);
	report_add_column(r, t, "name", "Asset", REPORT_TEXT, REPORT_COL_LABEL, NULL);
	report_add_column(r, t, "sector", "Sector", REPORT_TEXT, 0, NULL);
	report_add_column(r, t, "status", "Status", REPORT_TEXT, 0, NULL);
	struct strbuf assets = STRBUF_INIT;
	asset_filter_sql(&assets, &c->req->filter);
	struct strbuf cond = STRBUF_INIT;
	if (*strbuf_str(&c->referral_filter))
		strbuf_printf(&cond, never_filtered, strbuf_str(&c->referral_filter));
	else
		strbuf_puts(&cond, never_unfiltered);
	strbuf_printf(&sql, never_sql, strbuf_str(&cond), strbuf_str(&assets));
	if (cond.failed)
		sql.failed = 1;
	strbuf_free(&cond);
	strbuf_free(&assets);
	stmt = sql.failed ? NULL : report_prepare(c, strbuf_str(&sql));
	strbuf_free(&sql);
	if (!stmt)
		return -1;
	while ((rc = report_step(c, stmt)) == 1) {
		size_t row = report_add_row(r, t, 0);
		for (int i = 0; i < 4; i++)
			report_set_text(r, t, row, (size_t)i, report_col_text(stmt, i));
	}
	if (rc < 0)
		return -1;
	sqlite3_finalize(stmt);
	report_note(r, "A need depends on one sector, or one asset, when all its referrals "
		    "in the period went there: if that sector or asset stopped, the need "
		    "would have nowhere to go.");
	return 0;
}
