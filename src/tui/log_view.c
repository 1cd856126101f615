/* log_view: the coordinator's referral log (F5): every referral that
 * passes the filters, combined freely (a period, need, locality, sector,
 * link worker, status or outcome, client), sorted by any column, with
 * the totals of the whole filtered set on screen.  Enter opens one with
 * its full history. */
#include "config.h"

#include "core/referral_log.h"
#include "core/strbuf.h"
#include "tui/draw.h"
#include "tui/screens.h"
#include "tui/theme.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Rows read at a time: the totals always count them all. */
enum { LOG_PAGE = 500 };

enum log_filter_slot { SLOT_NEED, SLOT_LOCALITY, SLOT_SECTOR, SLOT_WORKER, SLOT_STATUS,
		       SLOT_CLIENT, SLOT_COUNT };

struct log_view {
	struct report_period period;
	int has_period;
	char *filter[SLOT_COUNT];    /* owned; NULL when not used */
	enum log_column sort;
	int descending;
	struct referral_log log;
	long selected, top;
	WINDOW *win;
};

void log_close(struct tui *t)
{
	struct log_view *v = t->log;
	if (!v)
		return;
	referral_log_free(&v->log);
	for (int i = 0; i < SLOT_COUNT; i++)
		free(v->filter[i]);
	if (v->win)
		delwin(v->win);
	free(v);
	t->log = NULL;
}

static int reload(struct tui *t)
{
	struct log_view *v = t->log;
	struct error err = ERROR_INIT;
	struct referral_log_query q = {
		.period = v->has_period ? &v->period : NULL,
		.filter = {
			.need = v->filter[SLOT_NEED], .locality = v->filter[SLOT_LOCALITY],
			.sector = v->filter[SLOT_SECTOR], .worker = v->filter[SLOT_WORKER],
			.status = v->filter[SLOT_STATUS], .client = v->filter[SLOT_CLIENT],
		},
		.sort = v->sort, .descending = v->descending, .limit = LOG_PAGE,
		.today = t->today,
	};
	struct referral_log log;
	if (report_attach(t->personal, t->dir, &err) < 0 ||
	    referral_log_run(t->personal, t->dir, &q, &log, &err) < 0) {
		tui_message(t, 1, "%s", error_message(&err));
		error_clear(&err);
		return -1;
	}
	referral_log_free(&v->log);
	v->log = log;
	v->selected = 0;
	v->top = 0;
	return 0;
}

unsigned log_open(struct tui *t)
{
	if (!t->personal) {
		tui_message(t, 1, "%s", t->personal_problem ? t->personal_problem
							    : "referrals are not open to you");
		return REDRAW_STATUS;
	}
	if (!t->log) {
		if (!(t->log = calloc(1, sizeof *t->log)))
			return REDRAW_NONE;
		t->log->sort = LOG_MADE;
		t->log->descending = 1;
		struct error err = ERROR_INIT;
		/* A month is what a coordinator looks at first. */
		t->log->has_period = report_period_preset("this-month", t->today,
							  &t->log->period, &err) == 0;
		error_clear(&err);
	}
	if (reload(t) < 0)
		return REDRAW_STATUS;
	help_close(t);
	t->screen = SCREEN_LOG;
	return REDRAW_ALL;
}

static void set_slot(struct tui *t, enum log_filter_slot slot, const char *value)
{
	struct log_view *v = t->log;
	free(v->filter[slot]);
	v->filter[slot] = value && *value ? strdup(value) : NULL;
	reload(t);
}

static unsigned slot_chosen(struct tui *t, void *ctx, const struct strlist *chosen)
{
	if (!t->log)
		return REDRAW_NONE;
	set_slot(t, (enum log_filter_slot)(long)ctx, chosen->count ? chosen->item[0] : NULL);
	return REDRAW_ALL;
}

static unsigned period_chosen(struct tui *t, void *ctx, const struct strlist *chosen)
{
	(void)ctx;
	struct log_view *v = t->log;
	if (!v || !chosen->count)
		return REDRAW_NONE;
	struct error err = ERROR_INIT;
	if (strcmp(chosen->item[0], "any") == 0) {
		v->has_period = 0;
	} else if (report_period_preset(chosen->item[0], t->today, &v->period, &err) == 0) {
		v->has_period = 1;
	} else {
		tui_message(t, 1, "%s", error_message(&err));
		error_clear(&err);
		return REDRAW_STATUS;
	}
	reload(t);
	return REDRAW_ALL;
}

static unsigned sort_chosen(struct tui *t, void *ctx, const struct strlist *chosen)
{
	(void)ctx;
	struct log_view *v = t->log;
	enum log_column column;
	int descending = 0;
	if (!v || !chosen->count || referral_log_sort_parse(chosen->item[0], &column,
							    &descending) < 0)
		return REDRAW_NONE;
	v->descending = v->sort == column ? !v->descending : column == LOG_MADE;
	v->sort = column;
	reload(t);
	return REDRAW_ALL;
}

