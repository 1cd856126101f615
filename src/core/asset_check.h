/* asset_check: the rules an asset must meet before it is stored, each
 * broken rule reported against the field it is about, so that an import
 * can say which line and a form can say which field. */
#ifndef SIGNPOST_ASSET_CHECK_H
#define SIGNPOST_ASSET_CHECK_H

#include <stddef.h>

#include "core/asset.h"
#include "core/error.h"
#include "core/taxonomy.h"
#include "store/store.h"

struct asset_problem {
	const char *field;   /* "name", "needs", "sessions" ... (static) */
	int index;           /* the item of a list, or -1 */
	char *message;
};

struct asset_problems {
	struct asset_problem *item;
	size_t count;
};

/* Checks a against the rules and against the directory's taxonomy.
 * Problems go into out (which may already hold some); returns 0 when
 * the check ran, whatever it found, or -1 when it could not run. */
int asset_check(struct store *dir, const struct asset *a,
		struct asset_problems *out, struct error *err);
/* The same, with the taxonomy's ids read beforehand (known, when not
 * NULL): for checking many assets in one transaction. */
int asset_check_known(struct store *dir, const struct taxonomy_ids *known,
		      const struct asset *a, struct asset_problems *out,
		      struct error *err);
void asset_problems_free(struct asset_problems *p);

/* Adds one problem; returns 0, or -1 when out of memory. */
int asset_problem_add(struct asset_problems *p, const char *field, int index,
		      const char *fmt, ...) __attribute__((format(printf, 4, 5)));

/* The longest texts accepted, in characters. */
enum {
	ASSET_MAX_NAME = 200,
	ASSET_MAX_LINE = 500,
	ASSET_MAX_TEXT = 10000,
};

/* Checks one text field's shape (characters allowed, length); the
 * message is newly allocated, or NULL when it is fine. */
char *asset_check_text(const char *s, int multiline, size_t max_chars);

#endif
