/* report_pairs: the period's referral needs, each with the asset its
 * referral went to, for the gap and ecosystem reports, gathered in C.
 *
 * Why not SQL: grouping half a million referral needs by need and asset
 * joined each to its referral's row (a look-up in the table, most of
 * them a page read) and then sorted them: 2 s of the two reports' 2.5
 * at national scale.  Here two scans of covering indexes (the period's
 * referrals by referral_by_period, their needs by
 * referral_need_by_period) meet in a hash table of referral ids, and
 * needs and assets become small numbers the reports count by in
 * arrays. */
#ifndef SIGNPOST_REPORT_PAIRS_H
#define SIGNPOST_REPORT_PAIRS_H

#include "core/idset.h"
#include "core/report_impl.h"

#include <stddef.h>
#include <stdint.h>

/* Ids numbered 0, 1, ... in the order first seen; owns its copies. */
struct report_names {
	struct idset set;
	char **item;
	size_t count, cap;
};

#define REPORT_NAMES_INIT { IDSET_INIT, NULL, 0, 0 }

/* The number of id, added when new; (unsigned)-1 when out of memory. */
unsigned report_names_add(struct report_names *n, const char *id);
/* The number of id, or (unsigned)-1 when it has none. */
unsigned report_names_find(const struct report_names *n, const char *id);
void report_names_free(struct report_names *n);

/* A map of 64-bit keys to numbers, for (need, asset) and (need, place)
 * pairs and referral ids. */
struct report_map {
	uint64_t *key;
	unsigned *value;   /* (unsigned)-1: empty */
	size_t cap, count; /* cap: 0 or a power of two */
};

#define REPORT_MAP_INIT { NULL, NULL, 0, 0 }

/* The value of key; when new, added with value and *added set (when
 * not NULL).  (unsigned)-1 when out of memory. */
unsigned report_map_add(struct report_map *m, uint64_t key, unsigned value, int *added);
/* The value of key, or (unsigned)-1. */
unsigned report_map_find(const struct report_map *m, uint64_t key);
void report_map_free(struct report_map *m);

/* One referral need of the period. */
struct report_pair {
	unsigned need, asset;  /* numbers in needs and assets */
	unsigned unsuitable;   /* 1: closed as unsuitable by the end of the period */
};

struct report_pairs {
	struct report_names assets;  /* every asset referred in the period */
	struct report_names needs;
	struct report_pair *item;
	size_t count, cap;
};

#define REPORT_PAIRS_INIT { REPORT_NAMES_INIT, REPORT_NAMES_INIT, NULL, 0, 0 }

/* Reads the period's referrals (with the report's referral filter) and
 * their needs into p.  0, or -1 with c->err set. */
int report_pairs_load(struct report_ctx *c, struct report_pairs *p);
void report_pairs_free(struct report_pairs *p);

#endif
