#include "config.h"

#include "core/report.h"
#include "core/access.h"
#include "core/report_impl.h"
#include "core/asset_store.h"
#include "core/referral.h"
#include "core/taxonomy.h"

#include <stdarg.h>
#include <stdio.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* ---- Kinds -------------------------------------------------------------- */

#define P REPORT_USES_PERIOD
#define D REPORT_USES_PERSONAL
#define F REPORT_USES_REFERRAL_FILTERS

static const struct {
	const char *name;
	const char *summary;
	unsigned uses;
	int (*build)(struct report_ctx *c);
} kinds[REPORT_KIND_COUNT] = {
	[REPORT_NEEDS] = { "needs", "referrals by need, compared with the previous period",
			   P | D | F, report_build_counts },
	[REPORT_SECTORS] = { "sectors", "referrals by the sector that runs the asset, "
			     "compared with the previous period", P | D | F, report_build_counts },
	[REPORT_LOCALITIES] = { "localities", "referrals by the places the asset serves, "
				"compared with the previous period", P | D | F,
				report_build_counts },
	[REPORT_ASSETS] = { "assets", "referrals by asset, compared with the previous period",
			    P | D | F, report_build_counts },
	[REPORT_WORKERS] = { "workers", "referrals by link worker, compared with the "
			     "previous period", P | D | F, report_build_counts },
	[REPORT_OUTCOMES] = { "outcomes", "the path from referral to completion, the "
			      "outcomes, and the days to first contact and to close",
			      P | D | F, report_build_outcomes },
	[REPORT_FOLLOWUPS] = { "followups", "open referrals by link worker: overdue, due "
			       "today and upcoming, as at today", D | F,
			       report_build_followups },
	[REPORT_GAPS] = { "gaps", "need and place ranked by shortfall: unmet needs and "
			  "unsuitable outcomes against the open assets", P | D | F,
			  report_build_gaps },
	[REPORT_ECOSYSTEM] = { "ecosystem", "referrals by need and sector; needs that "
			       "depend on one sector or asset; assets never referred",
			       P | D | F, report_build_ecosystem },
	[REPORT_DIRECTORY] = { "directory", "listing health: stale listings, open flags, "
			       "full or closed assets, likely duplicates, as at today", 0,
			       report_build_directory },
	[REPORT_WELLBEING] = { "wellbeing", "ONS4 wellbeing: the change from first to latest "
			       "scores", P | D, report_build_wellbeing },
	[REPORT_TREND] = { "trend", "referrals a week or a month across the period",
			   P | D | F, report_build_trend },
};

#undef P
#undef D
#undef F

const char *report_kind_name(enum report_kind k)
{
	return (unsigned)k < REPORT_KIND_COUNT ? kinds[k].name : NULL;
}

int report_kind_parse(const char *s, enum report_kind *out)
{
	for (int i = 0; s && i < REPORT_KIND_COUNT; i++)
		if (strcmp(s, kinds[i].name) == 0) {
			*out = (enum report_kind)i;
			return 0;
		}
	return -1;
}

const char *report_kind_summary(enum report_kind k)
{
	return (unsigned)k < REPORT_KIND_COUNT ? kinds[k].summary : "";
}

unsigned report_kind_uses(enum report_kind k)
{
	return (unsigned)k < REPORT_KIND_COUNT ? kinds[k].uses : 0;
}

/* ---- Periods -------------------------------------------------------------- */

static long ymd_days(int y, int m, int d)
{
	char s[48];
	snprintf(s, sizeof s, "%04d-%02d-%02d", y, m, d);
	return date_days(s);
}

static void set_period(struct report_period *p, long from, long to, const char *preset)
{
	long days = to - from + 1;
	date_from_days(from, p->from);
	date_from_days(to, p->to);
	date_from_days(from - days, p->prev_from);
	date_from_days(from - 1, p->prev_to);
	snprintf(p->preset, sizeof p->preset, "%s", preset ? preset : "");
	p->days = days;
}

static const char *const preset_names =
	"this-week, this-month, this-quarter, this-year, last-12-months, last-week, "
	"last-month, last-quarter, last-year";

