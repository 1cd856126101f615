/* referral: a person, known only by a pseudonymous client reference,
 * referred to an asset for some needs; its follow-up date; and the whole
 * story of what happened, kept as a history that is only ever added to.
 *
 * Statuses: open ones (referred -> contacted -> attending) and, once
 * closed, the outcome.  Only sensible moves are allowed (see
 * referral_can_move); closing needs an outcome, reopening a reason. */
#ifndef SIGNPOST_REFERRAL_H
#define SIGNPOST_REFERRAL_H

#include <stddef.h>

#include "core/dates.h"
#include "core/error.h"
#include "core/strlist.h"
#include "store/store.h"

enum referral_status {
	REFERRAL_REFERRED,
	REFERRAL_CONTACTED,
	REFERRAL_ATTENDING,
	REFERRAL_COMPLETED,       /* closed from here on */
	REFERRAL_DECLINED,
	REFERRAL_NOT_ATTENDED,
	REFERRAL_UNSUITABLE,
	REFERRAL_LOST_CONTACT,
	REFERRAL_STATUS_COUNT
};

const char *referral_status_name(enum referral_status s);
int referral_status_parse(const char *s, enum referral_status *out);
int referral_status_is_open(enum referral_status s);
/* Whether a referral may go from one status to another by an update or
 * a close (reopening is its own step). */
int referral_can_move(enum referral_status from, enum referral_status to);
/* "contacted, attending, or close with completed, ...": what may follow. */
char *referral_moves_from(enum referral_status from);

struct referral_event {
	char *at;
	char *who;
	char *from;          /* NULL when the referral was made */
	char *to;
	char *follow_up;
	char *note;
};

struct referral {
	long id;
	char *client;
	char *asset_id;
	char *asset_name;    /* as it was named when referred */
	char *worker;
	enum referral_status status;
	char *note;
	char *follow_up;     /* YYYY-MM-DD while open; NULL once closed */
	char *created_at;
	char *created_on;
	char *contacted_on;
	char *closed_on;
	char *updated_at;
	int version;
	struct strlist needs;
	struct referral_event *history;
	size_t history_count;
};

void referral_free(struct referral *r);

struct referral_new {
	const char *client;
	const char *asset_id;
	const struct strlist *needs;   /* none: the asset's main need */
	const char *note;
	const char *follow_up;         /* a date expression; NULL: the default */
	const char *worker;
	const char *today;
	int follow_up_days;            /* the default's distance */
};

/* Checks everything (the client reference guard included) and writes
 * the referral and its first history row in one transaction. */
int referral_create(struct store *personal, struct store *dir,
		    const struct referral_new *r, long *id, struct error *err);

/* The referral with its needs and history; an unknown id is
 * ERROR_NOT_FOUND. */
int referral_load(struct store *personal, long id, struct referral *out,
		  struct error *err);

/* One change to a referral.  For an update, to is an open status or the
 * same status (to set only the follow-up or add a note); for a close, a
 * closed one. */
struct referral_change {
	enum referral_status to;
	const char *note;
	const char *follow_up;     /* a date expression, or NULL */
	const char *who;
	const char *today;
	int follow_up_days;        /* for a reopened referral with no date given */
	int expected_version;      /* refuse when it moved on; 0: don't check */
};

int referral_update(struct store *personal, long id, const struct referral_change *c,
		    struct error *err);
int referral_close(struct store *personal, long id, const struct referral_change *c,
		   struct error *err);
/* Back to the open status it had before it closed; c->note is the
 * reason, and is required. */
int referral_reopen(struct store *personal, long id, const struct referral_change *c,
		    struct error *err);

/* A line of a referral list. */
struct referral_row {
	long id;
	char *client;
	char *asset_id;
	char *asset_name;
	char *worker;
	char *status;
	char *follow_up;
	char *created_on;
	char *needs;           /* ids, comma-separated */
	int version;
};

struct referral_rows {
	struct referral_row *row;
	size_t count;
};

void referral_rows_free(struct referral_rows *rows);

enum followup_when {
	FOLLOWUP_ALL,          /* overdue, then due today, then upcoming */
	FOLLOWUP_OVERDUE,
	FOLLOWUP_DUE,
	FOLLOWUP_UPCOMING,
};

/* Open referrals of worker (NULL: everyone's), by when their follow-up
 * falls relative to today: overdue first (oldest first), then due
 * today, then upcoming (soonest first). */
int referral_followups(struct store *personal, const char *worker,
		       enum followup_when when, const char *today,
		       struct referral_rows *out, struct error *err);
/* How many of worker's open referrals are overdue and due today. */
int referral_followup_counts(struct store *personal, const char *worker,
			     const char *today, long *overdue, long *due,
			     struct error *err);
/* Every referral of one client reference, newest first. */
int referral_for_client(struct store *personal, const char *client,
			struct referral_rows *out, struct error *err);

#endif
