#include "config.h"

#include "core/referral.h"
#include "core/access.h"
#include "core/asset.h"
#include "core/asset_check.h"
#include "core/asset_store.h"
#include "core/client_ref.h"
#include "core/personal.h"
#include "core/strbuf.h"
#include "core/taxonomy.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const status_names[REFERRAL_STATUS_COUNT] = {
	"referred", "contacted", "attending", "completed", "declined",
	"not-attended", "unsuitable", "lost-contact",
};

const char *referral_status_name(enum referral_status s)
{
	return (unsigned)s < REFERRAL_STATUS_COUNT ? status_names[s] : "unknown";
}

int referral_status_parse(const char *s, enum referral_status *out)
{
	for (int i = 0; s && i < REFERRAL_STATUS_COUNT; i++)
		if (strcmp(s, status_names[i]) == 0) {
			*out = (enum referral_status)i;
			return 0;
		}
	return -1;
}

int referral_status_is_open(enum referral_status s)
{
	return s <= REFERRAL_ATTENDING;
}

/* The moves that make sense: forward through the open statuses, and
 * each outcome only from where it can happen (a person completes what
 * they attended; declining or not turning up happens before). */
int referral_can_move(enum referral_status from, enum referral_status to)
{
	if (!referral_status_is_open(from) || from == to)
		return 0;
	switch (to) {
	case REFERRAL_CONTACTED:
	case REFERRAL_ATTENDING:
		return to > from;
	case REFERRAL_COMPLETED:
		return from == REFERRAL_ATTENDING;
	case REFERRAL_DECLINED:
	case REFERRAL_NOT_ATTENDED:
		return from != REFERRAL_ATTENDING;
	case REFERRAL_UNSUITABLE:
	case REFERRAL_LOST_CONTACT:
		return 1;
	default:
		return 0;
	}
}

char *referral_moves_from(enum referral_status from)
{
	struct strbuf sb = STRBUF_INIT;
	for (int to = 0; to < REFERRAL_STATUS_COUNT; to++)
		if (referral_can_move(from, (enum referral_status)to))
			strbuf_printf(&sb, "%s%s", sb.len ? ", " : "", status_names[to]);
	if (!sb.len)
		strbuf_puts(&sb, "nothing (reopen it first)");
	return strbuf_detach(&sb);
}

void referral_free(struct referral *r)
{
	char *fields[] = {
		r->client, r->asset_id, r->asset_name, r->worker, r->note, r->follow_up,
		r->created_at, r->created_on, r->contacted_on, r->closed_on, r->updated_at,
	};
	for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++)
		free(fields[i]);
	strlist_clear(&r->needs);
	for (size_t i = 0; i < r->history_count; i++) {
		struct referral_event *e = &r->history[i];
		free(e->at);
		free(e->who);
		free(e->from);
		free(e->to);
		free(e->follow_up);
		free(e->note);
	}
	free(r->history);
	memset(r, 0, sizeof *r);
}

static int check_note(const char *note, struct error *err)
{
	if (!note)
		return 0;
	char *why = asset_check_text(note, 1, ASSET_MAX_TEXT);
	if (!why)
		return 0;
	error_set(err, ERROR_INPUT, "the note %s", why);
	free(why);
	return -1;
}

static int history_add(struct store *p, long id, const char *at, const char *who,
		       const char *from, const char *to, const char *follow_up,
		       const char *note, struct error *err)
{
	static const char sql[] =
		"INSERT INTO referral_history (referral, at, who, from_status, to_status,"
		" follow_up, note) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)";
	sqlite3_stmt *stmt = store_stmt(p, sql, err);
	if (!stmt)
		return -1;
	sqlite3_bind_int64(stmt, 1, id);
	const char *text[] = { at, who, from, to, follow_up, note };
	for (int i = 0; i < 6; i++)
		sqlite3_bind_text(stmt, 2 + i, text[i], -1, SQLITE_STATIC);
	return store_step_done(p, stmt, err);
}

/* The needs of a new referral: the ones given, checked, or else the
 * asset's main need. */
