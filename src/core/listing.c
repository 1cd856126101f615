#include "config.h"

#include "core/listing.h"
#include "core/asset_key.h"
#include "core/dates.h"
#include "core/slug.h"
#include "core/strbuf.h"
#include "core/yaml_import.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void listing_version_clear(struct listing_version *v)
{
	free(v->changed_at);
	free(v->changed_by);
	free(v->reason);
	asset_clear(&v->asset);
	asset_diff_free(&v->diff);
	memset(v, 0, sizeof *v);
	asset_init(&v->asset);
}

void listing_history_free(struct listing_history *h)
{
	for (size_t i = 0; i < h->count; i++)
		listing_version_clear(&h->item[i]);
	free(h->item);
	h->item = NULL;
	h->count = 0;
}

void listing_result_init(struct listing_result *r)
{
	memset(r, 0, sizeof *r);
	asset_init(&r->current.asset);
}

void listing_result_free(struct listing_result *r)
{
	asset_problems_free(&r->problems);
	listing_version_clear(&r->current);
	listing_result_init(r);
}

/* ---- Checks ------------------------------------------------------------ */

int listing_check(struct store *dir, const struct asset *a,
		  struct asset_problems *out, struct error *err)
{
	struct asset_problems all = { 0 };
	if (asset_check(dir, a, &all, err) < 0) {
		asset_problems_free(&all);
		return -1;
	}
	int no_id = !a->id || !*a->id;
	for (size_t i = 0; i < all.count; i++) {
		struct asset_problem *p = &all.item[i];
		if (no_id && strcmp(p->field, "id") == 0)
			continue;
		if (asset_problem_add(out, p->field, p->index, "%s", p->message) < 0) {
			asset_problems_free(&all);
			return error_nomem(err);
		}
	}
	asset_problems_free(&all);
	return 0;
}

/* Refuses with ERROR_INPUT when problems were found, the message one
 * problem a line. */
static int refuse_problems(const struct asset_problems *p, const char *id,
			   struct error *err)
{
	if (p->count == 0)
		return 0;
	struct strbuf sb = STRBUF_INIT;
	if (id)
		strbuf_printf(&sb, "'%s' cannot be saved:", id);
	else
		strbuf_puts(&sb, "the asset cannot be saved:");
	for (size_t i = 0; i < p->count; i++)
		strbuf_printf(&sb, "\n  %s", p->item[i].message);
	char *msg = strbuf_detach(&sb);
	if (!msg)
		return error_nomem(err);
	error_set(err, ERROR_INPUT, "%s", msg);
	free(msg);
	return -1;
}

static int check_how(const struct asset_save *how, int reason_required,
		     struct error *err)
{
	if (!how || !how->who || !*how->who)
		return error_set(err, ERROR_INPUT, "who is making the change? the "
				 "history needs a name");
	if (how->reason) {
		char *why = asset_check_text(how->reason, 0, LISTING_MAX_REASON);
		if (why) {
			error_set(err, ERROR_INPUT, "the reason %s", why);
			free(why);
			return -1;
		}
	}
	if (reason_required && (!how->reason || !*how->reason))
		return error_set(err, ERROR_INPUT, "say in one line why the listing "
				 "changed: the reason goes in its history");
	return 0;
}

/* ---- Ids --------------------------------------------------------------- */

/* Whether slug holds seg as whole words ("harbourside" in
 * "harbourside-bereavement-cafe", not in "harbourside2"). */
static int has_words(const char *slug, const char *seg)
{
	size_t n = strlen(seg);
	if (n == 0)
		return 1;
	for (const char *p = strstr(slug, seg); p; p = strstr(p + 1, seg)) {
		int starts = p == slug || p[-1] == '-';
		int ends = p[n] == '\0' || p[n] == '-';
		if (starts && ends)
			return 1;
	}
	return 0;
}

/* Cuts slug s to at most max bytes, at no dash at its end. */
static void cut(char *s, size_t max)
{
	if (strlen(s) > max)
		s[max] = '\0';
	size_t n = strlen(s);
	while (n > 0 && s[n - 1] == '-')
		s[--n] = '\0';
}

