/* Unit tests of the small pure modules: paths (where files live), dates,
 * slugs and day sets.  Criterion runs each test in its own process, so
 * a test may set the environment and the umask freely. */
#include "config.h"

#include "tests/unit/helpers.h"
#include "core/asset.h"
#include "core/dates.h"
#include "core/error.h"
#include "core/paths.h"
#include "core/slug.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* A known environment: none of the variables paths reads. */
static void clean_env(void)
{
	unsetenv("SIGNPOST_DB");
	unsetenv("XDG_DATA_HOME");
	unsetenv("XDG_CONFIG_HOME");
	setenv("HOME", "/home/tester", 1);
}

static void expect_directory_file(const char *option, const char *expected)
{
	struct error err = ERROR_INIT;
	char *path = paths_directory_file(option, &err);
	cr_assert_not_null(path, "no path: %s", error_message(&err));
	cr_assert_str_eq(path, expected);
	free(path);
}

/* ---- The directory file ------------------------------------------------- */

TestSuite(paths, .init = clean_env, .description = "where signpost's files live");

Test(paths, option_wins)
{
	setenv("SIGNPOST_DB", "/env/d.db", 1);
	setenv("XDG_DATA_HOME", "/xdg", 1);
	expect_directory_file("/opt/o.db", "/opt/o.db");
	/* A relative option is the person's to give; it is kept as given. */
	expect_directory_file("here.db", "here.db");
	cr_assert_eq(paths_is_default("/opt/o.db"), 0);
}

Test(paths, signpost_db_next)
{
	setenv("SIGNPOST_DB", "/env/d.db", 1);
	setenv("XDG_DATA_HOME", "/xdg", 1);
	expect_directory_file(NULL, "/env/d.db");
	/* An empty option is no option. */
	expect_directory_file("", "/env/d.db");
	cr_assert_eq(paths_is_default(NULL), 0);
}

Test(paths, xdg_data_home)
{
	setenv("XDG_DATA_HOME", "/xdg/data", 1);
	expect_directory_file(NULL, "/xdg/data/signpost/directory.db");
	/* An empty SIGNPOST_DB is not set. */
	setenv("SIGNPOST_DB", "", 1);
	expect_directory_file(NULL, "/xdg/data/signpost/directory.db");
	cr_assert_eq(paths_is_default(NULL), 1);
	cr_assert_eq(paths_is_default(""), 1);
}

Test(paths, home_fallback)
{
	expect_directory_file(NULL, "/home/tester/.local/share/signpost/directory.db");
	struct error err = ERROR_INIT;
	char *dir = paths_data_dir(&err);
	cr_assert_str_eq(dir, "/home/tester/.local/share/signpost");
	free(dir);
}

Test(paths, relative_xdg_is_ignored)
{
	/* The XDG spec: a relative value is invalid and must be ignored. */
	setenv("XDG_DATA_HOME", "relative/data", 1);
	expect_directory_file(NULL, "/home/tester/.local/share/signpost/directory.db");
	setenv("XDG_DATA_HOME", "", 1);
	expect_directory_file(NULL, "/home/tester/.local/share/signpost/directory.db");
}

Test(paths, nowhere_to_go)
{
	/* No XDG_DATA_HOME and no usable HOME: an error that says what to
	 * do, not a path under "(null)" or the current folder. */
	unsetenv("HOME");
	struct error err = ERROR_INIT;
	cr_assert_null(paths_directory_file(NULL, &err));
	cr_assert_eq(err.kind, ERROR_NOT_FOUND);
	cr_assert(strstr(error_message(&err), "--db"), "%s", error_message(&err));
	error_clear(&err);
	setenv("HOME", "relative-home", 1);
	cr_assert_null(paths_directory_file(NULL, &err));
	error_clear(&err);
	/* But an option or SIGNPOST_DB still works without a home. */
	expect_directory_file("/opt/o.db", "/opt/o.db");
}

