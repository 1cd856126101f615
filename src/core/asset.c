#include "config.h"

#include "core/asset.h"
#include "core/json.h"
#include "core/strbuf.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const char *const status_names[STATUS_COUNT] = {
	[STATUS_OPEN] = "open",
	[STATUS_WAITING_LIST] = "waiting-list",
	[STATUS_FULL] = "full",
	[STATUS_TEMPORARILY_CLOSED] = "temporarily-closed",
	[STATUS_CLOSED] = "closed",
};

static const char *const cost_names[COST_COUNT] = {
	[COST_UNKNOWN] = NULL,
	[COST_FREE] = "free",
	[COST_LOW] = "low",
	[COST_PAID] = "paid",
};

static const char *const route_names[ROUTE_COUNT] = {
	"self", "link-worker", "professional",
};

static const char *const day_short[DAY_COUNT] = {
	"mon", "tue", "wed", "thu", "fri", "sat", "sun",
};
static const char *const day_long[DAY_COUNT] = {
	"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday",
};

static int lookup(const char *const *names, int count, const char *s)
{
	if (!s)
		return -1;
	for (int i = 0; i < count; i++)
		if (names[i] && strcmp(names[i], s) == 0)
			return i;
	return -1;
}

void asset_init(struct asset *a)
{
	memset(a, 0, sizeof *a);
	a->status = STATUS_OPEN;
	a->cost = COST_UNKNOWN;
}

void asset_clear(struct asset *a)
{
	char **fields[] = {
		&a->id, &a->name, &a->organisation, &a->sector, &a->description,
		&a->address, &a->postcode, &a->phone, &a->email, &a->website,
		&a->when, &a->cost_note, &a->accessibility, &a->eligibility,
		&a->referral_note, &a->verified_on, &a->verified_by, &a->notes,
		&a->created_at, &a->updated_at,
	};
	for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++)
		free(*fields[i]);
	strlist_clear(&a->needs);
	strlist_clear(&a->localities);
	for (size_t i = 0; i < a->session_count; i++)
		free(a->sessions[i].note);
	free(a->sessions);
	asset_init(a);
}

int asset_add_session(struct asset *a, unsigned days, const char *start,
		      const char *end, const char *note)
{
	struct asset_session *p = realloc(a->sessions,
					  (a->session_count + 1) * sizeof *p);
	if (!p)
		return -1;
	a->sessions = p;
	struct asset_session *s = &p[a->session_count];
	memset(s, 0, sizeof *s);
	s->days = days;
	snprintf(s->start, sizeof s->start, "%s", start ? start : "");
	snprintf(s->end, sizeof s->end, "%s", end ? end : "");
	if (note && !(s->note = strdup(note)))
		return -1;
	a->session_count++;
	return 0;
}

const char *asset_status_name(enum asset_status s)
{
	return (unsigned)s < STATUS_COUNT ? status_names[s] : "unknown";
}

int asset_status_parse(const char *s, enum asset_status *out)
{
	int i = lookup(status_names, STATUS_COUNT, s);
	if (i < 0)
		return -1;
	*out = (enum asset_status)i;
	return 0;
}

int asset_status_is_available(enum asset_status s)
{
	return s == STATUS_OPEN || s == STATUS_WAITING_LIST;
}

const char *asset_cost_name(enum asset_cost c)
{
	return (unsigned)c < COST_COUNT ? cost_names[c] : NULL;
}

int asset_cost_parse(const char *s, enum asset_cost *out)
{
	int i = lookup(cost_names, COST_COUNT, s);
	if (i < 0)
		return -1;
	*out = (enum asset_cost)i;
	return 0;
}

const char *referral_route_name(unsigned bit)
{
	for (int i = 0; i < ROUTE_COUNT; i++)
		if (bit == 1u << i)
			return route_names[i];
	return NULL;
}

int referral_route_parse(const char *s, unsigned *bit)
{
	int i = lookup(route_names, ROUTE_COUNT, s);
	if (i < 0)
		return -1;
	*bit = 1u << i;
	return 0;
}

const char *day_name(int day, int longname)
{
	if (day < 0 || day >= DAY_COUNT)
		return "?";
	return longname ? day_long[day] : day_short[day];
}

int day_parse(const char *s)
{
	size_t n = strlen(s);
	if (n < 3)
		return -1;
	for (int i = 0; i < DAY_COUNT; i++)
		if (strncasecmp(s, day_long[i], n) == 0 && n <= strlen(day_long[i]))
			return i;
	return -1;
}

static int days_parse_one(const char *s, unsigned *days)
{
	static const struct { const char *name; unsigned days; } groups[] = {
		{ "all", DAYS_ALL }, { "daily", DAYS_ALL }, { "every-day", DAYS_ALL },
		{ "weekdays", 0x1f }, { "weekend", 0x60 },
	};
	for (size_t i = 0; i < sizeof groups / sizeof groups[0]; i++) {
		if (strcasecmp(s, groups[i].name) == 0) {
			*days |= groups[i].days;
			return 0;
		}
	}
	const char *dash = strchr(s, '-');
	if (!dash) {
		int d = day_parse(s);
		if (d < 0)
			return -1;
		*days |= 1u << d;
		return 0;
	}
	char first[16];
	size_t n = (size_t)(dash - s);
	if (n >= sizeof first)
		return -1;
	memcpy(first, s, n);
	first[n] = '\0';
	int from = day_parse(first), to = day_parse(dash + 1);
	if (from < 0 || to < 0)
		return -1;
	for (int d = from;; d = (d + 1) % DAY_COUNT) {
		*days |= 1u << d;
		if (d == to)
			break;
	}
	return 0;
}

