/* report_gaps: where needs go unmet (need x place, ranked by shortfall),
 * and the ecosystem (need x sector: which sectors carry the load, and
 * where a need hangs on one sector or one asset). */
#include "config.h"

#include "core/report_impl.h"
#include "core/report_pairs.h"

#include <stdlib.h>
#include <string.h>

/* Open assets for a need (or one of its sub-needs) in a place: serving
 * it, a place within it, or a place around it, as a search there finds
 * them.  A NULL place (an unmet need logged without one) means anywhere.
 * Counted in C (report_open.c): the unit tests hold it to the
 * correlated subquery it replaced. */
#define OPEN_ASSETS(need, place) "signpost_open_assets(" need ", " place ")"

/* The cells: every need and place with referrals, unsuitable outcomes
 * or unmet needs in the period.  The referrals come from report_pairs
 * (each referral need with its asset) and meet their assets' places in
 * memory (gaps_places); the unmet needs are counted here: */
static const char unmet_sql[] =
	"SELECT un.need, u.locality, count(*) FROM unmet_need u"
	" JOIN unmet_need_need un ON un.unmet = u.id"
	" WHERE u.created_on BETWEEN :from AND :to%s GROUP BY un.need, u.locality";

/* Every asset's id and num (for the assets referred), and every asset's
 * places: one pass of each index, not a look-up for each of the 120,000
 * assets a year's referrals reach. */
static const char asset_nums_sql[] =
	"SELECT id, num FROM dir.asset INDEXED BY asset_by_id_sector";
static const char asset_places_sql[] =
	"SELECT asset, locality FROM dir.asset_locality";
static const char need_labels_sql[] = "SELECT id, label FROM dir.need";
static const char place_labels_sql[] = "SELECT id, label FROM dir.locality";
/* Needs that no open asset serves, anywhere. */
static const char no_assets_sql[] =
	"SELECT n.id, n.label, (SELECT count(*) FROM unmet_need u"
	"   JOIN unmet_need_need un ON un.unmet = u.id"
	"   WHERE un.need = n.id AND u.created_on BETWEEN :from AND :to%s) AS unmet"
	" FROM dir.need n WHERE " OPEN_ASSETS("n.id", "NULL") " = 0%s"
	" ORDER BY unmet DESC, n.label";

static int gaps_tables(struct report_ctx *c, struct report_open *open,
		       struct report_table *t);

/* ---- Gaps: the cells, in C -------------------------------------------------- */

#define NONE ((unsigned)-1)

struct gap_cell {
	unsigned need, place;   /* place NONE: not given */
	sqlite3_int64 assets, referrals, unmet, unsuitable;
	double shortfall;
	const char *need_label, *place_label;  /* NULL: not in the directory */
};

/* Doubles an array of cap items of size bytes (first when empty). */
static int grow(void **items, size_t *cap, size_t size, size_t first)
{
	size_t more = *cap ? *cap * 2 : first;
	void *p = realloc(*items, more * size);
	if (!p)
		return -1;
	*items = p;
	*cap = more;
	return 0;
}

struct gap_cells {
	struct report_map at;   /* (need, place + 1): its index */
	struct gap_cell *item;
	size_t count, cap;
};

static struct gap_cell *cell_at(struct gap_cells *g, unsigned need, unsigned place)
{
	uint64_t key = (uint64_t)need << 32 | (uint32_t)(place + 1);
	int added;
	unsigned i = report_map_add(&g->at, key, (unsigned)g->count, &added);
	if (i == NONE)
		return NULL;
	if (added) {
		if (g->count == g->cap && grow((void **)&g->item, &g->cap, sizeof *g->item, 1024) < 0)
			return NULL;
		g->item[g->count++] = (struct gap_cell){ .need = need, .place = place };
	}
	return &g->item[i];
}

/* Each asset referred, its places (numbers in places), as lists:
 * first[a] .. first[a + 1] of place. */
struct gap_places {
	size_t *first;
	unsigned *place;
};

