/* refer: what a link worker does from an asset: refer a person to it
 * (a form), flag its listing, or log an unmet need when nothing fits. */
#include "config.h"

#include "core/asset_check.h"
#include "core/client_ref.h"
#include "core/personal.h"
#include "core/records.h"
#include "core/referral.h"
#include "core/strbuf.h"
#include "tui/form.h"
#include "tui/screens.h"

#include <stdlib.h>
#include <string.h>

enum refer_field { F_CLIENT, F_NEEDS, F_NOTE, F_FOLLOW_UP, F_SAVE, F_CANCEL };

struct refer_state {
	char *asset_id;
	char *asset_name;
	struct strlist needs;
};

static int need_personal(struct tui *t)
{
	if (t->personal)
		return 0;
	tui_message(t, 1, "%s", t->personal_problem ? t->personal_problem
						    : "referrals are not open to you");
	return -1;
}

static void state_free(struct refer_state *s)
{
	if (!s)
		return;
	free(s->asset_id);
	free(s->asset_name);
	strlist_clear(&s->needs);
	free(s);
}

static void show_needs(struct tui *t, struct form *f)
{
	struct refer_state *s = f->owner;
	struct strbuf sb = STRBUF_INIT;
	for (size_t i = 0; i < s->needs.count; i++)
		strbuf_printf(&sb, "%s%s", i ? ", " : "",
			      tui_label(t, TAXONOMY_NEED, s->needs.item[i]));
	form_set_shown(form_field(f, F_NEEDS), strbuf_str(&sb));
	strbuf_free(&sb);
}

static unsigned needs_chosen(struct tui *t, void *ctx, const struct strlist *chosen)
{
	struct form *f = ctx;
	if (f != t->form)
		return REDRAW_NONE;
	struct refer_state *s = f->owner;
	strlist_clear(&s->needs);
	strlist_copy(&s->needs, chosen);
	show_needs(t, f);
	form_set_error(form_field(f, F_NEEDS), s->needs.count ? NULL
				    : "choose at least one need (Enter opens the list)");
	return REDRAW_SCREEN;
}

static unsigned refer_save(struct tui *t, struct form *f)
{
	struct refer_state *s = f->owner;
	struct form_field *client = form_field(f, F_CLIENT), *note = form_field(f, F_NOTE);
	struct form_field *date = form_field(f, F_FOLLOW_UP);
	struct error err = ERROR_INIT;
	char follow_up[DATE_LEN];
	form_clear_errors(f);
	/* Check each field, so that every reason shows at once beside its field. */
	if (client_ref_check(line_edit_text(&client->edit), &err) < 0)
		form_set_error(client, "%s", error_message(&err));
	error_clear(&err);
	char *why = asset_check_text(line_edit_text(&note->edit), 1, ASSET_MAX_TEXT);
	if (why)
		form_set_error(note, "the note %s", why);
	free(why);
	if (s->needs.count == 0)
		form_set_error(form_field(f, F_NEEDS), "choose at least one need");
	if (date_expr_parse(t->personal, line_edit_text(&date->edit), t->today, follow_up,
			    &err) < 0)
		form_set_error(date, "%s", error_message(&err));
	else if (strcmp(follow_up, t->today) < 0)
		form_set_error(date, "that date has passed (today is %s)", t->today);
	error_clear(&err);
	for (size_t i = 0; i < f->count; i++)
		if (f->field[i].error) {
			form_focus_error(f);
			return REDRAW_SCREEN;
		}
	const char *note_text = line_edit_text(&note->edit);
	struct referral_new r = {
		.client = line_edit_text(&client->edit), .asset_id = s->asset_id,
		.needs = &s->needs, .note = *note_text ? note_text : NULL,
		.follow_up = follow_up, .worker = t->login, .today = t->today,
		.follow_up_days = t->settings->follow_up_days,
	};
	long id;
	if (referral_create(t->personal, t->dir, &r, &id, &err) < 0) {
		tui_message(t, 1, "%s", error_message(&err));
		error_clear(&err);
		return REDRAW_STATUS | REDRAW_SCREEN;
	}
	tui_message(t, 0, "Referred %s to %s; follow up by %s (referral %ld). F3: follow-ups",
		    r.client, s->asset_name, follow_up, id);
	form_close(t);
	return REDRAW_ALL;
}

static unsigned refer_cancel(struct tui *t, struct form *f)
{
	(void)f;
	form_close(t);
	tui_message(t, 0, "No referral made.");
	return REDRAW_ALL;
}

static unsigned refer_activate(struct tui *t, struct form *f, struct form_field *field)
{
	struct refer_state *s = f->owner;
	switch (field->id) {
	case F_NEEDS:
		return picker_open_with(t, PICK_NEED, &s->needs, needs_chosen, f);
	case F_SAVE:
		return refer_save(t, f);
	case F_CANCEL:
		return refer_cancel(t, f);
	default:
		return REDRAW_NONE;
	}
}

static void refer_free(void *owner_state)
{
	state_free(owner_state);
}

static const struct form_ops refer_ops = { refer_activate, refer_save, refer_cancel, refer_free };

