/* followups: the follow-ups tab (the user's open referrals, overdue
 * first), a client's referrals, and one referral with its history; and
 * moving a referral on: update, close, next follow-up date. */
#include "config.h"

#include "core/referral.h"
#include "core/strbuf.h"
#include "tui/draw.h"
#include "tui/pager.h"
#include "tui/screens.h"
#include "tui/theme.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct referrals {
	char *client;                 /* showing a client's referrals, or NULL */
	struct referral_rows rows;
	long selected, top;
	long overdue, due;
	WINDOW *win;
	struct referral one;          /* the referral open in full */
	int one_loaded;
	struct pager pager;
	enum tui_screen one_back;     /* where the referral view returns */
};

enum { LABEL_COLS = 18 };

static struct referrals *state(struct tui *t)
{
	if (!t->referrals) {
		t->referrals = calloc(1, sizeof *t->referrals);
		if (t->referrals)
			pager_init(&t->referrals->pager, LABEL_COLS);
	}
	return t->referrals;
}

void referrals_close(struct tui *t)
{
	struct referrals *r = t->referrals;
	if (!r)
		return;
	referral_rows_free(&r->rows);
	if (r->one_loaded)
		referral_free(&r->one);
	pager_free(&r->pager);
	if (r->win)
		delwin(r->win);
	free(r->client);
	free(r);
	t->referrals = NULL;
}

/* Reads the list again (after a change, or on opening). */
static int reload(struct tui *t)
{
	struct referrals *r = t->referrals;
	struct error err = ERROR_INIT;
	long keep = r->selected;
	referral_rows_free(&r->rows);
	int rc = r->client ? referral_for_client(t->personal, r->client, &r->rows, &err)
			   : referral_followups(t->personal, t->login, FOLLOWUP_ALL, t->today,
						&r->rows, &err);
	if (rc == 0 && !r->client)
		rc = referral_followup_counts(t->personal, t->login, t->today, &r->overdue,
					      &r->due, &err);
	if (rc < 0) {
		tui_message(t, 1, "%s", error_message(&err));
		error_clear(&err);
		return -1;
	}
	r->selected = r->rows.count ? (keep < (long)r->rows.count ? keep : 0) : -1;
	if (r->selected < 0 && r->rows.count)
		r->selected = 0;
	return 0;
}

static unsigned open_list(struct tui *t, const char *client)
{
	if (!t->personal) {
		tui_message(t, 1, "%s", t->personal_problem ? t->personal_problem
							    : "referrals are not open to you");
		return REDRAW_STATUS;
	}
	struct referrals *r = state(t);
	if (!r)
		return REDRAW_NONE;
	free(r->client);
	r->client = client ? strdup(client) : NULL;
	r->selected = 0;
	r->top = 0;
	if (reload(t) < 0)
		return REDRAW_STATUS;
	t->screen = SCREEN_REFERRALS;
	return REDRAW_ALL;
}

unsigned referrals_open(struct tui *t)
{
	return open_list(t, NULL);
}

static const struct referral_row *selected_row(struct tui *t)
{
	struct referrals *r = t->referrals;
	if (!r || r->selected < 0 || (size_t)r->selected >= r->rows.count)
		return NULL;
	return &r->rows.row[r->selected];
}

/* ---- One referral in full ------------------------------------------ */

static void build_view(struct tui *t, struct referrals *r)
{
	struct referral *x = &r->one;
	struct pager *p = &r->pager;
	struct strbuf labels = STRBUF_INIT;
	for (size_t i = 0; i < x->needs.count; i++)
		strbuf_printf(&labels, "%s%s", i ? ", " : "",
			      tui_label(t, TAXONOMY_NEED, x->needs.item[i]));
	const char *needs = strbuf_str(&labels);
	char title[64];
	snprintf(title, sizeof title, "Referral %ld (version %d)", x->id, x->version);
	pager_clear(p);
	pager_add(p, THEME_HEADING, NULL, title);
	pager_add(p, THEME_ROW, NULL, "");
	const char *rows[][2] = {
		{ "Client", x->client }, { "Asset", x->asset_name }, { "Needs", needs },
		{ "Link worker", x->worker }, { "Status", referral_status_name(x->status) },
		{ "Follow up by", x->follow_up }, { "Made", x->created_at },
		{ "First contact", x->contacted_on }, { "Closed", x->closed_on },
		{ "Note", x->note },
	};
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++)
		if (rows[i][1] && *rows[i][1])
			pager_add(p, THEME_ROW, rows[i][0], rows[i][1]);
	pager_add(p, THEME_ROW, NULL, "");
	pager_add(p, THEME_HEADING, NULL, "History");
	for (size_t i = 0; i < x->history_count; i++) {
		const struct referral_event *e = &x->history[i];
		struct strbuf sb = STRBUF_INIT;
		strbuf_printf(&sb, "%s: ", e->who);
		if (e->from && strcmp(e->from, e->to) != 0)
			strbuf_printf(&sb, "%s to %s", e->from, e->to);
		else
			strbuf_printf(&sb, "%s%s", e->from ? "still " : "", e->to);
		if (e->follow_up)
			strbuf_printf(&sb, "; follow up by %s", e->follow_up);
		if (e->note)
			strbuf_printf(&sb, "; %s", e->note);
		char when[24];
		snprintf(when, sizeof when, "%.10s %.5s", e->at, e->at + 11);
		pager_add(p, THEME_ROW, when, strbuf_str(&sb));
		strbuf_free(&sb);
	}
	strbuf_free(&labels);
}

