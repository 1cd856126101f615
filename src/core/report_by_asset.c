/* report_by_asset: the unfiltered counts by sector, locality and asset
 * from the summary by asset and month (personal migration 6), merged in
 * C with the directory's assets in id order: one pass of each, where the
 * statement looked up each of 150,000 assets referred and sorted the
 * rows (tests/bench/README).  The months a period cuts short are read
 * from the referrals themselves.  Anything this does not expect (a
 * sector or place the directory does not list) gives back 1, and the
 * caller runs the statement instead. */
#include "config.h"

#include "core/report_by_asset.h"

#include <stdlib.h>
#include <string.h>

/* One asset's referrals in the two periods. */
struct asset_count {
	char *id;
	long num;          /* the directory's row, or 0 when not in it */
	long cur, prev;
	const char *sector;  /* the directory's sector (in sectors[]), or NULL */
	char *name;        /* the directory's name, or NULL */
};

struct asset_counts {
	struct asset_count *a;
	size_t n, cap;
};

static int counts_push(struct asset_counts *l, const char *id, long cur, long prev)
{
	if (l->n == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 1024;
		struct asset_count *a = realloc(l->a, cap * sizeof *a);
		if (!a)
			return -1;
		l->a = a;
		l->cap = cap;
	}
	char *copy = strdup(id);
	if (!copy)
		return -1;
	l->a[l->n++] = (struct asset_count){ copy, 0, cur, prev, NULL, NULL };
	return 0;
}

static void counts_free(struct asset_counts *l)
{
	for (size_t i = 0; i < l->n; i++) {
		free(l->a[i].id);
		free(l->a[i].name);
	}
	free(l->a);
	l->a = NULL;
	l->n = l->cap = 0;
}

/* Where a month falls: wholly in the previous period, wholly in the
 * current one, or cut by an end (read from the referrals). */
enum month_class { MONTH_PREV, MONTH_CUR, MONTH_CUT };

/* "2026-06..." as months since year 0; by hand, as it is read for each
 * of 600,000 rows (atol was a tenth of the report).  Not a month: -1. */
static long month_index(const char *ymd)
{
	long y = 0, m = 0;
	for (int i = 0; i < 4; i++) {
		if (ymd[i] < '0' || ymd[i] > '9')
			return -1;
		y = y * 10 + (ymd[i] - '0');
	}
	if (ymd[4] != '-' || ymd[5] < '0' || ymd[5] > '9' || ymd[6] < '0' || ymd[6] > '9')
		return -1;
	m = (ymd[5] - '0') * 10 + (ymd[6] - '0');
	return y * 12 + m - 1;
}

static void month_first(long mi, char out[DATE_LEN])
{
	char buf[48];
	snprintf(buf, sizeof buf, "%04ld-%02ld-01", mi / 12, mi % 12 + 1);
	snprintf(out, DATE_LEN, "%.10s", buf);
}

/* The day before the next month's first. */
static void month_last(long mi, char out[DATE_LEN])
{
	char next[DATE_LEN];
	month_first(mi + 1, next);
	date_from_days(date_days(next) - 1, out);
}

static enum month_class classify(long mi, const struct report_period *p)
{
	char first[DATE_LEN], last[DATE_LEN];
	month_first(mi, first);
	month_last(mi, last);
	if (strcmp(first, p->prev_from) >= 0 && strcmp(last, p->prev_to) <= 0)
		return MONTH_PREV;
	if (strcmp(first, p->from) >= 0 && strcmp(last, p->to) <= 0)
		return MONTH_CUR;
	return MONTH_CUT;
}

static int by_id(const void *a, const void *b)
{
	return strcmp(((const struct asset_count *)a)->id, ((const struct asset_count *)b)->id);
}

static int by_num(const void *a, const void *b)
{
	long x = ((const struct asset_count *)a)->num, y = ((const struct asset_count *)b)->num;
	return x < y ? -1 : x > y;
}

/* Adds consecutive rows of the same asset together (rows in id order). */
static int add_row(struct asset_counts *l, const char *id, long cur, long prev)
{
	if (l->n && strcmp(l->a[l->n - 1].id, id) == 0) {
		l->a[l->n - 1].cur += cur;
		l->a[l->n - 1].prev += prev;
		return 0;
	}
	return counts_push(l, id, cur, prev);
}

