/* listing: keeping listings true.  A volunteer adds an asset, edits it,
 * verifies it ("I phoned them today"), changes its status, archives it
 * or brings it back, reads its history and restores an old version.
 *
 * Every change is a new version with who, when and a one-line reason
 * (asset_store writes it; the history is append-only), and each one runs
 * in a transaction of its own.  Nothing here deletes an asset: archived
 * assets leave search but stay in the history and in old referrals.
 *
 * For a form: listing_check() gives the problems field by field as the
 * volunteer types; duplicates_find() (duplicate.h) the likely duplicates
 * before an add; on a refused save, the result holds the version someone
 * else saved, and asset_rebase() (asset_diff.h) re-applies the editor's
 * changes on top of it. */
#ifndef SIGNPOST_LISTING_H
#define SIGNPOST_LISTING_H

#include <stddef.h>

#include "core/asset.h"
#include "core/asset_check.h"
#include "core/asset_diff.h"
#include "core/asset_store.h"
#include "core/error.h"
#include "store/store.h"

/* One version of an asset, as its history holds it. */
struct listing_version {
	int version;
	char *changed_at;        /* ISO 8601 UTC timestamp */
	char *changed_by;        /* login name */
	char *reason;
	struct asset asset;      /* the asset as it was at this version */
	struct asset_diff diff;  /* what changed from the version before (for
				  * the first, every field it was made with) */
};

void listing_version_clear(struct listing_version *v);

/* Every version of an asset, oldest first. */
struct listing_history {
	struct listing_version *item;
	size_t count;
};

/* What a change did, and why it was refused when it was.  Every change
 * below takes one (or NULL), set up by listing_result_init(), and clears
 * it first, so one can serve a form's every save. */
struct listing_result {
	enum asset_change change;          /* ASSET_UNCHANGED: nothing to write */
	int version;                       /* the version stored afterwards */
	struct asset_problems problems;    /* ERROR_INPUT: field by field */
	/* ERROR_CONFLICT: the version someone else saved since the one the
	 * editor started from (its who, when and why too), to show beside
	 * the editor's and to re-apply on (asset_rebase). */
	struct listing_version current;
	int has_current;
};

void listing_result_init(struct listing_result *r);
void listing_result_free(struct listing_result *r);

/* The reasons written when the caller gives none. */
#define LISTING_REASON_ADDED "added"
#define LISTING_REASON_VERIFIED "verified"
#define LISTING_REASON_ARCHIVED "archived"
#define LISTING_REASON_UNARCHIVED "unarchived"

/* A one-line reason is at most this many characters. */
enum { LISTING_MAX_REASON = 200 };

/* asset_check(), less the id's problem when a has no id yet (an add
 * makes it): the field-by-field checks a form runs.  Problems go into
 * out; returns 0 when the check ran. */
int listing_check(struct store *dir, const struct asset *a,
		  struct asset_problems *out, struct error *err);

/* The id a new asset gets: its name as a slug, with its main locality
 * added when the name does not already say it
 * ("walking-football-wrenmouth"), and "-2", "-3" ... when that is taken
 * (by an archived asset too).  *id is newly allocated. */
int listing_new_id(struct store *dir, const char *name, const char *locality,
		   char **id, struct error *err);

/* Adds a as a new asset.  Without an id, one is made (listing_new_id)
 * and set in a; an id given must be free.  how->reason defaults to
 * "added".  Refused with ERROR_INPUT, and res->problems, when a fails
 * its checks.  Duplicates are not looked for here: duplicates_find()
 * first, and let the volunteer decide. */
int listing_add(struct store *dir, struct asset *a, const struct asset_save *how,
		struct listing_result *res, struct error *err);

/* Saves a, the editor's whole asset, as the next version of the asset
 * with a's id (which never changes).  how->reason is required (one line);
 * how->expected_version is the version the editor started from (0: do
 * not check): when someone saved since, the save is refused with
 * ERROR_CONFLICT and res->current holds what they saved. */
int listing_edit(struct store *dir, const struct asset *a,
		 const struct asset_save *how, struct listing_result *res,
		 struct error *err);

/* The same for some fields only: the fields in `fields` (ASSET_KEY_BIT()s)
 * are taken from `from` and laid over the version stored now, within
 * the one transaction, so nothing saved meanwhile is overwritten
 * unnoticed.  The id is not one of them: given, it must be id. */
int listing_update(struct store *dir, const char *id, const struct asset *from,
		   unsigned fields, const struct asset_save *how,
		   struct listing_result *res, struct error *err);

/* "Checked today, still right": sets the verified date to today and
 * the verifier to how->who, and nothing else.  The reason defaults to
 * "verified".  Verified again on the same day by the same person, it is
 * ASSET_UNCHANGED. */
int listing_verify(struct store *dir, const char *id, const char *today,
		   const struct asset_save *how, struct listing_result *res,
		   struct error *err);

/* Marks an asset open, waiting-list, full, temporarily-closed or
 * closed.  The reason defaults to "status: full" and the like. */
int listing_set_status(struct store *dir, const char *id, enum asset_status status,
		       const struct asset_save *how, struct listing_result *res,
		       struct error *err);

/* Archives (archived 1) or brings back (0) an asset.  An archived one
 * leaves search; its history and the referrals to it stay. */
int listing_archive(struct store *dir, const char *id, int archived,
		    const struct asset_save *how, struct listing_result *res,
		    struct error *err);

/* Writes a new version equal to version `version` of the asset (its
 * id, store times aside).  The reason defaults to "restored version N".
 * An unknown version is ERROR_NOT_FOUND. */
int listing_restore(struct store *dir, const char *id, int version,
		    const struct asset_save *how, struct listing_result *res,
		    struct error *err);

/* Every version of the asset, oldest first, each with the field-by-field
 * diff from the one before.  Archived assets have a history too. */
int listing_history(struct store *dir, const char *id, struct listing_history *out,
		    struct error *err);
void listing_history_free(struct listing_history *h);

/* One version of an asset, with its diff from the version before. */
int listing_version_load(struct store *dir, const char *id, int version,
			 struct listing_version *out, struct error *err);

#endif