unsigned refer_open(struct tui *t)
{
	const char *id, *name;
	if (need_personal(t) < 0)
		return REDRAW_STATUS;
	if (tui_selected_asset(t, &id, &name) < 0)
		return REDRAW_NONE;
	struct refer_state *s = calloc(1, sizeof *s);
	char *title = NULL;
	if (!s || !(s->asset_id = strdup(id)) || !(s->asset_name = strdup(name)) ||
	    asprintf(&title, "Refer a person to %s", name) < 0) {
		state_free(s);
		return REDRAW_NONE;
	}
	struct form *f = form_new(title, &refer_ops, s);
	free(title);
	if (!f) {
		state_free(s);
		return REDRAW_NONE;
	}
	/* The needs start from the need filter, else the asset's first. */
	if (t->filters.needs.count)
		strlist_copy(&s->needs, &t->filters.needs);
	else if (t->screen == SCREEN_DETAIL)
		detail_first_need(t, &s->needs);
	else if (t->results.hit[t->selected].needs) {
		char *first = strndup(t->results.hit[t->selected].needs,
				      strcspn(t->results.hit[t->selected].needs, ","));
		strlist_take(&s->needs, first);
	}
	form_add(f, F_CLIENT, "Client ref", FIELD_LINE,
		 "like JS-0142: never a name, NHS number, email or phone");
	form_add(f, F_NEEDS, "Needs", FIELD_CHOICE, "Enter to choose");
	form_add(f, F_NOTE, "Note", FIELD_TEXT, "optional; Enter starts a new line");
	form_add(f, F_FOLLOW_UP, "Follow up by", FIELD_LINE, "YYYY-MM-DD, today, +Nd or +Nw");
	form_add(f, F_SAVE, "Refer", FIELD_BUTTON, NULL);
	form_add(f, F_CANCEL, "Cancel", FIELD_BUTTON, NULL);
	/* Fields move as the form grows: look them up once it is whole. */
	struct form_field *date = form_field(f, F_FOLLOW_UP);
	char when[DATE_LEN], days[16];
	struct error err = ERROR_INIT;
	snprintf(days, sizeof days, "+%dd", t->settings->follow_up_days);
	if (date && date_expr_parse(t->personal, days, t->today, when, &err) == 0)
		form_set_text(date, when);
	error_clear(&err);
	show_needs(t, f);
	form_close(t);
	t->form = f;
	t->form_over = t->screen;
	t->screen = SCREEN_FORM;
	return REDRAW_ALL;
}

unsigned form_screen_key(struct tui *t, enum tui_action action, int code, wint_t ch)
{
	return t->form ? form_key(t, t->form, action, code, ch) : REDRAW_NONE;
}

void form_screen_draw(struct tui *t)
{
	if (t->form)
		form_draw(t, t->form);
}

/* ---- Flag a listing --------------------------------------------------- */

static void flag_write(struct tui *t, const char *note)
{
	struct error err = ERROR_INIT;
	long id;
	enum flag_reason reason = (enum flag_reason)t->pending.choice;
	if (flag_raise(t->dir, t->pending.id, reason, *note ? note : NULL, t->login, &id,
		       &err) < 0)
		tui_message(t, 1, "%s", error_message(&err));
	else
		tui_message(t, 0, "Flagged the listing (%s) for the volunteers.",
			    flag_reason_name(reason));
	error_clear(&err);
}

static unsigned flag_chosen(struct tui *t, void *ctx, const struct strlist *chosen)
{
	(void)ctx;
	enum flag_reason reason;
	if (!chosen->count || flag_reason_parse(chosen->item[0], &reason) < 0)
		return REDRAW_NONE;
	t->pending.choice = (int)reason;
	tui_prompt(t, reason == FLAG_OTHER
		   ? "What is wrong with the listing (never about a person)?"
		   : "A note about the listing (optional; never about a person):", "",
		   flag_write);
	return REDRAW_STATUS;
}

unsigned flag_open(struct tui *t)
{
	static const struct picker_choice reasons[] = {
		{ "closed", "It has closed" },
		{ "wrong-details", "Its details are wrong" },
		{ "full", "It is full" },
		{ "other", "Something else (say what)" },
	};
	const char *id, *name;
	if (tui_selected_asset(t, &id, &name) < 0)
		return REDRAW_NONE;
	if (tui_pending(t, id, 0, 0) < 0)
		return REDRAW_NONE;
	return picker_open_choice(t, "Flag this listing for the volunteers",
				  reasons, sizeof reasons / sizeof reasons[0], flag_chosen, NULL);
}

/* ---- Log an unmet need ----------------------------------------------- */

static void unmet_write(struct tui *t, const char *note)
{
	struct error err = ERROR_INIT;
	long id;
	if (unmet_need_log(t->personal, t->dir, &t->filters.needs, t->filters.locality,
			   *note ? note : NULL, t->login, t->today, &id, &err) < 0)
		tui_message(t, 1, "%s", error_message(&err));
	else
		tui_message(t, 0, "Logged the unmet need: it will show in the gap report.");
	error_clear(&err);
}

unsigned unmet_open(struct tui *t)
{
	if (need_personal(t) < 0)
		return REDRAW_STATUS;
	if (t->filters.needs.count == 0) {
		tui_message(t, 1, "Choose the need that went unmet first (n), and the place (l).");
		return REDRAW_STATUS;
	}
	tui_prompt(t, "Unmet need: a note on what was looked for (optional):", "",
		   unmet_write);
	return REDRAW_STATUS;
}
