/* Roles, the audit and the data protection duties, in the core: each
 * role is allowed and refused exactly what issue 7 says, whatever face
 * (command line or browser) asks.
 *
 * The fixture: the bundled taxonomy with tests/data/referral-assets.yaml,
 * and these users:
 *   ada   admin
 *   val   volunteer
 *   lin   link-worker, team north
 *   lou   link-worker, team north
 *   lee   link-worker, no team
 *   cora  coordinator
 * Each test acts as one of them (as()), on both files. */
#include "config.h"

#include "tests/unit/helpers.h"
#include "core/access.h"
#include "core/audit.h"
#include "core/flags.h"
#include "core/personal.h"
#include "core/privacy.h"
#include "core/records.h"
#include "core/referral.h"
#include "core/referral_log.h"
#include "core/report.h"
#include "core/yaml_import.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define TODAY "2026-11-23"

static struct store *dir, *per;
static struct actor actor;

static void add_user(const char *login, enum role role, const char *team)
{
	struct error err = ERROR_INIT;
	cr_assert_eq(user_add(dir, login, role, team, &err), 0, "user_add %s: %s", login,
		     error_message(&err));
}

static void open_stores(void)
{
	setenv("SIGNPOST_TODAY", TODAY, 1);
	dir = th_directory_taxonomy();
	th_import_data(dir, "referral-assets.yaml");
	char *path = th_path("directory.db");
	struct error err = ERROR_INIT;
	cr_assert_eq(personal_open(path, STORE_CREATE, &per, &err), 0, "%s",
		     error_message(&err));
	free(path);
	add_user("ada", ROLE_ADMIN, NULL);
	add_user("val", ROLE_VOLUNTEER, NULL);
	add_user("lin", ROLE_LINK_WORKER, "north");
	add_user("lou", ROLE_LINK_WORKER, "north");
	add_user("lee", ROLE_LINK_WORKER, NULL);
	add_user("cora", ROLE_COORDINATOR, NULL);
}

static void close_stores(void)
{
	actor_clear(&actor);
	store_close(per);
	store_close(dir);
	per = dir = NULL;
}

/* From now on, login does what is done to both files. */
static void as(const char *login)
{
	store_set_actor(dir, NULL);
	store_set_actor(per, NULL);
	actor_clear(&actor);
	struct error err = ERROR_INIT;
	cr_assert_eq(access_identify(dir, login, &actor, &err), 0, "identify %s: %s", login,
		     error_message(&err));
	store_set_actor(dir, &actor);
	store_set_actor(per, &actor);
}

#define expect_denied(call, part) do { \
	struct error e_ = ERROR_INIT; \
	struct error *err_ = &e_; \
	(void)err_; \
	int rc_ = (call); \
	cr_expect_eq(rc_, -1, "%s was allowed", #call); \
	cr_expect_eq(e_.kind, ERROR_DENIED, "%s: kind %d (%s)", #call, (int)e_.kind, \
		     error_message(&e_)); \
	cr_expect(strstr(error_message(&e_), (part)) != NULL, "%s: '%s' lacks '%s'", #call, \
		  error_message(&e_), (part)); \
	error_clear(&e_); \
} while (0)

#define expect_ok(call) do { \
	struct error e_ = ERROR_INIT; \
	struct error *err_ = &e_; \
	(void)err_; \
	cr_expect_eq((call), 0, "%s: %s", #call, error_message(&e_)); \
	error_clear(&e_); \
} while (0)

static long refer(const char *client, const char *asset)
{
	struct referral_new r = {
		.client = client, .asset_id = asset, .note = "a note about them",
		.worker = actor.login, .today = TODAY, .follow_up_days = 14,
	};
	struct error err = ERROR_INIT;
	long id = 0;
	cr_assert_eq(referral_create(per, dir, &r, &id, &err), 0, "refer as %s: %s",
		     actor.login, error_message(&err));
	return id;
}

/* ---- The rules ---------------------------------------------------------------- */

