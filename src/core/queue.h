/* queue: the volunteers' work.  Listings not verified within the
 * staleness threshold, and the flags link workers raised that are still
 * open, together in one list, oldest first. */
#ifndef SIGNPOST_QUEUE_H
#define SIGNPOST_QUEUE_H

#include <stddef.h>

#include "core/error.h"
#include "core/records.h"
#include "store/store.h"

/* The oldest a verification may be, in days, before the listing is
 * stale, for a threshold of this many months (a month is a twelfth of a
 * year, as asset_is_stale() counts: 12 months is 365 days). */
long stale_months_days(int months);

/* Parses an age: "6m" (months), "8w" (weeks), "90d" (days), "1y"
 * (years), or a bare number of months, into the oldest verification in
 * days that is not stale yet.  ERROR_INPUT for anything else. */
int stale_age_parse(const char *text, long *days, struct error *err);

struct stale_row {
	char *id;
	char *name;
	char *status;
	char *verified_on;       /* YYYY-MM-DD, or NULL when never verified */
	char *verified_by;
	long age_days;           /* since verified; -1 when never */
};

struct stale_rows {
	struct stale_row *row;   /* oldest first, the never verified before all */
	size_t count;
};

/* The assets (not archived) last verified more than max_days before
 * today, or never. */
int stale_list(struct store *dir, const char *today, long max_days,
	       struct stale_rows *out, struct error *err);
void stale_rows_free(struct stale_rows *rows);

enum queue_kind { QUEUE_FLAG, QUEUE_STALE };

struct queue_item {
	enum queue_kind kind;
	char *asset_id;
	char *asset_name;
	/* Since when it has waited: the day the flag was raised, or the
	 * day the listing was last verified (NULL when never). */
	char *since;
	long age_days;           /* days since then; -1 when never verified */
	/* A flag's. */
	long flag_id;
	enum flag_reason reason;
	char *note;
	char *raised_by;
	/* A stale listing's. */
	char *verified_by;
};

struct work_queue {
	struct queue_item *item; /* oldest first */
	size_t count;
};

/* The open flags and the stale listings (stale_list with max_days),
 * merged oldest first; on the same day a stale listing comes before a
 * flag. */
int queue_build(struct store *dir, const char *today, long max_days,
		struct work_queue *out, struct error *err);
void queue_free(struct work_queue *q);

const char *queue_kind_name(enum queue_kind k);   /* "flag", "stale" */

#endif
