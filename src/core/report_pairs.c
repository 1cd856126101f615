#include "config.h"

#include "core/report_pairs.h"

#include <stdlib.h>
#include <string.h>

#define NONE ((unsigned)-1)

/* ---- Names ------------------------------------------------------------------ */

unsigned report_names_add(struct report_names *n, const char *id)
{
	unsigned value;
	if (idset_find(&n->set, id, &value))
		return value;
	if (n->count >= NONE - 1)
		return NONE;
	if (n->count == n->cap) {
		size_t cap = n->cap ? n->cap * 2 : 64;
		char **more = realloc(n->item, cap * sizeof *more);
		if (!more)
			return NONE;
		n->item = more;
		n->cap = cap;
	}
	char *copy = strdup(id);
	if (!copy || idset_add(&n->set, id, (unsigned)n->count, NULL) < 0) {
		free(copy);
		return NONE;
	}
	n->item[n->count] = copy;
	return (unsigned)n->count++;
}

unsigned report_names_find(const struct report_names *n, const char *id)
{
	unsigned value;
	return idset_find(&n->set, id, &value) ? value : NONE;
}

void report_names_free(struct report_names *n)
{
	for (size_t i = 0; i < n->count; i++)
		free(n->item[i]);
	free(n->item);
	idset_free(&n->set);
	*n = (struct report_names)REPORT_NAMES_INIT;
}

/* ---- Map -------------------------------------------------------------------- */

/* Open addressing with linear probing, at most half full. */
static size_t map_slot(const struct report_map *m, uint64_t key)
{
	/* murmur3's finaliser: every bit of the key reaches the low bits
	 * (a need is in the high half of a pair's key). */
	uint64_t h = key;
	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdu;
	h ^= h >> 33;
	size_t mask = m->cap - 1;
	for (size_t i = (size_t)h & mask;; i = (i + 1) & mask)
		if (m->value[i] == NONE || m->key[i] == key)
			return i;
}

static int map_grow(struct report_map *m)
{
	size_t cap = m->cap ? m->cap * 2 : 1024;
	struct report_map bigger = { calloc(cap, sizeof *bigger.key),
				     malloc(cap * sizeof *bigger.value), cap, m->count };
	if (!bigger.key || !bigger.value) {
		free(bigger.key);
		free(bigger.value);
		return -1;
	}
	memset(bigger.value, 0xff, cap * sizeof *bigger.value);
	for (size_t i = 0; i < m->cap; i++)
		if (m->value[i] != NONE) {
			size_t s = map_slot(&bigger, m->key[i]);
			bigger.key[s] = m->key[i];
			bigger.value[s] = m->value[i];
		}
	free(m->key);
	free(m->value);
	*m = bigger;
	return 0;
}

unsigned report_map_add(struct report_map *m, uint64_t key, unsigned value, int *added)
{
	if (added)
		*added = 0;
	if ((m->count + 1) * 2 > m->cap && map_grow(m) < 0)
		return NONE;
	size_t s = map_slot(m, key);
	if (m->value[s] != NONE)
		return m->value[s];
	m->key[s] = key;
	m->value[s] = value;
	m->count++;
	if (added)
		*added = 1;
	return value;
}

unsigned report_map_find(const struct report_map *m, uint64_t key)
{
	return m->count ? m->value[map_slot(m, key)] : NONE;
}

void report_map_free(struct report_map *m)
{
	free(m->key);
	free(m->value);
	*m = (struct report_map)REPORT_MAP_INIT;
}

/* ---- The period's referral needs ------------------------------------------- */

/* The period's referrals: unfiltered, SQLite reads them from
 * referral_by_period alone (it holds asset_id, status and closed_on). */
static const char referrals_sql[] =
	"SELECT r.id, r.asset_id, r.status = 'unsuitable' AND r.closed_on <= :to"
	" FROM referral r WHERE r.created_on BETWEEN :from AND :to%s";

/* Their needs, from referral_need_by_period alone: a referral need
 * keeps its referral's day (it never changes, personal migration 2). */
static const char needs_sql[] =
	"SELECT rn.referral, rn.need FROM referral_need rn"
	" WHERE rn.created_on BETWEEN :from AND :to";

