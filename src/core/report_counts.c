/* report_counts: referral counts by need, sector, locality, asset and
 * link worker, each compared with the previous period; and the trend. */
#include "config.h"

#include "core/report_by_asset.h"
#include "core/report_impl.h"

#include <stdlib.h>
#include <string.h>

/* The referrals of both periods that pass the filters, each marked with
 * whether it is in the current period.  Only indexed columns, so that a
 * covering index answers: referral_by_period (created_on first, and
 * asset_id and worker), or referral_by_asset (asset_id, created_on)
 * where the planner would rather group by asset. */
#define BOTH_PERIODS \
	"WITH rr AS (SELECT r.id, r.asset_id, r.worker," \
	" r.created_on >= :from AS cur FROM referral r" \
	" WHERE r.created_on BETWEEN :pfrom AND :to%s)"

/* The same counted by asset first: a row an asset to join to the
 * directory, rather than a row a referral.  Its own scan, of
 * referral_by_asset when nothing is filtered (@INDEX: see put_sql), so
 * that SQLite groups in index order rather than sorting every
 * referral by asset. */
#define BY_ASSET \
	", pa AS (SELECT r.asset_id, count(*) FILTER (WHERE r.created_on >= :from) AS cur," \
	" count(*) FILTER (WHERE r.created_on < :from) AS prev FROM referral r@INDEX" \
	" WHERE r.created_on BETWEEN :pfrom AND :to@FILTER GROUP BY r.asset_id)"

/* The directory's side of a referral's asset, from an index (migration
 * 6 of the directory) rather than the asset table. */
#define DIR_ASSET "dir.asset a INDEXED BY asset_by_id_sector"

struct counts_spec {
	const char *key;          /* the table's key */
	const char *id_label;     /* "Need id" */
	const char *label;        /* "Need" */
	const char *none;         /* the label of the row for no id */
	const char *ctes;         /* more common table expressions, or "" */
	/* The index to group by when nothing is filtered: the one that
	 * holds the rows in the groups' order. */
	const char *index;
	const char *groups_sql;   /* id, label, cur, prev, extra (or NULL) */
	const char *extra_key;    /* a fifth column, or NULL */
	const char *extra_label;
	const char *how;
	const char *referrals_how;
	const char *total_label;
	/* Each referral falls in exactly one row (one sector, asset or
	 * link worker), so the rows add up to the total: no second scan of
	 * the referrals for it. */
	int partition;
	/* What it reads unfiltered instead of groups_sql: a summary kept by
	 * triggers (personal migrations 6 and 7), or NULL. */
	const char *summary_sql;
};

/* Unfiltered, the needs read the summary of referral needs a need and
 * day (personal migration 6), and the total the referrals a day. */
#define NEEDS_SUMMARY \
	" SELECT x.need, n.label, x.cur, x.prev, NULL FROM" \
	" (SELECT need, coalesce(sum(n) FILTER (WHERE day >= :from), 0) AS cur," \
	"   coalesce(sum(n) FILTER (WHERE day < :from), 0) AS prev" \
	"   FROM referral_count_need_day WHERE day BETWEEN :pfrom AND :to GROUP BY need) x" \
	" LEFT JOIN dir.need n ON n.id = x.need"
/* And link workers the summary of referrals a worker and day. */
#define WORKERS_SUMMARY \
	" SELECT worker, worker, coalesce(sum(n) FILTER (WHERE day >= :from), 0)," \
	" coalesce(sum(n) FILTER (WHERE day < :from), 0), NULL" \
	" FROM referral_count_worker_day WHERE day BETWEEN :pfrom AND :to GROUP BY worker"