int report_period_preset(const char *name, const char *today, struct report_period *out,
			 struct error *err)
{
	int y, m, d;
	if (date_parse(today, &y, &m, &d) < 0)
		return error_set(err, ERROR_INPUT, "'%s' is not a date", today);
	long t = date_days(today);
	int q = (m - 1) / 3 * 3 + 1;   /* the quarter's first month */
	long from, to = t;
	if (strcmp(name, "this-week") == 0) {
		from = t - date_weekday(today);
	} else if (strcmp(name, "this-month") == 0) {
		from = ymd_days(y, m, 1);
	} else if (strcmp(name, "this-quarter") == 0) {
		from = ymd_days(y, q, 1);
	} else if (strcmp(name, "this-year") == 0) {
		from = ymd_days(y, 1, 1);
	} else if (strcmp(name, "last-12-months") == 0) {
		/* The day after this day a year ago (29 February: 1 March). */
		from = ymd_days(y - 1, m, m == 2 && d == 29 ? 28 : d) + 1;
	} else if (strcmp(name, "last-week") == 0) {
		to = t - date_weekday(today) - 1;
		from = to - 6;
	} else if (strcmp(name, "last-month") == 0) {
		to = ymd_days(y, m, 1) - 1;
		from = ymd_days(m == 1 ? y - 1 : y, m == 1 ? 12 : m - 1, 1);
	} else if (strcmp(name, "last-quarter") == 0) {
		to = ymd_days(y, q, 1) - 1;
		from = ymd_days(q == 1 ? y - 1 : y, q == 1 ? 10 : q - 3, 1);
	} else if (strcmp(name, "last-year") == 0) {
		from = ymd_days(y - 1, 1, 1);
		to = ymd_days(y - 1, 12, 31);
	} else {
		return error_set(err, ERROR_INPUT, "unknown period '%s' (periods: %s; or give "
				 "--from and --to)", name, preset_names);
	}
	set_period(out, from, to, name);
	return 0;
}

int report_period_dates(const char *from, const char *to, const char *today,
			struct report_period *out, struct error *err)
{
	const char *ends[2] = { from, to && *to ? to : "today" };
	for (int i = 0; i < 2; i++) {
		if (strcmp(ends[i], "today") == 0)
			ends[i] = today;
		else if (!date_valid(ends[i]))
			return error_set(err, ERROR_INPUT, "'%s' is not a date: write YYYY-MM-DD "
					 "or today", ends[i]);
	}
	if (strcmp(ends[0], ends[1]) > 0)
		return error_set(err, ERROR_INPUT, "the period ends (%s) before it starts (%s)",
				 ends[1], ends[0]);
	set_period(out, date_days(ends[0]), date_days(ends[1]), NULL);
	return 0;
}

char *report_period_describe(const struct report_period *p)
{
	char *s = NULL;
	if (asprintf(&s, "%s to %s (%s%s%ld day%s)", p->from, p->to, p->preset,
		     *p->preset ? ", " : "", p->days, p->days == 1 ? "" : "s") < 0)
		return NULL;
	return s;
}

/* ---- Filters ---------------------------------------------------------------- */

int report_filter_empty(const struct report_filter *f)
{
	return !f->worker && !f->asset && !f->need && !f->sector && !f->locality &&
	       !f->status && !f->client;
}

int report_filter_check(struct store *dir, const struct report_filter *f,
			struct error *err)
{
	const struct { enum taxonomy_kind kind; const char *id; } items[] = {
		{ TAXONOMY_NEED, f->need },
		{ TAXONOMY_SECTOR, f->sector },
		{ TAXONOMY_LOCALITY, f->locality },
	};
	for (size_t i = 0; i < sizeof items / sizeof items[0]; i++) {
		if (!items[i].id)
			continue;
		int known = taxonomy_exists(dir, items[i].kind, items[i].id, err);
		if (known <= 0)
			return known < 0 ? -1 : taxonomy_unknown(dir, items[i].kind, items[i].id,
								 NULL, err);
	}
	if (f->asset) {
		int known = asset_exists(dir, f->asset, err);
		if (known <= 0)
			return known < 0 ? -1 : error_set(err, ERROR_INPUT,
							  "no asset with the id '%s'", f->asset);
	}
	enum referral_status s;
	if (f->status && strcmp(f->status, "open") != 0 && strcmp(f->status, "closed") != 0 &&
	    referral_status_parse(f->status, &s) < 0)
		return error_set(err, ERROR_INPUT, "unknown status '%s' (open, closed; referred, "
				 "contacted, attending; completed, declined, not-attended, "
				 "unsuitable, lost-contact)", f->status);
	return 0;
}

