/* asset: a community asset, as signpost holds it and exchanges it. */
#ifndef SIGNPOST_ASSET_H
#define SIGNPOST_ASSET_H

#include <stddef.h>

#include "core/strlist.h"

enum asset_status {
	STATUS_OPEN,
	STATUS_WAITING_LIST,
	STATUS_FULL,
	STATUS_TEMPORARILY_CLOSED,
	STATUS_CLOSED,
	STATUS_COUNT
};

enum asset_cost {
	COST_UNKNOWN,
	COST_FREE,
	COST_LOW,
	COST_PAID,
	COST_COUNT
};

/* How a person gets in: a set of these bits. */
enum referral_route {
	ROUTE_SELF         = 1 << 0,
	ROUTE_LINK_WORKER  = 1 << 1,
	ROUTE_PROFESSIONAL = 1 << 2,
};
enum { ROUTE_COUNT = 3 };

/* Days of the week as a set: bit 0 is Monday, bit 6 Sunday. */
enum { DAY_COUNT = 7, DAYS_ALL = 0x7f };

struct asset_session {
	unsigned days;
	char start[6];   /* "HH:MM", or "" */
	char end[6];
	char *note;
};

struct asset {
	char *id;
	char *name;
	char *organisation;
	char *sector;
	char *description;
	struct strlist needs;        /* need ids, most specific first */
	struct strlist localities;   /* locality ids, the main one first */
	char *address;
	char *postcode;
	char *phone;
	char *email;
	char *website;
	struct asset_session *sessions;
	size_t session_count;
	char *when;
	enum asset_cost cost;
	char *cost_note;
	char *accessibility;
	char *eligibility;
	unsigned referral;           /* enum referral_route bits */
	char *referral_note;
	enum asset_status status;
	char *verified_on;           /* YYYY-MM-DD */
	char *verified_by;
	char *notes;
	int archived;

	/* Kept by the store, not part of the exchanged document. */
	int version;
	char *created_at;
	char *updated_at;
};

void asset_init(struct asset *a);
/* Frees what a holds and leaves it as asset_init made it. */
void asset_clear(struct asset *a);
int asset_add_session(struct asset *a, unsigned days, const char *start,
		      const char *end, const char *note);

const char *asset_status_name(enum asset_status s);
int asset_status_parse(const char *s, enum asset_status *out);
/* The statuses a person can still go to ("open" and "waiting-list"). */
int asset_status_is_available(enum asset_status s);

const char *asset_cost_name(enum asset_cost c);   /* NULL for unknown */
int asset_cost_parse(const char *s, enum asset_cost *out);

const char *referral_route_name(unsigned bit);
int referral_route_parse(const char *s, unsigned *bit);

/* "mon" .. "sun" for day 0 .. 6; "Monday" .. "Sunday" with long. */
const char *day_name(int day, int longname);
/* Accepts "mon", "monday", "Mon"...; returns the day 0..6 or -1. */
int day_parse(const char *s);
/* Parses "mon,thu", "mon-fri", "weekdays", "weekend", "all"
 * into a set of days; returns 0 or -1. */
int days_parse(const char *s, unsigned *days);
/* Adds a session written as a person writes it, "thu 10:00-12:00 first
 * Thursday": days (as days_parse reads them), then a time or a range of
 * times (optional; "9:30" is 09:30), then a note (optional).  Returns 0,
 * 1 when text is not a session, or -1 when out of memory. */
int asset_session_add_text(struct asset *a, const char *text);
/* Writes a set of days compactly for people: "Mon-Fri", "Tue, Thu",
 * "every day". */
char *days_describe(unsigned days);

struct json;
/* Writes the asset's exchange fields (not the store's version and
 * times) as one JSON object, in a fixed order with empty fields left
 * out: the same asset always gives the same text. */
void asset_write_json(struct json *j, const struct asset *a);

#endif