Test(roles, each_role_may_do_what_the_issue_says)
{
	/* Written out again from issue 7, not from access.c's table. */
	static const struct { enum role role; const char *may; } rules[] = {
		{ ROLE_READER, "S........" },
		{ ROLE_VOLUNTEER, "SFE......" },
		{ ROLE_LINK_WORKER, "SF.R....." },
		{ ROLE_COORDINATOR, "SFERAPIX." },
		{ ROLE_ADMIN, "SFERAPIXM" },
	};
	static const enum permission order[] = {
		PERM_SEARCH, PERM_FLAG, PERM_EDIT_LISTINGS, PERM_REFER, PERM_ALL_REFERRALS,
		PERM_REPORTS, PERM_IN_FULL, PERM_PRIVACY, PERM_ADMIN,
	};
	cr_assert_eq(sizeof order / sizeof order[0], PERM_COUNT);
	for (size_t r = 0; r < sizeof rules / sizeof rules[0]; r++) {
		struct actor a = { .login = "x", .role = rules[r].role };
		for (size_t p = 0; p < PERM_COUNT; p++) {
			int want = rules[r].may[p] != '.';
			cr_expect_eq(access_allows(&a, order[p]), want, "%s: %s is %s",
				     role_name(rules[r].role), permission_what(order[p]),
				     want ? "refused" : "allowed");
		}
	}
}

Test(roles, names_round_trip_and_a_reader_is_no_role_to_give)
{
	enum role r;
	for (int i = ROLE_VOLUNTEER; i < ROLE_COUNT; i++) {
		cr_expect_eq(role_parse(role_name((enum role)i), &r), 0);
		cr_expect_eq(r, (enum role)i);
	}
	cr_expect_eq(role_parse("reader", &r), -1);
	cr_expect_eq(role_parse("Admin", &r), -1);
	cr_expect_eq(role_parse("", &r), -1);
}

/* ---- Who is who ---------------------------------------------------------------- */

Test(identify, a_directory_with_no_users_is_one_persons)
{
	dir = th_directory_taxonomy();
	struct error err = ERROR_INIT;
	cr_assert_eq(access_identify(dir, "anyone", &actor, &err), 0);
	cr_expect(actor.alone);
	cr_expect_eq(actor.role, ROLE_ADMIN);
	cr_expect_null(actor.sees);
	store_set_actor(dir, &actor);
	/* The first user must be an admin, or no one could manage it. */
	cr_expect_eq(user_add(dir, "bob", ROLE_VOLUNTEER, NULL, &err), -1);
	cr_expect(strstr(error_message(&err), "first user") != NULL, "%s", error_message(&err));
	error_clear(&err);
	actor_clear(&actor);
	store_close(dir);
}

Test(identify, a_stranger_is_refused_and_told_whom_to_ask, .init = open_stores,
     .fini = close_stores)
{
	struct error err = ERROR_INIT;
	cr_expect_eq(access_identify(dir, "mallory", &actor, &err), -1);
	cr_expect_eq(err.kind, ERROR_DENIED);
	cr_expect(strstr(error_message(&err), "mallory is not a user") != NULL, "%s",
		  error_message(&err));
	cr_expect(strstr(error_message(&err), "ask ada") != NULL, "%s", error_message(&err));
	error_clear(&err);
	as("ada");
	expect_ok(policy_set(dir, "unknown-users", "search", err_));
	store_set_actor(dir, NULL);
	actor_clear(&actor);
	cr_assert_eq(access_identify(dir, "mallory", &actor, &err), 0);
	cr_expect_eq(actor.role, ROLE_READER);
	store_set_actor(dir, &actor);
	store_set_actor(per, &actor);
	expect_denied(personal_open_as(dir, 0, &(struct store *){ NULL }, err_), "not a user");
	expect_denied(flag_raise(dir, "quay-walking-group", FLAG_FULL, NULL, "mallory",
				 &(long){ 0 }, err_), "may only search");
}

Test(identify, link_workers_see_their_own_or_their_teams, .init = open_stores,
     .fini = close_stores)
{
	as("lin");
	cr_expect(access_sees(&actor, "lin"));
	cr_expect_not(access_sees(&actor, "lou"));
	as("ada");
	expect_ok(policy_set(dir, "team-referrals", "yes", err_));
	as("lin");
	cr_expect(access_sees(&actor, "lin"));
	cr_expect(access_sees(&actor, "lou"), "lou is in lin's team");
	cr_expect_not(access_sees(&actor, "lee"), "lee is in no team");
	cr_expect_not(access_sees(&actor, "lo"), "a name's start is not a name");
	as("lee");
	cr_expect_not(access_sees(&actor, "lin"));
	as("val");
	cr_expect_not(access_sees(&actor, "lin"));
	as("cora");
	cr_expect(access_sees(&actor, "lee"));
}

