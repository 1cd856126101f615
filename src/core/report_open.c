/* report_open: how many open assets serve a need in a place, for the gap
 * report, as the SQL function signpost_open_assets(need, place).
 *
 * Why not SQL: counted by a correlated subquery, each of the report's
 * tens of thousands of need-and-place cells joined the need's thousands
 * of assets to the asset table again (gaps took minutes at 200,000
 * assets).  Here each need's open assets, and each place's assets
 * (serving it, a place within it or around it), become a bit set the
 * first time a cell asks, and a cell is the count of the two sets' AND.
 * The answer is the subquery's, asset for asset: see report_open_sql. */
#include "config.h"

#include "core/report_impl.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

struct open_set {
	char *id;
	uint64_t *bits;
	uint32_t *used;  /* places: the words of bits not 0, made once */
	size_t nused;
};

struct open_sets {
	struct open_set *item;
	size_t count, cap;
};

struct report_open {
	sqlite3 *db;
	size_t words;            /* bits for asset nums 0 .. words * 64 - 1 */
	uint64_t *open;          /* open, live assets */
	struct open_sets needs;  /* need id: its open assets, sub-needs too */
	struct open_sets places; /* place id: assets serving it or near it */
	struct open_sets direct; /* place id: assets listing it */
	sqlite3_stmt *need_stmt, *near_stmt, *direct_stmt;
};

static const char max_sql[] = "SELECT max(num) FROM dir.asset";
static const char open_sql[] =
	"SELECT num FROM dir.asset INDEXED BY asset_health WHERE archived = 0"
	" AND status = 'open'";
static const char need_sql[] =
	"SELECT an.asset FROM dir.need_tree nt JOIN dir.asset_need an"
	" ON an.need = nt.descendant WHERE nt.ancestor = ?1";
static const char near_sql[] =
	"SELECT descendant FROM dir.locality_tree WHERE ancestor = ?1"
	" UNION SELECT ancestor FROM dir.locality_tree WHERE descendant = ?1";
static const char direct_sql[] =
	"SELECT asset FROM dir.asset_locality WHERE locality = ?1";

static void sets_free(struct open_sets *s)
{
	for (size_t i = 0; i < s->count; i++) {
		free(s->item[i].id);
		free(s->item[i].bits);
		free(s->item[i].used);
	}
	free(s->item);
}

void report_open_free(struct report_open *o)
{
	if (!o)
		return;
	sqlite3_create_function_v2(o->db, "signpost_open_assets", 2, SQLITE_UTF8, NULL,
				   NULL, NULL, NULL, NULL);
	sqlite3_finalize(o->need_stmt);
	sqlite3_finalize(o->near_stmt);
	sqlite3_finalize(o->direct_stmt);
	sets_free(&o->needs);
	sets_free(&o->places);
	sets_free(&o->direct);
	free(o->open);
	free(o);
}

static struct open_set *set_find(const struct open_sets *s, const char *id)
{
	for (size_t i = 0; i < s->count; i++)
		if (strcmp(s->item[i].id, id) == 0)
			return &s->item[i];
	return NULL;
}

static uint64_t *sets_find(const struct open_sets *s, const char *id)
{
	struct open_set *set = set_find(s, id);
	return set ? set->bits : NULL;
}

/* A new empty set under id; NULL when out of memory. */
static uint64_t *sets_add(struct open_sets *s, const char *id, size_t words)
{
	if (s->count == s->cap) {
		size_t cap = s->cap ? s->cap * 2 : 16;
		struct open_set *more = realloc(s->item, cap * sizeof *more);
		if (!more)
			return NULL;
		s->item = more;
		s->cap = cap;
	}
	char *copy = strdup(id);
	uint64_t *bits = calloc(words, sizeof *bits);
	if (!copy || !bits) {
		free(copy);
		free(bits);
		return NULL;
	}
	s->item[s->count++] = (struct open_set){ copy, bits, NULL, 0 };
	return bits;
}

static void set_bit(const struct report_open *o, uint64_t *bits, sqlite3_int64 num)
{
	if (num >= 0 && (uint64_t)num < o->words * 64)
		bits[num / 64] |= (uint64_t)1 << (num % 64);
}

/* Runs stmt with id bound, setting the bit of each asset num it gives
 * (OR), or, when mask, only those also in mask.  SQLite's code. */
static int fill(const struct report_open *o, sqlite3_stmt *stmt, const char *id,
		uint64_t *bits, const uint64_t *mask)
{
	sqlite3_reset(stmt);
	if (id)
		sqlite3_bind_text(stmt, 1, id, -1, SQLITE_TRANSIENT);
	int rc;
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		sqlite3_int64 num = sqlite3_column_int64(stmt, 0);
		if (!mask || (num >= 0 && (uint64_t)num < o->words * 64 &&
			      (mask[num / 64] >> (num % 64) & 1)))
			set_bit(o, bits, num);
	}
	sqlite3_reset(stmt);
	return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

static const uint64_t *need_set(struct report_open *o, const char *need, int *rc)
{
	uint64_t *bits = sets_find(&o->needs, need);
	if (bits)
		return bits;
	if (!(bits = sets_add(&o->needs, need, o->words))) {
		*rc = SQLITE_NOMEM;
		return NULL;
	}
	*rc = fill(o, o->need_stmt, need, bits, o->open);
	return *rc == SQLITE_OK ? bits : NULL;
}

static const uint64_t *direct_set(struct report_open *o, const char *place, int *rc)
{
	uint64_t *bits = sets_find(&o->direct, place);
	if (bits)
		return bits;
	if (!(bits = sets_add(&o->direct, place, o->words))) {
		*rc = SQLITE_NOMEM;
		return NULL;
	}
	*rc = fill(o, o->direct_stmt, place, bits, NULL);
	return *rc == SQLITE_OK ? bits : NULL;
}