int report_filter_describe(const struct report_filter *f, struct strlist *out)
{
	const struct { const char *what; const char *value; const char *more; } items[] = {
		{ "worker", f->worker, "" },
		{ "asset", f->asset, "" },
		{ "need", f->need, " and its sub-needs" },
		{ "sector", f->sector, "" },
		{ "locality", f->locality, " and the places within it" },
		{ "status", f->status, "" },
		{ "client", f->client, "" },
	};
	for (size_t i = 0; i < sizeof items / sizeof items[0]; i++) {
		if (!items[i].value)
			continue;
		char *s = NULL;
		if (asprintf(&s, "%s %s%s", items[i].what, items[i].value, items[i].more) < 0 ||
		    strlist_take(out, s) < 0)
			return -1;
	}
	return 0;
}

void report_filter_sql_referral(struct strbuf *sb, const struct report_filter *f)
{
	if (f->worker)
		strbuf_puts(sb, " AND r.worker = :worker");
	if (f->asset)
		strbuf_puts(sb, " AND r.asset_id = :asset");
	if (f->client)
		strbuf_puts(sb, " AND r.client = :client");
	if (f->status && strcmp(f->status, "open") == 0)
		strbuf_puts(sb, " AND r.closed_on IS NULL");
	else if (f->status && strcmp(f->status, "closed") == 0)
		strbuf_puts(sb, " AND r.closed_on IS NOT NULL");
	else if (f->status)
		strbuf_puts(sb, " AND r.status = :status");
	if (f->need)
		strbuf_puts(sb, " AND r.id IN (SELECT rn.referral FROM referral_need rn"
			    " WHERE rn.need IN (SELECT descendant FROM dir.need_tree"
			    " WHERE ancestor = :need))");
	if (f->sector)
		strbuf_puts(sb, " AND r.asset_id IN (SELECT id FROM dir.asset"
			    " WHERE sector = :sector)");
	if (f->locality)
		strbuf_puts(sb, " AND r.asset_id IN (SELECT fa.id FROM dir.asset fa"
			    " JOIN dir.asset_locality fl ON fl.asset = fa.num"
			    " WHERE fl.locality IN (SELECT descendant FROM dir.locality_tree"
			    " WHERE ancestor = :locality))");
}

void report_filter_sql_unmet(struct strbuf *sb, const struct report_filter *f)
{
	if (f->worker)
		strbuf_puts(sb, " AND u.worker = :worker");
	if (f->need)
		strbuf_puts(sb, " AND u.id IN (SELECT fu.unmet FROM unmet_need_need fu"
			    " WHERE fu.need IN (SELECT descendant FROM dir.need_tree"
			    " WHERE ancestor = :need))");
	if (f->locality)
		strbuf_puts(sb, " AND u.locality IN (SELECT descendant FROM dir.locality_tree"
			    " WHERE ancestor = :locality)");
	/* An unmet need has no asset, so no sector either: those filters
	 * leave it out. */
	if (f->asset || f->sector)
		strbuf_puts(sb, " AND 0");
}

static void bind_name(sqlite3_stmt *stmt, const char *name, const char *value)
{
	int i = sqlite3_bind_parameter_index(stmt, name);
	if (i > 0)
		sqlite3_bind_text(stmt, i, value, -1, SQLITE_TRANSIENT);
}

void report_bind(sqlite3_stmt *stmt, const struct report_period *p, int has_period,
		 const struct report_filter *f, const char *today, int stale_months)
{
	if (has_period) {
		bind_name(stmt, ":from", p->from);
		bind_name(stmt, ":to", p->to);
		bind_name(stmt, ":pfrom", p->prev_from);
		bind_name(stmt, ":pto", p->prev_to);
	}
	bind_name(stmt, ":today", today);
	int i = sqlite3_bind_parameter_index(stmt, ":stale");
	if (i > 0)
		sqlite3_bind_int(stmt, i, stale_months);
	const char *names[] = { ":worker", ":asset", ":need", ":sector", ":locality",
				":status", ":client" };
	const char *values[] = { f->worker, f->asset, f->need, f->sector, f->locality,
				 f->status, f->client };
	for (size_t k = 0; k < sizeof names / sizeof names[0]; k++)
		if (values[k])
			bind_name(stmt, names[k], values[k]);
}