/* ---- Users and policies ---------------------------------------------------------- */

Test(users, only_an_admin_manages_them, .init = open_stores, .fini = close_stores)
{
	const char *who[] = { "val", "lin", "cora" };
	for (size_t i = 0; i < 3; i++) {
		as(who[i]);
		expect_denied(user_add(dir, "newbie", ROLE_VOLUNTEER, NULL, err_),
			      "may not manage users");
		expect_denied(user_set_role(dir, "val", ROLE_ADMIN, NULL, 1, err_),
			      "may not manage users");
		expect_denied(user_remove(dir, "val", err_), "may not manage users");
		expect_denied(policy_set(dir, "team-referrals", "yes", err_),
			      "may not manage users");
		struct user_rows rows;
		expect_denied(user_list(dir, &rows, err_), "may not manage users");
		struct audit_rows lines;
		expect_denied(audit_read(dir, per, NULL, &lines, err_), "may not manage users");
	}
	as("ada");
	expect_ok(user_set_role(dir, "val", ROLE_COORDINATOR, NULL, 1, err_));
	struct user_rows rows;
	expect_ok(user_list(dir, &rows, err_));
	cr_expect_eq(rows.count, 6);
	cr_expect_str_eq(rows.row[5].login, "val");
	cr_expect_eq(rows.row[5].role, ROLE_COORDINATOR);
	cr_expect_str_eq(rows.row[5].added_by, "signpost");
	user_rows_free(&rows);
}

Test(users, the_last_admin_stays, .init = open_stores, .fini = close_stores)
{
	as("ada");
	struct error err = ERROR_INIT;
	cr_expect_eq(user_remove(dir, "ada", &err), -1);
	cr_expect(strstr(error_message(&err), "last admin") != NULL, "%s", error_message(&err));
	cr_expect_eq(user_set_role(dir, "ada", ROLE_VOLUNTEER, NULL, 1, &err), -1);
	expect_ok(user_add(dir, "bea", ROLE_ADMIN, NULL, err_));
	expect_ok(user_set_role(dir, "ada", ROLE_VOLUNTEER, NULL, 1, err_));
	cr_expect_eq(th_count(dir, "SELECT count(*) FROM user WHERE role = 'admin'"), 1);
	error_clear(&err);
}

Test(users, bad_names_and_policies_are_refused, .init = open_stores, .fini = close_stores)
{
	as("ada");
	struct error err = ERROR_INIT;
	const char *bad[] = { "", "-rf", "a b", "x\033[2J", "abcdefghijabcdefghijabcdefghijabc" };
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		cr_expect_eq(user_add(dir, bad[i], ROLE_VOLUNTEER, NULL, &err), -1, "'%s'", bad[i]);
		cr_expect_eq(err.kind, ERROR_INPUT);
	}
	cr_expect_eq(user_add(dir, "lin", ROLE_VOLUNTEER, NULL, &err), -1);
	cr_expect_eq(err.kind, ERROR_CONFLICT);
	cr_expect_eq(user_set_role(dir, "nobody", ROLE_VOLUNTEER, NULL, 1, &err), -1);
	cr_expect_eq(err.kind, ERROR_NOT_FOUND);
	cr_expect_eq(policy_set(dir, "retention-months", "0", &err), -1);
	cr_expect_eq(policy_set(dir, "retention-months", "12x", &err), -1);
	cr_expect_eq(policy_set(dir, "team-referrals", "maybe", &err), -1);
	cr_expect_eq(policy_set(dir, "colour", "red", &err), -1);
	cr_expect(strstr(error_message(&err), "no policy is called 'colour'") != NULL);
	expect_ok(policy_set(dir, "retention-months", "36", err_));
	struct policy p;
	expect_ok(policy_load(dir, &p, err_));
	cr_expect_eq(p.retention_months, 36);
	error_clear(&err);
}

