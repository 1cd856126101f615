#include "config.h"

#include "core/counts.h"
#include "core/strbuf.h"
#include "tui/draw.h"
#include "tui/screens.h"
#include "tui/theme.h"

#include <ctype.h>
#include <strings.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct picker_item {
	char *id;             /* NULL for "any" */
	char *label;
	const char *context;  /* the parent's label, shown while narrowing */
	int depth;
	long count;
	int marked;
};

struct picker {
	enum picker_kind kind;
	int multi;            /* several may be marked (needs; a form's lists) */
	char *title;
	picker_done done;     /* what to do with the choice */
	void *ctx;
	WINDOW *win;
	struct picker_item *item;
	size_t count;
	size_t *shown;        /* the items that match the filter, in order */
	size_t shown_count;
	long selected;        /* index into shown */
	long top;
	struct line_edit filter;
};

static const char *const titles[] = {
	[PICK_NEED] = "Need: type to narrow; Space chooses several",
	[PICK_LOCALITY] = "Locality: type to narrow",
	[PICK_SECTOR] = "Sector: type to narrow",
	[PICK_DAY] = "Day: type to narrow",
	[PICK_CHOICE] = NULL,
};

static const char *const any_labels[] = {
	[PICK_NEED] = "Any need", [PICK_LOCALITY] = "Anywhere",
	[PICK_SECTOR] = "Any sector", [PICK_DAY] = "Any day", [PICK_CHOICE] = NULL,
};

static int add_item(struct picker *p, const char *id, const char *label,
		    const char *context, int depth, long count)
{
	struct picker_item *item = realloc(p->item, (p->count + 1) * sizeof *item);
	if (!item)
		return -1;
	p->item = item;
	struct picker_item *it = &item[p->count];
	memset(it, 0, sizeof *it);
	it->id = id ? strdup(id) : NULL;
	it->label = strdup(label);
	it->context = context;
	it->depth = depth;
	it->count = count;
	p->count++;
	return (id && !it->id) || !it->label ? -1 : 0;
}

static int fill_taxonomy(struct tui *t, struct picker *p, enum taxonomy_kind kind)
{
	struct error err = ERROR_INIT;
	if (tui_count(t, kind, &err) < 0) {
		tui_message(t, 1, "%s", error_message(&err));
		error_clear(&err);
		return -1;
	}
	const struct taxonomy *tx = &t->taxonomy[kind];
	for (size_t i = 0; i < tx->count; i++) {
		const struct taxonomy_item *it = &tx->item[i];
		const struct taxonomy_item *parent = it->parent ? taxonomy_find(tx, it->parent)
								: NULL;
		if (add_item(p, it->id, it->label, parent ? parent->label : NULL, it->depth,
			     it->assets) < 0)
			return -1;
	}
	return 0;
}

static int fill_days(struct tui *t, struct picker *p)
{
	long counts[DAY_COUNT];
	struct error err = ERROR_INIT;
	if (counts_days(t->dir, counts, &err) < 0) {
		tui_message(t, 1, "%s", error_message(&err));
		error_clear(&err);
		return -1;
	}
	int today = date_weekday(t->today);
	char label[32];
	snprintf(label, sizeof label, "Today (%s)", day_name(today, 1));
	if (add_item(p, day_name(today, 0), label, NULL, 0, counts[today]) < 0)
		return -1;
	for (int d = 0; d < DAY_COUNT; d++)
		if (add_item(p, day_name(d, 0), day_name(d, 1), NULL, 0, counts[d]) < 0)
			return -1;
	return 0;
}

/* How well label matches the filter: 0 at the start, 1 at the start of
 * a word, 2 inside a word, -1 not at all.  Case does not matter. */
static int match(const char *label, const char *filter)
{
	size_t n = strlen(filter);
	if (n == 0)
		return 0;
	int best = -1;
	for (const char *p = label; *p; p++) {
		if (strncasecmp(p, filter, n) != 0)
			continue;
		int score = p == label ? 0 : !isalnum((unsigned char)p[-1]) ? 1 : 2;
		if (best < 0 || score < best)
			best = score;
	}
	return best;
}