static void worker_typed(struct tui *t, const char *answer)
{
	if (t->log)
		set_slot(t, SLOT_WORKER, answer);
}

static void client_typed(struct tui *t, const char *answer)
{
	if (t->log)
		set_slot(t, SLOT_CLIENT, answer);
}

unsigned log_choose_period(struct tui *t, int with_any, picker_done done)
{
	static const struct picker_choice presets[] = {
		{ "this-week", "this week" }, { "this-month", "this month" },
		{ "this-quarter", "this quarter" }, { "last-12-months", "the last 12 months" },
		{ "this-year", "this year" }, { "last-week", "last week" },
		{ "last-month", "last month" }, { "last-quarter", "last quarter" },
		{ "last-year", "last year" }, { "any", "any time" },
	};
	size_t n = sizeof presets / sizeof presets[0] - (with_any ? 0 : 1);
	return picker_open_choice(t, "Period", presets, n, done, NULL);
}

static unsigned choose_status(struct tui *t)
{
	struct picker_choice choices[REFERRAL_STATUS_COUNT + 2] = {
		{ "open", "open (referred, contacted, attending)" },
		{ "closed", "closed (any outcome)" },
	};
	for (int i = 0; i < REFERRAL_STATUS_COUNT; i++) {
		choices[2 + i].id = referral_status_name((enum referral_status)i);
		choices[2 + i].label = choices[2 + i].id;
	}
	return picker_open_choice(t, "Status or outcome", choices, REFERRAL_STATUS_COUNT + 2,
				  slot_chosen, (void *)(long)SLOT_STATUS);
}

static unsigned choose_sort(struct tui *t)
{
	struct picker_choice choices[LOG_COLUMN_COUNT];
	for (int i = 0; i < LOG_COLUMN_COUNT; i++) {
		choices[i].id = referral_log_column_name((enum log_column)i);
		choices[i].label = choices[i].id;
	}
	return picker_open_choice(t, "Sort by (again: the other way)", choices,
				  LOG_COLUMN_COUNT, sort_chosen, NULL);
}

unsigned log_key(struct tui *t, enum tui_action action)
{
	struct log_view *v = t->log;
	long last = v->log.count ? (long)v->log.count - 1 : 0;
	long page = v->win ? getmaxy(v->win) - 4 : 1;
	struct strlist now = STRLIST_INIT;
	unsigned flags;
	switch (action) {
	case ACTION_DOWN:
		v->selected = v->selected < last ? v->selected + 1 : last;
		return REDRAW_SCREEN;
	case ACTION_UP:
		v->selected = v->selected > 0 ? v->selected - 1 : 0;
		return REDRAW_SCREEN;
	case ACTION_PAGE_DOWN:
		v->selected = v->selected + page < last ? v->selected + page : last;
		return REDRAW_SCREEN;
	case ACTION_PAGE_UP:
		v->selected = v->selected > page ? v->selected - page : 0;
		return REDRAW_SCREEN;
	case ACTION_FIRST:
		v->selected = 0;
		return REDRAW_SCREEN;
	case ACTION_LAST:
		v->selected = last;
		return REDRAW_SCREEN;
	case ACTION_OPEN:
		return v->log.count ? referral_view_open(t, v->log.row[v->selected].id)
				    : REDRAW_NONE;
	case ACTION_PICK_NEED:
	case ACTION_PICK_LOCALITY:
	case ACTION_PICK_SECTOR: {
		enum picker_kind kind = action == ACTION_PICK_NEED ? PICK_NEED
				      : action == ACTION_PICK_LOCALITY ? PICK_LOCALITY : PICK_SECTOR;
		enum log_filter_slot slot = action == ACTION_PICK_NEED ? SLOT_NEED
					  : action == ACTION_PICK_LOCALITY ? SLOT_LOCALITY
									   : SLOT_SECTOR;
		if (v->filter[slot])
			strlist_add(&now, v->filter[slot]);
		flags = picker_open_multi(t, kind, 0, &now, slot_chosen, (void *)(long)slot);
		strlist_clear(&now);
		return flags;
	}
	case ACTION_PERIOD:
		return log_choose_period(t, 1, period_chosen);
	case ACTION_FILTER_STATUS:
		return choose_status(t);
	case ACTION_FILTER_WORKER:
		tui_prompt(t, "Link worker (a login; empty for all):",
			   v->filter[SLOT_WORKER] ? v->filter[SLOT_WORKER] : "", worker_typed);
		return REDRAW_STATUS;
	case ACTION_FILTER_CLIENT:
		tui_prompt(t, "Client reference (empty for all):",
			   v->filter[SLOT_CLIENT] ? v->filter[SLOT_CLIENT] : "", client_typed);
		return REDRAW_STATUS;
	case ACTION_SORT:
		return choose_sort(t);
	case ACTION_CLEAR_FILTERS:
		for (int i = 0; i < SLOT_COUNT; i++) {
			free(v->filter[i]);
			v->filter[i] = NULL;
		}
		reload(t);
		return REDRAW_ALL;
	case ACTION_BACK:
		t->screen = SCREEN_BROWSE;
		return REDRAW_ALL;
	default:
		return REDRAW_NONE;
	}
}