/* ---- Attaching the directory ---------------------------------------------- */

/* A URI for a file name: "file:" and the path with every byte outside
 * the unreserved ones percent-encoded, then "?mode=ro". */
static char *read_only_uri(const char *path, int immutable)
{
	static const char hex[] = "0123456789ABCDEF";
	struct strbuf sb = STRBUF_INIT;
	strbuf_puts(&sb, "file:");
	for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || strchr("/._-~", *p)) {
			strbuf_putc(&sb, (char)*p);
		} else {
			strbuf_putc(&sb, '%');
			strbuf_putc(&sb, hex[*p >> 4]);
			strbuf_putc(&sb, hex[*p & 15]);
		}
	}
	strbuf_puts(&sb, immutable ? "?mode=ro&immutable=1" : "?mode=ro");
	return strbuf_detach(&sb);
}

int report_attach(struct store *personal, struct store *dir, struct error *err)
{
	sqlite3 *db = store_db(personal);
	sqlite3_stmt *stmt;
	int rc = sqlite3_prepare_v2(db, "SELECT 1 FROM pragma_database_list WHERE name = 'dir'",
				    -1, &stmt, NULL);
	if (rc != SQLITE_OK)
		return store_fail(personal, rc, "cannot read the attached files", err);
	rc = sqlite3_step(stmt);
	sqlite3_finalize(stmt);
	if (rc == SQLITE_ROW)
		return 0;
	/* Read-only, so that no statement run here can change the directory.
	 * Debian's SQLite takes URI file names (SQLITE_USE_URI); one that
	 * did not would take "file:..." for a file name, so it gets the
	 * plain path instead (and only reads, as every report does). */
	const char *path = store_path(dir);
	char *name = sqlite3_compileoption_used("USE_URI")
		? read_only_uri(path, store_immutable(dir)) : strdup(path);
	if (!name)
		return error_nomem(err);
	rc = sqlite3_prepare_v2(db, "ATTACH DATABASE ?1 AS dir", -1, &stmt, NULL);
	if (rc == SQLITE_OK) {
		sqlite3_bind_text(stmt, 1, name, -1, SQLITE_STATIC);
		rc = sqlite3_step(stmt);
		rc = rc == SQLITE_DONE ? SQLITE_OK : sqlite3_errcode(db);
		sqlite3_finalize(stmt);
	}
	free(name);
	if (rc != SQLITE_OK)
		return store_fail(personal, rc, "cannot read the directory beside it", err);
	return 0;
}

/* ---- Building -------------------------------------------------------------- */

static char *dup_or_null(struct report *r, const char *s)
{
	if (!s)
		return NULL;
	char *copy = strdup(s);
	if (!copy)
		r->failed = 1;
	return copy;
}

struct report_table *report_add_table(struct report *r, const char *key, const char *title,
				      const char *how, const char *empty)
{
	if (r->failed)
		return NULL;
	struct report_table **list = realloc(r->table, (r->ntable + 1) * sizeof *list);
	if (!list) {
		r->failed = 1;
		return NULL;
	}
	r->table = list;
	/* Each table is allocated on its own, so that a pointer to one
	 * stays good while more are added. */
	struct report_table *t = calloc(1, sizeof *t);
	if (!t) {
		r->failed = 1;
		return NULL;
	}
	list[r->ntable++] = t;
	t->key = dup_or_null(r, key);
	t->title = dup_or_null(r, title);
	t->how = dup_or_null(r, how);
	t->empty = dup_or_null(r, empty);
	return t;
}

void report_add_column(struct report *r, struct report_table *t, const char *key,
		       const char *label, enum report_value kind, unsigned flags,
		       const char *how)
{
	if (r->failed || !t)
		return;
	/* Columns come before rows. */
	if (t->nrow) {
		r->failed = 1;
		return;
	}
	struct report_column *c = realloc(t->col, (t->ncol + 1) * sizeof *c);
	if (!c) {
		r->failed = 1;
		return;
	}
	t->col = c;
	c = &c[t->ncol++];
	c->key = dup_or_null(r, key);
	c->label = dup_or_null(r, label);
	c->how = dup_or_null(r, how);
	c->kind = kind;
	c->flags = flags;
}

