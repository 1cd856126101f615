/* history: every version of a listing, newest first, with what changed
 * field by field; R restores the chosen version (as a new version). */
#include "config.h"

#include "core/asset_key.h"
#include "core/listing.h"
#include "core/strbuf.h"
#include "tui/draw.h"
#include "tui/screens.h"
#include "tui/theme.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct history_view {
	char *id;
	char *name;
	struct listing_history h;
	long selected;            /* counts from the newest */
	WINDOW *win;
	enum tui_screen back_to;
};

void history_close(struct tui *t)
{
	struct history_view *v = t->history;
	if (!v)
		return;
	listing_history_free(&v->h);
	if (v->win)
		delwin(v->win);
	free(v->id);
	free(v->name);
	free(v);
	t->history = NULL;
}

static int load(struct tui *t, struct history_view *v)
{
	struct error err = ERROR_INIT;
	listing_history_free(&v->h);
	if (listing_history(t->dir, v->id, &v->h, &err) < 0) {
		tui_message(t, 1, "%s", error_message(&err));
		error_clear(&err);
		return -1;
	}
	if (v->selected >= (long)v->h.count)
		v->selected = 0;
	return 0;
}

unsigned history_open(struct tui *t, const char *id, const char *name)
{
	struct history_view *v = calloc(1, sizeof *v);
	if (!v || !(v->id = strdup(id)) || !(v->name = strdup(name ? name : id))) {
		if (v)
			free(v->id);
		free(v);
		return REDRAW_NONE;
	}
	enum tui_screen back = t->screen;
	history_close(t);
	t->history = v;
	v->back_to = back;
	if (load(t, v) < 0) {
		history_close(t);
		return REDRAW_STATUS;
	}
	t->screen = SCREEN_HISTORY;
	return REDRAW_ALL;
}

static const struct listing_version *chosen(const struct history_view *v)
{
	if (v->h.count == 0)
		return NULL;
	return &v->h.item[v->h.count - 1 - (size_t)v->selected];
}

static void restore_with_reason(struct tui *t, const char *reason)
{
	struct history_view *v = t->history;
	const struct listing_version *which = v ? chosen(v) : NULL;
	if (!which)
		return;
	struct asset_save how = { .who = t->login, .reason = *reason ? reason : NULL };
	struct listing_result res;
	struct error err = ERROR_INIT;
	listing_result_init(&res);
	if (listing_restore(t->dir, v->id, which->version, &how, &res, &err) < 0)
		tui_message(t, 1, "%s", error_message(&err));
	else if (res.change == ASSET_UNCHANGED)
		tui_message(t, 0, "Version %d is what is there now: nothing to restore.",
			    which->version);
	else
		tui_message(t, 0, "Restored version %d as version %d.", which->version, res.version);
	listing_result_free(&res);
	error_clear(&err);
	v->selected = 0;
	load(t, v);
	browser_invalidate(t);
}

unsigned history_key(struct tui *t, enum tui_action action)
{
	struct history_view *v = t->history;
	long last = (long)v->h.count - 1;
	switch (action) {
	case ACTION_BACK: {
		enum tui_screen back = v->back_to;
		history_close(t);
		t->screen = back;
		return REDRAW_ALL | SEARCH_AGAIN;
	}
	case ACTION_DOWN:
		v->selected = v->selected < last ? v->selected + 1 : last;
		return REDRAW_SCREEN;
	case ACTION_UP:
		v->selected = v->selected > 0 ? v->selected - 1 : 0;
		return REDRAW_SCREEN;
	case ACTION_FIRST:
		v->selected = 0;
		return REDRAW_SCREEN;
	case ACTION_LAST:
		v->selected = last > 0 ? last : 0;
		return REDRAW_SCREEN;
	case ACTION_RESTORE: {
		const struct listing_version *which = chosen(v);
		if (!which)
			return REDRAW_NONE;
		char reason[48];
		snprintf(reason, sizeof reason, "restored version %d", which->version);
		tui_prompt(t, "Restore it as a new version; why:", reason, restore_with_reason);
		return REDRAW_STATUS;
	}
	default:
		return REDRAW_NONE;
	}
}

void history_draw(struct tui *t)
{
	struct history_view *v = t->history;
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
	char heading[200];
	snprintf(heading, sizeof heading, "History of %.120s: %zu version%s", v->name,
		 v->h.count, v->h.count == 1 ? "" : "s");
	draw_text(w, 0, 1, heading, cols - 2, theme_attr(THEME_HEADING), 0);
	/* The versions above, what the chosen one changed below. */
	int list_rows = rows / 3 < 3 ? 3 : rows / 3;
	long top = v->selected >= list_rows ? v->selected - list_rows + 1 : 0;
	for (int i = 0; i < list_rows && top + i < (long)v->h.count; i++) {
		const struct listing_version *x = &v->h.item[v->h.count - 1 - (size_t)(top + i)];
		attr_t attr = theme_attr(top + i == v->selected ? THEME_SELECTED : THEME_ROW);
		char line[400];
		snprintf(line, sizeof line, "version %-3d %.10s %.5s  %-14.14s %s", x->version,
			 x->changed_at, x->changed_at + 11, x->changed_by, x->reason);
		draw_text(w, 1 + i, 0, line, cols, attr, 1);
	}
	const struct listing_version *x = chosen(v);
	int y = 2 + list_rows;
	if (x) {
		snprintf(heading, sizeof heading, "What version %d changed", x->version);
		draw_text(w, y++, 1, heading, cols - 2, theme_attr(THEME_HEADING), 0);
		for (size_t i = 0; i < x->diff.count && y < rows; i++) {
			const struct asset_diff_item *d = &x->diff.item[i];
			draw_text(w, y, 1, asset_key_label(d->key), 15, theme_attr(THEME_LABEL), 0);
			struct strbuf sb = STRBUF_INIT;
			strbuf_printf(&sb, "%s -> %s", d->before ? d->before : "(empty)",
				      d->after ? d->after : "(empty)");
			y += draw_wrapped(w, y, 17, strbuf_str(&sb), cols - 18, 0, rows - y, 0);
			strbuf_free(&sb);
		}
	}
	wnoutrefresh(w);
}
