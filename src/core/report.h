/* report: the coordinator's figures, computed in SQL over both files.
 *
 * A report is structured, not printed: a header (what, the period, the
 * filters, whether small numbers are hidden), then tables of rows and
 * columns, each table and column saying how its figures were computed,
 * then notes.  The command line prints it (report_write() for tsv, csv
 * and json; its own table printer for the screen) and a screen draws
 * it; neither computes anything.
 *
 * Reports that need referrals read the personal-data file with the
 * directory attached to it read-only as "dir" (report_attach), so that
 * one statement joins referrals to sectors, localities and the need
 * hierarchy.  Nothing loads referrals into C: every figure is an SQL
 * aggregate over indexed columns.
 *
 * Small numbers: report_suppress() hides counts of 1 to 4 ("<5"), and
 * whatever else would let one be worked out ("*"); see the method at
 * report_suppress.  Exports (csv, json, tsv) are suppressed unless asked
 * not to be; the screen shows counts in full. */
#ifndef SIGNPOST_REPORT_H
#define SIGNPOST_REPORT_H

#include <stddef.h>
#include <stdio.h>

#include "core/dates.h"
#include "core/error.h"
#include "core/strlist.h"
#include "store/store.h"

/* ---- What, when and for whom ------------------------------------------ */

enum report_kind {
	REPORT_NEEDS,
	REPORT_SECTORS,
	REPORT_LOCALITIES,
	REPORT_ASSETS,
	REPORT_WORKERS,
	REPORT_OUTCOMES,
	REPORT_FOLLOWUPS,
	REPORT_GAPS,
	REPORT_ECOSYSTEM,
	REPORT_DIRECTORY,
	REPORT_WELLBEING,
	REPORT_TREND,
	REPORT_KIND_COUNT
};

/* "needs", ...; NULL past the end. */
const char *report_kind_name(enum report_kind k);
int report_kind_parse(const char *s, enum report_kind *out);
/* One line: "referrals by need, compared with the previous period". */
const char *report_kind_summary(enum report_kind k);

/* What a kind of report takes. */
enum report_uses {
	REPORT_USES_PERIOD    = 1 << 0,  /* --from/--to (else: as at today) */
	REPORT_USES_PERSONAL  = 1 << 1,  /* reads the personal-data file */
	REPORT_USES_REFERRAL_FILTERS = 1 << 2,  /* worker, asset, need, sector, locality */
};
unsigned report_kind_uses(enum report_kind k);

/* A period of whole days, both ends included, and the period of equal
 * length just before it, which reports compare with. */
struct report_period {
	char from[DATE_LEN];
	char to[DATE_LEN];
	char prev_from[DATE_LEN];
	char prev_to[DATE_LEN];
	char preset[24];       /* "this-month", or "" for dates given */
	long days;
};

/* The named periods, each ending today:
 * this-week (from Monday), this-month, this-quarter, this-year, and
 * last-12-months; and the whole calendar periods before: last-week,
 * last-month, last-quarter, last-year.  An unknown name is ERROR_INPUT
 * listing the known ones. */
int report_period_preset(const char *name, const char *today, struct report_period *out,
			 struct error *err);
/* From from to to (YYYY-MM-DD, or "today"); to may be NULL for today.
 * A period that ends before it starts is ERROR_INPUT. */
int report_period_dates(const char *from, const char *to, const char *today,
			struct report_period *out, struct error *err);
/* "last 12 months" or "1 March 2026 to 31 May 2026"; newly allocated. */
char *report_period_describe(const struct report_period *p);

/* Filters, combined with AND.  Each is NULL when not used; the strings
 * are the caller's. */
struct report_filter {
	const char *worker;    /* the link worker's login */
	const char *asset;     /* an asset id */
	const char *need;      /* a need id: the need or any of its sub-needs */
	const char *sector;    /* a sector id: referrals to assets it runs */
	const char *locality;  /* a locality id: referrals to assets serving it
			        * or a place within it */
	const char *status;    /* a status or outcome, or "open" or "closed" */
	const char *client;    /* a client reference */
};

/* Checks that the need, sector, locality and asset exist and the status
 * is one; an unknown one is ERROR_INPUT with suggestions. */
int report_filter_check(struct store *dir, const struct report_filter *f,
			struct error *err);
/* "worker ann", "need bereavement (and its sub-needs)", ... one item a
 * filter in use, appended to out. */
int report_filter_describe(const struct report_filter *f, struct strlist *out);
int report_filter_empty(const struct report_filter *f);

