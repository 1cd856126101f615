/* directory: the public directory file (taxonomy, assets, history). */
#ifndef SIGNPOST_DIRECTORY_H
#define SIGNPOST_DIRECTORY_H

#include "core/error.h"
#include "store/store.h"

/* Opens (with STORE_CREATE, makes) the directory file at path.  A
 * missing file is ERROR_NOT_FOUND with a message that says how to make
 * one. */
int directory_open(const char *path, unsigned flags, struct store **out,
		   struct error *err);

/* The directory's name (set by a taxonomy file), newly allocated; NULL
 * when none was ever set. */
char *directory_name(struct store *dir);
int directory_set_name(struct store *dir, const char *name, struct error *err);

#endif