/* The whole months from the summary, in asset id order. */
static int read_summary(struct report_ctx *c, long m0, long m1, const enum month_class *cls,
			struct asset_counts *out)
{
	char lo[DATE_LEN], hi[DATE_LEN];
	month_first(m0, lo);
	month_first(m1, hi);
	sqlite3_stmt *stmt = report_prepare(c, "SELECT asset_id, month, n"
					    " FROM referral_count_asset_month"
					    " WHERE month BETWEEN substr(:lo, 1, 7) AND substr(:hi, 1, 7)");
	if (!stmt)
		return -1;
	sqlite3_bind_text(stmt, sqlite3_bind_parameter_index(stmt, ":lo"), lo, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, sqlite3_bind_parameter_index(stmt, ":hi"), hi, -1, SQLITE_STATIC);
	int rc;
	while ((rc = report_step(c, stmt)) == 1) {
		long mi = month_index(report_col_text(stmt, 1));
		if (mi < 0) {
			/* Not a day in the core's form: the statement decides. */
			sqlite3_finalize(stmt);
			return 1;
		}
		mi -= m0;
		if (mi < 0 || mi > m1 - m0 || cls[mi] == MONTH_CUT)
			continue;
		long n = (long)sqlite3_column_int64(stmt, 2);
		if (add_row(out, report_col_text(stmt, 0), cls[mi] == MONTH_CUR ? n : 0,
			    cls[mi] == MONTH_PREV ? n : 0) < 0) {
			sqlite3_finalize(stmt);
			return error_nomem(c->err);
		}
	}
	if (rc < 0)
		return -1;
	sqlite3_finalize(stmt);
	return 0;
}

/* The days of the months cut short, from the referrals, in id order. */
static int read_cut(struct report_ctx *c, long m0, long m1, const enum month_class *cls,
		    struct asset_counts *out)
{
	const struct report_period *p = &c->req->period;
	sqlite3_stmt *stmt = report_prepare(c, "SELECT asset_id, created_on >= :from"
					    " FROM referral INDEXED BY referral_by_period"
					    " WHERE created_on BETWEEN :lo AND :hi");
	if (!stmt)
		return -1;
	struct asset_counts raw = { 0 };
	for (long mi = m0; mi <= m1; mi++) {
		if (cls[mi - m0] != MONTH_CUT)
			continue;
		char lo[DATE_LEN], hi[DATE_LEN];
		month_first(mi, lo);
		month_last(mi, hi);
		if (strcmp(lo, p->prev_from) < 0)
			memcpy(lo, p->prev_from, DATE_LEN);
		if (strcmp(hi, p->to) > 0)
			memcpy(hi, p->to, DATE_LEN);
		sqlite3_reset(stmt);
		sqlite3_bind_text(stmt, sqlite3_bind_parameter_index(stmt, ":lo"), lo, -1,
				  SQLITE_TRANSIENT);
		sqlite3_bind_text(stmt, sqlite3_bind_parameter_index(stmt, ":hi"), hi, -1,
				  SQLITE_TRANSIENT);
		int rc;
		while ((rc = report_step(c, stmt)) == 1) {
			int cur = sqlite3_column_int(stmt, 1);
			if (counts_push(&raw, report_col_text(stmt, 0), cur, !cur) < 0) {
				sqlite3_finalize(stmt);
				counts_free(&raw);
				return error_nomem(c->err);
			}
		}
		if (rc < 0) {
			counts_free(&raw);
			return -1;
		}
	}
	sqlite3_finalize(stmt);
	if (raw.n)
		qsort(raw.a, raw.n, sizeof *raw.a, by_id);
	for (size_t i = 0; i < raw.n; i++)
		if (add_row(out, raw.a[i].id, raw.a[i].cur, raw.a[i].prev) < 0) {
			counts_free(&raw);
			return error_nomem(c->err);
		}
	counts_free(&raw);
	return 0;
}

