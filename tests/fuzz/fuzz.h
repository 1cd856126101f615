/* fuzz: what the fuzz harnesses share.
 *
 * Each tests/fuzz/fuzz_NAME.c defines LLVMFuzzerTestOneInput.  It is
 * linked two ways: with clang's libFuzzer (`make fuzz`), which invents
 * inputs, and with replay.c (`make check`), which feeds it every file of
 * tests/fuzz/corpus/NAME/.  A harness checks its own properties and
 * calls fuzz_fail() (which aborts) when one does not hold, so a broken
 * property is a crash to both. */
#ifndef SIGNPOST_FUZZ_H
#define SIGNPOST_FUZZ_H

#include <stddef.h>
#include <stdint.h>

#include "store/store.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Prints "fuzz: property failed: ..." and aborts. */
_Noreturn void fuzz_fail(const char *fmt, ...)
	__attribute__((format(printf, 1, 2)));

#define FUZZ_CHECK(cond, ...) \
	do { if (!(cond)) fuzz_fail(__VA_ARGS__); } while (0)

/* Sets the locale (C.UTF-8, as the program's users have) once. */
void fuzz_setup(void);

/* A NUL-terminated copy of the input (cut at its first NUL byte). */
char *fuzz_cstr(const uint8_t *data, size_t size);

/* A private temporary folder for this process, removed with its files
 * at exit; and a path inside it (newly allocated). */
const char *fuzz_tmpdir(void);
char *fuzz_path(const char *name);

/* A new directory file in fuzz_tmpdir() named name, with the bundled
 * taxonomy and then yaml (when not NULL) imported; closed at exit. */
struct store *fuzz_directory(const char *name, const char *yaml);

#endif
