#include "config.h"

#include "core/asset_store.h"
#include "core/strbuf.h"
#include "tui/draw.h"
#include "tui/screens.h"
#include "tui/theme.h"

#include <stdlib.h>
#include <string.h>

/* The fields worth a glance, in the order a link worker reads them. */
static const char *const glance[] = {
	"Status", "Needs", "Serves", "Sessions", "Where", "Cost", "How to get in",
	"Phone", "Verified",
};

void preview_forget(struct tui *t)
{
	if (t->preview_loaded) {
		asset_clear(&t->preview_asset);
		asset_fields_free(&t->preview_fields);
	}
	t->preview_loaded = 0;
}

int preview_load(struct tui *t)
{
	if (t->preview_loaded)
		return 0;
	if (t->selected < 0 || (size_t)t->selected >= t->results.count)
		return -1;
	struct error err = ERROR_INIT;
	const char *id = t->results.hit[t->selected].id;
	if (asset_load(t->dir, id, &t->preview_asset, &err) < 0) {
		tui_message(t, 1, "%s", error_message(&err));
		error_clear(&err);
		return -1;
	}
	if (asset_fields_make(t->dir, &t->preview_asset, t->today, t->settings->stale_months,
			      &t->preview_fields, &err) < 0) {
		asset_clear(&t->preview_asset);
		tui_message(t, 1, "%s", error_message(&err));
		error_clear(&err);
		return -1;
	}
	t->preview_loaded = 1;
	return 0;
}

enum { LABEL_COLS = 10 };

void preview_draw(struct tui *t)
{
	WINDOW *w = t->preview;
	werase(w);
	int rows = getmaxy(w), cols = getmaxx(w);
	int y = 0, x = 0;
	/* A rule between the preview and the list: beside it or above it. */
	wattrset(w, theme_attr(THEME_BORDER));
	if (t->wide) {
		mvwvline(w, 0, 0, ACS_VLINE, rows);
		x = 2;
	} else {
		mvwhline(w, 0, 0, ACS_HLINE, cols);
		y = 1;
	}
	wattrset(w, A_NORMAL);
	int width = cols - x - (t->wide ? 1 : 0);
	if (t->selected < 0 || preview_load(t) < 0) {
		wnoutrefresh(w);
		return;
	}
	const struct asset *a = &t->preview_asset;
	draw_text(w, y++, x, a->name, width, theme_attr(THEME_HEADING), 0);
	if (a->organisation && y < rows)
		draw_text(w, y++, x, a->organisation, width, A_DIM, 0);
	int value_cols = width - LABEL_COLS - 1;
	for (size_t i = 0; i < sizeof glance / sizeof glance[0] && y < rows; i++) {
		const char *value = asset_fields_get(&t->preview_fields, glance[i]);
		if (!value)
			continue;
		draw_text(w, y, x, glance[i], LABEL_COLS, theme_attr(THEME_LABEL), 0);
		/* At a glance, a field gets two lines at most (a timetable three). */
		int max_lines = strcmp(glance[i], "Sessions") ? 2 : 3;
		int left = rows - y;
		int lines = draw_wrapped(w, y, x + LABEL_COLS + 1, value, value_cols, 0,
					 left < max_lines ? left : max_lines, 0);
		y += lines < max_lines ? (lines ? lines : 1) : max_lines;
	}
	if (a->description && y + 1 < rows)
		draw_wrapped(w, y + 1, x, a->description, width, 0, rows - y - 1, 0);
	wnoutrefresh(w);
}
