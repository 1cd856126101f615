/* asset_form: add or edit a listing in a form with every field of the
 * model, pickers for the needs, localities and sector, a session editor
 * (one session a line), field-by-field reasons for a refusal, a warning
 * about likely duplicates before an add, and, when someone else saved
 * the listing first, both versions side by side and the volunteer's
 * changes re-applied on top of theirs. */
#include "config.h"

#include "core/asset_diff.h"
#include "core/asset_key.h"
#include "core/duplicate.h"
#include "core/listing.h"
#include "core/strbuf.h"
#include "tui/form.h"
#include "tui/pager.h"
#include "tui/screens.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum field_id {
	F_NAME = ASSET_KEY_NAME, F_ORG = ASSET_KEY_ORGANISATION, F_SECTOR = ASSET_KEY_SECTOR,
	F_DESCRIPTION = ASSET_KEY_DESCRIPTION, F_NEEDS = ASSET_KEY_NEEDS,
	F_LOCALITIES = ASSET_KEY_LOCALITIES, F_ADDRESS = ASSET_KEY_ADDRESS,
	F_POSTCODE = ASSET_KEY_POSTCODE, F_PHONE = ASSET_KEY_PHONE, F_EMAIL = ASSET_KEY_EMAIL,
	F_WEBSITE = ASSET_KEY_WEBSITE, F_SESSIONS = ASSET_KEY_SESSIONS, F_WHEN = ASSET_KEY_WHEN,
	F_COST = ASSET_KEY_COST, F_COST_NOTE = ASSET_KEY_COST_NOTE,
	F_ACCESS = ASSET_KEY_ACCESSIBILITY, F_ELIGIBILITY = ASSET_KEY_ELIGIBILITY,
	F_ROUTES = ASSET_KEY_REFERRAL, F_ROUTE_NOTE = ASSET_KEY_REFERRAL_NOTE,
	F_STATUS = ASSET_KEY_STATUS, F_NOTES = ASSET_KEY_NOTES,
	F_REASON = 100, F_SAVE, F_CANCEL,
};

/* The form's fields, in order: which field of the asset, and how. */
static const struct {
	enum field_id id;
	enum form_field_type type;
	int rows;
	const char *hint;
} layout[] = {
	{ F_NAME, FIELD_LINE, 1, "what people call it" },
	{ F_ORG, FIELD_LINE, 1, "who runs it" },
	{ F_SECTOR, FIELD_CHOICE, 1, "Enter to choose" },
	{ F_NEEDS, FIELD_CHOICE, 1, "Enter to choose (several)" },
	{ F_LOCALITIES, FIELD_CHOICE, 1, "Enter to choose (the main one first)" },
	{ F_DESCRIPTION, FIELD_TEXT, 4, "what happens there, in plain words" },
	{ F_ADDRESS, FIELD_LINE, 1, NULL },
	{ F_POSTCODE, FIELD_LINE, 1, "like ZW1 3QT" },
	{ F_PHONE, FIELD_LINE, 1, NULL },
	{ F_EMAIL, FIELD_LINE, 1, NULL },
	{ F_WEBSITE, FIELD_LINE, 1, "https://..." },
	{ F_SESSIONS, FIELD_TEXT, 4, "a line each: thu 10:00-12:00 note" },
	{ F_WHEN, FIELD_LINE, 1, "in words: Thursdays 10:00-12:00, drop in" },
	{ F_COST, FIELD_CHOICE, 1, "Enter to choose" },
	{ F_COST_NOTE, FIELD_LINE, 1, NULL },
	{ F_ACCESS, FIELD_TEXT, 2, "step-free, hearing loop ..." },
	{ F_ELIGIBILITY, FIELD_TEXT, 2, "who it is for" },
	{ F_ROUTES, FIELD_CHOICE, 1, "how to get in: Enter to choose" },
	{ F_ROUTE_NOTE, FIELD_LINE, 1, NULL },
	{ F_STATUS, FIELD_CHOICE, 1, NULL },
	{ F_NOTES, FIELD_TEXT, 3, "for volunteers" },
};

struct asset_form {
	int adding;
	struct asset base;        /* the version the editor started from */
	struct asset choices;     /* sector, needs, localities, cost, routes, status */
	int expected_version;
	int duplicates_seen;      /* the warning was shown: a second save adds */
	enum tui_screen back_to;
	struct pager conflict;    /* both versions, when a save was refused */
	struct listing_version theirs;
	int has_theirs;
};