static const struct counts_spec specs[] = {
	/* From referral_need alone, by its own copy of the day, through
	 * referral_need_by_period; see NEEDS_FILTERED for the filters. */
	[REPORT_NEEDS] = {
		"needs", "Need id", "Need", "(unknown need)", "", "referral_need_by_need",
		" SELECT x.need, n.label, x.cur, x.prev, NULL FROM"
		" (SELECT rn.need, count(*) FILTER (WHERE rn.created_on >= :from) AS cur,"
		"   count(*) FILTER (WHERE rn.created_on < :from) AS prev"
		"   FROM referral_need rn@INDEX WHERE rn.created_on BETWEEN :pfrom AND :to",
		NULL, NULL,
		"Referrals made in the period, counted under each need recorded on them "
		"(a referral for two needs counts under both, and one with none in the "
		"total only, so the needs need not add up to it), beside the previous "
		"period of the same length.",
		"referrals made in the period with this need recorded",
		"All referrals",
		0,
		NEEDS_SUMMARY,
	},
	[REPORT_SECTORS] = {
		"sectors", "Sector id", "Sector", "(asset not in the directory)",
		BY_ASSET, "referral_by_asset",
		" SELECT a.sector, s.label, sum(pa.cur), sum(pa.prev), NULL FROM pa"
		" LEFT JOIN " DIR_ASSET " ON a.id = pa.asset_id"
		" LEFT JOIN dir.sector s ON s.id = a.sector GROUP BY a.sector",
		NULL, NULL,
		"Referrals made in the period, counted under the sector that runs the asset "
		"(as the directory has it now), beside the previous period of the same "
		"length.",
		"referrals made in the period to assets this sector runs",
		"All referrals",
		1,
	},
	[REPORT_LOCALITIES] = {
		"localities", "Locality id", "Locality", "(asset lists no locality)",
		BY_ASSET, "referral_by_asset",
		" SELECT al.locality, l.label, sum(pa.cur), sum(pa.prev), NULL FROM pa"
		" LEFT JOIN " DIR_ASSET " ON a.id = pa.asset_id"
		" LEFT JOIN dir.asset_locality al ON al.asset = a.num"
		" LEFT JOIN dir.locality l ON l.id = al.locality GROUP BY al.locality",
		NULL, NULL,
		"Referrals made in the period, counted under each place the asset lists as "
		"served (an asset serving two places counts under both, so the places can "
		"add up to more than the total), beside the previous period of the same "
		"length.",
		"referrals made in the period to assets that list this place",
		"All referrals",
		0,
	},
	[REPORT_ASSETS] = {
		"assets", "Asset id", "Asset", "(none)",
		BY_ASSET, "referral_by_asset",
		" SELECT pa.asset_id, coalesce(a.name, (SELECT asset_name FROM referral"
		" WHERE asset_id = pa.asset_id ORDER BY id DESC LIMIT 1)), pa.cur, pa.prev,"
		" s.label FROM pa LEFT JOIN " DIR_ASSET " ON a.id = pa.asset_id"
		" LEFT JOIN dir.sector s ON s.id = a.sector",
		"sector", "Sector",
		"Referrals made in the period, by the asset referred to, beside the previous "
		"period of the same length.",
		"referrals made in the period to this asset",
		"All referrals",
		1,
	},
	[REPORT_WORKERS] = {
		"workers", "Link worker login", "Link worker", "(none)", "", "referral_by_worker",
		" SELECT r.worker, r.worker, count(*) FILTER (WHERE r.created_on >= :from),"
		" count(*) FILTER (WHERE r.created_on < :from), NULL FROM referral r@INDEX"
		" WHERE r.created_on BETWEEN :pfrom AND :to@FILTER GROUP BY r.worker",
		NULL, NULL,
		"Referrals made in the period, by the link worker who made them, beside the "
		"previous period of the same length.",
		"referrals this link worker made in the period",
		"All referrals",
		1,
		WORKERS_SUMMARY,
	},
};

#define TOTAL_SUMMARY \
	"SELECT coalesce(sum(n) FILTER (WHERE day >= :from), 0)," \
	" coalesce(sum(n) FILTER (WHERE day < :from), 0)" \
	" FROM referral_count_day WHERE day BETWEEN :pfrom AND :to"

/* Appends tmpl with each @INDEX replaced by hint and each @FILTER by
 * filter. */
static void put_sql(struct strbuf *sb, const char *tmpl, const char *hint, const char *filter)
{
	while (*tmpl) {
		const char *at = strchr(tmpl, '@');
		if (!at) {
			strbuf_puts(sb, tmpl);
			return;
		}
		strbuf_printf(sb, "%.*s", (int)(at - tmpl), tmpl);
		if (strncmp(at, "@INDEX", 6) == 0) {
			strbuf_puts(sb, hint);
			tmpl = at + 6;
		} else if (strncmp(at, "@FILTER", 7) == 0) {
			strbuf_puts(sb, filter);
			tmpl = at + 7;
		} else {
			strbuf_putc(sb, '@');
			tmpl = at + 1;
		}
	}
}

/* Fills the share, change and change % of a row from its counts. */
static void derive(struct report_table *t, size_t row, size_t col_ref, size_t total_row)
{
	const struct report_cell *cur = report_cell_at(t, row, col_ref);
	const struct report_cell *prev = report_cell_at(t, row, col_ref + 2);
	const struct report_cell *all = report_cell_at(t, total_row, col_ref);
	long ci = report_cell_index(t, row, col_ref);
	long pi = report_cell_index(t, row, col_ref + 2);
	long ti = report_cell_index(t, total_row, col_ref);
	if (all->value > 0)
		report_set_derived(t, row, col_ref + 1, report_share(cur->value, all->value),
				   ci, ti, -1);
	report_set_derived(t, row, col_ref + 3, cur->value - prev->value, ci, pi, -1);
	if (prev->value > 0)
		report_set_derived(t, row, col_ref + 4,
				   (cur->value - prev->value) * 100.0 / prev->value, ci, pi, -1);
}

