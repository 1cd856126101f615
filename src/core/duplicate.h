/* duplicate: is this asset already in the directory?  Before an add (or
 * when an edit renames), the assets with the same or nearly the same
 * name in the same locality or at the same postcode, with why each was
 * picked, so a volunteer can decide. */
#ifndef SIGNPOST_DUPLICATE_H
#define SIGNPOST_DUPLICATE_H

#include <sqlite3.h>
#include <stddef.h>

#include "core/asset.h"
#include "core/error.h"
#include "store/store.h"

/* How alike the names are, closest first. */
enum duplicate_name {
	DUPLICATE_SAME_NAME,     /* the very same text */
	DUPLICATE_ALIKE_NAME,    /* the same apart from case, accents,
				  * punctuation, "The" and "and" or "&" */
	DUPLICATE_NEAR_NAME,     /* a letter or two different */
};

/* Where they meet: a set of these bits. */
enum duplicate_place {
	DUPLICATE_LOCALITY = 1 << 0,   /* they list a locality in common */
	DUPLICATE_POSTCODE = 1 << 1,   /* the same postcode */
};

struct duplicate {
	char *id;
	char *name;
	int archived;            /* archived: bring it back rather than add */
	enum duplicate_name name_match;
	unsigned place;          /* enum duplicate_place bits */
	char *locality;          /* the locality in common (an id), or NULL */
	char *why;               /* "the same name apart from case or
				  * punctuation, in locality harbourside" */
};

struct duplicates {
	struct duplicate *item;  /* closest first */
	size_t count;
};

/* The assets (archived ones too) likely to be the same as a, leaving
 * out a itself by its id when it has one.  out is overwritten. */
int duplicates_find(struct store *dir, const struct asset *a,
		    struct duplicates *out, struct error *err);
void duplicates_free(struct duplicates *d);

/* The form of a name that is compared: folded as slugs are (case,
 * accents, punctuation), less a leading "the" and every "and" ("&"
 * folds away).  "The Harbour Café & Friends" -> "harbour-cafe-friends".
 * Newly allocated; NULL when out of memory. */
char *duplicate_name_key(const char *name);

/* signpost_name_key(name), duplicate_name_key in SQL, on db: for the
 * directory's migration 8, which stores each asset's key (asset.name_key;
 * asset_save keeps it from then on).  Returns an SQLite code. */
int duplicate_sql_functions(sqlite3 *db);

/* Whether two name keys are a letter or two apart (a short name one). */
int duplicate_keys_near(const char *a, const char *b);

#endif
