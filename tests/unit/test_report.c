/* Tests of the reports, the referral log, small-number suppression and
 * the text charts.
 *
 * The fixture is tests/data/report-directory.yaml (its assets A1..A7 are
 * described at its top) with referrals, unmet needs and wellbeing scores
 * made here through the core, on set days.  Every expected figure below
 * is worked out by hand from this list; change the list and work them
 * out again.
 *
 * The period most tests use is Q3 2026: 2026-07-01 to 2026-09-30 (92
 * days); the previous period is 2026-03-31 to 2026-06-30.  Today is
 * 2026-11-23 (a Monday).
 *
 *   id  worker client asset (sector, place)   need          made   path
 *   R1  ann    C1     A1 (vcse, saltby-harb.) bereavement   07-02  contacted 07-05, attending
 *                                                                  07-10, completed 08-01
 *   R2  ann    C2     A1                      bereavement   07-03  contacted 07-04,
 *                                                                  unsuitable 07-20
 *   R3  bob    C3     A2 (nhs, marram)        adv. care pl. 07-15  declined 07-16
 *   R4  bob    C4     A3 (vcse, kelling)      befriending   08-01  contacted 08-03, attending
 *                                                                  08-10 (follow-up 08-15)
 *   R5  ann    C5     A5 (l-a, saltby)        debt          09-10  open (follow-up 09-24)
 *   R6  cat    C6     A3                      befriending   09-29  contacted 10-02, attending
 *                                                                  10-05, completed 10-20:
 *                                                                  closed after the period
 *   R7  cat    C7     A1                      bereavement   05-01  lost-contact 05-20
 *   R8  ann    C1     A5                      debt          06-30  contacted 07-02,
 *                                                                  not-attended 07-30:
 *                                                                  made before, closed in it
 *   R9  ann    C9     A3                      befriending   01-10  open (follow-up 01-24)
 *   R10 bob    C10    A1                      bereavement   11-09  open, follow-up 11-23 (due)
 *   R11 cat    C11    A1                      bereavement   11-20  open, follow-up 12-04
 *
 * Unmet needs: housing in saltby-harbour on 07-10 and 08-15 (and 10-10,
 * after the period); debt in kelling-green on 09-01; befriending with
 * no place on 09-05.
 *
 * ONS4 (life satisfaction, worthwhile, happiness, anxiety):
 *   C1 07-02 5,6,5,7 and 09-01 7,7,6,4;  C2 07-03 4,4,4,4 (once);
 *   C4 08-01 3,4,4,8 and 09-20 4,4,5,6;
 *   C5 09-10 5,5,5,5, 09-15 5,5,5,5 and 09-29 6,5,4,5;
 *   C7 05-01 2,2,2,2 (before) and 09-01 3,3,3,3: once in the period. */
#include "config.h"

#include "tests/unit/helpers.h"
#include "core/chart.h"
#include "core/directory.h"
#include "core/personal.h"
#include "core/records.h"
#include "core/referral.h"
#include "core/referral_log.h"
#include "core/access.h"
#include "core/report.h"
#include "core/report_impl.h"
#include "core/strbuf.h"

#include <criterion/criterion.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static struct store *dir, *personal;
static long R[12];

static void open_fixture(const char *name)
{
	setenv("SIGNPOST_TODAY", "2026-11-23", 1);
	char *path = th_path(name);
	struct error err = ERROR_INIT;
	cr_assert_eq(directory_open(path, STORE_CREATE, &dir, &err), 0, "%s",
		     error_message(&err));
	th_import_data(dir, "report-directory.yaml");
	cr_assert_eq(personal_open(path, STORE_CREATE, &personal, &err), 0, "%s",
		     error_message(&err));
	free(path);
}

static long refer(const char *day, const char *asset, const char *client, const char *need,
		  const char *worker)
{
	struct strlist needs = STRLIST_INIT;
	strlist_add(&needs, need);
	struct referral_new r = {
		.client = client, .asset_id = asset, .needs = &needs, .worker = worker,
		.today = day, .follow_up_days = 14,
	};
	struct error err = ERROR_INIT;
	long id = 0;
	cr_assert_eq(referral_create(personal, dir, &r, &id, &err), 0, "%s",
		     error_message(&err));
	strlist_clear(&needs);
	return id;
}

static void move(long id, const char *day, enum referral_status to)
{
	struct referral_change c = { .to = to, .who = "tester", .today = day,
				     .follow_up_days = 14 };
	struct error err = ERROR_INIT;
	int rc = referral_status_is_open(to) ? referral_update(personal, id, &c, &err)
					     : referral_close(personal, id, &c, &err);
	cr_assert_eq(rc, 0, "%s", error_message(&err));
}

static void unmet(const char *day, const char *need, const char *place)
{
	struct strlist needs = STRLIST_INIT;
	strlist_add(&needs, need);
	struct error err = ERROR_INIT;
	long id;
	cr_assert_eq(unmet_need_log(personal, dir, &needs, place, NULL, "ann", day, &id, &err),
		     0, "%s", error_message(&err));
	strlist_clear(&needs);
}

static void ons4(const char *client, const char *day, int a, int b, int c, int d)
{
	struct ons4 s = { a, b, c, d };
	struct error err = ERROR_INIT;
	long id;
	cr_assert_eq(wellbeing_record(personal, client, &s, day, "ann", "2026-11-23", &id, &err),
		     0, "%s", error_message(&err));
}

static void fixture(void)
{
	open_fixture("directory.db");
	R[1] = refer("2026-07-02", "harbour-grief-cafe", "C1", "bereavement", "ann");
	move(R[1], "2026-07-05", REFERRAL_CONTACTED);
	move(R[1], "2026-07-10", REFERRAL_ATTENDING);
	move(R[1], "2026-08-01", REFERRAL_COMPLETED);
	R[2] = refer("2026-07-03", "harbour-grief-cafe", "C2", "bereavement", "ann");
	move(R[2], "2026-07-04", REFERRAL_CONTACTED);
	move(R[2], "2026-07-20", REFERRAL_UNSUITABLE);
	R[3] = refer("2026-07-15", "hospice-bereavement", "C3", "advance-care-planning", "bob");
	move(R[3], "2026-07-16", REFERRAL_DECLINED);
	R[4] = refer("2026-08-01", "kelling-befrienders", "C4", "befriending", "bob");
	move(R[4], "2026-08-03", REFERRAL_CONTACTED);
	move(R[4], "2026-08-10", REFERRAL_ATTENDING);
	R[5] = refer("2026-09-10", "debt-desk", "C5", "debt", "ann");
	R[6] = refer("2026-09-29", "kelling-befrienders", "C6", "befriending", "cat");
	move(R[6], "2026-10-02", REFERRAL_CONTACTED);
	move(R[6], "2026-10-05", REFERRAL_ATTENDING);
	move(R[6], "2026-10-20", REFERRAL_COMPLETED);
	R[7] = refer("2026-05-01", "harbour-grief-cafe", "C7", "bereavement", "cat");
	move(R[7], "2026-05-20", REFERRAL_LOST_CONTACT);
	R[8] = refer("2026-06-30", "debt-desk", "C1", "debt", "ann");
	move(R[8], "2026-07-02", REFERRAL_CONTACTED);
	move(R[8], "2026-07-30", REFERRAL_NOT_ATTENDED);
	R[9] = refer("2026-01-10", "kelling-befrienders", "C9", "befriending", "ann");
	R[10] = refer("2026-11-09", "harbour-grief-cafe", "C10", "bereavement", "bob");
	R[11] = refer("2026-11-20", "harbour-grief-cafe", "C11", "bereavement", "cat");

	unmet("2026-07-10", "housing", "saltby-harbour");
	unmet("2026-08-15", "housing", "saltby-harbour");
	unmet("2026-10-10", "housing", "saltby-harbour");
	unmet("2026-09-01", "debt", "kelling-green");
	unmet("2026-09-05", "befriending", NULL);

	ons4("C1", "2026-07-02", 5, 6, 5, 7);
	ons4("C1", "2026-09-01", 7, 7, 6, 4);
	ons4("C2", "2026-07-03", 4, 4, 4, 4);
	ons4("C4", "2026-08-01", 3, 4, 4, 8);
	ons4("C4", "2026-09-20", 4, 4, 5, 6);
	ons4("C5", "2026-09-10", 5, 5, 5, 5);
	ons4("C5", "2026-09-15", 5, 5, 5, 5);
	ons4("C5", "2026-09-29", 6, 5, 4, 5);
	ons4("C7", "2026-05-01", 2, 2, 2, 2);
	ons4("C7", "2026-09-01", 3, 3, 3, 3);
}

static void teardown(void)
{
	store_close(personal);
	store_close(dir);
	personal = dir = NULL;
}

/* ---- Reading results ------------------------------------------------------- */

static struct report *run_from(enum report_kind kind, const char *from, const char *to,
			       const struct report_filter *f)
{
	struct report_request req = { .kind = kind, .today = "2026-11-23", .stale_months = 12 };
	struct error err = ERROR_INIT;
	cr_assert_eq(report_period_dates(from, to, "2026-11-23", &req.period, &err), 0);
	if (f)
		req.filter = *f;
	struct report *r = NULL;
	cr_assert_eq(report_run(personal, dir, &req, &r, &err), 0, "%s", error_message(&err));
	return r;
}

static struct report *run_q3(enum report_kind kind)
{
	return run_from(kind, "2026-07-01", "2026-09-30", NULL);
}

static const struct report_table *table(const struct report *r, const char *key)
{
	const struct report_table *t = report_table_find(r, key);
	cr_assert_not_null(t, "no table %s", key);
	return t;
}

/* The row whose column key_col holds text. */
static size_t row_with(const struct report_table *t, const char *key_col, const char *text)
{
	long c = report_column_index(t, key_col);
	cr_assert_geq(c, 0, "no column %s in %s", key_col, t->key);
	for (size_t row = 0; row < t->nrow; row++) {
		const struct report_cell *cell = report_cell_at(t, row, (size_t)c);
		if (cell->text && strcmp(cell->text, text) == 0)
			return row;
	}
	cr_assert_fail("no row %s = %s in %s", key_col, text, t->key);
	return 0;
}

/* The cell as an export or the screen writes it. */
static char *shown(const struct report_table *t, size_t row, const char *col)
{
	long c = report_column_index(t, col);
	cr_assert_geq(c, 0, "no column %s in %s", col, t->key);
	return report_cell_format(t, row, (size_t)c, t->col[c].kind == REPORT_TEXT ? "" : "-");
}

static void expect_cell(const struct report_table *t, size_t row, const char *col,
			const char *want)
{
	char *got = shown(t, row, col);
	cr_expect_str_eq(got, want, "%s row %zu column %s: got %s, wanted %s", t->key, row,
			 col, got, want);
	free(got);
}

/* Expects a row, found by its key, to read as the given cells
 * (column=value pairs, NULL-terminated). */
static void expect_row(const struct report_table *t, const char *key_col, const char *key,
		       ...)
{
	size_t row = row_with(t, key_col, key);
	va_list ap;
	va_start(ap, key);
	const char *col;
	while ((col = va_arg(ap, const char *))) {
		const char *want = va_arg(ap, const char *);
		expect_cell(t, row, col, want);
	}
	va_end(ap);
}

static size_t total_row(const struct report_table *t)
{
	for (size_t row = 0; row < t->nrow; row++)
		if (t->row_flags[row] & REPORT_ROW_TOTAL)
			return row;
	cr_assert_fail("no total row in %s", t->key);
	return 0;
}

/* ---- The counts ------------------------------------------------------------- */

TestSuite(report_counts, .init = fixture, .fini = teardown);

