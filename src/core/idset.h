/* idset: a set of ids, each with a number, in memory.  An import looks
 * ids up hundreds of thousands of times (is this need known? was this
 * asset given before, and on which line?): a query for each cost more
 * than the rest of the work on the id. */
#ifndef SIGNPOST_IDSET_H
#define SIGNPOST_IDSET_H

#include <stddef.h>

struct idset_slot;

/* The set owns copies of its ids. */
struct idset {
	struct idset_slot *slot;
	size_t cap;      /* slots: 0 or a power of two */
	size_t count;
};

#define IDSET_INIT { NULL, 0, 0 }

/* Adds id with value.  Returns 1 when it was added, 0 when the set had
 * it already (*first, when not NULL, gets the value it was added with;
 * the set is unchanged), -1 when out of memory. */
int idset_add(struct idset *s, const char *id, unsigned value, unsigned *first);
/* 1 when the set has id (and *value, when not NULL, gets its value), 0
 * when not. */
int idset_find(const struct idset *s, const char *id, unsigned *value);
void idset_free(struct idset *s);

#endif
