/* report_outcomes: what happened to referrals (the path, the outcomes,
 * the days they took), the follow-ups that are slipping, and whether
 * people feel better (ONS4). */
#include "config.h"

#include "core/dates.h"
#include "core/report_impl.h"

#include <stdlib.h>
#include <string.h>

/* Runs sql, with the referral filter's conditions after it when
 * filtered; one row. */
static sqlite3_stmt *one_row(struct report_ctx *c, const char *sql_text, int filtered,
			     int *rc)
{
	struct strbuf sql = STRBUF_INIT;
	strbuf_puts(&sql, sql_text);
	if (filtered)
		strbuf_puts(&sql, strbuf_str(&c->referral_filter));
	sqlite3_stmt *stmt = sql.failed ? NULL : report_prepare(c, strbuf_str(&sql));
	if (sql.failed)
		error_nomem(c->err);
	strbuf_free(&sql);
	*rc = stmt ? report_step(c, stmt) : -1;
	return *rc < 0 ? NULL : stmt;
}

/* ---- Outcomes ---------------------------------------------------------------- */

/* The cohort: referrals made in the period, each as it stood at the end
 * of the period (:to).  A range scan of referral_by_period, which holds
 * every column used here, so no row of the table is read. */
static const char outcomes_sql[] =
	"SELECT count(*),"
	" count(*) FILTER (WHERE r.contacted_on <= :to),"
	" count(*) FILTER (WHERE r.attending_on <= :to),"
	" count(*) FILTER (WHERE r.closed_on <= :to AND r.status = 'completed'),"
	" count(*) FILTER (WHERE r.closed_on <= :to AND r.status = 'declined'),"
	" count(*) FILTER (WHERE r.closed_on <= :to AND r.status = 'not-attended'),"
	" count(*) FILTER (WHERE r.closed_on <= :to AND r.status = 'unsuitable'),"
	" count(*) FILTER (WHERE r.closed_on <= :to AND r.status = 'lost-contact'),"
	" count(*) FILTER (WHERE (r.closed_on IS NULL OR r.closed_on > :to)"
	"   AND (r.contacted_on IS NULL OR r.contacted_on > :to)),"
	" count(*) FILTER (WHERE (r.closed_on IS NULL OR r.closed_on > :to)"
	"   AND r.contacted_on <= :to AND (r.attending_on IS NULL OR r.attending_on > :to)),"
	" count(*) FILTER (WHERE (r.closed_on IS NULL OR r.closed_on > :to)"
	"   AND r.attending_on <= :to)"
	" FROM referral r WHERE r.created_on BETWEEN :from AND :to";

/* Days from referral to an event, as a histogram: a few hundred rows at
 * most, from which the median is read. */
static const char days_sql[] =
	"SELECT CAST(julianday(r.%s) - julianday(r.created_on) AS INTEGER) AS d, count(*)"
	" FROM referral r WHERE r.created_on BETWEEN :from AND :to AND r.%s <= :to%s"
	" GROUP BY d ORDER BY d";

/* The median of a histogram of days: the middle value, or the mean of
 * the two middle ones; *n gets how many.  The histogram is a row a
 * distinct number of days, a few hundred at most, read once.  Returns
 * 0, or -1. */
