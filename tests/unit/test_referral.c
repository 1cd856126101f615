/* Unit tests of referrals: every allowed and refused status move and the
 * history row each writes; closing and reopening; the optimistic version
 * check; follow-up dates (parsing, defaults, dates in the past) and the
 * order of the follow-up list; the asset's name kept as it was; and what
 * referral_create refuses.
 *
 * The directory is the bundled taxonomy with tests/data/referral-assets.yaml:
 *   quay-walking-group            needs walking, meeting-people
 *   tidemill-bereavement-circle   needs bereavement
 *   old-town-lunch-club           needs shared-meals, loneliness
 *   saltings-choir                ARCHIVED
 * The personal-data file is opened beside it, as the program does. */
#include "config.h"

#include "tests/unit/helpers.h"
#include "core/dates.h"
#include "core/personal.h"
#include "core/privacy.h"
#include "core/referral.h"
#include "core/strlist.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#define TODAY "2026-05-01"

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

/* ---- Helpers ------------------------------------------------------------ */

#define expect_error(err, want_kind, part) do { \
	cr_assert_eq((err)->kind, (want_kind), "error kind %d, wanted %d (%s)", \
		     (int)(err)->kind, (int)(want_kind), error_message(err)); \
	cr_assert(strstr(error_message(err), (part)) != NULL, \
		  "message '%s' does not say '%s'", error_message(err), (part)); \
} while (0)

static long history_rows(long id)
{
	char sql[128];
	snprintf(sql, sizeof sql, "SELECT count(*) FROM referral_history WHERE referral = %ld",
		 id);
	return th_count(per, sql);
}

static long refer_as(const char *client, const char *asset, const char *follow_up,
		     const char *worker, const char *today)
{
	struct referral_new r = {
		.client = client, .asset_id = asset, .note = "first note",
		.follow_up = follow_up, .worker = worker, .today = today,
		.follow_up_days = 14,
	};
	struct error err = ERROR_INIT;
	long id = 0;
	int rc = referral_create(per, dir, &r, &id, &err);
	cr_assert_eq(rc, 0, "referral_create: %s", error_message(&err));
	cr_assert_gt(id, 0);
	error_clear(&err);
	return id;
}

static long refer(void)
{
	return refer_as("JS-0142", "quay-walking-group", NULL, "alice", TODAY);
}

enum op { OP_UPDATE, OP_CLOSE, OP_REOPEN };

static int change_full(enum op op, long id, enum referral_status to, const char *note,
		       const char *follow_up, const char *who, const char *today,
		       int expected_version, struct error *err)
{
	struct referral_change c = {
		.to = to, .note = note, .follow_up = follow_up, .who = who,
		.today = today, .follow_up_days = 14, .expected_version = expected_version,
	};
	switch (op) {
	case OP_UPDATE: return referral_update(per, id, &c, err);
	case OP_CLOSE: return referral_close(per, id, &c, err);
	default: return referral_reopen(per, id, &c, err);
	}
}

static int change(enum op op, long id, enum referral_status to, const char *note,
		  struct error *err)
{
	return change_full(op, id, to, note, NULL, "bob", TODAY, 0, err);
}

/* A change that must work. */
static void must(enum op op, long id, enum referral_status to, const char *note)
{
	struct error err = ERROR_INIT;
	int rc = change(op, id, to, note, &err);
	cr_assert_eq(rc, 0, "op %d to %s: %s", (int)op, referral_status_name(to),
		     error_message(&err));
	error_clear(&err);
}

static void load(long id, struct referral *r)
{
	struct error err = ERROR_INIT;
	int rc = referral_load(per, id, r, &err);
	cr_assert_eq(rc, 0, "referral_load %ld: %s", id, error_message(&err));
}

static enum referral_status status_of(long id)
{
	struct referral r;
	load(id, &r);
	enum referral_status s = r.status;
	referral_free(&r);
	return s;
}

/* Takes a new referral to status s by allowed moves. */
static void reach(long id, enum referral_status s)
{
	switch (s) {
	case REFERRAL_REFERRED:
		break;
	case REFERRAL_CONTACTED:
		must(OP_UPDATE, id, REFERRAL_CONTACTED, NULL);
		break;
	case REFERRAL_ATTENDING:
		must(OP_UPDATE, id, REFERRAL_CONTACTED, NULL);
		must(OP_UPDATE, id, REFERRAL_ATTENDING, NULL);
		break;
	case REFERRAL_COMPLETED:
		reach(id, REFERRAL_ATTENDING);
		must(OP_CLOSE, id, REFERRAL_COMPLETED, "done");
		break;
	default:
		must(OP_CLOSE, id, s, "closed early");
		break;
	}
	cr_assert_eq(status_of(id), s);
}

static const char *or_null(const char *s)
{
	return s ? s : "(null)";
}

static void expect_event(const struct referral_event *e, const char *who, const char *from,
			 const char *to, const char *follow_up, const char *note)
{
	const char *want[] = { who, from, to, follow_up, note };
	const char *got[] = { e->who, e->from, e->to, e->follow_up, e->note };
	const char *what[] = { "who", "from", "to", "follow_up", "note" };
	for (int i = 0; i < 5; i++) {
		if (!want[i])
			cr_assert_null(got[i], "history %s is '%s', wanted none", what[i], got[i]);
		else
			cr_assert(got[i] && strcmp(got[i], want[i]) == 0,
				  "history %s is '%s', wanted '%s'", what[i], or_null(got[i]),
				  want[i]);
	}
	/* 2026-05-01T12:34:56Z */
	cr_assert_not_null(e->at);
	cr_assert_eq(strlen(e->at), 20, "timestamp '%s'", e->at);
	cr_assert(e->at[10] == 'T' && e->at[19] == 'Z', "timestamp '%s'", e->at);
}

#define S(x) REFERRAL_##x

/* The rules of referral.c, written out by hand: forward through the
 * open statuses; completed only after attending; declined and
 * not-attended only before attending; unsuitable and lost-contact from
 * any open status; nothing from a closed one, nothing to itself. */
static const int allowed[REFERRAL_STATUS_COUNT][REFERRAL_STATUS_COUNT] = {
	/*                 ref con att com dec n-a uns l-c */
	[S(REFERRED)]     = { 0,  1,  1,  0,  1,  1,  1,  1 },
	[S(CONTACTED)]    = { 0,  0,  1,  0,  1,  1,  1,  1 },
	[S(ATTENDING)]    = { 0,  0,  0,  1,  0,  0,  1,  1 },
	[S(COMPLETED)]    = { 0 },
	[S(DECLINED)]     = { 0 },
	[S(NOT_ATTENDED)] = { 0 },
	[S(UNSUITABLE)]   = { 0 },
	[S(LOST_CONTACT)] = { 0 },
};

TestSuite(status, .init = open_stores, .fini = close_stores,
	  .description = "statuses and the moves between them");

Test(status, names_round_trip)
{
	static const char *const names[] = {
		"referred", "contacted", "attending", "completed", "declined",
		"not-attended", "unsuitable", "lost-contact",
	};
	for (int i = 0; i < REFERRAL_STATUS_COUNT; i++) {
		enum referral_status s;
		cr_assert_str_eq(referral_status_name((enum referral_status)i), names[i]);
		cr_assert_eq(referral_status_parse(names[i], &s), 0);
		cr_assert_eq((int)s, i);
		cr_assert_eq(referral_status_is_open(s), i <= 2, "%s", names[i]);
	}
	enum referral_status s = S(CONTACTED);
	cr_assert_eq(referral_status_parse("Attending", &s), -1);
	cr_assert_eq(referral_status_parse("", &s), -1);
	cr_assert_eq(referral_status_parse(NULL, &s), -1);
	cr_assert_eq(referral_status_parse("closed", &s), -1);
	cr_assert_eq(s, S(CONTACTED), "a failed parse leaves the status alone");
	cr_assert_str_eq(referral_status_name(REFERRAL_STATUS_COUNT), "unknown");
}