static struct asset_form *owner(struct tui *t)
{
	return t->form ? t->form->owner : NULL;
}

static void state_free(struct asset_form *s)
{
	if (!s)
		return;
	asset_clear(&s->base);
	asset_clear(&s->choices);
	pager_free(&s->conflict);
	if (s->has_theirs)
		listing_version_clear(&s->theirs);
	free(s);
}

/* ---- Between the asset and the fields ----------------------------------- */

static char *sessions_lines(const struct asset *a)
{
	struct strbuf sb = STRBUF_INIT;
	for (size_t i = 0; i < a->session_count; i++) {
		const struct asset_session *s = &a->sessions[i];
		char *days = days_describe(s->days);
		/* Written as the parser reads it back: days without spaces. */
		for (char *p = days; p && *p; p++)
			if (*p == ' ')
				*p = ',';
		strbuf_printf(&sb, "%s%s", i ? "\n" : "", days ? days : "");
		free(days);
		if (s->start[0])
			strbuf_printf(&sb, " %s%s%s", s->start, s->end[0] ? "-" : "", s->end);
		if (s->note)
			strbuf_printf(&sb, " %s", s->note);
	}
	return strbuf_detach(&sb);
}

static const char *cost_words(enum asset_cost c)
{
	static const char *const words[COST_COUNT] = {
		[COST_UNKNOWN] = "not known", [COST_FREE] = "free", [COST_LOW] = "low cost",
		[COST_PAID] = "paid",
	};
	return words[c];
}

/* The chosen values, shown in words. */
static void show_choices(struct tui *t, struct form *f)
{
	struct asset_form *s = f->owner;
	const struct asset *a = &s->choices;
	struct strbuf sb = STRBUF_INIT;
	for (size_t i = 0; i < a->needs.count; i++)
		strbuf_printf(&sb, "%s%s", i ? ", " : "", tui_label(t, TAXONOMY_NEED, a->needs.item[i]));
	form_set_shown(form_field(f, F_NEEDS), strbuf_str(&sb));
	strbuf_reset(&sb);
	for (size_t i = 0; i < a->localities.count; i++)
		strbuf_printf(&sb, "%s%s", i ? ", " : "",
			      tui_label(t, TAXONOMY_LOCALITY, a->localities.item[i]));
	form_set_shown(form_field(f, F_LOCALITIES), strbuf_str(&sb));
	strbuf_reset(&sb);
	form_set_shown(form_field(f, F_SECTOR), a->sector ? tui_label(t, TAXONOMY_SECTOR, a->sector) : "");
	form_set_shown(form_field(f, F_COST), cost_words(a->cost));
	for (int i = 0; i < ROUTE_COUNT; i++)
		if (a->referral & (1u << i))
			strbuf_printf(&sb, "%s%s", sb.len ? ", " : "", referral_route_name(1u << i));
	form_set_shown(form_field(f, F_ROUTES), strbuf_str(&sb));
	form_set_shown(form_field(f, F_STATUS), asset_status_name(a->status));
	strbuf_free(&sb);
}

/* Fills the form from an asset (a new one, the stored one, or a version
 * with the editor's changes laid over it). */
static void fill(struct tui *t, struct form *f, const struct asset *a)
{
	struct asset_form *s = f->owner;
	for (size_t i = 0; i < sizeof layout / sizeof layout[0]; i++) {
		struct form_field *field = form_field(f, layout[i].id);
		if (!field || layout[i].type == FIELD_CHOICE)
			continue;
		if (layout[i].id == F_SESSIONS) {
			char *text = sessions_lines(a);
			form_set_text(field, text);
			free(text);
		} else {
			char *text = NULL;
			asset_key_text(a, (enum asset_key)layout[i].id, &text);
			form_set_text(field, text);
			free(text);
		}
	}
	asset_clear(&s->choices);
	asset_copy(&s->choices, a);
	show_choices(t, f);
}

/* The asset as the form holds it now: the base, with every field of the
 * form laid over it.  Sessions that do not parse are said against their
 * field.  Returns 0, or -1 when a field was refused. */
