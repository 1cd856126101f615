/* Fuzzes date and day parsing: date_parse, date_valid and
 * time_of_day_valid (src/core/dates.h), date_expr_parse ("today",
 * "+Nd", "+Nw": src/core/personal.h), and days_parse ("mon-fri":
 * src/core/asset.h).
 *
 * Input: text (cut at a NUL byte).  When it has a line break and the
 * part before it is a valid date, that part is "today" (as SIGNPOST_TODAY
 * may set it) and the rest the expression; otherwise today is 2026-06-29.
 * Every parser gets the whole text as well.
 *
 * Properties:
 * - a parsed date is ten characters naming a real day from 1900 on, its
 *   day number converts back to the same text, and its weekday is 0..6;
 * - a valid time is HH:MM with HH < 24 and MM < 60;
 * - a parsed set of days is not empty and holds only the seven days;
 * - date_expr_parse either gives a valid date that is the number of days
 *   after today that the expression says, or refuses with ERROR_INPUT. */
#include "config.h"

#include "tests/fuzz/fuzz.h"
#include "core/asset.h"
#include "core/dates.h"
#include "core/error.h"
#include "core/personal.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

static struct store *db;

static void check_date(const char *s)
{
	int y = 0, m = 0, d = 0;
	int rc = date_parse(s, &y, &m, &d);
	FUZZ_CHECK(rc == 0 || rc == -1, "date_parse returned %d", rc);
	FUZZ_CHECK(date_valid(s) == (rc == 0), "date_valid and date_parse disagree");
	if (rc < 0)
		return;
	FUZZ_CHECK(strlen(s) == 10, "date_parse accepted %zu characters", strlen(s));
	FUZZ_CHECK(y >= 1900 && y <= 9999 && m >= 1 && m <= 12 && d >= 1 && d <= 31,
		   "date_parse gave %d-%d-%d", y, m, d);
	char back[DATE_LEN];
	date_from_days(date_days(s), back);
	FUZZ_CHECK(strcmp(back, s) == 0, "%s became day %ld, which is %s", s,
		   date_days(s), back);
	int wd = date_weekday(s);
	FUZZ_CHECK(wd >= 0 && wd <= 6, "weekday %d", wd);
	char *text = date_describe(s);
	FUZZ_CHECK(text && *text, "date_describe gave nothing");
	free(text);
}

static void check_time(const char *s)
{
	int rc = time_of_day_valid(s);
	FUZZ_CHECK(rc == 0 || rc == -1, "time_of_day_valid returned %d", rc);
	if (rc < 0)
		return;
	FUZZ_CHECK(strlen(s) == 5 && s[2] == ':' && isdigit((unsigned char)s[0]) &&
		   isdigit((unsigned char)s[1]) && isdigit((unsigned char)s[3]) &&
		   isdigit((unsigned char)s[4]), "time_of_day_valid accepted '%s'", s);
	int h = (s[0] - '0') * 10 + s[1] - '0', mi = (s[3] - '0') * 10 + s[4] - '0';
	FUZZ_CHECK(h < 24 && mi < 60, "time_of_day_valid accepted %02d:%02d", h, mi);
}

static void check_days(const char *s)
{
	unsigned days = 0xdead;
	int rc = days_parse(s, &days);
	FUZZ_CHECK(rc == 0 || rc == -1, "days_parse returned %d", rc);
	if (rc < 0)
		return;
	FUZZ_CHECK(days != 0 && (days & ~0x7Fu) == 0, "days_parse gave 0x%x", days);
	char *text = days_describe(days);
	FUZZ_CHECK(text && *text, "days_describe gave nothing");
	free(text);
	int d = day_parse(s);
	FUZZ_CHECK(d >= -1 && d <= 6, "day_parse gave %d", d);
}

/* The days after today that expr names, or -1 when it is not relative. */
static long expected_offset(const char *expr)
{
	if (strcmp(expr, "today") == 0)
		return 0;
	if (strcmp(expr, "tomorrow") == 0)
		return 1;
	if (expr[0] == '+' && isdigit((unsigned char)expr[1])) {
		char *end;
		long n = strtol(expr + 1, &end, 10);
		return strcmp(end, "w") == 0 ? n * 7 : n;
	}
	return -1;
}

static void check_expr(const char *expr, const char *today)
{
	char out[DATE_LEN];
	memcpy(out, "not-a-day", sizeof "not-a-day");
	struct error err = ERROR_INIT;
	int rc = date_expr_parse(db, expr, today, out, &err);
	if (rc < 0) {
		FUZZ_CHECK(rc == -1 && err.kind == ERROR_INPUT && err.message,
			   "date_expr_parse('%s', today %s) failed with kind %d: %s",
			   expr, today, err.kind, error_message(&err));
		error_clear(&err);
		return;
	}
	FUZZ_CHECK(rc == 0 && err.kind == ERROR_NONE, "date_expr_parse returned %d", rc);
	FUZZ_CHECK(date_valid(out), "date_expr_parse('%s', today %s) accepted it but "
		   "gave '%.10s', not a date", expr, today, out);
	long off = expected_offset(expr);
	if (off >= 0)
		FUZZ_CHECK(date_days(out) - date_days(today) == off,
			   "'%s' from %s gave %s, %ld days on", expr, today, out,
			   date_days(out) - date_days(today));
	else
		FUZZ_CHECK(strcmp(out, expr) == 0, "'%s' gave %s", expr, out);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_setup();
	if (!db)
		db = fuzz_directory("dates.db", NULL);
	char *s = fuzz_cstr(data, size);
	check_date(s);
	check_time(s);
	check_days(s);

	const char *today = "2026-06-29", *expr = s;
	char *nl = strchr(s, '\n');
	if (nl) {
		*nl = '\0';
		if (date_valid(s)) {
			today = s;
			expr = nl + 1;
			check_date(expr);
			check_time(expr);
			check_days(expr);
		} else {
			*nl = '\n';
		}
	}
	check_expr(expr, today);
	free(s);
	return 0;
}