Test(report_counts, needs_with_shares_and_the_previous_period)
{
	/* Q3: bereavement R1 R2; befriending R4 R6; debt R5; advance care
	 * planning R3: 6 referrals.  Before: bereavement R7, debt R8.
	 * Order: referrals, then previous, falling; then the label. */
	struct report *r = run_q3(REPORT_NEEDS);
	cr_assert(r->compared);
	const struct report_table *t = table(r, "needs");
	cr_assert_eq(t->nrow, 5);
	const char *order[] = { "bereavement", "befriending", "debt", "advance-care-planning" };
	for (size_t i = 0; i < 4; i++)
		cr_expect_str_eq(report_cell_at(t, i, 0)->text, order[i]);
	/* 2 of 6 = 33.3 %; 2 against 1 before: +1, +100 %. */
	expect_row(t, "needs", "bereavement", "referrals", "2", "share", "33.3",
		   "previous", "1", "change", "+1", "change_percent", "+100.0", NULL);
	/* None before: no change %. */
	expect_row(t, "needs", "befriending", "referrals", "2", "previous", "0",
		   "change", "+2", "change_percent", "-", NULL);
	/* 1 against 1: 0, 0.0 %. */
	expect_row(t, "needs", "debt", "referrals", "1", "share", "16.7", "previous", "1",
		   "change", "0", "change_percent", "0.0", NULL);
	size_t total = total_row(t);
	expect_cell(t, total, "referrals", "6");
	expect_cell(t, total, "previous", "2");
	expect_cell(t, total, "change", "+4");
	expect_cell(t, total, "change_percent", "+200.0");
	expect_cell(t, total, "share", "100.0");
	report_free(r);
}

Test(report_counts, sectors_localities_workers_and_assets)
{
	/* Sectors: vcse R1 R2 R4 R6 = 4 (before: R7); local authority R5 (before
	 * R8); nhs R3. */
	struct report *r = run_q3(REPORT_SECTORS);
	const struct report_table *t = table(r, "sectors");
	cr_expect_str_eq(report_cell_at(t, 0, 0)->text, "vcse");
	cr_expect_str_eq(report_cell_at(t, 1, 0)->text, "local-authority");
	cr_expect_str_eq(report_cell_at(t, 2, 0)->text, "nhs");
	expect_row(t, "sectors", "vcse", "label", "Voluntary and community", "referrals", "4",
		   "share", "66.7", "previous", "1", "change", "+3", NULL);
	report_free(r);

	/* Places as the assets list them: saltby-harbour (A1) R1 R2, before
	 * R7; kelling (A3) R4 R6; saltby (A5) R5, before R8; marram (A2) R3. */
	r = run_q3(REPORT_LOCALITIES);
	t = table(r, "localities");
	const char *places[] = { "saltby-harbour", "kelling", "saltby", "marram" };
	cr_assert_eq(t->nrow, 5);
	for (size_t i = 0; i < 4; i++)
		cr_expect_str_eq(report_cell_at(t, i, 0)->text, places[i]);
	expect_row(t, "localities", "saltby", "referrals", "1", "previous", "1", NULL);
	report_free(r);

	/* ann R1 R2 R5 (before R8); bob R3 R4; cat R6 (before R7). */
	r = run_q3(REPORT_WORKERS);
	t = table(r, "workers");
	expect_row(t, "workers", "ann", "referrals", "3", "share", "50.0", "previous", "1", NULL);
	expect_row(t, "workers", "bob", "referrals", "2", "previous", "0", NULL);
	expect_row(t, "workers", "cat", "referrals", "1", "previous", "1", "change", "0", NULL);
	report_free(r);

	r = run_q3(REPORT_ASSETS);
	t = table(r, "assets");
	expect_row(t, "assets", "harbour-grief-cafe", "label", "Harbour Grief Café",
		   "sector", "Voluntary and community", "referrals", "2", "previous", "1", NULL);
	expect_row(t, "assets", "hospice-bereavement", "referrals", "1", "previous", "0", NULL);
	cr_expect_eq(t->nrow, 5);   /* A1, A3, A5, A2 and the total */
	report_free(r);
}

/* Unfiltered, the counts group in an index's order (INDEXED BY);
 * filtered, as the planner likes.  Referrals partition by worker, so
 * each row of the unfiltered report is the sum of the same row in each
 * worker's: a grouping that lost or doubled a referral on either path
 * fails here. */
Test(report_counts, unfiltered_is_the_sum_of_each_workers)
{
	static const char *const workers[] = { "ann", "bob", "cat" };
	const enum report_kind kinds[] = { REPORT_NEEDS, REPORT_SECTORS, REPORT_LOCALITIES,
					   REPORT_ASSETS, REPORT_WORKERS };
	double first_total = -1;
	for (size_t k = 0; k < sizeof kinds / sizeof kinds[0]; k++) {
		struct report *all = run_from(kinds[k], "2026-01-01", "2026-11-23", NULL);
		const struct report_table *t = all->table[0];
		/* Sectors, assets and workers add their rows up for the total;
		 * needs and localities count the referrals again: all agree. */
		double total = report_cell_at(t, total_row(t),
					      (size_t)report_column_index(t, "referrals"))->value;
		if (first_total < 0)
			first_total = total;
		cr_expect_eq(total, first_total, "%s: total %g, needs' %g", t->key, total,
			     first_total);
		long key = report_column_with(t, REPORT_COL_KEY);
		long cur = report_column_index(t, "referrals");
		long prev = report_column_index(t, "previous");
		cr_assert(key >= 0 && cur >= 0 && prev >= 0);
		cr_assert_gt(t->nrow, 2, "%s", t->key);
		for (size_t row = 0; row < t->nrow; row++) {
			const char *id = report_cell_at(t, row, (size_t)key)->text;
			int is_total = t->row_flags[row] & REPORT_ROW_TOTAL;
			double sum[2] = { 0, 0 };
			for (size_t w = 0; w < 3; w++) {
				struct report_filter f = { .worker = workers[w] };
				struct report *one = run_from(kinds[k], "2026-01-01", "2026-11-23", &f);
				const struct report_table *u = one->table[0];
				for (size_t i = 0; i < u->nrow; i++) {
					const char *uid = report_cell_at(u, i, (size_t)key)->text;
					int match = is_total ? (u->row_flags[i] & REPORT_ROW_TOTAL) != 0
						: !(u->row_flags[i] & REPORT_ROW_TOTAL) &&
						  (id && uid ? strcmp(id, uid) == 0 : id == uid);
					if (match) {
						sum[0] += report_cell_at(u, i, (size_t)cur)->value;
						sum[1] += report_cell_at(u, i, (size_t)prev)->value;
					}
				}
				report_free(one);
			}
			cr_expect_eq(report_cell_at(t, row, (size_t)cur)->value, sum[0],
				     "%s %s: referrals", t->key, id ? id : "(total)");
			cr_expect_eq(report_cell_at(t, row, (size_t)prev)->value, sum[1],
				     "%s %s: previous", t->key, id ? id : "(total)");
		}
		report_free(all);
	}
}

/* The same for the trend: unfiltered it sums the days' summary,
 * filtered it counts referrals; by week and by month. */
Test(report_counts, unfiltered_trend_is_the_sum_of_each_workers)
{
	static const char *const workers[] = { "ann", "bob", "cat" };
	static const char *const from[] = { "2026-07-01", "2026-01-01" };
	/* A day of two referrals (R3's, by bob): a count of days is not one
	 * of referrals. */
	refer("2026-07-15", "harbour-grief-cafe", "C9", "bereavement", "cat");
	for (size_t p = 0; p < 2; p++) {
		struct report *all = run_from(REPORT_TREND, from[p], "2026-11-23", NULL);
		const struct report_table *t = table(all, "trend");
		long cur = report_column_index(t, "referrals");
		cr_assert(cur >= 0);
		double total = report_cell_at(t, total_row(t), (size_t)cur)->value;
		cr_assert_gt(total, 0, "from %s", from[p]);
		double sum[64] = { 0 };
		cr_assert_leq(t->nrow, 64);
		for (size_t w = 0; w < 3; w++) {
			struct report_filter f = { .worker = workers[w] };
			struct report *one = run_from(REPORT_TREND, from[p], "2026-11-23", &f);
			const struct report_table *u = table(one, "trend");
			cr_assert_eq(u->nrow, t->nrow);   /* every bucket, counted or not */
			for (size_t row = 0; row < u->nrow; row++)
				sum[row] += report_cell_at(u, row, (size_t)cur)->value;
			report_free(one);
		}
		for (size_t row = 0; row < t->nrow; row++)
			cr_expect_eq(report_cell_at(t, row, (size_t)cur)->value, sum[row],
				     "from %s, row %zu", from[p], row);
		report_free(all);
	}
}

Test(report_counts, filters_combine)
{
	/* ann's referrals to assets in Saltby (or within it): R1 R2 (A1 in
	 * saltby-harbour) and R5 (A5 in saltby); before: R8. */
	struct report_filter f = { .worker = "ann", .locality = "saltby" };
	struct report *r = run_from(REPORT_NEEDS, "2026-07-01", "2026-09-30", &f);
	const struct report_table *t = table(r, "needs");
	expect_cell(t, total_row(t), "referrals", "3");
	expect_cell(t, total_row(t), "previous", "1");
	cr_expect_eq(r->filters.count, 2);
	report_free(r);

	/* The need end-of-life takes in its sub-needs: R1 R2 R3. */
	f = (struct report_filter){ .need = "end-of-life" };
	r = run_from(REPORT_SECTORS, "2026-07-01", "2026-09-30", &f);
	t = table(r, "sectors");
	expect_cell(t, total_row(t), "referrals", "3");
	expect_row(t, "sectors", "nhs", "referrals", "1", NULL);
	report_free(r);

	/* An unknown need is refused, with the one meant. */
	f = (struct report_filter){ .need = "bereavment" };
	struct report_request req = { .kind = REPORT_NEEDS, .filter = f, .today = "2026-11-23" };
	struct error err = ERROR_INIT;
	report_period_preset("last-quarter", "2026-11-23", &req.period, &err);
	struct report *none = NULL;
	cr_expect_eq(report_run(personal, dir, &req, &none, &err), -1);
	cr_expect(strstr(error_message(&err), "bereavement") != NULL, "%s", error_message(&err));
	cr_expect_null(none);
	error_clear(&err);
}

Test(report_counts, an_empty_period)
{
	struct report *r = run_from(REPORT_NEEDS, "2025-01-01", "2025-01-31", NULL);
	const struct report_table *t = table(r, "needs");
	cr_assert_eq(t->nrow, 1);       /* the total alone */
	expect_cell(t, 0, "referrals", "0");
	expect_cell(t, 0, "share", "-");
	report_free(r);

	/* 31 days: weeks, from Monday 2024-12-30; five, all 0. */
	r = run_from(REPORT_TREND, "2025-01-01", "2025-01-31", NULL);
	t = table(r, "trend");
	cr_assert_eq(t->nrow, 6);
	expect_cell(t, 0, "week", "2024-12-30");
	expect_cell(t, 0, "days", "5");
	expect_cell(t, 5, "referrals", "0");
	report_free(r);

	r = run_from(REPORT_OUTCOMES, "2025-01-01", "2025-01-31", NULL);
	cr_expect_eq(table(r, "path")->nrow, 0);
	cr_expect_eq(table(r, "outcomes")->nrow, 0);
	cr_expect_eq(table(r, "times")->nrow, 0);
	report_free(r);

	r = run_from(REPORT_GAPS, "2025-01-01", "2025-01-31", NULL);
	cr_expect_eq(table(r, "gaps")->nrow, 0);
	/* Housing still has no asset, whatever the period. */
	expect_row(table(r, "no_assets"), "need", "housing", "unmet", "0", NULL);
	report_free(r);

	r = run_from(REPORT_ECOSYSTEM, "2025-01-01", "2025-01-31", NULL);
	cr_expect_eq(table(r, "matrix")->nrow, 0);
	cr_expect_eq(table(r, "never_referred")->nrow, 6);   /* A1..A6 */
	report_free(r);

	r = run_from(REPORT_WELLBEING, "2025-01-01", "2025-01-31", NULL);
	cr_expect_eq(table(r, "items")->nrow, 0);
	report_free(r);
}