static void narrow(struct picker *p)
{
	const char *filter = line_edit_text(&p->filter);
	p->shown_count = 0;
	for (int score = 0; score <= 2; score++)
		for (size_t i = 0; i < p->count; i++) {
			int m = p->item[i].id ? match(p->item[i].label, filter) : (*filter ? -1 : 0);
			if (m == score)
				p->shown[p->shown_count++] = i;
		}
	p->selected = 0;
	p->top = 0;
}

static void picker_free(struct picker *p)
{
	if (!p)
		return;
	for (size_t i = 0; i < p->count; i++) {
		free(p->item[i].id);
		free(p->item[i].label);
	}
	free(p->item);
	free(p->shown);
	free(p->title);
	line_edit_free(&p->filter);
	if (p->win)
		delwin(p->win);
	free(p);
}

void picker_close(struct tui *t)
{
	picker_free(t->picker);
	t->picker = NULL;
}

/* Starts on what is chosen now: the marked needs, or the one item. */
static void preselect(struct picker *p, const struct strlist *chosen)
{
	for (size_t i = 0; i < p->count; i++) {
		const char *id = p->item[i].id;
		if (!id || !chosen || !strlist_contains(chosen, id))
			continue;
		if (p->multi)
			p->item[i].marked = 1;
		else if (!(p->kind == PICK_DAY && i == 1))   /* not "Today" */
			p->selected = (long)i;
	}
}

static struct picker *picker_new(enum picker_kind kind, picker_done done, void *ctx)
{
	struct picker *p = calloc(1, sizeof *p);
	if (!p)
		return NULL;
	p->kind = kind;
	p->multi = kind == PICK_NEED;
	p->title = titles[kind] ? strdup(titles[kind]) : NULL;
	p->done = done;
	p->ctx = ctx;
	line_edit_init(&p->filter);
	return p;
}

static unsigned show(struct tui *t, struct picker *p, int rc, const struct strlist *chosen)
{
	if (rc == 0 && !(p->shown = malloc((p->count ? p->count : 1) * sizeof *p->shown)))
		rc = -1;
	if (rc < 0) {
		picker_free(p);
		tui_message(t, 1, "cannot open the list to choose from");
		return REDRAW_STATUS;
	}
	narrow(p);
	preselect(p, chosen);
	picker_close(t);
	t->picker = p;
	return REDRAW_ALL;
}

unsigned picker_open_with(struct tui *t, enum picker_kind kind,
			  const struct strlist *chosen, picker_done done, void *ctx)
{
	return picker_open_multi(t, kind, kind == PICK_NEED, chosen, done, ctx);
}

unsigned picker_open_multi(struct tui *t, enum picker_kind kind, int multi,
			   const struct strlist *chosen, picker_done done, void *ctx)
{
	static const enum taxonomy_kind taxonomy_of[] = {
		[PICK_NEED] = TAXONOMY_NEED, [PICK_LOCALITY] = TAXONOMY_LOCALITY,
		[PICK_SECTOR] = TAXONOMY_SECTOR,
	};
	struct picker *p = picker_new(kind, done, ctx);
	if (!p)
		return REDRAW_NONE;
	p->multi = multi;
	if (multi && kind != PICK_NEED) {
		free(p->title);
		p->title = strdup("Type to narrow; Space chooses several");
	}
	int rc = add_item(p, NULL, any_labels[kind], NULL, 0, -1);
	if (rc == 0)
		rc = kind == PICK_DAY ? fill_days(t, p)
				      : fill_taxonomy(t, p, taxonomy_of[kind]);
	return show(t, p, rc, chosen);
}

unsigned picker_open_choice(struct tui *t, const char *title,
			    const struct picker_choice *choices, size_t count,
			    picker_done done, void *ctx)
{
	return picker_open_choices(t, title, choices, count, 0, NULL, done, ctx);
}

