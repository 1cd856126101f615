#include "config.h"

#include "core/asset_key.h"
#include "core/strbuf.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#define TEXT(member) 1, offsetof(struct asset, member)
#define OTHER 0, 0

static const struct key_info {
	const char *name;
	const char *label;
	int is_text;          /* a char * member of struct asset, at offset */
	size_t offset;
} keys[ASSET_KEY_COUNT] = {
	[ASSET_KEY_ID] = { "id", "Id", TEXT(id) },
	[ASSET_KEY_NAME] = { "name", "Name", TEXT(name) },
	[ASSET_KEY_ORGANISATION] = { "organisation", "Organisation", TEXT(organisation) },
	[ASSET_KEY_SECTOR] = { "sector", "Sector", TEXT(sector) },
	[ASSET_KEY_DESCRIPTION] = { "description", "Description", TEXT(description) },
	[ASSET_KEY_NEEDS] = { "needs", "Needs", OTHER },
	[ASSET_KEY_LOCALITIES] = { "localities", "Localities", OTHER },
	[ASSET_KEY_ADDRESS] = { "address", "Address", TEXT(address) },
	[ASSET_KEY_POSTCODE] = { "postcode", "Postcode", TEXT(postcode) },
	[ASSET_KEY_PHONE] = { "phone", "Phone", TEXT(phone) },
	[ASSET_KEY_EMAIL] = { "email", "Email", TEXT(email) },
	[ASSET_KEY_WEBSITE] = { "website", "Website", TEXT(website) },
	[ASSET_KEY_SESSIONS] = { "sessions", "Sessions", OTHER },
	[ASSET_KEY_WHEN] = { "when", "When", TEXT(when) },
	[ASSET_KEY_COST] = { "cost", "Cost", OTHER },
	[ASSET_KEY_COST_NOTE] = { "cost_note", "Cost note", TEXT(cost_note) },
	[ASSET_KEY_ACCESSIBILITY] = { "accessibility", "Accessibility", TEXT(accessibility) },
	[ASSET_KEY_ELIGIBILITY] = { "eligibility", "Eligibility", TEXT(eligibility) },
	[ASSET_KEY_REFERRAL] = { "referral", "Referral", OTHER },
	[ASSET_KEY_REFERRAL_NOTE] = { "referral_note", "Referral note", TEXT(referral_note) },
	[ASSET_KEY_STATUS] = { "status", "Status", OTHER },
	[ASSET_KEY_VERIFIED] = { "verified", "Verified", TEXT(verified_on) },
	[ASSET_KEY_VERIFIED_BY] = { "verified_by", "Verified by", TEXT(verified_by) },
	[ASSET_KEY_NOTES] = { "notes", "Notes", TEXT(notes) },
	[ASSET_KEY_ARCHIVED] = { "archived", "Archived", OTHER },
};

static char **text_of(struct asset *a, enum asset_key k)
{
	return (char **)((char *)a + keys[k].offset);
}

static const char *ctext_of(const struct asset *a, enum asset_key k)
{
	return *(char *const *)((const char *)a + keys[k].offset);
}

const char *asset_key_name(enum asset_key k)
{
	return (unsigned)k < ASSET_KEY_COUNT ? keys[k].name : "?";
}

const char *asset_key_label(enum asset_key k)
{
	return (unsigned)k < ASSET_KEY_COUNT ? keys[k].label : "?";
}

int asset_key_parse(const char *name, enum asset_key *out)
{
	for (int k = 0; name && k < ASSET_KEY_COUNT; k++) {
		const char *a = keys[k].name, *b = name;
		while (*a && (*a == *b || (*a == '_' && *b == '-'))) {
			a++;
			b++;
		}
		if (!*a && !*b) {
			*out = (enum asset_key)k;
			return 0;
		}
	}
	return -1;
}

static int empty(const char *s)
{
	return !s || !*s;
}

