#include "config.h"

#include "core/queue.h"
#include "core/dates.h"
#include "core/flags.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

long stale_months_days(int months)
{
	/* asset_is_stale: stale when age * 12 > months * 365. */
	return (long)months * 365 / 12;
}

int stale_age_parse(const char *text, long *days, struct error *err)
{
	const char *p = text ? text : "";
	char *end;
	errno = 0;
	long n = isdigit((unsigned char)*p) ? strtol(p, &end, 10) : -1;
	char unit = n >= 0 ? *end : '?';
	if (n >= 0 && unit && end[1])
		unit = '?';
	/* Up to a hundred years, whatever the unit. */
	static const struct { char unit; long per; long max; } units[] = {
		{ '\0', 0, 1200 }, { 'm', 0, 1200 }, { 'y', 0, 100 },
		{ 'w', 7, 5218 }, { 'd', 1, 36525 },
	};
	for (size_t i = 0; n >= 0 && errno == 0 && i < sizeof units / sizeof units[0]; i++) {
		if (tolower((unsigned char)unit) != units[i].unit)
			continue;
		if (n < 1 || n > units[i].max)
			break;
		if (units[i].per)
			*days = n * units[i].per;
		else
			*days = stale_months_days((int)(units[i].unit == 'y' ? n * 12 : n));
		return 0;
	}
	return error_set(err, ERROR_INPUT, "'%s' is not an age: a whole number with m "
			 "for months, w for weeks, d for days or y for years (like 6m, "
			 "8w, 90d)", text ? text : "");
}

void stale_rows_free(struct stale_rows *rows)
{
	for (size_t i = 0; i < rows->count; i++) {
		struct stale_row *r = &rows->row[i];
		free(r->id);
		free(r->name);
		free(r->status);
		free(r->verified_on);
		free(r->verified_by);
	}
	free(rows->row);
	rows->row = NULL;
	rows->count = 0;
}

int stale_list(struct store *dir, const char *today, long max_days,
	       struct stale_rows *out, struct error *err)
{
	/* A date sorts as text; the cut-off is the oldest day still fresh. */
	static const char sql[] =
		"SELECT id, name, status, verified_on, verified_by FROM asset"
		" WHERE archived = 0 AND (verified_on IS NULL OR verified_on < ?1)"
		" ORDER BY verified_on IS NOT NULL, verified_on, id";
	memset(out, 0, sizeof *out);
	if (!today || !date_valid(today))
		return error_set(err, ERROR_INPUT, "today's date '%s' is not a date",
				 today ? today : "");
	if (max_days < 0)
		return error_set(err, ERROR_INPUT, "the staleness threshold cannot be negative");
	long now = date_days(today);
	char cutoff[DATE_LEN];
	date_from_days(now - max_days, cutoff);
	sqlite3_stmt *stmt = store_stmt(dir, sql, err);
	if (!stmt)
		return -1;
	sqlite3_bind_text(stmt, 1, cutoff, -1, SQLITE_TRANSIENT);
	int rc, failed = 0;
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		struct stale_row *row = realloc(out->row, (out->count + 1) * sizeof *row);
		if (!row) {
			failed = 1;
			break;
		}
		out->row = row;
		struct stale_row *r = &row[out->count++];
		memset(r, 0, sizeof *r);
		char **text[] = { &r->id, &r->name, &r->status, &r->verified_on, &r->verified_by };
		for (int i = 0; i < 5; i++) {
			const unsigned char *s = sqlite3_column_text(stmt, i);
			if (s && !(*text[i] = strdup((const char *)s)))
				failed = 1;
		}
		/* A date that is not one (no check when imported long ago)
		 * counts as never verified, as asset_is_stale counts it. */
		r->age_days = r->verified_on && date_valid(r->verified_on)
			? now - date_days(r->verified_on) : -1;
		if (failed)
			break;
	}
	sqlite3_reset(stmt);
	if (failed || (rc != SQLITE_ROW && rc != SQLITE_DONE)) {
		stale_rows_free(out);
		return failed ? error_nomem(err)
			      : store_fail(dir, rc, "cannot read the listings", err);
	}
	return 0;
}

const char *queue_kind_name(enum queue_kind k)
{
	return k == QUEUE_FLAG ? "flag" : "stale";
}

void queue_free(struct work_queue *q)
{
	for (size_t i = 0; i < q->count; i++) {
		struct queue_item *it = &q->item[i];
		free(it->asset_id);
		free(it->asset_name);
		free(it->since);
		free(it->note);
		free(it->raised_by);
		free(it->verified_by);
	}
	free(q->item);
	q->item = NULL;
	q->count = 0;
}

/* Oldest first: by the day (or moment) each began to wait, never
 * verified first; then listings before flags; then asset and flag. */
static int compare(const void *x, const void *y)
{
	const struct queue_item *a = x, *b = y;
	const char *sa = a->since ? a->since : "", *sb = b->since ? b->since : "";
	int c = strncmp(sa, sb, DATE_LEN - 1);
	if (c)
		return c;
	if (a->kind != b->kind)
		return a->kind == QUEUE_STALE ? -1 : 1;
	if ((c = strcmp(sa, sb)) != 0)
		return c;
	if ((c = strcmp(a->asset_id, b->asset_id)) != 0)
		return c;
	return (a->flag_id > b->flag_id) - (a->flag_id < b->flag_id);
}

/* Moves *s to the caller: the queue takes the rows' strings. */
static char *take(char **s)
{
	char *t = *s;
	*s = NULL;
	return t;
}

int queue_build(struct store *dir, const char *today, long max_days,
		struct work_queue *out, struct error *err)
{
	memset(out, 0, sizeof *out);
	struct flag_rows flags;
	struct stale_rows stale;
	memset(&stale, 0, sizeof stale);
	if (store_begin_read(dir, err) < 0)
		return -1;
	int rc = flags_list(dir, 1, NULL, &flags, err);
	if (rc == 0 && (rc = stale_list(dir, today, max_days, &stale, err)) < 0)
		flag_rows_free(&flags);
	store_rollback(dir);
	if (rc < 0)
		return -1;
	size_t n = flags.count + stale.count;
	if (n && !(out->item = calloc(n, sizeof *out->item))) {
		flag_rows_free(&flags);
		stale_rows_free(&stale);
		return error_nomem(err);
	}
	long now = date_days(today);
	for (size_t i = 0; i < flags.count; i++) {
		struct flag_row *f = &flags.row[i];
		struct queue_item *it = &out->item[out->count++];
		it->kind = QUEUE_FLAG;
		it->asset_id = take(&f->asset_id);
		it->asset_name = take(&f->asset_name);
		it->since = take(&f->raised_at);
		char day[DATE_LEN] = "";
		if (it->since)
			snprintf(day, sizeof day, "%s", it->since);
		it->age_days = date_valid(day) ? now - date_days(day) : 0;
		it->flag_id = f->id;
		it->reason = f->reason;
		it->note = take(&f->note);
		it->raised_by = take(&f->raised_by);
	}
	for (size_t i = 0; i < stale.count; i++) {
		struct stale_row *s = &stale.row[i];
		struct queue_item *it = &out->item[out->count++];
		it->kind = QUEUE_STALE;
		it->asset_id = take(&s->id);
		it->asset_name = take(&s->name);
		it->since = s->age_days >= 0 ? take(&s->verified_on) : NULL;
		it->age_days = s->age_days;
		it->verified_by = take(&s->verified_by);
	}
	flag_rows_free(&flags);
	stale_rows_free(&stale);
	if (out->count > 1)
		qsort(out->item, out->count, sizeof *out->item, compare);
	return 0;
}
