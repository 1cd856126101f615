/* Helpers for the unit tests: fresh directories in private temporary
 * folders, and the test data's paths.  Criterion runs each test in a
 * process of its own, so each gets its own folder. */
#ifndef SIGNPOST_TEST_HELPERS_H
#define SIGNPOST_TEST_HELPERS_H

#include "store/store.h"

/* A new private folder for this test; removed (with its files) when the
 * test process ends. */
const char *th_tmpdir(void);
/* A path inside th_tmpdir(); newly allocated. */
char *th_path(const char *name);
/* The path of a file in tests/data; newly allocated. */
char *th_data(const char *name);

/* A new, empty directory file in th_tmpdir(), open for writing. */
struct store *th_directory_empty(void);
/* The same, with the bundled taxonomy loaded. */
struct store *th_directory_taxonomy(void);
/* The same, with tests/data/fixture.yaml (a small taxonomy and assets
 * whose search answers are worked out in test_search.c) loaded. */
struct store *th_directory_fixture(void);

/* Imports YAML text; the test fails if it does not import. */
void th_import_text(struct store *dir, const char *yaml);
/* Imports a file from tests/data; fails the test if it does not import. */
void th_import_data(struct store *dir, const char *name);

/* The whole of a file, newly allocated (NULL if unreadable). */
char *th_read_file(const char *path);

/* Runs a query that returns one integer. */
long th_count(struct store *dir, const char *sql);

#endif