int listing_new_id(struct store *dir, const char *name, const char *locality,
		   char **id, struct error *err)
{
	*id = NULL;
	char *base = slug_make(name ? name : "");
	if (!base)
		return error_nomem(err);
	struct strbuf sb = STRBUF_INIT;
	if (locality && slug_valid(locality) && !has_words(base, locality)) {
		size_t loc = strlen(locality);
		if (loc + 1 < SLUG_MAX)
			cut(base, SLUG_MAX - loc - 1);
		else
			base[0] = '\0';
		strbuf_printf(&sb, "%s%s%s", base, *base ? "-" : "", locality);
	} else {
		strbuf_puts(&sb, *base ? base : "asset");
	}
	free(base);
	char *stem = strbuf_detach(&sb);
	if (!stem)
		return error_nomem(err);
	/* The first free one of stem, stem-2, stem-3 ... */
	for (long n = 1; n < 100000; n++) {
		char *candidate = NULL;
		if (n == 1) {
			candidate = strdup(stem);
		} else {
			char suffix[16];
			snprintf(suffix, sizeof suffix, "-%ld", n);
			char *head = strdup(stem);
			if (head) {
				cut(head, SLUG_MAX - strlen(suffix));
				if (asprintf(&candidate, "%s%s", head, suffix) < 0)
					candidate = NULL;
				free(head);
			}
		}
		if (!candidate) {
			free(stem);
			return error_nomem(err);
		}
		int taken = asset_exists(dir, candidate, err);
		if (taken == 0) {
			free(stem);
			*id = candidate;
			return 0;
		}
		free(candidate);
		if (taken < 0) {
			free(stem);
			return -1;
		}
	}
	free(stem);
	return error_set(err, ERROR_INPUT, "no free id for '%s'", name ? name : "");
}

/* ---- Versions ---------------------------------------------------------- */

/* Reads versions from..to of the asset, oldest first, each parsed from
 * its document, with its diff from the one before. */
static int read_versions(struct store *dir, const char *id, int from, int to,
			 struct listing_history *out, struct error *err)
{
	static const char sql[] =
		"SELECT v.version, v.changed_at, v.changed_by, v.reason, v.document"
		" FROM asset_version v JOIN asset a ON a.num = v.asset"
		" WHERE a.id = ?1 AND v.version BETWEEN ?2 AND ?3 ORDER BY v.version";
	memset(out, 0, sizeof *out);
	sqlite3_stmt *stmt = store_stmt(dir, sql, err);
	if (!stmt)
		return -1;
	sqlite3_bind_text(stmt, 1, id, -1, SQLITE_STATIC);
	sqlite3_bind_int(stmt, 2, from);
	sqlite3_bind_int(stmt, 3, to);
	int rc, failed = 0;
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		struct listing_version *item = realloc(out->item, (out->count + 1) * sizeof *item);
		if (!item) {
			failed = 1;
			break;
		}
		out->item = item;
		struct listing_version *v = &item[out->count++];
		memset(v, 0, sizeof *v);
		asset_init(&v->asset);
		v->version = sqlite3_column_int(stmt, 0);
		v->changed_at = store_column_dup(stmt, 1, &failed);
		v->changed_by = store_column_dup(stmt, 2, &failed);
		v->reason = store_column_dup(stmt, 3, &failed);
		const char *doc = (const char *)sqlite3_column_text(stmt, 4);
		char name[128];
		snprintf(name, sizeof name, "version %d of '%.64s'", v->version, id);
		if (!failed && import_asset_text(name, doc ? doc : "", doc ? strlen(doc) : 0,
						 IMPORT_ASSET_STORED, &v->asset, NULL, err) < 0) {
			sqlite3_reset(stmt);
			listing_history_free(out);
			return error_prefix(err, "cannot read the history");
		}
		v->asset.version = v->version;
		if (v->changed_at && !(v->asset.updated_at = strdup(v->changed_at)))
			failed = 1;
		if (failed)
			break;
	}
	sqlite3_reset(stmt);
	if (failed) {
		listing_history_free(out);
		return error_nomem(err);
	}
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		listing_history_free(out);
		return store_fail(dir, rc, "cannot read an asset's history", err);
	}
	struct asset none;
	asset_init(&none);
	for (size_t i = 0; i < out->count; i++) {
		const struct asset *before = i ? &out->item[i - 1].asset : &none;
		/* The first version read may not be the asset's first. */
		if (i == 0 && out->item[0].version > 1)
			continue;
		if (asset_diff(before, &out->item[i].asset, &out->item[i].diff, err) < 0) {
			listing_history_free(out);
			return -1;
		}
	}
	return 0;
}

/* An empty history: an unknown asset, or a known one without that
 * version. */
