#include "config.h"

#include "core/asset_text.h"
#include "core/dates.h"
#include "core/strbuf.h"
#include "core/text.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const status_words[STATUS_COUNT] = {
	[STATUS_OPEN] = "open",
	[STATUS_WAITING_LIST] = "open, with a waiting list",
	[STATUS_FULL] = "full",
	[STATUS_TEMPORARILY_CLOSED] = "temporarily closed",
	[STATUS_CLOSED] = "closed",
};

static const char *const route_words[ROUTE_COUNT] = {
	"self-referral", "link worker referral", "professional referral",
};

char *asset_labels(struct store *dir, enum taxonomy_kind kind,
		   const struct strlist *ids)
{
	struct strbuf sb = STRBUF_INIT;
	for (size_t i = 0; i < ids->count; i++) {
		char *label = taxonomy_label(dir, kind, ids->item[i]);
		strbuf_printf(&sb, "%s%s", i ? ", " : "", label ? label : ids->item[i]);
		free(label);
	}
	return strbuf_detach(&sb);
}

char *asset_timetable(const struct asset *a)
{
	struct strbuf sb = STRBUF_INIT;
	for (int d = 0; d < DAY_COUNT; d++) {
		int first = 1;
		for (size_t i = 0; i < a->session_count; i++) {
			const struct asset_session *s = &a->sessions[i];
			if (!(s->days & (1u << d)))
				continue;
			if (first)
				strbuf_printf(&sb, "%s%.3s", sb.len ? "\n" : "", day_name(d, 1));
			else
				strbuf_puts(&sb, ";");
			first = 0;
			if (s->start[0])
				strbuf_printf(&sb, " %s-%s", s->start, s->end);
			if (s->note)
				strbuf_printf(&sb, " (%s)", s->note);
		}
	}
	return strbuf_detach(&sb);
}

int asset_is_stale(const char *verified_on, const char *today, int stale_months)
{
	if (!verified_on || !date_valid(verified_on))
		return 1;
	/* A month here is a twelfth of a year, so "12 months" is 365 days. */
	long age = date_days(today) - date_days(verified_on);
	return age * 12 > (long)stale_months * 365;
}

char *asset_verified_ago(const char *verified_on, const char *today, int stale_months)
{
	if (!verified_on)
		return strdup("never (stale)");
	char *ago = days_ago_describe(date_days(today) - date_days(verified_on));
	if (!ago || !asset_is_stale(verified_on, today, stale_months))
		return ago;
	char *s = NULL;
	if (asprintf(&s, "%s (stale)", ago) < 0)
		s = NULL;
	free(ago);
	return s;
}

static char *routes_text(const struct asset *a)
{
	struct strbuf sb = STRBUF_INIT;
	for (int i = 0; i < ROUTE_COUNT; i++)
		if (a->referral & (1u << i))
			strbuf_printf(&sb, "%s%s", sb.len ? ", " : "", route_words[i]);
	if (a->referral_note)
		strbuf_printf(&sb, "%s%s", sb.len ? ". " : "", a->referral_note);
	return strbuf_detach(&sb);
}

static char *cost_text(const struct asset *a)
{
	static const char *const words[COST_COUNT] = {
		[COST_FREE] = "free", [COST_LOW] = "low cost", [COST_PAID] = "paid",
	};
	struct strbuf sb = STRBUF_INIT;
	if (a->cost != COST_UNKNOWN)
		strbuf_puts(&sb, words[a->cost]);
	if (a->cost_note)
		strbuf_printf(&sb, "%s%s", sb.len ? ": " : "", a->cost_note);
	return strbuf_detach(&sb);
}

static char *where_text(const struct asset *a)
{
	struct strbuf sb = STRBUF_INIT;
	if (a->address)
		strbuf_puts(&sb, a->address);
	if (a->postcode)
		strbuf_printf(&sb, "%s%s", sb.len ? ", " : "", a->postcode);
	return strbuf_detach(&sb);
}

