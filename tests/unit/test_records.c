/* Unit tests of the client-reference guard (NHS numbers, email
 * addresses, UK phone numbers, and what a plain reference may be), and
 * of the smaller records: unmet needs, ONS4 wellbeing scores, and
 * listing flags.
 *
 * The directory is the bundled taxonomy with tests/data/referral-assets.yaml
 * (see test_referral.c); the personal-data file is opened beside it. */
#include "config.h"

#include "tests/unit/helpers.h"
#include "core/client_ref.h"
#include "core/personal.h"
#include "core/records.h"
#include "core/strlist.h"

#include <criterion/criterion.h>
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define TODAY "2026-05-01"

#define expect_error(err, want_kind, part) do { \
	cr_assert_eq((err)->kind, (want_kind), "error kind %d, wanted %d (%s)", \
		     (int)(err)->kind, (int)(want_kind), error_message(err)); \
	cr_assert(strstr(error_message(err), (part)) != NULL, \
		  "message '%s' does not say '%s'", error_message(err), (part)); \
} while (0)

/* ---- NHS numbers, worked out here ---------------------------------------- */

/* The modulus-11 check digit of nine digits, or 10 when there is none
 * (no valid NHS number starts with them). */
static int nhs_check_digit(const int d[9])
{
	int sum = 0;
	for (int i = 0; i < 9; i++)
		sum += d[i] * (10 - i);
	int check = 11 - sum % 11;
	return check == 11 ? 0 : check;
}

/* Nine digits from a number, most significant first. */
static void nine_digits(long n, int d[9])
{
	for (int i = 8; i >= 0; i--) {
		d[i] = (int)(n % 10);
		n /= 10;
	}
}

static void digits_text(const int *d, int count, char *out)
{
	for (int i = 0; i < count; i++)
		out[i] = (char)('0' + d[i]);
	out[count] = '\0';
}

/* A number written with separators: "943 476 5919" for sep ' '. */
static void grouped(const char *ten, char sep, char *out)
{
	sprintf(out, "%.3s%c%.3s%c%.4s", ten, sep, ten + 3, sep, ten + 6);
}

/* Valid NHS numbers, not starting with 0 (which would also look like a
 * phone number): 943 476 5919 (the well-known test number) and more
 * from a simple sequence of nine-digit starts. */
static int valid_nhs_numbers(char out[][11], int want)
{
	int n = 0;
	strcpy(out[n++], "9434765919");
	unsigned long seed = 12345;
	while (n < want) {
		seed = (seed * 1103515245UL + 12345UL) % 2147483648UL;
		long start = 100000000L + (long)(seed % 899999999UL);
		int d[10];
		nine_digits(start, d);
		int check = nhs_check_digit(d);
		if (check == 10)
			continue;
		d[9] = check;
		digits_text(d, 10, out[n++]);
	}
	return n;
}

/* ---- The guard ------------------------------------------------------------- */

TestSuite(client_ref, .description = "the client-reference guard");

/* The reference is refused, says why, and is not repeated back. */
static void expect_refused(const char *ref, const char *why)
{
	struct error err = ERROR_INIT;
	int rc = client_ref_check(ref, &err);
	cr_assert_eq(rc, -1, "'%s' was accepted", ref);
	expect_error(&err, ERROR_INPUT, why);
	const char *msg = error_message(&err);
	if (*ref)
		cr_assert_null(strstr(msg, ref), "the message repeats '%s': %s", ref, msg);
	/* Nor any four or more of its digits in a row. */
	char digits[256] = "";
	size_t n = 0;
	for (const char *p = ref; *p && n < sizeof digits - 1; p++)
		if (isdigit((unsigned char)*p))
			digits[n++] = *p;
	digits[n] = '\0';
	for (size_t i = 0; n >= 4 && i + 4 <= n; i++) {
		char four[5];
		memcpy(four, digits + i, 4);
		four[4] = '\0';
		if (strcmp(four, "0142") == 0)
			continue;   /* the message's own example, JS-0142 */
		cr_assert_null(strstr(msg, four), "the message repeats digits of '%s': %s",
			       ref, msg);
	}
	/* Nor the parts of an address. */
	const char *at = strchr(ref, '@');
	if (at && at[1])
		cr_assert_null(strstr(msg, at + 1), "the message repeats '%s': %s", at + 1, msg);
	error_clear(&err);
}