static int no_versions(struct store *dir, const char *id, int version,
		       struct error *err)
{
	static const char sql[] =
		"SELECT a.version FROM asset a WHERE a.id = ?1";
	sqlite3_stmt *stmt = store_stmt(dir, sql, err);
	if (!stmt)
		return -1;
	sqlite3_bind_text(stmt, 1, id, -1, SQLITE_STATIC);
	int rc = sqlite3_step(stmt);
	int newest = rc == SQLITE_ROW ? sqlite3_column_int(stmt, 0) : 0;
	sqlite3_reset(stmt);
	if (rc == SQLITE_DONE)
		return error_set(err, ERROR_NOT_FOUND, "no asset with the id '%s'", id);
	if (rc != SQLITE_ROW)
		return store_fail(dir, rc, "cannot read an asset", err);
	if (version > 0)
		return error_set(err, ERROR_NOT_FOUND, "'%s' has no version %d "
				 "(it has versions 1 to %d)", id, version, newest);
	return error_set(err, ERROR_NOT_FOUND, "'%s' has no history", id);
}

int listing_history(struct store *dir, const char *id, struct listing_history *out,
		    struct error *err)
{
	memset(out, 0, sizeof *out);
	if (store_begin_read(dir, err) < 0)
		return -1;
	int rc = read_versions(dir, id, 1, 0x7fffffff, out, err);
	if (rc == 0 && out->count == 0)
		rc = no_versions(dir, id, 0, err);
	store_rollback(dir);
	return rc;
}

/* The same as listing_version_load, within the caller's transaction. */
static int version_load(struct store *dir, const char *id, int version,
			struct listing_version *out, struct error *err)
{
	memset(out, 0, sizeof *out);
	asset_init(&out->asset);
	if (version < 1)
		return error_set(err, ERROR_NOT_FOUND, "versions count from 1 (not %d)",
				 version);
	struct listing_history h;
	if (read_versions(dir, id, version - 1, version, &h, err) < 0)
		return -1;
	if (h.count == 0 || h.item[h.count - 1].version != version) {
		listing_history_free(&h);
		return no_versions(dir, id, version, err);
	}
	*out = h.item[h.count - 1];
	h.count--;
	listing_history_free(&h);
	return 0;
}

int listing_version_load(struct store *dir, const char *id, int version,
			 struct listing_version *out, struct error *err)
{
	if (store_begin_read(dir, err) < 0)
		return -1;
	int rc = version_load(dir, id, version, out, err);
	store_rollback(dir);
	return rc;
}

/* ---- Changes ------------------------------------------------------------ */

/* Refuses a change to a version other than the one the editor started
 * from, handing back what is stored now. */
static int conflict(struct store *dir, const struct asset *stored,
		    const struct asset_save *how, struct listing_result *res,
		    struct error *err)
{
	listing_version_clear(&res->current);
	res->has_current = 0;
	if (version_load(dir, stored->id, stored->version, &res->current, err) < 0)
		return -1;
	res->has_current = 1;
	const struct listing_version *v = &res->current;
	return error_set(err, ERROR_CONFLICT,
			 "'%s' was changed by someone else (it is now at version %d, "
			 "you started from version %d): %s saved it at %s (%s)",
			 stored->id, stored->version, how->expected_version,
			 v->changed_by ? v->changed_by : "?",
			 v->changed_at ? v->changed_at : "?", v->reason ? v->reason : "");
}

/* Checks a and saves it as the next version, within the transaction. */
static int save(struct store *dir, struct asset *a, int check, int stored_version,
		const struct asset_save *how, const char *reason,
		struct listing_result *res, struct error *err)
{
	if (check) {
		/* What an editor typed may hold empty texts; what is stored
		 * and only re-stamped is written back as it was. */
		asset_tidy(a);
		if (listing_check(dir, a, &res->problems, err) < 0)
			return -1;
		if (refuse_problems(&res->problems, a->id, err) < 0)
			return -1;
	}
	struct asset_save with = { .who = how->who, .reason = reason };
	if (asset_save(dir, a, &with, &res->change, err) < 0)
		return -1;
	res->version = res->change == ASSET_UNCHANGED ? stored_version : stored_version + 1;
	a->version = res->version;
	return 0;
}

static void reset(struct listing_result *res)
{
	if (res)
		listing_result_free(res);
}

typedef int (*change_fn)(struct store *dir, struct asset *a, const void *ctx,
			 struct error *err);

