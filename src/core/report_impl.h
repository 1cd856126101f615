/* report_impl: what the report files share and nothing else needs:
 * building tables, and running the reports' statements with their
 * named parameters bound.  Not for the faces. */
#ifndef SIGNPOST_REPORT_IMPL_H
#define SIGNPOST_REPORT_IMPL_H

#include "core/report.h"
#include "core/strbuf.h"
#include "core/strlist.h"

#include <sqlite3.h>

/* One report being run. */
struct report_ctx {
	struct store *personal;   /* with the directory attached as "dir" */
	struct store *dir;
	const struct report_request *req;
	struct report *r;
	struct error *err;
	/* " AND ..." conditions for the filters, on referral r and on
	 * unmet_need u; text only, the values are bound by name. */
	struct strbuf referral_filter;
	struct strbuf unmet_filter;
};

/* ---- Building --------------------------------------------------------- */

/* Each records running out of memory in r->failed, checked once at the
 * end; they return what they made, or NULL / (size_t)-1 after a
 * failure (which the others then ignore). */
struct report_table *report_add_table(struct report *r, const char *key, const char *title,
				      const char *how, const char *empty);
void report_add_column(struct report *r, struct report_table *t, const char *key,
		       const char *label, enum report_value kind, unsigned flags,
		       const char *how);
/* A new row, every cell REPORT_EMPTY; returns its index. */
size_t report_add_row(struct report *r, struct report_table *t, unsigned flags);
void report_set_text(struct report *r, struct report_table *t, size_t row, size_t col,
		     const char *s);
void report_set_value(struct report_table *t, size_t row, size_t col, double v);
/* A figure computed from up to three other cells (-1 for none). */
void report_set_derived(struct report_table *t, size_t row, size_t col, double v,
			long dep0, long dep1, long dep2);
long report_cell_index(const struct report_table *t, size_t row, size_t col);
size_t report_table_index(const struct report *r, const struct report_table *t);
/* total = the sum of parts, all cells of table t. */
void report_add_line(struct report *r, const struct report_table *t, long total,
		     const long *parts, size_t nparts);
void report_add_link(struct report *r, const struct report_table *ta, long a,
		     const struct report_table *tb, long b);
void report_note(struct report *r, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* A share in percent, or -1 (no figure) when the whole is 0. */
double report_share(double part, double whole);

/* ---- Statements ------------------------------------------------------- */

/* Prepares sql (on the personal-data connection, or the directory's
 * when personal is NULL) and binds every named parameter it uses:
 * :from :to :pfrom :pto (the period and the one before), :today,
 * :stale (months), and :worker :asset :need :sector :locality :status
 * :client from the filter.  The caller finalizes it. */
sqlite3_stmt *report_prepare(struct report_ctx *c, const char *sql);
/* Steps stmt: 1 for a row, 0 when done, -1 on failure (err set, stmt
 * finalized). */
int report_step(struct report_ctx *c, sqlite3_stmt *stmt);
/* Column text, never NULL. */
const char *report_col_text(sqlite3_stmt *stmt, int col);

/* Appends the filter's conditions on referral r / unmet_need u. */
void report_filter_sql_referral(struct strbuf *sb, const struct report_filter *f);
void report_filter_sql_unmet(struct strbuf *sb, const struct report_filter *f);

/* Binds the filter's values and the dates by name. */
void report_bind(sqlite3_stmt *stmt, const struct report_period *p, int has_period,
		 const struct report_filter *f, const char *today, int stale_months);

/* The kinds, one function each (report_counts.c, report_outcomes.c,
 * report_gaps.c, report_directory.c). */
int report_build_counts(struct report_ctx *c);     /* needs .. workers */
int report_build_trend(struct report_ctx *c);
int report_build_outcomes(struct report_ctx *c);
int report_build_followups(struct report_ctx *c);
int report_build_wellbeing(struct report_ctx *c);
int report_build_gaps(struct report_ctx *c);
int report_build_ecosystem(struct report_ctx *c);
int report_build_directory(struct report_ctx *c);

/* signpost_open_assets(need, place) on the personal-data connection:
 * the open, live assets filed under the need (or a sub-need) that serve
 * the place, a place within it or around it; with place NULL, anywhere
 * (report_open.c).  Free it when its statements are finalized. */
struct report_open;
struct report_open *report_open_new(struct report_ctx *c);
void report_open_free(struct report_open *o);
/* The same count called from C: SQLITE_OK with *count, or SQLite's code. */
int report_open_count(struct report_open *o, const char *need, const char *place,
		      sqlite3_int64 *count);

#endif