Test(report_counts, trend_by_week_and_by_month)
{
	/* Weeks from Monday 2026-06-29: R1 R2 in the first (07-01..07-05 in
	 * the period, 5 days), R3 (07-15) in the week of 07-13, R4 (Saturday
	 * 08-01) in the week of 07-27, R5 (09-10) in that of 09-07, R6
	 * (09-29) in the last, of 09-28 (3 days in the period). */
	struct report *r = run_q3(REPORT_TREND);
	const struct report_table *t = table(r, "trend");
	cr_assert_eq(t->nrow, 15);
	expect_row(t, "week", "2026-06-29", "days", "5", "referrals", "2", NULL);
	expect_row(t, "week", "2026-07-13", "referrals", "1", NULL);
	expect_row(t, "week", "2026-07-27", "referrals", "1", NULL);
	expect_row(t, "week", "2026-09-28", "days", "3", "referrals", "1", NULL);
	expect_row(t, "week", "2026-08-31", "referrals", "0", NULL);
	expect_cell(t, total_row(t), "referrals", "6");
	expect_cell(t, total_row(t), "days", "92");
	cr_expect_eq(r->notes.count, 1);   /* the cut weeks */
	report_free(r);

	struct report_request req = { .kind = REPORT_TREND, .today = "2026-11-23",
				      .trend_by = REPORT_BY_MONTH };
	struct error err = ERROR_INIT;
	report_period_dates("2026-07-01", "2026-09-30", "2026-11-23", &req.period, &err);
	cr_assert_eq(report_run(personal, dir, &req, &r, &err), 0);
	t = table(r, "trend");
	cr_assert_eq(t->nrow, 4);
	expect_row(t, "month", "2026-07", "days", "31", "referrals", "3", NULL);
	expect_row(t, "month", "2026-08", "referrals", "1", NULL);
	expect_row(t, "month", "2026-09", "days", "30", "referrals", "2", NULL);
	cr_expect_eq(r->notes.count, 0);   /* whole months */
	report_free(r);
}

/* ---- Outcomes, follow-ups, wellbeing ------------------------------------------- */

TestSuite(report_outcomes, .init = fixture, .fini = teardown);

Test(report_outcomes, path_outcomes_and_days_as_at_the_end_of_the_period)
{
	/* The cohort is R1..R6, as they stood on 2026-09-30:
	 * R1 completed; R2 unsuitable; R3 declined; R4 attending; R5 not yet
	 * contacted; R6 first contacted 10-02, after the period: not yet
	 * contacted then, though it has since completed.  R8, made before
	 * the period and closed in it, is not counted. */
	struct report *r = run_q3(REPORT_OUTCOMES);
	const struct report_table *path = table(r, "path");
	/* Contacted by 09-30: R1 R2 R4; attending: R1 R4; completed: R1. */
	expect_row(path, "step", "referred", "referrals", "6", "percent", "100.0",
		   "no_further", "3", NULL);
	expect_row(path, "step", "contacted", "referrals", "3", "percent", "50.0",
		   "percent_of_previous", "50.0", "no_further", "1", NULL);
	expect_row(path, "step", "attending", "referrals", "2", "percent", "33.3",
		   "percent_of_previous", "66.7", "no_further", "1", NULL);
	expect_row(path, "step", "completed", "referrals", "1", "percent", "16.7",
		   "percent_of_previous", "50.0", "no_further", "-", NULL);

	const struct report_table *out = table(r, "outcomes");
	expect_row(out, "outcome", "completed", "referrals", "1", "percent", "16.7", NULL);
	expect_row(out, "outcome", "declined", "referrals", "1", NULL);
	expect_row(out, "outcome", "not-attended", "referrals", "0", NULL);
	expect_row(out, "outcome", "unsuitable", "referrals", "1", NULL);
	expect_row(out, "outcome", "lost-contact", "referrals", "0", NULL);
	expect_row(out, "outcome", "closed", "referrals", "3", "percent", "50.0", NULL);
	expect_row(out, "outcome", "open-referred", "referrals", "2", NULL);
	expect_row(out, "outcome", "open-contacted", "referrals", "0", NULL);
	expect_row(out, "outcome", "open-attending", "referrals", "1", NULL);
	expect_row(out, "outcome", "open", "referrals", "3", NULL);
	expect_row(out, "outcome", "total", "referrals", "6", "percent", "100.0", NULL);

	/* To first contact: R1 3 days, R2 1, R4 2: median 2.  To close: R1
	 * 30 (07-02 to 08-01), R2 17, R3 1: median 17. */
	const struct report_table *times = table(r, "times");
	expect_row(times, "measure", "first-contact", "median_days", "2.0", "referrals", "3", NULL);
	expect_row(times, "measure", "close", "median_days", "17.0", "referrals", "3", NULL);
	report_free(r);

	/* Seen to the end of October instead (2026-07-01..10-31), R6 has
	 * completed: 6 made (R1..R6, none other in October), 2 completed,
	 * and its days (3 to contact, 21 to close) join the medians: to
	 * contact 1 2 3 3 -> 2.5; to close 1 17 21 30 -> 19. */
	r = run_from(REPORT_OUTCOMES, "2026-07-01", "2026-10-31", NULL);
	expect_row(table(r, "outcomes"), "outcome", "completed", "referrals", "2", NULL);
	expect_row(table(r, "outcomes"), "outcome", "total", "referrals", "6", NULL);
	expect_row(table(r, "times"), "measure", "first-contact", "median_days", "2.5",
		   "referrals", "4", NULL);
	expect_row(table(r, "times"), "measure", "close", "median_days", "19.0", NULL);
	report_free(r);
}

/* The outcomes report as it was asked before it became one pass in C:
 * eleven counts, and a histogram of days for each median. */
static const char old_outcomes_sql[] =
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
	" FROM referral r WHERE r.created_on BETWEEN :from AND :to%s";
static const char old_days_sql[] =
	"SELECT CAST(julianday(r.%s) - julianday(r.created_on) AS INTEGER) AS d, count(*)"
	" FROM referral r WHERE r.created_on BETWEEN :from AND :to AND r.%s <= :to%s"
	" GROUP BY d ORDER BY d";

static sqlite3_stmt *old_query(const char *sql, const struct report_period *p,
			       const struct report_filter *f)
{
	sqlite3_stmt *stmt;
	cr_assert_eq(sqlite3_prepare_v2(store_db(personal), sql, -1, &stmt, NULL), SQLITE_OK,
		     "%s", sqlite3_errmsg(store_db(personal)));
	report_bind(stmt, p, 1, f, "2026-11-23", 12);
	return stmt;
}

/* Checks the outcomes report for one period and filter against the old
 * queries; returns how many referrals it counted. */
static long outcomes_as_before(const char *from, const char *to, const struct report_filter *f)
{
	struct error err = ERROR_INIT;
	struct report_period p;
	cr_assert_eq(report_period_dates(from, to, "2026-11-23", &p, &err), 0);
	struct strbuf rf = STRBUF_INIT, sql = STRBUF_INIT;
	report_filter_sql_referral(&rf, f);
	strbuf_puts(&rf, "");
	strbuf_printf(&sql, old_outcomes_sql, strbuf_str(&rf));
	sqlite3_stmt *stmt = old_query(strbuf_str(&sql), &p, f);
	cr_assert_eq(sqlite3_step(stmt), SQLITE_ROW);
	long v[11];
	for (int i = 0; i < 11; i++)
		v[i] = (long)sqlite3_column_int64(stmt, i);
	sqlite3_finalize(stmt);

	struct report *r = run_from(REPORT_OUTCOMES, from, to, f);
	const struct report_table *path = table(r, "path"), *out = table(r, "outcomes"),
				  *times = table(r, "times");
	if (v[0] == 0) {
		cr_expect_eq(path->nrow, 0);
		cr_expect_eq(out->nrow, 0);
		cr_expect_eq(times->nrow, 0);
	} else {
		long n = report_column_index(path, "referrals");
		for (int i = 0; i < 4; i++)
			cr_expect_eq((long)report_cell_at(path, (size_t)i, (size_t)n)->value,
				     i == 0 ? v[0] : v[i], "%s..%s path %d", from, to, i);
		const int rows[11] = { 3, 4, 5, 6, 7, -1, 8, 9, 10, -1, 0 };
		n = report_column_index(out, "referrals");
		for (size_t i = 0; i < 11; i++)
			if (rows[i] >= 0)
				cr_expect_eq((long)report_cell_at(out, i, (size_t)n)->value,
					     v[rows[i]], "%s..%s outcome row %zu", from, to, i);
		const char *columns[2] = { "contacted_on", "closed_on" };
		long med = report_column_index(times, "median_days");
		long cnt = report_column_index(times, "referrals");
		for (size_t m = 0; m < 2; m++) {
			strbuf_free(&sql);
			strbuf_printf(&sql, old_days_sql, columns[m], columns[m], strbuf_str(&rf));
			stmt = old_query(strbuf_str(&sql), &p, f);
			long days[64], count[64], rowsn = 0, total = 0;
			while (sqlite3_step(stmt) == SQLITE_ROW) {
				cr_assert_lt(rowsn, 64);
				days[rowsn] = (long)sqlite3_column_int64(stmt, 0);
				count[rowsn] = (long)sqlite3_column_int64(stmt, 1);
				total += count[rowsn++];
			}
			sqlite3_finalize(stmt);
			long lo = (total - 1) / 2, hi = total / 2, seen = 0;
			double lo_v = 0, hi_v = 0;
			for (long i = 0; total > 0 && i < rowsn; i++) {
				if (lo >= seen && lo < seen + count[i])
					lo_v = (double)days[i];
				if (hi >= seen && hi < seen + count[i])
					hi_v = (double)days[i];
				seen += count[i];
			}
			cr_expect_eq((long)report_cell_at(times, m, (size_t)cnt)->value, total,
				     "%s..%s %s: how many", from, to, columns[m]);
			if (total > 0)
				cr_expect_eq(report_cell_at(times, m, (size_t)med)->value,
					     (lo_v + hi_v) / 2, "%s..%s %s: median %g, the queries %g",
					     from, to, columns[m],
					     report_cell_at(times, m, (size_t)med)->value,
					     (lo_v + hi_v) / 2);
		}
	}
	strbuf_free(&rf);
	strbuf_free(&sql);
	report_free(r);
	return v[0];
}

Test(report_outcomes, one_pass_counts_as_the_queries_did)
{
	/* Periods ending before, in and after the referrals' steps (a
	 * referral is followed to the period's end), with every filter. */
	const char *periods[][2] = {
		{ "2026-07-01", "2026-09-30" }, { "2026-01-01", "2026-11-23" },
		{ "2026-07-01", "2026-07-10" }, { "2026-06-30", "2026-08-01" },
		{ "2026-09-29", "2026-10-05" }, { "2025-01-01", "2025-01-31" },
	};
	struct report_filter filters[] = {
		{ 0 }, { .worker = "ann" }, { .worker = "cat" }, { .need = "bereavement" },
		{ .sector = "vcse" }, { .locality = "saltby" }, { .asset = "debt-desk" },
	};
	struct error err = ERROR_INIT;
	cr_assert_eq(report_attach(personal, dir, &err), 0, "%s", error_message(&err));
	long counted = 0;
	for (size_t p = 0; p < sizeof periods / sizeof periods[0]; p++)
		for (size_t k = 0; k < sizeof filters / sizeof filters[0]; k++)
			counted += outcomes_as_before(periods[p][0], periods[p][1], &filters[k]);
	cr_expect_gt(counted, 30);
	/* A day in another form than the core's (julianday() reads a time
	 * of day too; an empty text is less than any day): the report asks
	 * the queries, and says what they say. */
	sqlite3 *db = store_db(personal);
	cr_assert_eq(sqlite3_exec(db, "UPDATE referral SET contacted_on = '2026-07-05T20:00'"
				  " WHERE id = 1", NULL, NULL, NULL), SQLITE_OK, "%s",
		     sqlite3_errmsg(db));
	outcomes_as_before("2026-07-01", "2026-09-30", &filters[0]);
	outcomes_as_before("2026-07-01", "2026-07-10", &filters[0]);
	cr_assert_eq(sqlite3_exec(db, "UPDATE referral SET closed_on = '' WHERE id = 3", NULL,
				  NULL, NULL), SQLITE_OK, "%s", sqlite3_errmsg(db));
	outcomes_as_before("2026-07-01", "2026-09-30", &filters[0]);
}

