#include "config.h"

#include "core/asset_diff.h"

#include <stdlib.h>
#include <string.h>

void asset_diff_free(struct asset_diff *d)
{
	for (size_t i = 0; i < d->count; i++) {
		free(d->item[i].before);
		free(d->item[i].after);
	}
	free(d->item);
	d->item = NULL;
	d->count = 0;
}

int asset_diff(const struct asset *before, const struct asset *after,
	       struct asset_diff *out, struct error *err)
{
	memset(out, 0, sizeof *out);
	unsigned differ = asset_keys_differ(before, after);
	size_t n = 0;
	for (int k = 0; k < ASSET_KEY_COUNT; k++)
		n += (differ & ASSET_KEY_BIT(k)) != 0;
	if (n == 0)
		return 0;
	if (!(out->item = calloc(n, sizeof *out->item)))
		return error_nomem(err);
	for (int k = 0; k < ASSET_KEY_COUNT; k++) {
		if (!(differ & ASSET_KEY_BIT(k)))
			continue;
		struct asset_diff_item *it = &out->item[out->count++];
		it->key = (enum asset_key)k;
		if (asset_key_text(before, it->key, &it->before) < 0 ||
		    asset_key_text(after, it->key, &it->after) < 0) {
			asset_diff_free(out);
			return error_nomem(err);
		}
	}
	return 0;
}

const struct asset_diff_item *asset_diff_find(const struct asset_diff *d,
					      enum asset_key k)
{
	for (size_t i = 0; i < d->count; i++)
		if (d->item[i].key == k)
			return &d->item[i];
	return NULL;
}

int asset_rebase(const struct asset *base, const struct asset *mine,
		 const struct asset *theirs, struct asset *out, unsigned *clashes,
		 struct error *err)
{
	*clashes = 0;
	if (asset_copy(out, theirs) < 0)
		return error_nomem(err);
	unsigned edited = asset_keys_differ(base, mine);
	/* The id never changes, whatever the editor holds. */
	edited &= ~ASSET_KEY_BIT(ASSET_KEY_ID);
	for (int k = 0; k < ASSET_KEY_COUNT; k++) {
		enum asset_key key = (enum asset_key)k;
		if (!(edited & ASSET_KEY_BIT(k)) || asset_key_equal(theirs, mine, key))
			continue;
		if (!asset_key_equal(theirs, base, key))
			*clashes |= ASSET_KEY_BIT(k);
		if (asset_key_copy(out, mine, key) < 0) {
			asset_clear(out);
			return error_nomem(err);
		}
	}
	return 0;
}
