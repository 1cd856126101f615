#include "config.h"

#include "core/asset_check.h"
#include "core/dates.h"
#include "core/idset.h"
#include "core/slug.h"
#include "core/strbuf.h"
#include "core/taxonomy.h"
#include "core/text.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int asset_problem_add(struct asset_problems *p, const char *field, int index,
		      const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *msg = NULL;
	int n = vasprintf(&msg, fmt, ap);
	va_end(ap);
	if (n < 0)
		return -1;
	struct asset_problem *item = realloc(p->item, (p->count + 1) * sizeof *item);
	if (!item) {
		free(msg);
		return -1;
	}
	p->item = item;
	item[p->count].field = field;
	item[p->count].index = index;
	item[p->count].message = msg;
	p->count++;
	return 0;
}

void asset_problems_free(struct asset_problems *p)
{
	for (size_t i = 0; i < p->count; i++)
		free(p->item[i].message);
	free(p->item);
	p->item = NULL;
	p->count = 0;
}

char *asset_check_text(const char *s, int multiline, size_t max_chars)
{
	size_t len = strlen(s), chars = 0;
	char *msg = NULL;
	for (size_t i = 0; i < len;) {
		/* Printable ASCII, most of any listing, needs no decoding. */
		unsigned char c = (unsigned char)s[i];
		if (c >= 0x20 && c < 0x7f) {
			i++;
			chars++;
			continue;
		}
		unsigned cp;
		size_t n = text_utf8_decode(s + i, len - i, &cp);
		if (n == 0) {
			if (asprintf(&msg, "is not valid UTF-8 (byte %zu)", i + 1) < 0)
				msg = NULL;
			return msg;
		}
		int allowed_space = cp == '\n' ? multiline : cp == '\t' ? multiline : 0;
		if ((cp < 0x20 && !allowed_space) || (cp >= 0x7f && cp <= 0x9f)) {
			if (cp == '\n')
				msg = strdup("must be one line");
			else if (asprintf(&msg, "holds a control character (U+%04X): "
					  "listings are plain text", cp) < 0)
				msg = NULL;
			return msg;
		}
		i += n;
		chars++;
	}
	if (chars > max_chars && asprintf(&msg, "is too long (%zu characters; at most %zu)",
					  chars, max_chars) < 0)
		msg = NULL;
	return msg;
}

/* Adds a problem for a text field; returns -1 only when out of memory. */
static int check_text(struct asset_problems *p, const char *field,
		      const char *s, int multiline, size_t max)
{
	if (!s)
		return 0;
	char *msg = asset_check_text(s, multiline, max);
	if (!msg)
		return 0;
	int rc = asset_problem_add(p, field, -1, "%s %s", field, msg);
	free(msg);
	return rc;
}

/* name@host.tld, no spaces: enough to catch a mistyped address. */
static int email_valid(const char *s)
{
	const char *at = strchr(s, '@');
	if (!at || at == s || strchr(at + 1, '@') || strpbrk(s, " \t,;<>"))
		return 0;
	const char *dot = strrchr(at, '.');
	return dot && dot > at + 1 && dot[1] != '\0';
}

static int website_valid(const char *s)
{
	return (strncmp(s, "https://", 8) == 0 || strncmp(s, "http://", 7) == 0) &&
	       !strpbrk(s, " \t") && strlen(s) > 10;
}

/* Digits with spaces, and + ( ) - as people write them. */
static int phone_valid(const char *s)
{
	int digits = 0;
	for (const char *p = s; *p; p++) {
		if (isdigit((unsigned char)*p))
			digits++;
		else if (!strchr(" +()-", *p))
			return 0;
	}
	return digits >= 3 && digits <= 15;
}

/* A UK postcode: outward code (A9, A9A, A99, AA9, AA9A, AA99), a space,
 * inward code (9AA). */