static int referral_needs(struct store *dir, const struct referral_new *r,
			  const struct asset *a, struct strlist *out, struct error *err)
{
	if (!r->needs || r->needs->count == 0)
		return a->needs.count ? strlist_add(out, a->needs.item[0]) : 0;
	for (size_t i = 0; i < r->needs->count; i++) {
		int known = taxonomy_exists(dir, TAXONOMY_NEED, r->needs->item[i], err);
		if (known < 0)
			return -1;
		if (!known)
			return taxonomy_unknown(dir, TAXONOMY_NEED, r->needs->item[i], NULL, err);
		if (!strlist_contains(out, r->needs->item[i]) &&
		    strlist_add(out, r->needs->item[i]) < 0)
			return error_nomem(err);
	}
	return 0;
}

static int insert_referral(struct store *p, const struct referral_new *r,
			   const struct asset *a, const struct strlist *needs,
			   const char *follow_up, long *id, struct error *err)
{
	static const char sql[] =
		"INSERT INTO referral (client, asset_id, asset_name, worker, status, note,"
		" follow_up, created_at, created_on, updated_at)"
		" VALUES (?1, ?2, ?3, ?4, 'referred', ?5, ?6, ?7, ?8, ?7)";
	static const char need_sql[] =
		"INSERT INTO referral_need (referral, need, position, created_on)"
		" VALUES (?1, ?2, ?3, ?4)";
	char now[TIMESTAMP_LEN];
	timestamp_now(now);
	sqlite3_stmt *stmt = store_stmt(p, sql, err);
	if (!stmt)
		return -1;
	const char *text[] = { r->client, a->id, a->name, r->worker, r->note, follow_up,
			       now, r->today };
	for (int i = 0; i < 8; i++)
		sqlite3_bind_text(stmt, 1 + i, text[i], -1, SQLITE_STATIC);
	if (store_step_done(p, stmt, err) < 0)
		return -1;
	*id = (long)sqlite3_last_insert_rowid(store_db(p));
	for (size_t i = 0; i < needs->count; i++) {
		if (!(stmt = store_stmt(p, need_sql, err)))
			return -1;
		sqlite3_bind_int64(stmt, 1, *id);
		sqlite3_bind_text(stmt, 2, needs->item[i], -1, SQLITE_STATIC);
		sqlite3_bind_int(stmt, 3, (int)i);
		sqlite3_bind_text(stmt, 4, r->today, -1, SQLITE_STATIC);
		if (store_step_done(p, stmt, err) < 0)
			return -1;
	}
	return history_add(p, *id, now, r->worker, NULL, "referred", follow_up, r->note, err);
}

int referral_create(struct store *personal, struct store *dir,
		    const struct referral_new *r, long *id, struct error *err)
{
	if (access_check(personal, PERM_REFER, err) < 0 ||
	    access_check_self(personal, r->worker, err) < 0 ||
	    client_ref_check(r->client, err) < 0 || check_note(r->note, err) < 0)
		return -1;
	struct asset a;
	if (asset_load(dir, r->asset_id, &a, err) < 0)
		return -1;
	struct strlist needs = STRLIST_INIT;
	char follow_up[DATE_LEN];
	int rc = 0;
	if (a.archived)
		rc = error_set(err, ERROR_INPUT, "'%s' is archived: it no longer runs, so "
			       "nobody can be referred to it", a.id);
	if (rc == 0)
		rc = referral_needs(dir, r, &a, &needs, err);
	if (rc == 0) {
		char days[16];
		snprintf(days, sizeof days, "+%dd", r->follow_up_days);
		rc = date_expr_parse(personal, r->follow_up ? r->follow_up : days, r->today,
				     follow_up, err);
	}
	if (rc == 0 && strcmp(follow_up, r->today) < 0)
		rc = error_set(err, ERROR_INPUT, "the follow-up date %s has already passed "
			       "(today is %s)", follow_up, r->today);
	if (rc == 0 && (rc = store_begin(personal, err)) == 0) {
		rc = insert_referral(personal, r, &a, &needs, follow_up, id, err);
		rc = rc == 0 ? store_commit(personal, err) : (store_rollback(personal), -1);
	}
	strlist_clear(&needs);
	asset_clear(&a);
	return rc;
}

/* ---- Reading ---------------------------------------------------------- */

