#include "config.h"

#include "core/strbuf.h"
#include "tui/draw.h"
#include "tui/screens.h"
#include "tui/theme.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The columns, from the width there is: the name gets the most, status
 * and freshness are short and fixed. */
struct columns {
	int name, sector, locality, needs, status, verified;
};

static struct columns columns_for(int width)
{
	struct columns c = { 0 };
	c.status = 7;
	c.verified = 5;
	int flexible = width - c.status - c.verified - 5;   /* 5 gaps */
	if (flexible < 20)
		flexible = 20;
	c.sector = flexible * 17 / 100;
	c.locality = flexible * 19 / 100;
	c.needs = flexible * 24 / 100;
	c.name = flexible - c.sector - c.locality - c.needs;
	return c;
}

/* Rows of results the list shows at once (one row is the header). */
long list_page(const struct tui *t)
{
	int rows = t->list ? getmaxy(t->list) - 1 : 1;
	return rows > 1 ? rows : 1;
}

static const char *status_word(const char *status)
{
	static const struct { const char *status, *word; } words[] = {
		{ "open", "open" }, { "waiting-list", "waiting" }, { "full", "full" },
		{ "temporarily-closed", "paused" }, { "closed", "closed" },
	};
	for (size_t i = 0; status && i < sizeof words / sizeof words[0]; i++)
		if (strcmp(words[i].status, status) == 0)
			return words[i].word;
	return status ? status : "";
}

/* "3d", "5w", "4mo", "2y", "never": the age of a listing in four columns. */
static void age_short(const char *verified_on, const char *today, char out[24])
{
	if (!verified_on || !date_valid(verified_on)) {
		snprintf(out, 24, "never");
		return;
	}
	long days = date_days(today) - date_days(verified_on);
	if (days < 0)
		days = 0;
	if (days < 14)
		snprintf(out, 24, "%ldd", days);
	else if (days < 61)
		snprintf(out, 24, "%ldw", days / 7);
	else if (days < 730)
		snprintf(out, 24, "%ldmo", days * 12 / 365);
	else
		snprintf(out, 24, "%ldy", days / 365);
}

static void draw_row(struct tui *t, int y, const struct search_hit *h, int selected,
		     const struct columns *c)
{
	int width = getmaxx(t->list);
	attr_t row = theme_attr(selected ? THEME_SELECTED : THEME_ROW);
	draw_fill(t->list, y, 0, width, row);
	int x = 0;
	x += draw_text(t->list, y, x, h->name, c->name, row, 1) + 1;
	/* Sector ids are short words people know (nhs, vcse, faith). */
	x += draw_text(t->list, y, x, h->sector, c->sector, row, 1) + 1;
	x += draw_text(t->list, y, x, h->locality_label, c->locality, row, 1) + 1;
	x += draw_text(t->list, y, x, h->need_labels, c->needs, row, 1) + 1;
	int available = h->status && (!strcmp(h->status, "open") ||
				      !strcmp(h->status, "waiting-list"));
	x += draw_text(t->list, y, x, status_word(h->status), c->status,
		       selected || available ? row : theme_attr(THEME_UNAVAILABLE), 1) + 1;
	char age[24];
	age_short(h->verified_on, t->today, age);
	int stale = asset_is_stale(h->verified_on, t->today, t->settings->stale_months);
	if (stale)
		strcat(age, "!");
	draw_text(t->list, y, x, age, c->verified,
		  selected || !stale ? row : theme_attr(THEME_STALE), 1);
}

/* When nothing matches, say which filters there are to loosen. */
static void draw_empty(struct tui *t)
{
	const struct filters *f = &t->filters;
	int width = getmaxx(t->list), y = 2;
	draw_text(t->list, y++, 2, "No assets match.", width - 4, A_BOLD, 0);
	struct strbuf sb = STRBUF_INIT;
	if (*line_edit_text(&t->words))
		strbuf_printf(&sb, "the words (/ then Esc), ");
	if (f->needs.count)
		strbuf_printf(&sb, "the need (n), ");
	if (f->locality)
		strbuf_printf(&sb, "the locality (l), ");
	if (f->sector)
		strbuf_printf(&sb, "the sector (s), ");
	if (f->days)
		strbuf_printf(&sb, "the day (d), ");
	if (f->open_only)
		strbuf_printf(&sb, "open only (o), ");
	if (sb.len) {
		sb.data[sb.len - 2] = '\0';
		sb.len -= 2;
		y++;
		draw_text(t->list, y++, 2, "Try loosening:", width - 4, 0, 0);
		y += draw_wrapped(t->list, y, 4, strbuf_str(&sb), width - 6, 0, 3, 0);
		draw_text(t->list, y + 1, 2, "or press x to clear them all.", width - 4, 0, 0);
	} else {
		draw_text(t->list, y + 1, 2, "The directory has no assets yet: add some with "
			  "`signpost import FILE`.", width - 4, 0, 0);
	}
	strbuf_free(&sb);
}

void list_draw(struct tui *t)
{
	WINDOW *w = t->list;
	werase(w);
	int width = getmaxx(w);
	struct columns c = columns_for(width);
	attr_t header = theme_attr(THEME_HEADER);
	draw_fill(w, 0, 0, width, header);
	int x = 0;
	const struct { const char *name; int cols; } heads[] = {
		{ "NAME", c.name }, { "SECTOR", c.sector }, { "LOCALITY", c.locality },
		{ "NEEDS", c.needs }, { "STATUS", c.status }, { "SEEN", c.verified },
	};
	for (size_t i = 0; i < sizeof heads / sizeof heads[0]; i++)
		x += draw_text(w, 0, x, heads[i].name, heads[i].cols, header, 1) + 1;
	if (t->results.count == 0) {
		draw_empty(t);
	} else {
		/* The window may have changed size since the last move. */
		long rows = list_page(t);
		/* A taller window shows more than was loaded. */
		while (t->top + rows > (long)t->results.count && browser_load_more(t) > 0)
			;
		if (t->selected >= t->top + rows)
			t->top = t->selected - rows + 1;
		if (t->selected < t->top)
			t->top = t->selected < 0 ? 0 : t->selected;
		for (long i = 0; i < rows && t->top + i < (long)t->results.count; i++)
			draw_row(t, (int)i + 1, &t->results.hit[t->top + i],
				 t->top + i == t->selected, &c);
	}
	wnoutrefresh(w);
}

unsigned list_move_to(struct tui *t, long index)
{
	if (t->results.count == 0)
		return REDRAW_NONE;
	/* Moving past what is loaded loads the next page. */
	while (index >= (long)t->results.count && browser_load_more(t) > 0)
		;
	if (index >= (long)t->results.count)
		index = (long)t->results.count - 1;
	if (index < 0)
		index = 0;
	if (index == t->selected)
		return REDRAW_NONE;
	t->selected = index;
	long rows = list_page(t);
	if (t->selected < t->top)
		t->top = t->selected;
	else if (t->selected >= t->top + rows)
		t->top = t->selected - rows + 1;
	preview_forget(t);
	return REDRAW_LIST | REDRAW_PREVIEW | REDRAW_STATUS;
}

unsigned list_move(struct tui *t, long delta)
{
	return list_move_to(t, t->selected + delta);
}

unsigned list_click(struct tui *t, int row)
{
	if (row < 1)
		return REDRAW_NONE;
	long index = t->top + row - 1;
	if (index >= (long)t->results.count)
		return REDRAW_NONE;
	return list_move_to(t, index);
}