static int postcode_valid(const char *s)
{
	size_t n = strlen(s);
	if (n < 6 || n > 8 || s[n - 4] != ' ')
		return 0;
	const char *in = s + n - 3;
	if (!isdigit((unsigned char)in[0]) || !isalpha((unsigned char)in[1]) ||
	    !isalpha((unsigned char)in[2]))
		return 0;
	size_t out = n - 4;
	if (!isalpha((unsigned char)s[0]))
		return 0;
	size_t letters = isalpha((unsigned char)s[1]) ? 2 : 1;
	if (out < letters + 1 || !isdigit((unsigned char)s[letters]))
		return 0;
	for (size_t i = letters + 1; i < out; i++)
		if (!isalnum((unsigned char)s[i]))
			return 0;
	return out - letters <= 2;
}

/* 1 when the taxonomy has id, 0 when not, -1 on failure. */
static int known_id(struct store *dir, const struct taxonomy_ids *known,
		    enum taxonomy_kind kind, const char *id, struct error *err)
{
	if (known)
		return idset_find(&known->kind[kind], id, NULL);
	return taxonomy_exists(dir, kind, id, err);
}

static int check_refs(struct store *dir, const struct taxonomy_ids *known,
		      struct asset_problems *p, enum taxonomy_kind kind,
		      const char *field, const struct strlist *ids, struct error *err)
{
	if (ids->count == 0)
		return asset_problem_add(p, field, -1, "%s: at least one %s is needed",
					 field, taxonomy_kind_name(kind, 0));
	for (size_t i = 0; i < ids->count; i++) {
		for (size_t j = 0; j < i; j++)
			if (strcmp(ids->item[i], ids->item[j]) == 0 &&
			    asset_problem_add(p, field, (int)i, "%s '%s' is listed twice",
					      taxonomy_kind_name(kind, 0), ids->item[i]) < 0)
				return -1;
		int found = known_id(dir, known, kind, ids->item[i], err);
		if (found < 0)
			return -1;
		if (found)
			continue;
		struct error why = ERROR_INIT;
		taxonomy_unknown(dir, kind, ids->item[i], NULL, &why);
		int rc = asset_problem_add(p, field, (int)i, "%s", error_message(&why));
		error_clear(&why);
		if (rc < 0)
			return -1;
	}
	return 0;
}

static int check_sessions(struct asset_problems *p, const struct asset *a)
{
	for (size_t i = 0; i < a->session_count; i++) {
		const struct asset_session *s = &a->sessions[i];
		int bad_start = s->start[0] && time_of_day_valid(s->start) < 0;
		int bad_end = s->end[0] && time_of_day_valid(s->end) < 0;
		int rc = 0;
		if (!(s->days & DAYS_ALL))
			rc = asset_problem_add(p, "sessions", (int)i,
					       "a session needs at least one day");
		else if (bad_start || bad_end)
			rc = asset_problem_add(p, "sessions", (int)i,
					       "time '%s' is not a time of day (HH:MM, 24-hour)",
					       bad_start ? s->start : s->end);
		else if (s->start[0] && s->end[0] && strcmp(s->end, s->start) <= 0)
			rc = asset_problem_add(p, "sessions", (int)i,
					       "a session must end after it starts (%s to %s)",
					       s->start, s->end);
		else if (s->note)
			rc = check_text(p, "sessions", s->note, 0, ASSET_MAX_LINE);
		if (rc < 0)
			return -1;
	}
	return 0;
}

static int check_verified(struct asset_problems *p, const struct asset *a)
{
	if (!a->verified_on)
		return 0;
	if (!date_valid(a->verified_on))
		return asset_problem_add(p, "verified", -1,
					 "verified date '%s' is not a date (YYYY-MM-DD)",
					 a->verified_on);
	char today[DATE_LEN];
	if (date_today(today) == 0 && strcmp(a->verified_on, today) > 0)
		return asset_problem_add(p, "verified", -1,
					 "verified date %s is in the future (today is %s)",
					 a->verified_on, today);
	return 0;
}

int asset_check(struct store *dir, const struct asset *a,
		struct asset_problems *p, struct error *err)
{
	return asset_check_known(dir, NULL, a, p, err);
}