static int gather(struct form *f, struct asset *out)
{
	struct asset_form *s = f->owner;
	asset_copy(out, &s->base);
	static const enum asset_key chosen[] = {
		ASSET_KEY_SECTOR, ASSET_KEY_NEEDS, ASSET_KEY_LOCALITIES, ASSET_KEY_COST,
		ASSET_KEY_REFERRAL, ASSET_KEY_STATUS,
	};
	for (size_t i = 0; i < sizeof chosen / sizeof chosen[0]; i++)
		asset_key_copy(out, &s->choices, chosen[i]);
	int rc = 0;
	for (size_t i = 0; i < sizeof layout / sizeof layout[0]; i++) {
		struct form_field *field = form_field(f, layout[i].id);
		if (layout[i].type == FIELD_CHOICE || layout[i].id == F_SESSIONS)
			continue;
		asset_key_set_text(out, (enum asset_key)layout[i].id,
				   line_edit_text(&field->edit));
	}
	/* One session a line. */
	struct form_field *sessions = form_field(f, F_SESSIONS);
	for (size_t i = 0; i < out->session_count; i++)
		free(out->sessions[i].note);
	free(out->sessions);
	out->sessions = NULL;
	out->session_count = 0;
	char *text = strdup(line_edit_text(&sessions->edit));
	int n = 0;
	for (char *line = text, *next; line && *line; line = next) {
		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		n++;
		if (strspn(line, " ") == strlen(line))
			continue;
		if (asset_session_add_text(out, line) != 0) {
			form_set_error(sessions, "line %d: '%s' is not a session: write days, a time "
				       "and a note, like 'thu 10:00-12:00 drop in' (days: mon..sun, "
				       "mon,thu, mon-fri, weekdays, weekend)", n, line);
			rc = -1;
			break;
		}
	}
	free(text);
	asset_tidy(out);
	return rc;
}

/* ---- Choices ------------------------------------------------------------ */

static unsigned choice_done(struct tui *t, void *ctx, const struct strlist *chosen)
{
	struct form *f = t->form;
	struct asset_form *s = owner(t);
	if (!f || !s)
		return REDRAW_NONE;
	enum field_id id = (enum field_id)(long)ctx;
	struct asset *a = &s->choices;
	switch (id) {
	case F_SECTOR:
		free(a->sector);
		a->sector = chosen->count ? strdup(chosen->item[0]) : NULL;
		break;
	case F_NEEDS:
		strlist_clear(&a->needs);
		strlist_copy(&a->needs, chosen);
		break;
	case F_LOCALITIES:
		strlist_clear(&a->localities);
		strlist_copy(&a->localities, chosen);
		break;
	case F_COST:
		a->cost = COST_UNKNOWN;
		if (chosen->count)
			asset_cost_parse(chosen->item[0], &a->cost);
		break;
	case F_ROUTES:
		a->referral = 0;
		for (size_t i = 0; i < chosen->count; i++) {
			unsigned bit;
			if (referral_route_parse(chosen->item[i], &bit) == 0)
				a->referral |= bit;
		}
		break;
	case F_STATUS:
		if (chosen->count)
			asset_status_parse(chosen->item[0], &a->status);
		break;
	default:
		break;
	}
	form_set_error(form_field(f, (int)id), NULL);
	show_choices(t, f);
	return REDRAW_SCREEN;
}

