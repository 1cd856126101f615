#include "config.h"

#include "core/client_ref.h"

#include <ctype.h>
#include <string.h>

int nhs_number_valid(const int d[10])
{
	int sum = 0;
	for (int i = 0; i < 9; i++)
		sum += d[i] * (10 - i);
	int check = 11 - sum % 11;
	if (check == 11)
		check = 0;
	return check != 10 && check == d[9];
}

/* The digits of s in order, skipping the separators people put between
 * groups of them (spaces, dashes, underscores, dots, brackets); each
 * digit's run number tells which digits stand together, and its group
 * number which were written together, between separators. */
struct digits {
	int d[256];
	int run[256];
	int group[256];
	int count;
};

static void collect(const char *s, struct digits *out)
{
	int run = 0, group = 0;
	out->count = 0;
	for (const char *p = s; *p && out->count < 256; p++) {
		if (isdigit((unsigned char)*p)) {
			out->d[out->count] = *p - '0';
			out->group[out->count] = group;
			out->run[out->count++] = run;
		} else {
			group++;
			if (!strchr(" -_.()/", *p))
				run++;   /* a letter ends a number */
		}
	}
}

static int contains_nhs_number(const struct digits *g)
{
	for (int i = 0; i + 10 <= g->count; i++) {
		if (g->run[i] != g->run[i + 9])
			continue;
		if (nhs_number_valid(&g->d[i]))
			return 1;
	}
	return 0;
}

/* 07xxx xxxxxx, 01/02/03 numbers (10 or 11 digits), or +44 forms. */
static int contains_phone_number(const char *s, const struct digits *g)
{
	for (int i = 0; i < g->count; i++) {
		if (i > 0 && g->group[i - 1] == g->group[i])
			continue;          /* only at the start of a group */
		int len = 0;
		while (i + len < g->count && g->run[i + len] == g->run[i])
			len++;
		const int *d = &g->d[i];
		if (d[0] == 0 && len >= 10 && len <= 11 && d[1] >= 1 && d[1] <= 9)
			return 1;
		if (len >= 11 && len <= 12 && d[0] == 4 && d[1] == 4)
			return 1;
	}
	return strstr(s, "+44") != NULL;
}

static int looks_like_email(const char *s)
{
	const char *at = strchr(s, '@');
	return at != NULL;
}

int client_ref_check(const char *ref, struct error *err)
{
	static const char why[] =
		": signpost must never hold who a person is. Use the pseudonymous "
		"reference your service gives them (like JS-0142)";
	if (!ref || !*ref)
		return error_set(err, ERROR_INPUT, "a client reference is needed (like JS-0142)");
	struct digits g;
	collect(ref, &g);
	/* The reference itself is not repeated back: it may be the very
	 * thing that must not be written anywhere, a terminal included. */
	if (contains_nhs_number(&g))
		return error_set(err, ERROR_INPUT, "the client reference holds an NHS "
				 "number (ten digits that pass the NHS check)%s", why);
	if (looks_like_email(ref))
		return error_set(err, ERROR_INPUT,
				 "the client reference holds an email address%s", why);
	if (contains_phone_number(ref, &g))
		return error_set(err, ERROR_INPUT,
				 "the client reference holds a UK phone number%s", why);
	size_t n = strlen(ref);
	if (n > CLIENT_REF_MAX)
		return error_set(err, ERROR_INPUT, "a client reference is at most %d "
				 "characters", CLIENT_REF_MAX);
	for (size_t i = 0; i < n; i++)
		if (!isalnum((unsigned char)ref[i]) && ref[i] != '-' && ref[i] != '_')
			return error_set(err, ERROR_INPUT, "a client reference is letters, "
					 "digits, '-' and '_' only (like JS-0142)");
	return 0;
}