Test(status, can_move_matches_the_rules)
{
	int yes = 0;
	for (int f = 0; f < REFERRAL_STATUS_COUNT; f++)
		for (int t = 0; t < REFERRAL_STATUS_COUNT; t++) {
			int got = referral_can_move((enum referral_status)f, (enum referral_status)t);
			cr_assert_eq(!!got, allowed[f][t], "%s -> %s: can_move says %d",
				     referral_status_name(f), referral_status_name(t), got);
			yes += allowed[f][t];
		}
	cr_assert_eq(yes, 14, "the table allows 14 moves");
}

Test(status, moves_from_says_what_may_follow)
{
	struct { enum referral_status from; const char *want; } cases[] = {
		{ S(REFERRED), "contacted, attending, declined, not-attended, unsuitable, lost-contact" },
		{ S(CONTACTED), "attending, declined, not-attended, unsuitable, lost-contact" },
		{ S(ATTENDING), "completed, unsuitable, lost-contact" },
		{ S(COMPLETED), "nothing (reopen it first)" },
		{ S(LOST_CONTACT), "nothing (reopen it first)" },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char *s = referral_moves_from(cases[i].from);
		cr_assert_str_eq(s, cases[i].want);
		free(s);
	}
}

/* For each of the 64 (from, to) pairs, an update and a close on a fresh
 * referral in status from: allowed exactly when the table says so and
 * the command fits (update to an open status, close to an outcome); a
 * refusal writes nothing; a move writes one history row. */
static void try_every_pair(enum op op)
{
	int moved = 0, refused = 0;
	for (int f = 0; f < REFERRAL_STATUS_COUNT; f++) {
		for (int t = 0; t < REFERRAL_STATUS_COUNT; t++) {
			enum referral_status from = (enum referral_status)f;
			enum referral_status to = (enum referral_status)t;
			long id = refer();
			reach(id, from);
			struct referral before;
			load(id, &before);
			long rows = history_rows(id);
			int fits = op == OP_UPDATE ? referral_status_is_open(to)
						   : !referral_status_is_open(to);
			int want = fits && allowed[f][t];
			struct error err = ERROR_INIT;
			int rc = change(op, id, to, op == OP_CLOSE ? "the outcome" : NULL, &err);
			struct referral after;
			load(id, &after);
			if (want) {
				cr_assert_eq(rc, 0, "%s %s -> %s refused: %s",
					     op == OP_UPDATE ? "update" : "close",
					     referral_status_name(from), referral_status_name(to),
					     error_message(&err));
				cr_assert_eq(after.status, to);
				cr_assert_eq(after.version, before.version + 1);
				cr_assert_eq(history_rows(id), rows + 1);
				cr_assert_eq(after.history_count, before.history_count + 1);
				const struct referral_event *e = &after.history[after.history_count - 1];
				expect_event(e, "bob", referral_status_name(from),
					     referral_status_name(to),
					     op == OP_UPDATE ? before.follow_up : NULL,
					     op == OP_CLOSE ? "the outcome" : NULL);
				if (op == OP_CLOSE) {
					cr_assert_null(after.follow_up, "a closed referral has no follow-up");
					cr_assert_str_eq(after.closed_on, TODAY);
				} else {
					cr_assert_str_eq(after.follow_up, before.follow_up);
					cr_assert_null(after.closed_on);
				}
				moved++;
			} else {
				cr_assert_eq(rc, -1, "%s %s -> %s was allowed",
					     op == OP_UPDATE ? "update" : "close",
					     referral_status_name(from), referral_status_name(to));
				cr_assert_eq(err.kind, ERROR_INPUT, "%s", error_message(&err));
				cr_assert_eq(after.status, from);
				cr_assert_eq(after.version, before.version);
				cr_assert_eq(history_rows(id), rows);
				cr_assert_str_eq(after.updated_at, before.updated_at);
				refused++;
			}
			error_clear(&err);
			referral_free(&before);
			referral_free(&after);
		}
	}
	/* Updates: referred->contacted, referred->attending,
	 * contacted->attending.  Closes: the other 11 of the 14. */
	cr_assert_eq(moved, op == OP_UPDATE ? 3 : 11);
	cr_assert_eq(moved + refused, 64);
}

Test(status, every_update_pair, .timeout = 60)
{
	try_every_pair(OP_UPDATE);
}

Test(status, every_close_pair, .timeout = 60)
{
	try_every_pair(OP_CLOSE);
}

Test(status, refusals_say_why)
{
	struct error err = ERROR_INIT;
	long id = refer();
	char want[256];

	cr_assert_eq(change(OP_UPDATE, id, S(COMPLETED), NULL, &err), -1);
	expect_error(&err, ERROR_INPUT, "'completed' closes a referral: use close");
	cr_assert_eq(change(OP_CLOSE, id, S(ATTENDING), "x", &err), -1);
	expect_error(&err, ERROR_INPUT, "'attending' is not an outcome: close with "
		     "completed, declined, not-attended, unsuitable or lost-contact");
	cr_assert_eq(change(OP_CLOSE, id, S(COMPLETED), "x", &err), -1);
	snprintf(want, sizeof want, "referral %ld cannot go from referred to completed "
		 "(from referred it can go to: contacted, attending, declined, not-attended,"
		 " unsuitable, lost-contact)", id);
	expect_error(&err, ERROR_INPUT, want);
	cr_assert_eq(change(OP_UPDATE, id, S(REFERRED), NULL, &err), -1);
	snprintf(want, sizeof want, "referral %ld is already referred: give a new "
		 "status, a follow-up date or a note", id);
	expect_error(&err, ERROR_INPUT, want);

	reach(id, S(ATTENDING));
	cr_assert_eq(change(OP_UPDATE, id, S(CONTACTED), NULL, &err), -1);
	snprintf(want, sizeof want, "referral %ld cannot go from attending to contacted "
		 "(from attending it can go to: completed, unsuitable, lost-contact)", id);
	expect_error(&err, ERROR_INPUT, want);
	cr_assert_eq(change(OP_CLOSE, id, S(DECLINED), "x", &err), -1);
	expect_error(&err, ERROR_INPUT, "cannot go from attending to declined");

	must(OP_CLOSE, id, S(UNSUITABLE), "full");
	cr_assert_eq(change(OP_UPDATE, id, S(ATTENDING), NULL, &err), -1);
	snprintf(want, sizeof want, "referral %ld is closed (unsuitable): reopen it, "
		 "with a reason, to change it", id);
	expect_error(&err, ERROR_INPUT, want);
	cr_assert_eq(change(OP_CLOSE, id, S(LOST_CONTACT), "x", &err), -1);
	expect_error(&err, ERROR_INPUT, want);
	/* Only a new date or a note, as `signpost update ID --follow-up`
	 * asks (the status it gives is the one the referral has), or a close
	 * to an open status: the answer is still to reopen it. */
	cr_assert_eq(change_full(OP_UPDATE, id, S(UNSUITABLE), NULL, "+1w", "bob", TODAY, 0,
				 &err), -1);
	expect_error(&err, ERROR_INPUT, want);
	cr_assert_eq(change_full(OP_UPDATE, id, S(UNSUITABLE), "a note", NULL, "bob", TODAY, 0,
				 &err), -1);
	expect_error(&err, ERROR_INPUT, want);
	cr_assert_eq(change(OP_CLOSE, id, S(CONTACTED), "x", &err), -1);
	expect_error(&err, ERROR_INPUT, want);
	error_clear(&err);
}

Test(status, same_status_with_a_note_or_date)
{
	long id = refer();
	struct referral r;
	load(id, &r);
	cr_assert_str_eq(r.follow_up, "2026-05-15");
	referral_free(&r);

	must(OP_UPDATE, id, S(REFERRED), "left a voicemail");
	struct error err = ERROR_INIT;
	int rc = change_full(OP_UPDATE, id, S(REFERRED), NULL, "2026-05-20", "carol", TODAY,
			     0, &err);
	cr_assert_eq(rc, 0, "%s", error_message(&err));
	load(id, &r);
	cr_assert_eq(r.status, S(REFERRED));
	cr_assert_eq(r.version, 3);
	cr_assert_str_eq(r.follow_up, "2026-05-20");
	cr_assert_null(r.contacted_on, "a note is not a contact");
	cr_assert_eq(r.history_count, 3);
	expect_event(&r.history[1], "bob", "referred", "referred", "2026-05-15",
		     "left a voicemail");
	expect_event(&r.history[2], "carol", "referred", "referred", "2026-05-20", NULL);
	referral_free(&r);
	error_clear(&err);
}