/* ---- The audit ------------------------------------------------------------------ */

Test(audit, records_every_change_of_role_and_policy, .init = open_stores,
     .fini = close_stores)
{
	as("ada");
	expect_ok(user_set_role(dir, "lee", ROLE_COORDINATOR, "south", 0, err_));
	expect_ok(user_remove(dir, "val", err_));
	expect_ok(policy_set(dir, "unknown-users", "search", err_));
	struct audit_rows lines;
	expect_ok(audit_read(dir, per, NULL, &lines, err_));
	/* Six users added, then the three changes. */
	cr_assert_eq(lines.count, 9);
	cr_expect_str_eq(lines.row[6].who, "ada");
	cr_expect_str_eq(lines.row[6].action, "user-set-role");
	cr_expect_str_eq(lines.row[6].detail, "set lee to coordinator in team south");
	cr_expect_str_eq(lines.row[7].detail, "removed val");
	cr_expect_str_eq(lines.row[8].detail, "unknown-users set to search");
	cr_expect_str_eq(lines.row[8].file, "directory");
	audit_rows_free(&lines);
}

Test(audit, is_append_only_in_both_files, .init = open_stores, .fini = close_stores)
{
	struct store *files[] = { dir, per };
	as("cora");
	struct purge_result r;
	expect_ok(privacy_purge(per, 24, TODAY, 0, &r, err_));   /* a line in per */
	for (int f = 0; f < 2; f++) {
		sqlite3 *db = store_db(files[f]);
		cr_expect_neq(sqlite3_exec(db, "DELETE FROM audit", NULL, NULL, NULL), SQLITE_OK);
		cr_expect(strstr(sqlite3_errmsg(db), "append-only") != NULL, "%s",
			  sqlite3_errmsg(db));
		cr_expect_neq(sqlite3_exec(db, "UPDATE audit SET who = 'x'", NULL, NULL, NULL),
			      SQLITE_OK);
		cr_expect_gt(th_count(files[f], "SELECT count(*) FROM audit"), 0);
	}
}

/* ---- Personal data by role --------------------------------------------------------- */

Test(referrals, a_volunteer_sees_none_by_any_route, .init = open_stores,
     .fini = close_stores)
{
	as("lin");
	long id = refer("VAL-0001", "quay-walking-group");
	as("val");
	expect_denied(personal_open_as(dir, 0, &(struct store *){ NULL }, err_),
		      "a volunteer sees no referrals");
	struct referral one;
	expect_denied(referral_load(per, id, &one, err_), "may not see or make referrals");
	struct referral_rows rows;
	expect_denied(referral_followups(per, NULL, FOLLOWUP_ALL, TODAY, &rows, err_),
		      "may not see or make referrals");
	expect_denied(referral_for_client(per, "VAL-0001", &rows, err_), "may not see");
	long a, b;
	expect_denied(referral_followup_counts(per, NULL, TODAY, &a, &b, err_), "may not see");
	struct wellbeing_rows scores;
	expect_denied(wellbeing_for_client(per, "VAL-0001", &scores, err_), "may not see");
	struct referral_log_query q = { .today = TODAY };
	struct referral_log log;
	expect_denied(referral_log_run(per, dir, &q, &log, err_), "may not see the referral log");
	struct report_request req = { .kind = REPORT_NEEDS, .today = TODAY };
	struct report *r;
	expect_denied(report_run(per, dir, &req, &r, err_), "may not see the referral log");
	/* The listings' health is theirs to see. */
	req.kind = REPORT_DIRECTORY;
	r = NULL;
	expect_ok(report_run(NULL, dir, &req, &r, err_));
	report_free(r);
	struct referral_change c = { .to = REFERRAL_CONTACTED, .who = "val", .today = TODAY };
	expect_denied(referral_update(per, id, &c, err_), "may not see or make referrals");
	struct purge_result pr;
	expect_denied(privacy_purge(per, 24, TODAY, 1, &pr, err_), "may not purge");
	struct client_held held;
	char *out = th_path("val.json");
	expect_denied(privacy_client_export(per, "VAL-0001", out, 0, &held, err_),
		      "may not purge, export");
	struct stat st;
	cr_expect_neq(stat(out, &st), 0, "no export was written");
	free(out);
	expect_denied(privacy_client_erase(per, "VAL-0001", &held, err_), "may not purge");
}

