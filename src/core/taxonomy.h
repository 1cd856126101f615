/* taxonomy: needs, sectors and localities.  Needs and localities are
 * hierarchies (end-of-life > bereavement; district > town >
 * neighbourhood); sectors are a flat list. */
#ifndef SIGNPOST_TAXONOMY_H
#define SIGNPOST_TAXONOMY_H

#include "core/error.h"
#include "core/idset.h"
#include "core/strlist.h"
#include "store/store.h"

enum taxonomy_kind {
	TAXONOMY_NEED,
	TAXONOMY_SECTOR,
	TAXONOMY_LOCALITY,
	TAXONOMY_KIND_COUNT
};

struct taxonomy_item {
	char *id;
	char *label;
	char *description;
	char *kind;          /* a locality's kind: "town", "neighbourhood"... */
	char *parent;        /* NULL at the top, and always for sectors */
	int depth;           /* 0 at the top */
	long assets;         /* assets (not archived) a search for it finds: for a
			      * need, filed under it or below; for a place, serving
			      * it, a place within it, or one around it; -1 when
			      * not counted (taxonomy_read) */
};

struct taxonomy {
	struct taxonomy_item *item;   /* in tree order: each parent before its children */
	size_t count;
};

/* "need", "sector", "locality"; plural "needs", ... */
const char *taxonomy_kind_name(enum taxonomy_kind kind, int plural);

/* Every item of a kind, in tree order, with asset counts
 * (core/counts.h). */
int taxonomy_list(struct store *dir, enum taxonomy_kind kind,
		  struct taxonomy *out, struct error *err);
/* The same without the counts (each -1): cheap at any size, for a
 * screen that counts only when a list is shown. */
int taxonomy_read(struct store *dir, enum taxonomy_kind kind,
		  struct taxonomy *out, struct error *err);
void taxonomy_free(struct taxonomy *t);
/* The item with this id in t, or NULL. */
const struct taxonomy_item *taxonomy_find(const struct taxonomy *t, const char *id);

/* 1 when id exists, 0 when not, -1 on failure. */
int taxonomy_exists(struct store *dir, enum taxonomy_kind kind,
		    const char *id, struct error *err);
/* The label of an item, newly allocated; NULL when unknown. */
char *taxonomy_label(struct store *dir, enum taxonomy_kind kind, const char *id);

/* Sets err to "unknown need 'x': did you mean 'y'? (known needs: a, b,
 * ...)", kind ERROR_INPUT, with the prefix (which may be NULL) before
 * it; returns -1. */
int taxonomy_unknown(struct store *dir, enum taxonomy_kind kind,
		     const char *id, const char *prefix, struct error *err);

/* The ids of every item, each kind a set, in memory: for checking
 * many assets' references (an import) without a query for each. */
struct taxonomy_ids {
	struct idset kind[TAXONOMY_KIND_COUNT];
};

#define TAXONOMY_IDS_INIT { { IDSET_INIT, IDSET_INIT, IDSET_INIT } }

/* Reads the ids as they are now into ids (which the caller frees with
 * taxonomy_ids_free(), on failure too). */
int taxonomy_ids_load(struct store *dir, struct taxonomy_ids *ids, struct error *err);
void taxonomy_ids_free(struct taxonomy_ids *ids);

/* The result of writing one item. */
enum taxonomy_change { TAXONOMY_UNCHANGED, TAXONOMY_ADDED, TAXONOMY_CHANGED };

/* Adds or updates one item (within the caller's transaction).  A new
 * item goes after its siblings; an existing one keeps its place.  The
 * hierarchy's closure and the search index are brought up to date by
 * taxonomy_commit_changes(). */
int taxonomy_upsert(struct store *dir, enum taxonomy_kind kind,
		    const struct taxonomy_item *item,
		    enum taxonomy_change *change, struct error *err);
/* After upserts: rebuilds the hierarchies, refuses a cycle (naming an
 * item in it), and re-indexes assets for search when labels or the need
 * hierarchy changed. */
int taxonomy_commit_changes(struct store *dir, int needs_changed,
			    struct error *err);

#endif