Test(paths, personal_file)
{
	static const char *const cases[][2] = {
		{ "x.db", "x.personal.db" },
		{ "x", "x.personal.db" },
		{ "/a/b.c.db", "/a/b.c.personal.db" },
		{ "/data/signpost/directory.db", "/data/signpost/directory.personal.db" },
		/* Only a final ".db" is replaced. */
		{ "/a.db/x", "/a.db/x.personal.db" },
		{ "x.sqlite", "x.sqlite.personal.db" },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char *p = paths_personal_file(cases[i][0]);
		cr_assert_str_eq(p, cases[i][1], "%s -> %s", cases[i][0], p);
		/* Never the directory file itself. */
		cr_assert_str_neq(p, cases[i][0]);
		free(p);
	}
}

Test(paths, config_file)
{
	struct error err = ERROR_INIT;
	char *p = paths_config_file(&err);
	cr_assert_str_eq(p, "/home/tester/.config/signpost/config.yaml");
	free(p);
	setenv("XDG_CONFIG_HOME", "/cfg", 1);
	p = paths_config_file(&err);
	cr_assert_str_eq(p, "/cfg/signpost/config.yaml");
	free(p);
	setenv("XDG_CONFIG_HOME", "cfg", 1);
	p = paths_config_file(&err);
	cr_assert_str_eq(p, "/home/tester/.config/signpost/config.yaml");
	free(p);
	/* The data folder's variable does not move the config. */
	setenv("XDG_DATA_HOME", "/xdg", 1);
	unsetenv("XDG_CONFIG_HOME");
	p = paths_config_file(&err);
	cr_assert_str_eq(p, "/home/tester/.config/signpost/config.yaml");
	free(p);
}

/* ---- Making folders -------------------------------------------------- */

TestSuite(paths_make_parent, .description = "folders for a new file");

static mode_t mode_of(const char *path)
{
	struct stat st;
	cr_assert_eq(stat(path, &st), 0, "%s is missing", path);
	cr_assert(S_ISDIR(st.st_mode), "%s is not a folder", path);
	return st.st_mode & 07777;
}

Test(paths_make_parent, nested_folders_0700)
{
	umask(022);
	char *a = th_path("a"), *b = th_path("a/b"), *c = th_path("a/b/c");
	char *file = th_path("a/b/c/directory.db");
	struct error err = ERROR_INIT;
	cr_assert_eq(paths_make_parent(file, &err), 0, "%s", error_message(&err));
	/* Each folder made is private: referrals live in them. */
	cr_assert_eq(mode_of(a), 0700);
	cr_assert_eq(mode_of(b), 0700);
	cr_assert_eq(mode_of(c), 0700);
	/* Only the parents: the file itself is not made. */
	cr_assert_neq(access(file, F_OK), 0);
	/* Again, with everything there: fine. */
	cr_assert_eq(paths_make_parent(file, &err), 0, "%s", error_message(&err));
	/* The helpers remove files only; tidy the folders. */
	rmdir(c);
	rmdir(b);
	rmdir(a);
	free(a);
	free(b);
	free(c);
	free(file);
}

Test(paths_make_parent, trailing_and_double_slashes)
{
	umask(022);
	char *a = th_path("x"), *b = th_path("x/y");
	char *file = th_path("x//y/f.db");
	struct error err = ERROR_INIT;
	cr_assert_eq(paths_make_parent(file, &err), 0, "%s", error_message(&err));
	cr_assert_eq(mode_of(b), 0700);
	rmdir(b);
	rmdir(a);
	free(a);
	free(b);
	free(file);
}

Test(paths_make_parent, no_folder_to_make)
{
	struct error err = ERROR_INIT;
	cr_assert_eq(paths_make_parent("directory.db", &err), 0);
	cr_assert_eq(paths_make_parent("/directory.db", &err), 0);
}