/* ---- History ------------------------------------------------------------- */

TestSuite(history, .init = open_stores, .fini = close_stores,
	  .description = "every change appends one row; nothing is overwritten");

Test(history, a_whole_story)
{
	struct error err = ERROR_INIT;
	struct referral_new n = {
		.client = "JS-0142", .asset_id = "tidemill-bereavement-circle",
		.note = "Lost her husband in March.\nPrefers afternoons.",
		.worker = "alice", .today = "2026-05-01", .follow_up_days = 14,
	};
	long id = 0;
	cr_assert_eq(referral_create(per, dir, &n, &id, &err), 0, "%s", error_message(&err));
	cr_assert_eq(history_rows(id), 1);

	cr_assert_eq(change_full(OP_UPDATE, id, S(CONTACTED), "phoned the circle",
				 "+7d", "bob", "2026-05-03", 0, &err), 0, "%s", error_message(&err));
	cr_assert_eq(history_rows(id), 2);
	cr_assert_eq(change_full(OP_UPDATE, id, S(ATTENDING), NULL, NULL, "carol",
				 "2026-05-12", 0, &err), 0, "%s", error_message(&err));
	cr_assert_eq(history_rows(id), 3);
	cr_assert_eq(change_full(OP_CLOSE, id, S(COMPLETED), "went to all six sessions",
				 NULL, "alice", "2026-06-20", 0, &err), 0, "%s", error_message(&err));
	cr_assert_eq(history_rows(id), 4);
	cr_assert_eq(change_full(OP_REOPEN, id, S(REFERRED), "wants to go again",
				 "2026-07-01", "bob", "2026-06-22", 0, &err), 0, "%s",
		     error_message(&err));
	cr_assert_eq(history_rows(id), 5);
	cr_assert_eq(change_full(OP_CLOSE, id, S(LOST_CONTACT), NULL, NULL, "alice",
				 "2026-07-30", 0, &err), 0, "%s", error_message(&err));
	cr_assert_eq(history_rows(id), 6);

	struct referral r;
	load(id, &r);
	cr_assert_eq(r.history_count, 6);
	expect_event(&r.history[0], "alice", NULL, "referred", "2026-05-15",
		     "Lost her husband in March.\nPrefers afternoons.");
	expect_event(&r.history[1], "bob", "referred", "contacted", "2026-05-10",
		     "phoned the circle");
	expect_event(&r.history[2], "carol", "contacted", "attending", "2026-05-10", NULL);
	expect_event(&r.history[3], "alice", "attending", "completed", NULL,
		     "went to all six sessions");
	expect_event(&r.history[4], "bob", "completed", "attending", "2026-07-01",
		     "wants to go again");
	expect_event(&r.history[5], "alice", "attending", "lost-contact", NULL, NULL);
	for (size_t i = 1; i < r.history_count; i++)
		cr_assert(strcmp(r.history[i - 1].at, r.history[i].at) <= 0,
			  "history is in order");
	cr_assert_eq(r.version, 6);
	cr_assert_eq(r.status, S(LOST_CONTACT));
	cr_assert_str_eq(r.worker, "alice", "the worker who referred stays");
	cr_assert_str_eq(r.note, "Lost her husband in March.\nPrefers afternoons.",
			 "the referral's own note is never overwritten");
	cr_assert_str_eq(r.created_on, "2026-05-01");
	cr_assert_str_eq(r.contacted_on, "2026-05-03");
	cr_assert_str_eq(r.closed_on, "2026-07-30");
	cr_assert_null(r.follow_up);
	referral_free(&r);
	error_clear(&err);
}

static void expect_sql_refused(const char *sql, const char *part)
{
	char *msg = NULL;
	int rc = sqlite3_exec(store_db(per), sql, NULL, NULL, &msg);
	cr_assert_neq(rc, SQLITE_OK, "%s was allowed", sql);
	cr_assert(msg && strstr(msg, part), "%s: '%s' does not say '%s'", sql,
		  msg ? msg : "", part);
	sqlite3_free(msg);
}

Test(history, is_append_only)
{
	long id = refer();
	must(OP_UPDATE, id, S(CONTACTED), "phoned");
	long rows = history_rows(id);
	expect_sql_refused("UPDATE referral_history SET note = 'rewritten'", "append-only");
	expect_sql_refused("UPDATE referral_history SET who = 'mallory' WHERE id = 1",
			   "append-only");
	expect_sql_refused("DELETE FROM referral_history", "append-only");
	expect_sql_refused("DELETE FROM referral_history WHERE id = 2", "append-only");
	expect_sql_refused("DELETE FROM referral", "never deleted");
	cr_assert_eq(history_rows(id), rows);
	cr_assert_eq(th_count(per, "SELECT count(*) FROM referral"), 1);
	struct referral r;
	load(id, &r);
	expect_event(&r.history[1], "bob", "referred", "contacted", "2026-05-15", "phoned");
	referral_free(&r);
}

Test(history, dates_set_and_cleared)
{
	struct error err = ERROR_INIT;
	long id = refer_as("JS-0001", "quay-walking-group", NULL, "alice", "2026-05-01");
	struct referral r;
	load(id, &r);
	cr_assert_null(r.contacted_on);
	cr_assert_null(r.closed_on);
	cr_assert_str_eq(r.created_on, "2026-05-01");
	referral_free(&r);

	cr_assert_eq(change_full(OP_UPDATE, id, S(CONTACTED), NULL, NULL, "bob",
				 "2026-05-03", 0, &err), 0, "%s", error_message(&err));
	load(id, &r);
	cr_assert_str_eq(r.contacted_on, "2026-05-03");
	referral_free(&r);
	cr_assert_eq(change_full(OP_UPDATE, id, S(ATTENDING), NULL, NULL, "bob",
				 "2026-05-05", 0, &err), 0, "%s", error_message(&err));
	load(id, &r);
	cr_assert_str_eq(r.contacted_on, "2026-05-03", "the first contact is kept");
	referral_free(&r);
	cr_assert_eq(change_full(OP_CLOSE, id, S(COMPLETED), NULL, NULL, "bob",
				 "2026-05-07", 0, &err), 0, "%s", error_message(&err));
	load(id, &r);
	cr_assert_str_eq(r.closed_on, "2026-05-07");
	cr_assert_null(r.follow_up);
	referral_free(&r);
	cr_assert_eq(change_full(OP_REOPEN, id, S(REFERRED), "came back", NULL, "bob",
				 "2026-05-09", 0, &err), 0, "%s", error_message(&err));
	load(id, &r);
	cr_assert_null(r.closed_on, "reopening clears closed_on");
	cr_assert_str_eq(r.contacted_on, "2026-05-03");
	cr_assert_str_eq(r.follow_up, "2026-05-23", "reopened: today + follow_up_days");
	referral_free(&r);
	cr_assert_eq(change_full(OP_CLOSE, id, S(UNSUITABLE), NULL, NULL, "bob",
				 "2026-05-10", 0, &err), 0, "%s", error_message(&err));
	load(id, &r);
	cr_assert_str_eq(r.closed_on, "2026-05-10", "a second close has its own date");
	referral_free(&r);

	/* Straight to attending: the contact happened that day. */
	long id2 = refer_as("JS-0002", "quay-walking-group", NULL, "alice", "2026-05-01");
	cr_assert_eq(change_full(OP_UPDATE, id2, S(ATTENDING), NULL, NULL, "bob",
				 "2026-05-04", 0, &err), 0, "%s", error_message(&err));
	load(id2, &r);
	cr_assert_str_eq(r.contacted_on, "2026-05-04");
	referral_free(&r);

	/* Declined without contact: never contacted, but closed. */
	long id3 = refer_as("JS-0003", "quay-walking-group", NULL, "alice", "2026-05-01");
	cr_assert_eq(change_full(OP_CLOSE, id3, S(DECLINED), NULL, NULL, "bob",
				 "2026-05-02", 0, &err), 0, "%s", error_message(&err));
	load(id3, &r);
	cr_assert_null(r.contacted_on);
	cr_assert_str_eq(r.closed_on, "2026-05-02");
	referral_free(&r);
	error_clear(&err);
}

