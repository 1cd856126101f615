#include "config.h"

#include "core/bundled.h"
#include "core/yaml_import.h"

int bundled_import(struct store *dir, enum bundled_file which, const char *who,
		   struct error *err)
{
	const char *name = which == BUNDLED_TAXONOMY ? "taxonomy.yaml (bundled)"
						     : "sample-directory.yaml (bundled)";
	const unsigned char *data = which == BUNDLED_TAXONOMY ? bundled_taxonomy_yaml
							      : bundled_sample_yaml;
	size_t len = which == BUNDLED_TAXONOMY ? bundled_taxonomy_yaml_len
					       : bundled_sample_yaml_len;
	struct import_options opt = { .dry_run = 0, .who = who };
	struct import_report report;
	int rc = import_buffer(dir, name, (const char *)data, len, &opt, &report, err);
	import_report_free(&report);
	return rc;
}
