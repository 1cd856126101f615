/* counts: how many live assets each choice of a filter finds, for every
 * choice at once: the numbers beside the needs, places and days in the
 * browser's pickers and in `signpost needs` and `localities`.
 *
 * Each number is what a search with that one filter finds (search.c):
 * a need counts the assets filed under it or below it; a place, those
 * serving it, a place within it, or a place around it; a day, those
 * with a session that day; never an archived asset.  They are worked
 * out in one pass over the links (asset_need, asset_locality,
 * asset_session) and the closure tables, in memory, reading no asset
 * row: at 200,000 assets a query per item read millions of rows and
 * took 41 s for the places (tests/bench/README). */
#ifndef SIGNPOST_COUNTS_H
#define SIGNPOST_COUNTS_H

#include "core/error.h"
#include "core/taxonomy.h"
#include "store/store.h"

/* Sets the assets count of every item of t, a taxonomy of this kind
 * (as taxonomy_read() gives it).  An item missing from the hierarchy's
 * closure counts 0, as a search for it finds nothing. */
int counts_taxonomy(struct store *dir, enum taxonomy_kind kind, struct taxonomy *t,
		    struct error *err);

/* For each day of the week (0 Monday .. 6 Sunday), the live assets with
 * a session that day. */
int counts_days(struct store *dir, long counts[7], struct error *err);

#endif
