/* yaml_export: the directory as a YAML file that yaml_import reads back
 * to the same data. */
#ifndef SIGNPOST_YAML_EXPORT_H
#define SIGNPOST_YAML_EXPORT_H

#include <stdio.h>

#include "core/error.h"
#include "store/store.h"

struct yaml_export_options {
	int taxonomy;         /* write needs, sectors and localities */
	int assets;           /* write the assets */
	int with_archived;    /* archived assets too */
};

int yaml_export(struct store *dir, FILE *out,
		const struct yaml_export_options *opt, struct error *err);

#endif
