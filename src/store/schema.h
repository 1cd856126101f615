/* schema: the migrations of each database file signpost keeps. */
#ifndef SIGNPOST_SCHEMA_H
#define SIGNPOST_SCHEMA_H

#include "store/store.h"

/* The public directory: taxonomy, assets and their history. */
extern const struct store_schema directory_schema;

/* The personal data, in a file of its own beside the directory:
 * referrals and their history, unmet needs, wellbeing scores. */
extern const struct store_schema personal_schema;

#endif