/* Loads the asset, refuses a stale version, applies fn, checks (when
 * check is set) and saves: one transaction. */
static int change(struct store *dir, const char *id, const struct asset_save *how,
		  const char *reason, int check, change_fn fn, const void *ctx,
		  struct listing_result *res, struct error *err)
{
	struct listing_result scratch;
	listing_result_init(&scratch);
	if (!res)
		res = &scratch;
	listing_result_free(res);
	if (store_begin(dir, err) < 0) {
		listing_result_free(&scratch);
		return -1;
	}
	struct asset a;
	int rc = asset_load(dir, id, &a, err);
	if (rc == 0 && how->expected_version && a.version != how->expected_version)
		rc = conflict(dir, &a, how, res, err);
	int stored = a.version;
	if (rc == 0)
		rc = fn(dir, &a, ctx, err);
	if (rc == 0)
		rc = save(dir, &a, check, stored, how, reason, res, err);
	if (rc == 0)
		rc = store_commit(dir, err);
	else
		store_rollback(dir);
	asset_clear(&a);
	listing_result_free(&scratch);
	return rc;
}

int listing_add(struct store *dir, struct asset *a, const struct asset_save *how,
		struct listing_result *res, struct error *err)
{
	struct listing_result scratch;
	listing_result_init(&scratch);
	if (!res)
		res = &scratch;
	listing_result_free(res);
	if (check_how(how, 0, err) < 0)
		return -1;
	asset_tidy(a);
	/* The fields first, so that a form hears about all of them at once,
	 * and only then the id made from them. */
	if (listing_check(dir, a, &res->problems, err) < 0 ||
	    refuse_problems(&res->problems, a->id, err) < 0) {
		listing_result_free(&scratch);
		return -1;
	}
	if (store_begin(dir, err) < 0) {
		listing_result_free(&scratch);
		return -1;
	}
	int rc = 0, made_id = !a->id;
	if (made_id) {
		rc = listing_new_id(dir, a->name, a->localities.count ? a->localities.item[0]
								: NULL, &a->id, err);
	} else {
		int taken = asset_exists(dir, a->id, err);
		if (taken > 0)
			rc = error_set(err, ERROR_INPUT, "the id '%s' is taken by another "
				       "asset (leave the id out and one is made)", a->id);
		else if (taken < 0)
			rc = -1;
	}
	if (rc == 0)
		rc = save(dir, a, 1, 0, how, how->reason ? how->reason
					: LISTING_REASON_ADDED, res, err);
	if (rc == 0)
		rc = store_commit(dir, err);
	else
		store_rollback(dir);
	if (rc < 0 && made_id) {
		/* Not added: the next try makes the id afresh, from what the
		 * name and place are by then. */
		free(a->id);
		a->id = NULL;
	}
	listing_result_free(&scratch);
	return rc;
}

static int apply_edit(struct store *dir, struct asset *a, const void *ctx,
		      struct error *err)
{
	(void)dir;
	const struct asset *mine = ctx;
	struct asset copy;
	if (asset_copy(&copy, mine) < 0)
		return error_nomem(err);
	/* The id and the store's bookkeeping stay as stored. */
	char *id = a->id, *created = a->created_at;
	int version = a->version;
	a->id = a->created_at = NULL;
	asset_clear(a);
	*a = copy;
	free(a->id);
	free(a->created_at);
	a->id = id;
	a->created_at = created;
	a->version = version;
	return 0;
}

int listing_edit(struct store *dir, const struct asset *a,
		 const struct asset_save *how, struct listing_result *res,
		 struct error *err)
{
	reset(res);
	if (check_how(how, 1, err) < 0)
		return -1;
	if (!a->id || !*a->id)
		return error_set(err, ERROR_INPUT, "which asset? an edit needs its id");
	return change(dir, a->id, how, how->reason, 1, apply_edit, a, res, err);
}

struct update_ctx {
	const struct asset *from;
	unsigned fields;
};

static int apply_update(struct store *dir, struct asset *a, const void *ctx,
			struct error *err)
{
	(void)dir;
	const struct update_ctx *u = ctx;
	for (int k = 0; k < ASSET_KEY_COUNT; k++)
		if (k != ASSET_KEY_ID && (u->fields & ASSET_KEY_BIT(k)) &&
		    asset_key_copy(a, u->from, (enum asset_key)k) < 0)
			return error_nomem(err);
	return 0;
}