static const uint64_t *place_set(struct report_open *o, const char *place, int *rc)
{
	uint64_t *bits = sets_find(&o->places, place);
	if (bits)
		return bits;
	if (!(bits = sets_add(&o->places, place, o->words))) {
		*rc = SQLITE_NOMEM;
		return NULL;
	}
	/* The places near it, gathered first: the direct sets read the
	 * same connection. */
	struct strlist near = STRLIST_INIT;
	sqlite3_reset(o->near_stmt);
	sqlite3_bind_text(o->near_stmt, 1, place, -1, SQLITE_TRANSIENT);
	while ((*rc = sqlite3_step(o->near_stmt)) == SQLITE_ROW)
		if (strlist_add(&near, (const char *)sqlite3_column_text(o->near_stmt, 0)) < 0) {
			*rc = SQLITE_NOMEM;
			break;
		}
	sqlite3_reset(o->near_stmt);
	*rc = *rc == SQLITE_DONE ? SQLITE_OK : *rc;
	for (size_t i = 0; *rc == SQLITE_OK && i < near.count; i++) {
		const uint64_t *d = direct_set(o, near.item[i], rc);
		for (size_t w = 0; d && w < o->words; w++)
			bits[w] |= d[w];
	}
	strlist_clear(&near);
	return *rc == SQLITE_OK ? bits : NULL;
}

/* A place's words that are not 0: a place's assets are a few hundred of
 * 200,000, so a cell reads those words of the need's set, not all. */
static const struct open_set *place_words(struct report_open *o, const char *place, int *rc)
{
	if (!place_set(o, place, rc))
		return NULL;
	struct open_set *set = set_find(&o->places, place);
	if (set->used)
		return set;
	size_t n = 0;
	for (size_t w = 0; w < o->words; w++)
		n += set->bits[w] != 0;
	if (!(set->used = malloc((n ? n : 1) * sizeof *set->used))) {
		*rc = SQLITE_NOMEM;
		return NULL;
	}
	for (size_t w = 0; w < o->words; w++)
		if (set->bits[w])
			set->used[set->nused++] = (uint32_t)w;
	return set;
}

/* Bits set in x, without the library call a plain x86-64 build makes of
 * __builtin_popcountll (a tenth of the gap report's time). */
static unsigned bits_in(uint64_t x)
{
	x -= (x >> 1) & 0x5555555555555555u;
	x = (x & 0x3333333333333333u) + ((x >> 2) & 0x3333333333333333u);
	x = (x + (x >> 4)) & 0x0f0f0f0f0f0f0f0fu;
	return (unsigned)((x * 0x0101010101010101u) >> 56);
}

int report_open_count(struct report_open *o, const char *need, const char *place,
		      sqlite3_int64 *count)
{
	*count = 0;
	if (!need)
		return SQLITE_OK;
	int rc = SQLITE_OK;
	const uint64_t *n = need_set(o, need, &rc);
	const struct open_set *p = n && place ? place_words(o, place, &rc) : NULL;
	if (rc != SQLITE_OK)
		return rc;
	sqlite3_int64 sum = 0;
	if (p)
		for (size_t i = 0; i < p->nused; i++)
			sum += bits_in(n[p->used[i]] & p->bits[p->used[i]]);
	else
		for (size_t w = 0; w < o->words; w++)
			sum += bits_in(n[w]);
	*count = sum;
	return SQLITE_OK;
}

static void open_assets_fn(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	(void)argc;
	struct report_open *o = sqlite3_user_data(ctx);
	sqlite3_int64 count;
	int rc = report_open_count(o, (const char *)sqlite3_value_text(argv[0]),
				   (const char *)sqlite3_value_text(argv[1]), &count);
	if (rc != SQLITE_OK) {
		sqlite3_result_error_code(ctx, rc);
		return;
	}
	sqlite3_result_int64(ctx, count);
}

struct report_open *report_open_new(struct report_ctx *c)
{
	struct store *s = c->personal;
	sqlite3 *db = store_db(s);
	struct report_open *o = calloc(1, sizeof *o);
	if (!o) {
		error_nomem(c->err);
		return NULL;
	}
	o->db = db;
	sqlite3_stmt *stmt = NULL;
	int rc = sqlite3_prepare_v2(db, max_sql, -1, &stmt, NULL);
	if (rc == SQLITE_OK && (rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		sqlite3_int64 max = sqlite3_column_int64(stmt, 0);
		o->words = max > 0 ? (size_t)max / 64 + 1 : 1;
		rc = SQLITE_OK;
	}
	sqlite3_finalize(stmt);
	stmt = NULL;
	if (rc == SQLITE_OK && !(o->open = calloc(o->words, sizeof *o->open)))
		rc = SQLITE_NOMEM;
	if (rc == SQLITE_OK)
		rc = sqlite3_prepare_v2(db, open_sql, -1, &stmt, NULL);
	if (rc == SQLITE_OK)
		rc = fill(o, stmt, NULL, o->open, NULL);
	sqlite3_finalize(stmt);
	if (rc == SQLITE_OK)
		rc = sqlite3_prepare_v2(db, need_sql, -1, &o->need_stmt, NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_prepare_v2(db, near_sql, -1, &o->near_stmt, NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_prepare_v2(db, direct_sql, -1, &o->direct_stmt, NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_create_function_v2(db, "signpost_open_assets", 2,
						SQLITE_UTF8 | SQLITE_DIRECTONLY, o,
						open_assets_fn, NULL, NULL, NULL);
	if (rc != SQLITE_OK) {
		store_fail(s, rc, "cannot count the open assets", c->err);
		report_open_free(o);
		return NULL;
	}
	return o;
}
