/* settings: the user's settings, from $XDG_CONFIG_HOME/signpost/config.yaml.
 * Every setting has a default, so a missing file is no error; a file
 * that is there but wrong is, with the line and column of the mistake. */
#ifndef SIGNPOST_SETTINGS_H
#define SIGNPOST_SETTINGS_H

#include <stddef.h>

#include "core/error.h"

/* How one screen element is coloured: names as written in the file
 * ("white", "blue", "default", or 0-255), and attributes ("bold",
 * "reverse", "underline", "dim", comma-separated). */
struct settings_colour {
	char *element;
	char *fg;
	char *bg;
	char *attr;
	unsigned line, column;     /* where the file set it, for messages */
};

struct settings {
	int stale_months;          /* a listing not verified for longer is stale */
	int follow_up_days;        /* a referral's first follow-up, in days */
	struct settings_colour *colours;
	size_t colour_count;
	char *path;                /* the file read, or NULL */
};

enum {
	SETTINGS_DEFAULT_STALE_MONTHS = 12,
	SETTINGS_DEFAULT_FOLLOW_UP_DAYS = 14,
};

void settings_init(struct settings *c);
void settings_free(struct settings *c);

/* Reads path into c (set to the defaults first).  A missing file leaves
 * the defaults; an unreadable or wrong one is an ERROR_INPUT that names
 * the file, line and column. */
int settings_load(struct settings *c, const char *path, struct error *err);

/* The same for the default file (paths_config_file()), or
 * SIGNPOST_CONFIG when it is set, which must name a file that exists. */
int settings_load_default(struct settings *c, struct error *err);

#endif