static int load_history(struct store *p, struct referral *r, struct error *err)
{
	static const char sql[] =
		"SELECT at, who, from_status, to_status, follow_up, note"
		" FROM referral_history WHERE referral = ?1 ORDER BY id";
	sqlite3_stmt *stmt = store_stmt(p, sql, err);
	if (!stmt)
		return -1;
	sqlite3_bind_int64(stmt, 1, r->id);
	int rc, failed = 0;
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW && !failed) {
		struct referral_event *e = realloc(r->history,
						   (r->history_count + 1) * sizeof *e);
		if (!e) {
			failed = 1;
			break;
		}
		r->history = e;
		e = &e[r->history_count++];
		e->at = store_column_dup(stmt, 0, &failed);
		e->who = store_column_dup(stmt, 1, &failed);
		e->from = store_column_dup(stmt, 2, &failed);
		e->to = store_column_dup(stmt, 3, &failed);
		e->follow_up = store_column_dup(stmt, 4, &failed);
		e->note = store_column_dup(stmt, 5, &failed);
	}
	sqlite3_reset(stmt);
	if (failed)
		return error_nomem(err);
	return rc == SQLITE_DONE ? 0 : store_fail(p, rc, "cannot read a referral", err);
}

int referral_load(struct store *personal, long id, struct referral *out,
		  struct error *err)
{
	static const char sql[] =
		"SELECT id, client, asset_id, asset_name, worker, status, note, follow_up,"
		" created_at, created_on, contacted_on, closed_on, updated_at, version"
		" FROM referral WHERE id = ?1";
	static const char needs_sql[] =
		"SELECT need FROM referral_need WHERE referral = ?1 ORDER BY position";
	memset(out, 0, sizeof *out);
	if (access_check(personal, PERM_REFER, err) < 0)
		return -1;
	sqlite3_stmt *stmt = store_stmt(personal, sql, err);
	if (!stmt)
		return -1;
	sqlite3_bind_int64(stmt, 1, id);
	int rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW && access_check_sees(personal,
			(const char *)sqlite3_column_text(stmt, 4), id, err) < 0) {
		sqlite3_reset(stmt);
		return -1;
	}
	if (rc != SQLITE_ROW) {
		sqlite3_reset(stmt);
		if (rc == SQLITE_DONE)
			return error_set(err, ERROR_NOT_FOUND, "no referral %ld", id);
		return store_fail(personal, rc, "cannot read a referral", err);
	}
	int failed = 0;
	out->id = (long)sqlite3_column_int64(stmt, 0);
	char **text[] = {
		&out->client, &out->asset_id, &out->asset_name, &out->worker, NULL,
		&out->note, &out->follow_up, &out->created_at, &out->created_on,
		&out->contacted_on, &out->closed_on, &out->updated_at,
	};
	for (int i = 0; i < 12; i++)
		if (text[i])
			*text[i] = store_column_dup(stmt, 1 + i, &failed);
	referral_status_parse((const char *)sqlite3_column_text(stmt, 5), &out->status);
	out->version = sqlite3_column_int(stmt, 13);
	sqlite3_reset(stmt);
	if (failed) {
		referral_free(out);
		return error_nomem(err);
	}
	if (!(stmt = store_stmt(personal, needs_sql, err))) {
		referral_free(out);
		return -1;
	}
	sqlite3_bind_int64(stmt, 1, id);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW)
		if (strlist_add(&out->needs, (const char *)sqlite3_column_text(stmt, 0)) < 0)
			failed = 1;
	sqlite3_reset(stmt);
	if (failed || load_history(personal, out, err) < 0) {
		referral_free(out);
		return failed ? error_nomem(err) : -1;
	}
	return 0;
}

/* ---- Changing --------------------------------------------------------- */

enum change_kind { CHANGE_UPDATE, CHANGE_CLOSE, CHANGE_REOPEN };

/* The open status a closed referral had before it closed. */
static int status_before_close(struct store *p, long id, enum referral_status *out,
			       struct error *err)
{
	static const char sql[] =
		"SELECT from_status FROM referral_history WHERE referral = ?1"
		" AND to_status IN ('completed', 'declined', 'not-attended', 'unsuitable',"
		" 'lost-contact') ORDER BY id DESC LIMIT 1";
	sqlite3_stmt *stmt = store_stmt(p, sql, err);
	if (!stmt)
		return -1;
	sqlite3_bind_int64(stmt, 1, id);
	*out = REFERRAL_REFERRED;
	if (sqlite3_step(stmt) == SQLITE_ROW)
		referral_status_parse((const char *)sqlite3_column_text(stmt, 0), out);
	sqlite3_reset(stmt);
	return 0;
}