static int median_days(struct report_ctx *c, const char *column, double *median, long *n)
{
	struct strbuf sql = STRBUF_INIT;
	strbuf_printf(&sql, days_sql, column, column, strbuf_str(&c->referral_filter));
	sqlite3_stmt *stmt = sql.failed ? NULL : report_prepare(c, strbuf_str(&sql));
	int nomem = sql.failed;
	strbuf_free(&sql);
	if (!stmt)
		return nomem ? error_nomem(c->err) : -1;
	long *days = NULL, *count = NULL;
	size_t rows = 0, cap = 0;
	long total = 0;
	int rc;
	while ((rc = report_step(c, stmt)) == 1) {
		if (rows == cap) {
			cap = cap ? cap * 2 : 64;
			long *d = realloc(days, cap * sizeof *d);
			long *k = d ? realloc(count, cap * sizeof *k) : NULL;
			if (d)
				days = d;
			if (!k) {
				sqlite3_finalize(stmt);
				free(days);
				free(count);
				return error_nomem(c->err);
			}
			count = k;
		}
		days[rows] = (long)sqlite3_column_int64(stmt, 0);
		count[rows] = (long)sqlite3_column_int64(stmt, 1);
		total += count[rows++];
	}
	if (rc < 0) {
		free(days);
		free(count);
		return -1;
	}
	sqlite3_finalize(stmt);
	*n = total;
	*median = 0;
	/* The 0-based ranks of the middle one or two. */
	long lo = (total - 1) / 2, hi = total / 2, seen = 0;
	double lo_value = 0, hi_value = 0;
	for (size_t i = 0; total > 0 && i < rows; i++) {
		if (lo >= seen && lo < seen + count[i])
			lo_value = (double)days[i];
		if (hi >= seen && hi < seen + count[i])
			hi_value = (double)days[i];
		seen += count[i];
	}
	*median = (lo_value + hi_value) / 2;
	free(days);
	free(count);
	return 0;
}

/* ---- Outcomes in one pass --------------------------------------------------------- */

/* The cohort's days and steps, a row a referral, from the same range of
 * referral_by_period: outcomes_sql and the two histograms read it three
 * times, and the histograms' julianday() twice a row and their grouping
 * cost more than the reading.  One pass in C gives the same counts and
 * the same histograms (dates as the core writes them, YYYY-MM-DD, are a
 * whole number of days apart); a date in any other form, which
 * julianday() might read otherwise, sends the report back to the
 * queries above. */
static const char cohort_sql[] =
	"SELECT r.created_on, r.contacted_on, r.attending_on, r.closed_on, r.status"
	" FROM referral r WHERE r.created_on BETWEEN :from AND :to%s";

/* Referrals by the days an event took: count[d] for d = 0, 1, ... */
struct days_hist {
	long *count;
	size_t cap;
	long total;
};

enum { DAYS_MOST = 100000 };   /* more than any real wait; beyond, the queries */

static int hist_add(struct days_hist *h, long d)
{
	if ((size_t)d >= h->cap) {
		size_t cap = h->cap ? h->cap : 512;
		while (cap <= (size_t)d)
			cap *= 2;
		long *more = realloc(h->count, cap * sizeof *more);
		if (!more)
			return -1;
		memset(more + h->cap, 0, (cap - h->cap) * sizeof *more);
		h->count = more;
		h->cap = cap;
	}
	h->count[d]++;
	h->total++;
	return 0;
}

/* The middle value of the histogram, or the mean of the two middle
 * ones, as median_days() reads its rows. */
static double hist_median(const struct days_hist *h)
{
	long lo = (h->total - 1) / 2, hi = h->total / 2, seen = 0;
	double lo_value = 0, hi_value = 0;
	for (size_t d = 0; h->total > 0 && d < h->cap; d++) {
		if (lo >= seen && lo < seen + h->count[d])
			lo_value = (double)d;
		if (hi >= seen && hi < seen + h->count[d])
			hi_value = (double)d;
		seen += h->count[d];
	}
	return (lo_value + hi_value) / 2;
}

/* A date column: NULL gives "", text its value; an empty text (which
 * SQL compares as less than any day) NULL: not the core's, the queries
 * decide.  The columns have TEXT affinity, so a value is NULL or text
 * (a blob, which only a hand-made write could store, is read as its
 * bytes); sqlite3_column_type() is not asked, each call takes the
 * connection's mutex. */
static const char *date_col(sqlite3_stmt *stmt, int col)
{
	const char *s = (const char *)sqlite3_column_text(stmt, col);
	return !s ? "" : *s ? s : NULL;
}

/* Days from created (*known when *created_days is its day number) to
 * day, into h; 1 when the dates are not the core's, 0, or -1 on
 * failure. */