static int gaps_places(struct report_ctx *c, const struct report_pairs *p,
		       struct report_names *places, struct gap_places *out)
{
	struct report_map by_num = REPORT_MAP_INIT;
	size_t n = p->assets.count, count = 0, cap = 0;
	uint64_t *links = NULL;   /* asset << 32 | place */
	int rc = 0, nomem = 0;
	sqlite3_stmt *stmt = report_prepare(c, asset_nums_sql);
	if (!stmt)
		return -1;
	while (!nomem && (rc = report_step(c, stmt)) == 1) {
		unsigned a = report_names_find(&p->assets, report_col_text(stmt, 0));
		if (a != NONE && report_map_add(&by_num, (uint64_t)sqlite3_column_int64(stmt, 1),
						a, NULL) == NONE)
			nomem = 1;
	}
	if (rc >= 0)
		sqlite3_finalize(stmt);
	stmt = rc < 0 || nomem ? NULL : report_prepare(c, asset_places_sql);
	while (stmt && !nomem && (rc = report_step(c, stmt)) == 1) {
		unsigned a = report_map_find(&by_num, (uint64_t)sqlite3_column_int64(stmt, 0));
		if (a == NONE)
			continue;
		unsigned place = report_names_add(places, report_col_text(stmt, 1));
		if (count == cap) {
			cap = cap ? cap * 2 : 4096;
			uint64_t *more = realloc(links, cap * sizeof *more);
			if (!more) {
				nomem = 1;
				break;
			}
			links = more;
		}
		if (place == NONE)
			nomem = 1;
		else
			links[count++] = (uint64_t)a << 32 | place;
	}
	if (stmt && rc >= 0)
		sqlite3_finalize(stmt);
	report_map_free(&by_num);
	if (rc < 0 || (!stmt && !nomem)) {
		free(links);
		return -1;
	}
	/* Counted, then placed: each asset's places in the order read. */
	out->first = nomem ? NULL : calloc(n + 2, sizeof *out->first);
	out->place = nomem ? NULL : malloc((count ? count : 1) * sizeof *out->place);
	if (!out->first || !out->place) {
		free(links);
		return error_nomem(c->err);
	}
	for (size_t i = 0; i < count; i++)
		out->first[(links[i] >> 32) + 2]++;
	for (size_t a = 2; a < n + 2; a++)
		out->first[a] += out->first[a - 1];
	for (size_t i = 0; i < count; i++)
		out->place[out->first[(links[i] >> 32) + 1]++] = (unsigned)(links[i] & 0xffffffffu);
	free(links);
	return 0;
}

/* Labels by id, as the report's LEFT JOIN finds them (NULL: none). */
static int gaps_labels(struct report_ctx *c, const char *sql, const struct report_names *ids,
		       char ***labels)
{
	*labels = calloc(ids->count ? ids->count : 1, sizeof **labels);
	if (!*labels)
		return error_nomem(c->err);
	sqlite3_stmt *stmt = report_prepare(c, sql);
	if (!stmt)
		return -1;
	int rc;
	while ((rc = report_step(c, stmt)) == 1) {
		unsigned i = report_names_find(ids, report_col_text(stmt, 0));
		if (i != NONE && !(*labels)[i] &&
		    !((*labels)[i] = strdup(report_col_text(stmt, 1)))) {
			sqlite3_finalize(stmt);
			return error_nomem(c->err);
		}
	}
	if (rc < 0)
		return -1;
	sqlite3_finalize(stmt);
	return 0;
}

static void labels_free(char **labels, size_t n)
{
	for (size_t i = 0; labels && i < n; i++)
		free(labels[i]);
	free(labels);
}

/* NULL first, as SQLite orders it. */
static int label_cmp(const char *a, const char *b)
{
	if (!a || !b)
		return (a != NULL) - (b != NULL);
	return strcmp(a, b);
}

/* ORDER BY shortfall DESC, unmet + unsuitable DESC, unmet DESC,
 * referrals DESC, the need's label, the place's label.  Labels are
 * unique in the taxonomy, so that is a whole order. */