int listing_update(struct store *dir, const char *id, const struct asset *from,
		   unsigned fields, const struct asset_save *how,
		   struct listing_result *res, struct error *err)
{
	reset(res);
	if (check_how(how, 1, err) < 0)
		return -1;
	if ((fields & ASSET_KEY_BIT(ASSET_KEY_ID)) && from->id && *from->id &&
	    strcmp(from->id, id) != 0)
		return error_set(err, ERROR_INPUT, "an asset's id never changes: '%s' "
				 "cannot become '%s'", id, from->id);
	struct update_ctx ctx = { from, fields };
	return change(dir, id, how, how->reason, 1, apply_update, &ctx, res, err);
}

struct verify_ctx {
	const char *today;
	const char *who;
};

static int apply_verify(struct store *dir, struct asset *a, const void *ctx,
			struct error *err)
{
	(void)dir;
	const struct verify_ctx *v = ctx;
	char *on = strdup(v->today), *by = strdup(v->who);
	if (!on || !by) {
		free(on);
		free(by);
		return error_nomem(err);
	}
	free(a->verified_on);
	free(a->verified_by);
	a->verified_on = on;
	a->verified_by = by;
	return 0;
}

int listing_verify(struct store *dir, const char *id, const char *today,
		   const struct asset_save *how, struct listing_result *res,
		   struct error *err)
{
	reset(res);
	if (check_how(how, 0, err) < 0)
		return -1;
	if (!today || !date_valid(today))
		return error_set(err, ERROR_INPUT, "today's date '%s' is not a date "
				 "(YYYY-MM-DD)", today ? today : "");
	struct verify_ctx ctx = { today, how->who };
	/* Nothing but the two verified fields changes, so the rest is not
	 * checked again: a listing that today's rules would query can still
	 * be confirmed. */
	return change(dir, id, how, how->reason ? how->reason : LISTING_REASON_VERIFIED,
		      0, apply_verify, &ctx, res, err);
}

static int apply_status(struct store *dir, struct asset *a, const void *ctx,
			struct error *err)
{
	(void)dir;
	(void)err;
	a->status = *(const enum asset_status *)ctx;
	return 0;
}

int listing_set_status(struct store *dir, const char *id, enum asset_status status,
		       const struct asset_save *how, struct listing_result *res,
		       struct error *err)
{
	reset(res);
	if (check_how(how, 0, err) < 0)
		return -1;
	if ((unsigned)status >= STATUS_COUNT)
		return error_set(err, ERROR_INPUT, "unknown status");
	char *reason = NULL;
	if (!how->reason && asprintf(&reason, "status: %s", asset_status_name(status)) < 0)
		return error_nomem(err);
	int rc = change(dir, id, how, how->reason ? how->reason : reason, 0,
			apply_status, &status, res, err);
	free(reason);
	return rc;
}

static int apply_archive(struct store *dir, struct asset *a, const void *ctx,
			 struct error *err)
{
	(void)dir;
	(void)err;
	a->archived = *(const int *)ctx;
	return 0;
}

int listing_archive(struct store *dir, const char *id, int archived,
		    const struct asset_save *how, struct listing_result *res,
		    struct error *err)
{
	reset(res);
	if (check_how(how, 0, err) < 0)
		return -1;
	archived = !!archived;
	const char *reason = how->reason ? how->reason
		: archived ? LISTING_REASON_ARCHIVED : LISTING_REASON_UNARCHIVED;
	return change(dir, id, how, reason, 0, apply_archive, &archived, res, err);
}

static int apply_restore(struct store *dir, struct asset *a, const void *ctx,
			 struct error *err)
{
	struct listing_version v;
	if (version_load(dir, a->id, *(const int *)ctx, &v, err) < 0)
		return -1;
	int rc = apply_edit(dir, a, &v.asset, err);
	listing_version_clear(&v);
	return rc;
}

int listing_restore(struct store *dir, const char *id, int version,
		    const struct asset_save *how, struct listing_result *res,
		    struct error *err)
{
	reset(res);
	if (check_how(how, 0, err) < 0)
		return -1;
	char *reason = NULL;
	if (!how->reason && asprintf(&reason, "restored version %d", version) < 0)
		return error_nomem(err);
	int rc = change(dir, id, how, how->reason ? how->reason : reason, 1,
			apply_restore, &version, res, err);
	free(reason);
	return rc;
}