/* ---- Closing and reopening ----------------------------------------------- */

TestSuite(reopen, .init = open_stores, .fini = close_stores,
	  .description = "reopening needs a reason and goes back to where it was");

Test(reopen, goes_back_to_the_status_before_the_close)
{
	int n = 0;
	for (int f = 0; f <= S(ATTENDING); f++) {
		for (int t = S(COMPLETED); t < REFERRAL_STATUS_COUNT; t++) {
			if (!allowed[f][t])
				continue;
			long id = refer();
			reach(id, (enum referral_status)f);
			must(OP_CLOSE, id, (enum referral_status)t, "closing");
			long rows = history_rows(id);
			must(OP_REOPEN, id, S(REFERRED), "they rang back");
			cr_assert_eq(history_rows(id), rows + 1);
			struct referral r;
			load(id, &r);
			cr_assert_eq(r.status, (enum referral_status)f, "closed %s from %s, "
				     "reopened to %s", referral_status_name(t),
				     referral_status_name(f), referral_status_name(r.status));
			cr_assert_null(r.closed_on);
			cr_assert_not_null(r.follow_up);
			expect_event(&r.history[r.history_count - 1], "bob",
				     referral_status_name(t), referral_status_name(f),
				     "2026-05-15", "they rang back");
			referral_free(&r);
			n++;
		}
	}
	cr_assert_eq(n, 11);
}

Test(reopen, the_latest_close_counts)
{
	long id = refer();
	reach(id, S(CONTACTED));
	must(OP_CLOSE, id, S(DECLINED), "not now");
	must(OP_REOPEN, id, S(REFERRED), "changed her mind");
	cr_assert_eq(status_of(id), S(CONTACTED));
	must(OP_UPDATE, id, S(ATTENDING), NULL);
	must(OP_CLOSE, id, S(LOST_CONTACT), NULL);
	must(OP_REOPEN, id, S(REFERRED), "found again");
	cr_assert_eq(status_of(id), S(ATTENDING));
	must(OP_CLOSE, id, S(COMPLETED), NULL);
	cr_assert_eq(history_rows(id), 8);
}

Test(reopen, needs_a_reason_and_a_closed_referral)
{
	struct error err = ERROR_INIT;
	long id = refer();
	char want[128];
	cr_assert_eq(change(OP_REOPEN, id, S(REFERRED), "why not", &err), -1);
	snprintf(want, sizeof want, "referral %ld is open (referred): there is nothing "
		 "to reopen", id);
	expect_error(&err, ERROR_INPUT, want);

	must(OP_CLOSE, id, S(UNSUITABLE), "full");
	long rows = history_rows(id);
	cr_assert_eq(change(OP_REOPEN, id, S(REFERRED), NULL, &err), -1);
	expect_error(&err, ERROR_INPUT, "reopening needs a reason");
	cr_assert_eq(change(OP_REOPEN, id, S(REFERRED), "", &err), -1);
	expect_error(&err, ERROR_INPUT, "reopening needs a reason");
	cr_assert_eq(history_rows(id), rows);
	cr_assert_eq(status_of(id), S(UNSUITABLE));

	/* A reopened referral's follow-up: the one given, never in the past. */
	cr_assert_eq(change_full(OP_REOPEN, id, S(REFERRED), "space came up", "2026-04-30",
				 "bob", TODAY, 0, &err), -1);
	expect_error(&err, ERROR_INPUT, "the follow-up date 2026-04-30 has already passed "
		     "(today is 2026-05-01)");
	cr_assert_eq(history_rows(id), rows);
	cr_assert_eq(change_full(OP_REOPEN, id, S(REFERRED), "space came up", "+3d",
				 "bob", TODAY, 0, &err), 0, "%s", error_message(&err));
	struct referral r;
	load(id, &r);
	cr_assert_str_eq(r.follow_up, "2026-05-04");
	cr_assert_eq(r.status, S(REFERRED));
	referral_free(&r);
	error_clear(&err);
}

Test(reopen, unknown_id)
{
	struct error err = ERROR_INIT;
	struct referral r;
	cr_assert_eq(referral_load(per, 4242, &r, &err), -1);
	expect_error(&err, ERROR_NOT_FOUND, "no referral 4242");
	cr_assert_eq(change(OP_UPDATE, 4242, S(CONTACTED), NULL, &err), -1);
	expect_error(&err, ERROR_NOT_FOUND, "no referral 4242");
	cr_assert_eq(change(OP_CLOSE, 4242, S(DECLINED), NULL, &err), -1);
	expect_error(&err, ERROR_NOT_FOUND, "no referral 4242");
	cr_assert_eq(change(OP_REOPEN, 4242, S(REFERRED), "x", &err), -1);
	expect_error(&err, ERROR_NOT_FOUND, "no referral 4242");
	error_clear(&err);
}

/* ---- The optimistic check ------------------------------------------------ */

TestSuite(version, .init = open_stores, .fini = close_stores,
	  .description = "a change to what someone else changed first is refused");

Test(version, stale_version_is_a_conflict_and_writes_nothing)
{
	struct error err = ERROR_INIT;
	long id = refer();
	struct referral read;
	load(id, &read);
	cr_assert_eq(read.version, 1);

	/* Carol changes it first, from the same read. */
	cr_assert_eq(change_full(OP_UPDATE, id, S(CONTACTED), "phoned", NULL, "carol",
				 TODAY, read.version, &err), 0, "%s", error_message(&err));
	struct referral before;
	load(id, &before);
	cr_assert_eq(before.version, 2);

	/* Bob's changes, from his stale read, are all refused. */
	enum op ops[] = { OP_UPDATE, OP_UPDATE, OP_CLOSE };
	enum referral_status tos[] = { S(ATTENDING), S(CONTACTED), S(DECLINED) };
	char want[160];
	snprintf(want, sizeof want, "referral %ld was changed by carol since you read it "
		 "(it is now contacted): look at it again before changing it", id);
	for (int i = 0; i < 3; i++) {
		cr_assert_eq(change_full(ops[i], id, tos[i], "bob's note", "+3d", "bob", TODAY,
					 read.version, &err), -1);
		expect_error(&err, ERROR_CONFLICT, want);
	}
	struct referral after;
	load(id, &after);
	cr_assert_eq(after.version, 2);
	cr_assert_eq(after.status, S(CONTACTED));
	cr_assert_eq(after.history_count, 2);
	cr_assert_str_eq(after.follow_up, before.follow_up);
	cr_assert_str_eq(after.updated_at, before.updated_at);
	referral_free(&after);

	/* With the version he now reads, it goes through. */
	cr_assert_eq(change_full(OP_UPDATE, id, S(ATTENDING), NULL, NULL, "bob", TODAY,
				 before.version, &err), 0, "%s", error_message(&err));
	load(id, &after);
	cr_assert_eq(after.version, 3);
	referral_free(&after);

	/* Reopening is checked too. */
	must(OP_CLOSE, id, S(COMPLETED), NULL);
	cr_assert_eq(change_full(OP_REOPEN, id, S(REFERRED), "again", NULL, "bob", TODAY,
				 3, &err), -1);
	expect_error(&err, ERROR_CONFLICT, "since you read it (it is now completed)");
	cr_assert_eq(status_of(id), S(COMPLETED));
	cr_assert_eq(change_full(OP_REOPEN, id, S(REFERRED), "again", NULL, "bob", TODAY,
				 4, &err), 0, "%s", error_message(&err));
	cr_assert_eq(status_of(id), S(ATTENDING));

	referral_free(&read);
	referral_free(&before);
	error_clear(&err);
}