static unsigned choose(struct tui *t, struct form *f, enum field_id id)
{
	struct asset_form *s = f->owner;
	const struct asset *a = &s->choices;
	void *ctx = (void *)(long)id;
	struct strlist now = STRLIST_INIT;
	unsigned flags = REDRAW_NONE;
	switch (id) {
	case F_SECTOR:
		if (a->sector)
			strlist_add(&now, a->sector);
		flags = picker_open_multi(t, PICK_SECTOR, 0, &now, choice_done, ctx);
		break;
	case F_NEEDS:
		flags = picker_open_multi(t, PICK_NEED, 1, &a->needs, choice_done, ctx);
		break;
	case F_LOCALITIES:
		flags = picker_open_multi(t, PICK_LOCALITY, 1, &a->localities, choice_done, ctx);
		break;
	case F_COST: {
		static const struct picker_choice costs[] = {
			{ "free", "free" }, { "low", "low cost" }, { "paid", "paid" },
		};
		flags = picker_open_choice(t, "Cost", costs, 3, choice_done, ctx);
		break;
	}
	case F_ROUTES: {
		static const struct picker_choice routes[] = {
			{ "self", "people can go along, or get in touch, themselves" },
			{ "link-worker", "a link worker refers them" },
			{ "professional", "a professional (a GP, say) refers them" },
		};
		for (int i = 0; i < ROUTE_COUNT; i++)
			if (a->referral & (1u << i))
				strlist_add(&now, referral_route_name(1u << i));
		flags = picker_open_choices(t, "How to get in: Space chooses several", routes, 3,
					    1, &now, choice_done, ctx);
		break;
	}
	case F_STATUS: {
		static const struct picker_choice statuses[] = {
			{ "open", "open" }, { "waiting-list", "open, with a waiting list" },
			{ "full", "full" }, { "temporarily-closed", "temporarily closed" },
			{ "closed", "closed" },
		};
		flags = picker_open_choice(t, "Status", statuses, 5, choice_done, ctx);
		break;
	}
	default:
		break;
	}
	strlist_clear(&now);
	return flags;
}

/* ---- Saving ---------------------------------------------------------------- */

/* Puts each problem beside its field; those with no field of their own
 * go to the status line. */
static void show_problems(struct tui *t, struct form *f, const struct asset_problems *p)
{
	for (size_t i = 0; i < p->count; i++) {
		enum asset_key k;
		struct form_field *field = asset_key_parse(p->item[i].field, &k) == 0
			? form_field(f, (int)k) : NULL;
		if (field && !field->error)
			form_set_error(field, "%s", p->item[i].message);
		else if (!field)
			tui_message(t, 1, "%s", p->item[i].message);
	}
	form_focus_error(f);
}

/* Likely duplicates, said once beside the name; a second save adds. */
static int warn_duplicates(struct tui *t, struct form *f, const struct asset *a)
{
	struct asset_form *s = f->owner;
	if (s->duplicates_seen)
		return 0;
	struct duplicates d = { 0 };
	struct error err = ERROR_INIT;
	if (duplicates_find(t->dir, a, &d, &err) < 0) {
		error_clear(&err);
		return 0;
	}
	int found = d.count > 0;
	if (found) {
		struct strbuf sb = STRBUF_INIT;
		strbuf_printf(&sb, "looks like %s'%s' (%s)%s: save again to add it anyway",
			      d.item[0].archived ? "the archived " : "", d.item[0].name, d.item[0].why,
			      d.count > 1 ? " and others" : "");
		form_set_error(form_field(f, F_NAME), "%s", strbuf_str(&sb));
		strbuf_free(&sb);
		s->duplicates_seen = 1;
		f->focus = 0;
	}
	duplicates_free(&d);
	return found;
}

static unsigned conflict_open(struct tui *t, const struct asset *mine);

static unsigned asset_save_form(struct tui *t, struct form *f)
{
	struct asset_form *s = f->owner;
	form_clear_errors(f);
	struct asset a;
	asset_init(&a);
	if (gather(f, &a) < 0) {
		asset_clear(&a);
		form_focus_error(f);
		return REDRAW_SCREEN;
	}
	const char *reason = line_edit_text(&form_field(f, F_REASON)->edit);
	if (!s->adding && !*reason) {
		form_set_error(form_field(f, F_REASON), "say in a line what changed and why "
			       "(it goes into the history)");
		form_focus_error(f);
		asset_clear(&a);
		return REDRAW_SCREEN;
	}
	struct listing_result res;
	listing_result_init(&res);
	struct error err = ERROR_INIT;
	struct asset_problems problems = { 0 };
	unsigned flags = REDRAW_SCREEN;
	if (listing_check(t->dir, &a, &problems, &err) == 0 && problems.count) {
		show_problems(t, f, &problems);
	} else if (s->adding && warn_duplicates(t, f, &a)) {
		/* said beside the name */
	} else {
		struct asset_save how = {
			.who = t->login, .reason = *reason ? reason : NULL,
			.expected_version = s->adding ? 0 : s->expected_version,
		};
		int rc = s->adding ? listing_add(t->dir, &a, &how, &res, &err)
				   : listing_edit(t->dir, &a, &how, &res, &err);
		if (rc == 0) {
			tui_message(t, 0, "Saved %s (version %d).", a.name, res.version);
			enum tui_screen back = s->back_to;
			form_close(t);
			t->screen = back;
			browser_invalidate(t);
			queue_refresh(t);
			flags = REDRAW_ALL | SEARCH_AGAIN;
		} else if (err.kind == ERROR_CONFLICT && res.has_current) {
			if (s->has_theirs)
				listing_version_clear(&s->theirs);
			s->theirs = res.current;
			s->has_theirs = 1;
			memset(&res.current, 0, sizeof res.current);
			res.has_current = 0;
			flags = conflict_open(t, &a);
		} else if (err.kind == ERROR_INPUT && res.problems.count) {
			show_problems(t, f, &res.problems);
		} else {
			tui_message(t, 1, "%s", error_message(&err));
			flags |= REDRAW_STATUS;
		}
	}
	asset_problems_free(&problems);
	listing_result_free(&res);
	error_clear(&err);
	asset_clear(&a);
	return flags;
}

