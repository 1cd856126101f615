/* export: the directory as YAML (to import elsewhere), CSV (for
 * spreadsheets) or JSON (for programs). */
#ifndef SIGNPOST_EXPORT_H
#define SIGNPOST_EXPORT_H

#include <stdio.h>

#include "core/error.h"
#include "store/store.h"

enum export_format { EXPORT_YAML, EXPORT_CSV, EXPORT_JSON };

struct export_options {
	enum export_format format;
	int taxonomy;         /* YAML and JSON: the needs, sectors, localities */
	int assets;
	int with_archived;
};

int export_parse_format(const char *s, enum export_format *out);
int export_directory(struct store *dir, FILE *out,
		     const struct export_options *opt, struct error *err);

/* The CSV columns, in order, for the manual and for tests. */
extern const char *const export_csv_columns[];

#endif
