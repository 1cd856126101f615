#include "config.h"

#include "tui/theme.h"
#include "core/strbuf.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

struct element {
	const char *name;
	short fg, bg;
	attr_t attr;        /* with colour */
	attr_t mono;        /* without */
};

static struct element elements[THEME_COUNT] = {
#define X(id, name, fg, bg, attr, mono) [THEME_##id] = { name, fg, bg, attr, mono },
	THEME_ELEMENTS(X)
#undef X
};

static int colour;

int theme_has_colour(void)
{
	return colour;
}

static int parse_colour(const char *s, short *out)
{
	static const char *const names[] = {
		"black", "red", "green", "yellow", "blue", "magenta", "cyan", "white",
	};
	if (!s)
		return 0;
	if (strcasecmp(s, "default") == 0) {
		*out = -1;
		return 0;
	}
	for (short i = 0; i < 8; i++) {
		if (strcasecmp(s, names[i]) == 0) {
			*out = i;
			return 0;
		}
	}
	char *end;
	long n = strtol(s, &end, 10);
	if (*s && !*end && n >= 0 && n <= 255) {
		*out = (short)n;
		return 0;
	}
	return -1;
}

static int parse_attrs(const char *s, attr_t *out)
{
	static const struct { const char *name; attr_t attr; } names[] = {
		{ "bold", A_BOLD }, { "reverse", A_REVERSE }, { "underline", A_UNDERLINE },
		{ "dim", A_DIM }, { "normal", 0 }, { "standout", A_STANDOUT },
	};
	if (!s)
		return 0;
	attr_t attrs = 0;
	char *copy = strdup(s), *save = NULL;
	if (!copy)
		return -1;
	int rc = 0;
	for (char *tok = strtok_r(copy, ", ", &save); tok; tok = strtok_r(NULL, ", ", &save)) {
		size_t i;
		for (i = 0; i < sizeof names / sizeof names[0]; i++)
			if (strcasecmp(tok, names[i].name) == 0)
				break;
		if (i == sizeof names / sizeof names[0])
			rc = -1;
		else
			attrs |= names[i].attr;
	}
	free(copy);
	*out = attrs;
	return rc;
}

static int apply_settings(const struct settings *settings, struct error *err)
{
	for (size_t i = 0; i < settings->colour_count; i++) {
		const struct settings_colour *c = &settings->colours[i];
		const char *where = settings->path ? settings->path : "config";
		int e;
		for (e = 0; e < THEME_COUNT; e++)
			if (strcmp(elements[e].name, c->element) == 0)
				break;
		if (e == THEME_COUNT) {
			struct strbuf names = STRBUF_INIT;
			for (int k = 0; k < THEME_COUNT; k++)
				strbuf_printf(&names, "%s%s", k ? ", " : "", elements[k].name);
			error_set(err, ERROR_INPUT, "%s:%u:%u: unknown screen element '%s' "
				  "(elements: %s)", where, c->line, c->column, c->element,
				  strbuf_str(&names));
			strbuf_free(&names);
			return -1;
		}
		short fg = elements[e].fg, bg = elements[e].bg;
		attr_t attr = elements[e].attr;
		if (parse_colour(c->fg, &fg) < 0 || parse_colour(c->bg, &bg) < 0 ||
		    parse_attrs(c->attr, &attr) < 0)
			return error_set(err, ERROR_INPUT, "%s:%u:%u: colours are black, red, "
					 "green, yellow, blue, magenta, cyan, white, default or "
					 "0-255; attributes are bold, reverse, underline, dim, "
					 "standout or normal", where, c->line, c->column);
		elements[e].fg = fg;
		elements[e].bg = bg;
		elements[e].attr = attr;
		if (c->attr)
			elements[e].mono = attr;
	}
	return 0;
}

int theme_init(const struct settings *settings, struct error *err)
{
	if (apply_settings(settings, err) < 0)
		return -1;
	const char *no_colour = getenv("NO_COLOR");
	colour = has_colors() && !(no_colour && *no_colour);
	if (!colour)
		return 0;
	start_color();
	use_default_colors();
	for (int e = 0; e < THEME_COUNT; e++) {
		short fg = elements[e].fg < COLORS ? elements[e].fg : -1;
		short bg = elements[e].bg < COLORS ? elements[e].bg : -1;
		init_pair((short)(e + 1), fg, bg);
	}
	return 0;
}

attr_t theme_attr(enum theme_element e)
{
	if (!colour)
		return elements[e].mono;
	return COLOR_PAIR(e + 1) | elements[e].attr;
}
