/* ahead: items made ahead on a second thread, through a bounded queue.
 *
 * A large import spends a quarter of its time in libyaml before SQLite
 * sees an asset; with the parsing on a thread of its own, the writer
 * (SQLite has one) only writes.  The producer calls next() until it
 * returns 0 (the end) or -1 (an error, handed to the consumer after the
 * items made before it, in order).  At most `room` items wait, so
 * memory stays bounded however long the input.
 *
 * With room 0, or where no thread can be started, next() runs on the
 * caller's thread when an item is asked for: the same items, in the
 * same order, single-threaded. */
#ifndef SIGNPOST_AHEAD_H
#define SIGNPOST_AHEAD_H

#include <stddef.h>

#include "core/error.h"

/* Makes the next item: 1 and *item, 0 at the end, -1 with err set.  It
 * runs on the producer's thread: it may touch only what ctx gives it,
 * never the consumer's store. */
typedef int (*ahead_next_fn)(void *ctx, void **item, struct error *err);
/* Frees an item the consumer never took. */
typedef void (*ahead_free_fn)(void *item);

struct ahead;

int ahead_start(ahead_next_fn next, ahead_free_fn drop, void *ctx, size_t room,
		struct ahead **out, struct error *err);
/* The next item, as next() made it: 1 and *item (the caller owns it),
 * 0 at the end, -1 with err set. */
int ahead_next(struct ahead *a, void **item, struct error *err);
/* Gives back an item taken, to be freed by the producer's thread: memory
 * is best freed by the thread that allocated it (glibc's malloc keeps an
 * arena a thread; freeing across them cost an import a fifth of its
 * time in malloc's locks and consolidation).  Freed at once when there
 * is no thread. */
void ahead_release(struct ahead *a, void *item);
/* Stops the producer (at its next item), waits for it and frees the
 * items not taken; ctx is then the caller's alone again.  a may be
 * NULL. */
void ahead_stop(struct ahead *a);
/* 1 when the items are made on a thread of their own. */
int ahead_threaded(const struct ahead *a);

#endif
