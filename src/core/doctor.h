/* doctor: checks that the database files are whole and sound, one line
 * a check, for `signpost doctor` and after a restore. */
#ifndef SIGNPOST_DOCTOR_H
#define SIGNPOST_DOCTOR_H

#include <stddef.h>

#include "core/error.h"

enum doctor_result { DOCTOR_OK, DOCTOR_WARN, DOCTOR_FAIL };

struct doctor_line {
	enum doctor_result result;
	char *check;        /* "integrity of directory.db" */
	char *detail;       /* what was found, or NULL */
};

struct doctor_report {
	struct doctor_line *line;
	size_t count;
	int failed;         /* any DOCTOR_FAIL */
};

/* Checks the directory file and, when it exists, the personal-data file
 * beside it.  Returns 0 when the checks ran (whatever they found), -1
 * when they could not (out of memory). */
int doctor_run(const char *directory_file, struct doctor_report *out, struct error *err);
void doctor_report_free(struct doctor_report *r);
const char *doctor_result_name(enum doctor_result r);

/* The largest WAL file doctor lets pass without a warning. */
#define DOCTOR_WAL_WARN_BYTES (64L << 20)

#endif
