/* asset_key: the fields of an asset, one value each, named as the
 * exchange format (YAML and JSON) names them.  A form, a diff, a
 * conflict's re-apply and an edit from the command line all go field by
 * field through this one table. */
#ifndef SIGNPOST_ASSET_KEY_H
#define SIGNPOST_ASSET_KEY_H

#include "core/asset.h"

enum asset_key {
	ASSET_KEY_ID,
	ASSET_KEY_NAME,
	ASSET_KEY_ORGANISATION,
	ASSET_KEY_SECTOR,
	ASSET_KEY_DESCRIPTION,
	ASSET_KEY_NEEDS,
	ASSET_KEY_LOCALITIES,
	ASSET_KEY_ADDRESS,
	ASSET_KEY_POSTCODE,
	ASSET_KEY_PHONE,
	ASSET_KEY_EMAIL,
	ASSET_KEY_WEBSITE,
	ASSET_KEY_SESSIONS,
	ASSET_KEY_WHEN,
	ASSET_KEY_COST,
	ASSET_KEY_COST_NOTE,
	ASSET_KEY_ACCESSIBILITY,
	ASSET_KEY_ELIGIBILITY,
	ASSET_KEY_REFERRAL,
	ASSET_KEY_REFERRAL_NOTE,
	ASSET_KEY_STATUS,
	ASSET_KEY_VERIFIED,
	ASSET_KEY_VERIFIED_BY,
	ASSET_KEY_NOTES,
	ASSET_KEY_ARCHIVED,
	ASSET_KEY_COUNT
};

/* A set of fields, one bit each. */
#define ASSET_KEY_BIT(k) (1u << (k))
#define ASSET_KEYS_ALL ((1u << ASSET_KEY_COUNT) - 1)

/* "cost_note": the name in files, and in asset_check's problems. */
const char *asset_key_name(enum asset_key k);
/* "Cost note": for people. */
const char *asset_key_label(enum asset_key k);
/* Accepts the name, with '-' for '_' too ("cost-note"); 0 or -1. */
int asset_key_parse(const char *name, enum asset_key *out);

/* The field as one text for a person or a diff: ids of a list
 * ", "-separated, sessions "Thu 10:00-12:00 note; Sat 09:00-10:00",
 * archived "yes".  *out is newly allocated, or NULL when the field is
 * empty; returns 0, or -1 when out of memory. */
int asset_key_text(const struct asset *a, enum asset_key k, char **out);

/* Whether a and b hold the same value in this field (an empty text and
 * a missing one are the same). */
int asset_key_equal(const struct asset *a, const struct asset *b, enum asset_key k);
/* The fields where a and b differ. */
unsigned asset_keys_differ(const struct asset *a, const struct asset *b);

/* Whether the field is one text (name, phone, notes ...) rather than a
 * list, the sessions or a choice. */
int asset_key_is_text(enum asset_key k);
/* Sets a text field to a copy of text; "" or NULL empties it.  Returns
 * 0, -1 when out of memory, or 1 when k is not a text field. */
int asset_key_set_text(struct asset *a, enum asset_key k, const char *text);

/* Replaces dst's field with a copy of src's; 0, or -1 when out of
 * memory (dst's field is then unchanged). */
int asset_key_copy(struct asset *dst, const struct asset *src, enum asset_key k);

/* A deep copy of src, the store's version and times included; dst is
 * overwritten (not freed first).  0, or -1 when out of memory (dst is
 * then as asset_init leaves it). */
int asset_copy(struct asset *dst, const struct asset *src);

/* Empty texts become missing ones, so that "" and nothing are stored
 * alike. */
void asset_tidy(struct asset *a);

#endif