static void expect_accepted(const char *ref)
{
	struct error err = ERROR_INIT;
	int rc = client_ref_check(ref, &err);
	cr_assert_eq(rc, 0, "'%s' was refused: %s", ref, error_message(&err));
	cr_assert_eq(err.kind, ERROR_NONE);
}

#define NHS "holds an NHS number (ten digits that pass the NHS check): signpost must " \
	"never hold who a person is. Use the pseudonymous reference your service gives " \
	"them (like JS-0142)"
#define EMAIL "holds an email address"
#define PHONE "holds a UK phone number"

Test(client_ref, the_check_digit_agrees)
{
	char nums[40][11];
	int n = valid_nhs_numbers(nums, 40);
	for (int i = 0; i < n; i++) {
		int d[10];
		for (int j = 0; j < 10; j++)
			d[j] = nums[i][j] - '0';
		cr_assert(nhs_number_valid(d), "%s is valid", nums[i]);
		for (int wrong = 0; wrong < 10; wrong++) {
			if (wrong == d[9])
				continue;
			int e[10];
			memcpy(e, d, sizeof e);
			e[9] = wrong;
			cr_assert(!nhs_number_valid(e), "%s with last digit %d is not valid",
				  nums[i], wrong);
		}
	}
	/* 943 476 5919 worked by hand: 9*10 + 4*9 + 3*8 + 4*7 + 7*6 + 6*5 +
	 * 5*4 + 9*3 + 1*2 = 299; 299 % 11 = 2; 11 - 2 = 9. */
	int known[10] = { 9, 4, 3, 4, 7, 6, 5, 9, 1, 9 };
	cr_assert(nhs_number_valid(known));
	/* A remainder of 1 gives a check digit of 10: no valid number. */
	int ten[10] = { 1, 0, 0, 0, 0, 0, 0, 0, 0, 0 };
	cr_assert_eq(nhs_check_digit(ten), 1);
	while (nhs_check_digit(ten) != 10)
		ten[8]++;   /* 10 + 2 * 1 = 12, and 12 % 11 = 1 */
	cr_assert_eq(ten[8], 1);
	for (ten[9] = 0; ten[9] < 10; ten[9]++)
		cr_assert(!nhs_number_valid(ten));
}

Test(client_ref, valid_nhs_numbers_are_refused_however_written)
{
	char nums[12][11];
	int n = valid_nhs_numbers(nums, 12);
	cr_assert_eq(n, 12);
	for (int i = 0; i < n; i++) {
		char buf[64];
		expect_refused(nums[i], NHS);
		snprintf(buf, sizeof buf, "JS%.10s", nums[i]);
		expect_refused(buf, NHS);
		snprintf(buf, sizeof buf, "%.10sX", nums[i]);
		expect_refused(buf, NHS);
		snprintf(buf, sizeof buf, "JS-%.10s-2", nums[i]);
		expect_refused(buf, NHS);
		grouped(nums[i], ' ', buf);
		expect_refused(buf, NHS);
		grouped(nums[i], '-', buf);
		expect_refused(buf, NHS);
		char g[16];
		grouped(nums[i], '-', g);
		snprintf(buf, sizeof buf, "ref-%s", g);
		expect_refused(buf, NHS);
		grouped(nums[i], '_', buf);
		expect_refused(buf, NHS);
		grouped(nums[i], '.', buf);
		expect_refused(buf, NHS);
	}
	expect_refused("943 476 5919", NHS);
	expect_refused("943-476-5919", NHS);
	expect_refused("JS9434765919", NHS);
	expect_refused("9434765919", NHS);
	expect_refused("nhs_943_476_5919", NHS);
	expect_refused("(943) 476 5919", NHS);
	/* Inside a longer run of digits, too. */
	expect_refused("1234 9434765919", NHS);
	expect_refused("A-99434765919", NHS);
}