/* ---- Follow-up dates ------------------------------------------------------ */

TestSuite(dates, .init = open_stores, .fini = close_stores,
	  .description = "follow-up date expressions, through SQLite's date()");

static void expect_date(const char *expr, const char *today, const char *want)
{
	char out[DATE_LEN] = "";
	struct error err = ERROR_INIT;
	int rc = date_expr_parse(per, expr, today, out, &err);
	cr_assert_eq(rc, 0, "'%s' from %s: %s", expr, today, error_message(&err));
	cr_assert_str_eq(out, want, "'%s' from %s", expr, today);
	error_clear(&err);
}

static void expect_bad_date(const char *expr)
{
	char out[DATE_LEN] = "";
	struct error err = ERROR_INIT;
	int rc = date_expr_parse(per, expr, TODAY, out, &err);
	cr_assert_eq(rc, -1, "'%s' was taken as %s", expr ? expr : "(null)", out);
	expect_error(&err, ERROR_INPUT, "is not a date: write YYYY-MM-DD, today");
	error_clear(&err);
}

Test(dates, good_expressions)
{
	expect_date("2026-06-30", TODAY, "2026-06-30");
	expect_date("2020-01-01", TODAY, "2020-01-01");   /* callers refuse the past */
	expect_date("today", TODAY, TODAY);
	expect_date("tomorrow", TODAY, "2026-05-02");
	expect_date("+0d", TODAY, TODAY);
	expect_date("+1d", TODAY, "2026-05-02");
	expect_date("+14d", TODAY, "2026-05-15");
	expect_date("+2w", TODAY, "2026-05-15");
	expect_date("+0w", TODAY, TODAY);
	expect_date("+30d", TODAY, "2026-05-31");
	expect_date("+31d", TODAY, "2026-06-01");
	expect_date("+3650d", TODAY, "2036-04-28");   /* ten years is the limit */
	expect_date("+521w", TODAY, "2036-04-25");
}

Test(dates, month_year_and_leap_boundaries)
{
	expect_date("+1d", "2026-01-31", "2026-02-01");
	expect_date("tomorrow", "2026-04-30", "2026-05-01");
	expect_date("tomorrow", "2026-12-31", "2027-01-01");
	expect_date("+1d", "2027-02-28", "2027-03-01");
	expect_date("+1d", "2028-02-28", "2028-02-29");
	expect_date("+1d", "2028-02-29", "2028-03-01");
	expect_date("+1w", "2028-02-25", "2028-03-03");
	expect_date("+1d", "2100-02-28", "2100-03-01");   /* not a leap year */
	expect_date("+1d", "2000-02-28", "2000-02-29");   /* a leap year */
	expect_date("+365d", "2028-01-01", "2028-12-31");
	expect_date("+366d", "2027-03-01", "2028-03-01");
	expect_date("2028-02-29", TODAY, "2028-02-29");
}