static char *verified_text(const struct asset *a, const char *today, int stale_months)
{
	struct strbuf sb = STRBUF_INIT;
	char *ago = asset_verified_ago(a->verified_on, today, stale_months);
	if (a->verified_on) {
		strbuf_puts(&sb, a->verified_on);
		if (a->verified_by)
			strbuf_printf(&sb, " by %s", a->verified_by);
		strbuf_printf(&sb, " (%s)", ago ? ago : "?");
	} else {
		strbuf_puts(&sb, ago ? ago : "never");
	}
	free(ago);
	return strbuf_detach(&sb);
}

/* Adds a field, taking value (NULL means out of memory); an empty value
 * is dropped. */
static int add_owned(struct asset_fields *f, const char *label, char *value)
{
	if (!value)
		return -1;
	if (!*value) {
		free(value);
		return 0;
	}
	struct asset_field *p = realloc(f->item, (f->count + 1) * sizeof *p);
	if (!p) {
		free(value);
		return -1;
	}
	f->item = p;
	p[f->count].label = label;
	p[f->count].value = value;
	f->count++;
	return 0;
}

static int add_copy(struct asset_fields *f, const char *label, const char *value)
{
	if (!value || !*value)
		return 0;
	return add_owned(f, label, strdup(value));
}

int asset_fields_make(struct store *dir, const struct asset *a, const char *today,
		      int stale_months, struct asset_fields *out, struct error *err)
{
	memset(out, 0, sizeof *out);
	char *sector = a->sector ? taxonomy_label(dir, TAXONOMY_SECTOR, a->sector) : NULL;
	int rc = 0;
	rc |= add_copy(out, "Organisation", a->organisation);
	rc |= add_copy(out, "Sector", sector ? sector : a->sector);
	rc |= add_copy(out, "Status", status_words[a->status]);
	rc |= add_owned(out, "Needs", asset_labels(dir, TAXONOMY_NEED, &a->needs));
	rc |= add_owned(out, "Serves", asset_labels(dir, TAXONOMY_LOCALITY, &a->localities));
	rc |= add_owned(out, "Sessions", asset_timetable(a));
	rc |= add_copy(out, "When", a->when);
	rc |= add_owned(out, "Where", where_text(a));
	rc |= add_copy(out, "Access", a->accessibility);
	rc |= add_owned(out, "Cost", cost_text(a));
	rc |= add_copy(out, "Eligibility", a->eligibility);
	rc |= add_owned(out, "How to get in", routes_text(a));
	rc |= add_copy(out, "Phone", a->phone);
	rc |= add_copy(out, "Email", a->email);
	rc |= add_copy(out, "Website", a->website);
	rc |= add_owned(out, "Verified", verified_text(a, today, stale_months));
	rc |= add_copy(out, "Notes", a->notes);
	if (a->archived)
		rc |= add_copy(out, "Archived",
			       "yes: it no longer runs, and is kept for the record");
	free(sector);
	if (rc) {
		asset_fields_free(out);
		return error_nomem(err);
	}
	return 0;
}

void asset_fields_free(struct asset_fields *f)
{
	for (size_t i = 0; i < f->count; i++)
		free(f->item[i].value);
	free(f->item);
	memset(f, 0, sizeof *f);
}

const char *asset_fields_get(const struct asset_fields *f, const char *label)
{
	for (size_t i = 0; i < f->count; i++)
		if (strcmp(f->item[i].label, label) == 0)
			return f->item[i].value;
	return NULL;
}

/* ---- The slip ---------------------------------------------------------- */

/* A heading, then text wrapped and indented under it. */
static void section(struct strbuf *sb, const char *heading, const char *text, int width)
{
	if (!text || !*text)
		return;
	strbuf_printf(sb, "\n%s\n", heading);
	char *clean = text_clean(text, TEXT_MULTILINE);
	struct text_lines lines = { 0 };
	if (!clean || text_wrap(clean, width - 4, &lines) < 0) {
		sb->failed = 1;
		free(clean);
		return;
	}
	for (size_t i = 0; i < lines.count; i++)
		strbuf_printf(sb, "    %s\n", lines.line[i]);
	text_lines_free(&lines);
	free(clean);
}