Test(paths_make_parent, file_in_the_way)
{
	/* A file where a folder should be: an error naming it. */
	char *blocker = th_path("blocker");
	FILE *f = fopen(blocker, "w");
	cr_assert_not_null(f);
	fclose(f);
	char *file = th_path("blocker/sub/directory.db");
	struct error err = ERROR_INIT;
	cr_assert_eq(paths_make_parent(file, &err), -1);
	cr_assert_eq(err.kind, ERROR_STORAGE);
	cr_assert(strstr(error_message(&err), "blocker"), "%s", error_message(&err));
	error_clear(&err);
	free(file);
	free(blocker);
}

/* ---- Dates ------------------------------------------------------------ */

TestSuite(dates, .description = "YYYY-MM-DD, HH:MM and today");

Test(dates, parse_valid)
{
	int y, m, d;
	cr_assert_eq(date_parse("2026-11-23", &y, &m, &d), 0);
	cr_assert_eq(y, 2026);
	cr_assert_eq(m, 11);
	cr_assert_eq(d, 23);
	cr_assert_eq(date_parse("1900-01-01", &y, &m, &d), 0);
	cr_assert_eq(date_parse("9999-12-31", &y, &m, &d), 0);
	cr_assert_eq(date_parse("2026-01-31", &y, &m, &d), 0);
	cr_assert_eq(date_parse("2026-04-30", &y, &m, &d), 0);
}

Test(dates, leap_years)
{
	/* Every fourth year, except centuries, except every fourth century. */
	cr_assert(date_valid("2024-02-29"));
	cr_assert(date_valid("2000-02-29"));
	cr_assert(date_valid("2400-02-29"));
	cr_assert_not(date_valid("2023-02-29"));
	cr_assert_not(date_valid("1900-02-29"));
	cr_assert_not(date_valid("2100-02-29"));
	cr_assert_not(date_valid("2024-02-30"));
	cr_assert(date_valid("2023-02-28"));
}

Test(dates, parse_invalid)
{
	static const char *const bad[] = {
		"", "2026", "2026-11", "2026-11-2", "2026-1-23", "26-11-23",
		"2026-11-23 ", " 2026-11-23", "2026-11-23x", "2026/11/23",
		"2026-13-01", "2026-00-10", "2026-11-00", "2026-11-31", "2026-04-31",
		"1899-12-31", "abcd-ef-gh", "+026-11-23", "2026-+1-23", "2026-11--3",
		"2026-11-2\xff", "２０２６-11-23", "2026-11-23\n",
	};
	int y = -1, m = -1, d = -1;
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		cr_assert_eq(date_parse(bad[i], &y, &m, &d), -1, "'%s' parsed", bad[i]);
		cr_assert_not(date_valid(bad[i]), "'%s' is valid", bad[i]);
	}
	/* A failed parse writes nothing. */
	cr_assert_eq(y, -1);
	cr_assert_not(date_valid(NULL));
}

Test(dates, days_of_known_dates)
{
	cr_assert_eq(date_days("1970-01-01"), 0);
	cr_assert_eq(date_days("1970-01-02"), 1);
	cr_assert_eq(date_days("1969-12-31"), -1);
	/* 30 years with 7 leap days: 30 * 365 + 7. */
	cr_assert_eq(date_days("2000-01-01"), 10957);
	/* January and a leap February later. */
	cr_assert_eq(date_days("2000-03-01"), 10957 + 31 + 29);
	cr_assert_eq(date_days("1900-01-01"), -25567);
	char out[DATE_LEN];
	date_from_days(0, out);
	cr_assert_str_eq(out, "1970-01-01");
	date_from_days(-1, out);
	cr_assert_str_eq(out, "1969-12-31");
	date_from_days(19782, out);
	cr_assert_str_eq(out, "2024-02-29");
}

Test(dates, round_trip)
{
	/* Every day from 1900 to 2100: to a date and back, each date valid
	 * and the next day's date greater (as text, which sorts by date). */
	long first = date_days("1900-01-01"), last = date_days("2100-12-31");
	cr_assert_eq(last - first + 1, 201 * 365 + 49, "days in 1900..2100");
	char prev[DATE_LEN] = "";
	for (long n = first; n <= last; n++) {
		char out[DATE_LEN];
		date_from_days(n, out);
		cr_assert(date_valid(out), "%ld gave '%s'", n, out);
		cr_assert_eq(date_days(out), n, "%ld -> %s -> %ld", n, out, date_days(out));
		cr_assert(strcmp(prev, out) < 0, "%s then %s", prev, out);
		memcpy(prev, out, DATE_LEN);
	}
}