static int add_days(struct days_hist *h, const char *created, long *created_days, int *known,
		    const char *day)
{
	if (!*known && date_to_days(created, created_days) < 0)
		return 1;
	*known = 1;
	long days;
	if (date_to_days(day, &days) < 0)
		return 1;
	long d = days - *created_days;
	if (d < 0 || d > DAYS_MOST)
		return 1;
	return hist_add(h, d) < 0 ? -1 : 0;
}

/* Fills v as outcomes_sql would and the histograms of days to first
 * contact and to close: 1 done, 0 when a date is not the core's (the
 * caller asks the queries instead), -1 on failure. */
static int outcomes_scan(struct report_ctx *c, double v[11], struct days_hist h[2])
{
	struct strbuf sql = STRBUF_INIT;
	strbuf_printf(&sql, cohort_sql, strbuf_str(&c->referral_filter));
	sqlite3_stmt *stmt = sql.failed ? NULL : report_prepare(c, strbuf_str(&sql));
	int nomem = sql.failed;
	strbuf_free(&sql);
	if (!stmt)
		return nomem ? error_nomem(c->err) : -1;
	static const char *const outcome[5] = { "completed", "declined", "not-attended",
						"unsuitable", "lost-contact" };
	const char *to = c->req->period.to;
	int rc, odd = 0;
	while (!odd && (rc = report_step(c, stmt)) == 1) {
		const char *created = date_col(stmt, 0), *contacted = date_col(stmt, 1),
			   *attending = date_col(stmt, 2), *closed = date_col(stmt, 3);
		const char *status = report_col_text(stmt, 4);
		if (!created || !contacted || !attending || !closed) {
			odd = 1;
			break;
		}
		/* x <= :to, with NULL ("") false, as SQL has it. */
		int contacted_by = *contacted && strcmp(contacted, to) <= 0;
		int attending_by = *attending && strcmp(attending, to) <= 0;
		int closed_by = *closed && strcmp(closed, to) <= 0;
		v[0]++;
		v[1] += contacted_by;
		v[2] += attending_by;
		if (closed_by) {
			for (int i = 0; i < 5; i++)
				if (strcmp(status, outcome[i]) == 0)
					v[3 + i]++;
		} else if (attending_by) {
			v[10]++;
		} else if (contacted_by) {
			v[9]++;
		} else {
			v[8]++;
		}
		long created_days = 0;
		int known = 0, r = 0;
		if (contacted_by)
			r = add_days(&h[0], created, &created_days, &known, contacted);
		if (r == 0 && closed_by)
			r = add_days(&h[1], created, &created_days, &known, closed);
		if (r < 0) {
			sqlite3_finalize(stmt);
			return error_nomem(c->err);
		}
		odd = r;
	}
	if (!odd && rc < 0)
		return -1;
	sqlite3_finalize(stmt);
	return !odd;
}