/* Works out where the change takes the referral, or why it cannot. */
static int plan(struct store *p, enum change_kind kind, const struct referral *r,
		const struct referral_change *c, enum referral_status *to,
		struct error *err)
{
	const char *from = referral_status_name(r->status);
	if (kind == CHANGE_REOPEN) {
		if (referral_status_is_open(r->status))
			return error_set(err, ERROR_INPUT, "referral %ld is open (%s): there is "
					 "nothing to reopen", r->id, from);
		if (!c->note || !*c->note)
			return error_set(err, ERROR_INPUT, "reopening needs a reason");
		return status_before_close(p, r->id, to, err);
	}
	*to = c->to;
	/* A closed referral first: whatever the change asked for, the way
	 * on is to reopen it. */
	if (!referral_status_is_open(r->status))
		return error_set(err, ERROR_INPUT, "referral %ld is closed (%s): reopen it, "
				 "with a reason, to change it", r->id, from);
	if (kind == CHANGE_CLOSE && referral_status_is_open(c->to))
		return error_set(err, ERROR_INPUT, "'%s' is not an outcome: close with "
				 "completed, declined, not-attended, unsuitable or lost-contact",
				 referral_status_name(c->to));
	if (kind == CHANGE_UPDATE && !referral_status_is_open(c->to))
		return error_set(err, ERROR_INPUT, "'%s' closes a referral: use close, "
				 "which records the outcome", referral_status_name(c->to));
	if (c->to == r->status) {
		if (!c->follow_up && !c->note)
			return error_set(err, ERROR_INPUT, "referral %ld is already %s: give a "
					 "new status, a follow-up date or a note", r->id, from);
		return 0;
	}
	if (!referral_can_move(r->status, c->to)) {
		char *moves = referral_moves_from(r->status);
		error_set(err, ERROR_INPUT, "referral %ld cannot go from %s to %s (from %s "
			  "it can go to: %s)", r->id, from, referral_status_name(c->to), from,
			  moves ? moves : "?");
		free(moves);
		return -1;
	}
	return 0;
}

static int write_change(struct store *p, const struct referral *r,
			enum referral_status to, const char *follow_up,
			const struct referral_change *c, struct error *err)
{
	static const char sql[] =
		"UPDATE referral SET status = ?2, follow_up = ?3, updated_at = ?4,"
		" version = version + 1,"
		" contacted_on = CASE WHEN contacted_on IS NULL AND ?2 IN"
		"   ('contacted', 'attending') THEN ?5 ELSE contacted_on END,"
		" attending_on = CASE WHEN attending_on IS NULL AND ?2 = 'attending'"
		"   THEN ?5 ELSE attending_on END,"
		" closed_on = CASE WHEN ?2 IN ('referred', 'contacted', 'attending')"
		"   THEN NULL ELSE coalesce(closed_on, ?5) END"
		" WHERE id = ?1";
	char now[TIMESTAMP_LEN];
	timestamp_now(now);
	sqlite3_stmt *stmt = store_stmt(p, sql, err);
	if (!stmt)
		return -1;
	const char *status = referral_status_name(to);
	sqlite3_bind_int64(stmt, 1, r->id);
	sqlite3_bind_text(stmt, 2, status, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 3, follow_up, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 4, now, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 5, c->today, -1, SQLITE_STATIC);
	if (store_step_done(p, stmt, err) < 0)
		return -1;
	return history_add(p, r->id, now, c->who, referral_status_name(r->status),
			   status, follow_up, c->note, err);
}

