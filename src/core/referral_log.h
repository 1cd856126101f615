/* referral_log: the coordinator's referral log: every referral that
 * passes the filters (a period, link worker, asset, need with its
 * sub-needs, sector, locality with the places within it, status or
 * outcome, client reference), sorted by any column, a page at a time,
 * with totals for the whole filtered set.
 *
 * It reads the personal-data file with the directory attached (see
 * report_attach), for the sector and the need and locality trees.  A
 * referral and its full history: referral_load(). */
#ifndef SIGNPOST_REFERRAL_LOG_H
#define SIGNPOST_REFERRAL_LOG_H

#include <stddef.h>

#include "core/referral.h"
#include "core/report.h"

enum log_column {
	LOG_ID,
	LOG_MADE,          /* created_on */
	LOG_CLIENT,
	LOG_ASSET,         /* the asset's name as referred */
	LOG_SECTOR,
	LOG_NEEDS,
	LOG_WORKER,
	LOG_STATUS,
	LOG_FOLLOW_UP,
	LOG_CONTACTED,
	LOG_CLOSED,
	LOG_COLUMN_COUNT
};

/* "id", "made", "client", "asset", "sector", "needs", "worker",
 * "status", "follow-up", "contacted", "closed". */
const char *referral_log_column_name(enum log_column c);
/* A column name, optionally followed by ":asc" or ":desc". */
int referral_log_sort_parse(const char *s, enum log_column *column, int *descending);

struct referral_log_query {
	const struct report_period *period;  /* made in it; NULL: any time */
	struct report_filter filter;
	enum log_column sort;
	int descending;
	long offset;
	long limit;                          /* 0: every row */
	const char *today;                   /* for "overdue" */
};

struct referral_log_row {
	long id;
	char *made;
	char *client;
	char *asset_id;
	char *asset_name;
	char *sector;          /* the sector's id now; NULL if not in the directory */
	char *needs;           /* ids, comma-separated, as recorded */
	char *worker;
	char *status;
	char *follow_up;       /* NULL once closed */
	char *contacted;
	char *closed;
	int overdue;           /* open, with its follow-up before today */
};

/* Totals over every referral that passes the filters (not only the
 * page). */
struct referral_log_totals {
	long referrals;
	long open;
	long overdue;
	long closed;
	long by_status[REFERRAL_STATUS_COUNT];
};

struct referral_log {
	struct referral_log_row *row;
	size_t count;
	struct referral_log_totals totals;
};

int referral_log_run(struct store *personal, struct store *dir,
		     const struct referral_log_query *q, struct referral_log *out,
		     struct error *err);
void referral_log_free(struct referral_log *log);

#endif