static unsigned asset_cancel(struct tui *t, struct form *f)
{
	struct asset_form *s = f->owner;
	enum tui_screen back = s->back_to;
	form_close(t);
	t->screen = back;
	tui_message(t, 0, "Nothing was saved.");
	return REDRAW_ALL;
}

static unsigned asset_activate(struct tui *t, struct form *f, struct form_field *field)
{
	switch (field->id) {
	case F_SAVE:
		return asset_save_form(t, f);
	case F_CANCEL:
		return asset_cancel(t, f);
	default:
		return field->type == FIELD_CHOICE ? choose(t, f, (enum field_id)field->id)
						   : REDRAW_NONE;
	}
}

static void form_owner_free(void *owner_state)
{
	state_free(owner_state);
}

static const struct form_ops asset_ops = {
	asset_activate, asset_save_form, asset_cancel, form_owner_free,
};

/* ---- Opening -------------------------------------------------------------- */

static unsigned open_form(struct tui *t, struct asset_form *s, const char *title)
{
	struct form *f = form_new(title, &asset_ops, s);
	if (!f) {
		state_free(s);
		return REDRAW_NONE;
	}
	for (size_t i = 0; i < sizeof layout / sizeof layout[0]; i++) {
		struct form_field *field = form_add(f, layout[i].id,
						    asset_key_label((enum asset_key)layout[i].id),
						    layout[i].type, layout[i].hint);
		if (field)
			field->rows = layout[i].rows;
	}
	form_add(f, F_REASON, "Why", FIELD_LINE, s->adding ? "optional for a new listing"
							  : "what changed, in a line");
	form_add(f, F_SAVE, s->adding ? "Add" : "Save", FIELD_BUTTON, NULL);
	form_add(f, F_CANCEL, "Cancel", FIELD_BUTTON, NULL);
	fill(t, f, &s->base);
	s->back_to = t->screen;
	form_close(t);
	t->form = f;
	t->form_over = t->screen;
	t->screen = SCREEN_FORM;
	return REDRAW_ALL;
}

unsigned asset_form_add(struct tui *t)
{
	struct asset_form *s = calloc(1, sizeof *s);
	if (!s)
		return REDRAW_NONE;
	s->adding = 1;
	asset_init(&s->base);
	asset_init(&s->choices);
	/* A new listing starts where the browser is looking. */
	strlist_copy(&s->base.needs, &t->filters.needs);
	if (t->filters.locality)
		strlist_add(&s->base.localities, t->filters.locality);
	if (t->filters.sector)
		s->base.sector = strdup(t->filters.sector);
	pager_init(&s->conflict, 16);
	return open_form(t, s, "Add a listing");
}

unsigned asset_form_edit(struct tui *t, const char *id)
{
	struct asset_form *s = calloc(1, sizeof *s);
	if (!s)
		return REDRAW_NONE;
	asset_init(&s->choices);
	pager_init(&s->conflict, 16);
	struct error err = ERROR_INIT;
	if (asset_load(t->dir, id, &s->base, &err) < 0) {
		tui_message(t, 1, "%s", error_message(&err));
		error_clear(&err);
		state_free(s);
		return REDRAW_STATUS;
	}
	s->expected_version = s->base.version;
	char title[160];
	snprintf(title, sizeof title, "Edit %.100s (version %d)", s->base.name, s->base.version);
	return open_form(t, s, title);
}