Test(referrals, a_link_worker_sees_and_changes_only_their_own, .init = open_stores,
     .fini = close_stores)
{
	as("lin");
	long mine = refer("SAME-0001", "quay-walking-group");
	as("lee");
	long theirs = refer("SAME-0001", "tidemill-bereavement-circle");
	refer("LEE-0002", "old-town-lunch-club");
	as("lin");
	struct referral one;
	expect_ok(referral_load(per, mine, &one, err_));
	referral_free(&one);
	expect_denied(referral_load(per, theirs, &one, err_), "another link worker's");
	struct referral_change c = { .to = REFERRAL_CONTACTED, .who = "lin", .today = TODAY };
	expect_denied(referral_update(per, theirs, &c, err_), "another link worker's");
	expect_denied(referral_close(per, theirs, &(struct referral_change){
		.to = REFERRAL_DECLINED, .who = "lin", .today = TODAY }, err_),
		"another link worker's");
	/* Nor in someone else's name. */
	struct referral_change as_lee = { .to = REFERRAL_CONTACTED, .who = "lee", .today = TODAY };
	expect_denied(referral_update(per, mine, &as_lee, err_), "in the name of lee");
	struct referral_new r = { .client = "X-1", .asset_id = "quay-walking-group",
				  .worker = "lee", .today = TODAY, .follow_up_days = 14 };
	expect_denied(referral_create(per, dir, &r, &(long){ 0 }, err_), "in the name of lee");

	struct referral_rows rows;
	expect_ok(referral_followups(per, NULL, FOLLOWUP_ALL, TODAY, &rows, err_));
	cr_expect_eq(rows.count, 1, "everyone's follow-ups are lin's alone");
	cr_expect_str_eq(rows.row[0].worker, "lin");
	referral_rows_free(&rows);
	expect_ok(referral_for_client(per, "SAME-0001", &rows, err_));
	cr_expect_eq(rows.count, 1, "a client's referrals are lin's alone");
	referral_rows_free(&rows);
	expect_denied(referral_followups(per, "lee", FOLLOWUP_ALL, TODAY, &rows, err_),
		      "lee's referrals are another link worker's");
	long overdue = -1, due = -1;
	expect_ok(referral_followup_counts(per, NULL, "2027-01-01", &overdue, &due, err_));
	cr_expect_eq(overdue, 1);
	struct referral_log_query q = { .today = TODAY };
	struct referral_log log;
	expect_denied(referral_log_run(per, dir, &q, &log, err_), "may not see the referral log");
	expect_denied(report_may_show_in_full(dir, err_), "may not export a report");
	/* The volunteers' work is not theirs either. */
	struct import_options opt = { .who = "lin" };
	struct import_report rep;
	expect_denied(import_buffer(dir, "x.yaml", "signpost: 1\n", 12, &opt, &rep, err_),
		      "may not change listings");
	expect_ok(flag_raise(dir, "quay-walking-group", FLAG_FULL, NULL, "lin", &(long){ 0 },
			     err_));
	long flag = th_count(dir, "SELECT max(id) FROM flag");
	expect_denied(flag_resolve(dir, flag, "fixed", "lin", err_), "may not change listings");
	as("val");
	expect_ok(flag_resolve(dir, flag, "rang them: still full", "val", err_));
}

Test(referrals, a_team_shares_when_the_policy_says_so, .init = open_stores,
     .fini = close_stores)
{
	as("lou");
	long lous = refer("TEAM-0001", "quay-walking-group");
	as("lin");
	struct referral one;
	expect_denied(referral_load(per, lous, &one, err_), "another link worker's");
	as("ada");
	expect_ok(policy_set(dir, "team-referrals", "yes", err_));
	as("lin");
	expect_ok(referral_load(per, lous, &one, err_));
	referral_free(&one);
	as("lee");
	expect_denied(referral_load(per, lous, &one, err_), "another link worker's");
}