static int gap_order(const void *pa, const void *pb)
{
	const struct gap_cell *a = pa, *b = pb;
	if (a->shortfall != b->shortfall)
		return a->shortfall < b->shortfall ? 1 : -1;
	sqlite3_int64 da = a->unmet + a->unsuitable, db = b->unmet + b->unsuitable;
	if (da != db)
		return da < db ? 1 : -1;
	if (a->unmet != b->unmet)
		return a->unmet < b->unmet ? 1 : -1;
	if (a->referrals != b->referrals)
		return a->referrals < b->referrals ? 1 : -1;
	int k = label_cmp(a->need_label, b->need_label);
	return k ? k : label_cmp(a->place_label, b->place_label);
}

/* The cells of the gap table, ranked, in g. */
static int gaps_cells(struct report_ctx *c, struct report_open *open, struct report_pairs *p,
		      struct report_names *places, struct gap_cells *g,
		      char ***need_labels, char ***place_labels)
{
	if (report_pairs_load(c, p) < 0)
		return -1;
	struct gap_places ap = { NULL, NULL };
	int rc = gaps_places(c, p, places, &ap);
	for (size_t i = 0; rc == 0 && i < p->count; i++) {
		const struct report_pair *x = &p->item[i];
		for (size_t k = ap.first[x->asset]; k < ap.first[x->asset + 1]; k++) {
			struct gap_cell *cell = cell_at(g, x->need, ap.place[k]);
			if (!cell) {
				rc = error_nomem(c->err);
				break;
			}
			cell->referrals++;
			cell->unsuitable += x->unsuitable;
		}
	}
	free(ap.first);
	free(ap.place);
	if (rc < 0)
		return -1;

	struct strbuf sql = STRBUF_INIT;
	strbuf_printf(&sql, unmet_sql, strbuf_str(&c->unmet_filter));
	sqlite3_stmt *stmt = sql.failed ? NULL : report_prepare(c, strbuf_str(&sql));
	int nomem = sql.failed;
	strbuf_free(&sql);
	if (!stmt)
		return nomem ? error_nomem(c->err) : -1;
	while ((rc = report_step(c, stmt)) == 1) {
		unsigned need = report_names_add(&p->needs, report_col_text(stmt, 0));
		unsigned place = sqlite3_column_type(stmt, 1) == SQLITE_NULL ? NONE
			: report_names_add(places, report_col_text(stmt, 1));
		struct gap_cell *cell = need == NONE || (place == NONE &&
			sqlite3_column_type(stmt, 1) != SQLITE_NULL) ? NULL
			: cell_at(g, need, place);
		if (!cell) {
			sqlite3_finalize(stmt);
			return error_nomem(c->err);
		}
		cell->unmet += sqlite3_column_int64(stmt, 2);
	}
	if (rc < 0)
		return -1;
	sqlite3_finalize(stmt);

	if (gaps_labels(c, need_labels_sql, &p->needs, need_labels) < 0 ||
	    gaps_labels(c, place_labels_sql, places, place_labels) < 0)
		return -1;
	for (size_t i = 0; i < g->count; i++) {
		struct gap_cell *cell = &g->item[i];
		const char *place = cell->place == NONE ? NULL : places->item[cell->place];
		rc = report_open_count(open, p->needs.item[cell->need], place, &cell->assets);
		if (rc != SQLITE_OK)
			return store_fail(c->personal, rc, "cannot count the open assets", c->err);
		cell->shortfall = (double)(cell->unmet + cell->unsuitable) * 1.0 /
				  (double)(cell->assets + 1);
		cell->need_label = (*need_labels)[cell->need];
		cell->place_label = cell->place == NONE ? NULL : (*place_labels)[cell->place];
	}
	if (g->count > 1)
		qsort(g->item, g->count, sizeof *g->item, gap_order);
	return 0;
}