/* The derived figures of each row and the total, and the lines that
 * suppression checks: the rows against the total, for both periods. */
static int counts_lines(struct report_ctx *c, struct report_table *t, size_t ref, size_t rows,
			size_t total)
{
	struct report *r = c->r;
	long *parts = calloc(2 * (rows ? rows : 1), sizeof *parts);
	if (!parts)
		return error_nomem(c->err);
	long *parts_prev = parts + (rows ? rows : 1);
	for (size_t row = 0; row < rows; row++) {
		derive(t, row, ref, total);
		parts[row] = report_cell_index(t, row, ref);
		parts_prev[row] = report_cell_index(t, row, ref + 2);
	}
	derive(t, total, ref, total);
	report_add_line(r, t, report_cell_index(t, total, ref), parts, rows);
	report_add_line(r, t, report_cell_index(t, total, ref + 2), parts_prev, rows);
	free(parts);
	return 0;
}

int report_build_counts(struct report_ctx *c)
{
	struct report *r = c->r;
	const struct counts_spec *s = &specs[c->req->kind];
	r->compared = 1;
	struct report_table *t = report_add_table(r, s->key, r->title, s->how,
						  "No referrals in this period or the one before.");
	report_add_column(r, t, s->key, s->id_label, REPORT_TEXT, REPORT_COL_KEY, NULL);
	report_add_column(r, t, "label", s->label, REPORT_TEXT, REPORT_COL_LABEL, NULL);
	size_t ref = 2;
	if (s->extra_key) {
		report_add_column(r, t, s->extra_key, s->extra_label, REPORT_TEXT, 0, NULL);
		ref = 3;
	}
	report_add_column(r, t, "referrals", "Referrals", REPORT_COUNT,
			  REPORT_COL_PERSONAL | REPORT_COL_CHART, s->referrals_how);
	report_add_column(r, t, "share", "Share %", REPORT_PERCENT, 0,
			  "referrals ÷ all referrals in the period × 100");
	report_add_column(r, t, "previous", "Previous", REPORT_COUNT, REPORT_COL_PERSONAL,
			  "the same count for the previous period");
	report_add_column(r, t, "change", "Change", REPORT_CHANGE, 0,
			  "referrals − previous");
	report_add_column(r, t, "change_percent", "Change %", REPORT_CHANGE_NUMBER, 0,
			  "(referrals − previous) ÷ previous × 100; none when previous is 0");
	t->chart = REPORT_CHART_BARS;

	/* Filtered, the planner's choice stands: a filter on worker, say,
	 * reads that worker's referrals, not a whole index. */
	const char *filter = strbuf_str(&c->referral_filter);
	int plain = report_filter_empty(&c->req->filter);
	size_t rows;
	double sums[2] = { 0, 0 };
	struct strbuf sql = STRBUF_INIT;
	int rc = 1;
	if (plain && (c->req->kind == REPORT_SECTORS || c->req->kind == REPORT_LOCALITIES ||
		      c->req->kind == REPORT_ASSETS)) {
		struct report_groups g = { 0 };
		long totals[2];
		if ((rc = report_by_asset(c, &g, totals)) < 0)
			return -1;
		for (size_t i = 0; rc == 0 && i < g.n; i++) {
			const struct report_group *x = &g.g[i];
			size_t row = report_add_row(r, t, 0);
			report_set_text(r, t, row, 0, x->id ? x->id : "");
			report_set_text(r, t, row, 1, x->id ? (x->label ? x->label : "") : s->none);
			if (s->extra_key && x->extra)
				report_set_text(r, t, row, 2, x->extra);
			report_set_value(t, row, ref, (double)x->cur);
			report_set_value(t, row, ref + 2, (double)x->prev);
		}
		report_groups_free(&g);
		if (rc == 0) {
			rows = t ? t->nrow : 0;
			size_t total = report_add_row(r, t, REPORT_ROW_TOTAL);
			report_set_text(r, t, total, 1, s->total_label);
			report_set_value(t, total, ref, (double)totals[0]);
			report_set_value(t, total, ref + 2, (double)totals[1]);
			return r->failed ? 0 : counts_lines(c, t, ref, rows, total);
		}
	}
	const char *summary = plain ? s->summary_sql : NULL;
	struct strbuf indexed = STRBUF_INIT;
	if (plain)
		strbuf_printf(&indexed, " INDEXED BY %s", s->index);
	const char *hint = strbuf_str(&indexed);
	strbuf_printf(&sql, BOTH_PERIODS, filter);
	put_sql(&sql, s->ctes, hint, filter);
	strbuf_puts(&sql, ", groups (id, label, cur, prev, extra) AS (");
	put_sql(&sql, summary ? summary : s->groups_sql, hint, filter);
	if (indexed.failed)
		sql.failed = 1;
	strbuf_free(&indexed);
	if (c->req->kind == REPORT_NEEDS && !summary)
		/* The rest of the needs' statement: the filters, when there are
		 * any, as the referrals that pass them. */
		strbuf_printf(&sql, "%s GROUP BY rn.need) x LEFT JOIN dir.need n ON n.id = x.need",
			      report_filter_empty(&c->req->filter)
			      ? "" : " AND rn.referral IN (SELECT id FROM rr)");
	strbuf_puts(&sql, ") SELECT * FROM groups"
		    " ORDER BY id IS NULL, cur DESC, prev DESC, label, id");
	sqlite3_stmt *stmt = sql.failed ? NULL : report_prepare(c, strbuf_str(&sql));
	if (!stmt) {
		int nomem = sql.failed;
		strbuf_free(&sql);
		return nomem ? error_nomem(c->err) : -1;
	}
	while ((rc = report_step(c, stmt)) == 1) {
		sums[0] += (double)sqlite3_column_int64(stmt, 2);
		sums[1] += (double)sqlite3_column_int64(stmt, 3);
		size_t row = report_add_row(r, t, 0);
		int none = sqlite3_column_type(stmt, 0) == SQLITE_NULL;
		report_set_text(r, t, row, 0, report_col_text(stmt, 0));
		report_set_text(r, t, row, 1, none ? s->none : report_col_text(stmt, 1));
		if (s->extra_key && sqlite3_column_type(stmt, 4) != SQLITE_NULL)
			report_set_text(r, t, row, 2, report_col_text(stmt, 4));
		report_set_value(t, row, ref, (double)sqlite3_column_int64(stmt, 2));
		report_set_value(t, row, ref + 2, (double)sqlite3_column_int64(stmt, 3));
	}
	if (rc < 0) {
		strbuf_free(&sql);
		return -1;
	}
	sqlite3_finalize(stmt);

	/* The total: referrals, not the sum of the rows (which counts a
	 * referral twice under two needs or places), unless they are one. */
	rows = t ? t->nrow : 0;
	if (s->partition) {
		strbuf_free(&sql);
		size_t total = report_add_row(r, t, REPORT_ROW_TOTAL);
		report_set_text(r, t, total, 1, s->total_label);
		report_set_value(t, total, ref, sums[0]);
		report_set_value(t, total, ref + 2, sums[1]);
		return r->failed ? 0 : counts_lines(c, t, ref, rows, total);
	}
	strbuf_reset(&sql);
	if (summary) {
		strbuf_puts(&sql, TOTAL_SUMMARY);
	} else {
		strbuf_printf(&sql, BOTH_PERIODS, strbuf_str(&c->referral_filter));
		strbuf_puts(&sql, " SELECT count(*) FILTER (WHERE cur), count(*) FILTER (WHERE NOT cur)"
			    " FROM rr");
	}
	stmt = sql.failed ? NULL : report_prepare(c, strbuf_str(&sql));
	strbuf_free(&sql);
	if (!stmt)
		return -1;
	if ((rc = report_step(c, stmt)) < 0)
		return -1;
	size_t total = report_add_row(r, t, REPORT_ROW_TOTAL);
	report_set_text(r, t, total, 1, s->total_label);
	report_set_value(t, total, ref, rc ? (double)sqlite3_column_int64(stmt, 0) : 0);
	report_set_value(t, total, ref + 2, rc ? (double)sqlite3_column_int64(stmt, 1) : 0);
	sqlite3_finalize(stmt);
	if (r->failed)
		return 0;
	return counts_lines(c, t, ref, rows, total);
}

