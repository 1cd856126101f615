/* Fuzzes config loading: settings_load (src/core/settings.h) on a
 * temporary file that holds the input.
 *
 * Properties:
 * - a file that loads has its numbers in their ranges, every colour
 *   named, with a line and column, and the path recorded;
 * - one that does not gets an ERROR_INPUT that names the file, and
 *   keeps no colours;
 * - nothing leaks either way (LeakSanitizer). */
#include "config.h"

#include "tests/fuzz/fuzz.h"
#include "core/error.h"
#include "core/settings.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char *path;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_setup();
	if (!path)
		path = fuzz_path("config.yaml");
	FILE *f = fopen(path, "wb");
	if (!f || fwrite(data, 1, size, f) != size || fclose(f) != 0)
		fuzz_fail("cannot write %s", path);

	struct settings c;
	struct error err = ERROR_INIT;
	int rc = settings_load(&c, path, &err);
	if (rc == 0) {
		FUZZ_CHECK(err.kind == ERROR_NONE, "loaded, with an error set");
		FUZZ_CHECK(c.path && strcmp(c.path, path) == 0, "the path is not kept");
		FUZZ_CHECK(c.stale_months >= 1 && c.stale_months <= 120,
			   "stale_after_months %d", c.stale_months);
		FUZZ_CHECK(c.follow_up_days >= 1 && c.follow_up_days <= 365,
			   "follow_up_days %d", c.follow_up_days);
		for (size_t i = 0; i < c.colour_count; i++)
			FUZZ_CHECK(c.colours[i].element && c.colours[i].line >= 1 &&
				   c.colours[i].column >= 1, "colour %zu is unnamed", i);
	} else {
		FUZZ_CHECK(rc == -1, "settings_load returned %d", rc);
		FUZZ_CHECK(err.kind == ERROR_INPUT && err.message,
			   "failed with kind %d: %s", err.kind, error_message(&err));
		FUZZ_CHECK(strstr(err.message, path) != NULL,
			   "the message does not name the file: %s", err.message);
		FUZZ_CHECK(c.colour_count == 0 && !c.colours,
			   "colours kept after a failure");
	}
	settings_free(&c);
	error_clear(&err);
	return 0;
}
