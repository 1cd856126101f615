/* report_directory: listing health, from the directory file alone (no
 * personal data: a volunteer may run it). */
#include "config.h"

#include "core/report_impl.h"
#include "core/dates.h"

#include <stdlib.h>
#include <string.h>

/* The staleness rule of asset_is_stale(): not verified, or verified
 * more than :stale months (twelfths of a year) before today.  In C for
 * a date in the core's form (the day counts are whole, so the same
 * figure as julianday's); SQLite's own rule for any other text. */
static const char stale_sql[] =
	"SELECT (julianday(:today) - julianday(?1)) * 12 > :stale * 365";

static const char sectors_sql[] = "SELECT id, label FROM sector ORDER BY position, id";

/* Every live asset once, from one index (directory migration 8) in the
 * order the likely duplicates are listed: the table is never read. */
static const char assets_sql[] =
	"SELECT num, name_key, name, id, sector, postcode, status, verified_on"
	" FROM asset INDEXED BY asset_live_by_name_key WHERE archived = 0"
	" ORDER BY name_key, name, id";

static const char max_num_sql[] = "SELECT coalesce(max(num), 0) FROM asset";

/* Localities in tree order (each after its parent). */
static const char tree_sql[] =
	"WITH RECURSIVE tree (id, label, kind, path) AS ("
	"   SELECT id, label, kind, printf('%08d', position) FROM locality"
	"   WHERE parent IS NULL"
	"   UNION ALL SELECT l.id, l.label, l.kind,"
	"   tree.path || '/' || printf('%08d', l.position)"
	"   FROM locality l JOIN tree ON l.parent = tree.id)"
	" SELECT id, label, kind FROM tree ORDER BY path";

/* The places each asset serves, grouped by place (in id order). */
static const char served_sql[] =
	"SELECT locality, asset FROM asset_locality INDEXED BY asset_locality_by_locality"
	" ORDER BY locality, asset";

static const char flags_sql[] =
	"SELECT f.id, a.id, a.name, f.reason, f.note, f.raised_by,"
	" substr(f.raised_at, 1, 10),"
	" CAST(julianday(:today) - julianday(substr(f.raised_at, 1, 10)) AS INTEGER)"
	" FROM flag f JOIN asset a ON a.num = f.asset WHERE f.resolved_at IS NULL"
	" ORDER BY substr(f.raised_at, 1, 10), f.id";

/* An asset's state, by its number, for the places it serves. */
enum { ASSET_LIVE = 1, ASSET_STALE = 2, ASSET_NEVER = 4 };

/* Counts: assets, stale, never verified. */
struct stale_counts {
	double n[3];
};

struct dir_sector {
	char *id;
	char *label;
	struct stale_counts c;
};

struct dir_place {
	char *id;
	struct stale_counts c;
};

/* A listing full or closed, kept to be sorted. */
struct unavailable {
	int rank;                /* closed 0, temporarily closed 1, full 2 */
	char *id, *name, *status, *verified;
	const char *sector;      /* the label, or NULL */
};

/* What one pass over the assets gathers. */
struct dir_pass {
	struct report_ctx *c;
	long today;
	sqlite3_stmt *stale_stmt;    /* for dates not in the core's form */
	struct dir_sector *sector;
	size_t nsector;
	size_t last_sector;
	unsigned char *state;        /* ASSET_* by asset number */
	sqlite3_int64 nstate;
	struct unavailable *unavail;
	size_t nunavail, capunavail;
	struct dir_place *place;
	size_t nplace, capplace;
};

static void pass_free(struct dir_pass *p)
{
	if (p->stale_stmt)
		sqlite3_finalize(p->stale_stmt);
	for (size_t i = 0; i < p->nsector; i++) {
		free(p->sector[i].id);
		free(p->sector[i].label);
	}
	free(p->sector);
	free(p->state);
	for (size_t i = 0; i < p->nunavail; i++) {
		free(p->unavail[i].id);
		free(p->unavail[i].name);
		free(p->unavail[i].status);
		free(p->unavail[i].verified);
	}
	free(p->unavail);
	for (size_t i = 0; i < p->nplace; i++)
		free(p->place[i].id);
	free(p->place);
}

static char *dup_text(struct report *r, const char *s)
{
	if (!s)
		return NULL;
	char *copy = strdup(s);
	if (!copy)
		r->failed = 1;
	return copy;
}