/* The wellbeing report as it was asked before it became one pass of
 * wellbeing_by_client: window functions over each client's scores. */
static const char old_wellbeing_sql[] =
	"WITH w AS (SELECT client, life_satisfaction AS i0, worthwhile AS i1,"
	"   happiness AS i2, anxiety AS i3,"
	"   row_number() OVER (PARTITION BY client ORDER BY on_date, id) AS k,"
	"   count(*) OVER (PARTITION BY client) AS m"
	"   FROM wellbeing WHERE on_date BETWEEN :from AND :to),"
	" f AS (SELECT * FROM w WHERE k = 1 AND m >= 2),"
	" l AS (SELECT * FROM w WHERE k = m AND m >= 2)"
	" SELECT count(*)"
#define ITEM(i) \
	", avg(f.i" #i "), avg(l.i" #i "), avg(l.i" #i " - f.i" #i ")," \
	" count(*) FILTER (WHERE l.i" #i " > f.i" #i ")," \
	" count(*) FILTER (WHERE l.i" #i " = f.i" #i ")," \
	" count(*) FILTER (WHERE l.i" #i " < f.i" #i ")"
	ITEM(0) ITEM(1) ITEM(2) ITEM(3)
#undef ITEM
	" FROM f JOIN l ON l.client = f.client";

Test(report_outcomes, wellbeing_one_pass_as_the_window_functions_did)
{
	/* Two records on one day (the first recorded is the first), C1 and
	 * C10 (one a prefix of the other), records either side of the
	 * period's ends. */
	ons4("C9", "2026-08-01", 1, 2, 3, 4);
	ons4("C9", "2026-08-01", 9, 8, 7, 6);
	ons4("C10", "2026-08-02", 2, 9, 1, 0);
	ons4("C10", "2026-09-30", 10, 0, 1, 10);
	ons4("C10", "2026-10-01", 0, 0, 0, 0);
	const char *periods[][2] = {
		{ "2026-07-01", "2026-09-30" }, { "2026-01-01", "2026-11-23" },
		{ "2026-08-01", "2026-08-01" }, { "2026-07-02", "2026-09-01" },
		{ "2025-01-01", "2025-01-31" },
	};
	struct error err = ERROR_INIT;
	cr_assert_eq(report_attach(personal, dir, &err), 0, "%s", error_message(&err));
	const char *cols[6] = { "first_mean", "latest_mean", "mean_change", "better", "same",
				"worse" };
	long seen = 0;
	for (size_t p = 0; p < sizeof periods / sizeof periods[0]; p++) {
		struct report_period period;
		cr_assert_eq(report_period_dates(periods[p][0], periods[p][1], "2026-11-23",
						 &period, &err), 0);
		struct report_filter none = { 0 };
		sqlite3_stmt *stmt = old_query(old_wellbeing_sql, &period, &none);
		cr_assert_eq(sqlite3_step(stmt), SQLITE_ROW);
		long n = (long)sqlite3_column_int64(stmt, 0);
		struct report *r = run_from(REPORT_WELLBEING, periods[p][0], periods[p][1], NULL);
		const struct report_table *t = table(r, "items");
		cr_assert_eq(t->nrow, n > 0 ? 4 : 0, "%s..%s", periods[p][0], periods[p][1]);
		for (size_t i = 0; n > 0 && i < 4; i++) {
			cr_expect_eq((long)report_cell_at(t, i, 2)->value, n);
			for (int k = 0; k < 6; k++) {
				double want = sqlite3_column_double(stmt, 1 + (int)i * 6 + k);
				/* Anxiety: better is lower, so its columns swap. */
				int col = i == 3 && k == 3 ? 5 : i == 3 && k == 5 ? 3 : k;
				long c = report_column_index(t, cols[col]);
				cr_expect_eq(report_cell_at(t, i, (size_t)c)->value, want,
					     "%s..%s item %zu %s: %g, the query %g", periods[p][0],
					     periods[p][1], i, cols[col],
					     report_cell_at(t, i, (size_t)c)->value, want);
			}
		}
		seen += n;
		sqlite3_finalize(stmt);
		report_free(r);
	}
	cr_expect_gt(seen, 10);
}

Test(report_outcomes, one_referral)
{
	/* 2026-09-10 alone: R5, never contacted. */
	struct report *r = run_from(REPORT_OUTCOMES, "2026-09-10", "2026-09-10", NULL);
	expect_row(table(r, "path"), "step", "referred", "referrals", "1", "no_further", "1",
		   NULL);
	expect_row(table(r, "path"), "step", "contacted", "referrals", "0", NULL);
	expect_row(table(r, "outcomes"), "outcome", "open-referred", "referrals", "1",
		   "percent", "100.0", NULL);
	/* Nobody contacted or closed: no median. */
	expect_row(table(r, "times"), "measure", "first-contact", "median_days", "-",
		   "referrals", "0", NULL);
	report_suppress(r);
	expect_row(table(r, "path"), "step", "referred", "referrals", "<5", "percent", "*",
		   NULL);
	expect_row(table(r, "outcomes"), "outcome", "total", "referrals", "<5", NULL);
	report_free(r);
}

Test(report_outcomes, followups_as_at_today)
{
	/* Open on 2026-11-23: R4 (bob, 08-15, overdue), R5 (ann, 09-24,
	 * overdue), R9 (ann, 01-24, overdue), R10 (bob, due today), R11 (cat,
	 * 12-04, upcoming).  ann's oldest is 2026-01-24, 303 days; bob's
	 * 2026-08-15, 100 days.  Oldest first; cat has none overdue. */
	struct report_request req = { .kind = REPORT_FOLLOWUPS, .today = "2026-11-23" };
	struct error err = ERROR_INIT;
	struct report *r = NULL;
	cr_assert_eq(report_run(personal, dir, &req, &r, &err), 0, "%s", error_message(&err));
	cr_expect_eq(r->has_period, 0);
	const struct report_table *t = table(r, "followups");
	cr_assert_eq(t->nrow, 4);
	cr_expect_str_eq(report_cell_at(t, 0, 0)->text, "ann");
	cr_expect_str_eq(report_cell_at(t, 1, 0)->text, "bob");
	cr_expect_str_eq(report_cell_at(t, 2, 0)->text, "cat");
	expect_row(t, "worker", "ann", "overdue", "2", "due", "0", "upcoming", "0", "open", "2",
		   "oldest_overdue", "2026-01-24", "days_overdue", "303", NULL);
	expect_row(t, "worker", "bob", "overdue", "1", "due", "1", "open", "2",
		   "oldest_overdue", "2026-08-15", "days_overdue", "100", NULL);
	expect_row(t, "worker", "cat", "overdue", "0", "upcoming", "1", "oldest_overdue", "",
		   "days_overdue", "-", NULL);
	size_t total = total_row(t);
	expect_cell(t, total, "overdue", "3");
	expect_cell(t, total, "open", "5");
	expect_cell(t, total, "oldest_overdue", "2026-01-24");
	report_free(r);

	/* A report as at today takes no period: a request's period is
	 * ignored, and the worker filter applies. */
	req.filter.worker = "bob";
	cr_assert_eq(report_run(personal, dir, &req, &r, &err), 0);
	t = table(r, "followups");
	cr_expect_eq(t->nrow, 2);
	report_free(r);
}

Test(report_outcomes, wellbeing_first_and_latest)
{
	/* Two or more in the period: C1, C4, C5 (C5's first is 09-10 and
	 * latest 09-29; C2 has one; C7 one in the period).  n = 3.
	 * Life satisfaction: first 5 3 5 (4.3), latest 7 4 6 (5.7), change
	 *   +2 +1 +1 (+1.3): 3 better.
	 * Worthwhile: 6 4 5 (5.0) -> 7 4 5 (5.3): +0.3, 1 better, 2 same.
	 * Happiness: 5 4 5 (4.7) -> 6 5 4 (5.0): +0.3, 2 better, 1 worse.
	 * Anxiety: 7 8 5 (6.7) -> 4 6 5 (5.0): -1.7; lower is better, so 2
	 *   better, 1 same. */
	struct report *r = run_q3(REPORT_WELLBEING);
	const struct report_table *t = table(r, "items");
	cr_assert_eq(t->nrow, 4);
	expect_row(t, "item", "life-satisfaction", "clients", "3", "first_mean", "4.3",
		   "latest_mean", "5.7", "mean_change", "+1.3", "better", "3", "same", "0",
		   "worse", "0", "better_is", "higher", NULL);
	expect_row(t, "item", "worthwhile", "first_mean", "5.0", "latest_mean", "5.3",
		   "mean_change", "+0.3", "better", "1", "same", "2", NULL);
	expect_row(t, "item", "happiness", "mean_change", "+0.3", "better", "2", "worse", "1",
		   NULL);
	expect_row(t, "item", "anxiety", "first_mean", "6.7", "latest_mean", "5.0",
		   "mean_change", "-1.7", "better", "2", "same", "1", "worse", "0",
		   "better_is", "lower", NULL);
	int says_anxiety = 0;
	for (size_t i = 0; i < r->notes.count; i++)
		says_anxiety |= strstr(r->notes.item[i], "Anxiety") &&
				strstr(r->notes.item[i], "lower is better");
	cr_expect(says_anxiety, "the report says anxiety is better lower");
	/* Exported: n = 3 is hidden, and so are the means of fewer than 5. */
	report_suppress(r);
	expect_row(t, "item", "anxiety", "clients", "<5", "mean_change", "*", NULL);
	report_free(r);
}

/* ---- Gaps, ecosystem, directory --------------------------------------------------- */

TestSuite(report_gaps, .init = fixture, .fini = teardown);

Test(report_gaps, ranked_by_shortfall)
{
	/* Cells in Q3 (need / place: open assets, referrals, unmet,
	 * unsuitable, shortfall = (unmet + unsuitable) / (assets + 1)):
	 *   housing / saltby-harbour:   0, 0, 2, 0 -> 2.0  (a need with no asset)
	 *   debt / kelling-green:       0, 0, 1, 0 -> 1.0  (A5 serves saltby only)
	 *   befriending / (no place):   1, 0, 1, 0 -> 0.5  (A3, anywhere)
	 *   bereavement / saltby-harb.: 2, 2, 0, 1 -> 0.33 (A1 there, A2 around it)
	 *   befriending / kelling:      1, 2, 0, 0 -> 0
	 *   advance-care / marram:      1, 1, 0, 0 -> 0
	 *   debt / saltby:              1, 1, 0, 0 -> 0    (A6 is temporarily closed)
	 * Ties: the larger demand, unmet, referrals, then the need's label. */
	struct report *r = run_q3(REPORT_GAPS);
	const struct report_table *t = table(r, "gaps");
	cr_assert_eq(t->nrow, 7);
	const char *order[][2] = {
		{ "housing", "saltby-harbour" }, { "debt", "kelling-green" },
		{ "befriending", "" }, { "bereavement", "saltby-harbour" },
		{ "befriending", "kelling" }, { "advance-care-planning", "marram" },
		{ "debt", "saltby" },
	};
	for (size_t i = 0; i < 7; i++) {
		char *need = shown(t, i, "need"), *place = shown(t, i, "locality");
		cr_expect_str_eq(need, order[i][0], "rank %zu", i + 1);
		cr_expect_str_eq(place, order[i][1], "rank %zu", i + 1);
		free(need);
		free(place);
	}
	expect_cell(t, 0, "rank", "1");
	expect_cell(t, 0, "open_assets", "0");
	expect_cell(t, 0, "unmet", "2");
	expect_cell(t, 0, "shortfall", "2.0");
	expect_cell(t, 2, "locality_label", "(place not given)");
	expect_cell(t, 3, "open_assets", "2");
	expect_cell(t, 3, "referrals", "2");
	expect_cell(t, 3, "unsuitable", "1");
	expect_cell(t, 3, "shortfall", "0.3");
	expect_cell(t, 6, "open_assets", "1");
	/* The need with no open asset anywhere, with its unmet needs. */
	const struct report_table *none = table(r, "no_assets");
	cr_assert_eq(none->nrow, 1);
	expect_row(none, "need", "housing", "unmet", "2", NULL);
	/* And a line says how the ranking works. */
	int explained = 0;
	for (size_t i = 0; i < r->notes.count; i++)
		explained |= strstr(r->notes.item[i], "Ranked by shortfall") != NULL;
	cr_expect(explained);
	report_free(r);
}

