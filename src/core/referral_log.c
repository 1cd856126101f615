#include "config.h"

#include "core/referral_log.h"
#include "core/access.h"
#include "core/report_impl.h"
#include "core/strbuf.h"

#include <stdlib.h>
#include <string.h>

/* Each column's name and the SQL it sorts by, from this fixed list only;
 * a column that can be empty sorts its empties last, and one that
 * cannot sorts by itself alone, so that an index in its order serves a
 * page without sorting every row (the log by date, newest first, reads
 * referral_by_period backwards). */
static const struct {
	const char *name;
	const char *order;
	int nullable;
} columns[LOG_COLUMN_COUNT] = {
	[LOG_ID] = { "id", "r.id", 0 },
	[LOG_MADE] = { "made", "r.created_on", 0 },
	[LOG_CLIENT] = { "client", "r.client", 0 },
	[LOG_ASSET] = { "asset", "r.asset_name", 0 },
	[LOG_SECTOR] = { "sector", "sector", 1 },
	[LOG_NEEDS] = { "needs", "needs", 1 },
	[LOG_WORKER] = { "worker", "r.worker", 0 },
	[LOG_STATUS] = { "status", "r.status", 0 },
	[LOG_FOLLOW_UP] = { "follow-up", "r.follow_up", 1 },
	[LOG_CONTACTED] = { "contacted", "r.contacted_on", 1 },
	[LOG_CLOSED] = { "closed", "r.closed_on", 1 },
};

const char *referral_log_column_name(enum log_column c)
{
	return (unsigned)c < LOG_COLUMN_COUNT ? columns[c].name : NULL;
}

int referral_log_sort_parse(const char *s, enum log_column *column, int *descending)
{
	const char *colon = strchr(s, ':');
	size_t n = colon ? (size_t)(colon - s) : strlen(s);
	*descending = 0;
	if (colon) {
		if (strcmp(colon + 1, "desc") == 0)
			*descending = 1;
		else if (strcmp(colon + 1, "asc") != 0)
			return -1;
	}
	for (int i = 0; i < LOG_COLUMN_COUNT; i++)
		if (strlen(columns[i].name) == n && strncmp(s, columns[i].name, n) == 0) {
			*column = (enum log_column)i;
			return 0;
		}
	/* "follow_up" as well as "follow-up". */
	if (n == 9 && strncmp(s, "follow_up", 9) == 0) {
		*column = LOG_FOLLOW_UP;
		return 0;
	}
	return -1;
}

void referral_log_free(struct referral_log *log)
{
	for (size_t i = 0; i < log->count; i++) {
		struct referral_log_row *r = &log->row[i];
		char *fields[] = { r->made, r->client, r->asset_id, r->asset_name, r->sector,
				   r->needs, r->worker, r->status, r->follow_up, r->contacted,
				   r->closed };
		for (size_t k = 0; k < sizeof fields / sizeof fields[0]; k++)
			free(fields[k]);
	}
	free(log->row);
	memset(log, 0, sizeof *log);
}

static sqlite3_stmt *prepare(struct store *p, const struct strbuf *sql,
			     const struct referral_log_query *q, struct error *err)
{
	if (sql->failed) {
		error_nomem(err);
		return NULL;
	}
	sqlite3_stmt *stmt;
	int rc = sqlite3_prepare_v2(store_db(p), strbuf_str(sql), -1, &stmt, NULL);
	if (rc != SQLITE_OK) {
		store_fail(p, rc, "cannot prepare the referral log", err);
		return NULL;
	}
	report_bind(stmt, q->period, q->period != NULL, &q->filter, q->today, 0);
	int i = sqlite3_bind_parameter_index(stmt, ":limit");
	if (i > 0)
		sqlite3_bind_int64(stmt, i, q->limit > 0 ? q->limit : -1);
	if ((i = sqlite3_bind_parameter_index(stmt, ":offset")) > 0)
		sqlite3_bind_int64(stmt, i, q->offset > 0 ? q->offset : 0);
	return stmt;
}

/* Totals in two statements, each of which an index covers: by status
 * (referral_by_status, or referral_by_period in a period), and the
 * overdue among the open ones (the partial index referral_followups). */