/* ---- When someone else saved first ------------------------------------------ */

static void add_diff(struct pager *p, const struct asset_diff *d)
{
	for (size_t i = 0; i < d->count; i++) {
		struct strbuf sb = STRBUF_INIT;
		strbuf_printf(&sb, "%s -> %s", d->item[i].before ? d->item[i].before : "(empty)",
			      d->item[i].after ? d->item[i].after : "(empty)");
		pager_add(p, THEME_ROW, asset_key_label(d->item[i].key), strbuf_str(&sb));
		strbuf_free(&sb);
	}
	if (d->count == 0)
		pager_add(p, THEME_ROW, NULL, "(no change)");
}

static unsigned conflict_open(struct tui *t, const struct asset *mine)
{
	struct asset_form *s = owner(t);
	struct pager *p = &s->conflict;
	struct asset_diff theirs = { 0 }, yours = { 0 };
	struct error err = ERROR_INIT;
	asset_diff(&s->base, &s->theirs.asset, &theirs, &err);
	asset_diff(&s->base, mine, &yours, &err);
	error_clear(&err);
	char line[320];
	pager_clear(p);
	/* Placed first, so the lines wrap to the screen. */
	pager_place(p, t->rows - 2, t->cols, 1, 0);
	pager_add(p, THEME_MESSAGE, NULL, "Someone else saved this listing while you were "
		  "editing it: nothing of yours is lost, and nothing was saved.");
	pager_add(p, THEME_ROW, NULL, "");
	snprintf(line, sizeof line, "Their version %d, by %.60s at %.20s: %.120s",
		 s->theirs.version, s->theirs.changed_by, s->theirs.changed_at,
		 s->theirs.reason);
	pager_add(p, THEME_HEADING, NULL, line);
	add_diff(p, &theirs);
	pager_add(p, THEME_ROW, NULL, "");
	pager_add(p, THEME_HEADING, NULL, "Your changes, from the version you started with");
	add_diff(p, &yours);
	pager_add(p, THEME_ROW, NULL, "");
	pager_add(p, THEME_ROW, NULL, "a: lay your changes over their version, to check and "
		  "save again.  Esc: back to your form as it is.");
	asset_diff_free(&theirs);
	asset_diff_free(&yours);
	/* Keep the editor's version to lay over theirs. */
	asset_clear(&s->choices);
	asset_copy(&s->choices, mine);
	t->screen = SCREEN_CONFLICT;
	return REDRAW_ALL;
}

unsigned conflict_key(struct tui *t, enum tui_action action, int code, wint_t ch)
{
	struct asset_form *s = owner(t);
	if (!s)
		return REDRAW_NONE;
	if (action == ACTION_BACK || action == ACTION_CANCEL) {
		t->screen = SCREEN_FORM;
		show_choices(t, t->form);
		return REDRAW_ALL;
	}
	if (code == OK && ch == 'a') {
		struct asset merged;
		unsigned clashes = 0;
		struct error err = ERROR_INIT;
		asset_init(&merged);
		if (asset_rebase(&s->base, &s->choices, &s->theirs.asset, &merged, &clashes,
				 &err) < 0) {
			tui_message(t, 1, "%s", error_message(&err));
			error_clear(&err);
			return REDRAW_STATUS;
		}
		asset_clear(&s->base);
		asset_copy(&s->base, &s->theirs.asset);
		s->expected_version = s->theirs.version;
		fill(t, t->form, &merged);
		for (int k = 0; k < ASSET_KEY_COUNT; k++)
			if (clashes & ASSET_KEY_BIT(k) && form_field(t->form, k))
				form_set_error(form_field(t->form, k), "they changed this too: yours is "
					       "kept here; check it");
		asset_clear(&merged);
		tui_message(t, 0, "Your changes are laid over version %d: check them, then save.",
			    s->expected_version);
		t->screen = SCREEN_FORM;
		return REDRAW_ALL;
	}
	return pager_key(&s->conflict, action) ? REDRAW_SCREEN : REDRAW_NONE;
}

void conflict_draw(struct tui *t)
{
	struct asset_form *s = owner(t);
	if (!s)
		return;
	pager_place(&s->conflict, t->rows - 2, t->cols, 1, 0);
	pager_draw(&s->conflict);
}
