/* asset_text: an asset as a person reads it: labelled fields with the
 * taxonomy's labels rather than ids, a weekly timetable, how fresh the
 * listing is, and the "next steps" slip a link worker hands over.  The
 * command line and the screens show the same words. */
#ifndef SIGNPOST_ASSET_TEXT_H
#define SIGNPOST_ASSET_TEXT_H

#include <stddef.h>

#include "core/asset.h"
#include "core/error.h"
#include "core/taxonomy.h"
#include "store/store.h"

struct asset_field {
	const char *label;   /* static: "Needs", "Sessions", ... */
	char *value;         /* may hold line breaks */
};

struct asset_fields {
	struct asset_field *item;
	size_t count;
};

/* The fields of a worth showing, in reading order, empty ones left
 * out.  today is YYYY-MM-DD; stale_months is the staleness threshold. */
int asset_fields_make(struct store *dir, const struct asset *a, const char *today,
		      int stale_months, struct asset_fields *out, struct error *err);
void asset_fields_free(struct asset_fields *f);
/* The value of the field with this label, or NULL. */
const char *asset_fields_get(const struct asset_fields *f, const char *label);

/* "Thu  14:00-16:00  first Thursday of the month", one line a day in
 * week order, for the days with sessions; newly allocated ("" when
 * there are none). */
char *asset_timetable(const struct asset *a);

/* The labels of ids, ", "-separated, newly allocated. */
char *asset_labels(struct store *dir, enum taxonomy_kind kind,
		   const struct strlist *ids);

/* Whether a listing verified on verified_on is stale today (never
 * verified counts as stale). */
int asset_is_stale(const char *verified_on, const char *today, int stale_months);

/* "4 months ago" or "never", with "(stale)" added when it is. */
char *asset_verified_ago(const char *verified_on, const char *today, int stale_months);

/* The plain-text "next steps" slip for the person being referred: what
 * it is, when, where, how to get in, cost and contact, wrapped to width
 * columns.  Newly allocated. */
char *asset_slip(struct store *dir, const struct asset *a, const char *today,
		 int width, struct error *err);

#endif
