/* asset_diff: what changed between two versions of an asset, field by
 * field, and how an editor's changes are re-applied on top of a version
 * someone else saved meanwhile. */
#ifndef SIGNPOST_ASSET_DIFF_H
#define SIGNPOST_ASSET_DIFF_H

#include <stddef.h>

#include "core/asset.h"
#include "core/asset_key.h"
#include "core/error.h"

struct asset_diff_item {
	enum asset_key key;
	char *before;        /* asset_key_text() of each; NULL when empty */
	char *after;
};

struct asset_diff {
	struct asset_diff_item *item;   /* in the order of the fields */
	size_t count;
};

/* The fields that differ from before to after.  out is overwritten. */
int asset_diff(const struct asset *before, const struct asset *after,
	       struct asset_diff *out, struct error *err);
void asset_diff_free(struct asset_diff *d);
/* The item for key k, or NULL when that field did not change. */
const struct asset_diff_item *asset_diff_find(const struct asset_diff *d,
					      enum asset_key k);

/* Re-applies an editor's changes on top of a newer version.  The editor
 * started from base and made mine; meanwhile theirs was saved.  out
 * becomes theirs (its version too, so saving it checks against theirs)
 * with every field the editor changed taken from mine.  *clashes gets
 * the fields both changed, differently: out holds the editor's value
 * there, for them to look at before saving again.  out is overwritten. */
int asset_rebase(const struct asset *base, const struct asset *mine,
		 const struct asset *theirs, struct asset *out, unsigned *clashes,
		 struct error *err);

#endif
