#include "config.h"

#include "core/counts.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* How the counts stay exact and cheap: the links are read once, in asset
 * order, and each link adds its asset to every item a search for which
 * would find it (the item's "reach"), at most once an item: an item
 * remembers the last asset it counted.  Archived assets (about 1%) are
 * read first from their partial index (directory migration 5) and
 * skipped as the links go by in the same order. */

static const char archived_sql[] =
	"SELECT num FROM asset WHERE archived = 1 ORDER BY num";

/* For a need: every need it sits under (the need itself too).  For a
 * place: every place within it and every place around it, as search.c's
 * locality filter is the same pairs read the other way. */
static const char *const closure_sql[TAXONOMY_KIND_COUNT] = {
	[TAXONOMY_NEED] = "SELECT descendant, ancestor FROM need_tree",
	[TAXONOMY_LOCALITY] = "SELECT descendant, ancestor FROM locality_tree",
};

static const char *const links_sql[TAXONOMY_KIND_COUNT] = {
	[TAXONOMY_NEED] = "SELECT asset, need FROM asset_need ORDER BY asset",
	[TAXONOMY_LOCALITY] = "SELECT asset, locality FROM asset_locality ORDER BY asset",
};

/* Sectors are one column of the asset row, counted from the index of
 * live assets by sector (directory migration 3). */
static const char sector_sql[] =
	"SELECT sector, count(*) FROM asset WHERE archived = 0 GROUP BY sector";

static const char days_sql[] =
	"SELECT asset, days FROM asset_session ORDER BY asset";

/* The archived assets' keys, ascending, and a cursor that moves with
 * links read in the same order. */
struct archived {
	int64_t *num;
	size_t count;
	size_t at;
};

/* A taxonomy's ids, sorted, to find an item's index by id. */
struct id_index {
	const char *id;
	size_t item;
};

/* Which items each item's links count for: reach[start[i] .. start[i+1]). */
struct reach {
	size_t *start;
	size_t *item;
};

static int read_archived(struct store *dir, struct archived *a, struct error *err)
{
	memset(a, 0, sizeof *a);
	sqlite3_stmt *stmt = store_stmt(dir, archived_sql, err);
	if (!stmt)
		return -1;
	size_t cap = 0;
	int rc;
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		if (a->count == cap) {
			cap = cap ? cap * 2 : 256;
			int64_t *p = realloc(a->num, cap * sizeof *p);
			if (!p) {
				sqlite3_reset(stmt);
				free(a->num);
				a->num = NULL;
				return error_nomem(err);
			}
			a->num = p;
		}
		a->num[a->count++] = sqlite3_column_int64(stmt, 0);
	}
	sqlite3_reset(stmt);
	if (rc != SQLITE_DONE) {
		free(a->num);
		a->num = NULL;
		return store_fail(dir, rc, "cannot count assets", err);
	}
	return 0;
}

/* Whether asset, no lower than the last one asked about, is archived. */
static int is_archived(struct archived *a, int64_t asset)
{
	while (a->at < a->count && a->num[a->at] < asset)
		a->at++;
	return a->at < a->count && a->num[a->at] == asset;
}

static int by_id(const void *a, const void *b)
{
	return strcmp(((const struct id_index *)a)->id, ((const struct id_index *)b)->id);
}

static struct id_index *index_ids(const struct taxonomy *t)
{
	struct id_index *idx = malloc((t->count ? t->count : 1) * sizeof *idx);
	if (!idx)
		return NULL;
	for (size_t i = 0; i < t->count; i++)
		idx[i] = (struct id_index){ t->item[i].id, i };
	if (t->count > 1)
		qsort(idx, t->count, sizeof *idx, by_id);
	return idx;
}

/* The index of the item with this id, or -1. */
static long find_item(const struct id_index *idx, size_t count, const unsigned char *id)
{
	if (!id)
		return -1;
	struct id_index key = { (const char *)id, 0 };
	const struct id_index *hit = bsearch(&key, idx, count, sizeof *idx, by_id);
	return hit ? (long)hit->item : -1;
}

struct pair {
	size_t from, to;
};

static int by_from(const void *a, const void *b)
{
	const struct pair *x = a, *y = b;
	return x->from < y->from ? -1 : x->from > y->from;
}

static void reach_free(struct reach *r)
{
	free(r->start);
	free(r->item);
}

/* Fills r from the closure: a link to item `from` counts for `to`. */
static int read_reach(struct store *dir, enum taxonomy_kind kind,
		      const struct id_index *idx, size_t items, struct reach *r,
		      struct error *err)
{
	memset(r, 0, sizeof *r);
	sqlite3_stmt *stmt = store_stmt(dir, closure_sql[kind], err);
	if (!stmt)
		return -1;
	struct pair *pairs = NULL;
	size_t count = 0, cap = 0;
	int rc, failed = 0;
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		long d = find_item(idx, items, sqlite3_column_text(stmt, 0));
		long a = find_item(idx, items, sqlite3_column_text(stmt, 1));
		if (d < 0 || a < 0)
			continue;
		if (count + 2 > cap) {
			cap = cap ? cap * 2 : 256;
			struct pair *p = realloc(pairs, cap * sizeof *p);
			if (!p) {
				failed = 1;
				break;
			}
			pairs = p;
		}
		pairs[count++] = (struct pair){ (size_t)d, (size_t)a };
		if (kind == TAXONOMY_LOCALITY && a != d)
			pairs[count++] = (struct pair){ (size_t)a, (size_t)d };
	}
	sqlite3_reset(stmt);
	if (!failed && rc != SQLITE_DONE) {
		free(pairs);
		return store_fail(dir, rc, "cannot count assets", err);
	}
	r->start = calloc(items + 1, sizeof *r->start);
	r->item = malloc((count ? count : 1) * sizeof *r->item);
	if (failed || !r->start || !r->item) {
		free(pairs);
		reach_free(r);
		return error_nomem(err);
	}
	if (count > 1)
		qsort(pairs, count, sizeof *pairs, by_from);
	for (size_t i = 0; i < count; i++) {
		r->start[pairs[i].from + 1]++;
		r->item[i] = pairs[i].to;
	}
	for (size_t i = 0; i < items; i++)
		r->start[i + 1] += r->start[i];
	free(pairs);
	return 0;
}

