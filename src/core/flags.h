/* flags: the listing flags link workers raise (records.h raises them),
 * as the volunteers work them: listed oldest first, and resolved with
 * who, when and how.  A flag is resolved once; it is never deleted. */
#ifndef SIGNPOST_FLAGS_H
#define SIGNPOST_FLAGS_H

#include <stddef.h>

#include "core/error.h"
#include "core/records.h"
#include "store/store.h"

struct flag_row {
	long id;
	char *asset_id;
	char *asset_name;
	int asset_archived;
	enum flag_reason reason;
	char *note;              /* about the listing; may be NULL */
	char *raised_by;
	char *raised_at;         /* ISO 8601 UTC timestamp */
	char *resolved_by;       /* NULL while the flag is open */
	char *resolved_at;
	char *resolution;        /* how it was resolved */
};

struct flag_rows {
	struct flag_row *row;    /* oldest first */
	size_t count;
};

void flag_row_clear(struct flag_row *r);
void flag_rows_free(struct flag_rows *rows);

/* The flags, oldest first: only the open ones when open_only; only
 * those on one asset when asset_id is not NULL. */
int flags_list(struct store *dir, int open_only, const char *asset_id,
	       struct flag_rows *out, struct error *err);

/* One flag; an unknown id is ERROR_NOT_FOUND. */
int flag_load(struct store *dir, long id, struct flag_row *out, struct error *err);

/* Resolves an open flag: who, now, and how (note, required: what was
 * done about it).  A flag resolved already is refused (ERROR_CONFLICT,
 * naming who resolved it and when). */
int flag_resolve(struct store *dir, long id, const char *note, const char *who,
		 struct error *err);

#endif