Test(dates, out_of_range_days)
{
	/* Far beyond four digits: a fixed placeholder, not a long string. */
	char out[DATE_LEN];
	date_from_days(100000000L, out);
	cr_assert_str_eq(out, "0000-00-00");
	date_from_days(-100000000L, out);
	cr_assert_str_eq(out, "0000-00-00");
}

Test(dates, weekday)
{
	/* 0 Monday .. 6 Sunday. */
	cr_assert_eq(date_weekday("1970-01-01"), 3);   /* a Thursday */
	cr_assert_eq(date_weekday("1900-01-01"), 0);   /* a Monday, before 1970 */
	cr_assert_eq(date_weekday("1969-12-31"), 2);   /* a Wednesday */
	cr_assert_eq(date_weekday("2000-01-01"), 5);   /* a Saturday */
	cr_assert_eq(date_weekday("2024-02-29"), 3);   /* a Thursday */
	cr_assert_eq(date_weekday("2026-11-23"), 0);   /* a Monday */
	cr_assert_eq(date_weekday("2026-11-29"), 6);   /* a Sunday */
	/* Seven days on, the same day of the week. */
	for (long n = -800; n < 800; n++) {
		char a[DATE_LEN], b[DATE_LEN];
		date_from_days(n, a);
		date_from_days(n + 1, b);
		cr_assert_eq(date_weekday(b), (date_weekday(a) + 1) % 7, "%s, %s", a, b);
	}
}

Test(dates, time_of_day)
{
	static const char *const good[] = { "00:00", "09:30", "12:00", "23:59" };
	static const char *const bad[] = {
		"24:00", "12:60", "9:30", "09:3", "0930", "09.30", "09:30:00", "",
		"ab:cd", " 9:30", "-1:00", "09:-1", "99:99",
	};
	for (size_t i = 0; i < sizeof good / sizeof good[0]; i++)
		cr_assert_eq(time_of_day_valid(good[i]), 0, "'%s'", good[i]);
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		cr_assert_eq(time_of_day_valid(bad[i]), -1, "'%s'", bad[i]);
	cr_assert_eq(time_of_day_valid(NULL), -1);
}

Test(dates, today_override)
{
	char out[DATE_LEN];
	setenv("SIGNPOST_TODAY", "2026-11-23", 1);
	cr_assert_eq(date_today(out), 0);
	cr_assert_str_eq(out, "2026-11-23");
	/* Timestamps take the day, with the real time. */
	char ts[TIMESTAMP_LEN];
	timestamp_now(ts);
	cr_assert_eq(strlen(ts), 20);
	cr_assert(strncmp(ts, "2026-11-23T", 11) == 0, "%s", ts);
	cr_assert_eq(ts[19], 'Z');
	setenv("SIGNPOST_TODAY", "2000-02-29", 1);
	cr_assert_eq(date_today(out), 0);
	cr_assert_str_eq(out, "2000-02-29");
}

Test(dates, today_bad_override)
{
	static const char *const bad[] = { "tomorrow", "2026-02-30", "2026-11-23T00:00" };
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		char out[DATE_LEN] = "unchanged!";
		setenv("SIGNPOST_TODAY", bad[i], 1);
		cr_assert_eq(date_today(out), -1, "'%s' taken as today", bad[i]);
		/* A timestamp ignores a bad day and uses the real one. */
		char ts[TIMESTAMP_LEN];
		timestamp_now(ts);
		char day[DATE_LEN];
		memcpy(day, ts, 10);
		day[10] = '\0';
		cr_assert(date_valid(day), "%s", ts);
	}
}

