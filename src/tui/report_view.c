/* report_view: the coordinator's reports (F6): choose one, choose its
 * period and filters, read it with its charts (the same text the command
 * line prints), and export it, with small numbers hidden, to a file. */
#include "config.h"

#include "core/report.h"
#include "core/report_text.h"
#include "core/strbuf.h"
#include "tui/draw.h"
#include "tui/pager.h"
#include "tui/screens.h"
#include "tui/theme.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct report_view {
	enum report_kind kind;
	struct report_period period;
	char *need, *locality, *sector;
	struct report *report;
	struct pager pager;
};

void report_close(struct tui *t)
{
	struct report_view *v = t->report;
	if (!v)
		return;
	report_free(v->report);
	pager_free(&v->pager);
	free(v->need);
	free(v->locality);
	free(v->sector);
	free(v);
	t->report = NULL;
}

/* Runs the report again and lays its text out for the pager. */
static int run(struct tui *t)
{
	struct report_view *v = t->report;
	struct error err = ERROR_INIT;
	unsigned uses = report_kind_uses(v->kind);
	struct report_request req = {
		.kind = v->kind, .period = v->period, .today = t->today,
		.stale_months = t->settings->stale_months,
		.filter = { .need = v->need, .locality = v->locality, .sector = v->sector },
	};
	if (!(uses & REPORT_USES_REFERRAL_FILTERS))
		memset(&req.filter, 0, sizeof req.filter);
	struct report *r = NULL;
	if ((uses & REPORT_USES_PERSONAL) && !t->personal) {
		tui_message(t, 1, "%s", t->personal_problem ? t->personal_problem
							    : "referrals are not open to you");
		return -1;
	}
	if (((uses & REPORT_USES_PERSONAL) && report_attach(t->personal, t->dir, &err) < 0) ||
	    report_run((uses & REPORT_USES_PERSONAL) ? t->personal : NULL, t->dir, &req, &r,
		       &err) < 0) {
		tui_message(t, 1, "%s", error_message(&err));
		error_clear(&err);
		return -1;
	}
	report_free(v->report);
	v->report = r;
	struct report_text_options o = {
		draw_utf8() ? chart_style_for_locale() : CHART_ASCII, 1, t->cols - 2,
	};
	char *text = report_text(r, NULL, &o, &err);
	pager_clear(&v->pager);
	v->pager.top = 0;
	pager_add_lines(&v->pager, THEME_ROW, text ? text : error_message(&err));
	free(text);
	error_clear(&err);
	return 0;
}

unsigned report_open(struct tui *t)
{
	if (!t->report) {
		if (!(t->report = calloc(1, sizeof *t->report)))
			return REDRAW_NONE;
		pager_init(&t->report->pager, 0);
		t->report->kind = REPORT_OUTCOMES;
		struct error err = ERROR_INIT;
		report_period_preset("last-12-months", t->today, &t->report->period, &err);
		error_clear(&err);
	}
	help_close(t);
	t->screen = SCREEN_REPORT;
	pager_place(&t->report->pager, t->rows - 2, t->cols, 1, 0);
	if (run(t) < 0)
		return REDRAW_ALL | REDRAW_STATUS;
	return REDRAW_ALL;
}

static unsigned kind_chosen(struct tui *t, void *ctx, const struct strlist *chosen)
{
	(void)ctx;
	enum report_kind kind;
	if (!t->report || !chosen->count || report_kind_parse(chosen->item[0], &kind) < 0)
		return REDRAW_NONE;
	t->report->kind = kind;
	run(t);
	return REDRAW_ALL;
}

static unsigned period_chosen(struct tui *t, void *ctx, const struct strlist *chosen)
{
	(void)ctx;
	struct report_view *v = t->report;
	struct error err = ERROR_INIT;
	if (!v || !chosen->count)
		return REDRAW_NONE;
	if (report_period_preset(chosen->item[0], t->today, &v->period, &err) < 0) {
		tui_message(t, 1, "%s", error_message(&err));
		error_clear(&err);
		return REDRAW_STATUS;
	}
	run(t);
	return REDRAW_ALL;
}