/* Two lists in id order made one (a's items taken when b is empty). */
static int merge(struct asset_counts *a, struct asset_counts *b, struct asset_counts *out)
{
	if (b->n == 0) {
		*out = *a;
		*a = (struct asset_counts){ 0 };
		return 0;
	}
	size_t i = 0, j = 0;
	while (i < a->n || j < b->n) {
		int d = i == a->n ? 1 : j == b->n ? -1 : strcmp(a->a[i].id, b->a[j].id);
		struct asset_count *x = d <= 0 ? &a->a[i] : &b->a[j];
		long cur = x->cur, prev = x->prev;
		if (d == 0) {
			cur += b->a[j].cur;
			prev += b->a[j].prev;
		}
		if (counts_push(out, x->id, cur, prev) < 0)
			return -1;
		i += d <= 0;
		j += d >= 0;
	}
	return 0;
}

/* Ids and labels from the directory, sorted by id in C (whatever the
 * column's collation) for labels_find. */
struct label {
	char *id, *label;
};

struct labels {
	struct label *l;
	size_t n;
};

static void labels_free(struct labels *l)
{
	for (size_t i = 0; i < l->n; i++) {
		free(l->l[i].id);
		free(l->l[i].label);
	}
	free(l->l);
}

static int by_label_id(const void *a, const void *b)
{
	return strcmp(((const struct label *)a)->id, ((const struct label *)b)->id);
}

static int read_labels(struct report_ctx *c, const char *sql, struct labels *l)
{
	sqlite3_stmt *stmt = report_prepare(c, sql);
	if (!stmt)
		return -1;
	size_t cap = 0;
	int rc;
	while ((rc = report_step(c, stmt)) == 1) {
		if (l->n == cap) {
			cap = cap ? cap * 2 : 64;
			struct label *x = realloc(l->l, cap * sizeof *x);
			if (!x) {
				sqlite3_finalize(stmt);
				return error_nomem(c->err);
			}
			l->l = x;
		}
		const unsigned char *label = sqlite3_column_text(stmt, 1);
		struct label *x = &l->l[l->n];
		x->id = strdup(report_col_text(stmt, 0));
		x->label = label ? strdup((const char *)label) : NULL;
		if (!x->id || (label && !x->label)) {
			free(x->id);
			free(x->label);
			sqlite3_finalize(stmt);
			return error_nomem(c->err);
		}
		l->n++;
	}
	if (rc < 0)
		return -1;
	sqlite3_finalize(stmt);
	if (l->n)
		qsort(l->l, l->n, sizeof *l->l, by_label_id);
	return 0;
}