/* The subquery signpost_open_assets() replaced, as it stood. */
#define OLD_OPEN_ASSETS(need, place) \
	"(SELECT count(DISTINCT an.asset) FROM dir.need_tree nt" \
	" JOIN dir.asset_need an ON an.need = nt.descendant" \
	" JOIN dir.asset oa ON oa.num = an.asset" \
	" WHERE nt.ancestor = " need " AND oa.archived = 0 AND oa.status = 'open'" \
	" AND (" place " IS NULL OR an.asset IN (SELECT al.asset FROM dir.asset_locality al" \
	"   WHERE al.locality IN (SELECT descendant FROM dir.locality_tree" \
	"     WHERE ancestor = " place \
	"     UNION SELECT ancestor FROM dir.locality_tree WHERE descendant = " place "))))"

Test(report_gaps, open_assets_count_as_the_subquery_did)
{
	/* Every need (and one unknown) in every place (and none, and an
	 * unknown one), with A3 made full too, and A1 serving a second
	 * place, so that sub-needs, places within and around, the open
	 * status, the archived asset and an asset counted once through two
	 * places are all crossed. */
	sqlite3 *d = store_db(dir);
	cr_assert_eq(sqlite3_exec(d, "UPDATE asset SET status = 'full'"
				  " WHERE id = 'kelling-befrienders';"
				  "INSERT INTO asset_locality (asset, locality, position)"
				  " SELECT num, 'saltby', 9 FROM asset WHERE id = 'harbour-grief-cafe'",
				  NULL, NULL, NULL), SQLITE_OK, "%s", sqlite3_errmsg(d));
	struct error err = ERROR_INIT;
	cr_assert_eq(report_attach(personal, dir, &err), 0, "%s", error_message(&err));
	struct report_request req = { .kind = REPORT_GAPS, .today = "2026-11-23" };
	struct report r = { 0 };
	struct report_ctx c = { .personal = personal, .dir = dir, .req = &req, .r = &r,
				.err = &err };
	struct report_open *o = report_open_new(&c);
	cr_assert_not_null(o, "%s", error_message(&err));
	sqlite3_stmt *stmt;
	cr_assert_eq(sqlite3_prepare_v2(store_db(personal),
		"WITH needs (id) AS (SELECT id FROM dir.need UNION ALL SELECT 'no-such-need'),"
		" places (id) AS (SELECT id FROM dir.locality UNION ALL SELECT NULL"
		"   UNION ALL SELECT 'no-such-place')"
		" SELECT n.id, p.id, signpost_open_assets(n.id, p.id),"
		" " OLD_OPEN_ASSETS("n.id", "p.id")
		" FROM needs n, places p", -1, &stmt, NULL), SQLITE_OK, "%s",
		sqlite3_errmsg(store_db(personal)));
	int rows = 0, some = 0;
	while (sqlite3_step(stmt) == SQLITE_ROW) {
		rows++;
		some += sqlite3_column_int(stmt, 3) > 0;
		cr_expect_eq(sqlite3_column_int(stmt, 2), sqlite3_column_int(stmt, 3),
			     "%s in %s: %d, the subquery %d", sqlite3_column_text(stmt, 0),
			     sqlite3_column_text(stmt, 1) ? (const char *)sqlite3_column_text(stmt, 1)
							  : "(anywhere)",
			     sqlite3_column_int(stmt, 2), sqlite3_column_int(stmt, 3));
	}
	cr_assert_eq(sqlite3_finalize(stmt), SQLITE_OK);
	cr_expect_eq(rows, 9 * 8);
	cr_expect_gt(some, 5);
	report_open_free(o);
}

Test(report_gaps, ecosystem)
{
	/* Need x sector in Q3: befriending vcse 2 (A3), bereavement vcse 2
	 * (A1), advance care planning nhs 1 (A2), debt local authority 1 (A5);
	 * each on one asset.  Sectors in the taxonomy's order, faith left out
	 * (no referral).  Never referred: A4 (faith), A6 (local authority). */
	struct report *r = run_q3(REPORT_ECOSYSTEM);
	const struct report_table *t = table(r, "matrix");
	cr_assert_eq(t->nrow, 5);
	cr_expect_str_eq(t->col[2].key, "nhs");
	cr_expect_str_eq(t->col[3].key, "vcse");
	cr_expect_str_eq(t->col[4].key, "local-authority");
	cr_expect_str_eq(report_cell_at(t, 0, 0)->text, "befriending");
	cr_expect_str_eq(report_cell_at(t, 1, 0)->text, "bereavement");
	expect_row(t, "need", "bereavement", "nhs", "0", "vcse", "2", "total", "2",
		   "sectors", "1", "assets", "1", "depends_on", "one asset: Harbour Grief Café",
		   NULL);
	expect_row(t, "need", "debt", "local-authority", "1", "depends_on",
		   "one asset: Debt Desk", NULL);
	size_t total = total_row(t);
	expect_cell(t, total, "nhs", "1");
	expect_cell(t, total, "vcse", "4");
	expect_cell(t, total, "total", "6");
	const struct report_table *never = table(r, "never_referred");
	cr_assert_eq(never->nrow, 2);
	cr_expect_str_eq(report_cell_at(never, 0, 0)->text, "chapel-lunch");
	cr_expect_str_eq(report_cell_at(never, 1, 0)->text, "the-debt-desk-north");
	report_free(r);
}

/* The list of assets never referred, as it was asked before it became
 * an anti-join with a set (a NOT EXISTS for each asset). */
static const char old_never_sql[] =
	"SELECT a.id FROM dir.asset a LEFT JOIN dir.sector s ON s.id = a.sector"
	" WHERE NOT EXISTS (SELECT 1 FROM referral r"
	"   WHERE r.asset_id = a.id AND r.created_on BETWEEN :from AND :to%s)"
	" AND a.archived = 0%s"
	" ORDER BY s.position, a.name, a.id";

Test(report_gaps, never_referred_with_every_filter_as_before)
{
	/* Every filter the report takes (a report takes no status or
	 * client), alone and together, in four periods: the list must be
	 * the old query's, row for row. */
	struct report_filter filters[] = {
		{ 0 },
		{ .worker = "ann" }, { .worker = "bob" }, { .worker = "nobody" },
		{ .need = "bereavement" }, { .need = "end-of-life" }, { .need = "debt" },
		{ .sector = "vcse" }, { .sector = "faith" },
		{ .locality = "saltby" }, { .locality = "kelling" },
		{ .asset = "harbour-grief-cafe" }, { .asset = "chapel-lunch" },
		{ .worker = "ann", .locality = "saltby", .need = "end-of-life" },
		{ .worker = "bob", .sector = "vcse" },
	};
	const char *periods[][2] = {
		{ "2026-07-01", "2026-09-30" }, { "2026-01-01", "2026-11-23" },
		{ "2026-07-02", "2026-07-02" }, { "2025-01-01", "2025-01-31" },
	};
	struct error err = ERROR_INIT;
	cr_assert_eq(report_attach(personal, dir, &err), 0, "%s", error_message(&err));
	size_t bob_q3 = 0;
	for (size_t p = 0; p < sizeof periods / sizeof periods[0]; p++)
		for (size_t k = 0; k < sizeof filters / sizeof filters[0]; k++) {
			const struct report_filter *f = &filters[k];
			struct report *r = run_from(REPORT_ECOSYSTEM, periods[p][0], periods[p][1], f);
			const struct report_table *t = table(r, "never_referred");
			struct strbuf rf = STRBUF_INIT, af = STRBUF_INIT, sql = STRBUF_INIT;
			report_filter_sql_referral(&rf, f);
			strbuf_puts(&rf, "");
			strbuf_puts(&af, "");
			if (f->asset)
				strbuf_puts(&af, " AND a.id = :asset");
			if (f->sector)
				strbuf_puts(&af, " AND a.sector = :sector");
			if (f->need)
				strbuf_puts(&af, " AND a.num IN (SELECT an.asset FROM dir.asset_need an"
					    " WHERE an.need IN (SELECT descendant FROM dir.need_tree"
					    " WHERE ancestor = :need))");
			if (f->locality)
				strbuf_puts(&af, " AND a.num IN (SELECT al.asset FROM dir.asset_locality al"
					    " WHERE al.locality IN (SELECT descendant FROM dir.locality_tree"
					    " WHERE ancestor = :locality))");
			strbuf_printf(&sql, old_never_sql, strbuf_str(&rf), strbuf_str(&af));
			struct report_period period;
			cr_assert_eq(report_period_dates(periods[p][0], periods[p][1], "2026-11-23",
							 &period, &err), 0);
			sqlite3_stmt *stmt;
			cr_assert_eq(sqlite3_prepare_v2(store_db(personal), strbuf_str(&sql), -1,
							&stmt, NULL), SQLITE_OK, "%s",
				     sqlite3_errmsg(store_db(personal)));
			report_bind(stmt, &period, 1, f, "2026-11-23", 12);
			size_t row = 0;
			while (sqlite3_step(stmt) == SQLITE_ROW) {
				cr_assert_lt(row, t->nrow, "filter %zu, period %zu: fewer rows", k, p);
				cr_expect_str_eq(report_cell_at(t, row, 0)->text,
						 (const char *)sqlite3_column_text(stmt, 0),
						 "filter %zu, period %zu, row %zu", k, p, row);
				row++;
			}
			cr_assert_eq(sqlite3_finalize(stmt), SQLITE_OK);
			cr_expect_eq(row, t->nrow, "filter %zu, period %zu: %zu rows, the old query %zu",
				     k, p, t->nrow, row);
			if (p == 0 && k == 2)
				bob_q3 = t->nrow;
			strbuf_free(&rf);
			strbuf_free(&af);
			strbuf_free(&sql);
			report_free(r);
		}
	/* Bob referred to A2 and A3 in Q3: A1, A4, A5 and A6 were not his. */
	cr_expect_eq(bob_q3, 4);
}

Test(report_gaps, directory_health)
{
	/* As at 2026-11-23, stale after 12 months: A2 (verified 2025-01-10)
	 * and A5 (never).  A7 is archived, so in nothing. */
	long flag;
	struct error err = ERROR_INIT;
	cr_assert_eq(flag_raise(dir, "chapel-lunch", FLAG_FULL, NULL, "ann", &flag, &err), 0);
	struct report_request req = { .kind = REPORT_DIRECTORY, .today = "2026-11-23",
				      .stale_months = 12 };
	struct report *r = NULL;
	/* No personal-data file needed. */
	cr_assert_eq(report_run(NULL, dir, &req, &r, &err), 0, "%s", error_message(&err));
	cr_expect_eq(r->suppression, REPORT_NOTHING_PERSONAL);
	const struct report_table *t = table(r, "stale_by_sector");
	expect_row(t, "sector", "nhs", "assets", "1", "stale", "1", "stale_percent", "100.0",
		   NULL);
	expect_row(t, "sector", "local-authority", "assets", "2", "stale", "1",
		   "never_verified", "1", NULL);
	expect_row(t, "sector", "vcse", "assets", "2", "stale", "0", NULL);
	expect_cell(t, total_row(t), "assets", "6");
	expect_cell(t, total_row(t), "stale", "2");
	t = table(r, "stale_by_locality");
	cr_expect_str_eq(report_cell_at(t, 0, 0)->text, "marram");   /* tree order */
	cr_expect_str_eq(report_cell_at(t, 1, 0)->text, "saltby");
	cr_expect_str_eq(report_cell_at(t, 2, 0)->text, "saltby-harbour");
	expect_row(t, "locality", "saltby", "assets", "1", "stale", "1", NULL);
	t = table(r, "flags");
	cr_assert_eq(t->nrow, 1);
	expect_cell(t, 0, "asset", "chapel-lunch");
	expect_cell(t, 0, "reason", "full");
	expect_cell(t, 0, "raised_on", "2026-11-23");
	expect_cell(t, 0, "days_open", "0");
	t = table(r, "unavailable");
	cr_assert_eq(t->nrow, 2);
	expect_cell(t, 0, "asset", "the-debt-desk-north");   /* closed before full */
	expect_cell(t, 1, "asset", "chapel-lunch");
	t = table(r, "duplicates");
	cr_assert_eq(t->nrow, 2);
	expect_cell(t, 0, "asset", "debt-desk");
	expect_cell(t, 1, "asset", "the-debt-desk-north");
	expect_cell(t, 1, "group", "1");
	/* Suppression leaves it alone. */
	report_suppress(r);
	expect_cell(table(r, "stale_by_sector"), 0, "stale", "1");
	report_free(r);
}