struct referrals {
	struct report_map by_id;   /* referral id: its number here */
	unsigned *asset;           /* by number: the asset's number */
	unsigned char *unsuitable;
	size_t count, cap;
};

static int referrals_add(struct referrals *rs, sqlite3_int64 id, unsigned asset,
			 int unsuitable)
{
	if (rs->count == rs->cap) {
		size_t cap = rs->cap ? rs->cap * 2 : 4096;
		unsigned *a = realloc(rs->asset, cap * sizeof *a);
		if (a)
			rs->asset = a;
		unsigned char *u = realloc(rs->unsuitable, cap);
		if (u)
			rs->unsuitable = u;
		if (!a || !u || rs->count >= NONE - 1)
			return -1;
		rs->cap = cap;
	}
	int added;
	unsigned k = report_map_add(&rs->by_id, (uint64_t)id, (unsigned)rs->count, &added);
	if (k == NONE)
		return -1;
	if (added) {
		rs->asset[k] = asset;
		rs->unsuitable[k] = (unsigned char)!!unsuitable;
		rs->count++;
	}
	return 0;
}

static int pairs_add(struct report_pairs *p, unsigned need, unsigned asset, unsigned unsuitable)
{
	if (p->count == p->cap) {
		size_t cap = p->cap ? p->cap * 2 : 4096;
		struct report_pair *more = realloc(p->item, cap * sizeof *more);
		if (!more)
			return -1;
		p->item = more;
		p->cap = cap;
	}
	p->item[p->count++] = (struct report_pair){ need, asset, unsuitable };
	return 0;
}

static int read_referrals(struct report_ctx *c, struct report_pairs *p, struct referrals *rs)
{
	struct strbuf sql = STRBUF_INIT;
	strbuf_printf(&sql, referrals_sql, strbuf_str(&c->referral_filter));
	sqlite3_stmt *stmt = sql.failed ? NULL : report_prepare(c, strbuf_str(&sql));
	int nomem = sql.failed;
	strbuf_free(&sql);
	if (!stmt)
		return nomem ? error_nomem(c->err) : -1;
	int rc;
	while ((rc = report_step(c, stmt)) == 1) {
		unsigned asset = report_names_add(&p->assets, report_col_text(stmt, 1));
		if (asset == NONE || referrals_add(rs, sqlite3_column_int64(stmt, 0), asset,
						   sqlite3_column_int(stmt, 2)) < 0) {
			sqlite3_finalize(stmt);
			return error_nomem(c->err);
		}
	}
	if (rc < 0)
		return -1;
	sqlite3_finalize(stmt);
	return 0;
}

static int read_needs(struct report_ctx *c, struct report_pairs *p, const struct referrals *rs)
{
	sqlite3_stmt *stmt = report_prepare(c, needs_sql);
	if (!stmt)
		return -1;
	int rc;
	/* Rows come by day, then need: the row before's need, more often
	 * than not. */
	unsigned need = NONE;
	while ((rc = report_step(c, stmt)) == 1) {
		unsigned k = report_map_find(&rs->by_id, (uint64_t)sqlite3_column_int64(stmt, 0));
		if (k == NONE)
			continue;   /* left out by the filter */
		const char *id = report_col_text(stmt, 1);
		if (need == NONE || strcmp(id, p->needs.item[need]) != 0)
			need = report_names_add(&p->needs, id);
		if (need == NONE || pairs_add(p, need, rs->asset[k], rs->unsuitable[k]) < 0) {
			sqlite3_finalize(stmt);
			return error_nomem(c->err);
		}
	}
	if (rc < 0)
		return -1;
	sqlite3_finalize(stmt);
	return 0;
}

int report_pairs_load(struct report_ctx *c, struct report_pairs *p)
{
	struct referrals rs = { REPORT_MAP_INIT, NULL, NULL, 0, 0 };
	int rc = read_referrals(c, p, &rs);
	if (rc == 0)
		rc = read_needs(c, p, &rs);
	report_map_free(&rs.by_id);
	free(rs.asset);
	free(rs.unsuitable);
	return rc;
}

void report_pairs_free(struct report_pairs *p)
{
	report_names_free(&p->assets);
	report_names_free(&p->needs);
	free(p->item);
	*p = (struct report_pairs)REPORT_PAIRS_INIT;
}