int report_build_outcomes(struct report_ctx *c)
{
	struct report *r = c->r;
	double v[11] = { 0 };
	struct days_hist hist[2] = { { 0 }, { 0 } };
	int scanned = outcomes_scan(c, v, hist);
	if (scanned < 0) {
		free(hist[0].count);
		free(hist[1].count);
		return -1;
	}
	if (!scanned) {
		/* A date not in the core's form: the queries decide. */
		free(hist[0].count);
		free(hist[1].count);
		memset(hist, 0, sizeof hist);
		int rc;
		sqlite3_stmt *stmt = one_row(c, outcomes_sql, 1, &rc);
		if (!stmt)
			return -1;
		for (int i = 0; i < 11; i++)
			v[i] = rc == 1 ? (double)sqlite3_column_int64(stmt, i) : 0;
		sqlite3_finalize(stmt);
	}
	double n = v[0];

	/* The path. */
	struct report_table *path = report_add_table(
		r, "path", "The path from referral to completion",
		"Referrals made in the period, each counted at the furthest step it had "
		"reached by the end of the period.",
		"No referrals were made in this period.");
	report_add_column(r, path, "step", "Step id", REPORT_TEXT, REPORT_COL_KEY, NULL);
	report_add_column(r, path, "label", "Step", REPORT_TEXT, REPORT_COL_LABEL, NULL);
	report_add_column(r, path, "referrals", "Referrals", REPORT_COUNT,
			  REPORT_COL_PERSONAL | REPORT_COL_CHART,
			  "referrals made in the period that had reached this step by its end");
	report_add_column(r, path, "percent", "% of referred", REPORT_PERCENT, 0,
			  "referrals at this step ÷ referrals made × 100");
	report_add_column(r, path, "percent_of_previous", "% of step before", REPORT_PERCENT,
			  0, "referrals at this step ÷ referrals at the step before × 100");
	report_add_column(r, path, "no_further", "Went no further", REPORT_COUNT,
			  REPORT_COL_PERSONAL,
			  "referrals at this step that had not reached the next by the end of "
			  "the period (still open there, or closed)");
	path->chart = REPORT_CHART_BARS;
	static const char *const steps[4][2] = {
		{ "referred", "Referred" },
		{ "contacted", "First contact made" },
		{ "attending", "Attending" },
		{ "completed", "Completed" },
	};
	const double reached[4] = { n, v[1], v[2], v[3] };
	if (n > 0) {
		for (int i = 0; i < 4; i++) {
			size_t row = report_add_row(r, path, 0);
			report_set_text(r, path, row, 0, steps[i][0]);
			report_set_text(r, path, row, 1, steps[i][1]);
			report_set_value(path, row, 2, reached[i]);
			if (i < 3)
				report_set_value(path, row, 5, reached[i] - reached[i + 1]);
		}
		for (size_t i = 0; i < 4 && !r->failed; i++) {
			long here = report_cell_index(path, i, 2);
			report_set_derived(path, i, 3, report_share(reached[i], n), here,
					   report_cell_index(path, 0, 2), -1);
			if (i > 0 && reached[i - 1] > 0)
				report_set_derived(path, i, 4, report_share(reached[i], reached[i - 1]),
						   here, report_cell_index(path, i - 1, 2), -1);
			if (i < 3) {
				long parts[2] = { report_cell_index(path, i + 1, 2),
						  report_cell_index(path, i, 5) };
				report_add_line(r, path, here, parts, 2);
			}
		}
	}

	/* The outcomes, adding up to the referrals made. */
	struct report_table *out = report_add_table(
		r, "outcomes", "Outcomes",
		"Referrals made in the period by how they stood at its end: closed with an "
		"outcome, or still open at a step.  They add up to the referrals made.",
		"No referrals were made in this period.");
	report_add_column(r, out, "outcome", "Outcome id", REPORT_TEXT, REPORT_COL_KEY, NULL);
	report_add_column(r, out, "label", "Outcome", REPORT_TEXT, REPORT_COL_LABEL, NULL);
	report_add_column(r, out, "referrals", "Referrals", REPORT_COUNT,
			  REPORT_COL_PERSONAL | REPORT_COL_CHART,
			  "referrals made in the period that stood so at its end");
	report_add_column(r, out, "percent", "% of referred", REPORT_PERCENT, 0,
			  "referrals ÷ referrals made in the period × 100");
	out->chart = REPORT_CHART_BARS;
	static const struct { const char *id, *label; int value; unsigned flags; } rows[] = {
		{ "completed", "Completed", 3, 0 },
		{ "declined", "Declined", 4, 0 },
		{ "not-attended", "Did not attend", 5, 0 },
		{ "unsuitable", "Unsuitable", 6, 0 },
		{ "lost-contact", "Lost contact", 7, 0 },
		{ "closed", "Closed", -1, REPORT_ROW_SUBTOTAL },
		{ "open-referred", "Open: not yet contacted", 8, 0 },
		{ "open-contacted", "Open: contacted", 9, 0 },
		{ "open-attending", "Open: attending", 10, 0 },
		{ "open", "Still open", -2, REPORT_ROW_SUBTOTAL },
		{ "total", "All referrals made", -3, REPORT_ROW_TOTAL },
	};
	enum { CLOSED_ROW = 5, OPEN_ROW = 9, TOTAL_ROW = 10 };
	if (n > 0) {
		for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
			double value = rows[i].value >= 0 ? v[rows[i].value]
				     : rows[i].value == -1 ? v[3] + v[4] + v[5] + v[6] + v[7]
				     : rows[i].value == -2 ? v[8] + v[9] + v[10] : n;
			size_t row = report_add_row(r, out, rows[i].flags);
			report_set_text(r, out, row, 0, rows[i].id);
			report_set_text(r, out, row, 1, rows[i].label);
			report_set_value(out, row, 2, value);
		}
		long total = report_cell_index(out, TOTAL_ROW, 2);
		for (size_t i = 0; i < sizeof rows / sizeof rows[0] && !r->failed; i++)
			report_set_derived(out, i, 3,
					   report_share(report_cell_at(out, i, 2)->value, n),
					   report_cell_index(out, i, 2), total, -1);
		long closed[5], open[3], both[2];
		for (int i = 0; i < 5; i++)
			closed[i] = report_cell_index(out, (size_t)i, 2);
		for (int i = 0; i < 3; i++)
			open[i] = report_cell_index(out, (size_t)(6 + i), 2);
		both[0] = report_cell_index(out, CLOSED_ROW, 2);
		both[1] = report_cell_index(out, OPEN_ROW, 2);
		report_add_line(r, out, both[0], closed, 5);
		report_add_line(r, out, both[1], open, 3);
		report_add_line(r, out, total, both, 2);
		/* The same figures in the path. */
		report_add_link(r, path, report_cell_index(path, 0, 2), out, total);
		report_add_link(r, path, report_cell_index(path, 3, 2), out,
				report_cell_index(out, 0, 2));
	}

	/* The days it took. */
	struct report_table *times = report_add_table(
		r, "times", "Days taken",
		"Medians over the referrals made in the period that had reached the event "
		"by its end: half took that many days or fewer.",
		"No referrals were made in this period.");
	report_add_column(r, times, "measure", "Measure id", REPORT_TEXT, REPORT_COL_KEY, NULL);
	report_add_column(r, times, "label", "From referral to", REPORT_TEXT, REPORT_COL_LABEL,
			  NULL);
	report_add_column(r, times, "median_days", "Median days", REPORT_NUMBER,
			  REPORT_COL_CHART | REPORT_COL_STATISTIC,
			  "the middle of the days each took (the mean of the two middle ones "
			  "for an even number); hidden with fewer than 5");
	report_add_column(r, times, "referrals", "Referrals", REPORT_COUNT, REPORT_COL_PERSONAL,
			  "how many it is the median of");
	times->chart = REPORT_CHART_BARS;
	static const char *const measures[2][3] = {
		{ "first-contact", "first contact", "contacted_on" },
		{ "close", "close", "closed_on" },
	};
	for (int i = 0; n > 0 && i < 2; i++) {
		double median = 0;
		long count = 0;
		if (scanned) {
			median = hist_median(&hist[i]);
			count = hist[i].total;
		} else if (median_days(c, measures[i][2], &median, &count) < 0) {
			return -1;
		}
		size_t row = report_add_row(r, times, 0);
		report_set_text(r, times, row, 0, measures[i][0]);
		report_set_text(r, times, row, 1, measures[i][1]);
		report_set_value(times, row, 3, (double)count);
		if (count > 0)
			report_set_derived(times, row, 2, median,
					   report_cell_index(times, row, 3), -1, -1);
	}
	free(hist[0].count);
	free(hist[1].count);
	if (n > 0) {
		report_add_link(r, times, report_cell_index(times, 0, 3), path,
				report_cell_index(path, 1, 2));
		report_add_link(r, times, report_cell_index(times, 1, 3), out,
				report_cell_index(out, CLOSED_ROW, 2));
	}
	report_note(r, "Each referral made in the period is followed to the end of the "
		    "period (%s): one closed after that counts as still open, and one made "
		    "before the period is not counted, even if it closed in it.  A referral "
		    "reopened after closing counts as open.", c->req->period.to);
	return 0;
}