static unsigned open_one(struct tui *t, long id)
{
	struct referrals *r = t->referrals;
	struct error err = ERROR_INIT;
	if (r->one_loaded)
		referral_free(&r->one);
	r->one_loaded = 0;
	if (referral_load(t->personal, id, &r->one, &err) < 0) {
		tui_message(t, 1, "%s", error_message(&err));
		error_clear(&err);
		return REDRAW_STATUS;
	}
	r->one_loaded = 1;
	r->pager.top = 0;
	pager_clear(&r->pager);     /* built again, wrapped, on the next draw */
	if (t->screen != SCREEN_REFERRAL)
		r->one_back = t->screen;
	t->screen = SCREEN_REFERRAL;
	return REDRAW_ALL;
}

unsigned referral_view_open(struct tui *t, long id)
{
	if (!t->personal || !state(t))
		return REDRAW_NONE;
	return open_one(t, id);
}

/* ---- Moving a referral on ------------------------------------------ */

/* After a change: the list and the open referral read again. */
static unsigned changed(struct tui *t)
{
	struct referrals *r = t->referrals;
	reload(t);
	if (t->screen == SCREEN_REFERRAL && r->one_loaded)
		open_one(t, r->one.id);
	return REDRAW_ALL;
}

static void apply_change(struct tui *t, const char *note, int kind)
{
	struct error err = ERROR_INIT;
	struct referral_change c = {
		.to = (enum referral_status)t->pending.choice,
		.note = note && *note ? note : NULL,
		.who = t->login, .today = t->today,
		.follow_up_days = t->settings->follow_up_days,
		.expected_version = t->pending.version,
	};
	int rc = kind == 'c' ? referral_close(t->personal, t->pending.number, &c, &err)
			     : referral_update(t->personal, t->pending.number, &c, &err);
	if (rc < 0)
		tui_message(t, 1, "%s", error_message(&err));
	else
		tui_message(t, 0, "Referral %ld is now %s.", t->pending.number,
			    referral_status_name(c.to));
	error_clear(&err);
	changed(t);
}

static void update_with_note(struct tui *t, const char *note)
{
	apply_change(t, note, 'u');
}

static void close_with_note(struct tui *t, const char *note)
{
	apply_change(t, note, 'c');
}

static void set_follow_up(struct tui *t, const char *when)
{
	struct error err = ERROR_INIT;
	struct referral_change c = {
		.to = (enum referral_status)t->pending.choice, .follow_up = when,
		.who = t->login, .today = t->today,
		.follow_up_days = t->settings->follow_up_days,
		.expected_version = t->pending.version,
	};
	if (referral_update(t->personal, t->pending.number, &c, &err) < 0)
		tui_message(t, 1, "%s", error_message(&err));
	else
		tui_message(t, 0, "Referral %ld: next follow-up set.", t->pending.number);
	error_clear(&err);
	changed(t);
}

static unsigned status_chosen(struct tui *t, void *ctx, const struct strlist *chosen)
{
	enum referral_status to;
	if (!chosen->count || referral_status_parse(chosen->item[0], &to) < 0)
		return REDRAW_NONE;
	t->pending.choice = (int)to;
	int closing = ctx != NULL;
	tui_prompt(t, closing ? "What happened (a note, optional):"
			      : "A note (optional):", "",
		   closing ? close_with_note : update_with_note);
	return REDRAW_STATUS;
}

/* The referral the keys act on: the open one, or the selected row. */
static int current(struct tui *t, long *id, int *version, enum referral_status *status)
{
	struct referrals *r = t->referrals;
	if (t->screen == SCREEN_REFERRAL && r && r->one_loaded) {
		*id = r->one.id;
		*version = r->one.version;
		*status = r->one.status;
		return 0;
	}
	const struct referral_row *row = selected_row(t);
	if (!row)
		return -1;
	*id = row->id;
	*version = row->version;
	return referral_status_parse(row->status, status);
}

