/* asset_store: reading and writing assets, with every version kept. */
#ifndef SIGNPOST_ASSET_STORE_H
#define SIGNPOST_ASSET_STORE_H

#include "core/asset.h"
#include "core/error.h"
#include "store/store.h"

enum asset_change { ASSET_UNCHANGED, ASSET_ADDED, ASSET_CHANGED };

struct asset_save {
	const char *who;        /* login name, for the history */
	const char *reason;     /* one line: "import sample.yaml", "new phone" */
	int expected_version;   /* refuse if the stored version differs; 0: don't check */
	/* Leave the search index entry to asset_index_deferred(): for
	 * saving many assets in one transaction (an import), after
	 * asset_index_defer(). */
	int defer_index;
	/* asset_document(a), when the caller has made it already (an
	 * import makes it on its reading thread); NULL: made here. */
	const char *document;
};

/* Loads the asset with this id (archived or not) into a, which the
 * caller clears.  An unknown id is ERROR_NOT_FOUND. */
int asset_load(struct store *dir, const char *id, struct asset *a,
	       struct error *err);

/* 1 when an asset has this id, 0 when not, -1 on failure. */
int asset_exists(struct store *dir, const char *id, struct error *err);

/* Writes a as the newest version of its id, within the caller's
 * transaction.  When nothing in a differs from the stored asset, writes
 * nothing and says ASSET_UNCHANGED.  The caller has checked a with
 * asset_check(). */
int asset_save(struct store *dir, const struct asset *a,
	       const struct asset_save *how, enum asset_change *change,
	       struct error *err);

/* Makes ready, within the caller's transaction, for saves with
 * defer_index. */
int asset_index_defer(struct store *dir, struct error *err);

/* Writes the search index entries of every asset saved with
 * defer_index since the last call, in one pass, within the caller's
 * transaction; call it before the commit.
 *
 * Why: once the index has been written in a transaction, SQLite asks
 * FTS5 to save its pending entries at every later statement that opens
 * a statement journal (every insert into a table with constraints), so
 * indexing asset by asset writes a tiny index segment per asset and
 * then merges them all: most of the time of a large import. */
int asset_index_deferred(struct store *dir, struct error *err);

/* The asset's exchange document (JSON), newly allocated. */
char *asset_document(const struct asset *a);

/* Calls fn for every asset in id order (archived ones too when
 * with_archived); stops early when fn returns non-zero. */
int asset_each(struct store *dir, int with_archived,
	       int (*fn)(const struct asset *a, void *ctx), void *ctx,
	       struct error *err);

#endif
