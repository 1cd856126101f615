/* listing_menu: mark a listing full, closed and the like, or archive it
 * (it leaves search, and stays in its history and in old referrals). */
#include "config.h"

#include "core/listing.h"
#include "tui/screens.h"

#include <stdio.h>
#include <string.h>

static void apply_with_reason(struct tui *t, const char *reason)
{
	struct asset_save how = { .who = t->login, .reason = *reason ? reason : NULL };
	struct listing_result res;
	struct error err = ERROR_INIT;
	listing_result_init(&res);
	int rc;
	if (t->pending.choice < 0) {
		rc = listing_archive(t->dir, t->pending.id, 1, &how, &res, &err);
	} else {
		rc = listing_set_status(t->dir, t->pending.id,
					(enum asset_status)t->pending.choice, &how, &res, &err);
	}
	if (rc < 0)
		tui_message(t, 1, "%s", error_message(&err));
	else if (t->pending.choice < 0)
		tui_message(t, 0, "Archived %s: it has left search, and stays in its history "
			    "(`signpost asset unarchive` brings it back).", t->pending.id);
	else
		tui_message(t, 0, "%s is now %s.", t->pending.id,
			    asset_status_name((enum asset_status)t->pending.choice));
	listing_result_free(&res);
	error_clear(&err);
	if (t->pending.choice < 0 && t->screen == SCREEN_DETAIL) {
		detail_close(t);
		t->screen = SCREEN_BROWSE;
	}
	browser_invalidate(t);
}

static unsigned chosen(struct tui *t, void *ctx, const struct strlist *choice)
{
	(void)ctx;
	if (!choice->count)
		return REDRAW_NONE;
	enum asset_status status;
	if (strcmp(choice->item[0], "archive") == 0)
		t->pending.choice = -1;
	else if (asset_status_parse(choice->item[0], &status) == 0)
		t->pending.choice = (int)status;
	else
		return REDRAW_NONE;
	char reason[64];
	snprintf(reason, sizeof reason, "%s", t->pending.choice < 0 ? "archived: it no longer runs"
		 : asset_status_name((enum asset_status)t->pending.choice));
	tui_prompt(t, "Why, in a line:", reason, apply_with_reason);
	return REDRAW_STATUS | SEARCH_AGAIN;
}

unsigned listing_status_menu(struct tui *t)
{
	static const struct picker_choice choices[] = {
		{ "open", "open: taking people" },
		{ "waiting-list", "open, with a waiting list" },
		{ "full", "full" },
		{ "temporarily-closed", "temporarily closed" },
		{ "closed", "closed" },
		{ "archive", "archive it: it no longer exists" },
	};
	const char *id, *name;
	if (tui_selected_asset(t, &id, &name) < 0 || tui_pending(t, id, 0, 0) < 0)
		return REDRAW_NONE;
	char title[160];
	snprintf(title, sizeof title, "%.120s is now", name);
	return picker_open_choice(t, title, choices, sizeof choices / sizeof choices[0],
				  chosen, NULL);
}

unsigned listing_key(struct tui *t, enum tui_action action)
{
	const char *id, *name;
	if (tui_selected_asset(t, &id, &name) < 0)
		return REDRAW_NONE;
	switch (action) {
	case ACTION_EDIT:
		return asset_form_edit(t, id);
	case ACTION_VERIFY:
		return queue_verify(t, id);
	case ACTION_HISTORY:
		return history_open(t, id, name);
	case ACTION_STATUS_MENU:
		return listing_status_menu(t);
	default:
		return REDRAW_NONE;
	}
}