int days_parse(const char *s, unsigned *days)
{
	*days = 0;
	char *copy = strdup(s);
	if (!copy)
		return -1;
	int rc = 0;
	char *save = NULL;
	for (char *tok = strtok_r(copy, ", ", &save); tok;
	     tok = strtok_r(NULL, ", ", &save))
		if (days_parse_one(tok, days) < 0)
			rc = -1;
	free(copy);
	return rc == 0 && *days ? 0 : -1;
}

/* "9:30" is 09:30. */
static int time_token(const char *s, size_t n, char out[6])
{
	if (n == 4 && isdigit((unsigned char)s[0]) && s[1] == ':') {
		out[0] = '0';
		memcpy(out + 1, s, 4);
	} else if (n == 5 && s[2] == ':') {
		memcpy(out, s, 5);
	} else {
		return -1;
	}
	out[5] = '\0';
	for (int i = 0; i < 5; i++)
		if (i != 2 && !isdigit((unsigned char)out[i]))
			return -1;
	return 0;
}

int asset_session_add_text(struct asset *a, const char *text)
{
	while (*text == ' ')
		text++;
	size_t n = strcspn(text, " ");
	char *days_text = strndup(text, n);
	if (!days_text)
		return -1;
	unsigned days = 0;
	int bad = days_parse(days_text, &days) < 0;
	free(days_text);
	if (bad)
		return 1;
	const char *p = text + n;
	while (*p == ' ')
		p++;
	char start[6] = "", end[6] = "";
	size_t t = strcspn(p, " ");
	if (t > 0 && isdigit((unsigned char)*p)) {
		const char *dash = memchr(p, '-', t);
		size_t first = dash ? (size_t)(dash - p) : t;
		if (time_token(p, first, start) < 0 ||
		    (dash && time_token(dash + 1, t - first - 1, end) < 0))
			return 1;
		p += t;
		while (*p == ' ')
			p++;
	}
	return asset_add_session(a, days, start, end, *p ? p : NULL) < 0 ? -1 : 0;
}
char *days_describe(unsigned days)

{
	struct strbuf sb = STRBUF_INIT;
	days &= DAYS_ALL;
	if (days == DAYS_ALL)
		strbuf_puts(&sb, "every day");
	else if (days == 0x1f)
		strbuf_puts(&sb, "Mon-Fri");
	else if (days == 0x60)
		strbuf_puts(&sb, "Sat-Sun");
	else {
		for (int d = 0; d < DAY_COUNT; d++) {
			if (!(days & (1u << d)))
				continue;
			if (sb.len)
				strbuf_puts(&sb, ", ");
			/* "Mon" rather than "mon": this is for people. */
			strbuf_add(&sb, day_long[d], 3);
		}
	}
	return strbuf_detach(&sb);
}

static void write_list(struct json *j, const char *key, const struct strlist *l)
{
	if (l->count == 0)
		return;
	json_key(j, key);
	json_array_begin(j);
	for (size_t i = 0; i < l->count; i++)
		json_string(j, l->item[i]);
	json_array_end(j);
}

static void write_sessions(struct json *j, const struct asset *a)
{
	if (a->session_count == 0)
		return;
	json_key(j, "sessions");
	json_array_begin(j);
	for (size_t i = 0; i < a->session_count; i++) {
		const struct asset_session *s = &a->sessions[i];
		json_object_begin(j);
		json_key(j, "days");
		json_array_begin(j);
		for (int d = 0; d < DAY_COUNT; d++)
			if (s->days & (1u << d))
				json_string(j, day_name(d, 0));
		json_array_end(j);
		json_member_string(j, "start", s->start[0] ? s->start : NULL);
		json_member_string(j, "end", s->end[0] ? s->end : NULL);
		json_member_string(j, "note", s->note);
		json_object_end(j);
	}
	json_array_end(j);
}

void asset_write_json(struct json *j, const struct asset *a)
{
	json_object_begin(j);
	json_member_string(j, "id", a->id);
	json_member_string(j, "name", a->name);
	json_member_string(j, "organisation", a->organisation);
	json_member_string(j, "sector", a->sector);
	json_member_string(j, "description", a->description);
	write_list(j, "needs", &a->needs);
	write_list(j, "localities", &a->localities);
	json_member_string(j, "address", a->address);
	json_member_string(j, "postcode", a->postcode);
	json_member_string(j, "phone", a->phone);
	json_member_string(j, "email", a->email);
	json_member_string(j, "website", a->website);
	write_sessions(j, a);
	json_member_string(j, "when", a->when);
	json_member_string(j, "cost", asset_cost_name(a->cost));
	json_member_string(j, "cost_note", a->cost_note);
	json_member_string(j, "accessibility", a->accessibility);
	json_member_string(j, "eligibility", a->eligibility);
	if (a->referral) {
		json_key(j, "referral");
		json_array_begin(j);
		for (int i = 0; i < ROUTE_COUNT; i++)
			if (a->referral & (1u << i))
				json_string(j, referral_route_name(1u << i));
		json_array_end(j);
	}
	json_member_string(j, "referral_note", a->referral_note);
	json_member_string(j, "status", asset_status_name(a->status));
	json_member_string(j, "verified", a->verified_on);
	json_member_string(j, "verified_by", a->verified_by);
	json_member_string(j, "notes", a->notes);
	if (a->archived) {
		json_key(j, "archived");
		json_bool(j, 1);
	}
	json_object_end(j);
}
