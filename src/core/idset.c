#include "config.h"

#include "core/idset.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Open addressing with linear probing, at most half full. */
struct idset_slot {
	char *id;        /* NULL: empty */
	size_t hash;
	unsigned value;
};

static size_t hash_of(const char *id)
{
	uint64_t h = 14695981039346656037u;   /* FNV-1a */
	for (const unsigned char *p = (const unsigned char *)id; *p; p++)
		h = (h ^ *p) * 1099511628211u;
	return (size_t)h;
}

static struct idset_slot *slot_for(const struct idset *s, const char *id, size_t hash)
{
	size_t mask = s->cap - 1;
	for (size_t i = hash & mask;; i = (i + 1) & mask) {
		struct idset_slot *slot = &s->slot[i];
		if (!slot->id || (slot->hash == hash && strcmp(slot->id, id) == 0))
			return slot;
	}
}

static int grow(struct idset *s)
{
	size_t cap = s->cap ? s->cap * 2 : 64;
	if (cap > SIZE_MAX / 2 / sizeof *s->slot)
		return -1;
	struct idset_slot *slot = calloc(cap, sizeof *slot);
	if (!slot)
		return -1;
	struct idset old = *s;
	s->slot = slot;
	s->cap = cap;
	for (size_t i = 0; i < old.cap; i++)
		if (old.slot[i].id)
			*slot_for(s, old.slot[i].id, old.slot[i].hash) = old.slot[i];
	free(old.slot);
	return 0;
}

int idset_add(struct idset *s, const char *id, unsigned value, unsigned *first)
{
	if ((s->count + 1) * 2 > s->cap && grow(s) < 0)
		return -1;
	size_t hash = hash_of(id);
	struct idset_slot *slot = slot_for(s, id, hash);
	if (slot->id) {
		if (first)
			*first = slot->value;
		return 0;
	}
	if (!(slot->id = strdup(id)))
		return -1;
	slot->hash = hash;
	slot->value = value;
	s->count++;
	return 1;
}

int idset_find(const struct idset *s, const char *id, unsigned *value)
{
	if (!s->count)
		return 0;
	const struct idset_slot *slot = slot_for(s, id, hash_of(id));
	if (!slot->id)
		return 0;
	if (value)
		*value = slot->value;
	return 1;
}

void idset_free(struct idset *s)
{
	for (size_t i = 0; i < s->cap; i++)
		free(s->slot[i].id);
	free(s->slot);
	s->slot = NULL;
	s->cap = s->count = 0;
}
