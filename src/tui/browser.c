#include "config.h"

#include "core/strbuf.h"
#include "tui/draw.h"
#include "tui/screens.h"
#include "tui/theme.h"

#include <stdlib.h>
#include <string.h>

/* Rows fetched at a time: what the list shows (more load as it moves
 * down or grows), never the whole of a national directory on a
 * keystroke.  Each row fetched costs its labels on every keystroke,
 * about 0.1 ms at 200,000 assets (tests/bench). */
enum { PAGE_MIN = 10, PAGE_MORE_MAX = 1000 };

/* Matches counted on a keystroke, at most: past it the status line says
 * "more than 2,000 assets".  Counting every match of one letter at
 * 200,000 assets took 33-66 ms a key (tests/bench); a link worker
 * narrows long before 2,000 anyway, and the rows shown are the same. */
enum { COUNT_CAP = 2000 };

/* What the query is, as one string: when it has not changed, the search
 * is not run again. */
static char *query_key(const struct tui *t)
{
	const struct filters *f = &t->filters;
	struct strbuf sb = STRBUF_INIT;
	strbuf_printf(&sb, "%s\x1f", line_edit_text(&t->words));
	for (size_t i = 0; i < f->needs.count; i++)
		strbuf_printf(&sb, "%s,", f->needs.item[i]);
	strbuf_printf(&sb, "\x1f%s\x1f%s\x1f%u\x1f%d", f->locality ? f->locality : "",
		      f->sector ? f->sector : "", f->days, f->open_only);
	return strbuf_detach(&sb);
}

static void query_from(const struct tui *t, struct search_query *q, int offset)
{
	search_query_init(q);
	q->words = line_edit_text(&t->words);
	q->needs = t->filters.needs;          /* borrowed; not cleared */
	q->locality = t->filters.locality;
	q->sector = t->filters.sector;
	q->days = t->filters.days;
	q->open_only = t->filters.open_only;
	long rows = list_page(t) + 1;
	q->limit = rows < PAGE_MIN ? PAGE_MIN : (int)rows;
	q->offset = offset;
	q->count_cap = COUNT_CAP;
}

unsigned browser_search(struct tui *t)
{
	char *key = query_key(t);
	if (!key || (t->query_key && strcmp(key, t->query_key) == 0)) {
		free(key);
		return REDRAW_NONE;
	}
	struct search_query q;
	query_from(t, &q, 0);
	struct search_result r;
	struct error err = ERROR_INIT;
	if (search_run(t->dir, &q, &r, &err) < 0) {
		tui_message(t, 1, "%s", error_message(&err));
		error_clear(&err);
		free(key);
		return REDRAW_STATUS;
	}
	/* Keep the same asset selected when it is still there. */
	char *was = t->selected >= 0 && (size_t)t->selected < t->results.count
		? strdup(t->results.hit[t->selected].id) : NULL;
	search_result_free(&t->results);
	t->results = r;
	t->selected = r.count ? 0 : -1;
	for (size_t i = 0; was && i < r.count; i++)
		if (strcmp(r.hit[i].id, was) == 0)
			t->selected = (long)i;
	free(was);
	t->top = 0;
	free(t->query_key);
	t->query_key = key;
	preview_forget(t);
	return REDRAW_LIST | REDRAW_PREVIEW | REDRAW_STATUS | REDRAW_TITLE;
}

/* Fetches the next page of the same query, when the list reaches the
 * end of what is loaded. */
int browser_load_more(struct tui *t)
{
	if (!t->results.capped && (long)t->results.count >= t->results.total)
		return 0;
	struct search_query q;
	query_from(t, &q, (int)t->results.count);
	/* Further pages grow with what is loaded (up to a bound), so that
	 * End on a long list takes a few searches, not one a screen. */
	if (q.limit < (int)t->results.count)
		q.limit = t->results.count < PAGE_MORE_MAX ? (int)t->results.count
							   : PAGE_MORE_MAX;
	struct search_result more;
	struct error err = ERROR_INIT;
	if (search_run(t->dir, &q, &more, &err) < 0) {
		tui_message(t, 1, "%s", error_message(&err));
		error_clear(&err);
		return -1;
	}
	struct search_hit *hit = realloc(t->results.hit,
					 (t->results.count + more.count) * sizeof *hit);
	if (!hit) {
		search_result_free(&more);
		return -1;
	}
	memcpy(hit + t->results.count, more.hit, more.count * sizeof *hit);
	t->results.hit = hit;
	t->results.count += more.count;
	free(more.hit);        /* the hits' strings now belong to t->results */
	/* Past a capped count, the pages themselves tell how many there are:
	 * a short page is the last, and a full one means more than what is
	 * loaded but its last row. */
	if (t->results.capped) {
		long loaded = (long)t->results.count;
		if (more.count < (size_t)q.limit) {
			t->results.total = loaded;
			t->results.capped = 0;
		} else if (loaded - 1 > t->results.total) {
			t->results.total = loaded - 1;
		}
	}
	return (int)more.count;
}

static void clear_filters(struct tui *t)
{
	struct filters *f = &t->filters;
	strlist_clear(&f->needs);
	free(f->locality);
	free(f->sector);
	f->locality = f->sector = NULL;
	f->days = 0;
	f->open_only = 0;
	line_edit_clear(&t->words);
}

int tui_selected_asset(struct tui *t, const char **id, const char **name)
{
	if (t->screen == SCREEN_DETAIL && t->detail) {
		detail_current(t, id, name);
		return 0;
	}
	if (t->selected < 0 || (size_t)t->selected >= t->results.count)
		return -1;
	*id = t->results.hit[t->selected].id;
	*name = t->results.hit[t->selected].name;
	return 0;
}