int asset_check_known(struct store *dir, const struct taxonomy_ids *known,
		      const struct asset *a, struct asset_problems *p,
		      struct error *err)
{
	int rc = 0;
	if (!a->id || !*a->id)
		rc |= asset_problem_add(p, "id", -1, "id is required");
	else if (!slug_valid(a->id))
		rc |= asset_problem_add(p, "id", -1,
					"id '%s' must be 1 to 64 of a-z, 0-9 and '-', "
					"not starting or ending with '-'", a->id);
	if (!a->name || !*a->name)
		rc |= asset_problem_add(p, "name", -1, "name is required");
	rc |= check_text(p, "name", a->name, 0, ASSET_MAX_NAME);
	rc |= check_text(p, "organisation", a->organisation, 0, ASSET_MAX_NAME);
	if (!a->sector || !*a->sector) {
		rc |= asset_problem_add(p, "sector", -1, "sector is required");
	} else {
		int found = known_id(dir, known, TAXONOMY_SECTOR, a->sector, err);
		if (found < 0)
			return -1;
		if (!found) {
			struct error why = ERROR_INIT;
			taxonomy_unknown(dir, TAXONOMY_SECTOR, a->sector, NULL, &why);
			rc |= asset_problem_add(p, "sector", -1, "%s", error_message(&why));
			error_clear(&why);
		}
	}
	if (check_refs(dir, known, p, TAXONOMY_NEED, "needs", &a->needs, err) < 0 ||
	    check_refs(dir, known, p, TAXONOMY_LOCALITY, "localities", &a->localities, err) < 0)
		return err && err->kind != ERROR_NONE ? -1 : error_nomem(err);

	static const struct { const char *field; size_t offset; int multiline; size_t max; } texts[] = {
		{ "description", offsetof(struct asset, description), 1, ASSET_MAX_TEXT },
		{ "address", offsetof(struct asset, address), 0, ASSET_MAX_LINE },
		{ "postcode", offsetof(struct asset, postcode), 0, ASSET_MAX_LINE },
		{ "phone", offsetof(struct asset, phone), 0, ASSET_MAX_LINE },
		{ "email", offsetof(struct asset, email), 0, ASSET_MAX_LINE },
		{ "website", offsetof(struct asset, website), 0, ASSET_MAX_LINE },
		{ "when", offsetof(struct asset, when), 1, ASSET_MAX_LINE },
		{ "cost_note", offsetof(struct asset, cost_note), 1, ASSET_MAX_LINE },
		{ "accessibility", offsetof(struct asset, accessibility), 1, ASSET_MAX_TEXT },
		{ "eligibility", offsetof(struct asset, eligibility), 1, ASSET_MAX_TEXT },
		{ "referral_note", offsetof(struct asset, referral_note), 1, ASSET_MAX_TEXT },
		{ "verified_by", offsetof(struct asset, verified_by), 0, ASSET_MAX_NAME },
		{ "notes", offsetof(struct asset, notes), 1, ASSET_MAX_TEXT },
	};
	for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
		const char *s = *(char *const *)((const char *)a + texts[i].offset);
		rc |= check_text(p, texts[i].field, s, texts[i].multiline, texts[i].max);
	}
	if (a->postcode && !postcode_valid(a->postcode))
		rc |= asset_problem_add(p, "postcode", -1,
					"postcode '%s' is not a UK postcode (like ZW1 3QT)",
					a->postcode);
	if (a->phone && !phone_valid(a->phone))
		rc |= asset_problem_add(p, "phone", -1,
					"phone '%s' should be digits, spaces and + ( ) -",
					a->phone);
	if (a->email && !email_valid(a->email))
		rc |= asset_problem_add(p, "email", -1,
					"email '%s' is not an email address", a->email);
	if (a->website && !website_valid(a->website))
		rc |= asset_problem_add(p, "website", -1,
					"website '%s' should start with https:// or http://",
					a->website);
	rc |= check_sessions(p, a);
	rc |= check_verified(p, a);
	return rc ? error_nomem(err) : 0;
}