size_t report_add_row(struct report *r, struct report_table *t, unsigned flags)
{
	if (r->failed || !t || !t->ncol)
		return (size_t)-1;
	if (t->nrow == t->cap) {
		size_t cap = t->cap ? t->cap * 2 : 16;
		struct report_cell *cell = realloc(t->cell, cap * t->ncol * sizeof *cell);
		if (!cell) {
			r->failed = 1;
			return (size_t)-1;
		}
		t->cell = cell;
		unsigned *rf = realloc(t->row_flags, cap * sizeof *rf);
		if (!rf) {
			r->failed = 1;
			return (size_t)-1;
		}
		t->row_flags = rf;
		t->cap = cap;
	}
	size_t row = t->nrow++;
	t->row_flags[row] = flags;
	for (size_t c = 0; c < t->ncol; c++) {
		struct report_cell *cell = &t->cell[row * t->ncol + c];
		memset(cell, 0, sizeof *cell);
		cell->state = REPORT_EMPTY;
		cell->dep[0] = cell->dep[1] = cell->dep[2] = -1;
	}
	return row;
}

static struct report_cell *cell_for(struct report_table *t, size_t row, size_t col)
{
	if (!t || row >= t->nrow || col >= t->ncol)
		return NULL;
	return &t->cell[row * t->ncol + col];
}

void report_set_text(struct report *r, struct report_table *t, size_t row, size_t col,
		     const char *s)
{
	struct report_cell *c = cell_for(t, row, col);
	if (!c || !s)
		return;
	free(c->text);
	c->text = dup_or_null(r, s);
	c->state = c->text ? REPORT_SHOWN : REPORT_EMPTY;
}

void report_set_value(struct report_table *t, size_t row, size_t col, double v)
{
	struct report_cell *c = cell_for(t, row, col);
	if (!c)
		return;
	c->value = v;
	c->state = REPORT_SHOWN;
}

void report_set_derived(struct report_table *t, size_t row, size_t col, double v,
			long dep0, long dep1, long dep2)
{
	struct report_cell *c = cell_for(t, row, col);
	if (!c)
		return;
	c->value = v;
	c->state = REPORT_SHOWN;
	c->dep[0] = dep0;
	c->dep[1] = dep1;
	c->dep[2] = dep2;
}

long report_cell_index(const struct report_table *t, size_t row, size_t col)
{
	if (!t || row >= t->nrow || col >= t->ncol)
		return -1;
	return (long)(row * t->ncol + col);
}

size_t report_table_index(const struct report *r, const struct report_table *t)
{
	for (size_t i = 0; i < r->ntable; i++)
		if (r->table[i] == t)
			return i;
	return (size_t)-1;
}

void report_add_line(struct report *r, const struct report_table *t, long total,
		     const long *parts, size_t nparts)
{
	if (r->failed || !t || total < 0)
		return;
	struct report_line *l = realloc(r->line, (r->nline + 1) * sizeof *l);
	if (!l) {
		r->failed = 1;
		return;
	}
	r->line = l;
	l = &l[r->nline];
	size_t ti = report_table_index(r, t);
	if (ti == (size_t)-1)
		return;
	l->total = (struct report_ref){ ti, (size_t)total };
	l->part = calloc(nparts ? nparts : 1, sizeof *l->part);
	if (!l->part) {
		r->failed = 1;
		return;
	}
	l->nparts = 0;
	for (size_t i = 0; i < nparts; i++)
		if (parts[i] >= 0)
			l->part[l->nparts++] = (struct report_ref){ ti, (size_t)parts[i] };
	r->nline++;
}

void report_add_link(struct report *r, const struct report_table *ta, long a,
		     const struct report_table *tb, long b)
{
	if (r->failed || !ta || !tb || a < 0 || b < 0)
		return;
	struct report_link *l = realloc(r->link, (r->nlink + 1) * sizeof *l);
	if (!l) {
		r->failed = 1;
		return;
	}
	r->link = l;
	l[r->nlink++] = (struct report_link){
		{ report_table_index(r, ta), (size_t)a },
		{ report_table_index(r, tb), (size_t)b },
	};
}

void report_note(struct report *r, const char *fmt, ...)
{
	if (r->failed)
		return;
	va_list ap;
	va_start(ap, fmt);
	char *s = NULL;
	if (vasprintf(&s, fmt, ap) < 0)
		s = NULL;
	va_end(ap);
	if (strlist_take(&r->notes, s) < 0)
		r->failed = 1;
}

