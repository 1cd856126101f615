#include "config.h"

#include "core/settings.h"
#include "core/paths.h"
#include "core/yaml_doc.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* The settings that are whole numbers, declared once: name, where it
 * goes, and the range that makes sense. */
static const struct number_setting {
	const char *name;
	size_t offset;
	int min, max;
} numbers[] = {
	{ "stale_after_months", offsetof(struct settings, stale_months), 1, 120 },
	{ "follow_up_days", offsetof(struct settings, follow_up_days), 1, 365 },
};

void settings_init(struct settings *c)
{
	memset(c, 0, sizeof *c);
	c->stale_months = SETTINGS_DEFAULT_STALE_MONTHS;
	c->follow_up_days = SETTINGS_DEFAULT_FOLLOW_UP_DAYS;
}

static void colours_free(struct settings *c)
{
	for (size_t i = 0; i < c->colour_count; i++) {
		free(c->colours[i].element);
		free(c->colours[i].fg);
		free(c->colours[i].bg);
		free(c->colours[i].attr);
	}
	free(c->colours);
	c->colours = NULL;
	c->colour_count = 0;
}

void settings_free(struct settings *c)
{
	colours_free(c);
	free(c->path);
	settings_init(c);
}

static int read_number(const char *name, const struct ynode *n,
		       const struct number_setting *s, int *out, struct error *err)
{
	char *end;
	long v = n->kind == YNODE_SCALAR ? strtol(n->value, &end, 10) : 0;
	if (n->kind != YNODE_SCALAR || !*n->value || *end || v < s->min || v > s->max)
		return yaml_error_at(err, name, n, "%s must be a whole number from %d to %d",
				     s->name, s->min, s->max);
	*out = (int)v;
	return 0;
}

static char *scalar_copy(const struct ynode *n)
{
	return n && n->kind == YNODE_SCALAR ? strdup(n->value) : NULL;
}

static int read_colours(struct settings *c, const char *name, const struct ynode *n,
			struct error *err)
{
	if (n->kind != YNODE_MAPPING)
		return yaml_error_at(err, name, n,
				     "colours should map screen elements to {fg, bg, attr}");
	size_t pairs = n->count / 2;
	c->colours = calloc(pairs ? pairs : 1, sizeof *c->colours);
	if (!c->colours)
		return error_nomem(err);
	for (size_t i = 0; i < pairs; i++) {
		const struct ynode *key = n->item[2 * i], *spec = n->item[2 * i + 1];
		if (key->kind != YNODE_SCALAR || spec->kind != YNODE_MAPPING)
			return yaml_error_at(err, name, spec,
					     "each colour should be a mapping of fg, bg and attr");
		for (size_t k = 0; k + 1 < spec->count; k += 2) {
			const char *field = spec->item[k]->value;
			if (spec->item[k]->kind != YNODE_SCALAR ||
			    (strcmp(field, "fg") && strcmp(field, "bg") && strcmp(field, "attr")))
				return yaml_error_at(err, name, spec->item[k],
						     "a colour has fg, bg and attr only");
		}
		struct settings_colour *cc = &c->colours[c->colour_count++];
		cc->line = key->line;
		cc->column = key->column;
		cc->element = strdup(key->value);
		cc->fg = scalar_copy(ynode_get(spec, "fg"));
		cc->bg = scalar_copy(ynode_get(spec, "bg"));
		cc->attr = scalar_copy(ynode_get(spec, "attr"));
		if (!cc->element)
			return error_nomem(err);
	}
	return 0;
}

static int read_file(struct settings *c, struct yaml_reader *r, const char *name,
		     struct error *err)
{
	int begun = yaml_reader_begin(r, 1, "a mapping of settings", err);
	if (begun <= 0)
		return begun;
	struct ynode *key;
	int rc;
	while ((rc = yaml_reader_next_key(r, &key, err)) > 0) {
		struct ynode *value = NULL;
		if (yaml_reader_value(r, &value, err) < 0) {
			ynode_free(key);
			return -1;
		}
		int done = 0;
		for (size_t i = 0; i < sizeof numbers / sizeof numbers[0] && !done; i++) {
			if (strcmp(key->value, numbers[i].name) == 0) {
				rc = read_number(name, value, &numbers[i],
						 (int *)((char *)c + numbers[i].offset), err);
				done = 1;
			}
		}
		if (!done && strcmp(key->value, "colours") == 0 && !c->colours) {
			rc = read_colours(c, name, value, err);
			done = 1;
		}
		if (!done)
			rc = yaml_error_at(err, name, key, "unknown setting '%s' (settings: "
					   "stale_after_months, follow_up_days, colours)",
					   key->value);
		ynode_free(key);
		ynode_free(value);
		if (rc < 0)
			return -1;
	}
	return rc < 0 ? -1 : yaml_reader_end(r, err);
}

int settings_load(struct settings *c, const char *path, struct error *err)
{
	settings_init(c);
	if (access(path, F_OK) != 0 && errno == ENOENT)
		return 0;
	struct yaml_reader *r;
	if (yaml_reader_open_file(path, &r, err) < 0)
		return error_prefix(err, "the configuration");
	int rc = read_file(c, r, path, err);
	yaml_reader_close(r);
	if (rc < 0) {
		colours_free(c);
		return error_prefix(err, "the configuration");
	}
	if (!(c->path = strdup(path)))
		return error_nomem(err);
	return 0;
}

int settings_load_default(struct settings *c, struct error *err)
{
	const char *env = getenv("SIGNPOST_CONFIG");
	/* A file named on purpose and missing is a mistake (a typing slip,
	 * a folder moved), not a wish for the defaults. */
	if (env && *env && access(env, F_OK) != 0 && errno == ENOENT) {
		settings_init(c);
		return error_set(err, ERROR_INPUT, "the configuration: %s (named by "
				 "SIGNPOST_CONFIG) does not exist", env);
	}
	if (env && *env)
		return settings_load(c, env, err);
	settings_init(c);
	char *path = paths_config_file(err);
	if (!path) {
		/* No HOME and no XDG_CONFIG_HOME: the defaults will do. */
		error_clear(err);
		return 0;
	}
	int rc = settings_load(c, path, err);
	free(path);
	return rc;
}
