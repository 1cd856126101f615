/* audit: who changed a role or a policy, and who exported, purged or
 * erased personal data.  Each file keeps the audit of what is done to
 * it (the directory: users and policies; the personal-data file: the
 * referrals), in a table its triggers keep append-only; an audit line
 * is written in the transaction of what it records, so that one never
 * happens without the other. */
#ifndef SIGNPOST_AUDIT_H
#define SIGNPOST_AUDIT_H

#include <stddef.h>

#include "core/error.h"
#include "store/store.h"

/* Adds a line as the store's actor (or "signpost"); call it inside the
 * write transaction.  detail must hold no client reference. */
int audit_add(struct store *s, const char *action, const char *detail,
	      struct error *err);

struct audit_row {
	char *at;
	char *who;
	char *action;
	char *detail;
	const char *file;      /* "directory" or "personal" */
	long id;               /* its line in that file's audit */
};

struct audit_rows {
	struct audit_row *row;
	size_t count;
};

/* Both files' audits (personal may be NULL), oldest first; since, when
 * not NULL, a date (YYYY-MM-DD) to start from.  Admins only. */
int audit_read(struct store *dir, struct store *personal, const char *since,
	       struct audit_rows *out, struct error *err);
void audit_rows_free(struct audit_rows *rows);

#endif