static int gaps_table(struct report_ctx *c, struct report_open *open, struct report_table *t)
{
	struct report *r = c->r;
	struct report_pairs p = REPORT_PAIRS_INIT;
	struct report_names places = REPORT_NAMES_INIT;
	struct gap_cells g = { REPORT_MAP_INIT, NULL, 0, 0 };
	char **need_labels = NULL, **place_labels = NULL;
	int rc = gaps_cells(c, open, &p, &places, &g, &need_labels, &place_labels);
	for (size_t i = 0; rc == 0 && i < g.count; i++) {
		const struct gap_cell *cell = &g.item[i];
		size_t row = report_add_row(r, t, 0);
		report_set_value(t, row, 0, (double)(row + 1));
		report_set_text(r, t, row, 1, p.needs.item[cell->need]);
		report_set_text(r, t, row, 2, cell->need_label ? cell->need_label : "");
		report_set_text(r, t, row, 3,
				cell->place == NONE ? "" : places.item[cell->place]);
		report_set_text(r, t, row, 4, cell->place == NONE ? "(place not given)"
					      : cell->place_label ? cell->place_label : "");
		report_set_value(t, row, 5, (double)cell->assets);
		report_set_value(t, row, 6, (double)cell->referrals);
		report_set_value(t, row, 7, (double)cell->unmet);
		report_set_value(t, row, 8, (double)cell->unsuitable);
		report_set_derived(t, row, 9, cell->shortfall, report_cell_index(t, row, 7),
				   report_cell_index(t, row, 8), -1);
	}
	labels_free(need_labels, p.needs.count);
	labels_free(place_labels, places.count);
	report_map_free(&g.at);
	free(g.item);
	report_names_free(&places);
	report_pairs_free(&p);
	return rc;
}


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
	int rc = gaps_tables(c, open, t);
	report_open_free(open);
	return rc;
}

