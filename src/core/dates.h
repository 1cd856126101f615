/* dates: calendar dates (YYYY-MM-DD), times of day (HH:MM) and "today",
 * which tests and demonstrations may set with SIGNPOST_TODAY. */
#ifndef SIGNPOST_DATES_H
#define SIGNPOST_DATES_H

enum { DATE_LEN = 11, TIMESTAMP_LEN = 21 };

/* Strict YYYY-MM-DD naming a real day; returns 0 or -1. */
int date_parse(const char *s, int *year, int *month, int *day);
int date_valid(const char *s);
/* HH:MM on a 24-hour clock; returns 0 or -1. */
int time_of_day_valid(const char *s);

/* Days since 1970-01-01 of a valid date. */
long date_days(const char *ymd);
/* The same, checked: 0 with *days set, or -1 when ymd is not a valid
 * date (date_parse's rules). */
int date_to_days(const char *ymd, long *days);
/* The date n days after 1970-01-01. */
void date_from_days(long days, char out[DATE_LEN]);
/* 0 for Monday .. 6 for Sunday. */
int date_weekday(const char *ymd);

/* Today as YYYY-MM-DD, in local time, or SIGNPOST_TODAY when set to a
 * valid date.  Returns 0, or -1 when SIGNPOST_TODAY is set but not a
 * date. */
int date_today(char out[DATE_LEN]);
/* Now as an ISO 8601 UTC timestamp, "2026-11-23T13:02:35Z"; on a day
 * set by SIGNPOST_TODAY, that day with the real time of day. */
void timestamp_now(char out[TIMESTAMP_LEN]);

/* "29 June 2026" for a valid date; newly allocated. */
char *date_describe(const char *ymd);

/* "today", "3 days ago", "5 weeks ago", "14 months ago" from a number
 * of days; newly allocated. */
char *days_ago_describe(long days);

#endif
