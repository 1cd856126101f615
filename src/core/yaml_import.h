/* yaml_import: loads a taxonomy and assets from a YAML file, as one
 * transaction: all of the file or none of it. */
#ifndef SIGNPOST_YAML_IMPORT_H
#define SIGNPOST_YAML_IMPORT_H

#include <stddef.h>

#include "core/error.h"
#include "store/store.h"

enum import_what { IMPORT_NEED, IMPORT_SECTOR, IMPORT_LOCALITY, IMPORT_ASSET,
		   IMPORT_WHAT_COUNT };
enum import_change { IMPORT_UNCHANGED, IMPORT_ADDED, IMPORT_CHANGED };

struct import_entry {
	enum import_what what;
	enum import_change change;
	char *id;
};

struct import_report {
	struct import_entry *entry;    /* in the order of the file */
	size_t count;
	size_t cap;
	size_t tally[IMPORT_WHAT_COUNT][3];   /* [what][change] */
};

struct import_options {
	int dry_run;          /* check and report, then change nothing */
	const char *who;      /* login name, for the history */
	/* Read the assets on the caller's thread, not on a second one: the
	 * same result, single-threaded (the tests hold them to it). */
	int one_thread;
};

/* Errors are reported one a line, "FILE:LINE:COLUMN: message", up to
 * IMPORT_MAX_ERRORS of them; the kind is ERROR_INPUT. */
enum { IMPORT_MAX_ERRORS = 20 };

int import_file(struct store *dir, const char *path,
		const struct import_options *opt, struct import_report *report,
		struct error *err);
/* The same for text in memory; name is used in messages. */
int import_buffer(struct store *dir, const char *name, const char *data,
		  size_t len, const struct import_options *opt,
		  struct import_report *report, struct error *err);
void import_report_free(struct import_report *report);

const char *import_what_name(enum import_what what);

struct asset;

enum import_asset_flags {
	/* The text is a version the store wrote (the history's JSON, which
	 * YAML reads too): take each text as it is, without re-checking
	 * its shape against today's rules. */
	IMPORT_ASSET_STORED = 1 << 0,
};

/* Reads one asset from YAML text in memory: a mapping with the fields
 * of an asset in an import file (the id may be left out).  present,
 * when not NULL, gets the fields the text gives (ASSET_KEY_BIT()s), a
 * null value included.  Mistakes are an ERROR_INPUT of lines
 * "NAME:LINE:COLUMN: message", as import_file() reports them.  The
 * asset is not checked against the directory: asset_check() does that.
 * a is overwritten; on failure it is left empty. */
int import_asset_text(const char *name, const char *data, size_t len,
		      unsigned flags, struct asset *a, unsigned *present,
		      struct error *err);

#endif
