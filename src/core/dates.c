#include "config.h"

#include "core/dates.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static int is_digits(const char *s, int n)
{
	for (int i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	return 1;
}

static int days_in_month(int year, int month)
{
	static const int days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	int leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
	return month == 2 && leap ? 29 : days[month - 1];
}

int date_parse(const char *s, int *year, int *month, int *day)
{
	if (!s || strlen(s) != 10 || s[4] != '-' || s[7] != '-' ||
	    !is_digits(s, 4) || !is_digits(s + 5, 2) || !is_digits(s + 8, 2))
		return -1;
	/* The digits by hand: atoi's locale and overflow handling took a
	 * quarter of the outcomes report, which reads 800,000 dates. */
	int y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
	int m = (s[5] - '0') * 10 + (s[6] - '0'), d = (s[8] - '0') * 10 + (s[9] - '0');
	if (y < 1900 || m < 1 || m > 12 || d < 1 || d > days_in_month(y, m))
		return -1;
	*year = y;
	*month = m;
	*day = d;
	return 0;
}

int date_valid(const char *s)
{
	int y, m, d;
	return date_parse(s, &y, &m, &d) == 0;
}

int time_of_day_valid(const char *s)
{
	if (!s || strlen(s) != 5 || s[2] != ':' || !is_digits(s, 2) ||
	    !is_digits(s + 3, 2))
		return -1;
	return atoi(s) < 24 && atoi(s + 3) < 60 ? 0 : -1;
}

/* Howard Hinnant's days_from_civil: exact for the proleptic Gregorian
 * calendar, with no dependence on time zones. */
static long days_from_civil(int y, int m, int d)
{
	y -= m <= 2;
	long era = (y >= 0 ? y : y - 399) / 400;
	long yoe = y - era * 400;
	long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

long date_days(const char *ymd)
{
	int y, m, d;
	if (date_parse(ymd, &y, &m, &d) < 0)
		return 0;
	return days_from_civil(y, m, d);
}

int date_to_days(const char *ymd, long *days)
{
	int y, m, d;
	if (date_parse(ymd, &y, &m, &d) < 0)
		return -1;
	*days = days_from_civil(y, m, d);
	return 0;
}

void date_from_days(long z, char out[DATE_LEN])
{
	z += 719468;
	long era = (z >= 0 ? z : z - 146096) / 146097;
	long doe = z - era * 146097;
	long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	long y = yoe + era * 400;
	long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	long mp = (5 * doy + 2) / 153;
	long d = doy - (153 * mp + 2) / 5 + 1;
	long m = mp + (mp < 10 ? 3 : -9);
	y += m <= 2;
	/* Dates outside 0000-9999 are not ours to write. */
	if (y < 0 || y > 9999) {
		memcpy(out, "0000-00-00", DATE_LEN);
		return;
	}
	snprintf(out, DATE_LEN, "%04d-%02d-%02d", (int)y, (int)m, (int)d);
}

int date_weekday(const char *ymd)
{
	/* 1970-01-01 was a Thursday (3 counting from Monday). */
	long days = date_days(ymd);
	return (int)(((days % 7) + 7 + 3) % 7);
}

int date_today(char out[DATE_LEN])
{
	const char *fixed = getenv("SIGNPOST_TODAY");
	if (fixed && *fixed) {
		if (!date_valid(fixed))
			return -1;
		memcpy(out, fixed, DATE_LEN);
		return 0;
	}
	time_t now = time(NULL);
	struct tm tm;
	localtime_r(&now, &tm);
	strftime(out, DATE_LEN, "%Y-%m-%d", &tm);
	return 0;
}

void timestamp_now(char out[TIMESTAMP_LEN])
{
	time_t now = time(NULL);
	struct tm tm;
	gmtime_r(&now, &tm);
	strftime(out, TIMESTAMP_LEN, "%Y-%m-%dT%H:%M:%SZ", &tm);
	const char *fixed = getenv("SIGNPOST_TODAY");
	if (fixed && date_valid(fixed))
		memcpy(out, fixed, 10);
}

char *days_ago_describe(long days)
{
	char buf[48];
	if (days < 0)
		snprintf(buf, sizeof buf, "in the future");
	else if (days == 0)
		snprintf(buf, sizeof buf, "today");
	else if (days == 1)
		snprintf(buf, sizeof buf, "yesterday");
	else if (days < 14)
		snprintf(buf, sizeof buf, "%ld days ago", days);
	else if (days < 61)
		snprintf(buf, sizeof buf, "%ld weeks ago", days / 7);
	else if (days < 730)
		snprintf(buf, sizeof buf, "%ld months ago", days * 12 / 365);
	else
		snprintf(buf, sizeof buf, "%ld years ago", days / 365);
	return strdup(buf);
}

char *date_describe(const char *ymd)
{
	static const char *const months[] = {
		"January", "February", "March", "April", "May", "June", "July",
		"August", "September", "October", "November", "December",
	};
	int y, m, d;
	char *s = NULL;
	if (date_parse(ymd, &y, &m, &d) < 0)
		return strdup(ymd ? ymd : "");
	if (asprintf(&s, "%d %s %d", d, months[m - 1], y) < 0)
		return NULL;
	return s;
}
