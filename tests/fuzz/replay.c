/* replay: runs a fuzz harness on saved inputs, without libFuzzer, so
 * that `make check` (and --enable-sanitizers) replays every seed and
 * every input that once crashed.
 *
 *   replay_NAME [FILE-OR-FOLDER...]
 *
 * With no arguments it replays $SIGNPOST_TESTS/fuzz/corpus/NAME (NAME is
 * FUZZ_NAME, set when it is built).  It prints TAP, one line per input,
 * and names each input before running it, so a crash in the log says
 * which file did it. */
#include "config.h"

#include "tests/fuzz/fuzz.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#ifndef FUZZ_NAME
#error "build replay.c with -DFUZZ_NAME='\"name\"'"
#endif

struct files {
	char **path;
	size_t count, cap;
};

static void add_file(struct files *f, char *path)
{
	if (f->count == f->cap) {
		f->cap = f->cap ? f->cap * 2 : 64;
		f->path = realloc(f->path, f->cap * sizeof *f->path);
		if (!f->path) {
			fprintf(stderr, "replay: out of memory\n");
			exit(99);
		}
	}
	f->path[f->count++] = path;
}

static int cmp_path(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* A file, or every regular file directly in a folder (sorted). */
static int collect(struct files *f, const char *path)
{
	struct stat st;
	if (stat(path, &st) < 0) {
		fprintf(stderr, "replay: %s: %s\n", path, strerror(errno));
		return -1;
	}
	if (!S_ISDIR(st.st_mode)) {
		add_file(f, strdup(path));
		return 0;
	}
	DIR *d = opendir(path);
	if (!d) {
		fprintf(stderr, "replay: %s: %s\n", path, strerror(errno));
		return -1;
	}
	size_t first = f->count;
	struct dirent *e;
	while ((e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue;
		char *p = NULL;
		if (asprintf(&p, "%s/%s", path, e->d_name) < 0)
			exit(99);
		if (stat(p, &st) == 0 && S_ISREG(st.st_mode))
			add_file(f, p);
		else
			free(p);
	}
	closedir(d);
	qsort(f->path + first, f->count - first, sizeof *f->path, cmp_path);
	return 0;
}

/* The whole file in a buffer of exactly its size, so that the sanitizers
 * see a read past the end. */
static uint8_t *read_all(const char *path, size_t *size)
{
	FILE *in = fopen(path, "rb");
	if (!in)
		return NULL;
	uint8_t *data = NULL;
	size_t len = 0, cap = 0;
	for (;;) {
		if (len == cap) {
			cap = cap ? cap * 2 : 4096;
			uint8_t *p = realloc(data, cap);
			if (!p) {
				free(data);
				fclose(in);
				return NULL;
			}
			data = p;
		}
		size_t n = fread(data + len, 1, cap - len, in);
		if (n == 0)
			break;
		len += n;
	}
	int failed = ferror(in);
	fclose(in);
	if (failed) {
		free(data);
		return NULL;
	}
	uint8_t *exact = malloc(len ? len : 1);
	if (exact)
		memcpy(exact, data, len);
	free(data);
	*size = len;
	return exact;
}

int main(int argc, char **argv)
{
	struct files f = { NULL, 0, 0 };
	int bad = 0;
	if (argc > 1) {
		for (int i = 1; i < argc; i++)
			bad |= collect(&f, argv[i]) < 0;
	} else {
		const char *tests = getenv("SIGNPOST_TESTS");
		char *dir = NULL;
		if (!tests || !*tests) {
			printf("1..0 # SKIP SIGNPOST_TESTS is not set (run with make check)\n");
			return 0;
		}
		if (asprintf(&dir, "%s/fuzz/corpus/%s", tests, FUZZ_NAME) < 0)
			return 99;
		bad |= collect(&f, dir) < 0;
		free(dir);
	}
	if (bad || f.count == 0) {
		printf("1..1\nnot ok 1 - no inputs found for %s\n", FUZZ_NAME);
		return 1;
	}
	printf("1..%zu\n", f.count);
	int failed = 0;
	for (size_t i = 0; i < f.count; i++) {
		printf("# %s: %s\n", FUZZ_NAME, f.path[i]);
		fflush(stdout);
		size_t size = 0;
		uint8_t *data = read_all(f.path[i], &size);
		if (!data) {
			printf("not ok %zu - %s: cannot read it\n", i + 1, f.path[i]);
			failed = 1;
		} else {
			/* A crash ends the program here: the TAP driver then
			 * reports the missing lines and the signal. */
			LLVMFuzzerTestOneInput(data, size);
			printf("ok %zu - %s\n", i + 1, f.path[i]);
		}
		fflush(stdout);
		free(data);
		free(f.path[i]);
	}
	free(f.path);
	return failed;
}
