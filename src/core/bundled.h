/* bundled: the taxonomy and the sample directory that ship inside the
 * program, so that `init` and `--demo` work wherever it is run from. */
#ifndef SIGNPOST_BUNDLED_H
#define SIGNPOST_BUNDLED_H

#include <stddef.h>

#include "core/error.h"
#include "store/store.h"

extern const unsigned char bundled_taxonomy_yaml[];
extern const size_t bundled_taxonomy_yaml_len;
extern const unsigned char bundled_sample_yaml[];
extern const size_t bundled_sample_yaml_len;

enum bundled_file { BUNDLED_TAXONOMY, BUNDLED_SAMPLE };

/* Imports a bundled file into dir (as one transaction). */
int bundled_import(struct store *dir, enum bundled_file which, const char *who,
		   struct error *err);

#endif