/* Attaches the directory file of dir to the personal-data connection
 * as "dir", read-only, unless it is already.  Every report and the log
 * call it (SQLite attaches only outside a transaction); a screen may
 * call it once at the start.  Writes to the personal-data file still
 * work with it attached. */
int report_attach(struct store *personal, struct store *dir, struct error *err);

/* ---- The result ------------------------------------------------------- */

enum report_value {
	REPORT_TEXT,           /* a name, an id, a date */
	REPORT_COUNT,          /* a whole number */
	REPORT_PERCENT,        /* one decimal place */
	REPORT_NUMBER,         /* one decimal place: a median, a mean */
	REPORT_CHANGE,         /* a whole number with its sign: +3, -2, 0 */
	REPORT_CHANGE_NUMBER,  /* one decimal place with its sign */
};

enum report_column_flags {
	/* Counts of people or their referrals: small ones are hidden in
	 * exports.  Counts of assets or listings are not. */
	REPORT_COL_PERSONAL = 1 << 0,
	/* A machine key (an id): in tsv, csv and json, not on the screen. */
	REPORT_COL_KEY      = 1 << 1,
	/* The row's name on the screen, and its label in a chart. */
	REPORT_COL_LABEL    = 1 << 2,
	/* The figures the table's chart draws. */
	REPORT_COL_CHART    = 1 << 3,
	/* A mean or a median: hidden when its n is a small count (it does
	 * not give n away, so a hidden n of 5 or more does not hide it). */
	REPORT_COL_STATISTIC = 1 << 4,
};

struct report_column {
	char *key;             /* "referrals": for tsv and json */
	char *label;           /* "Referrals": for the screen and csv */
	char *how;             /* how its figures are computed; may be NULL */
	enum report_value kind;
	unsigned flags;
};

enum report_cell_state {
	REPORT_SHOWN,          /* the figure or text */
	REPORT_EMPTY,          /* no figure: nothing to compute it from */
	REPORT_SMALL,          /* a count of 1 to 4, hidden: "<5" */
	REPORT_HIDDEN,         /* hidden so that a small count cannot be worked
				* out from it: "*" */
};

struct report_cell {
	char *text;            /* REPORT_TEXT cells; NULL otherwise */
	double value;          /* the figure (also when hidden: the caller
				* decides whether to show it) */
	enum report_cell_state state;
	/* A figure computed from other cells of the table (a share from a
	 * count and its total, a mean from its n): their indexes, or -1.
	 * It is hidden when any of them is. */
	long dep[3];
};

enum report_row_flags {
	REPORT_ROW_TOTAL    = 1 << 0,  /* a total of the rows above */
	REPORT_ROW_SUBTOTAL = 1 << 1,
};

enum report_chart {
	REPORT_CHART_NONE,
	REPORT_CHART_BARS,     /* horizontal bars of the CHART column */
	REPORT_CHART_COLUMNS,  /* a column chart of the CHART column, by row */
	REPORT_CHART_MATRIX,   /* shade the CHART columns' cells by value */
};

struct report_table {
	char *key;             /* "path", for tsv/json and --table */
	char *title;           /* "The path from referral to completion" */
	char *how;             /* a sentence: what is counted and how */
	char *empty;           /* said when there are no rows */
	struct report_column *col;
	size_t ncol;
	struct report_cell *cell;   /* row-major: cell[row * ncol + col] */
	unsigned *row_flags;
	size_t nrow;
	size_t cap;
	enum report_chart chart;
};

/* Cells are named across a report by (table, cell index). */
struct report_ref {
	size_t table;
	size_t cell;
};

/* A total and the parts that add up to it: what differencing could use. */
struct report_line {
	struct report_ref total;
	struct report_ref *part;
	size_t nparts;
};

/* Two cells that hold the same figure (in two tables, say). */
struct report_link {
	struct report_ref a, b;
};

enum report_suppression {
	REPORT_IN_FULL,        /* as computed: for the screen */
	REPORT_SUPPRESSED,     /* report_suppress() has run */
	REPORT_NOT_SUPPRESSED, /* an export with --no-suppress */
	REPORT_NOTHING_PERSONAL, /* nothing in it counts people */
};

struct report {
	enum report_kind kind;
	char *title;
	char today[DATE_LEN];
	int has_period;        /* 0: as at today */
	int compared;          /* has figures for the previous period */
	struct report_period period;
	struct strlist filters;     /* report_filter_describe() */
	enum report_suppression suppression;
	struct report_table **table;
	size_t ntable;
	struct strlist notes;       /* lines said after the tables */
	/* For report_suppress. */
	struct report_line *line;
	size_t nline;
	struct report_link *link;
	size_t nlink;
	int failed;                 /* ran out of memory while building */
};