/* One pass over the links of a need or place hierarchy. */
static int count_links(struct store *dir, enum taxonomy_kind kind, struct taxonomy *t,
		       struct archived *archived, struct error *err)
{
	struct id_index *idx = index_ids(t);
	int64_t *last = malloc((t->count ? t->count : 1) * sizeof *last);
	struct reach reach = { 0 };
	int rc = -1;
	if (!idx || !last) {
		error_nomem(err);
		goto done;
	}
	if (read_reach(dir, kind, idx, t->count, &reach, err) < 0)
		goto done;
	for (size_t i = 0; i < t->count; i++) {
		t->item[i].assets = 0;
		last[i] = INT64_MIN;
	}
	sqlite3_stmt *stmt = store_stmt(dir, links_sql[kind], err);
	if (!stmt)
		goto done;
	int step;
	while ((step = sqlite3_step(stmt)) == SQLITE_ROW) {
		int64_t asset = sqlite3_column_int64(stmt, 0);
		if (is_archived(archived, asset))
			continue;
		long from = find_item(idx, t->count, sqlite3_column_text(stmt, 1));
		if (from < 0)
			continue;
		for (size_t k = reach.start[from]; k < reach.start[from + 1]; k++) {
			size_t to = reach.item[k];
			if (last[to] != asset) {
				last[to] = asset;
				t->item[to].assets++;
			}
		}
	}
	sqlite3_reset(stmt);
	if (step != SQLITE_DONE)
		store_fail(dir, step, "cannot count assets", err);
	else
		rc = 0;
done:
	reach_free(&reach);
	free(last);
	free(idx);
	return rc;
}

static int count_sectors(struct store *dir, struct taxonomy *t, struct error *err)
{
	struct id_index *idx = index_ids(t);
	if (!idx)
		return error_nomem(err);
	for (size_t i = 0; i < t->count; i++)
		t->item[i].assets = 0;
	sqlite3_stmt *stmt = store_stmt(dir, sector_sql, err);
	if (!stmt) {
		free(idx);
		return -1;
	}
	int rc;
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		long i = find_item(idx, t->count, sqlite3_column_text(stmt, 0));
		if (i >= 0)
			t->item[i].assets = (long)sqlite3_column_int64(stmt, 1);
	}
	sqlite3_reset(stmt);
	free(idx);
	if (rc != SQLITE_DONE)
		return store_fail(dir, rc, "cannot count assets", err);
	return 0;
}

/* Runs f in a read transaction, so that the archived assets and the
 * links are read from one state of the directory. */
static int in_read(struct store *dir, int (*f)(struct store *, void *, struct archived *,
					       struct error *),
		   void *ctx, struct error *err)
{
	int own = sqlite3_get_autocommit(store_db(dir));
	if (own && store_begin_read(dir, err) < 0)
		return -1;
	struct archived archived;
	int rc = read_archived(dir, &archived, err);
	if (rc == 0)
		rc = f(dir, ctx, &archived, err);
	free(archived.num);
	if (own)
		store_rollback(dir);
	return rc;
}

struct taxonomy_job {
	enum taxonomy_kind kind;
	struct taxonomy *t;
};

static int taxonomy_pass(struct store *dir, void *ctx, struct archived *archived,
			 struct error *err)
{
	struct taxonomy_job *job = ctx;
	return count_links(dir, job->kind, job->t, archived, err);
}

int counts_taxonomy(struct store *dir, enum taxonomy_kind kind, struct taxonomy *t,
		    struct error *err)
{
	if (kind == TAXONOMY_SECTOR)
		return count_sectors(dir, t, err);
	struct taxonomy_job job = { kind, t };
	return in_read(dir, taxonomy_pass, &job, err);
}

static int days_pass(struct store *dir, void *ctx, struct archived *archived,
		     struct error *err)
{
	long *counts = ctx;
	int64_t last[7];
	for (int d = 0; d < 7; d++) {
		counts[d] = 0;
		last[d] = INT64_MIN;
	}
	sqlite3_stmt *stmt = store_stmt(dir, days_sql, err);
	if (!stmt)
		return -1;
	int rc;
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		int64_t asset = sqlite3_column_int64(stmt, 0);
		int days = sqlite3_column_int(stmt, 1);
		if (is_archived(archived, asset))
			continue;
		for (int d = 0; d < 7; d++)
			if ((days & (1 << d)) && last[d] != asset) {
				last[d] = asset;
				counts[d]++;
			}
	}
	sqlite3_reset(stmt);
	if (rc != SQLITE_DONE)
		return store_fail(dir, rc, "cannot count sessions", err);
	return 0;
}

int counts_days(struct store *dir, long counts[7], struct error *err)
{
	return in_read(dir, days_pass, counts, err);
}