/* The index of id in l, or -1. */
static long labels_find(const struct labels *l, const char *id)
{
	size_t lo = 0, hi = l->n;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		int d = strcmp(l->l[mid].id, id);
		if (d == 0)
			return (long)mid;
		if (d < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return -1;
}

/* Each asset's row, sector and (for assets) name from the directory, by
 * a merge in id order.  The sector is one of sectors' ids, or the
 * return is 1 (not expected: the caller's statement decides). */
static int join_directory(struct report_ctx *c, struct asset_counts *l,
			  const struct labels *sectors, int names)
{
	sqlite3_stmt *stmt = report_prepare(c, names
		? "SELECT id, num, sector, name FROM dir.asset INDEXED BY asset_by_id_sector ORDER BY id"
		: "SELECT id, num, sector FROM dir.asset INDEXED BY asset_by_id_sector ORDER BY id");
	if (!stmt)
		return -1;
	size_t i = 0;
	int rc = 0;
	while (i < l->n && (rc = report_step(c, stmt)) == 1) {
		const char *id = report_col_text(stmt, 0);
		while (i < l->n && strcmp(l->a[i].id, id) < 0)
			i++;
		if (i == l->n || strcmp(l->a[i].id, id) != 0)
			continue;
		struct asset_count *a = &l->a[i++];
		a->num = (long)sqlite3_column_int64(stmt, 1);
		long s = labels_find(sectors, report_col_text(stmt, 2));
		if (s < 0) {
			sqlite3_finalize(stmt);
			return 1;
		}
		a->sector = sectors->l[s].id;
		if (names && !(a->name = strdup(report_col_text(stmt, 3)))) {
			sqlite3_finalize(stmt);
			return error_nomem(c->err);
		}
	}
	if (i < l->n && rc < 0)
		return -1;
	sqlite3_finalize(stmt);
	return 0;
}

/* ---- The groups ------------------------------------------------------------- */

static int groups_push(struct report_groups *g, const char *id, const char *label,
		       const char *extra, long cur, long prev)
{
	if (g->n == g->cap) {
		size_t cap = g->cap ? g->cap * 2 : 64;
		struct report_group *a = realloc(g->g, cap * sizeof *a);
		if (!a)
			return -1;
		g->g = a;
		g->cap = cap;
	}
	struct report_group *x = &g->g[g->n];
	x->id = id ? strdup(id) : NULL;
	x->label = label ? strdup(label) : NULL;
	x->extra = extra ? strdup(extra) : NULL;
	x->cur = cur;
	x->prev = prev;
	if ((id && !x->id) || (label && !x->label) || (extra && !x->extra)) {
		free(x->id);
		free(x->label);
		free(x->extra);
		return -1;
	}
	g->n++;
	return 0;
}

void report_groups_free(struct report_groups *g)
{
	for (size_t i = 0; i < g->n; i++) {
		free(g->g[i].id);
		free(g->g[i].label);
		free(g->g[i].extra);
	}
	free(g->g);
	g->g = NULL;
	g->n = g->cap = 0;
}

/* SQLite's order: id IS NULL, cur DESC, prev DESC, label, id (NULL
 * before any text, text by its bytes). */
static int text_order(const char *a, const char *b)
{
	if (!a || !b)
		return !a && !b ? 0 : !a ? -1 : 1;
	return strcmp(a, b);
}

static int group_order(const void *pa, const void *pb)
{
	const struct report_group *a = pa, *b = pb;
	if (!a->id != !b->id)
		return !a->id ? 1 : -1;
	if (a->cur != b->cur)
		return a->cur > b->cur ? -1 : 1;
	if (a->prev != b->prev)
		return a->prev > b->prev ? -1 : 1;
	int d = text_order(a->label, b->label);
	return d ? d : text_order(a->id, b->id);
}

/* Counts by an id found in ids (a sector or place), plus none. */
struct tally {
	long *cur, *prev;
	long none_cur, none_prev;
	int none;
};

static int tally_groups(const struct labels *ids, const struct tally *t,
			struct report_groups *out)
{
	for (size_t i = 0; i < ids->n; i++)
		if ((t->cur[i] || t->prev[i]) &&
		    groups_push(out, ids->l[i].id, ids->l[i].label, NULL, t->cur[i], t->prev[i]) < 0)
			return -1;
	if (t->none && groups_push(out, NULL, NULL, NULL, t->none_cur, t->none_prev) < 0)
		return -1;
	return 0;
}

static int by_sector(struct report_ctx *c, struct asset_counts *l, const struct labels *sectors,
		     struct report_groups *out)
{
	(void)c;
	struct tally t = { calloc(sectors->n + 1, sizeof(long)),
			   calloc(sectors->n + 1, sizeof(long)), 0, 0, 0 };
	int rc = t.cur && t.prev ? 0 : -1;
	for (size_t i = 0; rc == 0 && i < l->n; i++) {
		const struct asset_count *a = &l->a[i];
		if (!a->sector) {
			t.none = 1;
			t.none_cur += a->cur;
			t.none_prev += a->prev;
			continue;
		}
		long s = labels_find(sectors, a->sector);
		t.cur[s] += a->cur;
		t.prev[s] += a->prev;
	}
	if (rc == 0)
		rc = tally_groups(sectors, &t, out);
	free(t.cur);
	free(t.prev);
	return rc;
}

static int by_locality(struct report_ctx *c, struct asset_counts *l, struct report_groups *out)
{
	struct labels places = { 0 };
	int rc = read_labels(c, "SELECT id, label FROM dir.locality", &places);
	struct tally t = { 0 };
	if (rc == 0) {
		t.cur = calloc(places.n + 1, sizeof(long));
		t.prev = calloc(places.n + 1, sizeof(long));
		if (!t.cur || !t.prev)
			rc = error_nomem(c->err);
	}
	sqlite3_stmt *stmt = NULL;
	if (rc == 0 && l->n) {
		qsort(l->a, l->n, sizeof *l->a, by_num);
		stmt = report_prepare(c, "SELECT asset, locality FROM dir.asset_locality"
				      " ORDER BY asset");
		if (!stmt)
			rc = -1;
	}
	/* The assets not in the directory (num 0) sort first. */
	size_t i = 0;
	int any = 0, step = 0;
	while (rc == 0 && stmt && i < l->n) {
		if ((step = report_step(c, stmt)) != 1)
			break;
		long num = (long)sqlite3_column_int64(stmt, 0);
		while (i < l->n && l->a[i].num < num) {
			if (!any) {
				t.none = 1;
				t.none_cur += l->a[i].cur;
				t.none_prev += l->a[i].prev;
			}
			any = 0;
			i++;
		}
		if (i == l->n || l->a[i].num != num)
			continue;
		long p = labels_find(&places, report_col_text(stmt, 1));
		if (p < 0) {
			rc = 1;
			break;
		}
		t.cur[p] += l->a[i].cur;
		t.prev[p] += l->a[i].prev;
		any = 1;
	}
	if (step < 0)
		rc = -1;
	else if (stmt)
		sqlite3_finalize(stmt);
	for (; rc == 0 && i < l->n; i++) {
		if (!any) {
			t.none = 1;
			t.none_cur += l->a[i].cur;
			t.none_prev += l->a[i].prev;
		}
		any = 0;
	}
	if (rc == 0 && tally_groups(&places, &t, out) < 0)
		rc = error_nomem(c->err);
	free(t.cur);
	free(t.prev);
	labels_free(&places);
	return rc;
}

static int by_asset(struct report_ctx *c, struct asset_counts *l, const struct labels *sectors,
		    struct report_groups *out)
{
	sqlite3_stmt *old = NULL;
	int rc = 0;
	for (size_t i = 0; rc == 0 && i < l->n; i++) {
		const struct asset_count *a = &l->a[i];
		const char *name = a->name;
		if (!name) {
			/* Not in the directory: the name it had when last referred. */
			if (!old && !(old = report_prepare(c, "SELECT asset_name FROM referral"
						       " WHERE asset_id = :asset_id"
						       " ORDER BY id DESC LIMIT 1")))
				return -1;
			sqlite3_reset(old);
			sqlite3_bind_text(old, 1, a->id, -1, SQLITE_STATIC);
			int s = report_step(c, old);
			if (s < 0)
				return -1;
			name = s ? report_col_text(old, 0) : NULL;
		}
		const char *sector = NULL;
		if (a->sector)
			sector = sectors->l[labels_find(sectors, a->sector)].label;
		if (groups_push(out, a->id, name, sector, a->cur, a->prev) < 0)
			rc = error_nomem(c->err);
	}
	sqlite3_finalize(old);
	return rc;
}

int report_by_asset(struct report_ctx *c, struct report_groups *out, long totals[2])
{
	const struct report_period *p = &c->req->period;
	long m0 = month_index(p->prev_from), m1 = month_index(p->to);
	if (m0 < 0 || m1 < m0)
		return 1;
	enum month_class *cls = calloc((size_t)(m1 - m0 + 1), sizeof *cls);
	if (!cls)
		return error_nomem(c->err);
	for (long mi = m0; mi <= m1; mi++)
		cls[mi - m0] = classify(mi, p);
	struct asset_counts whole = { 0 }, cut = { 0 }, all = { 0 };
	int rc = read_summary(c, m0, m1, cls, &whole);
	if (rc == 0)
		rc = read_cut(c, m0, m1, cls, &cut);
	free(cls);
	if (rc == 0 && merge(&whole, &cut, &all) < 0)
		rc = error_nomem(c->err);
	counts_free(&whole);
	counts_free(&cut);
	totals[0] = totals[1] = 0;
	for (size_t i = 0; i < all.n; i++) {
		totals[0] += all.a[i].cur;
		totals[1] += all.a[i].prev;
	}
	struct labels sectors = { 0 };
	if (rc == 0)
		rc = read_labels(c, "SELECT id, label FROM dir.sector", &sectors);
	if (rc == 0)
		rc = join_directory(c, &all, &sectors, c->req->kind == REPORT_ASSETS);
	if (rc == 0) {
		if (c->req->kind == REPORT_SECTORS)
			rc = by_sector(c, &all, &sectors, out);
		else if (c->req->kind == REPORT_LOCALITIES)
			rc = by_locality(c, &all, out);
		else
			rc = by_asset(c, &all, &sectors, out);
		if (rc < 0 && !c->err->kind)
			error_nomem(c->err);
	}
	if (rc == 0 && out->n)
		qsort(out->g, out->n, sizeof *out->g, group_order);
	if (rc != 0)
		report_groups_free(out);
	labels_free(&sectors);
	counts_free(&all);
	return rc;
}