/* ---- Follow-ups ---------------------------------------------------------------- */

/* Open referrals now; the partial index referral_followups (worker,
 * follow_up, over open referrals only) holds every column used. */
static const char followups_sql[] =
	"SELECT r.worker,"
	" count(*) FILTER (WHERE r.follow_up < :today),"
	" count(*) FILTER (WHERE r.follow_up = :today),"
	" count(*) FILTER (WHERE r.follow_up > :today OR r.follow_up IS NULL),"
	" count(*),"
	" min(r.follow_up) FILTER (WHERE r.follow_up < :today) AS oldest"
	" FROM referral r WHERE r.closed_on IS NULL%s"
	" GROUP BY r.worker ORDER BY oldest IS NULL, oldest, r.worker";

int report_build_followups(struct report_ctx *c)
{
	struct report *r = c->r;
	struct report_table *t = report_add_table(
		r, "followups", "Open referrals by link worker",
		"Referrals open today, by the link worker who made them and by their "
		"follow-up date: before today (overdue), today (due) or after (upcoming).  "
		"The link worker with the oldest overdue follow-up comes first.",
		"No referrals are open.");
	report_add_column(r, t, "worker", "Link worker", REPORT_TEXT, REPORT_COL_LABEL, NULL);
	report_add_column(r, t, "overdue", "Overdue", REPORT_COUNT,
			  REPORT_COL_PERSONAL | REPORT_COL_CHART,
			  "open referrals whose follow-up date is before today");
	report_add_column(r, t, "due", "Due today", REPORT_COUNT, REPORT_COL_PERSONAL,
			  "open referrals to follow up today");
	report_add_column(r, t, "upcoming", "Upcoming", REPORT_COUNT, REPORT_COL_PERSONAL,
			  "open referrals to follow up after today");
	report_add_column(r, t, "open", "Open", REPORT_COUNT, REPORT_COL_PERSONAL,
			  "overdue + due today + upcoming");
	report_add_column(r, t, "oldest_overdue", "Oldest overdue", REPORT_TEXT, 0,
			  "the earliest follow-up date that has passed");
	report_add_column(r, t, "days_overdue", "Days overdue", REPORT_COUNT, 0,
			  "today − the oldest overdue date");
	t->chart = REPORT_CHART_BARS;
	int rc;
	struct strbuf sql = STRBUF_INIT;
	strbuf_printf(&sql, followups_sql, strbuf_str(&c->referral_filter));
	sqlite3_stmt *stmt = sql.failed ? NULL : report_prepare(c, strbuf_str(&sql));
	strbuf_free(&sql);
	if (!stmt)
		return -1;
	double sums[4] = { 0 };
	char oldest[DATE_LEN] = "";
	while ((rc = report_step(c, stmt)) == 1) {
		size_t row = report_add_row(r, t, 0);
		report_set_text(r, t, row, 0, report_col_text(stmt, 0));
		for (int i = 0; i < 4; i++) {
			double v = (double)sqlite3_column_int64(stmt, 1 + i);
			report_set_value(t, row, 1 + (size_t)i, v);
			sums[i] += v;
		}
		if (sqlite3_column_type(stmt, 5) != SQLITE_NULL) {
			const char *d = report_col_text(stmt, 5);
			report_set_text(r, t, row, 5, d);
			report_set_value(t, row, 6, (double)(date_days(c->req->today) - date_days(d)));
			if (!*oldest || strcmp(d, oldest) < 0)
				snprintf(oldest, sizeof oldest, "%s", d);
		}
	}
	if (rc < 0)
		return -1;
	sqlite3_finalize(stmt);
	size_t rows = t ? t->nrow : 0;
	if (rows == 0)
		return 0;
	size_t total = report_add_row(r, t, REPORT_ROW_TOTAL);
	report_set_text(r, t, total, 0, "All link workers");
	for (int i = 0; i < 4; i++)
		report_set_value(t, total, 1 + (size_t)i, sums[i]);
	if (*oldest) {
		report_set_text(r, t, total, 5, oldest);
		report_set_value(t, total, 6, (double)(date_days(c->req->today) - date_days(oldest)));
	}
	if (r->failed)
		return 0;
	/* Each row adds up to its open column, each column to the total. */
	long *parts = calloc(rows + 1, sizeof *parts);
	if (!parts)
		return error_nomem(c->err);
	for (size_t row = 0; row <= rows; row++) {
		long three[3] = { report_cell_index(t, row, 1), report_cell_index(t, row, 2),
				  report_cell_index(t, row, 3) };
		report_add_line(r, t, report_cell_index(t, row, 4), three, 3);
	}
	for (size_t col = 1; col <= 4; col++) {
		for (size_t row = 0; row < rows; row++)
			parts[row] = report_cell_index(t, row, col);
		report_add_line(r, t, report_cell_index(t, total, col), parts, rows);
	}
	free(parts);
	return 0;
}