Test(referrals, a_coordinator_sees_all_and_reports, .init = open_stores,
     .fini = close_stores)
{
	as("lin");
	long id = refer("CO-0001", "quay-walking-group");
	as("lee");
	refer("CO-0002", "quay-walking-group");
	as("cora");
	struct referral one;
	expect_ok(referral_load(per, id, &one, err_));
	referral_free(&one);
	struct referral_rows rows;
	expect_ok(referral_followups(per, NULL, FOLLOWUP_ALL, TODAY, &rows, err_));
	cr_expect_eq(rows.count, 2);
	referral_rows_free(&rows);
	struct referral_log_query q = { .today = TODAY };
	struct referral_log log;
	expect_ok(referral_log_run(per, dir, &q, &log, err_));
	cr_expect_eq(log.count, 2);
	referral_log_free(&log);
	struct report_request req = { .kind = REPORT_NEEDS, .today = TODAY };
	expect_ok(report_period_preset("last-12-months", TODAY, &req.period, err_));
	struct report *r = NULL;
	expect_ok(report_run(per, dir, &req, &r, err_));
	report_free(r);
	expect_ok(report_may_show_in_full(dir, err_));
	expect_denied(user_add(dir, "x", ROLE_VOLUNTEER, NULL, err_), "may not manage users");
}

/* ---- History notes: erasable, nothing else ---------------------------------------- */

Test(history, a_note_may_be_erased_and_nothing_else_changed, .init = open_stores,
     .fini = close_stores)
{
	as("lin");
	refer("H-0001", "quay-walking-group");
	sqlite3 *db = store_db(per);
	cr_expect_neq(sqlite3_exec(db, "UPDATE referral_history SET note = 'other'", NULL,
				   NULL, NULL), SQLITE_OK);
	cr_expect_neq(sqlite3_exec(db, "UPDATE referral_history SET who = 'x', note = NULL",
				   NULL, NULL, NULL), SQLITE_OK);
	cr_expect_neq(sqlite3_exec(db, "DELETE FROM referral_history", NULL, NULL, NULL),
		      SQLITE_OK);
	cr_expect_eq(sqlite3_exec(db, "UPDATE referral_history SET note = NULL", NULL, NULL,
				  NULL), SQLITE_OK, "%s", sqlite3_errmsg(db));
	cr_expect_eq(th_count(per, "SELECT count(*) FROM referral_history WHERE note IS NULL"),
		     1);
}

/* ---- Purge ------------------------------------------------------------------------ */

static long refer_on(const char *day, const char *client, const char *asset)
{
	struct referral_new r = {
		.client = client, .asset_id = asset, .note = "an old note",
		.worker = actor.login, .today = day, .follow_up_days = 14,
	};
	struct error err = ERROR_INIT;
	long id = 0;
	cr_assert_eq(referral_create(per, dir, &r, &id, &err), 0, "%s", error_message(&err));
	return id;
}

static void close_on(long id, const char *day)
{
	struct error err = ERROR_INIT;
	struct referral_change c = { .to = REFERRAL_ATTENDING, .who = actor.login, .today = day,
				     .note = "went once" };
	cr_assert_eq(referral_update(per, id, &c, &err), 0, "%s", error_message(&err));
	c.to = REFERRAL_COMPLETED;
	c.note = "goes every week";
	cr_assert_eq(referral_close(per, id, &c, &err), 0, "%s", error_message(&err));
}

static void score(const char *client, const char *day, int life)
{
	struct ons4 s = { life, 5, 5, 5 };
	struct error err = ERROR_INIT;
	cr_assert_eq(wellbeing_record(per, client, &s, day, actor.login, day, &(long){ 0 },
				      &err), 0, "%s", error_message(&err));
}

/* What the reports count: by status, need, asset, worker and day, and
 * the wellbeing pairs; one row of text.  (No report counts the people
 * among referrals: a person with a purged and a held referral would
 * count twice, as the purged one's token links to no one.) */