Test(client_ref, invalid_nhs_numbers_are_not_nhs_numbers)
{
	/* 943 476 5919 with every other check digit: ten digits, but no NHS
	 * number, no phone number: a plain reference. */
	for (char c = '0'; c <= '9'; c++) {
		if (c == '9')
			continue;
		char ref[16] = "943476591";
		ref[9] = c;
		ref[10] = '\0';
		expect_accepted(ref);
		char dashed[16];
		grouped(ref, '-', dashed);
		expect_accepted(dashed);
	}
	/* Nine digits whose check digit would be 10, with each last digit. */
	int d[10] = { 1, 0, 0, 0, 0, 0, 0, 0, 0, 0 };
	while (nhs_check_digit(d) != 10)
		d[8]++;
	for (d[9] = 0; d[9] < 10; d[9]++) {
		char ref[11];
		digits_text(d, 10, ref);
		struct error err = ERROR_INIT;
		cr_assert_eq(client_ref_check(ref, &err), 0, "'%s': %s", ref, error_message(&err));
	}
	/* Nine digits are not enough; letters split a number. */
	expect_accepted("943476591");
	expect_accepted("JS943476591");
	expect_accepted("943A4765919");
	expect_accepted("94347X65919");
}

Test(client_ref, email_addresses_are_refused)
{
	expect_refused("jo@example.org", EMAIL);
	expect_refused("JS-0142@example.org", EMAIL);
	expect_refused("a@b", EMAIL);
	expect_refused("j.smith@nhs.net", EMAIL);
	expect_refused("x_y@example.co.uk", EMAIL);
	expect_refused("@", EMAIL);
}

Test(client_ref, uk_phone_numbers_are_refused)
{
	const char *phones[] = {
		"07700 900123", "07700900123", "07700-900-123", "07700_900123",
		"01632 960123", "01632960123", "(01632) 960123", "0161 496 0000",
		"020 7946 0123", "02079460123", "020-7946-0123",
		"+44 7700 900123", "+447700900123", "447700900123", "44 20 7946 0000",
		"+44 20 7946 0000", "+44 (0)20 7946 0123",
		"JS-07700900123", "JS07700900123", "tel07700900123",
		"JS-2024-07700900123", "99-07700-900123", "55_07700_900123",
	};
	for (size_t i = 0; i < sizeof phones / sizeof phones[0]; i++)
		expect_refused(phones[i], PHONE);
	/* 020 7946 0000's first ten digits, 0207946000, also pass the NHS
	 * check: refused either way, for one reason or the other. */
	const char *both[] = { "020 7946 0000", "02079460000", "020-7946-0000" };
	for (size_t i = 0; i < sizeof both / sizeof both[0]; i++)
		expect_refused(both[i], "signpost must never hold who a person is");
}

Test(client_ref, plain_references_are_accepted)
{
	const char *good[] = {
		"JS-0142", "abc_123", "A", "7", "R2D2", "2024-001", "ZZ-99-XX", "0142",
		"123456789", "LW3_client-17", "x-", "-", "_",
		"ABCDEFGHIJKLMNOPQRSTUVWXYZ012345",   /* 32 */
		"01234", "07700", "077009001X",
	};
	for (size_t i = 0; i < sizeof good / sizeof good[0]; i++)
		expect_accepted(good[i]);
	cr_assert_eq(strlen(good[13]), 32);
}

