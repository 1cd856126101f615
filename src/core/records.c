#include "config.h"

#include "core/records.h"
#include "core/access.h"
#include "core/asset_check.h"
#include "core/asset_store.h"
#include "core/client_ref.h"
#include "core/taxonomy.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

static int check_needs(struct store *dir, const struct strlist *needs, struct error *err)
{
	if (!needs || needs->count == 0)
		return error_set(err, ERROR_INPUT, "which need went unmet? give at least one");
	for (size_t i = 0; i < needs->count; i++) {
		int known = taxonomy_exists(dir, TAXONOMY_NEED, needs->item[i], err);
		if (known <= 0)
			return known < 0 ? -1 : taxonomy_unknown(dir, TAXONOMY_NEED,
								 needs->item[i], NULL, err);
	}
	return 0;
}

int unmet_need_log(struct store *personal, struct store *dir,
		   const struct strlist *needs, const char *locality, const char *note,
		   const char *worker, const char *today, long *id, struct error *err)
{
	static const char sql[] =
		"INSERT INTO unmet_need (locality, note, worker, created_at, created_on)"
		" VALUES (?1, ?2, ?3, ?4, ?5)";
	static const char need_sql[] =
		"INSERT OR IGNORE INTO unmet_need_need (unmet, need) VALUES (?1, ?2)";
	if (access_check(personal, PERM_REFER, err) < 0 ||
	    access_check_self(personal, worker, err) < 0 ||
	    check_needs(dir, needs, err) < 0 || check_note(note, err) < 0)
		return -1;
	if (locality) {
		int known = taxonomy_exists(dir, TAXONOMY_LOCALITY, locality, err);
		if (known <= 0)
			return known < 0 ? -1 : taxonomy_unknown(dir, TAXONOMY_LOCALITY,
								 locality, NULL, err);
	}
	char now[TIMESTAMP_LEN];
	timestamp_now(now);
	if (store_begin(personal, err) < 0)
		return -1;
	sqlite3_stmt *stmt = store_stmt(personal, sql, err);
	int rc = stmt ? 0 : -1;
	if (rc == 0) {
		const char *text[] = { locality, note, worker, now, today };
		for (int i = 0; i < 5; i++)
			sqlite3_bind_text(stmt, 1 + i, text[i], -1, SQLITE_STATIC);
		rc = store_step_done(personal, stmt, err);
		*id = (long)sqlite3_last_insert_rowid(store_db(personal));
	}
	for (size_t i = 0; rc == 0 && i < needs->count; i++) {
		if (!(stmt = store_stmt(personal, need_sql, err))) {
			rc = -1;
			break;
		}
		sqlite3_bind_int64(stmt, 1, *id);
		sqlite3_bind_text(stmt, 2, needs->item[i], -1, SQLITE_STATIC);
		rc = store_step_done(personal, stmt, err);
	}
	if (rc == 0)
		return store_commit(personal, err);
	store_rollback(personal);
	return -1;
}

int ons4_parse(const char *text, struct ons4 *out, struct error *err)
{
	int *scores[] = { &out->life_satisfaction, &out->worthwhile, &out->happiness,
			  &out->anxiety };
	const char *p = text ? text : "";
	for (int i = 0; i < 4; i++) {
		while (*p == ' ')
			p++;
		char *end;
		long v = strtol(p, &end, 10);
		if (end == p || v < 0 || v > 10)
			return error_set(err, ERROR_INPUT, "ONS4 scores are four whole numbers "
					 "from 0 to 10, separated by commas (life satisfaction, "
					 "worthwhile, happiness, anxiety), like 6,7,5,4");
		*scores[i] = (int)v;
		p = end;
		while (*p == ' ')
			p++;
		if (i < 3 && *p++ != ',')
			return error_set(err, ERROR_INPUT, "ONS4 needs four scores separated "
					 "by commas, like 6,7,5,4");
	}
	if (*p)
		return error_set(err, ERROR_INPUT, "ONS4 is four scores, no more: like 6,7,5,4");
	return 0;
}

int wellbeing_record(struct store *personal, const char *client, const struct ons4 *s,
		     const char *on_date, const char *worker, const char *today,
		     long *id, struct error *err)
{
	static const char sql[] =
		"INSERT INTO wellbeing (client, on_date, life_satisfaction, worthwhile,"
		" happiness, anxiety, worker, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)";
	if (access_check(personal, PERM_REFER, err) < 0 ||
	    access_check_self(personal, worker, err) < 0 || client_ref_check(client, err) < 0)
		return -1;
	const int scores[] = { s->life_satisfaction, s->worthwhile, s->happiness, s->anxiety };
	for (int i = 0; i < 4; i++)
		if (scores[i] < 0 || scores[i] > 10)
			return error_set(err, ERROR_INPUT, "ONS4 scores run from 0 to 10");
	if (!date_valid(on_date))
		return error_set(err, ERROR_INPUT, "'%s' is not a date (YYYY-MM-DD)", on_date);
	if (strcmp(on_date, today) > 0)
		return error_set(err, ERROR_INPUT, "the scores' date %s is in the future "
				 "(today is %s)", on_date, today);
	char now[TIMESTAMP_LEN];
	timestamp_now(now);
	if (store_begin(personal, err) < 0)
		return -1;
	sqlite3_stmt *stmt = store_stmt(personal, sql, err);
	int rc = -1;
	if (stmt) {
		sqlite3_bind_text(stmt, 1, client, -1, SQLITE_STATIC);
		sqlite3_bind_text(stmt, 2, on_date, -1, SQLITE_STATIC);
		for (int i = 0; i < 4; i++)
			sqlite3_bind_int(stmt, 3 + i, scores[i]);
		sqlite3_bind_text(stmt, 7, worker, -1, SQLITE_STATIC);
		sqlite3_bind_text(stmt, 8, now, -1, SQLITE_STATIC);
		rc = store_step_done(personal, stmt, err);
		*id = (long)sqlite3_last_insert_rowid(store_db(personal));
	}
	if (rc == 0)
		return store_commit(personal, err);
	store_rollback(personal);
	return -1;
}