static char *figures(void)
{
	static const char sql[] =
		"SELECT (SELECT group_concat(x, ';') FROM (SELECT status || created_on || asset_id"
		"  || worker || coalesce(closed_on, '') || coalesce(contacted_on, '') AS x"
		"  FROM referral ORDER BY id)) || '|' ||"
		" (SELECT group_concat(need || created_on, ';') FROM referral_need) || '|' ||"
		" (SELECT group_concat(n, ';') FROM (SELECT count(*) || '/' ||"
		"   group_concat(life_satisfaction) AS n FROM wellbeing GROUP BY client ORDER BY 1))"
		" || '|' || (SELECT count(*) FROM unmet_need)";
	sqlite3_stmt *stmt;
	cr_assert_eq(sqlite3_prepare_v2(store_db(per), sql, -1, &stmt, NULL), SQLITE_OK);
	cr_assert_eq(sqlite3_step(stmt), SQLITE_ROW);
	char *s = strdup((const char *)sqlite3_column_text(stmt, 0));
	sqlite3_finalize(stmt);
	return s;
}

static void old_history(void)
{
	as("lin");
	close_on(refer_on("2023-01-10", "OLD-0001", "quay-walking-group"), "2023-02-01");
	close_on(refer_on("2023-03-10", "OLD-0001", "tidemill-bereavement-circle"), "2023-04-01");
	close_on(refer_on("2023-05-10", "MIX-0002", "quay-walking-group"), "2023-06-01");
	refer_on("2026-11-01", "MIX-0002", "old-town-lunch-club");   /* still open */
	close_on(refer_on("2026-01-10", "NEW-0003", "quay-walking-group"), "2026-02-01");
	score("OLD-0001", "2023-01-10", 2);
	score("OLD-0001", "2023-04-01", 6);
	score("MIX-0002", "2023-05-10", 4);
	struct strlist needs = STRLIST_INIT;
	strlist_add(&needs, "walking");
	struct error err = ERROR_INIT;
	cr_assert_eq(unmet_need_log(per, dir, &needs, NULL, "nobody near her", "lin",
				    "2023-02-02", &(long){ 0 }, &err), 0, "%s", error_message(&err));
	strlist_clear(&needs);
}

Test(purge, keeps_every_count_and_removes_the_person, .init = open_stores,
     .fini = close_stores)
{
	old_history();
	char *before = figures();
	as("cora");
	struct purge_result r;
	expect_ok(privacy_purge(per, 24, TODAY, 1, &r, err_));
	cr_expect_str_eq(r.cutoff, "2024-11-23");
	cr_expect_eq(r.referrals, 3);
	cr_expect_eq(r.clients, 2);
	cr_expect_eq(r.wellbeing, 2, "OLD-0001's; MIX-0002 still has an open referral");
	char *dry = figures();
	cr_expect_str_eq(dry, before);
	cr_expect_eq(th_count(per, "SELECT count(*) FROM referral WHERE client = 'OLD-0001'"),
		     2, "a dry run changes nothing");
	free(dry);

	expect_ok(privacy_purge(per, 24, TODAY, 0, &r, err_));
	cr_expect_eq(r.referrals, 3);
	/* 3 referral notes and 9 history notes (made, attending, closed) */
	cr_expect_eq(r.notes, 3 + 9);
	cr_expect_eq(r.unmet_notes, 1);
	char *after = figures();
	cr_expect_str_eq(after, before, "the counts the reports read are unchanged");
	cr_expect_eq(th_count(per, "SELECT count(*) FROM referral WHERE client = 'OLD-0001'"
			      " OR note IS NOT NULL AND closed_on < '2024-11-23'"), 0);
	cr_expect_eq(th_count(per, "SELECT count(*) FROM referral_history h JOIN referral r"
			      " ON r.id = h.referral WHERE r.closed_on < '2024-11-23'"
			      " AND h.note IS NOT NULL"), 0);
	cr_expect_eq(th_count(per, "SELECT count(DISTINCT client) FROM referral"
			      " WHERE client LIKE '(purged %'"), 2, "one token a person");
	cr_expect_eq(th_count(per, "SELECT count(*) FROM wellbeing WHERE client = 'OLD-0001'"),
		     0);
	cr_expect_eq(th_count(per, "SELECT count(*) FROM wellbeing WHERE client = 'MIX-0002'"),
		     1, "held while a referral is");
	cr_expect_eq(th_count(per, "SELECT count(*) FROM referral WHERE client IN"
			      " ('MIX-0002', 'NEW-0003')"), 2, "recent referrals are kept");
	cr_expect_eq(th_count(per, "SELECT count(*) FROM audit WHERE action = 'purge'"), 1,
		     "a dry run is not audited; the purge is");
	cr_expect_eq(th_count(per, "SELECT count(*) FROM audit WHERE detail LIKE '%OLD-0001%'"),
		     0);
	/* Again: nothing more to do. */
	expect_ok(privacy_purge(per, 24, TODAY, 0, &r, err_));
	cr_expect_eq(r.referrals, 0);
	char *again = figures();
	cr_expect_str_eq(again, before);
	free(before);
	free(after);
	free(again);
}