double report_share(double part, double whole)
{
	return whole > 0 ? part * 100.0 / whole : -1;
}

/* ---- Statements ------------------------------------------------------------ */

sqlite3_stmt *report_prepare(struct report_ctx *c, const char *sql)
{
	struct store *s = c->personal ? c->personal : c->dir;
	sqlite3_stmt *stmt;
	int rc = sqlite3_prepare_v2(store_db(s), sql, -1, &stmt, NULL);
	if (rc != SQLITE_OK) {
		store_fail(s, rc, "cannot prepare a report's query", c->err);
		return NULL;
	}
	report_bind(stmt, &c->req->period, c->r->has_period, &c->req->filter,
		    c->req->today, c->req->stale_months);
	return stmt;
}

int report_step(struct report_ctx *c, sqlite3_stmt *stmt)
{
	int rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW)
		return 1;
	if (rc == SQLITE_DONE)
		return 0;
	store_fail(c->personal ? c->personal : c->dir, rc, "cannot compute a report", c->err);
	sqlite3_finalize(stmt);
	return -1;
}

const char *report_col_text(sqlite3_stmt *stmt, int col)
{
	const unsigned char *s = sqlite3_column_text(stmt, col);
	return s ? (const char *)s : "";
}

/* ---- Running ---------------------------------------------------------------- */

static const char *const titles[REPORT_KIND_COUNT] = {
	[REPORT_NEEDS] = "Referrals by need",
	[REPORT_SECTORS] = "Referrals by sector",
	[REPORT_LOCALITIES] = "Referrals by locality",
	[REPORT_ASSETS] = "Referrals by asset",
	[REPORT_WORKERS] = "Referrals by link worker",
	[REPORT_OUTCOMES] = "Outcomes of referrals",
	[REPORT_FOLLOWUPS] = "Follow-ups by link worker",
	[REPORT_GAPS] = "Gaps: needs that go unmet, by place",
	[REPORT_ECOSYSTEM] = "The ecosystem: which sectors the referrals reach",
	[REPORT_DIRECTORY] = "Directory listing health",
	[REPORT_WELLBEING] = "Wellbeing: ONS4 scores, first and latest",
	[REPORT_TREND] = "Referrals over time",
};

int report_run(struct store *personal, struct store *dir,
	       const struct report_request *req, struct report **out,
	       struct error *err)
{
	*out = NULL;
	if ((unsigned)req->kind >= REPORT_KIND_COUNT)
		return error_set(err, ERROR_INPUT, "no such report");
	unsigned uses = kinds[req->kind].uses;
	/* A report on the listings alone is the volunteers' work too. */
	if ((uses & REPORT_USES_PERSONAL)
	    ? access_check(dir, PERM_REPORTS, err) < 0 ||
	      (personal && access_check(personal, PERM_REPORTS, err) < 0)
	    : access_check_any(dir, PERM_REPORTS, PERM_EDIT_LISTINGS, err) < 0)
		return -1;
	if ((uses & REPORT_USES_PERSONAL) && !personal)
		return error_set(err, ERROR_DENIED, "the %s report needs the personal-data file",
				 kinds[req->kind].name);
	if (!(uses & REPORT_USES_REFERRAL_FILTERS) && !report_filter_empty(&req->filter))
		return error_set(err, ERROR_INPUT, "the %s report takes no filters",
				 kinds[req->kind].name);
	if (req->filter.status || req->filter.client)
		return error_set(err, ERROR_INPUT, "reports take no status or client filter "
				 "(the log does)");
	if (report_filter_check(dir, &req->filter, err) < 0)
		return -1;

	struct report *r = calloc(1, sizeof *r);
	if (!r)
		return error_nomem(err);
	r->kind = req->kind;
	r->title = dup_or_null(r, titles[req->kind]);
	snprintf(r->today, sizeof r->today, "%s", req->today);
	r->has_period = !!(uses & REPORT_USES_PERIOD);
	if (r->has_period)
		r->period = req->period;
	r->suppression = (uses & REPORT_USES_PERSONAL) ? REPORT_IN_FULL
						       : REPORT_NOTHING_PERSONAL;
	if (report_filter_describe(&req->filter, &r->filters) < 0)
		r->failed = 1;

