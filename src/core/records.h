/* records: the smaller things a link worker logs.
 * - an unmet need: nothing suitable exists for this need in this place
 *   (no client reference: it is raw material for the gap report);
 * - wellbeing: ONS4 scores for a client reference on a date;
 * - a listing flag: this asset has closed, its details are wrong, it is
 *   full; queued for volunteers, in the directory file. */
#ifndef SIGNPOST_RECORDS_H
#define SIGNPOST_RECORDS_H

#include "core/dates.h"
#include "core/error.h"
#include "core/strlist.h"
#include "store/store.h"

int unmet_need_log(struct store *personal, struct store *dir,
		   const struct strlist *needs, const char *locality, const char *note,
		   const char *worker, const char *today, long *id, struct error *err);

/* The four ONS personal wellbeing questions, each 0 to 10: life
 * satisfaction, worthwhile, happiness, and anxiety (lower is better). */
struct ons4 {
	int life_satisfaction;
	int worthwhile;
	int happiness;
	int anxiety;
};

/* Parses "A,B,C,D" into scores, each a whole number from 0 to 10. */
int ons4_parse(const char *text, struct ons4 *out, struct error *err);
int wellbeing_record(struct store *personal, const char *client, const struct ons4 *s,
		     const char *on_date, const char *worker, const char *today,
		     long *id, struct error *err);

struct wellbeing_row {
	char on_date[DATE_LEN];
	struct ons4 scores;
	char *worker;
};

struct wellbeing_rows {
	struct wellbeing_row *row;
	size_t count;
};

/* A client reference's scores, oldest first. */
int wellbeing_for_client(struct store *personal, const char *client,
			 struct wellbeing_rows *out, struct error *err);
void wellbeing_rows_free(struct wellbeing_rows *rows);

enum flag_reason { FLAG_CLOSED, FLAG_WRONG_DETAILS, FLAG_FULL, FLAG_OTHER, FLAG_REASON_COUNT };
const char *flag_reason_name(enum flag_reason r);
int flag_reason_parse(const char *s, enum flag_reason *out);

/* "other" needs a note; a note is about the listing, never a person. */
int flag_raise(struct store *dir, const char *asset_id, enum flag_reason reason,
	       const char *note, const char *who, long *id, struct error *err);

#endif
