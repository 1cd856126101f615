/* queue_view: the volunteers' work queue, oldest first: the flags link
 * workers raised, and the listings not verified within the staleness
 * threshold.  Enter opens the listing's form; V verifies it; x resolves
 * a flag, saying how. */
#include "config.h"

#include "core/flags.h"
#include "core/listing.h"
#include "core/queue.h"
#include "core/strbuf.h"
#include "tui/draw.h"
#include "tui/screens.h"
#include "tui/theme.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct queue_view {
	struct work_queue q;
	long selected, top;
	WINDOW *win;
};

void queue_close(struct tui *t)
{
	struct queue_view *v = t->queue;
	if (!v)
		return;
	queue_free(&v->q);
	if (v->win)
		delwin(v->win);
	free(v);
	t->queue = NULL;
}

static int reload(struct tui *t)
{
	struct queue_view *v = t->queue;
	struct error err = ERROR_INIT;
	queue_free(&v->q);
	if (queue_build(t->dir, t->today, stale_months_days(t->settings->stale_months), &v->q,
			&err) < 0) {
		tui_message(t, 1, "%s", error_message(&err));
		error_clear(&err);
		return -1;
	}
	if (v->selected >= (long)v->q.count)
		v->selected = v->q.count ? (long)v->q.count - 1 : 0;
	return 0;
}

unsigned queue_open(struct tui *t)
{
	if (!t->queue && !(t->queue = calloc(1, sizeof *t->queue)))
		return REDRAW_NONE;
	if (reload(t) < 0)
		return REDRAW_STATUS;
	help_close(t);
	t->screen = SCREEN_QUEUE;
	return REDRAW_ALL;
}

/* After a form saved from the queue: read it again. */
void queue_refresh(struct tui *t)
{
	if (t->queue)
		reload(t);
}

static const struct queue_item *current(struct tui *t)
{
	struct queue_view *v = t->queue;
	if (!v || v->selected < 0 || (size_t)v->selected >= v->q.count)
		return NULL;
	return &v->q.item[v->selected];
}

static void resolve_with_note(struct tui *t, const char *note)
{
	struct error err = ERROR_INIT;
	if (!*note)
		tui_message(t, 1, "Say how the flag was resolved (it goes into the record).");
	else if (flag_resolve(t->dir, t->pending.number, note, t->login, &err) < 0)
		tui_message(t, 1, "%s", error_message(&err));
	else
		tui_message(t, 0, "Flag %ld resolved.", t->pending.number);
	error_clear(&err);
	reload(t);
}

unsigned queue_verify(struct tui *t, const char *id)
{
	struct asset_save how = { .who = t->login };
	struct listing_result res;
	struct error err = ERROR_INIT;
	listing_result_init(&res);
	if (listing_verify(t->dir, id, t->today, &how, &res, &err) < 0)
		tui_message(t, 1, "%s", error_message(&err));
	else
		tui_message(t, 0, "Verified today by %s: %s.", t->login, id);
	listing_result_free(&res);
	error_clear(&err);
	queue_refresh(t);
	browser_invalidate(t);
	return REDRAW_ALL | SEARCH_AGAIN;
}

unsigned queue_key(struct tui *t, enum tui_action action)
{
	struct queue_view *v = t->queue;
	const struct queue_item *it = current(t);
	long last = v->q.count ? (long)v->q.count - 1 : 0;
	long page = v->win ? getmaxy(v->win) - 3 : 1;
	switch (action) {
	case ACTION_DOWN:
		v->selected = v->selected < last ? v->selected + 1 : last;
		return REDRAW_SCREEN | REDRAW_STATUS;
	case ACTION_UP:
		v->selected = v->selected > 0 ? v->selected - 1 : 0;
		return REDRAW_SCREEN | REDRAW_STATUS;
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
	case ACTION_EDIT:
		return it ? asset_form_edit(t, it->asset_id) : REDRAW_NONE;
	case ACTION_VERIFY:
		return it ? queue_verify(t, it->asset_id) : REDRAW_NONE;
	case ACTION_RESOLVE:
		if (!it || it->kind != QUEUE_FLAG) {
			tui_message(t, 1, "Only a flag is resolved: a stale listing is verified (V) "
				    "or edited (Enter).");
			return REDRAW_STATUS;
		}
		tui_pending(t, it->asset_id, it->flag_id, 0);
		tui_prompt(t, "How was the flag resolved?", "", resolve_with_note);
		return REDRAW_STATUS;
	case ACTION_HISTORY:
		return it ? history_open(t, it->asset_id, it->asset_name) : REDRAW_NONE;
	case ACTION_BACK:
		t->screen = SCREEN_BROWSE;
		return REDRAW_ALL;
	default:
		return REDRAW_NONE;
	}
}