/* 1 when verified (NULL: never) is stale, 0 when not, -1 on failure. */
static int is_stale(struct dir_pass *p, const char *verified)
{
	if (!verified)
		return 1;
	long days;
	if (date_to_days(verified, &days) == 0)
		return (long long)(p->today - days) * 12 > (long long)p->c->req->stale_months * 365;
	if (!p->stale_stmt && !(p->stale_stmt = report_prepare(p->c, stale_sql)))
		return -1;
	sqlite3_bind_text(p->stale_stmt, 1, verified, -1, SQLITE_STATIC);
	int rc = report_step(p->c, p->stale_stmt);
	if (rc < 0) {
		p->stale_stmt = NULL;   /* finalized by report_step */
		return -1;
	}
	int stale = rc == 1 && sqlite3_column_int(p->stale_stmt, 0) != 0;
	sqlite3_reset(p->stale_stmt);
	return stale;
}

/* The sector with this id (most rows are of the last one asked). */
static struct dir_sector *find_sector(struct dir_pass *p, const char *id)
{
	if (!id)
		return NULL;
	if (p->last_sector < p->nsector && strcmp(p->sector[p->last_sector].id, id) == 0)
		return &p->sector[p->last_sector];
	for (size_t i = 0; i < p->nsector; i++)
		if (strcmp(p->sector[i].id, id) == 0) {
			p->last_sector = i;
			return &p->sector[i];
		}
	return NULL;
}

static int read_sectors(struct dir_pass *p)
{
	struct report *r = p->c->r;
	sqlite3_stmt *stmt = report_prepare(p->c, sectors_sql);
	if (!stmt)
		return -1;
	int rc;
	size_t cap = 0;
	while ((rc = report_step(p->c, stmt)) == 1) {
		if (p->nsector == cap) {
			cap = cap ? cap * 2 : 16;
			struct dir_sector *grown = realloc(p->sector, cap * sizeof *grown);
			if (!grown) {
				r->failed = 1;
				break;
			}
			p->sector = grown;
		}
		struct dir_sector *s = &p->sector[p->nsector++];
		memset(s, 0, sizeof *s);
		s->id = dup_text(r, report_col_text(stmt, 0));
		s->label = dup_text(r, report_col_text(stmt, 1));
		if (!s->id || !s->label) {
			r->failed = 1;
			break;
		}
	}
	if (rc < 0)
		return -1;
	sqlite3_finalize(stmt);
	return r->failed ? -1 : 0;
}

/* The state array, big enough for every asset number. */
static int make_state(struct dir_pass *p)
{
	sqlite3_stmt *stmt = report_prepare(p->c, max_num_sql);
	if (!stmt)
		return -1;
	int rc = report_step(p->c, stmt);
	if (rc < 0)
		return -1;
	sqlite3_int64 max = rc == 1 ? sqlite3_column_int64(stmt, 0) : 0;
	sqlite3_finalize(stmt);
	/* Numbers are SQLite's rowids, given one after another by asset_save. */
	if (max < 0 || max >= (sqlite3_int64)1 << 31)
		return error_set(p->c->err, ERROR_INPUT, "the directory's asset numbers "
				 "are out of range (%lld)", (long long)max);
	p->nstate = max + 1;
	if (!(p->state = calloc((size_t)p->nstate, 1)))
		return error_nomem(p->c->err);
	return 0;
}

static int unavailable_rank(const char *status)
{
	if (strcmp(status, "closed") == 0)
		return 0;
	if (strcmp(status, "temporarily-closed") == 0)
		return 1;
	if (strcmp(status, "full") == 0)
		return 2;
	return -1;
}

static int keep_unavailable(struct dir_pass *p, int rank, sqlite3_stmt *stmt,
			    const struct dir_sector *s)
{
	struct report *r = p->c->r;
	if (p->nunavail == p->capunavail) {
		size_t cap = p->capunavail ? p->capunavail * 2 : 256;
		struct unavailable *grown = realloc(p->unavail, cap * sizeof *grown);
		if (!grown) {
			r->failed = 1;
			return -1;
		}
		p->unavail = grown;
		p->capunavail = cap;
	}
	struct unavailable *u = &p->unavail[p->nunavail++];
	u->rank = rank;
	u->id = dup_text(r, (const char *)sqlite3_column_text(stmt, 3));
	u->name = dup_text(r, (const char *)sqlite3_column_text(stmt, 2));
	u->status = dup_text(r, (const char *)sqlite3_column_text(stmt, 6));
	u->verified = dup_text(r, (const char *)sqlite3_column_text(stmt, 7));
	u->sector = s ? s->label : NULL;
	return r->failed ? -1 : 0;
}