/* ---- Wellbeing ------------------------------------------------------------------- */

/* Each client reference's scores in the period, a client at a time and
 * each client's by day, then as recorded (id): the whole of
 * wellbeing_by_client (personal migration 5), which holds every column
 * used, in its own order, so nothing is sorted and no row of the table
 * is read.  Only the first and latest of each client count, for those
 * with two or more; they are kept as the rows go by.  This replaces
 * window functions (row_number and count over each client) whose two
 * sorts and a table look-up a score took ten times as long. */
static const char wellbeing_sql[] =
	"SELECT client, life_satisfaction, worthwhile, happiness, anxiety"
	" FROM wellbeing INDEXED BY wellbeing_by_client"
	" WHERE on_date BETWEEN :from AND :to ORDER BY client, on_date, id";

/* What the report shows of the clients with two or more records: how
 * many, and for each item the sums of first, latest and latest − first
 * (SQL's avg() of integers is their sum as a double ÷ the count, so
 * these give the same means), and how many went up, stayed, went down. */
struct wellbeing_sums {
	long clients;
	double first[4], latest[4], change[4];
	long up[4], same[4], down[4];
};

/* One client's first and latest, into s when there were two or more. */
static void wellbeing_client(struct wellbeing_sums *s, long records, const int first[4],
			     const int latest[4])
{
	if (records < 2)
		return;
	s->clients++;
	for (int i = 0; i < 4; i++) {
		s->first[i] += first[i];
		s->latest[i] += latest[i];
		s->change[i] += latest[i] - first[i];
		s->up[i] += latest[i] > first[i];
		s->same[i] += latest[i] == first[i];
		s->down[i] += latest[i] < first[i];
	}
}