unsigned picker_open_choices(struct tui *t, const char *title,
			     const struct picker_choice *choices, size_t count, int multi,
			     const struct strlist *chosen, picker_done done, void *ctx)
{
	struct picker *p = picker_new(PICK_CHOICE, done, ctx);
	if (!p)
		return REDRAW_NONE;
	p->multi = multi;
	free(p->title);
	p->title = strdup(title);
	int rc = p->title ? 0 : -1;
	for (size_t i = 0; i < count && rc == 0; i++)
		rc = add_item(p, choices[i].id, choices[i].label, NULL, 0, -1);
	return show(t, p, rc, chosen);
}

static void set_choice(char **field, const struct strlist *chosen)
{
	free(*field);
	*field = chosen->count ? strdup(chosen->item[0]) : NULL;
}

/* The browser's own use of a picker: the filters. */
static unsigned to_filters(struct tui *t, void *ctx, const struct strlist *chosen)
{
	enum picker_kind kind = (enum picker_kind)(long)ctx;
	struct filters *f = &t->filters;
	switch (kind) {
	case PICK_NEED:
		strlist_clear(&f->needs);
		strlist_copy(&f->needs, chosen);
		break;
	case PICK_LOCALITY:
		set_choice(&f->locality, chosen);
		break;
	case PICK_SECTOR:
		set_choice(&f->sector, chosen);
		break;
	case PICK_DAY:
		f->days = chosen->count ? 1u << day_parse(chosen->item[0]) : 0;
		break;
	case PICK_CHOICE:
		break;
	}
	return SEARCH_AGAIN | REDRAW_ALL;
}

unsigned picker_open(struct tui *t, enum picker_kind kind)
{
	struct strlist now = STRLIST_INIT;
	const struct filters *f = &t->filters;
	if (kind == PICK_NEED)
		strlist_copy(&now, &f->needs);
	else if (kind == PICK_LOCALITY && f->locality)
		strlist_add(&now, f->locality);
	else if (kind == PICK_SECTOR && f->sector)
		strlist_add(&now, f->sector);
	else if (kind == PICK_DAY && f->days)
		for (int d = 0; d < DAY_COUNT; d++)
			if (f->days == 1u << d)
				strlist_add(&now, day_name(d, 0));
	unsigned flags = picker_open_with(t, kind, &now, to_filters, (void *)(long)kind);
	strlist_clear(&now);
	return flags;
}

/* Closes the picker and hands what was chosen to its owner. */
static unsigned finish(struct tui *t, int clear)
{
	struct picker *p = t->picker;
	struct strlist chosen = STRLIST_INIT;
	const struct picker_item *at = p->shown_count ? &p->item[p->shown[p->selected]] : NULL;
	if (!clear) {
		for (size_t i = 0; p->multi && i < p->count; i++)
			if (p->item[i].marked && p->item[i].id)
				strlist_add(&chosen, p->item[i].id);
		if (chosen.count == 0 && at && at->id)
			strlist_add(&chosen, at->id);
		if (p->kind == PICK_CHOICE && chosen.count == 0 && !p->multi) {
			strlist_clear(&chosen);
			return REDRAW_NONE;      /* nothing there to choose */
		}
	}
	picker_done done = p->done;
	void *ctx = p->ctx;
	t->picker = NULL;
	picker_free(p);
	unsigned flags = done(t, ctx, &chosen) | REDRAW_ALL;
	strlist_clear(&chosen);
	return flags;
}

static long rows_for_items(const struct picker *p)
{
	int rows = p->win ? getmaxy(p->win) - 4 : 1;
	return rows > 1 ? rows : 1;
}

static unsigned select_item(struct picker *p, long to)
{
	if (p->shown_count == 0)
		return REDRAW_NONE;
	if (to < 0)
		to = 0;
	if (to >= (long)p->shown_count)
		to = (long)p->shown_count - 1;
	p->selected = to;
	return REDRAW_SCREEN;
}

