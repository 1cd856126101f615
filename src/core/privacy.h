/* privacy: the data protection duties a coordinator has, each one step.
 *
 * - purge: the personal data of referrals closed longer ago than the
 *   directory's retention period goes: the client reference (replaced
 *   by a token that links to no one, so that one person's referrals
 *   still count as one), notes and history notes; and a person's
 *   wellbeing scores from before the cut-off, once none of their
 *   referrals is held any longer, are parted from them the same way.
 *   What reports count (referrals, their needs, assets, outcomes, score
 *   changes) is untouched, so past reports still add up.
 * - a subject access export: everything held about one client
 *   reference, as JSON;
 * - an erasure: the same, removed; the referrals stay as anonymous
 *   counts.
 * Each is one transaction with its line in the audit, and the personal
 * file overwrites what it removes (secure_delete) and empties its
 * write-ahead log, so that what was removed is not left in the file. */
#ifndef SIGNPOST_PRIVACY_H
#define SIGNPOST_PRIVACY_H

#include "core/dates.h"
#include "core/error.h"
#include "store/store.h"

struct purge_result {
	char cutoff[DATE_LEN];   /* referrals closed before this day */
	long referrals;          /* whose reference and notes went */
	long clients;            /* distinct references among them */
	long notes;              /* referral and history notes cleared */
	long wellbeing;          /* scores parted from their reference */
	long unmet_notes;        /* unmet-need notes cleared */
	int log_kept;            /* the WAL could not be emptied (readers) */
};

/* Purges what was closed more than months before today; with dry_run,
 * counts what it would do and changes nothing. */
int privacy_purge(struct store *personal, int months, const char *today, int dry_run,
		  struct purge_result *out, struct error *err);

struct client_held {
	long referrals;
	long wellbeing;
	int log_kept;          /* erase: the WAL could not be emptied (readers) */
};

/* What is held about client (no error when nothing is). */
int privacy_client_held(struct store *personal, const char *client,
			struct client_held *out, struct error *err);

/* Writes everything held about client to path as JSON, made 0600 and
 * never over an existing file unless force.  Nothing held is
 * ERROR_NOT_FOUND; a path that holds the reference is refused, as the
 * audit keeps the path. */
int privacy_client_export(struct store *personal, const char *client, const char *path,
			  int force, struct client_held *out, struct error *err);

/* Removes everything held about client: its referrals keep their
 * counts under an anonymous token; their notes, history notes and the
 * client's wellbeing scores go. */
int privacy_client_erase(struct store *personal, const char *client,
			 struct client_held *out, struct error *err);

#endif