static void session_text(struct strbuf *sb, const struct asset_session *s)
{
	char *days = days_describe(s->days);
	strbuf_puts(sb, days ? days : "?");
	free(days);
	if (s->start[0] || s->end[0])
		strbuf_printf(sb, " %s-%s", s->start, s->end);
	if (!empty(s->note))
		strbuf_printf(sb, " %s", s->note);
}

int asset_key_text(const struct asset *a, enum asset_key k, char **out)
{
	*out = NULL;
	if ((unsigned)k >= ASSET_KEY_COUNT)
		return 0;
	if (keys[k].is_text) {
		const char *s = ctext_of(a, k);
		if (empty(s))
			return 0;
		return (*out = strdup(s)) ? 0 : -1;
	}
	struct strbuf sb = STRBUF_INIT;
	switch (k) {
	case ASSET_KEY_NEEDS:
	case ASSET_KEY_LOCALITIES: {
		const struct strlist *l = k == ASSET_KEY_NEEDS ? &a->needs : &a->localities;
		for (size_t i = 0; i < l->count; i++)
			strbuf_printf(&sb, "%s%s", i ? ", " : "", l->item[i]);
		break;
	}
	case ASSET_KEY_SESSIONS:
		for (size_t i = 0; i < a->session_count; i++) {
			if (i)
				strbuf_puts(&sb, "; ");
			session_text(&sb, &a->sessions[i]);
		}
		break;
	case ASSET_KEY_COST:
		if (asset_cost_name(a->cost))
			strbuf_puts(&sb, asset_cost_name(a->cost));
		break;
	case ASSET_KEY_REFERRAL:
		for (int i = 0; i < ROUTE_COUNT; i++)
			if (a->referral & (1u << i))
				strbuf_printf(&sb, "%s%s", sb.len ? ", " : "",
					      referral_route_name(1u << i));
		break;
	case ASSET_KEY_STATUS:
		strbuf_puts(&sb, asset_status_name(a->status));
		break;
	case ASSET_KEY_ARCHIVED:
		if (a->archived)
			strbuf_puts(&sb, "yes");
		break;
	default:
		break;
	}
	if (sb.len == 0 && !sb.failed) {
		strbuf_free(&sb);
		return 0;
	}
	return (*out = strbuf_detach(&sb)) ? 0 : -1;
}

static int same_text(const char *a, const char *b)
{
	if (empty(a) || empty(b))
		return empty(a) && empty(b);
	return strcmp(a, b) == 0;
}

static int same_sessions(const struct asset *a, const struct asset *b)
{
	if (a->session_count != b->session_count)
		return 0;
	for (size_t i = 0; i < a->session_count; i++) {
		const struct asset_session *x = &a->sessions[i], *y = &b->sessions[i];
		if (x->days != y->days || strcmp(x->start, y->start) != 0 ||
		    strcmp(x->end, y->end) != 0 || !same_text(x->note, y->note))
			return 0;
	}
	return 1;
}

int asset_key_equal(const struct asset *a, const struct asset *b, enum asset_key k)
{
	if ((unsigned)k >= ASSET_KEY_COUNT)
		return 1;
	if (keys[k].is_text)
		return same_text(ctext_of(a, k), ctext_of(b, k));
	switch (k) {
	case ASSET_KEY_NEEDS:
		return strlist_equal(&a->needs, &b->needs);
	case ASSET_KEY_LOCALITIES:
		return strlist_equal(&a->localities, &b->localities);
	case ASSET_KEY_SESSIONS:
		return same_sessions(a, b);
	case ASSET_KEY_COST:
		return a->cost == b->cost;
	case ASSET_KEY_REFERRAL:
		return a->referral == b->referral;
	case ASSET_KEY_STATUS:
		return a->status == b->status;
	case ASSET_KEY_ARCHIVED:
		return !a->archived == !b->archived;
	default:
		return 1;
	}
}

