#include "config.h"

#include "core/strlist.h"
#include "core/strbuf.h"

#include <stdlib.h>
#include <string.h>

int strlist_take(struct strlist *l, char *s)
{
	if (!s)
		return -1;
	if (l->count == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 4;
		char **p = realloc(l->item, cap * sizeof *p);
		if (!p) {
			free(s);
			return -1;
		}
		l->item = p;
		l->cap = cap;
	}
	l->item[l->count++] = s;
	return 0;
}

int strlist_add(struct strlist *l, const char *s)
{
	return strlist_take(l, strdup(s));
}

int strlist_contains(const struct strlist *l, const char *s)
{
	for (size_t i = 0; i < l->count; i++)
		if (strcmp(l->item[i], s) == 0)
			return 1;
	return 0;
}

int strlist_copy(struct strlist *dst, const struct strlist *src)
{
	for (size_t i = 0; i < src->count; i++)
		if (strlist_add(dst, src->item[i]) < 0)
			return -1;
	return 0;
}

int strlist_equal(const struct strlist *a, const struct strlist *b)
{
	if (a->count != b->count)
		return 0;
	for (size_t i = 0; i < a->count; i++)
		if (strcmp(a->item[i], b->item[i]) != 0)
			return 0;
	return 1;
}

char *strlist_join(const struct strlist *l, const char *sep)
{
	struct strbuf sb = STRBUF_INIT;
	for (size_t i = 0; i < l->count; i++) {
		if (i)
			strbuf_puts(&sb, sep);
		strbuf_puts(&sb, l->item[i]);
	}
	return strbuf_detach(&sb);
}

void strlist_clear(struct strlist *l)
{
	for (size_t i = 0; i < l->count; i++)
		free(l->item[i]);
	free(l->item);
	l->item = NULL;
	l->count = l->cap = 0;
}