static unsigned filter_chosen(struct tui *t, void *ctx, const struct strlist *chosen)
{
	struct report_view *v = t->report;
	if (!v)
		return REDRAW_NONE;
	char **slot = ctx == (void *)1 ? &v->need : ctx == (void *)2 ? &v->locality : &v->sector;
	free(*slot);
	*slot = chosen->count ? strdup(chosen->item[0]) : NULL;
	run(t);
	return REDRAW_ALL;
}

/* Exports as a commissioner would get it: small numbers hidden. */
static void export_to(struct tui *t, const char *path)
{
	struct report_view *v = t->report;
	if (!v || !v->report)
		return;
	struct error err = ERROR_INIT;
	report_suppress(v->report);
	FILE *f = *path ? fopen(path, "w") : NULL;
	int rc = f ? report_write(v->report, REPORT_FORMAT_CSV, NULL, f, &err) : -1;
	if (f && fclose(f) != 0 && rc == 0)
		rc = error_set(&err, ERROR_STORAGE, "%s: %s", path, strerror(errno));
	if (!f)
		tui_message(t, 1, "Cannot write %s: %s", *path ? path : "(no name)",
			    *path ? strerror(errno) : "give a file name");
	else if (rc < 0)
		tui_message(t, 1, "%s", error_message(&err));
	else
		tui_message(t, 0, "Exported to %s (CSV; counts under 5 hidden).", path);
	error_clear(&err);
	run(t);    /* the screen shows figures in full again */
}

unsigned report_key(struct tui *t, enum tui_action action)
{
	struct report_view *v = t->report;
	struct strlist now = STRLIST_INIT;
	unsigned flags;
	switch (action) {
	case ACTION_CHOOSE_REPORT: {
		/* Named as the command line names them, so typing finds them. */
		struct picker_choice kinds[REPORT_KIND_COUNT];
		char labels[REPORT_KIND_COUNT][160];
		for (int i = 0; i < REPORT_KIND_COUNT; i++) {
			kinds[i].id = report_kind_name((enum report_kind)i);
			snprintf(labels[i], sizeof labels[i], "%s: %s", kinds[i].id,
				 report_kind_summary((enum report_kind)i));
			kinds[i].label = labels[i];
		}
		return picker_open_choice(t, "Report", kinds, REPORT_KIND_COUNT, kind_chosen, NULL);
	}
	case ACTION_PERIOD:
		return log_choose_period(t, 0, period_chosen);
	case ACTION_PICK_NEED:
	case ACTION_PICK_LOCALITY:
	case ACTION_PICK_SECTOR: {
		long which = action == ACTION_PICK_NEED ? 1 : action == ACTION_PICK_LOCALITY ? 2 : 3;
		char *current = which == 1 ? v->need : which == 2 ? v->locality : v->sector;
		if (current)
			strlist_add(&now, current);
		flags = picker_open_multi(t, which == 1 ? PICK_NEED : which == 2 ? PICK_LOCALITY
							    : PICK_SECTOR,
					  0, &now, filter_chosen, (void *)which);
		strlist_clear(&now);
		return flags;
	}
	case ACTION_EXPORT: {
		char name[96];
		snprintf(name, sizeof name, "report-%s-%s.csv", report_kind_name(v->kind), t->today);
		tui_prompt(t, "Export (CSV, small numbers hidden) to:", name, export_to);
		return REDRAW_STATUS;
	}
	case ACTION_BACK:
		t->screen = SCREEN_BROWSE;
		return REDRAW_ALL;
	default:
		return pager_key(&v->pager, action) ? REDRAW_SCREEN : REDRAW_NONE;
	}
}

void report_draw(struct tui *t)
{
	struct report_view *v = t->report;
	if (pager_place(&v->pager, t->rows - 2, t->cols, 1, 0))
		run(t);
	pager_draw(&v->pager);
}
