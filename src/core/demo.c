#include "config.h"

#include "core/demo.h"
#include "core/bundled.h"
#include "core/directory.h"
#include "core/paths.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int fill(char *out, const char *a, const char *b)
{
	int n = snprintf(out, PATH_MAX, "%s%s", a, b);
	return n < 0 || n >= PATH_MAX ? -1 : 0;
}

int demo_create(struct demo *d, const char *who, struct error *err)
{
	memset(d, 0, sizeof *d);
	const char *tmp = getenv("TMPDIR");
	if (!tmp || tmp[0] != '/')
		tmp = "/tmp";
	int n = snprintf(d->folder, sizeof d->folder, "%s/signpost-demo-XXXXXX", tmp);
	if (n < 0 || (size_t)n >= sizeof d->folder - 64)
		return error_set(err, ERROR_INPUT, "TMPDIR is too long: %s", tmp);
	if (!mkdtemp(d->folder)) {
		int e = errno;
		d->folder[0] = '\0';
		return error_set(err, ERROR_STORAGE,
				 "cannot make a temporary folder in %s: %s", tmp, strerror(e));
	}
	char *personal = NULL;
	if (fill(d->directory_file, d->folder, "/directory.db") < 0 ||
	    !(personal = paths_personal_file(d->directory_file))) {
		demo_remove(d);
		return error_nomem(err);
	}
	static const char *const suffixes[3] = { "", "-wal", "-shm" };
	for (int i = 0; i < 3; i++) {
		if (fill(d->files[i], d->directory_file, suffixes[i]) < 0 ||
		    fill(d->files[3 + i], personal, suffixes[i]) < 0) {
			free(personal);
			demo_remove(d);
			return error_set(err, ERROR_INPUT, "TMPDIR is too long: %s", tmp);
		}
	}
	free(personal);

	struct store *dir;
	if (directory_open(d->directory_file, STORE_CREATE, &dir, err) < 0) {
		demo_remove(d);
		return -1;
	}
	int rc = bundled_import(dir, BUNDLED_TAXONOMY, who, err);
	if (rc == 0)
		rc = bundled_import(dir, BUNDLED_SAMPLE, who, err);
	store_close(dir);
	if (rc < 0) {
		error_prefix(err, "loading the sample directory");
		demo_remove(d);
	}
	return rc;
}

void demo_remove(const struct demo *d)
{
	for (int i = 0; i < 6; i++)
		if (d->files[i][0])
			unlink(d->files[i]);
	if (d->folder[0])
		rmdir(d->folder);
}
