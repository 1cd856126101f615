#include "config.h"

#include "tui/pager.h"
#include "core/text.h"
#include "tui/draw.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void pager_init(struct pager *p, int label_cols)
{
	memset(p, 0, sizeof *p);
	p->label_cols = label_cols;
}

void pager_clear(struct pager *p)
{
	for (size_t i = 0; i < p->count; i++) {
		free(p->line[i].label);
		free(p->line[i].text);
	}
	free(p->line);
	p->line = NULL;
	p->count = 0;
}

void pager_free(struct pager *p)
{
	pager_clear(p);
	if (p->win)
		delwin(p->win);
	p->win = NULL;
}

static void push(struct pager *p, enum theme_element style, const char *label,
		 const char *text)
{
	struct pager_line *l = realloc(p->line, (p->count + 1) * sizeof *l);
	if (!l)
		return;
	p->line = l;
	l[p->count].style = style;
	l[p->count].label = label ? strdup(label) : NULL;
	l[p->count].text = strdup(text);
	p->count++;
}

void pager_add(struct pager *p, enum theme_element style, const char *label,
	       const char *text)
{
	int indent = label ? p->label_cols : 0;
	int cols = p->width - indent;
	char *clean = text_clean(text, TEXT_MULTILINE);
	struct text_lines lines = { 0 };
	if (!clean || text_wrap(clean, cols > 10 ? cols : 10, &lines) < 0) {
		free(clean);
		return;
	}
	if (lines.count == 0)
		push(p, style, label, "");
	for (size_t i = 0; i < lines.count; i++)
		push(p, style, i == 0 ? label : (label ? "" : NULL), lines.line[i]);
	text_lines_free(&lines);
	free(clean);
}

void pager_add_lines(struct pager *p, enum theme_element style, const char *text)
{
	const char *s = text ? text : "";
	while (*s) {
		size_t n = strcspn(s, "\n");
		char *line = strndup(s, n);
		if (line) {
			char *clean = text_clean(line, TEXT_ONE_LINE);
			if (clean)
				push(p, style, NULL, clean);
			free(clean);
			free(line);
		}
		s += n + (s[n] == '\n');
	}
}

int pager_place(struct pager *p, int rows, int cols, int y, int x)
{
	if (p->win && getmaxy(p->win) == rows && getmaxx(p->win) == cols &&
	    getbegy(p->win) == y && getbegx(p->win) == x)
		return 0;
	if (p->win)
		delwin(p->win);
	p->win = newwin(rows, cols, y, x);
	int changed = p->width != cols - 2;
	p->width = cols - 2;
	return changed;
}

int pager_scroll(struct pager *p, long lines)
{
	long rows = p->win ? getmaxy(p->win) : 1;
	long last = (long)p->count - rows;
	long top = p->top + lines;
	if (top > last)
		top = last;
	if (top < 0)
		top = 0;
	int moved = top != p->top;
	p->top = top;
	return moved;
}

int pager_key(struct pager *p, enum tui_action action)
{
	long page = p->win ? getmaxy(p->win) - 1 : 1;
	switch (action) {
	case ACTION_DOWN:
		return pager_scroll(p, 1);
	case ACTION_UP:
		return pager_scroll(p, -1);
	case ACTION_PAGE_DOWN:
		return pager_scroll(p, page);
	case ACTION_PAGE_UP:
		return pager_scroll(p, -page);
	case ACTION_FIRST:
		return pager_scroll(p, -p->top);
	case ACTION_LAST:
		return pager_scroll(p, (long)p->count);
	default:
		return 0;
	}
}

void pager_draw(struct pager *p)
{
	WINDOW *w = p->win;
	if (!w)
		return;
	werase(w);
	int rows = getmaxy(w);
	pager_scroll(p, 0);      /* keep top in range after a resize */
	/* Where there is more, the last row ends in how far down this is,
	 * and its text stops short of it rather than under it. */
	int more = (long)p->count > rows, marker_x = getmaxx(w) - 6;
	for (int i = 0; i < rows && p->top + i < (long)p->count; i++) {
		const struct pager_line *l = &p->line[p->top + i];
		int x = 1;
		if (l->label) {
			draw_text(w, i, x, l->label, p->label_cols - 1, theme_attr(THEME_LABEL), 0);
			x += p->label_cols;
		}
		int cols = p->width - (x - 1);
		if (more && i == rows - 1 && x + cols > marker_x - 1)
			cols = marker_x - 1 - x;
		if (cols > 0)
			draw_text(w, i, x, l->text, cols, theme_attr(l->style), 0);
	}
	if (more) {
		char where[32];
		long pct = (p->top + rows) * 100 / (long)p->count;
		snprintf(where, sizeof where, " %ld%% ", pct > 100 ? 100 : pct);
		draw_text(w, rows - 1, marker_x, where, 6, A_REVERSE, 0);
	}
	wnoutrefresh(w);
}