Test(dates, today_unset)
{
	/* The real today: a valid date.  An empty value is unset. */
	char out[DATE_LEN];
	unsetenv("SIGNPOST_TODAY");
	cr_assert_eq(date_today(out), 0);
	cr_assert(date_valid(out), "%s", out);
	setenv("SIGNPOST_TODAY", "", 1);
	cr_assert_eq(date_today(out), 0);
	cr_assert(date_valid(out), "%s", out);
}

Test(dates, days_ago)
{
	static const struct { long days; const char *text; } cases[] = {
		{ -1, "in the future" }, { 0, "today" }, { 1, "yesterday" },
		{ 3, "3 days ago" }, { 13, "13 days ago" }, { 14, "2 weeks ago" },
		{ 60, "8 weeks ago" }, { 61, "2 months ago" }, { 729, "23 months ago" },
		{ 730, "2 years ago" },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char *s = days_ago_describe(cases[i].days);
		cr_assert_str_eq(s, cases[i].text, "%ld", cases[i].days);
		free(s);
	}
}

/* ---- Slugs ---------------------------------------------------------- */

TestSuite(slugs, .description = "stable ids");

Test(slugs, valid)
{
	static const char *const good[] = { "a", "abc-def", "a1", "1a", "0", "end-of-life" };
	static const char *const bad[] = {
		"", "-a", "a-", "A", "a_b", "a b", "a.b", "é", "caf\xc3\xa9", "a/b",
		"a\n",
	};
	for (size_t i = 0; i < sizeof good / sizeof good[0]; i++)
		cr_assert(slug_valid(good[i]), "'%s'", good[i]);
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		cr_assert_not(slug_valid(bad[i]), "'%s'", bad[i]);
	cr_assert_not(slug_valid(NULL));
	char s[SLUG_MAX + 2];
	memset(s, 'a', SLUG_MAX);
	s[SLUG_MAX] = '\0';
	cr_assert(slug_valid(s), "64 characters");
	s[SLUG_MAX] = 'a';
	s[SLUG_MAX + 1] = '\0';
	cr_assert_not(slug_valid(s), "65 characters");
}

static void expect_slug(const char *text, const char *expected)
{
	char *s = slug_make(text);
	cr_assert_not_null(s);
	cr_assert_str_eq(s, expected, "'%s' -> '%s'", text, s);
	free(s);
}

Test(slugs, make)
{
	expect_slug("Harbourside Bereavement Café", "harbourside-bereavement-cafe");
	expect_slug("St Brigid's", "st-brigids");
	expect_slug("St Brigid\u2019s", "st-brigids");
	expect_slug("O'Neil's Garden", "oneils-garden");
	expect_slug("Smith-Jones Hall", "smith-jones-hall");
	expect_slug("  Hello,  World!  ", "hello-world");
	expect_slug("Crêpe & Chat", "crepe-chat");
	expect_slug("ÀÉÎÕÜ ñ ç", "aeiou-n-c");
	expect_slug("Łódź", "lodz");
	expect_slug("Room 101", "room-101");
	expect_slug("!!!", "");
	expect_slug("", "");
	/* Not Latin: dropped, like punctuation. */
	expect_slug("日本 Garden", "garden");
	/* Invalid UTF-8 is a separator, not a crash. */
	expect_slug("caf\xff" "e", "caf-e");
}