/* ---- Subject access and erasure -------------------------------------------------- */

Test(client, export_holds_everything_and_erase_removes_it, .init = open_stores,
     .fini = close_stores)
{
	old_history();
	as("cora");
	char *path = th_path("sar.json");
	struct client_held held;
	expect_ok(privacy_client_export(per, "OLD-0001", path, 0, &held, err_));
	cr_expect_eq(held.referrals, 2);
	cr_expect_eq(held.wellbeing, 2);
	struct stat st;
	cr_assert_eq(stat(path, &st), 0);
	cr_expect_eq(st.st_mode & 0777, 0600);
	char *json = th_read_file(path);
	cr_assert_not_null(json);
	const char *want[] = { "\"client\": \"OLD-0001\"", "\"note\": \"an old note\"",
			       "\"note\": \"goes every week\"", "\"tidemill-bereavement-circle\"",
			       "\"life_satisfaction\": 6", "\"exported_by\": \"cora\"" };
	for (size_t i = 0; i < sizeof want / sizeof want[0]; i++)
		cr_expect(strstr(json, want[i]) != NULL, "the export lacks %s", want[i]);
	free(json);
	struct error err = ERROR_INIT;
	cr_expect_eq(privacy_client_export(per, "OLD-0001", path, 0, &held, &err), -1);
	cr_expect(strstr(error_message(&err), "already exists") != NULL, "%s",
		  error_message(&err));
	expect_ok(privacy_client_export(per, "OLD-0001", path, 1, &held, err_));
	char *named = th_path("old-0001.json");
	cr_expect_eq(privacy_client_export(per, "OLD-0001", named, 0, &held, &err), -1,
		     "a file named after the client would put them in the audit");
	cr_expect(stat(named, &st) != 0);
	free(named);

	expect_ok(privacy_client_erase(per, "OLD-0001", &held, err_));
	cr_expect_eq(held.referrals, 2);
	cr_expect_eq(th_count(per, "SELECT count(*) FROM referral WHERE client = 'OLD-0001'"),
		     0);
	cr_expect_eq(th_count(per, "SELECT count(DISTINCT client) FROM referral"
			      " WHERE client LIKE '(erased %'"), 1, "one token for the person");
	cr_expect_eq(th_count(per, "SELECT count(*) FROM referral WHERE client LIKE"
			      " '(erased %' AND note IS NULL"), 2);
	cr_expect_eq(th_count(per, "SELECT count(*) FROM wellbeing WHERE client = 'OLD-0001'"),
		     0);
	cr_expect_eq(th_count(per, "SELECT count(*) FROM referral_history h JOIN referral r ON"
			      " r.id = h.referral WHERE r.client LIKE '(erased %'"
			      " AND h.note IS NOT NULL"), 0);
	cr_expect_eq(th_count(per, "SELECT count(*) FROM audit WHERE action = 'erase'"), 1);
	cr_expect_eq(th_count(per, "SELECT count(*) FROM audit WHERE action = 'export'"), 2);
	cr_expect_eq(th_count(per, "SELECT count(*) FROM audit WHERE detail LIKE '%OLD-0001%'"),
		     0, "the audit never names the client");
	cr_expect_eq(privacy_client_erase(per, "OLD-0001", &held, &err), -1);
	cr_expect_eq(err.kind, ERROR_NOT_FOUND);
	cr_expect_eq(privacy_client_export(per, "(erased 00)", path, 1, &held, &err), -1,
		     "a token is no one's reference");
	error_clear(&err);
	free(path);
}
