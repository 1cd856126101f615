/* personal: the personal-data file beside the directory, which holds
 * referrals, unmet needs and wellbeing scores.  Its operating-system
 * permissions decide who may read them. */
#ifndef SIGNPOST_PERSONAL_H
#define SIGNPOST_PERSONAL_H

#include "core/dates.h"
#include "core/error.h"
#include "store/store.h"

/* Opens (making it, 0600, when missing) the personal-data file that
 * belongs to the directory file directory_file.  A user the file's
 * permissions keep out gets ERROR_DENIED with a message that says the
 * directory alone is open to them. */
int personal_open(const char *directory_file, unsigned flags, struct store **out,
		  struct error *err);

/* personal_open() for the actor of the directory dir (see
 * core/access.h), who then is the personal-data file's actor too: a role
 * that may see no personal data (a volunteer's) is refused before the
 * file is opened. */
int personal_open_as(struct store *dir, unsigned flags, struct store **out,
		     struct error *err);

/* A date as people write it: YYYY-MM-DD, "today", "tomorrow", "+Nd" or
 * "+Nw" (days or weeks from today), worked out with SQLite's date
 * functions on db.  Writes YYYY-MM-DD to out. */
int date_expr_parse(struct store *db, const char *text, const char *today,
		    char out[DATE_LEN], struct error *err);

#endif
