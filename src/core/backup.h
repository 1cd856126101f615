/* backup: consistent copies of the directory and personal-data files,
 * taken with SQLite's online backup API while others go on using them,
 * each copy checked; and putting such a copy back. */
#ifndef SIGNPOST_BACKUP_H
#define SIGNPOST_BACKUP_H

#include "core/error.h"
#include "core/strlist.h"

/* Copies the directory file (and its personal-data file, when there is
 * one) into folder dest, under their own names, and checks each copy.
 * dest may not already hold them.  The paths written go into written. */
int backup_take(const char *directory_file, const char *dest, struct strlist *written,
		struct error *err);

/* Puts back the copies in folder source over the directory file (and
 * its personal-data file).  The copies are checked first; a file that
 * is there already is only overwritten with force. */
int backup_restore(const char *source, const char *directory_file, int force,
		   struct strlist *written, struct error *err);

#endif