static unsigned choose_move(struct tui *t, int closing)
{
	long id;
	int version;
	enum referral_status from;
	if (current(t, &id, &version, &from) < 0)
		return REDRAW_NONE;
	struct picker_choice choices[REFERRAL_STATUS_COUNT];
	size_t n = 0;
	for (int to = 0; to < REFERRAL_STATUS_COUNT; to++) {
		enum referral_status s = (enum referral_status)to;
		if (referral_status_is_open(s) == closing || !referral_can_move(from, s))
			continue;
		choices[n].id = referral_status_name(s);
		choices[n].label = referral_status_name(s);
		n++;
	}
	if (n == 0) {
		tui_message(t, 1, "Referral %ld is %s: %s", id, referral_status_name(from),
			    referral_status_is_open(from) ? "there is no way on from here"
							  : "it is closed");
		return REDRAW_STATUS;
	}
	tui_pending(t, NULL, id, version);
	char title[64];
	snprintf(title, sizeof title, closing ? "Close referral %ld with the outcome"
					      : "Referral %ld is now", id);
	return picker_open_choice(t, title, choices, n, status_chosen,
				  closing ? (void *)1 : NULL);
}

static unsigned ask_follow_up(struct tui *t)
{
	long id;
	int version;
	enum referral_status status;
	if (current(t, &id, &version, &status) < 0)
		return REDRAW_NONE;
	if (!referral_status_is_open(status)) {
		tui_message(t, 1, "Referral %ld is closed: it has no follow-up.", id);
		return REDRAW_STATUS;
	}
	tui_pending(t, NULL, id, version);
	t->pending.choice = (int)status;
	char days[16];
	snprintf(days, sizeof days, "+%dd", t->settings->follow_up_days);
	tui_prompt(t, "Next follow-up (YYYY-MM-DD, +Nd, +Nw):", days, set_follow_up);
	return REDRAW_STATUS;
}

static unsigned client_view(struct tui *t)
{
	struct referrals *r = t->referrals;
	const char *client = NULL;
	if (t->screen == SCREEN_REFERRAL && r->one_loaded)
		client = r->one.client;
	else if (selected_row(t))
		client = selected_row(t)->client;
	if (!client)
		return REDRAW_NONE;
	char *copy = strdup(client);
	unsigned flags = copy ? open_list(t, copy) : REDRAW_NONE;
	free(copy);
	return flags;
}

static unsigned common_key(struct tui *t, enum tui_action action)
{
	switch (action) {
	case ACTION_REF_UPDATE:
		return choose_move(t, 0);
	case ACTION_REF_CLOSE:
		return choose_move(t, 1);
	case ACTION_REF_FOLLOW_UP:
		return ask_follow_up(t);
	case ACTION_CLIENT_VIEW:
		return client_view(t);
	default:
		return REDRAW_NONE;
	}
}

static unsigned select_row(struct referrals *r, long to)
{
	if (r->rows.count == 0)
		return REDRAW_NONE;
	if (to >= (long)r->rows.count)
		to = (long)r->rows.count - 1;
	if (to < 0)
		to = 0;
	r->selected = to;
	return REDRAW_SCREEN | REDRAW_STATUS;
}

unsigned referrals_key(struct tui *t, enum tui_action action)
{
	struct referrals *r = t->referrals;
	long page = r->win ? getmaxy(r->win) - 3 : 1;
	switch (action) {
	case ACTION_DOWN:
		return select_row(r, r->selected + 1);
	case ACTION_UP:
		return select_row(r, r->selected - 1);
	case ACTION_PAGE_DOWN:
		return select_row(r, r->selected + page);
	case ACTION_PAGE_UP:
		return select_row(r, r->selected - page);
	case ACTION_FIRST:
		return select_row(r, 0);
	case ACTION_LAST:
		return select_row(r, (long)r->rows.count - 1);
	case ACTION_OPEN:
		return selected_row(t) ? open_one(t, selected_row(t)->id) : REDRAW_NONE;
	case ACTION_BACK:
		/* From a client's list, back to the follow-ups; from there, to
		 * the directory. */
		if (r->client)
			return open_list(t, NULL);
		t->screen = SCREEN_BROWSE;
		return REDRAW_ALL;
	default:
		return common_key(t, action);
	}
}

unsigned referral_view_key(struct tui *t, enum tui_action action)
{
	struct referrals *r = t->referrals;
	if (action == ACTION_BACK) {
		t->screen = r->one_back;
		return REDRAW_ALL;
	}
	if (pager_key(&r->pager, action))
		return REDRAW_SCREEN;
	return common_key(t, action);
}

/* ---- Drawing ---------------------------------------------------------- */

