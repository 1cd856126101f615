/* demo: a throwaway directory loaded with the bundled sample, in a
 * private temporary folder that is removed afterwards. */
#ifndef SIGNPOST_DEMO_H
#define SIGNPOST_DEMO_H

#include <limits.h>

#include "core/error.h"

struct demo {
	/* Fixed-size so that demo_remove() can run in a signal handler;
	 * demo_create() refuses a TMPDIR too long for them. */
	char folder[PATH_MAX];
	char directory_file[PATH_MAX];
	char files[6][PATH_MAX];
};

/* Makes the folder and the directory in it, with the bundled taxonomy
 * and sample loaded. */
int demo_create(struct demo *d, const char *who, struct error *err);
/* Removes every file signpost may have made there, and the folder.
 * Async-signal-safe. */
void demo_remove(const struct demo *d);

#endif