static char *slip_when(const struct asset *a)
{
	struct strbuf sb = STRBUF_INIT;
	for (size_t i = 0; i < a->session_count; i++) {
		const struct asset_session *s = &a->sessions[i];
		char *days = days_describe(s->days);
		strbuf_printf(&sb, "%s%s", sb.len ? "\n" : "", days ? days : "");
		free(days);
		if (s->start[0])
			strbuf_printf(&sb, ", %s to %s", s->start, s->end);
		if (s->note)
			strbuf_printf(&sb, " (%s)", s->note);
	}
	if (a->when)
		strbuf_printf(&sb, "%s%s", sb.len ? "\n" : "", a->when);
	return strbuf_detach(&sb);
}

static char *slip_how(const struct asset *a)
{
	struct strbuf sb = STRBUF_INIT;
	if (a->referral & ROUTE_SELF)
		strbuf_puts(&sb, "You can get in touch with them yourself.");
	else if (a->referral & ROUTE_LINK_WORKER)
		strbuf_puts(&sb, "Your link worker will refer you.");
	else if (a->referral & ROUTE_PROFESSIONAL)
		strbuf_puts(&sb, "A professional (such as your GP) needs to refer you.");
	if (a->referral_note)
		strbuf_printf(&sb, "%s%s", sb.len ? " " : "", a->referral_note);
	if (a->eligibility)
		strbuf_printf(&sb, "%sWho it is for: %s", sb.len ? "\n" : "", a->eligibility);
	return strbuf_detach(&sb);
}

static char *slip_contact(const struct asset *a)
{
	struct strbuf sb = STRBUF_INIT;
	if (a->phone)
		strbuf_printf(&sb, "Phone: %s", a->phone);
	if (a->email)
		strbuf_printf(&sb, "%sEmail: %s", sb.len ? "\n" : "", a->email);
	if (a->website)
		strbuf_printf(&sb, "%sWebsite: %s", sb.len ? "\n" : "", a->website);
	return strbuf_detach(&sb);
}

char *asset_slip(struct store *dir, const struct asset *a, const char *today,
		 int width, struct error *err)
{
	(void)dir;
	if (width < 40)
		width = 40;
	struct strbuf sb = STRBUF_INIT;
	char *date = date_describe(today);
	strbuf_printf(&sb, "Next steps (from your link worker, %s)\n", date ? date : today);
	free(date);
	char *name = text_clean(a->name, TEXT_ONE_LINE);
	strbuf_printf(&sb, "\n%s\n", name ? name : "");
	free(name);
	if (a->organisation) {
		char *org = text_clean(a->organisation, TEXT_ONE_LINE);
		strbuf_printf(&sb, "Run by %s\n", org ? org : "");
		free(org);
	}
	if (a->status != STATUS_OPEN) {
		char *note = NULL;
		if (asprintf(&note, "At the last check it was %s.", status_words[a->status]) >= 0)
			section(&sb, "Please note", note, width);
		free(note);
	}
	char *when = slip_when(a), *where = where_text(a), *how = slip_how(a);
	char *cost = cost_text(a), *contact = slip_contact(a);
	section(&sb, "What it is", a->description, width);
	section(&sb, "When", when, width);
	section(&sb, "Where", where, width);
	section(&sb, "Getting in", a->accessibility, width);
	section(&sb, "How to join", how, width);
	section(&sb, "Cost", cost, width);
	section(&sb, "Contact", contact, width);
	free(when);
	free(where);
	free(how);
	free(cost);
	free(contact);
	if (a->verified_on) {
		char *checked = date_describe(a->verified_on);
		char *tail = NULL;
		if (asprintf(&tail, "These details were checked on %s. Things change: if "
			     "anything here is wrong, please tell your link worker.",
			     checked ? checked : a->verified_on) >= 0) {
			strbuf_putc(&sb, '\n');
			struct text_lines lines = { 0 };
			if (text_wrap(tail, width, &lines) == 0)
				for (size_t i = 0; i < lines.count; i++)
					strbuf_printf(&sb, "%s\n", lines.line[i]);
			text_lines_free(&lines);
		}
		free(tail);
		free(checked);
	}
	char *slip = strbuf_detach(&sb);
	if (!slip)
		error_nomem(err);
	return slip;
}