void browser_invalidate(struct tui *t)
{
	free(t->query_key);
	t->query_key = NULL;
	preview_forget(t);
	for (int k = 0; k < TAXONOMY_KIND_COUNT; k++)
		t->counted[k] = 0;
}

void browser_free(struct tui *t)
{
	clear_filters(t);
	line_edit_free(&t->words);
	search_result_free(&t->results);
	preview_forget(t);
	free(t->query_key);
	t->query_key = NULL;
}

static unsigned search_key(struct tui *t, enum tui_action action, int code, wint_t ch)
{
	switch (action) {
	case ACTION_TO_LIST:
		t->searching = 0;
		return REDRAW_SEARCH | REDRAW_STATUS;
	case ACTION_CLEAR_LINE:
		if (!*line_edit_text(&t->words)) {
			t->searching = 0;
			return REDRAW_SEARCH | REDRAW_STATUS;
		}
		line_edit_clear(&t->words);
		return SEARCH_AGAIN | REDRAW_SEARCH;
	default:
		switch (tui_edit_line(&t->words, action, code, ch)) {
		case LINE_CHANGED:
			return SEARCH_AGAIN | REDRAW_SEARCH;
		case LINE_MOVED:
			return REDRAW_SEARCH;
		case LINE_UNHANDLED:
			break;
		}
		return REDRAW_NONE;
	}
}

unsigned browser_key(struct tui *t, enum tui_action action, int code, wint_t ch)
{
	if (t->searching)
		return search_key(t, action, code, ch);
	long page = list_page(t);
	switch (action) {
	case ACTION_SEARCH:
		t->searching = 1;
		return REDRAW_SEARCH | REDRAW_STATUS;
	case ACTION_DOWN:
		return list_move(t, 1);
	case ACTION_UP:
		return list_move(t, -1);
	case ACTION_PAGE_DOWN:
		return list_move(t, page);
	case ACTION_PAGE_UP:
		return list_move(t, -page);
	case ACTION_FIRST:
		return list_move_to(t, 0);
	case ACTION_LAST:
		/* The end of everything that matches, not just what is loaded. */
		while (browser_load_more(t) > 0)
			;
		return list_move_to(t, (long)t->results.count - 1);
	case ACTION_OPEN:
		return t->selected >= 0 ? detail_open(t) : REDRAW_NONE;
	case ACTION_PICK_NEED:
		return picker_open(t, PICK_NEED);
	case ACTION_PICK_LOCALITY:
		return picker_open(t, PICK_LOCALITY);
	case ACTION_PICK_SECTOR:
		return picker_open(t, PICK_SECTOR);
	case ACTION_PICK_DAY:
		return picker_open(t, PICK_DAY);
	case ACTION_OPEN_ONLY:
		t->filters.open_only = !t->filters.open_only;
		return SEARCH_AGAIN | REDRAW_TITLE;
	case ACTION_CLEAR_FILTERS:
		clear_filters(t);
		return SEARCH_AGAIN | REDRAW_ALL;
	case ACTION_EDIT:
	case ACTION_VERIFY:
	case ACTION_HISTORY:
	case ACTION_STATUS_MENU:
		return listing_key(t, action);
	case ACTION_ADD:
		return asset_form_add(t);
	default:
		if (action == ACTION_NONE && code == OK && ch > ' ') {
			tui_message(t, 0, "To search for words, press / first; ? shows every key.");
			return REDRAW_STATUS;
		}
		return REDRAW_NONE;
	}
}

unsigned browser_mouse(struct tui *t, const MEVENT *ev)
{
	if (ev->bstate & BUTTON4_PRESSED)
		return list_move(t, -3);
#ifdef BUTTON5_PRESSED
	if (ev->bstate & BUTTON5_PRESSED)
		return list_move(t, 3);
#endif
	int y = ev->y, x = ev->x;
	if (wmouse_trafo(t->list, &y, &x, FALSE)) {
		if (ev->bstate & BUTTON1_DOUBLE_CLICKED) {
			unsigned flags = list_click(t, y);
			return t->selected >= 0 ? flags | detail_open(t) : flags;
		}
		return list_click(t, y);
	}
	y = ev->y;
	x = ev->x;
	if (wmouse_trafo(t->search, &y, &x, FALSE)) {
		t->searching = 1;
		return REDRAW_SEARCH | REDRAW_STATUS;
	}
	return REDRAW_NONE;
}

static void draw_search(struct tui *t)
{
	static const char label[] = "Search: ";
	werase(t->search);
	int used = draw_text(t->search, 0, 0, label, t->cols, theme_attr(THEME_PROMPT), 0);
	if (!t->searching && !*line_edit_text(&t->words))
		draw_text(t->search, 0, used, "press / to type words; n, l, s, d for need, "
			  "locality, sector, day", t->cols - used, A_DIM, 0);
	else
		line_edit_draw(&t->words, t->search, 0, used, t->cols - used,
			       theme_attr(THEME_SEARCH), t->searching);
	wnoutrefresh(t->search);
}

void browser_draw(struct tui *t, unsigned flags)
{
	if (flags & (REDRAW_SEARCH | REDRAW_SCREEN))
		draw_search(t);
	if (flags & (REDRAW_LIST | REDRAW_SCREEN))
		list_draw(t);
	if (flags & (REDRAW_PREVIEW | REDRAW_SCREEN))
		preview_draw(t);
	/* When the list was redrawn, the search line's cursor moves back. */
	if (t->searching && (flags & (REDRAW_LIST | REDRAW_PREVIEW | REDRAW_SCREEN)))
		draw_search(t);
}