Test(dates, bad_expressions)
{
	const char *bad[] = {
		"+3m", "next week", "2026-02-30", "+99999d", "+3651d", "+522w",
		"+99999999999999999999d", "", "+d", "-1d", "+1.5d", "+1dd", "+1 d",
		"+ 1d", "+1d ", " +1d", "+1", "2026-2-3", "2026-05-1", "2027-02-29",
		"2026-13-01", "26-05-01", "yesterday", "now", "1d", "+1y", "+0x1d",
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		expect_bad_date(bad[i]);
	expect_bad_date(NULL);
}

Test(dates, the_message_names_the_bad_input)
{
	char out[DATE_LEN];
	struct error err = ERROR_INIT;
	cr_assert_eq(date_expr_parse(per, "next week", TODAY, out, &err), -1);
	expect_error(&err, ERROR_INPUT, "'next week' is not a date");
	cr_assert_eq(date_expr_parse(per, "+99999d", TODAY, out, &err), -1);
	expect_error(&err, ERROR_INPUT, "up to ten years ahead");
	error_clear(&err);
}

Test(dates, signpost_today_moves_today)
{
	char out[DATE_LEN];
	setenv("SIGNPOST_TODAY", "2031-07-04", 1);
	cr_assert_eq(date_today(out), 0);
	cr_assert_str_eq(out, "2031-07-04");
	setenv("SIGNPOST_TODAY", "2031-02-29", 1);
	cr_assert_eq(date_today(out), -1, "an impossible SIGNPOST_TODAY is refused");
	setenv("SIGNPOST_TODAY", "tomorrow", 1);
	cr_assert_eq(date_today(out), -1);
	unsetenv("SIGNPOST_TODAY");
	cr_assert_eq(date_today(out), 0);
	char now[DATE_LEN];
	time_t t = time(NULL);
	struct tm tm;
	localtime_r(&t, &tm);
	strftime(now, sizeof now, "%Y-%m-%d", &tm);
	cr_assert_str_eq(out, now, "unset, today is the clock's");
	/* "today" follows it through a referral. */
	setenv("SIGNPOST_TODAY", "2031-07-04", 1);
	cr_assert_eq(date_today(out), 0);
	long id = refer_as("JS-0142", "quay-walking-group", "today", "alice", out);
	struct referral r;
	load(id, &r);
	cr_assert_str_eq(r.follow_up, "2031-07-04");
	cr_assert_str_eq(r.created_on, "2031-07-04");
	referral_free(&r);
	unsetenv("SIGNPOST_TODAY");
}

Test(dates, default_follow_up_is_follow_up_days)
{
	struct referral_new n = {
		.client = "JS-0142", .asset_id = "quay-walking-group", .worker = "alice",
		.today = "2028-02-20", .follow_up_days = 14,
	};
	struct error err = ERROR_INIT;
	long id;
	struct referral r;
	int days[] = { 14, 7, 1, 30, 365 };
	const char *want[] = { "2028-03-05", "2028-02-27", "2028-02-21", "2028-03-21",
			       "2029-02-19" };
	for (int i = 0; i < 5; i++) {
		n.follow_up_days = days[i];
		cr_assert_eq(referral_create(per, dir, &n, &id, &err), 0, "%s",
			     error_message(&err));
		load(id, &r);
		cr_assert_str_eq(r.follow_up, want[i], "%d days", days[i]);
		cr_assert_str_eq(r.history[0].follow_up, want[i]);
		referral_free(&r);
	}
	error_clear(&err);
}

Test(dates, a_follow_up_in_the_past_is_refused)
{
	struct error err = ERROR_INIT;
	struct referral_new n = {
		.client = "JS-0142", .asset_id = "quay-walking-group", .worker = "alice",
		.today = TODAY, .follow_up = "2026-04-30", .follow_up_days = 14,
	};
	long id = 0;
	cr_assert_eq(referral_create(per, dir, &n, &id, &err), -1);
	expect_error(&err, ERROR_INPUT, "the follow-up date 2026-04-30 has already passed "
		     "(today is 2026-05-01)");
	cr_assert_eq(th_count(per, "SELECT count(*) FROM referral"), 0);
	cr_assert_eq(th_count(per, "SELECT count(*) FROM referral_history"), 0);
	n.follow_up = "today";
	cr_assert_eq(referral_create(per, dir, &n, &id, &err), 0, "today is not the past");

	long rows = history_rows(id);
	cr_assert_eq(change_full(OP_UPDATE, id, S(CONTACTED), NULL, "2026-01-01", "bob",
				 TODAY, 0, &err), -1);
	expect_error(&err, ERROR_INPUT, "has already passed");
	cr_assert_eq(history_rows(id), rows);
	cr_assert_eq(status_of(id), S(REFERRED));
	cr_assert_eq(change_full(OP_UPDATE, id, S(CONTACTED), NULL, "+99999d", "bob",
				 TODAY, 0, &err), -1);
	expect_error(&err, ERROR_INPUT, "is not a date");
	cr_assert_eq(history_rows(id), rows);
	cr_assert_eq(change_full(OP_UPDATE, id, S(CONTACTED), NULL, "+2w", "bob",
				 TODAY, 0, &err), 0, "%s", error_message(&err));
	struct referral r;
	load(id, &r);
	cr_assert_str_eq(r.follow_up, "2026-05-15");
	referral_free(&r);

	/* A referral already overdue can still take a note or a move
	 * without a new date: it keeps the date it had. */
	cr_assert_eq(change_full(OP_UPDATE, id, S(ATTENDING), "went once", NULL, "bob",
				 "2026-06-01", 0, &err), 0, "%s", error_message(&err));
	load(id, &r);
	cr_assert_str_eq(r.follow_up, "2026-05-15");
	referral_free(&r);
	error_clear(&err);
}

/* ---- The follow-up list ---------------------------------------------------- */

TestSuite(followups, .init = open_stores, .fini = close_stores,
	  .description = "overdue oldest first, then due today, then upcoming");

static char *ids_of(const struct referral_rows *rows)
{
	char *s = calloc(1, rows->count * 24 + 1);
	cr_assert_not_null(s);
	for (size_t i = 0; i < rows->count; i++)
		sprintf(s + strlen(s), "%s%ld", i ? "," : "", rows->row[i].id);
	return s;
}

static void expect_followups(const char *worker, enum followup_when when,
			     const char *today, const char *want)
{
	struct referral_rows rows;
	struct error err = ERROR_INIT;
	cr_assert_eq(referral_followups(per, worker, when, today, &rows, &err), 0, "%s",
		     error_message(&err));
	char *got = ids_of(&rows);
	cr_assert_str_eq(got, want, "worker %s, when %d, today %s", worker ? worker : "*",
			 (int)when, today);
	free(got);
	referral_rows_free(&rows);
}

static void expect_counts(const char *worker, const char *today, long overdue, long due)
{
	long o = -1, d = -1;
	struct error err = ERROR_INIT;
	cr_assert_eq(referral_followup_counts(per, worker, today, &o, &d, &err), 0, "%s",
		     error_message(&err));
	cr_assert_eq(o, overdue, "%s on %s: %ld overdue, wanted %ld", worker ? worker : "*",
		     today, o, overdue);
	cr_assert_eq(d, due, "%s on %s: %ld due, wanted %ld", worker ? worker : "*", today,
		     d, due);
}

Test(followups, order_and_filters)
{
	/* Made on 2026-05-01, looked at on 2026-05-10.  Ids 1..9. */
	const char *made = "2026-05-01";
	refer_as("C-1", "quay-walking-group", "2026-05-20", "alice", made);          /* 1 upcoming */
	refer_as("C-2", "quay-walking-group", "2026-05-05", "alice", made);          /* 2 overdue */
	refer_as("C-3", "old-town-lunch-club", "2026-05-10", "alice", made);         /* 3 due */
	refer_as("C-4", "quay-walking-group", "2026-05-03", "alice", made);          /* 4 overdue, oldest */
	refer_as("C-5", "tidemill-bereavement-circle", "2026-05-15", "alice", made); /* 5 upcoming */
	refer_as("C-6", "quay-walking-group", "2026-05-10", "alice", made);          /* 6 due */
	refer_as("C-7", "quay-walking-group", "2026-05-02", "bob", made);            /* 7 bob's, overdue */
	long closed = refer_as("C-8", "quay-walking-group", "2026-05-02", "alice", made);
	refer_as("C-9", "quay-walking-group", "2026-05-11", "bob", made);            /* 9 bob's, upcoming */
	struct error err = ERROR_INIT;
	cr_assert_eq(change_full(OP_CLOSE, closed, S(DECLINED), NULL, NULL, "alice", made, 0,
				 &err), 0);
	const char *today = "2026-05-10";

	expect_followups("alice", FOLLOWUP_ALL, today, "4,2,3,6,5,1");
	expect_followups("alice", FOLLOWUP_OVERDUE, today, "4,2");
	expect_followups("alice", FOLLOWUP_DUE, today, "3,6");
	expect_followups("alice", FOLLOWUP_UPCOMING, today, "5,1");
	expect_followups("bob", FOLLOWUP_ALL, today, "7,9");
	expect_followups("bob", FOLLOWUP_DUE, today, "");
	expect_followups(NULL, FOLLOWUP_ALL, today, "7,4,2,3,6,9,5,1");
	expect_followups(NULL, FOLLOWUP_OVERDUE, today, "7,4,2");
	expect_followups(NULL, FOLLOWUP_UPCOMING, today, "9,5,1");
	expect_followups("nobody", FOLLOWUP_ALL, today, "");
	expect_counts("alice", today, 2, 2);
	expect_counts("bob", today, 1, 0);
	expect_counts(NULL, today, 3, 2);
	expect_counts("nobody", today, 0, 0);

	/* Today moves on: everything upcoming becomes due, then overdue. */
	expect_followups("alice", FOLLOWUP_ALL, "2026-05-01", "4,2,3,6,5,1");
	expect_followups("alice", FOLLOWUP_UPCOMING, "2026-05-01", "4,2,3,6,5,1");
	expect_counts("alice", "2026-05-01", 0, 0);
	expect_followups("alice", FOLLOWUP_DUE, "2026-05-15", "5");
	expect_followups("alice", FOLLOWUP_OVERDUE, "2026-05-21", "4,2,3,6,5,1");
	expect_counts("alice", "2026-05-21", 6, 0);

	/* A closed referral drops out; a reopened one comes back with its
	 * new date. */
	cr_assert_eq(change_full(OP_CLOSE, 3, S(UNSUITABLE), NULL, NULL, "alice", today, 0,
				 &err), 0);
	expect_followups("alice", FOLLOWUP_ALL, today, "4,2,6,5,1");
	cr_assert_eq(change_full(OP_REOPEN, closed, S(REFERRED), "again", "2026-05-12",
				 "alice", today, 0, &err), 0, "%s", error_message(&err));
	expect_followups("alice", FOLLOWUP_ALL, today, "4,2,6,8,5,1");
	expect_counts("alice", today, 2, 1);
	error_clear(&err);
}

Test(followups, rows_carry_what_the_list_shows)
{
	struct strlist needs = STRLIST_INIT;
	strlist_add(&needs, "loneliness");
	strlist_add(&needs, "shared-meals");
	struct referral_new n = {
		.client = "JS-0142", .asset_id = "old-town-lunch-club", .needs = &needs,
		.worker = "alice", .today = TODAY, .follow_up = "+2w", .follow_up_days = 14,
	};
	struct error err = ERROR_INIT;
	long id;
	cr_assert_eq(referral_create(per, dir, &n, &id, &err), 0, "%s", error_message(&err));
	struct referral_rows rows;
	cr_assert_eq(referral_followups(per, "alice", FOLLOWUP_ALL, TODAY, &rows, &err), 0);
	cr_assert_eq(rows.count, 1);
	const struct referral_row *r = &rows.row[0];
	cr_assert_eq(r->id, id);
	cr_assert_str_eq(r->client, "JS-0142");
	cr_assert_str_eq(r->asset_id, "old-town-lunch-club");
	cr_assert_str_eq(r->asset_name, "Old Town Lunch Club");
	cr_assert_str_eq(r->worker, "alice");
	cr_assert_str_eq(r->status, "referred");
	cr_assert_str_eq(r->follow_up, "2026-05-15");
	cr_assert_str_eq(r->created_on, TODAY);
	cr_assert_str_eq(r->needs, "loneliness,shared-meals", "needs keep their order");
	cr_assert_eq(r->version, 1);
	referral_rows_free(&rows);
	strlist_clear(&needs);
	error_clear(&err);
}

Test(followups, for_client_newest_first)
{
	long a = refer_as("JS-0142", "quay-walking-group", NULL, "alice", TODAY);
	refer_as("JS-9999", "quay-walking-group", NULL, "alice", TODAY);
	long b = refer_as("JS-0142", "old-town-lunch-club", NULL, "bob", TODAY);
	long c = refer_as("JS-0142", "tidemill-bereavement-circle", NULL, "alice", TODAY);
	must(OP_CLOSE, b, S(DECLINED), NULL);
	struct referral_rows rows;
	struct error err = ERROR_INIT;
	cr_assert_eq(referral_for_client(per, "JS-0142", &rows, &err), 0);
	char *ids = ids_of(&rows);
	char want[64];
	snprintf(want, sizeof want, "%ld,%ld,%ld", c, b, a);
	cr_assert_str_eq(ids, want, "closed ones too, newest first");
	cr_assert_str_eq(rows.row[1].status, "declined");
	cr_assert_null(rows.row[1].follow_up);
	free(ids);
	referral_rows_free(&rows);
	cr_assert_eq(referral_for_client(per, "js-0142", &rows, &err), 0);
	cr_assert_eq(rows.count, 0, "references are matched exactly");
	referral_rows_free(&rows);
	error_clear(&err);
}

/* ---- Making a referral ---------------------------------------------------- */

TestSuite(create, .init = open_stores, .fini = close_stores,
	  .description = "what referral_create writes and what it refuses");

Test(create, writes_the_referral_and_its_first_row)
{
	struct strlist needs = STRLIST_INIT;
	strlist_add(&needs, "meeting-people");
	strlist_add(&needs, "walking");
	strlist_add(&needs, "meeting-people");
	struct referral_new n = {
		.client = "JS-0142", .asset_id = "quay-walking-group", .needs = &needs,
		.note = "Keen walker", .worker = "alice", .today = TODAY,
		.follow_up = "tomorrow", .follow_up_days = 14,
	};
	struct error err = ERROR_INIT;
	long id = 0;
	cr_assert_eq(referral_create(per, dir, &n, &id, &err), 0, "%s", error_message(&err));
	struct referral r;
	load(id, &r);
	cr_assert_eq(r.id, id);
	cr_assert_str_eq(r.client, "JS-0142");
	cr_assert_str_eq(r.asset_id, "quay-walking-group");
	cr_assert_str_eq(r.asset_name, "Quay Walking Group");
	cr_assert_str_eq(r.worker, "alice");
	cr_assert_eq(r.status, S(REFERRED));
	cr_assert_str_eq(r.note, "Keen walker");
	cr_assert_str_eq(r.follow_up, "2026-05-02");
	cr_assert_str_eq(r.created_on, TODAY);
	cr_assert_eq(strlen(r.created_at), 20);
	cr_assert_str_eq(r.created_at, r.updated_at);
	cr_assert_eq(r.version, 1);
	cr_assert_eq(r.needs.count, 2, "a need given twice is kept once");
	cr_assert_str_eq(r.needs.item[0], "meeting-people");
	cr_assert_str_eq(r.needs.item[1], "walking");
	cr_assert_eq(r.history_count, 1);
	expect_event(&r.history[0], "alice", NULL, "referred", "2026-05-02", "Keen walker");
	cr_assert_str_eq(r.history[0].at, r.created_at);
	referral_free(&r);
	strlist_clear(&needs);

	/* No needs given: the asset's main need. */
	n.needs = NULL;
	cr_assert_eq(referral_create(per, dir, &n, &id, &err), 0, "%s", error_message(&err));
	load(id, &r);
	cr_assert_eq(r.needs.count, 1);
	cr_assert_str_eq(r.needs.item[0], "walking");
	referral_free(&r);
	n.needs = &needs;   /* an empty list is none given, too */
	n.asset_id = "old-town-lunch-club";
	cr_assert_eq(referral_create(per, dir, &n, &id, &err), 0, "%s", error_message(&err));
	load(id, &r);
	cr_assert_eq(r.needs.count, 1);
	cr_assert_str_eq(r.needs.item[0], "shared-meals");
	referral_free(&r);
	error_clear(&err);
}

/* Refused: the error's kind and message, and nothing written. */
static void expect_create_refused(const struct referral_new *n, enum error_kind kind,
				  const char *part)
{
	struct error err = ERROR_INIT;
	long before = th_count(per, "SELECT count(*) FROM referral");
	long hist = th_count(per, "SELECT count(*) FROM referral_history");
	long needs = th_count(per, "SELECT count(*) FROM referral_need");
	long id = -7;
	cr_assert_eq(referral_create(per, dir, n, &id, &err), -1, "allowed: %s", part);
	expect_error(&err, kind, part);
	cr_assert_eq(th_count(per, "SELECT count(*) FROM referral"), before);
	cr_assert_eq(th_count(per, "SELECT count(*) FROM referral_history"), hist);
	cr_assert_eq(th_count(per, "SELECT count(*) FROM referral_need"), needs);
	error_clear(&err);
}

Test(create, refusals)
{
	refer();   /* one already there, to see that nothing more is added */
	struct referral_new n = {
		.client = "JS-0142", .asset_id = "saltings-choir", .worker = "alice",
		.today = TODAY, .follow_up_days = 14,
	};
	expect_create_refused(&n, ERROR_INPUT, "'saltings-choir' is archived: it no longer "
			      "runs, so nobody can be referred to it");
	n.asset_id = "nope";
	expect_create_refused(&n, ERROR_NOT_FOUND, "no asset with the id 'nope'");
	n.asset_id = "quay-walking-group";
	struct strlist needs = STRLIST_INIT;
	strlist_add(&needs, "walking");
	strlist_add(&needs, "bereavment");
	n.needs = &needs;
	expect_create_refused(&n, ERROR_INPUT, "unknown need 'bereavment': did you mean "
			      "'bereavement'?");
	strlist_clear(&needs);
	n.needs = NULL;
	n.follow_up = "+3m";
	expect_create_refused(&n, ERROR_INPUT, "'+3m' is not a date");
	n.follow_up = NULL;
	n.client = "943 476 5919";
	expect_create_refused(&n, ERROR_INPUT, "holds an NHS number");
	n.client = "jo@example.org";
	expect_create_refused(&n, ERROR_INPUT, "holds an email address");
	n.client = "07700900123";
	expect_create_refused(&n, ERROR_INPUT, "holds a UK phone number");
	n.client = "";
	expect_create_refused(&n, ERROR_INPUT, "a client reference is needed");
	n.client = NULL;
	expect_create_refused(&n, ERROR_INPUT, "a client reference is needed");
	n.client = "JS-0142";
	n.note = "\x1b[2Jcleared";
	expect_create_refused(&n, ERROR_INPUT, "the note holds a control character (U+001B)");
	n.note = "bad \xff byte";
	expect_create_refused(&n, ERROR_INPUT, "the note is not valid UTF-8");
}

Test(create, the_asset_name_is_a_snapshot)
{
	long id = refer();
	th_import_text(dir,
		"signpost: 1\n"
		"assets:\n"
		"  - id: quay-walking-group\n"
		"    name: Harbourside Strollers\n"
		"    sector: community-group\n"
		"    needs: [walking]\n"
		"    localities: [harbourside]\n"
		"    status: closed\n"
		"    archived: true\n");
	struct referral r;
	load(id, &r);
	cr_assert_str_eq(r.asset_name, "Quay Walking Group", "renamed and archived later");
	referral_free(&r);
	struct referral_rows rows;
	struct error err = ERROR_INIT;
	cr_assert_eq(referral_followups(per, NULL, FOLLOWUP_ALL, TODAY, &rows, &err), 0);
	cr_assert_eq(rows.count, 1);
	cr_assert_str_eq(rows.row[0].asset_name, "Quay Walking Group");
	referral_rows_free(&rows);
	/* It can still be followed up and closed, though archived now. */
	must(OP_UPDATE, id, S(CONTACTED), NULL);
	must(OP_CLOSE, id, S(UNSUITABLE), "it stopped");
	/* And nobody new can be referred to it. */
	struct referral_new n = {
		.client = "JS-0143", .asset_id = "quay-walking-group", .worker = "alice",
		.today = TODAY, .follow_up_days = 14,
	};
	expect_create_refused(&n, ERROR_INPUT, "is archived");
	error_clear(&err);
}

Test(create, the_personal_file_is_private_and_apart)
{
	refer();
	char *path = th_path("directory.personal.db");
	struct stat st;
	cr_assert_eq(stat(path, &st), 0, "%s is missing", path);
	cr_assert_eq(st.st_mode & 07777, 0600, "mode %o", (unsigned)(st.st_mode & 07777));
	cr_assert_str_eq(store_path(per), path);
	free(path);
	cr_assert_eq(th_count(dir, "SELECT count(*) FROM sqlite_schema WHERE name LIKE "
			      "'referral%' OR name IN ('unmet_need', 'wellbeing')"), 0);
	cr_assert_eq(th_count(per, "SELECT count(*) FROM sqlite_schema WHERE name IN "
			      "('asset', 'flag')"), 0);
	cr_assert_eq(th_count(per, "SELECT count(*) FROM referral"), 1);
}

/* ---- The reports' summaries (personal migrations 6 and 7) --------------- */

TestSuite(summary, .init = open_stores, .fini = close_stores,
	  .description = "the counts a day, a need and day, an asset and month, and a "
			 "worker and day stay what the referrals say through every write");

/* Rows where a summary and a count of the raw rows differ, both ways. */
static long summary_drift(void)
{
	static const char *const sql[] = {
		"SELECT count(*) FROM (SELECT day, n FROM referral_count_day EXCEPT"
		" SELECT created_on, count(*) FROM referral GROUP BY created_on)",
		"SELECT count(*) FROM (SELECT created_on, count(*) FROM referral"
		" GROUP BY created_on EXCEPT SELECT day, n FROM referral_count_day)",
		"SELECT count(*) FROM (SELECT need, day, n FROM referral_count_need_day EXCEPT"
		" SELECT need, created_on, count(*) FROM referral_need"
		" WHERE created_on IS NOT NULL GROUP BY need, created_on)",
		"SELECT count(*) FROM (SELECT need, created_on, count(*) FROM referral_need"
		" WHERE created_on IS NOT NULL GROUP BY need, created_on"
		" EXCEPT SELECT need, day, n FROM referral_count_need_day)",
		"SELECT count(*) FROM (SELECT asset_id, month, n FROM referral_count_asset_month"
		" EXCEPT SELECT asset_id, substr(created_on, 1, 7), count(*) FROM referral"
		" GROUP BY asset_id, substr(created_on, 1, 7))",
		"SELECT count(*) FROM (SELECT asset_id, substr(created_on, 1, 7), count(*)"
		" FROM referral GROUP BY asset_id, substr(created_on, 1, 7)"
		" EXCEPT SELECT asset_id, month, n FROM referral_count_asset_month)",
		"SELECT count(*) FROM (SELECT worker, day, n FROM referral_count_worker_day"
		" EXCEPT SELECT worker, created_on, count(*) FROM referral GROUP BY 1, 2)",
		"SELECT count(*) FROM (SELECT worker, created_on, count(*) FROM referral"
		" GROUP BY 1, 2 EXCEPT SELECT worker, day, n FROM referral_count_worker_day)",
	};
	long drift = 0;
	for (size_t i = 0; i < sizeof sql / sizeof sql[0]; i++)
		drift += th_count(per, sql[i]);
	return drift;
}

static void exec_ok(const char *sql)
{
	char *msg = NULL;
	int rc = sqlite3_exec(store_db(per), sql, NULL, NULL, &msg);
	cr_assert_eq(rc, SQLITE_OK, "%s: %s", sql, msg ? msg : "");
	sqlite3_free(msg);
}

Test(summary, every_write_path_keeps_it)
{
	struct error err = ERROR_INIT;
	cr_assert_eq(summary_drift(), 0);
	/* Created on several days and months, with the asset's need, with
	 * two needs, and to three assets. */
	long a = refer_as("JS-0001", "quay-walking-group", NULL, "alice", "2026-03-30");
	long b = refer_as("JS-0002", "quay-walking-group", NULL, "alice", "2026-03-30");
	long c = refer_as("JS-0003", "tidemill-bereavement-circle", NULL, "bob", "2026-04-02");
	struct strlist two = STRLIST_INIT;
	strlist_add(&two, "loneliness");
	strlist_add(&two, "shared-meals");
	struct referral_new r = {
		.client = "JS-0004", .asset_id = "old-town-lunch-club", .needs = &two,
		.note = "n", .worker = "carol", .today = "2026-04-02", .follow_up_days = 14,
	};
	long d = 0;
	cr_assert_eq(referral_create(per, dir, &r, &d, &err), 0, "%s", error_message(&err));
	strlist_clear(&two);
	cr_assert_eq(th_count(per, "SELECT sum(n) FROM referral_count_day"), 4);
	cr_assert_eq(th_count(per, "SELECT n FROM referral_count_asset_month"
			      " WHERE asset_id = 'quay-walking-group' AND month = '2026-03'"), 2);
	cr_assert_eq(summary_drift(), 0);

	/* Moves, closing, reopening: the counts stay. */
	cr_assert_eq(change(OP_UPDATE, a, REFERRAL_CONTACTED, "rang", &err), 0, "%s",
		     error_message(&err));
	cr_assert_eq(change(OP_CLOSE, b, REFERRAL_DECLINED, "no", &err), 0, "%s",
		     error_message(&err));
	cr_assert_eq(change(OP_REOPEN, b, REFERRAL_REFERRED, "changed her mind", &err), 0,
		     "%s", error_message(&err));
	cr_assert_eq(change(OP_CLOSE, c, REFERRAL_UNSUITABLE, "done", &err), 0, "%s",
		     error_message(&err));
	cr_assert_eq(summary_drift(), 0);

	/* Purge and erasure change the client, never the counts. */
	struct purge_result pr;
	cr_assert_eq(privacy_purge(per, 1, "2027-06-01", 0, &pr, &err), 0, "%s",
		     error_message(&err));
	struct client_held held;
	cr_assert_eq(privacy_client_erase(per, "JS-0004", &held, &err), 0, "%s",
		     error_message(&err));
	cr_assert_eq(th_count(per, "SELECT sum(n) FROM referral_count_day"), 4);
	cr_assert_eq(summary_drift(), 0);

	/* Anything else that writes the rows: a day or asset changed, a need
	 * changed or removed (nothing in signpost does, the triggers keep
	 * them all the same). */
	char sql[160];
	snprintf(sql, sizeof sql, "UPDATE referral SET created_on = '2026-05-01',"
		 " asset_id = 'saltings-choir' WHERE id = %ld", a);
	exec_ok(sql);
	snprintf(sql, sizeof sql, "UPDATE referral_need SET need = 'walking',"
		 " created_on = '2026-05-01' WHERE referral = %ld AND need = 'loneliness'", d);
	exec_ok("BEGIN");
	exec_ok(sql);
	exec_ok("COMMIT");
	cr_assert_eq(summary_drift(), 0);
	snprintf(sql, sizeof sql, "DELETE FROM referral_need WHERE referral = %ld", c);
	exec_ok(sql);
	cr_assert_eq(summary_drift(), 0);
	/* A referral handed to another link worker moves its count. */
	snprintf(sql, sizeof sql, "UPDATE referral SET worker = 'carol' WHERE id = %ld", b);
	exec_ok(sql);
	cr_assert_eq(th_count(per, "SELECT coalesce(sum(n), 0) FROM referral_count_worker_day"
			      " WHERE worker = 'alice' AND day = '2026-03-30'"), 0);
	cr_assert_eq(th_count(per, "SELECT n FROM referral_count_worker_day"
			      " WHERE worker = 'carol' AND day = '2026-03-30'"), 1);
	cr_assert_eq(summary_drift(), 0);
	/* A count that falls to nothing leaves no row behind. */
	cr_assert_eq(th_count(per, "SELECT count(*) FROM referral_count_day WHERE n <= 0"), 0);
	cr_assert_eq(th_count(per, "SELECT count(*) FROM referral_count_need_day WHERE n <= 0"), 0);
	cr_assert_eq(th_count(per, "SELECT count(*) FROM referral_count_asset_month"
			      " WHERE n <= 0"), 0);
	cr_assert_eq(th_count(per, "SELECT count(*) FROM referral_count_worker_day"
			      " WHERE n <= 0"), 0);
	error_clear(&err);
}