int wellbeing_for_client(struct store *personal, const char *client,
			 struct wellbeing_rows *out, struct error *err)
{
	static const char sql[] =
		"SELECT on_date, life_satisfaction, worthwhile, happiness, anxiety, worker"
		" FROM wellbeing WHERE client = ?1 AND " ACCESS_SEES_SQL("worker")
		" ORDER BY on_date, id";
	memset(out, 0, sizeof *out);
	if (access_check(personal, PERM_REFER, err) < 0)
		return -1;
	sqlite3_stmt *stmt = store_stmt(personal, sql, err);
	if (!stmt)
		return -1;
	sqlite3_bind_text(stmt, 1, client, -1, SQLITE_STATIC);
	access_bind_sees(personal, stmt);
	int rc;
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		struct wellbeing_row *row = realloc(out->row, (out->count + 1) * sizeof *row);
		if (!row) {
			sqlite3_reset(stmt);
			wellbeing_rows_free(out);
			return error_nomem(err);
		}
		out->row = row;
		row = &row[out->count++];
		snprintf(row->on_date, DATE_LEN, "%s", (const char *)sqlite3_column_text(stmt, 0));
		row->scores.life_satisfaction = sqlite3_column_int(stmt, 1);
		row->scores.worthwhile = sqlite3_column_int(stmt, 2);
		row->scores.happiness = sqlite3_column_int(stmt, 3);
		row->scores.anxiety = sqlite3_column_int(stmt, 4);
		row->worker = strdup((const char *)sqlite3_column_text(stmt, 5));
	}
	sqlite3_reset(stmt);
	if (rc != SQLITE_DONE) {
		wellbeing_rows_free(out);
		return store_fail(personal, rc, "cannot read wellbeing scores", err);
	}
	return 0;
}

void wellbeing_rows_free(struct wellbeing_rows *rows)
{
	for (size_t i = 0; i < rows->count; i++)
		free(rows->row[i].worker);
	free(rows->row);
	memset(rows, 0, sizeof *rows);
}

static const char *const flag_names[FLAG_REASON_COUNT] = {
	"closed", "wrong-details", "full", "other",
};

const char *flag_reason_name(enum flag_reason r)
{
	return (unsigned)r < FLAG_REASON_COUNT ? flag_names[r] : "unknown";
}

int flag_reason_parse(const char *s, enum flag_reason *out)
{
	for (int i = 0; s && i < FLAG_REASON_COUNT; i++)
		if (strcmp(s, flag_names[i]) == 0) {
			*out = (enum flag_reason)i;
			return 0;
		}
	return -1;
}

int flag_raise(struct store *dir, const char *asset_id, enum flag_reason reason,
	       const char *note, const char *who, long *id, struct error *err)
{
	static const char sql[] =
		"INSERT INTO flag (asset, reason, note, raised_by, raised_at)"
		" SELECT num, ?2, ?3, ?4, ?5 FROM asset WHERE id = ?1";
	if (access_check(dir, PERM_FLAG, err) < 0 || access_check_self(dir, who, err) < 0 ||
	    check_note(note, err) < 0)
		return -1;
	if (reason == FLAG_OTHER && (!note || strspn(note, " \t\n") == strlen(note)))
		return error_set(err, ERROR_INPUT, "a flag for 'other' needs a note saying "
				 "what is wrong with the listing");
	int exists = asset_exists(dir, asset_id, err);
	if (exists <= 0)
		return exists < 0 ? -1 : error_set(err, ERROR_NOT_FOUND,
						   "no asset with the id '%s'", asset_id);
	char now[TIMESTAMP_LEN];
	timestamp_now(now);
	if (store_begin(dir, err) < 0)
		return -1;
	sqlite3_stmt *stmt = store_stmt(dir, sql, err);
	int rc = -1;
	if (stmt) {
		const char *text[] = { asset_id, flag_reason_name(reason), note, who, now };
		for (int i = 0; i < 5; i++)
			sqlite3_bind_text(stmt, 1 + i, text[i], -1, SQLITE_STATIC);
		rc = store_step_done(dir, stmt, err);
		*id = (long)sqlite3_last_insert_rowid(store_db(dir));
	}
	if (rc == 0)
		return store_commit(dir, err);
	store_rollback(dir);
	return -1;
}
