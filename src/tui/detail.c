#include "config.h"

#include "core/asset_store.h"
#include "core/asset_text.h"
#include "tui/draw.h"
#include "tui/pager.h"
#include "tui/screens.h"
#include "tui/theme.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { LABEL_COLS = 15 };

struct detail {
	struct asset asset;
	struct asset_fields fields;
	struct pager pager;
};

/* Wraps everything to the pager's width; done again when it changes. */
static void build(struct detail *d)
{
	pager_clear(&d->pager);
	pager_add(&d->pager, THEME_HEADING, NULL, d->asset.name);
	if (d->asset.organisation)
		pager_add(&d->pager, THEME_ROW, NULL, d->asset.organisation);
	pager_add(&d->pager, THEME_ROW, NULL, "");
	if (d->asset.description) {
		pager_add(&d->pager, THEME_ROW, NULL, d->asset.description);
		pager_add(&d->pager, THEME_ROW, NULL, "");
	}
	for (size_t i = 0; i < d->fields.count; i++) {
		const struct asset_field *f = &d->fields.item[i];
		if (strcmp(f->label, "Organisation") == 0)
			continue;
		/* A timetable keeps its lines; other fields wrap. */
		char *copy = strdup(f->value);
		char *save = NULL;
		int first = 1;
		for (char *line = copy ? strtok_r(copy, "\n", &save) : NULL; line;
		     line = strtok_r(NULL, "\n", &save), first = 0)
			pager_add(&d->pager, THEME_ROW, first ? f->label : "", line);
		free(copy);
	}
	pager_add(&d->pager, THEME_ROW, NULL, "");
	pager_add(&d->pager, THEME_ROW, "Id", d->asset.id);
}

unsigned detail_open(struct tui *t)
{
	if (t->selected < 0 || (size_t)t->selected >= t->results.count)
		return REDRAW_NONE;
	struct detail *d = calloc(1, sizeof *d);
	if (!d)
		return REDRAW_NONE;
	pager_init(&d->pager, LABEL_COLS);
	struct error err = ERROR_INIT;
	if (asset_load(t->dir, t->results.hit[t->selected].id, &d->asset, &err) < 0 ||
	    asset_fields_make(t->dir, &d->asset, t->today, t->settings->stale_months,
			      &d->fields, &err) < 0) {
		tui_message(t, 1, "%s", error_message(&err));
		error_clear(&err);
		asset_clear(&d->asset);
		free(d);
		return REDRAW_STATUS;
	}
	detail_close(t);
	t->detail = d;
	t->screen = SCREEN_DETAIL;
	return REDRAW_ALL;
}

void detail_close(struct tui *t)
{
	struct detail *d = t->detail;
	if (!d)
		return;
	pager_free(&d->pager);
	asset_fields_free(&d->fields);
	asset_clear(&d->asset);
	free(d);
	t->detail = NULL;
}

static void write_slip(struct tui *t, const char *path)
{
	struct detail *d = t->detail;
	struct error err = ERROR_INIT;
	char *slip = d ? asset_slip(t->dir, &d->asset, t->today, 72, &err) : NULL;
	if (!slip) {
		tui_message(t, 1, "%s", error_message(&err));
		error_clear(&err);
		return;
	}
	FILE *f = *path ? fopen(path, "w") : NULL;
	if (!f || fputs(slip, f) == EOF || fclose(f) != 0)
		tui_message(t, 1, "Cannot write the slip to %s: %s", *path ? path : "(no name)",
			    *path ? strerror(errno) : "give a file name");
	else
		tui_message(t, 0, "The slip is in %s", path);
	free(slip);
}

static unsigned slip(struct tui *t)
{
	struct detail *d = t->detail;
	if (t->opt->print_slip) {
		struct error err = ERROR_INIT;
		t->slip_out = asset_slip(t->dir, &d->asset, t->today, 72, &err);
		if (!t->slip_out) {
			tui_message(t, 1, "%s", error_message(&err));
			error_clear(&err);
			return REDRAW_STATUS;
		}
		t->quit = 1;
		return REDRAW_NONE;
	}
	char *name = NULL;
	if (asprintf(&name, "slip-%s.txt", d->asset.id) < 0)
		return REDRAW_NONE;
	tui_prompt(t, "Write the slip to:", name, write_slip);
	free(name);
	return REDRAW_STATUS;
}

unsigned detail_scroll(struct tui *t, int lines)
{
	return t->detail && pager_scroll(&t->detail->pager, lines) ? REDRAW_SCREEN
								   : REDRAW_NONE;
}

unsigned detail_key(struct tui *t, enum tui_action action)
{
	switch (action) {
	case ACTION_BACK:
		detail_close(t);
		t->screen = SCREEN_BROWSE;
		return REDRAW_ALL;
	case ACTION_SLIP:
		return slip(t);
	case ACTION_EDIT:
	case ACTION_VERIFY:
	case ACTION_HISTORY:
	case ACTION_STATUS_MENU:
		return listing_key(t, action);
	case ACTION_ADD:
		return asset_form_add(t);
	default:
		return pager_key(&t->detail->pager, action) ? REDRAW_SCREEN : REDRAW_NONE;
	}
}

void detail_draw(struct tui *t)
{
	struct detail *d = t->detail;
	if (!d)
		return;
	if (pager_place(&d->pager, t->rows - 2, t->cols, 1, 0))
		build(d);
	pager_draw(&d->pager);
}

void detail_current(struct tui *t, const char **id, const char **name)
{
	*id = t->detail->asset.id;
	*name = t->detail->asset.name;
}

void detail_first_need(struct tui *t, struct strlist *needs)
{
	if (t->detail && t->detail->asset.needs.count)
		strlist_add(needs, t->detail->asset.needs.item[0]);
}