	struct report_ctx c = {
		.personal = (uses & REPORT_USES_PERSONAL) ? personal : NULL,
		.dir = dir, .req = req, .r = r, .err = err,
		.referral_filter = STRBUF_INIT, .unmet_filter = STRBUF_INIT,
	};
	report_filter_sql_referral(&c.referral_filter, &req->filter);
	report_filter_sql_unmet(&c.unmet_filter, &req->filter);
	strbuf_puts(&c.referral_filter, "");
	strbuf_puts(&c.unmet_filter, "");
	struct store *db = c.personal ? c.personal : dir;
	int rc = 0;
	if (c.personal)
		rc = report_attach(c.personal, dir, err);
	/* One read transaction, so the figures agree with each other. */
	if (rc == 0)
		rc = store_begin_read(db, err);
	if (rc == 0) {
		rc = kinds[req->kind].build(&c);
		store_rollback(db);
	}
	if (rc == 0 && (r->failed || c.referral_filter.failed || c.unmet_filter.failed))
		rc = error_nomem(err);
	strbuf_free(&c.referral_filter);
	strbuf_free(&c.unmet_filter);
	if (rc < 0) {
		report_free(r);
		return -1;
	}
	*out = r;
	return 0;
}

static void table_free(struct report_table *t)
{
	free(t->key);
	free(t->title);
	free(t->how);
	free(t->empty);
	for (size_t i = 0; i < t->ncol; i++) {
		free(t->col[i].key);
		free(t->col[i].label);
		free(t->col[i].how);
	}
	free(t->col);
	for (size_t i = 0; i < t->nrow * t->ncol; i++)
		free(t->cell[i].text);
	free(t->cell);
	free(t->row_flags);
	free(t);
}

void report_free(struct report *r)
{
	if (!r)
		return;
	free(r->title);
	strlist_clear(&r->filters);
	for (size_t i = 0; i < r->ntable; i++)
		table_free(r->table[i]);
	free(r->table);
	strlist_clear(&r->notes);
	for (size_t i = 0; i < r->nline; i++)
		free(r->line[i].part);
	free(r->line);
	free(r->link);
	free(r);
}

/* ---- Reading ---------------------------------------------------------------- */

const struct report_cell *report_cell_at(const struct report_table *t, size_t row,
					 size_t col)
{
	if (!t || row >= t->nrow || col >= t->ncol)
		return NULL;
	return &t->cell[row * t->ncol + col];
}

/* A whole number as %.0f prints it, with its sign when sign: printf's
 * float formatting was most of the time of writing a large table. */
static int put_whole(char *buf, double v, int sign)
{
	if (!(v > -1e15 && v < 1e15) || v != (double)(long long)v || (v == 0 && signbit(v)))
		return 0;
	long long n = (long long)v;
	char digits[24];
	int k = 0;
	unsigned long long u = n < 0 ? (unsigned long long)-n : (unsigned long long)n;
	do {
		digits[k++] = (char)('0' + u % 10);
		u /= 10;
	} while (u);
	char *p = buf;
	if (n < 0)
		*p++ = '-';
	else if (sign)
		*p++ = '+';
	while (k)
		*p++ = digits[--k];
	*p = '\0';
	return 1;
}

/* The same with one decimal place, for a whole number only. */
static int put_whole_1(char *buf, double v, int sign)
{
	if (!put_whole(buf, v, sign))
		return 0;
	strcat(buf, ".0");
	return 1;
}

const char *report_cell_text(const struct report_table *t, size_t row, size_t col,
			     const char *empty_text, char buf[REPORT_CELL_BUF])
{
	const struct report_cell *c = report_cell_at(t, row, col);
	if (!c || c->state == REPORT_EMPTY)
		return empty_text ? empty_text : "";
	if (c->state == REPORT_SMALL)
		return "<5";
	if (c->state == REPORT_HIDDEN)
		return "*";
	double v = c->value;
	int zero = v < 0.05 && v > -0.05;
	switch (t->col[col].kind) {
	case REPORT_TEXT:
		return c->text ? c->text : "";
	case REPORT_COUNT:
		if (!put_whole(buf, v, 0))
			snprintf(buf, REPORT_CELL_BUF, "%.0f", v);
		break;
	case REPORT_PERCENT:
	case REPORT_NUMBER:
		if (zero)
			strcpy(buf, "0.0");
		else if (!put_whole_1(buf, v, 0))
			snprintf(buf, REPORT_CELL_BUF, "%.1f", v);
		break;
	case REPORT_CHANGE:
		if (v < 0.5 && v > -0.5)
			strcpy(buf, "0");
		else if (!put_whole(buf, v, 1))
			snprintf(buf, REPORT_CELL_BUF, "%+.0f", v);
		break;
	case REPORT_CHANGE_NUMBER:
		if (zero)
			strcpy(buf, "0.0");
		else if (!put_whole_1(buf, v, 1))
			snprintf(buf, REPORT_CELL_BUF, "%+.1f", v);
		break;
	default:
		buf[0] = '\0';
	}
	return buf;
}