/* "this month; need: Bereavement; in: Harbourside": what is in force. */
static char *describe(struct tui *t)
{
	struct log_view *v = t->log;
	struct strbuf sb = STRBUF_INIT;
	char *period = v->has_period ? report_period_describe(&v->period) : NULL;
	strbuf_printf(&sb, "Made %s", period ? period : "at any time");
	free(period);
	static const char *const names[SLOT_COUNT] = {
		"need", "in", "sector", "worker", "status", "client",
	};
	static const int kinds[SLOT_COUNT] = {
		TAXONOMY_NEED, TAXONOMY_LOCALITY, TAXONOMY_SECTOR, -1, -1, -1,
	};
	for (int i = 0; i < SLOT_COUNT; i++)
		if (v->filter[i])
			strbuf_printf(&sb, "; %s: %s", names[i], kinds[i] >= 0
				      ? tui_label(t, (enum taxonomy_kind)kinds[i], v->filter[i])
				      : v->filter[i]);
	strbuf_printf(&sb, "; sorted by %s%s", referral_log_column_name(v->sort),
		      v->descending ? ", newest or last first" : "");
	return strbuf_detach(&sb);
}

void log_draw(struct tui *t)
{
	struct log_view *v = t->log;
	int rows = t->rows - 2, cols = t->cols;
	if (!v->win || getmaxy(v->win) != rows || getmaxx(v->win) != cols) {
		if (v->win)
			delwin(v->win);
		v->win = newwin(rows, cols, 1, 0);
	}
	WINDOW *w = v->win;
	if (!w)
		return;
	werase(w);
	char *what = describe(t);
	draw_text(w, 0, 1, what ? what : "", cols - 2, theme_attr(THEME_HEADING), 0);
	free(what);
	const struct referral_log_totals *tot = &v->log.totals;
	struct strbuf sb = STRBUF_INIT;
	strbuf_printf(&sb, "%ld referral%s: %ld open (%ld overdue), %ld closed", tot->referrals,
		      tot->referrals == 1 ? "" : "s", tot->open, tot->overdue, tot->closed);
	for (int i = REFERRAL_COMPLETED; i < REFERRAL_STATUS_COUNT; i++)
		if (tot->by_status[i])
			strbuf_printf(&sb, "%s%s %ld", i == REFERRAL_COMPLETED ? ": " : ", ",
				      referral_status_name((enum referral_status)i), tot->by_status[i]);
	if ((long)v->log.count < tot->referrals)
		strbuf_printf(&sb, "; the first %zu are listed", v->log.count);
	draw_text(w, 1, 1, strbuf_str(&sb), cols - 2, A_BOLD, 0);
	strbuf_free(&sb);
	int c_made = 11, c_client = 11, c_status = 13, c_follow = 11, c_worker = 10;
	int c_asset = cols - c_made - c_client - c_status - c_follow - c_worker - 6;
	if (c_asset < 12)
		c_asset = 12;
	attr_t header = theme_attr(THEME_HEADER);
	draw_fill(w, 2, 0, cols, header);
	int x = 0;
	const struct { const char *name; int width; } heads[] = {
		{ "MADE", c_made }, { "CLIENT", c_client }, { "ASSET", c_asset },
		{ "WORKER", c_worker }, { "STATUS", c_status }, { "FOLLOW UP", c_follow },
	};
	for (size_t i = 0; i < sizeof heads / sizeof heads[0]; i++)
		x += draw_text(w, 2, x, heads[i].name, heads[i].width, header, 1) + 1;
	if (v->log.count == 0)
		draw_text(w, 4, 2, "No referrals pass these filters: loosen them (x clears all).",
			  cols - 4, A_BOLD, 0);
	long page = rows - 3;
	if (v->selected >= v->top + page)
		v->top = v->selected - page + 1;
	if (v->selected < v->top)
		v->top = v->selected;
	for (long i = 0; i < page && v->top + i < (long)v->log.count; i++) {
		const struct referral_log_row *r = &v->log.row[v->top + i];
		attr_t attr = theme_attr(v->top + i == v->selected ? THEME_SELECTED
				       : r->overdue ? THEME_OVERDUE : THEME_ROW);
		int y = 3 + (int)i;
		draw_fill(w, y, 0, cols, attr);
		x = 0;
		x += draw_text(w, y, x, r->made, c_made, attr, 1) + 1;
		x += draw_text(w, y, x, r->client, c_client, attr, 1) + 1;
		x += draw_text(w, y, x, r->asset_name, c_asset, attr, 1) + 1;
		x += draw_text(w, y, x, r->worker, c_worker, attr, 1) + 1;
		x += draw_text(w, y, x, r->status, c_status, attr, 1) + 1;
		draw_text(w, y, x, r->follow_up ? r->follow_up : "", c_follow, attr, 1);
	}
	wnoutrefresh(w);
}