/* The two tables, with signpost_open_assets() defined. */
static int gaps_tables(struct report_ctx *c, struct report_open *open,
		       struct report_table *t)
{
	struct report *r = c->r;
	const char *need_only = c->req->filter.need
		? " AND n.id IN (SELECT descendant FROM dir.need_tree WHERE ancestor = :need)" : "";
	if (gaps_table(c, open, t) < 0)
		return -1;
	struct strbuf sql = STRBUF_INIT;
	sqlite3_stmt *stmt;
	int rc;

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

/* The cells (eco_cells below) are what this SQL gave, made in C from
 * report_pairs: referrals for a need to assets of a sector, with how
 * many assets they went to (and one of them, the only one when they are
 * 1):
 *   SELECT p.need, n.label, a.sector, s.label, sum(p.n), count(*),
 *     min(coalesce(a.name, p.asset_id))
 *   FROM (need, asset_id, count(*) AS n of the period's referral needs) p
 *   LEFT JOIN dir.asset a ON a.id = p.asset_id
 *   LEFT JOIN dir.sector s ON s.id = a.sector
 *   LEFT JOIN dir.need n ON n.id = p.need
 *   GROUP BY p.need, a.sector
 * The grouping was a sort of half a million referral needs. */

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

/* ---- Ecosystem: the cells, in C --------------------------------------------- */

/* Every asset's sector and name, for the assets referred. */
static const char eco_assets_sql[] =
	"SELECT id, sector, name FROM dir.asset INDEXED BY asset_by_id_sector";
static const char eco_sectors_sql[] = "SELECT id, label FROM dir.sector";

/* One need and sector: what ecosystem_sql's GROUP BY p.need, a.sector
 * made of the (need, asset) pairs. */
struct eco_sum {
	unsigned need, sector;   /* sector NONE: the asset is not in the directory */
	sqlite3_int64 n, assets;
	const char *least;       /* min(coalesce(name, asset id)) */
};

struct eco_sums {
	struct report_map at;    /* (need, sector + 1): its index */
	struct eco_sum *item;
	size_t count, cap;
};

static struct eco_sum *eco_sum_at(struct eco_sums *s, unsigned need, unsigned sector)
{
	uint64_t key = (uint64_t)need << 32 | (uint32_t)(sector + 1);
	int added;
	unsigned i = report_map_add(&s->at, key, (unsigned)s->count, &added);
	if (i == NONE)
		return NULL;
	if (added) {
		if (s->count == s->cap && grow((void **)&s->item, &s->cap, sizeof *s->item, 256) < 0)
			return NULL;
		s->item[s->count++] = (struct eco_sum){ .need = need, .sector = sector };
	}
	return &s->item[i];
}

/* The sector and name of each asset referred (NONE and NULL when it is
 * not in the directory), by its number in p->assets. */
static int eco_assets(struct report_ctx *c, const struct report_pairs *p,
		      struct report_names *sectors, unsigned *sector, char **name)
{
	for (size_t a = 0; a < p->assets.count; a++)
		sector[a] = NONE;
	sqlite3_stmt *stmt = report_prepare(c, eco_assets_sql);
	if (!stmt)
		return -1;
	int rc;
	while ((rc = report_step(c, stmt)) == 1) {
		unsigned a = report_names_find(&p->assets, report_col_text(stmt, 0));
		if (a == NONE || name[a])
			continue;
		sector[a] = report_names_add(sectors, report_col_text(stmt, 1));
		name[a] = strdup(report_col_text(stmt, 2));
		if (sector[a] == NONE || !name[a]) {
			sqlite3_finalize(stmt);
			return error_nomem(c->err);
		}
	}
	if (rc < 0)
		return -1;
	sqlite3_finalize(stmt);
	return 0;
}

/* The order of GROUP BY p.need, a.sector: by id, NULL first. */
static const struct report_names *eco_order_needs, *eco_order_sectors;

static int eco_sum_order(const void *pa, const void *pb)
{
	const struct eco_sum *a = pa, *b = pb;
	int k = strcmp(eco_order_needs->item[a->need], eco_order_needs->item[b->need]);
	if (k || a->sector == b->sector)
		return k;
	if (a->sector == NONE || b->sector == NONE)
		return a->sector == NONE ? -1 : 1;
	return strcmp(eco_order_sectors->item[a->sector], eco_order_sectors->item[b->sector]);
}

/* The need x sector sums of pairs p, in s, in the order of the GROUP BY. */
static int eco_sums(struct report_ctx *c, const struct report_pairs *p,
		    struct report_names *sectors, struct eco_sums *s, char ***names)
{
	size_t na = p->assets.count;
	unsigned *sector = malloc((na ? na : 1) * sizeof *sector);
	*names = calloc(na ? na : 1, sizeof **names);
	struct report_map pairs = REPORT_MAP_INIT;   /* (need, asset): seen */
	int rc = sector && *names ? eco_assets(c, p, sectors, sector, *names)
				  : error_nomem(c->err);
	for (size_t i = 0; rc == 0 && i < p->count; i++) {
		const struct report_pair *x = &p->item[i];
		struct eco_sum *e = eco_sum_at(s, x->need, sector[x->asset]);
		int added = 0;
		if (!e || report_map_add(&pairs, (uint64_t)x->need << 32 | x->asset, 0,
					 &added) == NONE) {
			rc = error_nomem(c->err);
			break;
		}
		e->n++;
		if (added) {
			const char *least = (*names)[x->asset] ? (*names)[x->asset]
							       : p->assets.item[x->asset];
			e->assets++;
			if (!e->least || strcmp(least, e->least) < 0)
				e->least = least;
		}
	}
	free(sector);
	report_map_free(&pairs);
	if (rc == 0 && s->count > 1) {
		eco_order_needs = &p->needs;
		eco_order_sectors = sectors;
		qsort(s->item, s->count, sizeof *s->item, eco_sum_order);
	}
	return rc;
}

/* The cells of ecosystem_sql, from the period's referral needs. */
static int eco_cells(struct report_ctx *c, struct report_pairs *pp,
		     struct eco_cell **out, size_t *nout)
{
	struct report_pairs p = *pp;
	struct report_names sectors = REPORT_NAMES_INIT;
	struct eco_sums s = { REPORT_MAP_INIT, NULL, 0, 0 };
	char **names = NULL, **need_labels = NULL, **sector_labels = NULL;
	int rc = eco_sums(c, &p, &sectors, &s, &names);
	if (rc == 0)
		rc = gaps_labels(c, need_labels_sql, &p.needs, &need_labels);
	if (rc == 0)
		rc = gaps_labels(c, eco_sectors_sql, &sectors, &sector_labels);
	struct eco_cell *cells = rc == 0 ? calloc(s.count ? s.count : 1, sizeof *cells) : NULL;
	if (rc == 0 && !cells)
		rc = error_nomem(c->err);
	int failed = 0;
	for (size_t i = 0; rc == 0 && i < s.count; i++) {
		const struct eco_sum *e = &s.item[i];
		const char *nl = need_labels[e->need];
		const char *sl = e->sector == NONE ? NULL : sector_labels[e->sector];
		struct eco_cell *cell = &cells[i];
		failed |= !(cell->need = strdup(p.needs.item[e->need]));
		failed |= !(cell->need_label = strdup(nl ? nl : "(unknown need)"));
		failed |= !(cell->sector = strdup(e->sector == NONE ? "unknown"
						  : sectors.item[e->sector]));
		failed |= !(cell->sector_label = strdup(sl ? sl : "(asset not in the directory)"));
		failed |= !(cell->asset = strdup(e->least));
		cell->n = (double)e->n;
		cell->assets = (long)e->assets;
	}
	if (rc == 0 && failed)
		rc = error_nomem(c->err);
	if (rc == 0) {
		*out = cells;
		*nout = s.count;
	} else {
		eco_free(cells, cells ? s.count : 0);
	}
	labels_free(names, p.assets.count);
	labels_free(need_labels, p.needs.count);
	labels_free(sector_labels, sectors.count);
	report_map_free(&s.at);
	free(s.item);
	report_names_free(&sectors);
	*pp = p;
	return rc;
}

/* ---- Ecosystem: the assets never referred, in C ------------------------------ */

/* Without an asset filter, the assets come from two index scans and meet
 * the assets referred (p->assets) in memory: a probe of referral_by_asset
 * for each of 200,000 assets was most of the list's time.  The row is
 * what never_sql gives, in its order (s.position, a.name, a.id). */
static const char never_ids_sql[] =
	"SELECT x.num, x.id, x.name, x.sector FROM dir.asset x INDEXED BY asset_by_id_sector";
static const char never_live_sql[] =
	"SELECT num, status FROM dir.asset INDEXED BY asset_health WHERE archived = 0";
static const char never_sectors_sql[] = "SELECT id, label, position FROM dir.sector";

struct never_row {
	char *id, *name;
	unsigned sector, status;   /* numbers in sectors and statuses */
};

struct never_sector {
	const char *label;         /* NULL: not in dir.sector */
	sqlite3_int64 position;
};

static const struct never_sector *never_order_sectors;

static int never_order(const void *pa, const void *pb)
{
	const struct never_row *a = pa, *b = pb;
	const struct never_sector *x = &never_order_sectors[a->sector],
				  *y = &never_order_sectors[b->sector];
	if (!x->label != !y->label)
		return x->label ? 1 : -1;   /* NULL position first */
	if (x->label && x->position != y->position)
		return x->position < y->position ? -1 : 1;
	int k = strcmp(a->name, b->name);
	return k ? k : strcmp(a->id, b->id);
}

/* The live assets' statuses by num (NONE: archived or none). */
static int never_live(struct report_ctx *c, struct report_names *statuses,
		      unsigned **by_num, size_t *nnum)
{
	sqlite3_stmt *stmt = report_prepare(c, never_live_sql);
	if (!stmt)
		return -1;
	int rc;
	while ((rc = report_step(c, stmt)) == 1) {
		sqlite3_int64 num = sqlite3_column_int64(stmt, 0);
		if (num < 0 || (uint64_t)num >= NONE)
			continue;
		if ((size_t)num >= *nnum) {
			size_t n = *nnum ? *nnum : 1024;
			while (n <= (size_t)num)
				n *= 2;
			unsigned *more = realloc(*by_num, n * sizeof *more);
			if (!more) {
				sqlite3_finalize(stmt);
				return error_nomem(c->err);
			}
			memset(more + *nnum, 0xff, (n - *nnum) * sizeof *more);
			*by_num = more;
			*nnum = n;
		}
		unsigned s = report_names_add(statuses, report_col_text(stmt, 1));
		if (s == NONE) {
			sqlite3_finalize(stmt);
			return error_nomem(c->err);
		}
		(*by_num)[num] = s;
	}
	if (rc < 0)
		return -1;
	sqlite3_finalize(stmt);
	return 0;
}

static int never_sectors(struct report_ctx *c, const struct report_names *sectors,
			 struct never_sector *out)
{
	sqlite3_stmt *stmt = report_prepare(c, never_sectors_sql);
	if (!stmt)
		return -1;
	int rc;
	while ((rc = report_step(c, stmt)) == 1) {
		unsigned s = report_names_find(sectors, report_col_text(stmt, 0));
		if (s != NONE && !out[s].label) {
			if (!(out[s].label = strdup(report_col_text(stmt, 1)))) {
				sqlite3_finalize(stmt);
				return error_nomem(c->err);
			}
			out[s].position = sqlite3_column_int64(stmt, 2);
		}
	}
	if (rc < 0)
		return -1;
	sqlite3_finalize(stmt);
	return 0;
}

static int never_filtered_rows(struct report_ctx *c, struct report_table *t);

static int never_rows(struct report_ctx *c, const struct report_pairs *p,
		      struct report_table *t)
{
	struct report *r = c->r;
	struct report_names statuses = REPORT_NAMES_INIT, sectors = REPORT_NAMES_INIT;
	unsigned *live = NULL;
	size_t nlive = 0, count = 0, cap = 0;
	struct never_row *rows = NULL;
	struct never_sector *sec = NULL;
	int rc = never_live(c, &statuses, &live, &nlive);
	sqlite3_stmt *stmt = rc < 0 ? NULL : report_prepare(c, never_ids_sql);
	if (rc == 0 && !stmt)
		rc = -1;
	while (stmt && (rc = report_step(c, stmt)) == 1) {
		sqlite3_int64 num = sqlite3_column_int64(stmt, 0);
		if (num < 0 || (size_t)num >= nlive || live[num] == NONE ||
		    report_names_find(&p->assets, report_col_text(stmt, 1)) != NONE)
			continue;
		if (count == cap) {
			size_t more_cap = cap ? cap * 2 : 1024;
			struct never_row *more = realloc(rows, more_cap * sizeof *more);
			if (!more) {
				sqlite3_finalize(stmt);
				stmt = NULL;
				rc = error_nomem(c->err);
				break;
			}
			rows = more;
			cap = more_cap;
		}
		struct never_row *row = &rows[count];
		row->id = strdup(report_col_text(stmt, 1));
		row->name = strdup(report_col_text(stmt, 2));
		row->sector = report_names_add(&sectors, report_col_text(stmt, 3));
		row->status = live[num];
		count++;
		if (!row->id || !row->name || row->sector == NONE) {
			sqlite3_finalize(stmt);
			stmt = NULL;
			rc = error_nomem(c->err);
			break;
		}
	}
	if (stmt && rc == 0)
		sqlite3_finalize(stmt);
	if (rc == 0) {
		sec = calloc(sectors.count ? sectors.count : 1, sizeof *sec);
		rc = sec ? never_sectors(c, &sectors, sec) : error_nomem(c->err);
	}
	if (rc == 0 && count > 1) {
		never_order_sectors = sec;
		qsort(rows, count, sizeof *rows, never_order);
	}
	for (size_t i = 0; rc == 0 && i < count; i++) {
		size_t row = report_add_row(r, t, 0);
		report_set_text(r, t, row, 0, rows[i].id);
		report_set_text(r, t, row, 1, rows[i].name);
		const char *label = sec[rows[i].sector].label;
		report_set_text(r, t, row, 2, label ? label : "");
		report_set_text(r, t, row, 3, statuses.item[rows[i].status]);
	}
	for (size_t i = 0; i < count; i++) {
		free(rows[i].id);
		free(rows[i].name);
	}
	for (size_t i = 0; sec && i < sectors.count; i++)
		free((char *)sec[i].label);
	free(sec);
	free(rows);
	free(live);
	report_names_free(&statuses);
	report_names_free(&sectors);
	return rc;
}

int report_build_ecosystem(struct report_ctx *c)
{
	struct report *r = c->r;
	struct report_pairs p = REPORT_PAIRS_INIT;
	struct eco_cell *cells = NULL;
	size_t n = 0;
	int rc = report_pairs_load(c, &p);
	if (rc == 0)
		rc = eco_cells(c, &p, &cells, &n);
	if (rc == 0) {
		rc = ecosystem_matrix(c, cells, n);
		eco_free(cells, n);
	}
	if (rc < 0) {
		report_pairs_free(&p);
		return -1;
	}

	struct report_table *t = report_add_table(
		r, "never_referred", "Assets never referred in the period",
		"Assets in the directory (not archived) that no referral made in the "
		"period went to.", "Every asset had a referral in this period.");
	report_add_column(r, t, "asset", "Asset id", REPORT_TEXT, REPORT_COL_KEY, NULL);
	report_add_column(r, t, "name", "Asset", REPORT_TEXT, REPORT_COL_LABEL, NULL);
	report_add_column(r, t, "sector", "Sector", REPORT_TEXT, 0, NULL);
	report_add_column(r, t, "status", "Status", REPORT_TEXT, 0, NULL);
	const struct report_filter *f = &c->req->filter;
	if (!f->asset && !f->sector && !f->need && !f->locality) {
		/* The assets referred are p's, with the referral filter or without. */
		rc = never_rows(c, &p, t);
		report_pairs_free(&p);
		if (rc < 0)
			return -1;
	} else {
		report_pairs_free(&p);
		if (never_filtered_rows(c, t) < 0)
			return -1;
	}
	report_note(r, "A need depends on one sector, or one asset, when all its referrals "
		    "in the period went there: if that sector or asset stopped, the need "
		    "would have nowhere to go.");
	return 0;
}

/* With an asset filter, SQLite picks the assets (never_sql). */
static int never_filtered_rows(struct report_ctx *c, struct report_table *t)
{
	struct report *r = c->r;
	struct strbuf sql = STRBUF_INIT;
	struct strbuf assets = STRBUF_INIT;
	asset_filter_sql(&assets, &c->req->filter);
	struct strbuf cond = STRBUF_INIT;
	if (*strbuf_str(&c->referral_filter))
		strbuf_printf(&cond, never_filtered, strbuf_str(&c->referral_filter));
	else
		strbuf_puts(&cond, never_unfiltered);
	strbuf_printf(&sql, never_sql, strbuf_str(&cond), strbuf_str(&assets));
	if (cond.failed || assets.failed)
		sql.failed = 1;
	strbuf_free(&cond);
	strbuf_free(&assets);
	int nomem = sql.failed;
	sqlite3_stmt *stmt = sql.failed ? NULL : report_prepare(c, strbuf_str(&sql));
	strbuf_free(&sql);
	if (!stmt)
		return nomem ? error_nomem(c->err) : -1;
	int rc;
	while ((rc = report_step(c, stmt)) == 1) {
		size_t row = report_add_row(r, t, 0);
		for (int i = 0; i < 4; i++)
			report_set_text(r, t, row, (size_t)i, report_col_text(stmt, i));
	}
	if (rc < 0)
		return -1;
	sqlite3_finalize(stmt);
	return 0;
}
