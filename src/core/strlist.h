/* strlist: a list of strings that owns its items. */
#ifndef SIGNPOST_STRLIST_H
#define SIGNPOST_STRLIST_H

#include <stddef.h>

struct strlist {
	char **item;
	size_t count;
	size_t cap;
};

#define STRLIST_INIT { NULL, 0, 0 }

/* Appends a copy of s; returns 0, or -1 when out of memory. */
int strlist_add(struct strlist *l, const char *s);
/* Appends s itself, taking ownership (freed on failure too). */
int strlist_take(struct strlist *l, char *s);
int strlist_contains(const struct strlist *l, const char *s);
int strlist_copy(struct strlist *dst, const struct strlist *src);
int strlist_equal(const struct strlist *a, const struct strlist *b);
/* The items joined with sep, newly allocated. */
char *strlist_join(const struct strlist *l, const char *sep);
void strlist_clear(struct strlist *l);

#endif
