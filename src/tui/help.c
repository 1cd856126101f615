#include "config.h"

#include "core/strbuf.h"
#include "tui/pager.h"
#include "tui/screens.h"

#include <stdlib.h>
#include <string.h>

enum { KEYS_COLS = 24 };

struct help {
	struct pager pager;
	enum tui_screen back_to;
};

/* Every key of every context, from the key table itself. */
static void build(struct pager *p, const unsigned char *hidden)
{
	static const struct { unsigned context; const char *title; const char *note; } parts[] = {
		{ CONTEXT_LIST, "In the list of assets",
		  "In the need picker, Space chooses several needs: an asset with any "
		  "of them is listed." },
		{ CONTEXT_SEARCH, "In the search line",
		  "Type words: the list narrows as you type, no Enter needed. Case and "
		  "accents do not matter, and the last word matches the start of a word." },
		{ CONTEXT_PICKER, "In a picker (need, locality, sector, day)",
		  "Type to narrow the list. A need includes its sub-needs; a locality "
		  "includes the places within it and the services that cover all of it." },
		{ CONTEXT_DETAIL, "In an asset", NULL },
		{ CONTEXT_FORM, "In a form (a referral, a listing)",
		  "Type into the field the cursor is in. A refused field says why beside "
		  "it; nothing typed is lost. Enter on a choice opens a list to choose from; "
		  "in a field of several lines, Enter starts a new line." },
		{ CONTEXT_REFERRALS, "In the follow-ups (F3) and a client's referrals",
		  "Overdue first, oldest first; then due today; then upcoming." },
		{ CONTEXT_REFERRAL, "In a referral", NULL },
		{ CONTEXT_QUEUE, "In the work queue (F4)",
		  "Flags raised by link workers and listings not verified lately, oldest "
		  "first." },
		{ CONTEXT_HISTORY, "In a listing's history", NULL },
		{ CONTEXT_LOG, "In the referral log (F5)",
		  "Filters combine; the totals count every referral that passes them." },
		{ CONTEXT_REPORT, "In the reports (F6)",
		  "Every figure says how it was computed. The screen shows counts in "
		  "full; an export hides those from 1 to 4." },
		{ CONTEXT_PROMPT, "Answering a question", NULL },
		{ CONTEXT_HELP, "Here", NULL },
	};
	pager_clear(p);
	pager_add(p, THEME_HEADING, NULL, "signpost: the keys");
	pager_add(p, THEME_ROW, NULL, "");
	for (size_t i = 0; i < sizeof parts / sizeof parts[0]; i++) {
		pager_add(p, THEME_HEADING, NULL, parts[i].title);
		if (parts[i].note)
			pager_add(p, THEME_ROW, NULL, parts[i].note);
		for (int a = 0; a < ACTION_COUNT; a++) {
			if (hidden[a])
				continue;
			char *names = keys_names(parts[i].context, (enum tui_action)a);
			if (names && *names)
				pager_add(p, THEME_ROW, names, keys_action_help((enum tui_action)a));
			free(names);
		}
		pager_add(p, THEME_ROW, NULL, "");
	}
	pager_add(p, THEME_ROW, NULL, "Colours and the staleness threshold are set in "
		  "$XDG_CONFIG_HOME/signpost/config.yaml; see signpost(1).");
}

unsigned help_open(struct tui *t)
{
	struct help *h = calloc(1, sizeof *h);
	if (!h)
		return REDRAW_NONE;
	pager_init(&h->pager, KEYS_COLS);
	h->back_to = t->screen;
	help_close(t);
	t->help = h;
	t->screen = SCREEN_HELP;
	return REDRAW_ALL;
}

void help_close(struct tui *t)
{
	if (!t->help)
		return;
	pager_free(&t->help->pager);
	free(t->help);
	t->help = NULL;
}

unsigned help_scroll(struct tui *t, int lines)
{
	return t->help && pager_scroll(&t->help->pager, lines) ? REDRAW_SCREEN : REDRAW_NONE;
}

unsigned help_key(struct tui *t, enum tui_action action)
{
	if (action == ACTION_BACK || action == ACTION_HELP) {
		t->screen = t->help->back_to;
		help_close(t);
		return REDRAW_ALL;
	}
	return pager_key(&t->help->pager, action) ? REDRAW_SCREEN : REDRAW_NONE;
}

void help_draw(struct tui *t)
{
	struct help *h = t->help;
	if (pager_place(&h->pager, t->rows - 2, t->cols, 1, 0))
		build(&h->pager, t->hidden);
	pager_draw(&h->pager);
}