/* ORDER BY the status's rank, name, id (BINARY: byte order). */
static int unavailable_cmp(const void *a, const void *b)
{
	const struct unavailable *x = a, *y = b;
	if (x->rank != y->rank)
		return x->rank < y->rank ? -1 : 1;
	int d = strcmp(x->name ? x->name : "", y->name ? y->name : "");
	return d ? d : strcmp(x->id ? x->id : "", y->id ? y->id : "");
}

/* A row seen, kept while the next may share its key; the buffers are
 * reused from row to row. */
struct held_row {
	struct strbuf col[5];       /* key, id, name, sector label, postcode */
	int has[5];                 /* not NULL */
	int shown;                  /* already in the table */
};

static void hold_row(struct held_row *h, const char *const v[5])
{
	for (int i = 0; i < 5; i++) {
		strbuf_reset(&h->col[i]);
		h->has[i] = v[i] != NULL;
		if (v[i])
			strbuf_puts(&h->col[i], v[i]);
	}
	h->shown = 0;
}

static void duplicate_row(struct report *r, struct report_table *t, long group,
			  const char *const v[5])
{
	size_t row = report_add_row(r, t, 0);
	report_set_value(t, row, 0, (double)group);
	for (int i = 0; i < 5; i++)
		if (v[i])
			report_set_text(r, t, row, 1 + (size_t)i, v[i]);
}

/* The one pass: sectors' counts, each asset's state, the unavailable
 * kept, the duplicates added to dup as they come. */
static int scan_assets(struct dir_pass *p, struct report_table *dup)
{
	struct report *r = p->c->r;
	sqlite3_stmt *stmt = report_prepare(p->c, assets_sql);
	if (!stmt)
		return -1;
	struct held_row held = { 0 };
	long group = 0;
	int rc, failed = 0;
	while ((rc = report_step(p->c, stmt)) == 1) {
		sqlite3_int64 num = sqlite3_column_int64(stmt, 0);
		const char *key = (const char *)sqlite3_column_text(stmt, 1);
		const char *sector = (const char *)sqlite3_column_text(stmt, 4);
		const char *status = (const char *)sqlite3_column_text(stmt, 6);
		const char *verified = (const char *)sqlite3_column_text(stmt, 7);
		int stale = is_stale(p, verified);
		if (stale < 0) {
			failed = 1;
			break;
		}
		unsigned state = ASSET_LIVE | (stale ? ASSET_STALE : 0) |
			(verified ? 0 : ASSET_NEVER);
		if (num >= 0 && num < p->nstate)
			p->state[num] = (unsigned char)state;
		struct dir_sector *s = find_sector(p, sector);
		if (s) {
			s->c.n[0]++;
			s->c.n[1] += stale;
			s->c.n[2] += !verified;
		}
		int rank = status ? unavailable_rank(status) : -1;
		if (rank >= 0 && keep_unavailable(p, rank, stmt, s) < 0) {
			failed = 1;
			break;
		}

		const char *v[5] = { key, (const char *)sqlite3_column_text(stmt, 3),
				     (const char *)sqlite3_column_text(stmt, 2),
				     s ? s->label : NULL,
				     (const char *)sqlite3_column_text(stmt, 5) };
		/* A key shared with the row before: a group (the empty key
		 * matches nothing). */
		if (key && *key && held.has[0] && strcmp(strbuf_str(&held.col[0]), key) == 0) {
			if (!held.shown) {
				const char *h[5];
				for (int i = 0; i < 5; i++)
					h[i] = held.has[i] ? strbuf_str(&held.col[i]) : NULL;
				duplicate_row(r, dup, ++group, h);
			}
			duplicate_row(r, dup, group, v);
			held.shown = 1;
		} else {
			hold_row(&held, v);
		}
	}
	for (int i = 0; i < 5; i++) {
		if (held.col[i].failed)
			r->failed = 1;
		strbuf_free(&held.col[i]);
	}
	if (rc < 0)
		return -1;
	sqlite3_finalize(stmt);
	if (failed)
		return -1;
	if (p->nunavail)
		qsort(p->unavail, p->nunavail, sizeof *p->unavail, unavailable_cmp);
	return 0;
}