static int change(struct store *p, long id, enum change_kind kind,
		  const struct referral_change *c, struct error *err)
{
	if (check_note(c->note, err) < 0 || access_check_self(p, c->who, err) < 0)
		return -1;
	if (store_begin(p, err) < 0)
		return -1;
	struct referral r;
	enum referral_status to = REFERRAL_REFERRED;
	char follow_up[DATE_LEN] = "";
	int rc = referral_load(p, id, &r, err);
	if (rc == 0 && c->expected_version && r.version != c->expected_version)
		rc = error_set(err, ERROR_CONFLICT, "referral %ld was changed by %s since you "
			       "read it (it is now %s): look at it again before changing it",
			       id, r.history_count ? r.history[r.history_count - 1].who : "someone",
			       referral_status_name(r.status));
	if (rc == 0)
		rc = plan(p, kind, &r, c, &to, err);
	if (rc == 0 && referral_status_is_open(to)) {
		/* An open referral always has a follow-up date. */
		char days[16];
		snprintf(days, sizeof days, "+%dd", c->follow_up_days > 0 ? c->follow_up_days : 14);
		const char *expr = c->follow_up ? c->follow_up : r.follow_up ? r.follow_up : days;
		rc = date_expr_parse(p, expr, c->today, follow_up, err);
		if (rc == 0 && c->follow_up && strcmp(follow_up, c->today) < 0)
			rc = error_set(err, ERROR_INPUT, "the follow-up date %s has already "
				       "passed (today is %s)", follow_up, c->today);
	}
	if (rc == 0)
		rc = write_change(p, &r, to, *follow_up ? follow_up : NULL, c, err);
	if (rc == 0)
		rc = store_commit(p, err);
	else
		store_rollback(p);
	referral_free(&r);
	return rc;
}

int referral_update(struct store *personal, long id, const struct referral_change *c,
		    struct error *err)
{
	return change(personal, id, CHANGE_UPDATE, c, err);
}

int referral_close(struct store *personal, long id, const struct referral_change *c,
		   struct error *err)
{
	return change(personal, id, CHANGE_CLOSE, c, err);
}

int referral_reopen(struct store *personal, long id, const struct referral_change *c,
		    struct error *err)
{
	return change(personal, id, CHANGE_REOPEN, c, err);
}

/* ---- Lists ------------------------------------------------------------ */

#define ROW_COLUMNS \
	"SELECT r.id, r.client, r.asset_id, r.asset_name, r.worker, r.status," \
	" r.follow_up, r.created_on, (SELECT group_concat(need, ',') FROM" \
	" (SELECT need FROM referral_need WHERE referral = r.id ORDER BY position))," \
	" r.version FROM referral r"

void referral_rows_free(struct referral_rows *rows)
{
	for (size_t i = 0; i < rows->count; i++) {
		struct referral_row *r = &rows->row[i];
		free(r->client);
		free(r->asset_id);
		free(r->asset_name);
		free(r->worker);
		free(r->status);
		free(r->follow_up);
		free(r->created_on);
		free(r->needs);
	}
	free(rows->row);
	memset(rows, 0, sizeof *rows);
}

static int read_rows(struct store *p, sqlite3_stmt *stmt, struct referral_rows *out,
		     struct error *err)
{
	memset(out, 0, sizeof *out);
	size_t cap = 0;
	int rc, failed = 0;
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		if (out->count == cap) {
			cap = cap ? cap * 2 : 16;
			struct referral_row *row = realloc(out->row, cap * sizeof *row);
			if (!row) {
				failed = 1;
				break;
			}
			out->row = row;
		}
		struct referral_row *r = &out->row[out->count++];
		r->id = (long)sqlite3_column_int64(stmt, 0);
		r->client = store_column_dup(stmt, 1, &failed);
		r->asset_id = store_column_dup(stmt, 2, &failed);
		r->asset_name = store_column_dup(stmt, 3, &failed);
		r->worker = store_column_dup(stmt, 4, &failed);
		r->status = store_column_dup(stmt, 5, &failed);
		r->follow_up = store_column_dup(stmt, 6, &failed);
		r->created_on = store_column_dup(stmt, 7, &failed);
		r->needs = store_column_dup(stmt, 8, &failed);
		r->version = sqlite3_column_int(stmt, 9);
	}
	sqlite3_reset(stmt);
	if (failed) {
		referral_rows_free(out);
		return error_nomem(err);
	}
	if (rc != SQLITE_DONE) {
		referral_rows_free(out);
		return store_fail(p, rc, "cannot read referrals", err);
	}
	return 0;
}