static void place(struct tui *t, struct referrals *r)
{
	int rows = t->rows - 2;
	if (r->win && getmaxy(r->win) == rows && getmaxx(r->win) == t->cols)
		return;
	if (r->win)
		delwin(r->win);
	r->win = newwin(rows, t->cols, 1, 0);
}

static void when_text(const char *follow_up, const char *today, char *out, size_t n)
{
	if (!follow_up) {
		snprintf(out, n, "closed");
		return;
	}
	long days = date_days(follow_up) - date_days(today);
	if (days < 0)
		snprintf(out, n, "overdue %ldd", -days);
	else if (days == 0)
		snprintf(out, n, "due today");
	else
		snprintf(out, n, "in %ldd", days);
}

void referrals_draw(struct tui *t)
{
	struct referrals *r = t->referrals;
	place(t, r);
	WINDOW *w = r->win;
	if (!w)
		return;
	werase(w);
	int cols = getmaxx(w), rows = getmaxy(w);
	char heading[160];
	if (r->client)
		snprintf(heading, sizeof heading, "Everything for client %.40s: %zu referral%s",
			 r->client, r->rows.count, r->rows.count == 1 ? "" : "s");
	else
		snprintf(heading, sizeof heading, "Follow-ups for %.40s: %ld overdue, %ld due "
			 "today, %zu open in all", t->login, r->overdue, r->due, r->rows.count);
	draw_text(w, 0, 1, heading, cols - 2, theme_attr(THEME_HEADING), 0);
	int c_due = 11, c_when = 12, c_client = 12, c_status = 11;
	int c_asset = cols - c_due - c_when - c_client - c_status - 5;
	attr_t header = theme_attr(THEME_HEADER);
	draw_fill(w, 1, 0, cols, header);
	int x = 0;
	const struct { const char *name; int width; } heads[] = {
		{ "FOLLOW UP", c_due }, { "WHEN", c_when }, { "CLIENT", c_client },
		{ "ASSET", c_asset }, { "STATUS", c_status },
	};
	for (size_t i = 0; i < sizeof heads / sizeof heads[0]; i++)
		x += draw_text(w, 1, x, heads[i].name, heads[i].width, header, 1) + 1;
	if (r->rows.count == 0)
		draw_text(w, 3, 2, r->client ? "Nothing is held for this client reference."
			  : "No open referrals: nothing to follow up.", cols - 4, A_BOLD, 0);
	long page = rows - 2;
	if (r->selected >= r->top + page)
		r->top = r->selected - page + 1;
	if (r->selected < r->top)
		r->top = r->selected < 0 ? 0 : r->selected;
	for (long i = 0; i < page && r->top + i < (long)r->rows.count; i++) {
		const struct referral_row *row = &r->rows.row[r->top + i];
		int selected = r->top + i == r->selected;
		enum theme_element el = THEME_ROW;
		if (row->follow_up && strcmp(row->follow_up, t->today) < 0)
			el = THEME_OVERDUE;
		else if (row->follow_up && strcmp(row->follow_up, t->today) == 0)
			el = THEME_DUE;
		attr_t attr = theme_attr(selected ? THEME_SELECTED : el);
		int y = 2 + (int)i;
		char when[32];
		when_text(row->follow_up, t->today, when, sizeof when);
		draw_fill(w, y, 0, cols, attr);
		x = 0;
		x += draw_text(w, y, x, row->follow_up ? row->follow_up : "-", c_due, attr, 1) + 1;
		x += draw_text(w, y, x, when, c_when, attr, 1) + 1;
		x += draw_text(w, y, x, row->client, c_client, attr, 1) + 1;
		x += draw_text(w, y, x, row->asset_name, c_asset, attr, 1) + 1;
		draw_text(w, y, x, row->status, c_status, attr, 1);
	}
	wnoutrefresh(w);
}

void referral_view_draw(struct tui *t)
{
	struct referrals *r = t->referrals;
	if (!r || !r->one_loaded)
		return;
	if (pager_place(&r->pager, t->rows - 2, t->cols, 1, 0) || r->pager.count == 0)
		build_view(t, r);
	pager_draw(&r->pager);
}

/* The status line's news on starting: what is overdue or due today. */
void referrals_announce(struct tui *t)
{
	long overdue = 0, due = 0;
	struct error err = ERROR_INIT;
	if (!t->personal ||
	    referral_followup_counts(t->personal, t->login, t->today, &overdue, &due, &err) < 0) {
		error_clear(&err);
		return;
	}
	/* Only news is said: a quiet start shows the count of assets. */
	if (overdue || due)
		tui_message(t, overdue > 0, "Follow-ups: %ld overdue, %ld due today. F3 shows them.",
			    overdue, due);
}