Test(slugs, length_cap_and_no_trailing_dash)
{
	/* 100 letters: cut to 64. */
	char text[256];
	memset(text, 'a', 100);
	text[100] = '\0';
	char *s = slug_make(text);
	cr_assert_eq(strlen(s), SLUG_MAX);
	cr_assert(slug_valid(s));
	free(s);

	/* Words whose dashes fall at the cut: never a dash at the end, never
	 * past 64, and always a valid slug.  Try every alignment. */
	for (int first = 1; first <= 70; first++) {
		memset(text, 'b', (size_t)first);
		text[first] = '\0';
		strcat(text, " cd ef gh ij kl mn op qr st uv wx yz ab cd ef gh ij kl mn op");
		s = slug_make(text);
		cr_assert_not_null(s);
		size_t n = strlen(s);
		cr_assert(n <= SLUG_MAX, "%zu characters from a %d-letter first word", n, first);
		cr_assert(n > 0 && s[n - 1] != '-', "'%s' ends in a dash", s);
		cr_assert(slug_valid(s), "'%s' from slug_make is not a valid slug", s);
		free(s);
	}

	/* "a a a ...": the dash and the letter after it must both fit. */
	for (size_t i = 0; i < 100; i++) {
		text[2 * i] = 'a';
		text[2 * i + 1] = ' ';
	}
	text[200] = '\0';
	s = slug_make(text);
	cr_assert(strlen(s) <= SLUG_MAX, "%zu characters", strlen(s));
	cr_assert(slug_valid(s), "'%s'", s);
	free(s);
}

Test(slugs, made_slugs_are_valid)
{
	static const char *const texts[] = {
		"Harbourside Bereavement Café", "-leading", "trailing-", "--x--",
		"Ünïcödé", "ALL CAPS", "a", "9 to 5",
	};
	for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
		char *s = slug_make(texts[i]);
		cr_assert(slug_valid(s), "'%s' -> '%s'", texts[i], s);
		free(s);
	}
}

/* ---- Days ------------------------------------------------------------- */

TestSuite(days, .description = "sets of days: bit 0 Monday .. bit 6 Sunday");

static unsigned days_of(const char *s)
{
	unsigned d = 0xdead;
	cr_assert_eq(days_parse(s, &d), 0, "'%s' did not parse", s);
	return d;
}

Test(days, parse)
{
	cr_assert_eq(days_of("mon"), 1u << 0);
	cr_assert_eq(days_of("sun"), 1u << 6);
	cr_assert_eq(days_of("mon,thu"), (1u << 0) | (1u << 3));
	cr_assert_eq(days_of("mon, thu"), (1u << 0) | (1u << 3));
	cr_assert_eq(days_of("mon-fri"), 0x1fu);
	/* A range that wraps past Sunday: fri, sat, sun, mon. */
	cr_assert_eq(days_of("fri-mon"), (1u << 4) | (1u << 5) | (1u << 6) | (1u << 0));
	cr_assert_eq(days_of("wed-wed"), 1u << 2);
	cr_assert_eq(days_of("weekend"), (1u << 5) | (1u << 6));
	cr_assert_eq(days_of("weekdays"), 0x1fu);
	cr_assert_eq(days_of("all"), 0x7fu);
	cr_assert_eq(days_of("Monday"), 1u);
	cr_assert_eq(days_of("TUES"), 1u << 1);
	cr_assert_eq(days_of("weekend,mon"), 0x61u);
}

Test(days, parse_invalid)
{
	static const char *const bad[] = {
		"bogus", "", ",", "mo", "mon-", "-mon", "mon-bogus", "mon,bogus",
		"mondays", "mon--fri", "averyveryverylongday-mon",
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		unsigned d;
		cr_assert_eq(days_parse(bad[i], &d), -1, "'%s' parsed as %#x", bad[i], d);
	}
}

Test(days, names_and_describe)
{
	cr_assert_eq(day_parse("thu"), 3);
	cr_assert_eq(day_parse("Thursday"), 3);
	cr_assert_eq(day_parse("th"), -1);
	cr_assert_str_eq(day_name(0, 0), "mon");
	cr_assert_str_eq(day_name(6, 1), "Sunday");
	cr_assert_str_eq(day_name(7, 0), "?");
	static const struct { unsigned days; const char *text; } cases[] = {
		{ 0x7f, "every day" }, { 0x1f, "Mon-Fri" }, { 0x60, "Sat-Sun" },
		{ (1u << 1) | (1u << 3), "Tue, Thu" }, { 1u, "Mon" },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char *s = days_describe(cases[i].days);
		cr_assert_str_eq(s, cases[i].text);
		free(s);
	}
}