/* ---- Trend ------------------------------------------------------------------ */

int report_build_trend(struct report_ctx *c)
{
	struct report *r = c->r;
	const struct report_period *p = &c->req->period;
	int weeks = c->req->trend_by == REPORT_BY_WEEK ||
		    (c->req->trend_by == REPORT_BY_AUTO && p->days <= 92);
	struct report_table *t = report_add_table(
		r, "trend", weeks ? "Referrals a week" : "Referrals a month",
		weeks ? "Referrals made in the period, by the week (Monday to Sunday) they "
			"were made in."
		      : "Referrals made in the period, by the calendar month they were made in.",
		"No referrals in this period.");
	report_add_column(r, t, weeks ? "week" : "month", weeks ? "Week from" : "Month",
			  REPORT_TEXT, REPORT_COL_LABEL,
			  weeks ? "the Monday the week starts on" : NULL);
	report_add_column(r, t, "days", "Days", REPORT_COUNT, 0,
			  "days of the week or month inside the period (fewer at its ends)");
	report_add_column(r, t, "referrals", "Referrals", REPORT_COUNT,
			  REPORT_COL_PERSONAL | REPORT_COL_CHART,
			  "referrals made in those days");
	t->chart = REPORT_CHART_COLUMNS;

	/* Unfiltered, the days' summary (migration 6): some hundreds of
	 * days to bucket rather than every referral sorted by its bucket. */
#define TREND_BUCKET(col) (weeks ? "date(" col ", 'weekday 0', '-6 days')" : "substr(" col ", 1, 7)")
	struct strbuf sql = STRBUF_INIT;
	if (report_filter_empty(&c->req->filter))
		strbuf_printf(&sql, "SELECT %s, sum(n) FROM referral_count_day"
			      " WHERE day BETWEEN :from AND :to GROUP BY 1 ORDER BY 1",
			      TREND_BUCKET("day"));
	else
		strbuf_printf(&sql, "SELECT %s, count(*) FROM referral r"
			      " WHERE r.created_on BETWEEN :from AND :to%s GROUP BY 1 ORDER BY 1",
			      TREND_BUCKET("r.created_on"), strbuf_str(&c->referral_filter));
#undef TREND_BUCKET
	sqlite3_stmt *stmt = sql.failed ? NULL : report_prepare(c, strbuf_str(&sql));
	strbuf_free(&sql);
	if (!stmt)
		return -1;

	/* Every bucket of the period, counted or not. */
	long from = date_days(p->from), to = date_days(p->to);
	long start = weeks ? from - date_weekday(p->from) : from;
	int rc = report_step(c, stmt);
	if (rc < 0)
		return -1;
	long total = 0;
	int partial = 0;
	size_t first = t ? t->nrow : 0;
	while (start <= to && !r->failed) {
		char day[DATE_LEN], key[DATE_LEN];
		date_from_days(start, day);
		long bucket_first = start, end;
		if (weeks) {
			end = start + 6;
			memcpy(key, day, DATE_LEN);
		} else {
			int y = atoi(day), m = atoi(day + 5);
			char edge[48];
			snprintf(edge, sizeof edge, "%04d-%02d-01", y, m);
			bucket_first = date_days(edge);
			snprintf(edge, sizeof edge, "%04d-%02d-01", m == 12 ? y + 1 : y,
				 m == 12 ? 1 : m + 1);
			end = date_days(edge) - 1;
			snprintf(key, sizeof key, "%.7s", day);
		}
		long in_from = start < from ? from : start, in_to = end > to ? to : end;
		if (in_to - in_from < end - bucket_first)
			partial = 1;
		long count = 0;
		if (rc == 1 && strcmp(report_col_text(stmt, 0), key) == 0) {
			count = (long)sqlite3_column_int64(stmt, 1);
			if ((rc = report_step(c, stmt)) < 0)
				return -1;
		}
		size_t row = report_add_row(r, t, 0);
		report_set_text(r, t, row, 0, key);
		report_set_value(t, row, 1, (double)(in_to - in_from + 1));
		report_set_value(t, row, 2, (double)count);
		total += count;
		start = end + 1;
	}
	sqlite3_finalize(stmt);
	size_t rows = t ? t->nrow - first : 0;
	size_t tr = report_add_row(r, t, REPORT_ROW_TOTAL);
	report_set_text(r, t, tr, 0, "Total");
	report_set_value(t, tr, 1, (double)p->days);
	report_set_value(t, tr, 2, (double)total);
	if (r->failed)
		return 0;
	long *parts = calloc(rows ? rows : 1, sizeof *parts);
	if (!parts)
		return error_nomem(c->err);
	for (size_t i = 0; i < rows; i++)
		parts[i] = report_cell_index(t, first + i, 2);
	report_add_line(r, t, report_cell_index(t, tr, 2), parts, rows);
	free(parts);
	if (partial)
		report_note(r, "The period cuts the first or last %s short: its Days column "
			    "says how many of its days are counted.", weeks ? "week" : "month");
	return 0;
}