char *report_cell_format(const struct report_table *t, size_t row, size_t col,
			 const char *empty_text)
{
	char buf[REPORT_CELL_BUF];
	return strdup(report_cell_text(t, row, col, empty_text, buf));
}

long report_column_index(const struct report_table *t, const char *key)
{
	for (size_t i = 0; t && i < t->ncol; i++)
		if (t->col[i].key && strcmp(t->col[i].key, key) == 0)
			return (long)i;
	return -1;
}

long report_column_with(const struct report_table *t, unsigned flags)
{
	for (size_t i = 0; t && i < t->ncol; i++)
		if ((t->col[i].flags & flags) == flags)
			return (long)i;
	return -1;
}

const struct report_table *report_table_find(const struct report *r, const char *key)
{
	for (size_t i = 0; i < r->ntable; i++)
		if (r->table[i]->key && strcmp(r->table[i]->key, key) == 0)
			return r->table[i];
	return NULL;
}

double report_column_max(const struct report_table *t, size_t col)
{
	double max = 0;
	for (size_t row = 0; t && col < t->ncol && row < t->nrow; row++) {
		if (t->row_flags[row] & (REPORT_ROW_TOTAL | REPORT_ROW_SUBTOTAL))
			continue;
		const struct report_cell *c = &t->cell[row * t->ncol + col];
		if (c->state != REPORT_EMPTY && c->value > max)
			max = c->value;
	}
	return max;
}

static const char *suppression_line(enum report_suppression s)
{
	switch (s) {
	case REPORT_IN_FULL:
		return "Small numbers: shown in full here; exports (csv, json, tsv) write "
		       "counts of 1 to 4 as <5.";
	case REPORT_SUPPRESSED:
		return "Small numbers: counts of 1 to 4 are written <5, and * hides a figure "
		       "that would let one be worked out.";
	case REPORT_NOT_SUPPRESSED:
		return "Small numbers: SUPPRESSION IS OFF (--no-suppress): counts of 1 to 4 "
		       "are shown; for internal use only, not to be shared.";
	case REPORT_NOTHING_PERSONAL:
	default:
		return "Small numbers: nothing here counts people, so nothing is hidden.";
	}
}

int report_header_lines(const struct report *r, struct strlist *out)
{
	char *s = NULL;
	int rc = strlist_add(out, r->title);
	if (r->has_period) {
		char *p = report_period_describe(&r->period);
		if (!p || asprintf(&s, "Period: %s", p) < 0)
			s = NULL;
		free(p);
		rc |= strlist_take(out, s);
		if (r->compared) {
			if (asprintf(&s, "Compared with: %s to %s (the %ld day%s before)",
				     r->period.prev_from, r->period.prev_to, r->period.days,
				     r->period.days == 1 ? "" : "s") < 0)
				s = NULL;
			rc |= strlist_take(out, s);
		}
	} else {
		if (asprintf(&s, "As at: %s (today)", r->today) < 0)
			s = NULL;
		rc |= strlist_take(out, s);
	}
	char *filters = r->filters.count ? strlist_join(&r->filters, "; ") : strdup("none");
	if (!filters || asprintf(&s, "Filters: %s", filters) < 0)
		s = NULL;
	free(filters);
	rc |= strlist_take(out, s);
	rc |= strlist_add(out, suppression_line(r->suppression));
	return rc ? -1 : 0;
}

void report_mark_unsuppressed(struct report *r)
{
	if (r->suppression != REPORT_NOTHING_PERSONAL)
		r->suppression = REPORT_NOT_SUPPRESSED;
}

int report_may_show_in_full(const struct store *dir, struct error *err)
{
	return access_check(dir, PERM_IN_FULL, err);
}