void queue_draw(struct tui *t)
{
	struct queue_view *v = t->queue;
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
	long flags = 0;
	for (size_t i = 0; i < v->q.count; i++)
		flags += v->q.item[i].kind == QUEUE_FLAG;
	char heading[160];
	snprintf(heading, sizeof heading, "Work queue: %ld flag%s and %ld stale listing%s, "
		 "oldest first", flags, flags == 1 ? "" : "s", (long)v->q.count - flags,
		 (long)v->q.count - flags == 1 ? "" : "s");
	draw_text(w, 0, 1, heading, cols - 2, theme_attr(THEME_HEADING), 0);
	int c_kind = 14, c_since = 11, c_name = (cols - c_kind - c_since - 3) * 11 / 20;
	int c_what = cols - c_kind - c_since - c_name - 3;
	attr_t header = theme_attr(THEME_HEADER);
	draw_fill(w, 1, 0, cols, header);
	int x = 0;
	x += draw_text(w, 1, x, "WHAT", c_kind, header, 1) + 1;
	x += draw_text(w, 1, x, "SINCE", c_since, header, 1) + 1;
	x += draw_text(w, 1, x, "LISTING", c_name, header, 1) + 1;
	draw_text(w, 1, x, "DETAIL", c_what, header, 1);
	if (v->q.count == 0)
		draw_text(w, 3, 2, "Nothing waiting: every listing is fresh, and no flag is open.",
			  cols - 4, A_BOLD, 0);
	long page = rows - 2;
	if (v->selected >= v->top + page)
		v->top = v->selected - page + 1;
	if (v->selected < v->top)
		v->top = v->selected;
	for (long i = 0; i < page && v->top + i < (long)v->q.count; i++) {
		const struct queue_item *it = &v->q.item[v->top + i];
		attr_t attr = theme_attr(v->top + i == v->selected ? THEME_SELECTED
				       : it->kind == QUEUE_FLAG ? THEME_DUE : THEME_STALE);
		int y = 2 + (int)i;
		char kind[32];
		struct strbuf detail = STRBUF_INIT;
		if (it->kind == QUEUE_FLAG) {
			snprintf(kind, sizeof kind, "flag: %s", flag_reason_name(it->reason));
			strbuf_printf(&detail, "by %s%s%s", it->raised_by ? it->raised_by : "?",
				      it->note ? ": " : "", it->note ? it->note : "");
		} else {
			snprintf(kind, sizeof kind, "stale");
			if (it->age_days < 0)
				strbuf_puts(&detail, "never verified");
			else
				strbuf_printf(&detail, "verified %ld days ago%s%s", it->age_days,
					      it->verified_by ? " by " : "",
					      it->verified_by ? it->verified_by : "");
		}
		draw_fill(w, y, 0, cols, attr);
		x = 0;
		x += draw_text(w, y, x, kind, c_kind, attr, 1) + 1;
		x += draw_text(w, y, x, it->since ? it->since : "never", c_since, attr, 1) + 1;
		x += draw_text(w, y, x, it->asset_name, c_name, attr, 1) + 1;
		draw_text(w, y, x, strbuf_str(&detail), c_what, attr, 1);
		strbuf_free(&detail);
	}
	wnoutrefresh(w);
}