/* ---- Suppression ------------------------------------------------------------------ */

TestSuite(report_suppression, .init = fixture, .fini = teardown);

Test(report_suppression, fixture_counts_of_1_to_4_and_their_totals)
{
	/* Needs in Q3: 2, 2, 1, 1 of 6; before 1, 1, 0, 0 of 2.  Each count
	 * of 1 to 4 is <5; the zeros stay.  Four <5 that add to 6 cannot be
	 * more than 6 - 3 = 3 each: narrowed, and nothing else in the line
	 * to hide, so the total goes too.  The previous total, 2, is under 5
	 * itself.  The shares and changes, worked from hidden counts, go. */
	struct report *r = run_q3(REPORT_NEEDS);
	report_suppress(r);
	cr_expect_eq(r->suppression, REPORT_SUPPRESSED);
	const struct report_table *t = table(r, "needs");
	expect_row(t, "needs", "bereavement", "referrals", "<5", "share", "*", "previous", "<5",
		   "change", "*", "change_percent", "*", NULL);
	expect_row(t, "needs", "befriending", "previous", "0", "change_percent", "-", NULL);
	size_t total = total_row(t);
	expect_cell(t, total, "referrals", "*");
	expect_cell(t, total, "previous", "<5");
	report_free(r);
}

Test(report_suppression, seven_and_two)
{
	/* Add 7 referrals to A2 (nhs) in Q3: sectors are vcse 4, nhs 8,
	 * local authority 1; total 13.  4 and 1 are <5 and add to 5: each
	 * could still be 1 to 4 (1+4, 2+3, ...), so 8 and 13 stay.  Before:
	 * vcse 1, local authority 1, total 2: the total is under 5 too. */
	for (int i = 0; i < 7; i++) {
		char client[8];
		snprintf(client, sizeof client, "N%d", i);
		refer("2026-08-20", "hospice-bereavement", client, "bereavement", "bob");
	}
	struct report *r = run_q3(REPORT_SECTORS);
	report_suppress(r);
	const struct report_table *t = table(r, "sectors");
	expect_row(t, "sectors", "nhs", "referrals", "8", "share", "61.5", NULL);
	expect_row(t, "sectors", "vcse", "referrals", "<5", "share", "*", NULL);
	expect_row(t, "sectors", "local-authority", "referrals", "<5", NULL);
	expect_cell(t, total_row(t), "referrals", "13");
	expect_cell(t, total_row(t), "previous", "<5");
	/* Written out as an export. */
	char *csv = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&csv, &len);
	struct error err = ERROR_INIT;
	cr_assert_eq(report_write(r, REPORT_FORMAT_CSV, "sectors", f, &err), 0);
	fclose(f);
	cr_expect(strstr(csv, "nhs,NHS,8,61.5,0,+8,\r\n") != NULL, "%s", csv);
	cr_expect(strstr(csv, "vcse,Voluntary and community,<5,*,<5,*,*\r\n") != NULL, "%s", csv);
	cr_expect(strstr(csv, ",All referrals,13,100.0,<5,*,*\r\n") != NULL, "%s", csv);
	free(csv);
	report_free(r);
}

/* Builds a list of counts with its total, as the count reports do. */
static struct report *list_report(const double *v, size_t n)
{
	struct report *r = calloc(1, sizeof *r);
	cr_assert_not_null(r);
	struct report_table *t = report_add_table(r, "list", "A list", NULL, NULL);
	report_add_column(r, t, "name", "Name", REPORT_TEXT, REPORT_COL_LABEL, NULL);
	report_add_column(r, t, "n", "N", REPORT_COUNT, REPORT_COL_PERSONAL, NULL);
	report_add_column(r, t, "share", "Share", REPORT_PERCENT, 0, NULL);
	long parts[16];
	double sum = 0;
	for (size_t i = 0; i < n; i++) {
		size_t row = report_add_row(r, t, 0);
		report_set_value(t, row, 1, v[i]);
		parts[i] = report_cell_index(t, row, 1);
		sum += v[i];
	}
	size_t total = report_add_row(r, t, REPORT_ROW_TOTAL);
	report_set_value(t, total, 1, sum);
	for (size_t i = 0; i < n; i++)
		report_set_derived(t, i, 2, v[i] * 100 / sum, parts[i],
				   report_cell_index(t, total, 1), -1);
	report_add_line(r, t, report_cell_index(t, total, 1), parts, n);
	cr_assert_eq(r->failed, 0);
	return r;
}

static void expect_states(const struct report *r, const char *want)
{
	/* One letter a row of column n: s shown, 5 for <5, * hidden. */
	const struct report_table *t = r->table[0];
	for (size_t row = 0; row < t->nrow; row++) {
		enum report_cell_state s = report_cell_at(t, row, 1)->state;
		char got = s == REPORT_SMALL ? '5' : s == REPORT_HIDDEN ? '*' : 's';
		cr_expect_eq(got, want[row], "row %zu: %c, wanted %c (all: %s)", row, got,
			     want[row], want);
	}
}

Test(report_suppression, the_method_on_lists)
{
	/* 10, 3, 7, 0 (20): 3 is <5; with it alone hidden, 20 - 17 gives it
	 * back, so the smallest other above 0, 7, goes too.  Then 3 + 7 =
	 * 10 with 7 at least 5: 3 could be 1 to 5... up to 10 - 5 = 5: every
	 * value 1 to 4 is still possible.  The total stays. */
	const double a[] = { 10, 3, 7, 0 };
	struct report *r = list_report(a, 4);
	report_suppress(r);
	expect_states(r, "s5*ss");
	report_free(r);

	/* 6 and 2 (8): hiding 6 is not enough (2 + 6 = 8 with 6 at least 5
	 * leaves 2 at most 3), and there is nothing else: the total goes. */
	const double b[] = { 6, 2 };
	r = list_report(b, 2);
	report_suppress(r);
	expect_states(r, "*5*");
	report_free(r);

	/* 2 and 3 (5): two <5 that add to 5 can be 1+4, 2+3, 3+2, 4+1: safe. */
	const double c[] = { 2, 3 };
	r = list_report(c, 2);
	report_suppress(r);
	expect_states(r, "55s");   /* the total, 5, shown */
	report_free(r);

	/* 1, 1, 9 (11): 1 + 1 = 2 gives both away; 9 goes, and then 11 - 0
	 * = 1 + 1 + 9 with 9 at least 5 leaves each 1 anything to 4. */
	const double d[] = { 1, 1, 9 };
	r = list_report(d, 3);
	report_suppress(r);
	expect_states(r, "55*s");
	/* A share of a hidden count is hidden; of a shown one, shown. */
	cr_expect_eq(report_cell_at(r->table[0], 0, 2)->state, REPORT_HIDDEN);
	report_free(r);

	/* 0, 12, 30 (42): nothing small, nothing hidden. */
	const double e[] = { 0, 12, 30 };
	r = list_report(e, 3);
	report_suppress(r);
	expect_states(r, "ssss");
	report_free(r);
}

Test(report_suppression, a_hidden_total_that_another_line_gives_away)
{
	/* Outcomes-like: closed = 1 + 1 + 6 (8), open = 7 + 8 (15), all =
	 * closed + open (23).  In its own line the closed total goes (see
	 * 6 and 2 above); but 23 - 15 would give it back, so a figure of the
	 * all line must go as well, and no <5 may be left that any chain of
	 * lines gives away. */
	struct report *r = calloc(1, sizeof *r);
	struct report_table *t = report_add_table(r, "t", "T", NULL, NULL);
	report_add_column(r, t, "n", "N", REPORT_COUNT, REPORT_COL_PERSONAL, NULL);
	const double v[] = { 1, 1, 6, 8, 7, 8, 15, 23 };
	for (size_t i = 0; i < 8; i++)
		report_set_value(t, report_add_row(r, t, 0), 0, v[i]);
	const long closed[] = { 0, 1, 2 }, open[] = { 4, 5 }, both[] = { 3, 6 };
	report_add_line(r, t, 3, closed, 3);
	report_add_line(r, t, 6, open, 2);
	report_add_line(r, t, 7, both, 2);
	report_suppress(r);
	const struct report_cell *c = t->cell;
	cr_expect_eq(c[0].state, REPORT_SMALL);
	cr_expect_eq(c[1].state, REPORT_SMALL);
	cr_expect_eq(c[2].state, REPORT_HIDDEN);
	cr_expect_eq(c[3].state, REPORT_HIDDEN);
	/* The closed total cannot be had from 23 - 15 any more. */
	int closed_known = c[6].state == REPORT_SHOWN && c[7].state == REPORT_SHOWN;
	int open_known = c[6].state == REPORT_SHOWN ||
			 (c[4].state == REPORT_SHOWN && c[5].state == REPORT_SHOWN);
	cr_expect(!(closed_known && open_known) && !(c[7].state == REPORT_SHOWN && open_known),
		  "the closed total can be worked out: %d %d %d %d %d", c[3].state, c[4].state,
		  c[5].state, c[6].state, c[7].state);
	report_free(r);
}

Test(report_suppression, off_when_asked_and_said_so)
{
	struct report *r = run_q3(REPORT_NEEDS);
	report_mark_unsuppressed(r);
	cr_expect_eq(r->suppression, REPORT_NOT_SUPPRESSED);
	struct strlist header = STRLIST_INIT;
	cr_assert_eq(report_header_lines(r, &header), 0);
	cr_expect(strstr(header.item[header.count - 1], "SUPPRESSION IS OFF") != NULL);
	strlist_clear(&header);
	expect_row(table(r, "needs"), "needs", "debt", "referrals", "1", NULL);
	report_free(r);
}

/* In full is a coordinator's (or an admin's) to see: not a link worker's. */
Test(report_suppression, in_full_is_for_coordinators)
{
	struct error err = ERROR_INIT;
	cr_expect_eq(report_may_show_in_full(dir, &err), 0);   /* the program itself */
	struct actor a = { .login = "sam", .role = ROLE_LINK_WORKER };
	store_set_actor(dir, &a);
	cr_expect_eq(report_may_show_in_full(dir, &err), -1);
	cr_expect_eq(err.kind, ERROR_DENIED);
	cr_expect(strstr(error_message(&err), "link-worker") != NULL, "%s", error_message(&err));
	a.role = ROLE_COORDINATOR;
	cr_expect_eq(report_may_show_in_full(dir, &err), 0);
	store_set_actor(dir, NULL);
	error_clear(&err);
}

/* ---- Writing ------------------------------------------------------------------------ */

TestSuite(report_write, .init = fixture, .fini = teardown);

static char *written(const struct report *r, enum report_format format, const char *only)
{
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);
	struct error err = ERROR_INIT;
	cr_assert_eq(report_write(r, format, only, f, &err), 0, "%s", error_message(&err));
	fclose(f);
	return text;
}