static int wellbeing_scan(struct report_ctx *c, struct wellbeing_sums *s)
{
	sqlite3_stmt *stmt = report_prepare(c, wellbeing_sql);
	if (!stmt)
		return -1;
	struct strbuf client = STRBUF_INIT;
	long records = 0;
	int first[4] = { 0 }, latest[4] = { 0 }, rc;
	while ((rc = report_step(c, stmt)) == 1) {
		/* A client's records are together; BINARY equality is of
		 * the bytes. */
		const char *id = report_col_text(stmt, 0);
		size_t len = (size_t)sqlite3_column_bytes(stmt, 0);
		if (records == 0 || len != client.len || memcmp(id, client.data, len) != 0) {
			wellbeing_client(s, records, first, latest);
			strbuf_reset(&client);
			strbuf_add(&client, id, len);
			records = 0;
			if (client.failed) {
				strbuf_free(&client);
				sqlite3_finalize(stmt);
				return error_nomem(c->err);
			}
		}
		for (int i = 0; i < 4; i++) {
			latest[i] = sqlite3_column_int(stmt, 1 + i);
			if (records == 0)
				first[i] = latest[i];
		}
		records++;
	}
	strbuf_free(&client);
	if (rc < 0)
		return -1;
	sqlite3_finalize(stmt);
	wellbeing_client(s, records, first, latest);
	return 0;
}

