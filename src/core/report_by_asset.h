/* report_by_asset: the unfiltered counts by sector, locality and asset
 * from the personal file's summary, merged with the directory in C
 * (report_by_asset.c).  For report_counts.c only. */
#ifndef SIGNPOST_REPORT_BY_ASSET_H
#define SIGNPOST_REPORT_BY_ASSET_H

#include "core/report_impl.h"

/* A row of a count report: its id (NULL for the row of none), label,
 * fifth column (or NULL), and the counts of the two periods. */
struct report_group {
	char *id, *label, *extra;
	long cur, prev;
};

struct report_groups {
	struct report_group *g;
	size_t n, cap;
};

void report_groups_free(struct report_groups *g);

/* The rows of c's report (sectors, localities or assets, no filters),
 * in the report's order, and the referrals of each period in totals.
 * 0 when done, -1 on failure (err set), 1 when the data holds what
 * this does not expect: the caller's statement then decides. */
int report_by_asset(struct report_ctx *c, struct report_groups *out, long totals[2]);

#endif