Test(report_write, json_tsv_and_csv_say_period_filters_and_how)
{
	struct report_filter f = { .worker = "ann" };
	struct report *r = run_from(REPORT_WORKERS, "2026-07-01", "2026-09-30", &f);
	report_suppress(r);
	char *json = written(r, REPORT_FORMAT_JSON, NULL);
	cr_expect(strstr(json, "\"from\": \"2026-07-01\"") != NULL, "%s", json);
	cr_expect(strstr(json, "\"compared_with\"") != NULL);
	cr_expect(strstr(json, "\"worker ann\"") != NULL);
	cr_expect(strstr(json, "\"suppression\": \"on\"") != NULL);
	cr_expect(strstr(json, "\"referrals\": \"<5\"") != NULL, "%s", json);
	cr_expect(strstr(json, "\"how\": \"referrals − previous\"") != NULL);
	free(json);
	char *tsv = written(r, REPORT_FORMAT_TSV, NULL);
	cr_expect(strncmp(tsv, "# Referrals by link worker\n# Period: 2026-07-01 to 2026-09-30",
			  60) == 0, "%s", tsv);
	cr_expect(strstr(tsv, "\nworkers\tlabel\treferrals\tshare\tprevious\tchange\t"
			 "change_percent\nann\tann\t<5\t") != NULL, "%s", tsv);
	free(tsv);
	char *csv = written(r, REPORT_FORMAT_CSV, NULL);
	cr_expect(strncmp(csv, "report,workers\r\ntitle,Referrals by link worker\r\n"
			  "period,2026-07-01,2026-09-30\r\n", 72) == 0, "%s", csv);
	cr_expect(strstr(csv, "filters,worker ann\r\n") != NULL, "%s", csv);
	free(csv);
	/* One table alone: a rectangle. */
	csv = written(r, REPORT_FORMAT_CSV, "workers");
	cr_expect(strncmp(csv, "Link worker login,Link worker,Referrals,", 40) == 0, "%s", csv);
	free(csv);
	struct error err = ERROR_INIT;
	FILE *null = fopen("/dev/null", "w");
	cr_expect_eq(report_write(r, REPORT_FORMAT_CSV, "nothing", null, &err), -1);
	cr_expect(strstr(error_message(&err), "its tables: workers") != NULL);
	fclose(null);
	error_clear(&err);
	report_free(r);
}

/* ---- The referral log ---------------------------------------------------------------- */

TestSuite(report_log, .init = fixture, .fini = teardown);

static struct referral_log run_log(const struct referral_log_query *q)
{
	struct referral_log log;
	struct error err = ERROR_INIT;
	cr_assert_eq(referral_log_run(personal, dir, q, &log, &err), 0, "%s",
		     error_message(&err));
	return log;
}

Test(report_log, filters_sort_page_and_totals)
{
	/* Everything, newest first: R11 (11-20) first, R9 (01-10) last. */
	struct referral_log_query q = { .sort = LOG_MADE, .descending = 1,
					.today = "2026-11-23" };
	struct referral_log log = run_log(&q);
	cr_assert_eq(log.count, 11);
	cr_expect_eq(log.row[0].id, R[11]);
	cr_expect_eq(log.row[10].id, R[9]);
	/* Open: R4 R5 R9 R10 R11; overdue R4 R5 R9. */
	cr_expect_eq(log.totals.referrals, 11);
	cr_expect_eq(log.totals.open, 5);
	cr_expect_eq(log.totals.overdue, 3);
	cr_expect_eq(log.totals.closed, 6);
	cr_expect_eq(log.totals.by_status[REFERRAL_COMPLETED], 2);
	referral_log_free(&log);

	/* A need takes in its sub-needs: end-of-life is bereavement (R1 R2
	 * R7 R10 R11) and advance care planning (R3); open ones R10 R11. */
	q.filter.need = "end-of-life";
	q.filter.status = "open";
	log = run_log(&q);
	cr_assert_eq(log.count, 2);
	cr_expect_eq(log.totals.referrals, 2);
	referral_log_free(&log);

	/* A place takes in the places within it: kelling is A3 (kelling) and
	 * A4 (kelling-green): R4 R6 R9.  Sorted by client, z to a. */
	q = (struct referral_log_query){ .sort = LOG_CLIENT, .descending = 1,
					 .today = "2026-11-23" };
	q.filter.locality = "kelling";
	log = run_log(&q);
	cr_assert_eq(log.count, 3);
	cr_expect_str_eq(log.row[0].client, "C9");
	cr_expect_str_eq(log.row[2].client, "C4");
	cr_expect_str_eq(log.row[0].sector, "vcse");
	cr_expect_str_eq(log.row[0].needs, "befriending");
	referral_log_free(&log);

	/* A period, a worker, an outcome, a client, a sector. */
	struct report_period p;
	struct error err = ERROR_INIT;
	report_period_dates("2026-07-01", "2026-09-30", "2026-11-23", &p, &err);
	q = (struct referral_log_query){ .period = &p, .sort = LOG_ID, .today = "2026-11-23" };
	q.filter.worker = "ann";
	log = run_log(&q);
	cr_assert_eq(log.count, 3);   /* R1 R2 R5 */
	cr_expect_eq(log.row[0].id, R[1]);
	referral_log_free(&log);
	q.filter = (struct report_filter){ .status = "unsuitable" };
	log = run_log(&q);
	cr_assert_eq(log.count, 1);
	cr_expect_eq(log.row[0].id, R[2]);
	referral_log_free(&log);
	q.filter = (struct report_filter){ .client = "C1" };
	q.period = NULL;
	log = run_log(&q);
	cr_assert_eq(log.count, 2);   /* R1 R8 */
	referral_log_free(&log);
	q.filter = (struct report_filter){ .sector = "local-authority" };
	log = run_log(&q);
	cr_assert_eq(log.count, 2);   /* R5 R8 */
	referral_log_free(&log);

	/* Sorted by follow-up, the closed ones (none) last; a page of 2 from
	 * the second: R4 (08-15), R5 (09-24) come after R9 (01-24). */
	q = (struct referral_log_query){ .sort = LOG_FOLLOW_UP, .limit = 2, .offset = 1,
					 .today = "2026-11-23" };
	log = run_log(&q);
	cr_assert_eq(log.count, 2);
	cr_expect_eq(log.row[0].id, R[4]);
	cr_expect_eq(log.row[1].id, R[5]);
	cr_expect_eq(log.totals.referrals, 11);   /* totals count them all */
	referral_log_free(&log);
}

Test(report_log, sort_names)
{
	enum log_column c;
	int desc;
	cr_expect_eq(referral_log_sort_parse("made:desc", &c, &desc), 0);
	cr_expect_eq(c, LOG_MADE);
	cr_expect_eq(desc, 1);
	cr_expect_eq(referral_log_sort_parse("follow_up", &c, &desc), 0);
	cr_expect_eq(c, LOG_FOLLOW_UP);
	cr_expect_eq(desc, 0);
	cr_expect_eq(referral_log_sort_parse("made:sideways", &c, &desc), -1);
	cr_expect_eq(referral_log_sort_parse("r.id; DROP", &c, &desc), -1);
	for (int i = 0; i < LOG_COLUMN_COUNT; i++) {
		cr_expect_eq(referral_log_sort_parse(referral_log_column_name(i), &c, &desc), 0);
		cr_expect_eq((int)c, i);
	}
}

/* ---- Periods, the attached directory, the migration ---------------------------------- */

static void expect_period(const char *name, const char *today, const char *from,
			  const char *to, const char *pfrom, const char *pto)
{
	struct report_period p;
	struct error err = ERROR_INIT;
	cr_assert_eq(report_period_preset(name, today, &p, &err), 0, "%s", error_message(&err));
	cr_expect_str_eq(p.from, from, "%s on %s", name, today);
	cr_expect_str_eq(p.to, to, "%s on %s", name, today);
	cr_expect_str_eq(p.prev_from, pfrom, "%s on %s", name, today);
	cr_expect_str_eq(p.prev_to, pto, "%s on %s", name, today);
}

Test(report_period, presets)
{
	/* 2026-11-25 is a Wednesday. */
	expect_period("this-week", "2026-11-25", "2026-11-23", "2026-11-25", "2026-11-20",
		      "2026-11-22");
	expect_period("this-month", "2026-11-25", "2026-11-01", "2026-11-25", "2026-10-07",
		      "2026-10-31");
	expect_period("this-quarter", "2026-11-25", "2026-10-01", "2026-11-25", "2026-08-06",
		      "2026-09-30");
	expect_period("last-12-months", "2026-11-25", "2025-11-26", "2026-11-25", "2024-11-26",
		      "2025-11-25");
	expect_period("last-week", "2026-11-25", "2026-11-16", "2026-11-22", "2026-11-09",
		      "2026-11-15");
	expect_period("last-month", "2026-03-15", "2026-02-01", "2026-02-28", "2026-01-04",
		      "2026-01-31");
	expect_period("last-quarter", "2026-02-10", "2025-10-01", "2025-12-31", "2025-07-01",
		      "2025-09-30");
	/* Equal length: 365 days before 2025, which 2024's 29 February
	 * makes start on 2 January. */
	expect_period("last-year", "2026-02-10", "2025-01-01", "2025-12-31", "2024-01-02",
		      "2024-12-31");
	expect_period("this-year", "2026-01-01", "2026-01-01", "2026-01-01", "2025-12-31",
		      "2025-12-31");
	/* The day after 29 February a year before is 1 March. */
	expect_period("last-12-months", "2028-02-29", "2027-03-01", "2028-02-29", "2026-02-28",
		      "2027-02-28");
	struct report_period p;
	struct error err = ERROR_INIT;
	cr_expect_eq(report_period_preset("fortnight", "2026-11-25", &p, &err), -1);
	cr_expect(strstr(error_message(&err), "last-quarter") != NULL);
	error_clear(&err);
	cr_expect_eq(report_period_dates("2026-09-30", "2026-07-01", "2026-11-25", &p, &err), -1);
	error_clear(&err);
	cr_expect_eq(report_period_dates("2026-02-30", NULL, "2026-11-25", &p, &err), -1);
	error_clear(&err);
	cr_assert_eq(report_period_dates("2026-11-01", "today", "2026-11-25", &p, &err), 0);
	cr_expect_str_eq(p.to, "2026-11-25");
	cr_expect_eq(p.days, 25);
}

Test(report_attach, a_directory_with_an_awkward_name, .fini = teardown)
{
	/* The attached file is named by a URI: ?, #, % and spaces in the
	 * name must not cut it short or mean something else. */
	open_fixture("odd ?#% name.db");
	refer("2026-08-01", "kelling-befrienders", "C1", "befriending", "ann");
	struct error err = ERROR_INIT;
	cr_assert_eq(report_attach(personal, dir, &err), 0, "%s", error_message(&err));
	cr_assert_eq(report_attach(personal, dir, &err), 0);   /* once is enough */
	struct report *r = run_q3(REPORT_SECTORS);
	expect_row(table(r, "sectors"), "sectors", "vcse", "referrals", "1", NULL);
	report_free(r);
	/* Read-only: the personal-data connection cannot write the directory. */
	cr_expect_neq(sqlite3_exec(store_db(personal), "UPDATE dir.asset SET name = 'x'",
				   NULL, NULL, NULL), SQLITE_OK);
	/* And writing referrals still works with it attached. */
	refer("2026-08-02", "kelling-befrienders", "C2", "befriending", "ann");
}

Test(report_attach, migration_fills_attending_on_from_history, .fini = teardown)
{
	/* A referral that reached attending before the column existed gets
	 * the day from its history. */
	open_fixture("directory.db");
	long id = refer("2026-08-01", "kelling-befrienders", "C1", "befriending", "ann");
	move(id, "2026-08-03", REFERRAL_ATTENDING);
	cr_expect_eq(th_count(personal, "SELECT count(*) FROM referral WHERE attending_on = "
			      "'2026-08-03'"), 1);
	sqlite3_exec(store_db(personal), "UPDATE referral SET attending_on = NULL", NULL, NULL,
		     NULL);
	/* Migration 2's fill, run again. */
	cr_assert_eq(sqlite3_exec(store_db(personal), "UPDATE referral SET attending_on = "
				  "(SELECT min(substr(h.at, 1, 10)) FROM referral_history h WHERE "
				  "h.referral = referral.id AND h.to_status = 'attending')",
				  NULL, NULL, NULL), SQLITE_OK);
	/* The history's day is the clock's, on SIGNPOST_TODAY's day. */
	cr_expect_eq(th_count(personal, "SELECT count(*) FROM referral WHERE attending_on = "
			      "'2026-11-23'"), 1);
	cr_expect_geq(th_count(personal, "PRAGMA user_version"), 2);
}

/* ---- Charts ---------------------------------------------------------------------------- */