int referral_followups(struct store *personal, const char *worker,
		       enum followup_when when, const char *today,
		       struct referral_rows *out, struct error *err)
{
	/* ?3 chooses: 0 all, 1 overdue, 2 due today, 3 upcoming.  One
	 * statement with a worker and one without: "?1 IS NULL OR worker =
	 * ?1" would keep the planner off the partial index on (worker,
	 * follow_up) and scan every open referral. */
#define FOLLOWUPS_SQL(worker_cond) ROW_COLUMNS \
		" WHERE r.closed_on IS NULL" worker_cond \
		" AND (?3 = 0 OR (?3 = 1 AND r.follow_up < ?2) OR (?3 = 2 AND r.follow_up = ?2)" \
		"   OR (?3 = 3 AND r.follow_up > ?2))" \
		" AND " ACCESS_SEES_SQL("r.worker") \
		" ORDER BY CASE WHEN r.follow_up < ?2 THEN 0 WHEN r.follow_up = ?2 THEN 1" \
		" ELSE 2 END, r.follow_up, r.id"
	static const char of_worker[] = FOLLOWUPS_SQL(" AND r.worker = ?1");
	static const char of_all[] = FOLLOWUPS_SQL(" AND ?1 IS NULL");
#undef FOLLOWUPS_SQL
	if (access_check(personal, PERM_REFER, err) < 0 ||
	    (worker && access_check_sees(personal, worker, 0, err) < 0))
		return -1;
	sqlite3_stmt *stmt = store_stmt(personal, worker ? of_worker : of_all, err);
	if (!stmt)
		return -1;
	sqlite3_bind_text(stmt, 1, worker, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 2, today, -1, SQLITE_STATIC);
	sqlite3_bind_int(stmt, 3, (int)when);
	access_bind_sees(personal, stmt);
	return read_rows(personal, stmt, out, err);
}

int referral_followup_counts(struct store *personal, const char *worker,
			     const char *today, long *overdue, long *due,
			     struct error *err)
{
	/* Two statements, as in referral_followups(), for the index. */
#define FOLLOWUP_COUNTS_SQL(worker_cond) \
		"SELECT count(*) FILTER (WHERE follow_up < ?2)," \
		" count(*) FILTER (WHERE follow_up = ?2)" \
		" FROM referral WHERE closed_on IS NULL" worker_cond \
		" AND " ACCESS_SEES_SQL("worker")
	static const char of_worker[] = FOLLOWUP_COUNTS_SQL(" AND worker = ?1");
	static const char of_all[] = FOLLOWUP_COUNTS_SQL(" AND ?1 IS NULL");
#undef FOLLOWUP_COUNTS_SQL
	*overdue = *due = 0;
	if (access_check(personal, PERM_REFER, err) < 0)
		return -1;
	sqlite3_stmt *stmt = store_stmt(personal, worker ? of_worker : of_all, err);
	if (!stmt)
		return -1;
	sqlite3_bind_text(stmt, 1, worker, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 2, today, -1, SQLITE_STATIC);
	access_bind_sees(personal, stmt);
	int rc = sqlite3_step(stmt);
	*overdue = rc == SQLITE_ROW ? (long)sqlite3_column_int64(stmt, 0) : 0;
	*due = rc == SQLITE_ROW ? (long)sqlite3_column_int64(stmt, 1) : 0;
	sqlite3_reset(stmt);
	return rc == SQLITE_ROW ? 0 : store_fail(personal, rc, "cannot count follow-ups", err);
}

int referral_for_client(struct store *personal, const char *client,
			struct referral_rows *out, struct error *err)
{
	static const char sql[] = ROW_COLUMNS
		" WHERE r.client = ?1 AND " ACCESS_SEES_SQL("r.worker")
		" ORDER BY r.created_at DESC, r.id DESC";
	if (access_check(personal, PERM_REFER, err) < 0)
		return -1;
	sqlite3_stmt *stmt = store_stmt(personal, sql, err);
	if (!stmt)
		return -1;
	sqlite3_bind_text(stmt, 1, client, -1, SQLITE_STATIC);
	access_bind_sees(personal, stmt);
	return read_rows(personal, stmt, out, err);
}