/* The places served, counted from each asset's state. */
static int count_places(struct dir_pass *p)
{
	struct report *r = p->c->r;
	sqlite3_stmt *stmt = report_prepare(p->c, served_sql);
	if (!stmt)
		return -1;
	int rc;
	struct dir_place *cur = NULL;
	while ((rc = report_step(p->c, stmt)) == 1) {
		const char *id = report_col_text(stmt, 0);
		sqlite3_int64 num = sqlite3_column_int64(stmt, 1);
		unsigned state = num >= 0 && num < p->nstate ? p->state[num] : 0;
		if (!(state & ASSET_LIVE))
			continue;
		if (!cur || strcmp(cur->id, id) != 0) {
			if (p->nplace == p->capplace) {
				size_t cap = p->capplace ? p->capplace * 2 : 256;
				struct dir_place *grown = realloc(p->place, cap * sizeof *grown);
				if (!grown) {
					r->failed = 1;
					break;
				}
				p->place = grown;
				p->capplace = cap;
			}
			cur = &p->place[p->nplace++];
			memset(cur, 0, sizeof *cur);
			if (!(cur->id = dup_text(r, id))) {
				p->nplace--;
				break;
			}
		}
		cur->c.n[0]++;
		cur->c.n[1] += !!(state & ASSET_STALE);
		cur->c.n[2] += !!(state & ASSET_NEVER);
	}
	if (rc < 0)
		return -1;
	sqlite3_finalize(stmt);
	return r->failed ? -1 : 0;
}

static int place_cmp(const void *key, const void *item)
{
	return strcmp(key, ((const struct dir_place *)item)->id);
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
	if (t)
		t->chart = REPORT_CHART_BARS;
}

/* Fills the assets, stale, % and never columns at column col. */
static void stale_cells(struct report_table *t, size_t row, size_t col,
			const struct stale_counts *c)
{
	report_set_value(t, row, col, c->n[0]);
	report_set_value(t, row, col + 1, c->n[1]);
	if (c->n[0] > 0)
		report_set_value(t, row, col + 2, report_share(c->n[1], c->n[0]));
	report_set_value(t, row, col + 3, c->n[2]);
}

static struct report_table *sector_table(struct report *r)
{
	struct report_table *t = report_add_table(
		r, "stale_by_sector", "Stale listings by sector",
		"Assets listed now, by the sector that runs them, and how many are stale.",
		"No sectors.");
	report_add_column(r, t, "sector", "Sector id", REPORT_TEXT, REPORT_COL_KEY, NULL);
	report_add_column(r, t, "label", "Sector", REPORT_TEXT, REPORT_COL_LABEL, NULL);
	stale_columns(r, t);
	return t;
}

static struct report_table *locality_table(struct report *r)
{
	struct report_table *t = report_add_table(
		r, "stale_by_locality", "Stale listings by locality",
		"Assets that list each place as served (an asset listing two "
		"places counts under both), and how many are stale.",
		"No localities.");
	report_add_column(r, t, "locality", "Locality id", REPORT_TEXT, REPORT_COL_KEY, NULL);
	report_add_column(r, t, "label", "Locality", REPORT_TEXT, REPORT_COL_LABEL, NULL);
	report_add_column(r, t, "kind", "Kind", REPORT_TEXT, 0, NULL);
	stale_columns(r, t);
	return t;
}