static int read_totals(struct store *p, const char *where,
		       const struct referral_log_query *q, struct referral_log_totals *t,
		       struct error *err)
{
	memset(t, 0, sizeof *t);
	for (int pass = 0; pass < 2; pass++) {
		struct strbuf sql = STRBUF_INIT;
		if (pass == 0)
			strbuf_printf(&sql, "SELECT r.status, count(*) FROM referral r WHERE 1%s"
				      " GROUP BY r.status", where);
		else
			strbuf_printf(&sql, "SELECT count(*) FROM referral r WHERE r.closed_on IS NULL"
				      " AND r.follow_up < :today%s", where);
		sqlite3_stmt *stmt = prepare(p, &sql, q, err);
		strbuf_free(&sql);
		if (!stmt)
			return -1;
		int rc;
		while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
			long n = (long)sqlite3_column_int64(stmt, pass == 0 ? 1 : 0);
			enum referral_status s;
			if (pass == 1) {
				t->overdue = n;
			} else if (referral_status_parse((const char *)sqlite3_column_text(stmt, 0),
							 &s) == 0) {
				t->by_status[s] = n;
				t->referrals += n;
				*(referral_status_is_open(s) ? &t->open : &t->closed) += n;
			}
		}
		sqlite3_finalize(stmt);
		if (rc != SQLITE_DONE)
			return store_fail(p, rc, "cannot count referrals", err);
	}
	return 0;
}

int referral_log_run(struct store *personal, struct store *dir,
		     const struct referral_log_query *q, struct referral_log *out,
		     struct error *err)
{
	memset(out, 0, sizeof *out);
	if (access_check(personal, PERM_REPORTS, err) < 0)
		return -1;
	if ((unsigned)q->sort >= LOG_COLUMN_COUNT)
		return error_set(err, ERROR_INPUT, "no such column to sort by");
	if (report_filter_check(dir, &q->filter, err) < 0 ||
	    report_attach(personal, dir, err) < 0)
		return -1;
	struct strbuf where = STRBUF_INIT;
	if (q->period)
		strbuf_puts(&where, " AND r.created_on BETWEEN :from AND :to");
	report_filter_sql_referral(&where, &q->filter);
	strbuf_puts(&where, "");

	struct strbuf sql = STRBUF_INIT;
	strbuf_printf(&sql,
		      "SELECT r.id, r.created_on, r.client, r.asset_id, r.asset_name,"
		      " (SELECT a.sector FROM dir.asset a WHERE a.id = r.asset_id) AS sector,"
		      " (SELECT group_concat(need, ',') FROM (SELECT need FROM referral_need"
		      "   WHERE referral = r.id ORDER BY position)) AS needs,"
		      " r.worker, r.status, r.follow_up, r.contacted_on, r.closed_on,"
		      " r.closed_on IS NULL AND r.follow_up < :today"
		      " FROM referral r WHERE 1%s ORDER BY %s%s%s %s, r.id %s"
		      " LIMIT :limit OFFSET :offset",
		      strbuf_str(&where), columns[q->sort].nullable ? columns[q->sort].order : "",
		      columns[q->sort].nullable ? " IS NULL, " : "", columns[q->sort].order,
		      q->descending ? "DESC" : "ASC", q->descending ? "DESC" : "ASC");

	int rc = store_begin_read(personal, err);
	sqlite3_stmt *stmt = rc == 0 ? prepare(personal, &sql, q, err) : NULL;
	strbuf_free(&sql);
	if (!stmt) {
		strbuf_free(&where);
		store_rollback(personal);
		return -1;
	}
	size_t cap = 0;
	int failed = 0;
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		if (out->count == cap) {
			cap = cap ? cap * 2 : 64;
			struct referral_log_row *row = realloc(out->row, cap * sizeof *row);
			if (!row) {
				failed = 1;
				break;
			}
			out->row = row;
		}
		struct referral_log_row *r = &out->row[out->count++];
		r->id = (long)sqlite3_column_int64(stmt, 0);
		char **text[] = { &r->made, &r->client, &r->asset_id, &r->asset_name, &r->sector,
				  &r->needs, &r->worker, &r->status, &r->follow_up, &r->contacted,
				  &r->closed };
		for (int i = 0; i < 11; i++)
			*text[i] = store_column_dup(stmt, 1 + i, &failed);
		r->overdue = sqlite3_column_int(stmt, 12);
	}
	sqlite3_finalize(stmt);
	if (failed)
		rc = error_nomem(err);
	else if (rc != SQLITE_DONE)
		rc = store_fail(personal, rc, "cannot read the referral log", err);
	else
		rc = read_totals(personal, strbuf_str(&where), q, &out->totals, err);
	store_rollback(personal);
	strbuf_free(&where);
	if (rc < 0) {
		referral_log_free(out);
		return -1;
	}
	return 0;
}
