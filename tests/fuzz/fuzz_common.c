#include "config.h"

#include "tests/fuzz/fuzz.h"
#include "core/bundled.h"
#include "core/directory.h"
#include "core/error.h"
#include "core/yaml_import.h"

#include <dirent.h>
#include <locale.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

void fuzz_fail(const char *fmt, ...)
{
	va_list ap;
	fputs("fuzz: property failed: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	fflush(stderr);
	abort();
}

void fuzz_setup(void)
{
	static int done;
	if (done)
		return;
	done = 1;
	if (!setlocale(LC_ALL, "C.UTF-8"))
		setlocale(LC_ALL, "");
}

char *fuzz_cstr(const uint8_t *data, size_t size)
{
	const uint8_t *nul = memchr(data, '\0', size);
	size_t n = nul ? (size_t)(nul - data) : size;
	char *s = malloc(n + 1);
	if (!s)
		fuzz_fail("out of memory");
	memcpy(s, data, n);
	s[n] = '\0';
	return s;
}

static char tmpdir[4096];

static void remove_tmpdir(void)
{
	if (!tmpdir[0])
		return;
	DIR *d = opendir(tmpdir);
	if (d) {
		struct dirent *e;
		while ((e = readdir(d))) {
			if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
				continue;
			char path[8192];
			snprintf(path, sizeof path, "%s/%s", tmpdir, e->d_name);
			unlink(path);
		}
		closedir(d);
	}
	rmdir(tmpdir);
	tmpdir[0] = '\0';
}

const char *fuzz_tmpdir(void)
{
	if (tmpdir[0])
		return tmpdir;
	const char *base = getenv("TMPDIR");
	snprintf(tmpdir, sizeof tmpdir, "%s/signpost-fuzz-XXXXXX",
		 base && *base == '/' ? base : "/tmp");
	if (!mkdtemp(tmpdir))
		fuzz_fail("cannot make a temporary folder in %s", tmpdir);
	atexit(remove_tmpdir);
	return tmpdir;
}

char *fuzz_path(const char *name)
{
	char *p = NULL;
	if (asprintf(&p, "%s/%s", fuzz_tmpdir(), name) < 0)
		fuzz_fail("out of memory");
	return p;
}

/* The directories made, closed at exit (before the folder goes). */
static struct store *opened[8];
static size_t opened_count;

static void close_directories(void)
{
	while (opened_count > 0)
		store_close(opened[--opened_count]);
}

struct store *fuzz_directory(const char *name, const char *yaml)
{
	char *path = fuzz_path(name);
	struct store *dir = NULL;
	struct error err = ERROR_INIT;
	if (directory_open(path, STORE_CREATE, &dir, &err) < 0)
		fuzz_fail("cannot make a directory: %s", error_message(&err));
	free(path);
	if (bundled_import(dir, BUNDLED_TAXONOMY, "fuzzer", &err) < 0)
		fuzz_fail("cannot load the bundled taxonomy: %s", error_message(&err));
	if (yaml) {
		struct import_options opt = { .dry_run = 0, .who = "fuzzer" };
		struct import_report report;
		if (import_buffer(dir, "setup.yaml", yaml, strlen(yaml), &opt, &report,
				  &err) < 0)
			fuzz_fail("cannot import the harness's directory: %s",
				  error_message(&err));
		import_report_free(&report);
	}
	if (opened_count == 0)
		atexit(close_directories);
	if (opened_count == sizeof opened / sizeof opened[0])
		fuzz_fail("too many directories");
	opened[opened_count++] = dir;
	return dir;
}