int report_build_wellbeing(struct report_ctx *c)
{
	struct report *r = c->r;
	struct wellbeing_sums sums = { 0 };
	if (wellbeing_scan(c, &sums) < 0)
		return -1;
	struct report_table *t = report_add_table(
		r, "items", "ONS4 scores: first and latest",
		"Client references with two or more ONS4 records dated in the period: their "
		"first and latest scores there, item by item.",
		"No client reference has two ONS4 records in this period.");
	report_add_column(r, t, "item", "Item id", REPORT_TEXT, REPORT_COL_KEY, NULL);
	report_add_column(r, t, "label", "Item", REPORT_TEXT, REPORT_COL_LABEL, NULL);
	report_add_column(r, t, "clients", "Clients", REPORT_COUNT, REPORT_COL_PERSONAL,
			  "client references with two or more records in the period (n)");
	report_add_column(r, t, "first_mean", "Mean first", REPORT_NUMBER, REPORT_COL_STATISTIC,
			  "the mean of their first scores (0 to 10)");
	report_add_column(r, t, "latest_mean", "Mean latest", REPORT_NUMBER,
			  REPORT_COL_STATISTIC,
			  "the mean of their latest scores");
	report_add_column(r, t, "mean_change", "Mean change", REPORT_CHANGE_NUMBER,
			  REPORT_COL_STATISTIC,
			  "latest − first, averaged; hidden with fewer than 5 clients");
	report_add_column(r, t, "better", "Better", REPORT_COUNT,
			  REPORT_COL_PERSONAL | REPORT_COL_CHART,
			  "clients whose latest score is better than their first (higher; "
			  "for anxiety, lower)");
	report_add_column(r, t, "same", "Same", REPORT_COUNT, REPORT_COL_PERSONAL,
			  "clients whose latest score equals their first");
	report_add_column(r, t, "worse", "Worse", REPORT_COUNT, REPORT_COL_PERSONAL,
			  "clients whose latest score is worse than their first");
	report_add_column(r, t, "better_is", "Better is", REPORT_TEXT, 0, NULL);
	t->chart = REPORT_CHART_BARS;
	static const char *const items[4][2] = {
		{ "life-satisfaction", "Life satisfaction" },
		{ "worthwhile", "Worthwhile" },
		{ "happiness", "Happiness" },
		{ "anxiety", "Anxiety" },
	};
	double n = (double)sums.clients;
	for (int i = 0; n > 0 && i < 4; i++) {
		int anxiety = i == 3;
		size_t row = report_add_row(r, t, 0);
		report_set_text(r, t, row, 0, items[i][0]);
		report_set_text(r, t, row, 1, items[i][1]);
		report_set_value(t, row, 2, n);
		long ni = report_cell_index(t, row, 2);
		const double means[3] = { sums.first[i] / n, sums.latest[i] / n, sums.change[i] / n };
		for (int k = 0; k < 3; k++)
			report_set_derived(t, row, 3 + (size_t)k, means[k], ni, -1, -1);
		double up = (double)sums.up[i];
		double same = (double)sums.same[i];
		double down = (double)sums.down[i];
		report_set_value(t, row, 6, anxiety ? down : up);
		report_set_value(t, row, 7, same);
		report_set_value(t, row, 8, anxiety ? up : down);
		report_set_text(r, t, row, 9, anxiety ? "lower" : "higher");
		long three[3] = { report_cell_index(t, row, 6), report_cell_index(t, row, 7),
				  report_cell_index(t, row, 8) };
		report_add_line(r, t, ni, three, 3);
		if (row > 0)
			report_add_link(r, t, ni, t, report_cell_index(t, 0, 2));
	}
	report_note(r, "Anxiety is the one item where lower is better: a negative mean "
		    "change in anxiety is an improvement.");
	report_note(r, "Scores are 0 to 10.  The change is not adjusted for anything else "
		    "that happened to the people counted.");
	return 0;
}