Test(chart, bars)
{
	char *s;
	cr_expect_str_eq(s = chart_bar(5, 10, 10, CHART_UNICODE), "█████");
	free(s);
	/* One eighth of one column. */
	cr_expect_str_eq(s = chart_bar(1, 8, 1, CHART_UNICODE), "▏");
	free(s);
	/* 3 of 8 in 2 columns: 6 eighths. */
	cr_expect_str_eq(s = chart_bar(3, 8, 2, CHART_UNICODE), "▊");
	free(s);
	/* 13 of 16 in 2 columns: 13 eighths = one full and five eighths. */
	cr_expect_str_eq(s = chart_bar(13, 16, 2, CHART_UNICODE), "█▋");
	free(s);
	/* Tiny but not nothing: a sliver. */
	cr_expect_str_eq(s = chart_bar(0.01, 100, 20, CHART_UNICODE), "▏");
	free(s);
	cr_expect_str_eq(s = chart_bar(0.01, 100, 20, CHART_ASCII), "#");
	free(s);
	cr_expect_str_eq(s = chart_bar(3, 4, 4, CHART_ASCII), "###");
	free(s);
	cr_expect_str_eq(s = chart_bar(0, 10, 10, CHART_UNICODE), "");
	free(s);
	cr_expect_str_eq(s = chart_bar(5, 0, 10, CHART_UNICODE), "");
	free(s);
	/* Past the scale: the full width, no more. */
	cr_expect_str_eq(s = chart_bar(30, 10, 3, CHART_UNICODE), "███");
	free(s);
}

Test(chart, columns)
{
	const double v[] = { 0, 4, 8, 1 };
	struct strlist lines = STRLIST_INIT;
	cr_assert_eq(chart_columns(v, 4, 8, 2, 1, 0, CHART_UNICODE, &lines), 0);
	cr_assert_eq(lines.count, 2);
	/* 16 eighths high: 4 is 8 eighths (the bottom line full), 8 is 16, 1
	 * is 2 (▂). */
	cr_expect_str_eq(lines.item[0], "  █");
	cr_expect_str_eq(lines.item[1], " ██▂");
	strlist_clear(&lines);
	cr_assert_eq(chart_columns(v, 4, 8, 2, 2, 1, CHART_ASCII, &lines), 0);
	cr_expect_str_eq(lines.item[0], "      ##");
	cr_expect_str_eq(lines.item[1], "   ## ## ##");
	strlist_clear(&lines);
}

Test(chart, shades)
{
	cr_expect_eq(chart_shade_level(0, 10), 0);
	cr_expect_eq(chart_shade_level(1, 10), 1);
	cr_expect_eq(chart_shade_level(5, 10), 3);
	cr_expect_eq(chart_shade_level(10, 10), 4);
	cr_expect_str_eq(chart_shade_mark(4, CHART_UNICODE), "█");
	cr_expect_str_eq(chart_shade_mark(2, CHART_ASCII), ":");
	cr_expect_str_eq(chart_shade_mark(0, CHART_ASCII), " ");
	setenv("NO_COLOR", "1", 1);
	cr_expect(chart_no_color());
	setenv("NO_COLOR", "", 1);
	cr_expect(!chart_no_color());
}

/* The gap table's query before its cells were counted in C
 * (report_pairs.c), as it stood. */
static const char old_gaps_sql[] =
	"WITH rr AS (SELECT r.id, r.asset_id,"
	"   (r.status = 'unsuitable' AND r.closed_on <= :to) AS unsuitable"
	"   FROM referral r WHERE r.created_on BETWEEN :from AND :to%s),"
	" by_asset AS (SELECT rn.need, rr.asset_id, count(*) AS referrals,"
	"   sum(rr.unsuitable) AS unsuitable FROM rr"
	"   JOIN referral_need rn ON rn.referral = rr.id GROUP BY rn.need, rr.asset_id),"
	" referred AS (SELECT b.need, al.locality, sum(b.referrals) AS referrals,"
	"   sum(b.unsuitable) AS unsuitable FROM by_asset b"
	"   JOIN dir.asset a ON a.id = b.asset_id"
	"   JOIN dir.asset_locality al ON al.asset = a.num GROUP BY b.need, al.locality),"
	" unmet AS (SELECT un.need, u.locality, count(*) AS unmet FROM unmet_need u"
	"   JOIN unmet_need_need un ON un.unmet = u.id"
	"   WHERE u.created_on BETWEEN :from AND :to%s GROUP BY un.need, u.locality),"
	" cells AS (SELECT need, locality, sum(referrals) AS referrals,"
	"   sum(unsuitable) AS unsuitable, sum(unmet) AS unmet FROM"
	"   (SELECT need, locality, referrals, unsuitable, 0 AS unmet FROM referred"
	"    UNION ALL SELECT need, locality, 0, 0, unmet FROM unmet)"
	"   GROUP BY need, locality),"
	" scored AS (SELECT c.*, signpost_open_assets(c.need, c.locality) AS assets"
	"   FROM cells c)"
	" SELECT s.need, s.locality, s.assets, s.referrals, s.unmet, s.unsuitable"
	" FROM scored s LEFT JOIN dir.need n ON n.id = s.need"
	" LEFT JOIN dir.locality l ON l.id = s.locality"
	" ORDER BY (s.unmet + s.unsuitable) * 1.0 / (s.assets + 1) DESC,"
	"   s.unmet + s.unsuitable DESC, s.unmet DESC, s.referrals DESC, n.label, l.label";

/* The ecosystem's (need, asset) pairs before, summed by need. */
static const char old_pairs_sql[] =
	"WITH rr AS (SELECT r.id, r.asset_id FROM referral r"
	"   WHERE r.created_on BETWEEN :from AND :to%s),"
	" pairs AS (SELECT rn.need, rr.asset_id, count(*) AS n FROM rr"
	"   JOIN referral_need rn ON rn.referral = rr.id GROUP BY rn.need, rr.asset_id)"
	" SELECT need, sum(n), count(*) FROM pairs GROUP BY need";

static char *int_text(sqlite3_stmt *stmt, int col)
{
	char *s = NULL;
	cr_assert_geq(asprintf(&s, "%lld", (long long)sqlite3_column_int64(stmt, col)), 0);
	return s;
}

Test(report_gaps, cells_and_pairs_counted_in_c_as_the_queries_did)
{
	/* A referral for two needs, one to an asset in two places, and one
	 * to an asset the directory does not have, beside the fixture's:
	 * every filter and four periods, row for row. */
	sqlite3 *d = store_db(dir);
	cr_assert_eq(sqlite3_exec(d, "INSERT INTO asset_locality (asset, locality, position)"
				  " SELECT num, 'saltby', 9 FROM asset WHERE id = 'harbour-grief-cafe'",
				  NULL, NULL, NULL), SQLITE_OK, "%s", sqlite3_errmsg(d));
	cr_assert_eq(sqlite3_exec(store_db(personal),
				  "INSERT INTO referral_need (referral, need, position, created_on)"
				  " SELECT id, 'debt', 2, created_on FROM referral WHERE id = 2;"
				  "UPDATE referral SET asset_id = 'gone-asset' WHERE id = 5",
				  NULL, NULL, NULL), SQLITE_OK, "%s",
		     sqlite3_errmsg(store_db(personal)));
	struct report_filter filters[] = {
		{ 0 }, { .worker = "ann" }, { .worker = "nobody" }, { .need = "bereavement" },
		{ .need = "debt" }, { .sector = "vcse" }, { .locality = "saltby" },
		{ .asset = "harbour-grief-cafe" },
		{ .worker = "ann", .locality = "saltby", .need = "end-of-life" },
	};
	const char *periods[][2] = {
		{ "2026-07-01", "2026-09-30" }, { "2026-01-01", "2026-11-23" },
		{ "2026-07-02", "2026-07-03" }, { "2025-01-01", "2025-01-31" },
	};
	struct error err = ERROR_INIT;
	cr_assert_eq(report_attach(personal, dir, &err), 0, "%s", error_message(&err));
	struct report_request req = { .kind = REPORT_GAPS, .today = "2026-11-23" };
	struct report blank = { 0 };
	struct report_ctx c = { .personal = personal, .dir = dir, .req = &req, .r = &blank,
				.err = &err };
	size_t compared = 0;
	for (size_t p = 0; p < sizeof periods / sizeof periods[0]; p++)
		for (size_t k = 0; k < sizeof filters / sizeof filters[0]; k++) {
			const struct report_filter *f = &filters[k];
			struct report_period period;
			cr_assert_eq(report_period_dates(periods[p][0], periods[p][1], "2026-11-23",
							 &period, &err), 0);
			struct strbuf rf = STRBUF_INIT, uf = STRBUF_INIT, sql = STRBUF_INIT;
			report_filter_sql_referral(&rf, f);
			report_filter_sql_unmet(&uf, f);
			strbuf_puts(&rf, "");
			strbuf_puts(&uf, "");

			struct report *r = run_from(REPORT_GAPS, periods[p][0], periods[p][1], f);
			const struct report_table *t = table(r, "gaps");
			struct report_open *o = report_open_new(&c);
			cr_assert_not_null(o, "%s", error_message(&err));
			strbuf_printf(&sql, old_gaps_sql, strbuf_str(&rf), strbuf_str(&uf));
			sqlite3_stmt *stmt;
			cr_assert_eq(sqlite3_prepare_v2(store_db(personal), strbuf_str(&sql), -1,
							&stmt, NULL), SQLITE_OK, "%s",
				     sqlite3_errmsg(store_db(personal)));
			report_bind(stmt, &period, 1, f, "2026-11-23", 12);
			size_t row = 0;
			while (sqlite3_step(stmt) == SQLITE_ROW) {
				cr_assert_lt(row, t->nrow, "filter %zu, period %zu: fewer rows", k, p);
				cr_expect_str_eq(report_cell_at(t, row, 1)->text,
						 (const char *)sqlite3_column_text(stmt, 0),
						 "filter %zu, period %zu, row %zu", k, p, row);
				const char *place = (const char *)sqlite3_column_text(stmt, 1);
				cr_expect_str_eq(report_cell_at(t, row, 3)->text, place ? place : "",
						 "filter %zu, period %zu, row %zu", k, p, row);
				for (int i = 0; i < 4; i++) {
					char *want = int_text(stmt, 2 + i);
					char *got = shown(t, row, t->col[5 + i].key);
					cr_expect_str_eq(got, want, "filter %zu, period %zu, row %zu, %s",
							 k, p, row, t->col[5 + i].key);
					free(want);
					free(got);
				}
				row++;
			}
			cr_assert_eq(sqlite3_finalize(stmt), SQLITE_OK);
			cr_expect_eq(row, t->nrow, "filter %zu, period %zu: %zu rows, the old query %zu",
				     k, p, t->nrow, row);
			compared += row;
			report_open_free(o);
			report_free(r);

			r = run_from(REPORT_ECOSYSTEM, periods[p][0], periods[p][1], f);
			t = table(r, "matrix");
			strbuf_reset(&sql);
			strbuf_printf(&sql, old_pairs_sql, strbuf_str(&rf));
			cr_assert_eq(sqlite3_prepare_v2(store_db(personal), strbuf_str(&sql), -1,
							&stmt, NULL), SQLITE_OK, "%s",
				     sqlite3_errmsg(store_db(personal)));
			report_bind(stmt, &period, 1, f, "2026-11-23", 12);
			size_t needs = 0;
			while (sqlite3_step(stmt) == SQLITE_ROW) {
				needs++;
				char *n = int_text(stmt, 1), *a = int_text(stmt, 2);
				expect_row(t, "need", (const char *)sqlite3_column_text(stmt, 0),
					   "total", n, "assets", a, NULL);
				free(n);
				free(a);
			}
			cr_assert_eq(sqlite3_finalize(stmt), SQLITE_OK);
			cr_expect_eq(needs, t->nrow ? t->nrow - 1 : 0,
				     "filter %zu, period %zu: needs", k, p);
			report_free(r);
			strbuf_free(&rf);
			strbuf_free(&uf);
			strbuf_free(&sql);
		}
	cr_expect_gt(compared, 20);
}