Test(client_ref, length_and_characters)
{
	expect_refused("", "a client reference is needed (like JS-0142)");
	struct error err = ERROR_INIT;
	cr_assert_eq(client_ref_check(NULL, &err), -1);
	expect_error(&err, ERROR_INPUT, "a client reference is needed");
	error_clear(&err);

	char ref[64];
	memset(ref, 'A', 33);
	ref[33] = '\0';
	expect_refused(ref, "a client reference is at most 32 characters");
	memset(ref, 'b', 60);
	ref[60] = '\0';
	expect_refused(ref, "at most 32 characters");

	const char *bad[] = {
		"JS 0142", "JS.0142", "JS/0142", "J\xc3\xa9-0142", "\xe5\x90\x8d\xe5\x89\x8d",
		"JS\t0142", "JS\n0142", "JS;0142", "JS'0142", "JS\"0142", "JS\x1b[0m",
		"JS+0142", "JS:0142", "JS,0142", "JS*", "JS%s%n", "\xff",
		"JS\xe2\x80\xae" "2410",   /* a bidi override */
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		expect_refused(bad[i], "a client reference is letters, digits, '-' and '_' "
			       "only (like JS-0142)");
}

/* ---- Unmet needs ------------------------------------------------------------ */

static struct store *dir, *per;

static void open_stores(void)
{
	dir = th_directory_taxonomy();
	th_import_data(dir, "referral-assets.yaml");
	char *path = th_path("directory.db");
	struct error err = ERROR_INIT;
	int rc = personal_open(path, STORE_CREATE, &per, &err);
	cr_assert_eq(rc, 0, "cannot open the personal-data file: %s", error_message(&err));
	free(path);
}

static void close_stores(void)
{
	store_close(per);
	store_close(dir);
	per = dir = NULL;
}

static long count(struct store *s, const char *sql)
{
	return th_count(s, sql);
}

TestSuite(unmet, .init = open_stores, .fini = close_stores,
	  .description = "unmet needs: needs, locality and note, no client");

static void expect_unmet_refused(const struct strlist *needs, const char *locality,
				 const char *note, const char *part)
{
	struct error err = ERROR_INIT;
	long before = count(per, "SELECT count(*) FROM unmet_need");
	long links = count(per, "SELECT count(*) FROM unmet_need_need");
	long id = -7;
	cr_assert_eq(unmet_need_log(per, dir, needs, locality, note, "alice", TODAY, &id,
				    &err), -1, "allowed: %s", part);
	expect_error(&err, ERROR_INPUT, part);
	cr_assert_eq(count(per, "SELECT count(*) FROM unmet_need"), before);
	cr_assert_eq(count(per, "SELECT count(*) FROM unmet_need_need"), links);
	error_clear(&err);
}

Test(unmet, writes_the_rows)
{
	struct strlist needs = STRLIST_INIT;
	strlist_add(&needs, "bereavement-child");
	strlist_add(&needs, "young-people");
	strlist_add(&needs, "bereavement-child");
	struct error err = ERROR_INIT;
	long id = 0;
	cr_assert_eq(unmet_need_log(per, dir, &needs, "saltings", "Nothing for a grieving "
				    "teenager near Saltings", "alice", TODAY, &id, &err), 0,
		     "%s", error_message(&err));
	cr_assert_gt(id, 0);
	char sql[256];
	snprintf(sql, sizeof sql, "SELECT count(*) FROM unmet_need WHERE id = %ld AND "
		 "locality = 'saltings' AND note = 'Nothing for a grieving teenager near "
		 "Saltings' AND worker = 'alice' AND created_on = '" TODAY "' AND "
		 "length(created_at) = 20", id);
	cr_assert_eq(count(per, sql), 1);
	snprintf(sql, sizeof sql, "SELECT group_concat(need, ',') FROM (SELECT need FROM "
		 "unmet_need_need WHERE unmet = %ld ORDER BY need)", id);
	sqlite3_stmt *stmt;
	cr_assert_eq(sqlite3_prepare_v2(store_db(per), sql, -1, &stmt, NULL), SQLITE_OK);
	cr_assert_eq(sqlite3_step(stmt), SQLITE_ROW);
	cr_assert_str_eq((const char *)sqlite3_column_text(stmt, 0),
			 "bereavement-child,young-people", "each need once");
	sqlite3_finalize(stmt);

	/* No locality, no note: still logged. */
	strlist_clear(&needs);
	strlist_add(&needs, "debt-advice");
	long id2 = 0;
	cr_assert_eq(unmet_need_log(per, dir, &needs, NULL, NULL, "bob", TODAY, &id2, &err), 0,
		     "%s", error_message(&err));
	cr_assert_eq(id2, id + 1);
	cr_assert_eq(count(per, "SELECT count(*) FROM unmet_need WHERE locality IS NULL AND "
			   "note IS NULL AND worker = 'bob'"), 1);
	cr_assert_eq(count(per, "SELECT count(*) FROM unmet_need_need"), 3);

	/* No client reference anywhere in it; nothing in the directory. */
	cr_assert_eq(count(per, "SELECT count(*) FROM pragma_table_info('unmet_need') "
			   "WHERE name LIKE '%client%'"), 0);
	cr_assert_eq(count(dir, "SELECT count(*) FROM sqlite_schema WHERE name LIKE "
			   "'unmet%'"), 0);
	strlist_clear(&needs);
	error_clear(&err);
}

Test(unmet, refusals)
{
	struct strlist needs = STRLIST_INIT;
	expect_unmet_refused(NULL, NULL, NULL, "which need went unmet? give at least one");
	expect_unmet_refused(&needs, "harbourside", NULL, "which need went unmet?");
	strlist_add(&needs, "lonelyness");
	expect_unmet_refused(&needs, NULL, NULL, "unknown need 'lonelyness': did you mean "
			     "'loneliness'?");
	strlist_clear(&needs);
	strlist_add(&needs, "loneliness");
	strlist_add(&needs, "no-such-need-at-all");
	expect_unmet_refused(&needs, NULL, NULL, "unknown need 'no-such-need-at-all'");
	strlist_clear(&needs);
	strlist_add(&needs, "loneliness");
	expect_unmet_refused(&needs, "harboursid", NULL, "unknown locality 'harboursid': "
			     "did you mean 'harbourside'?");
	expect_unmet_refused(&needs, "atlantis", NULL, "unknown locality 'atlantis'");
	expect_unmet_refused(&needs, "harbourside", "bell\a", "the note holds a control "
			     "character (U+0007)");
	/* A locality is not a need, nor a need a locality. */
	expect_unmet_refused(&needs, "walking", NULL, "unknown locality 'walking'");
	strlist_clear(&needs);
	strlist_add(&needs, "harbourside");
	expect_unmet_refused(&needs, NULL, NULL, "unknown need 'harbourside'");
	strlist_clear(&needs);
}

/* ---- Wellbeing ------------------------------------------------------------- */

TestSuite(ons4, .description = "parsing ONS4 scores");

static void expect_ons4(const char *text, int a, int b, int c, int d)
{
	struct ons4 s = { -1, -1, -1, -1 };
	struct error err = ERROR_INIT;
	cr_assert_eq(ons4_parse(text, &s, &err), 0, "'%s': %s", text, error_message(&err));
	cr_assert(s.life_satisfaction == a && s.worthwhile == b && s.happiness == c &&
		  s.anxiety == d, "'%s' gave %d,%d,%d,%d", text, s.life_satisfaction,
		  s.worthwhile, s.happiness, s.anxiety);
}

static void expect_bad_ons4(const char *text, const char *part)
{
	struct ons4 s;
	struct error err = ERROR_INIT;
	cr_assert_eq(ons4_parse(text, &s, &err), -1, "'%s' was taken", text ? text : "(null)");
	expect_error(&err, ERROR_INPUT, part);
	error_clear(&err);
}

Test(ons4, good)
{
	expect_ons4("6,7,5,4", 6, 7, 5, 4);
	expect_ons4("6, 7, 5, 4", 6, 7, 5, 4);
	expect_ons4(" 6 ,7 , 5,4 ", 6, 7, 5, 4);
	expect_ons4("0,0,0,0", 0, 0, 0, 0);
	expect_ons4("10,10,10,10", 10, 10, 10, 10);
	expect_ons4("0,10,0,10", 0, 10, 0, 10);
}

#define RANGE "ONS4 scores are four whole numbers from 0 to 10, separated by commas " \
	"(life satisfaction, worthwhile, happiness, anxiety), like 6,7,5,4"
#define COMMAS "ONS4 needs four scores separated by commas, like 6,7,5,4"
#define NO_MORE "ONS4 is four scores, no more: like 6,7,5,4"

Test(ons4, bad)
{
	expect_bad_ons4("11,0,0,0", RANGE);
	expect_bad_ons4("0,0,0,11", RANGE);
	expect_bad_ons4("-1,5,5,5", RANGE);
	expect_bad_ons4("5,5,5,-1", RANGE);
	expect_bad_ons4("99999999999999999999,0,0,0", RANGE);
	expect_bad_ons4("a,b,c,d", RANGE);
	expect_bad_ons4("", RANGE);
	expect_bad_ons4(NULL, RANGE);
	expect_bad_ons4("1,2,3,", RANGE);
	expect_bad_ons4("1,,2,3", RANGE);
	expect_bad_ons4(",1,2,3", RANGE);
	expect_bad_ons4("1,2,3", COMMAS);
	expect_bad_ons4("1;2;3;4", COMMAS);
	expect_bad_ons4("1 2 3 4", COMMAS);
	expect_bad_ons4("1.5,2,3,4", COMMAS);
	expect_bad_ons4("1,2,3,4,5", NO_MORE);
	expect_bad_ons4("1,2,3,4,", NO_MORE);
	expect_bad_ons4("1,2,3,4x", NO_MORE);
	expect_bad_ons4("1,2,3,4.0", NO_MORE);
}

TestSuite(wellbeing, .init = open_stores, .fini = close_stores,
	  .description = "recording ONS4 scores for a client reference");

static int record(const char *client, int a, int b, int c, int d, const char *on,
		  const char *worker, struct error *err)
{
	struct ons4 s = { a, b, c, d };
	long id = 0;
	return wellbeing_record(per, client, &s, on, worker, TODAY, &id, err);
}

static void expect_record_refused(const char *client, int a, int b, int c, int d,
				  const char *on, const char *part)
{
	struct error err = ERROR_INIT;
	long before = count(per, "SELECT count(*) FROM wellbeing");
	cr_assert_eq(record(client, a, b, c, d, on, "alice", &err), -1, "allowed: %s", part);
	expect_error(&err, ERROR_INPUT, part);
	cr_assert_eq(count(per, "SELECT count(*) FROM wellbeing"), before);
	error_clear(&err);
}

Test(wellbeing, range_date_and_client_checks)
{
	int bad[] = { -1, 11, 100, -100 };
	for (int pos = 0; pos < 4; pos++)
		for (int i = 0; i < 4; i++) {
			int s[4] = { 5, 5, 5, 5 };
			s[pos] = bad[i];
			expect_record_refused("JS-0142", s[0], s[1], s[2], s[3], TODAY,
					      "ONS4 scores run from 0 to 10");
		}
	expect_record_refused("JS-0142", 5, 5, 5, 5, "2026-05-02", "the scores' date "
			      "2026-05-02 is in the future (today is 2026-05-01)");
	expect_record_refused("JS-0142", 5, 5, 5, 5, "2027-01-01", "is in the future");
	expect_record_refused("JS-0142", 5, 5, 5, 5, "2026-02-30", "'2026-02-30' is not a "
			      "date (YYYY-MM-DD)");
	expect_record_refused("JS-0142", 5, 5, 5, 5, "today", "is not a date");
	expect_record_refused("9434765919", 5, 5, 5, 5, TODAY, "holds an NHS number");
	expect_record_refused("943 476 5919", 5, 5, 5, 5, TODAY, "holds an NHS number");
	expect_record_refused("jo@example.org", 5, 5, 5, 5, TODAY, "holds an email address");
	expect_record_refused("07700900123", 5, 5, 5, 5, TODAY, "holds a UK phone number");
	expect_record_refused("JS 0142", 5, 5, 5, 5, TODAY, "letters, digits");
	expect_record_refused("", 5, 5, 5, 5, TODAY, "a client reference is needed");
	cr_assert_eq(count(per, "SELECT count(*) FROM wellbeing"), 0);

	struct error err = ERROR_INIT;
	cr_assert_eq(record("JS-0142", 0, 10, 0, 10, TODAY, "alice", &err), 0, "%s",
		     error_message(&err));
	cr_assert_eq(record("JS-0142", 5, 5, 5, 5, "2019-12-31", "alice", &err), 0, "%s",
		     error_message(&err));
	cr_assert_eq(count(per, "SELECT count(*) FROM wellbeing"), 2);
	cr_assert_eq(count(dir, "SELECT count(*) FROM sqlite_schema WHERE name LIKE "
			   "'wellbeing%'"), 0, "nothing of it in the directory");
	error_clear(&err);
}

Test(wellbeing, for_client_oldest_first)
{
	struct error err = ERROR_INIT;
	cr_assert_eq(record("JS-0142", 6, 7, 5, 4, "2026-03-01", "alice", &err), 0);
	cr_assert_eq(record("JS-0142", 3, 3, 3, 9, "2026-01-15", "bob", &err), 0);
	cr_assert_eq(record("JS-9999", 1, 1, 1, 1, "2026-02-01", "bob", &err), 0);
	cr_assert_eq(record("JS-0142", 8, 8, 7, 2, "2026-05-01", "alice", &err), 0);
	cr_assert_eq(record("JS-0142", 7, 7, 7, 3, "2026-03-01", "carol", &err), 0);

	struct wellbeing_rows rows;
	cr_assert_eq(wellbeing_for_client(per, "JS-0142", &rows, &err), 0, "%s",
		     error_message(&err));
	cr_assert_eq(rows.count, 4);
	const char *dates[] = { "2026-01-15", "2026-03-01", "2026-03-01", "2026-05-01" };
	const char *workers[] = { "bob", "alice", "carol", "alice" };
	int first[] = { 3, 6, 7, 8 };
	for (size_t i = 0; i < rows.count; i++) {
		cr_assert_str_eq(rows.row[i].on_date, dates[i], "row %zu", i);
		cr_assert_str_eq(rows.row[i].worker, workers[i], "row %zu", i);
		cr_assert_eq(rows.row[i].scores.life_satisfaction, first[i], "row %zu", i);
	}
	const struct ons4 *last = &rows.row[3].scores;
	cr_assert(last->worthwhile == 8 && last->happiness == 7 && last->anxiety == 2);
	wellbeing_rows_free(&rows);

	cr_assert_eq(wellbeing_for_client(per, "JS-0000", &rows, &err), 0);
	cr_assert_eq(rows.count, 0);
	wellbeing_rows_free(&rows);
	error_clear(&err);
}

/* ---- Listing flags --------------------------------------------------------- */

TestSuite(flag, .init = open_stores, .fini = close_stores,
	  .description = "listing flags, in the directory file");

Test(flag, reasons)
{
	static const char *const names[] = { "closed", "wrong-details", "full", "other" };
	for (int i = 0; i < FLAG_REASON_COUNT; i++) {
		enum flag_reason r;
		cr_assert_str_eq(flag_reason_name((enum flag_reason)i), names[i]);
		cr_assert_eq(flag_reason_parse(names[i], &r), 0);
		cr_assert_eq((int)r, i);
	}
	enum flag_reason r;
	cr_assert_eq(flag_reason_parse("gone", &r), -1);
	cr_assert_eq(flag_reason_parse("Closed", &r), -1);
	cr_assert_eq(flag_reason_parse("", &r), -1);
	cr_assert_eq(flag_reason_parse(NULL, &r), -1);
	cr_assert_str_eq(flag_reason_name(FLAG_REASON_COUNT), "unknown");
}

static void expect_flag_refused(const char *asset, enum flag_reason reason,
				const char *note, enum error_kind kind, const char *part)
{
	struct error err = ERROR_INIT;
	long before = count(dir, "SELECT count(*) FROM flag");
	long id = -7;
	cr_assert_eq(flag_raise(dir, asset, reason, note, "alice", &id, &err), -1,
		     "allowed: %s", part);
	expect_error(&err, kind, part);
	cr_assert_eq(count(dir, "SELECT count(*) FROM flag"), before);
	error_clear(&err);
}

Test(flag, raised_in_the_directory_file)
{
	struct error err = ERROR_INIT;
	long id = 0;
	cr_assert_eq(flag_raise(dir, "quay-walking-group", FLAG_CLOSED, NULL, "alice", &id,
				&err), 0, "%s", error_message(&err));
	cr_assert_gt(id, 0);
	cr_assert_eq(flag_raise(dir, "old-town-lunch-club", FLAG_FULL, "Waiting list till "
				"June", "bob", &id, &err), 0, "%s", error_message(&err));
	cr_assert_eq(flag_raise(dir, "old-town-lunch-club", FLAG_WRONG_DETAILS, NULL, "bob",
				&id, &err), 0, "%s", error_message(&err));
	cr_assert_eq(flag_raise(dir, "tidemill-bereavement-circle", FLAG_OTHER, "Meets "
				"fortnightly now, not monthly", "carol", &id, &err), 0, "%s",
		     error_message(&err));
	cr_assert_eq(count(dir, "SELECT count(*) FROM flag"), 4);
	cr_assert_eq(count(dir, "SELECT count(*) FROM flag f JOIN asset a ON a.num = f.asset "
			   "WHERE a.id = 'quay-walking-group' AND f.reason = 'closed' AND "
			   "f.note IS NULL AND f.raised_by = 'alice' AND length(f.raised_at) = 20 "
			   "AND f.resolved_at IS NULL AND f.resolved_by IS NULL"), 1);
	cr_assert_eq(count(dir, "SELECT count(*) FROM flag f JOIN asset a ON a.num = f.asset "
			   "WHERE a.id = 'tidemill-bereavement-circle' AND f.reason = 'other' "
			   "AND f.note = 'Meets fortnightly now, not monthly' AND "
			   "f.raised_by = 'carol'"), 1);
	cr_assert_eq(count(dir, "SELECT count(*) FROM flag f JOIN asset a ON a.num = f.asset "
			   "WHERE a.id = 'old-town-lunch-club'"), 2);
	/* The personal-data file holds none of it. */
	cr_assert_eq(count(per, "SELECT count(*) FROM sqlite_schema WHERE name LIKE "
			   "'flag%'"), 0);
	cr_assert_eq(count(dir, "SELECT count(*) FROM sqlite_schema WHERE name = 'flag'"), 1);
	error_clear(&err);
}

Test(flag, refusals)
{
	expect_flag_refused("quay-walking-group", FLAG_OTHER, NULL, ERROR_INPUT,
			    "a flag for 'other' needs a note saying what is wrong with "
			    "the listing");
	expect_flag_refused("quay-walking-group", FLAG_OTHER, "", ERROR_INPUT,
			    "a flag for 'other' needs a note");
	expect_flag_refused("nope", FLAG_CLOSED, NULL, ERROR_NOT_FOUND,
			    "no asset with the id 'nope'");
	expect_flag_refused("", FLAG_FULL, NULL, ERROR_NOT_FOUND, "no asset with the id ''");
	expect_flag_refused("quay-walking-group", FLAG_FULL, "\x1b]0;pwned\a", ERROR_INPUT,
			    "the note holds a control character (U+001B)");
	expect_flag_refused("quay-walking-group", FLAG_WRONG_DETAILS, "one\ntwo\x7f",
			    ERROR_INPUT, "the note holds a control character (U+007F)");
}

Test(flag, cannot_be_deleted)
{
	struct error err = ERROR_INIT;
	long id = 0;
	cr_assert_eq(flag_raise(dir, "quay-walking-group", FLAG_FULL, NULL, "alice", &id, &err),
		     0, "%s", error_message(&err));
	const char *sqls[] = { "DELETE FROM flag", "DELETE FROM flag WHERE id = 1" };
	for (int i = 0; i < 2; i++) {
		char *msg = NULL;
		cr_assert_neq(sqlite3_exec(store_db(dir), sqls[i], NULL, NULL, &msg), SQLITE_OK,
			      "%s was allowed", sqls[i]);
		cr_assert(msg && strstr(msg, "flags are resolved, never deleted"), "%s: %s",
			  sqls[i], msg ? msg : "");
		sqlite3_free(msg);
	}
	cr_assert_eq(count(dir, "SELECT count(*) FROM flag"), 1);
	/* Resolving is the way out: both who and when, or neither. */
	char *msg = NULL;
	cr_assert_neq(sqlite3_exec(store_db(dir), "UPDATE flag SET resolved_at = "
				   "'2026-05-02T10:00:00Z'", NULL, NULL, &msg), SQLITE_OK);
	sqlite3_free(msg);
	cr_assert_eq(sqlite3_exec(store_db(dir), "UPDATE flag SET resolved_at = "
				  "'2026-05-02T10:00:00Z', resolved_by = 'vol'", NULL, NULL, NULL),
		     SQLITE_OK);
	cr_assert_eq(count(dir, "SELECT count(*) FROM flag WHERE resolved_by = 'vol'"), 1);
	error_clear(&err);
}