unsigned picker_key(struct tui *t, enum tui_action action, int code, wint_t ch)
{
	struct picker *p = t->picker;
	long page = rows_for_items(p);
	switch (action) {
	case ACTION_APPLY:
		return finish(t, 0);
	case ACTION_CANCEL:
		picker_close(t);
		return REDRAW_ALL;
	case ACTION_CLEAR_CHOICE:
		if (p->kind == PICK_CHOICE && !p->multi)
			return REDRAW_NONE;
		return finish(t, 1);
	case ACTION_TOGGLE:
		if (!p->multi) {
			tui_message(t, 0, "Only one can be chosen here; Enter chooses this one");
			return REDRAW_STATUS;
		}
		if (p->shown_count && p->item[p->shown[p->selected]].id) {
			struct picker_item *it = &p->item[p->shown[p->selected]];
			it->marked = !it->marked;
			select_item(p, p->selected + 1);
		}
		return REDRAW_SCREEN;
	case ACTION_DOWN:
		return select_item(p, p->selected + 1);
	case ACTION_UP:
		return select_item(p, p->selected - 1);
	case ACTION_PAGE_DOWN:
		return select_item(p, p->selected + page);
	case ACTION_PAGE_UP:
		return select_item(p, p->selected - page);
	case ACTION_FIRST:
		return select_item(p, 0);
	case ACTION_LAST:
		return select_item(p, (long)p->shown_count - 1);
	default:
		if (tui_edit_line(&p->filter, action, code, ch) == LINE_CHANGED)
			narrow(p);
		return REDRAW_SCREEN;
	}
}

static void place_window(struct tui *t, struct picker *p)
{
	int height = t->rows - 4, width = t->cols - 4 < 68 ? t->cols - 4 : 68;
	/* A short list of choices gets a window to match. */
	if (p->kind == PICK_CHOICE && (int)p->count + 5 < height)
		height = (int)p->count + 5;
	if (p->win && getmaxy(p->win) == height && getmaxx(p->win) == width)
		return;
	if (p->win)
		delwin(p->win);
	p->win = newwin(height, width, 2, (t->cols - width) / 2);
}

void picker_draw(struct tui *t)
{
	struct picker *p = t->picker;
	place_window(t, p);
	WINDOW *w = p->win;
	if (!w)
		return;
	int cols = getmaxx(w), inner = cols - 4;
	werase(w);
	wattrset(w, theme_attr(THEME_BORDER));
	box(w, 0, 0);
	wattrset(w, A_NORMAL);
	draw_text(w, 0, 2, p->title ? p->title : "", cols - 4, theme_attr(THEME_HEADING), 0);
	int used = draw_text(w, 1, 2, "Find: ", inner, theme_attr(THEME_PROMPT), 0);
	long page = rows_for_items(p);
	if (p->selected < p->top)
		p->top = p->selected;
	if (p->selected >= p->top + page)
		p->top = p->selected - page + 1;
	int filtering = *line_edit_text(&p->filter) != '\0';
	if (p->shown_count == 0)
		draw_text(w, 3, 2, "Nothing matches: Backspace to widen", inner, A_DIM, 0);
	for (long i = 0; i < page && p->top + i < (long)p->shown_count; i++) {
		const struct picker_item *it = &p->item[p->shown[p->top + i]];
		int selected = p->top + i == p->selected;
		attr_t attr = theme_attr(selected ? THEME_SELECTED : THEME_ROW);
		int y = 3 + (int)i;
		draw_fill(w, y, 2, inner, attr);
		struct strbuf sb = STRBUF_INIT;
		if (p->multi)
			strbuf_puts(&sb, it->id ? (it->marked ? "[x] " : "[ ] ") : "    ");
		for (int d = 0; d < (filtering ? 0 : it->depth); d++)
			strbuf_puts(&sb, "  ");
		strbuf_puts(&sb, it->label);
		if (filtering && it->context)
			strbuf_printf(&sb, "  (in %s)", it->context);
		char count[24] = "";
		if (it->count >= 0)
			snprintf(count, sizeof count, "%ld", it->count);
		int count_cols = (int)strlen(count);
		draw_text(w, y, 2, strbuf_str(&sb), inner - count_cols - 1, attr, 1);
		draw_text(w, y, 2 + inner - count_cols, count, count_cols, attr, 0);
		strbuf_free(&sb);
	}
	line_edit_draw(&p->filter, w, 1, 2 + used, inner - used, 0, 1);
	wnoutrefresh(w);
}