static struct report_table *flags_table(struct report *r)
{
	struct report_table *t = report_add_table(
		r, "flags", "Open flags",
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
	if (t)
		t->chart = REPORT_CHART_BARS;
	return t;
}

static struct report_table *unavailable_table(struct report *r)
{
	struct report_table *t = report_add_table(
		r, "unavailable", "Assets marked full or closed",
		"Assets listed now whose status is closed, temporarily closed or "
		"full.", "No asset is marked full or closed.");
	report_add_column(r, t, "asset", "Asset id", REPORT_TEXT, REPORT_COL_KEY, NULL);
	report_add_column(r, t, "name", "Asset", REPORT_TEXT, REPORT_COL_LABEL, NULL);
	report_add_column(r, t, "sector", "Sector", REPORT_TEXT, 0, NULL);
	report_add_column(r, t, "status", "Status", REPORT_TEXT, 0, NULL);
	report_add_column(r, t, "verified", "Verified", REPORT_TEXT, 0, NULL);
	return t;
}

static struct report_table *duplicates_table(struct report *r)
{
	struct report_table *t = report_add_table(
		r, "duplicates", "Likely duplicates",
		"Assets listed now whose names match once case, accents, "
		"punctuation, a leading \"the\" and every \"and\" are set aside; "
		"each group shares a number.", "No likely duplicates.");
	report_add_column(r, t, "group", "Group", REPORT_COUNT, 0, NULL);
	report_add_column(r, t, "match", "Matched as", REPORT_TEXT, REPORT_COL_KEY, NULL);
	report_add_column(r, t, "asset", "Asset id", REPORT_TEXT, REPORT_COL_KEY, NULL);
	report_add_column(r, t, "name", "Asset", REPORT_TEXT, REPORT_COL_LABEL, NULL);
	report_add_column(r, t, "sector", "Sector", REPORT_TEXT, 0, NULL);
	report_add_column(r, t, "postcode", "Postcode", REPORT_TEXT, 0, NULL);
	return t;
}

static void fill_sectors(struct report *r, struct report_table *t, const struct dir_pass *p)
{
	struct stale_counts sum = { { 0, 0, 0 } };
	for (size_t i = 0; i < p->nsector; i++) {
		const struct dir_sector *s = &p->sector[i];
		size_t row = report_add_row(r, t, 0);
		report_set_text(r, t, row, 0, s->id);
		report_set_text(r, t, row, 1, s->label);
		stale_cells(t, row, 2, &s->c);
		for (int k = 0; k < 3; k++)
			sum.n[k] += s->c.n[k];
	}
	size_t total = report_add_row(r, t, REPORT_ROW_TOTAL);
	report_set_text(r, t, total, 1, "All sectors");
	stale_cells(t, total, 2, &sum);
}

static int fill_localities(struct dir_pass *p, struct report_table *t)
{
	struct report *r = p->c->r;
	sqlite3_stmt *stmt = report_prepare(p->c, tree_sql);
	if (!stmt)
		return -1;
	static const struct stale_counts none;
	int rc;
	while ((rc = report_step(p->c, stmt)) == 1) {
		size_t row = report_add_row(r, t, 0);
		for (int i = 0; i < 3; i++)
			report_set_text(r, t, row, (size_t)i, report_col_text(stmt, i));
		const struct dir_place *place = p->nplace
			? bsearch(report_col_text(stmt, 0), p->place, p->nplace,
				  sizeof *p->place, place_cmp)
			: NULL;
		stale_cells(t, row, 3, place ? &place->c : &none);
	}
	if (rc < 0)
		return -1;
	sqlite3_finalize(stmt);
	return 0;
}

static int fill_flags(struct report_ctx *c, struct report_table *t)
{
	struct report *r = c->r;
	sqlite3_stmt *stmt = report_prepare(c, flags_sql);
	if (!stmt)
		return -1;
	int rc;
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
	return 0;
}

static void fill_unavailable(struct report *r, struct report_table *t,
			     const struct dir_pass *p)
{
	for (size_t i = 0; i < p->nunavail; i++) {
		const struct unavailable *u = &p->unavail[i];
		size_t row = report_add_row(r, t, 0);
		const char *v[5] = { u->id, u->name, u->sector, u->status, u->verified };
		for (int k = 0; k < 5; k++)
			if (v[k])
				report_set_text(r, t, row, (size_t)k, v[k]);
	}
}

int report_build_directory(struct report_ctx *c)
{
	struct report *r = c->r;
	struct dir_pass p = { .c = c };
	if (date_to_days(c->req->today, &p.today) < 0) {
		error_set(c->err, ERROR_INPUT, "today is not a date: %s", c->req->today);
		return -1;
	}
	/* Made in the order they are shown; the pass fills several at once. */
	struct report_table *sectors = sector_table(r);
	struct report_table *localities = locality_table(r);
	struct report_table *flags = flags_table(r);
	struct report_table *unavailable = unavailable_table(r);
	struct report_table *duplicates = duplicates_table(r);
	int rc = -1;
	if (read_sectors(&p) < 0 || make_state(&p) < 0 || scan_assets(&p, duplicates) < 0 ||
	    count_places(&p) < 0)
		goto done;
	fill_sectors(r, sectors, &p);
	if (fill_localities(&p, localities) < 0 || fill_flags(c, flags) < 0)
		goto done;
	fill_unavailable(r, unavailable, &p);
	report_note(r, "A listing is stale when it was last verified more than %d months "
		    "before today, or never (stale_after_months in the config).",
		    c->req->stale_months);
	rc = 0;
done:
	pass_free(&p);
	/* A step that failed for want of memory said so only in r->failed. */
	if (rc < 0 && r->failed)
		return error_nomem(c->err);
	return rc;
}