unsigned asset_keys_differ(const struct asset *a, const struct asset *b)
{
	unsigned set = 0;
	for (int k = 0; k < ASSET_KEY_COUNT; k++)
		if (!asset_key_equal(a, b, (enum asset_key)k))
			set |= ASSET_KEY_BIT(k);
	return set;
}

int asset_key_is_text(enum asset_key k)
{
	return (unsigned)k < ASSET_KEY_COUNT && keys[k].is_text;
}

int asset_key_set_text(struct asset *a, enum asset_key k, const char *text)
{
	if (!asset_key_is_text(k))
		return 1;
	char *copy = NULL;
	if (text && *text && !(copy = strdup(text)))
		return -1;
	char **field = text_of(a, k);
	free(*field);
	*field = copy;
	return 0;
}

static int copy_sessions(struct asset *dst, const struct asset *src)
{
	struct asset tmp;
	asset_init(&tmp);
	for (size_t i = 0; i < src->session_count; i++) {
		const struct asset_session *s = &src->sessions[i];
		if (asset_add_session(&tmp, s->days, s->start, s->end, s->note) < 0) {
			asset_clear(&tmp);
			return -1;
		}
	}
	for (size_t i = 0; i < dst->session_count; i++)
		free(dst->sessions[i].note);
	free(dst->sessions);
	dst->sessions = tmp.sessions;
	dst->session_count = tmp.session_count;
	return 0;
}

static int copy_list(struct strlist *dst, const struct strlist *src)
{
	struct strlist tmp = STRLIST_INIT;
	if (strlist_copy(&tmp, src) < 0) {
		strlist_clear(&tmp);
		return -1;
	}
	strlist_clear(dst);
	*dst = tmp;
	return 0;
}

int asset_key_copy(struct asset *dst, const struct asset *src, enum asset_key k)
{
	if ((unsigned)k >= ASSET_KEY_COUNT)
		return 0;
	if (keys[k].is_text) {
		const char *s = ctext_of(src, k);
		char *copy = NULL;
		if (s && !(copy = strdup(s)))
			return -1;
		char **field = text_of(dst, k);
		free(*field);
		*field = copy;
		return 0;
	}
	switch (k) {
	case ASSET_KEY_NEEDS:
		return copy_list(&dst->needs, &src->needs);
	case ASSET_KEY_LOCALITIES:
		return copy_list(&dst->localities, &src->localities);
	case ASSET_KEY_SESSIONS:
		return copy_sessions(dst, src);
	case ASSET_KEY_COST:
		dst->cost = src->cost;
		break;
	case ASSET_KEY_REFERRAL:
		dst->referral = src->referral;
		break;
	case ASSET_KEY_STATUS:
		dst->status = src->status;
		break;
	case ASSET_KEY_ARCHIVED:
		dst->archived = src->archived;
		break;
	default:
		break;
	}
	return 0;
}

int asset_copy(struct asset *dst, const struct asset *src)
{
	asset_init(dst);
	int rc = 0;
	for (int k = 0; k < ASSET_KEY_COUNT && rc == 0; k++)
		rc = asset_key_copy(dst, src, (enum asset_key)k);
	dst->version = src->version;
	if (rc == 0 && src->created_at && !(dst->created_at = strdup(src->created_at)))
		rc = -1;
	if (rc == 0 && src->updated_at && !(dst->updated_at = strdup(src->updated_at)))
		rc = -1;
	if (rc < 0)
		asset_clear(dst);
	return rc;
}

void asset_tidy(struct asset *a)
{
	for (int k = 0; k < ASSET_KEY_COUNT; k++) {
		if (!keys[k].is_text)
			continue;
		char **field = text_of(a, (enum asset_key)k);
		if (*field && !**field) {
			free(*field);
			*field = NULL;
		}
	}
	for (size_t i = 0; i < a->session_count; i++) {
		if (a->sessions[i].note && !*a->sessions[i].note) {
			free(a->sessions[i].note);
			a->sessions[i].note = NULL;
		}
	}
}