/* ---- Running one ------------------------------------------------------ */

enum report_step { REPORT_BY_AUTO, REPORT_BY_WEEK, REPORT_BY_MONTH };

struct report_request {
	enum report_kind kind;
	struct report_period period;   /* ignored by followups, directory */
	struct report_filter filter;
	const char *today;
	int stale_months;              /* directory: a listing older is stale */
	enum report_step trend_by;     /* trend: weeks up to 92 days, else months */
};

/* Runs one report.  personal may be NULL for a report that does not
 * use it (directory).  The figures are as computed (REPORT_IN_FULL);
 * call report_suppress() before exporting. */
int report_run(struct store *personal, struct store *dir,
	       const struct report_request *req, struct report **out,
	       struct error *err);
void report_free(struct report *r);

/* Hides small numbers, for an export:
 * 1. every count of people or referrals from 1 to 4 becomes "<5" (0 is
 *    shown: it tells nothing about anyone);
 * 2. wherever a total is shown with parts that add up to it (a list and
 *    its total, a matrix's rows and columns and their margins, each step
 *    of a path and those who went no further), and the hidden parts
 *    could be narrowed down from the total to fewer than the four values
 *    1 to 4 each might be, the smallest other part above 0 is hidden
 *    too ("*"), or the total when no part is left; this repeats until no
 *    line of any table allows it;
 * 3. a figure computed from a hidden one (a share, a change) is hidden,
 *    as is a mean or median of fewer than 5; and a figure shown in two
 *    places is hidden in both.
 * Sets r->suppression to REPORT_SUPPRESSED (or leaves
 * REPORT_NOTHING_PERSONAL). */
void report_suppress(struct report *r);
/* For an export without suppression (--no-suppress): marks it so the
 * header says so (see report_may_show_in_full). */
void report_mark_unsuppressed(struct report *r);
/* Whether the directory's actor may export small numbers in full: a
 * coordinator or an admin.  Returns 0 when allowed, or -1 with
 * ERROR_DENIED. */
int report_may_show_in_full(const struct store *dir, struct error *err);

/* ---- Reading the result ----------------------------------------------- */

/* The cell at row, col. */
const struct report_cell *report_cell_at(const struct report_table *t, size_t row,
					 size_t col);
/* A cell as text: its figure ("12", "45.0", "+3"), "<5" or "*" when
 * hidden, and empty_text for no figure.  Newly allocated. */
char *report_cell_format(const struct report_table *t, size_t row, size_t col,
			 const char *empty_text);
/* The same without allocating: the cell's own text, empty_text, or the
 * figure written into buf. */
enum { REPORT_CELL_BUF = 64 };
const char *report_cell_text(const struct report_table *t, size_t row, size_t col,
			     const char *empty_text, char buf[REPORT_CELL_BUF]);
/* The table's column with this key, or -1. */
long report_column_index(const struct report_table *t, const char *key);
/* The first column with these flags, or -1. */
long report_column_with(const struct report_table *t, unsigned flags);
/* The table with this key, or NULL. */
const struct report_table *report_table_find(const struct report *r, const char *key);
/* The largest figure in column col over the rows that are not totals
 * (for a chart's scale); 0 when none. */
double report_column_max(const struct report_table *t, size_t col);

/* The header as lines: the title, the period (and the one it is
 * compared with) or "as at", the filters, and what was done about small
 * numbers.  Appended to out. */
int report_header_lines(const struct report *r, struct strlist *out);

enum report_format { REPORT_FORMAT_TSV, REPORT_FORMAT_CSV, REPORT_FORMAT_JSON };

/* Writes the report:
 * - tsv: header lines starting "# ", then each table as a "# table KEY:
 *   TITLE" line, a line of column keys, its rows, its how lines ("# how
 *   ...") and a blank line; the notes last, as "# " lines;
 * - csv (RFC 4180): rows naming the report, period, filters and
 *   suppression, then each table as a "table,KEY,TITLE" row, a row of
 *   column labels, its rows and "how" rows, and a blank row;
 * - with only_table (tsv and csv), that table alone: its column keys
 *   (tsv) or labels (csv) and its rows, nothing else: a rectangle for a
 *   spreadsheet;
 * - json: one object (see signpost(1), REPORTS); with only_table, its
 *   "tables" holds that one.
 * Hidden figures are written "<5" and "*"; no figure is empty (csv, tsv)
 * or null (json).  Returns 0, or -1 with err when writing failed or
 * only_table names no table. */
int report_write(const struct report *r, enum report_format format,
		 const char *only_table, FILE *out, struct error *err);

#endif
