/* Unit tests of listing maintenance: versions and their history, the
 * field-by-field diff, restore, the refused concurrent save (with both
 * versions handed back) and re-applying on top, ids made and kept,
 * duplicate detection, staleness, flags and the work queue, verify,
 * status and archive.
 *
 * The directory is the bundled taxonomy with the assets in ASSETS below.
 * Today is TODAY (SIGNPOST_TODAY is set to it, so asset_check agrees):
 *
 *   walking-football-harbourside  verified 2025-05-01: 365 days, fresh at 12 months
 *   tide-singers                  verified 2025-04-30: 366 days, stale at 12 months
 *   harbour-cafe                  verified 2026-04-01, "The Harbour Café & Friends"
 *   never-checked                 never verified
 *   old-archived                  archived, verified 2020-01-01 (never stale) */
#include "config.h"

#include "tests/unit/helpers.h"
#include "core/asset_diff.h"
#include "core/asset_key.h"
#include "core/asset_store.h"
#include "core/asset_text.h"
#include "core/duplicate.h"
#include "core/flags.h"
#include "core/listing.h"
#include "core/queue.h"
#include "core/records.h"
#include "core/search.h"
#include "core/slug.h"
#include "core/strlist.h"
#include "core/dates.h"
#include "core/yaml_import.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define TODAY "2026-05-01"

static const char ASSETS[] =
	"signpost: 1\n"
	"assets:\n"
	"  - id: walking-football-harbourside\n"
	"    name: Walking Football\n"
	"    sector: community-group\n"
	"    needs: [physical-activity]\n"
	"    localities: [harbourside]\n"
	"    postcode: ZW1 2AR\n"
	"    phone: \"01632 960100\"\n"
	"    verified: 2025-05-01\n"
	"    verified_by: Ann\n"
	"  - id: tide-singers\n"
	"    name: Tide Singers\n"
	"    sector: vcse\n"
	"    needs: [music-singing]\n"
	"    localities: [tidemill]\n"
	"    verified: 2025-04-30\n"
	"    verified_by: Bo\n"
	"  - id: harbour-cafe\n"
	"    name: The Harbour Café & Friends\n"
	"    sector: vcse\n"
	"    needs: [meeting-people, loneliness]\n"
	"    localities: [harbourside, wrenmouth]\n"
	"    postcode: ZW1 3QT\n"
	"    sessions:\n"
	"      - days: [thu]\n"
	"        start: \"14:00\"\n"
	"        end: \"16:00\"\n"
	"        note: drop in\n"
	"    cost: low\n"
	"    referral: [self, link-worker]\n"
	"    verified: 2026-04-01\n"
	"    verified_by: Cy\n"
	"  - id: never-checked\n"
	"    name: Never Checked Group\n"
	"    sector: vcse\n"
	"    needs: [loneliness]\n"
	"    localities: [saltings]\n"
	"  - id: old-archived\n"
	"    name: Old Archived Club\n"
	"    sector: vcse\n"
	"    needs: [loneliness]\n"
	"    localities: [saltings]\n"
	"    archived: true\n"
	"    verified: 2020-01-01\n";

static struct store *dir;

static void setup(void)
{
	setenv("SIGNPOST_TODAY", TODAY, 1);
	dir = th_directory_taxonomy();
	th_import_text(dir, ASSETS);
}

static void teardown(void)
{
	store_close(dir);
}

#define expect_error(err, want_kind, part) do { \
	cr_assert_eq((err)->kind, (want_kind), "error kind %d, wanted %d (%s)", \
		     (int)(err)->kind, (int)(want_kind), error_message(err)); \
	cr_assert(strstr(error_message(err), (part)) != NULL, \
		  "message '%s' does not say '%s'", error_message(err), (part)); \
} while (0)

static struct asset load(const char *id)
{
	struct asset a;
	struct error err = ERROR_INIT;
	cr_assert_eq(asset_load(dir, id, &a, &err), 0, "load %s: %s", id, error_message(&err));
	return a;
}

static const struct asset_save *by(const char *who, const char *reason, int expected)
{
	static struct asset_save how;
	how.who = who;
	how.reason = reason;
	how.expected_version = expected;
	return &how;
}

/* Edits one text field of the stored asset as an editor would. */
static int edit_phone(const char *id, const char *phone, const char *who, int expected,
		      struct listing_result *res, struct error *err)
{
	struct asset a = load(id);
	free(a.phone);
	a.phone = phone ? strdup(phone) : NULL;
	int rc = listing_edit(dir, &a, by(who, "new number", expected), res, err);
	asset_clear(&a);
	return rc;
}

static long versions_of(const char *id)
{
	char sql[256];
	snprintf(sql, sizeof sql, "SELECT count(*) FROM asset_version v JOIN asset a"
		 " ON a.num = v.asset WHERE a.id = '%s'", id);
	return th_count(dir, sql);
}

/* A new asset in memory with the fields a form fills. */
static void new_asset(struct asset *a, const char *name, const char *locality)
{
	asset_init(a);
	a->name = strdup(name);
	a->sector = strdup("vcse");
	strlist_add(&a->needs, "loneliness");
	if (locality)
		strlist_add(&a->localities, locality);
}

/* ---- Versions and history ----------------------------------------------- */

TestSuite(listing_versions, .init = setup, .fini = teardown,
	  .description = "every change is a version with who, when and why");

Test(listing_versions, add_makes_the_first_version)
{
	struct asset a;
	new_asset(&a, "Knit and Natter", "northgate");
	struct listing_result res;
	listing_result_init(&res);
	struct error err = ERROR_INIT;
	cr_assert_eq(listing_add(dir, &a, by("vol", NULL, 0), &res, &err), 0, "%s",
		     error_message(&err));
	cr_assert_str_eq(a.id, "knit-and-natter-northgate");
	cr_assert_eq(res.change, ASSET_ADDED);
	cr_assert_eq(res.version, 1);
	struct listing_history h;
	cr_assert_eq(listing_history(dir, a.id, &h, &err), 0, "%s", error_message(&err));
	cr_assert_eq(h.count, 1);
	cr_assert_str_eq(h.item[0].changed_by, "vol");
	cr_assert_str_eq(h.item[0].reason, "added");
	cr_assert(strncmp(h.item[0].changed_at, TODAY "T", 11) == 0, "%s", h.item[0].changed_at);
	/* The first version's diff is every field it was made with. */
	const struct asset_diff_item *name = asset_diff_find(&h.item[0].diff, ASSET_KEY_NAME);
	cr_assert_not_null(name);
	cr_assert_null(name->before);
	cr_assert_str_eq(name->after, "Knit and Natter");
	listing_history_free(&h);
	listing_result_free(&res);
	asset_clear(&a);
}

Test(listing_versions, edit_writes_a_version_and_the_diff_shows_old_and_new)
{
	struct listing_result res;
	listing_result_init(&res);
	struct error err = ERROR_INIT;
	cr_assert_eq(edit_phone("walking-football-harbourside", "01632 960999", "ann", 1,
				&res, &err), 0, "%s", error_message(&err));
	cr_assert_eq(res.change, ASSET_CHANGED);
	cr_assert_eq(res.version, 2);
	struct asset now = load("walking-football-harbourside");
	cr_assert_str_eq(now.phone, "01632 960999");
	cr_assert_eq(now.version, 2);
	asset_clear(&now);

	struct listing_history h;
	cr_assert_eq(listing_history(dir, "walking-football-harbourside", &h, &err), 0);
	cr_assert_eq(h.count, 2);
	cr_assert_str_eq(h.item[0].changed_by, "tester");
	cr_assert_str_eq(h.item[0].reason, "import test.yaml");
	cr_assert_str_eq(h.item[1].changed_by, "ann");
	cr_assert_str_eq(h.item[1].reason, "new number");
	cr_assert_eq(h.item[1].diff.count, 1, "only the phone changed");
	cr_assert_eq(h.item[1].diff.item[0].key, ASSET_KEY_PHONE);
	cr_assert_str_eq(h.item[1].diff.item[0].before, "01632 960100");
	cr_assert_str_eq(h.item[1].diff.item[0].after, "01632 960999");
	/* Each version is the asset as it was. */
	cr_assert_str_eq(h.item[0].asset.phone, "01632 960100");
	cr_assert_eq(h.item[0].asset.version, 1);
	listing_history_free(&h);
	listing_result_free(&res);
}

Test(listing_versions, a_cleared_field_diffs_to_nothing)
{
	struct listing_result res;
	listing_result_init(&res);
	struct error err = ERROR_INIT;
	cr_assert_eq(edit_phone("walking-football-harbourside", "", "ann", 0, &res, &err), 0);
	struct listing_version v;
	cr_assert_eq(listing_version_load(dir, "walking-football-harbourside", 2, &v, &err), 0);
	cr_assert_eq(v.diff.count, 1);
	cr_assert_str_eq(v.diff.item[0].before, "01632 960100");
	cr_assert_null(v.diff.item[0].after);
	cr_assert_null(v.asset.phone, "an empty text is stored as none");
	listing_version_clear(&v);
	listing_result_free(&res);
}

Test(listing_versions, an_edit_needs_a_one_line_reason_and_a_who)
{
	struct asset a = load("tide-singers");
	struct error err = ERROR_INIT;
	cr_assert_eq(listing_edit(dir, &a, by("vol", NULL, 0), NULL, &err), -1);
	expect_error(&err, ERROR_INPUT, "why");
	error_clear(&err);
	cr_assert_eq(listing_edit(dir, &a, by("vol", "two\nlines", 0), NULL, &err), -1);
	expect_error(&err, ERROR_INPUT, "one line");
	error_clear(&err);
	cr_assert_eq(listing_edit(dir, &a, by(NULL, "why", 0), NULL, &err), -1);
	expect_error(&err, ERROR_INPUT, "who");
	error_clear(&err);
	cr_assert_eq(versions_of("tide-singers"), 1);
	asset_clear(&a);
}

Test(listing_versions, an_edit_that_changes_nothing_writes_nothing)
{
	struct asset a = load("harbour-cafe");
	struct listing_result res;
	listing_result_init(&res);
	struct error err = ERROR_INIT;
	cr_assert_eq(listing_edit(dir, &a, by("vol", "looked", 1), &res, &err), 0);
	cr_assert_eq(res.change, ASSET_UNCHANGED);
	cr_assert_eq(res.version, 1);
	cr_assert_eq(versions_of("harbour-cafe"), 1);
	listing_result_free(&res);
	asset_clear(&a);
}

Test(listing_versions, a_refused_field_names_the_field)
{
	struct asset a = load("tide-singers");
	free(a.email);
	a.email = strdup("not an address");
	struct listing_result res;
	listing_result_init(&res);
	struct error err = ERROR_INIT;
	cr_assert_eq(listing_edit(dir, &a, by("vol", "email", 0), &res, &err), -1);
	expect_error(&err, ERROR_INPUT, "email 'not an address' is not an email address");
	error_clear(&err);
	cr_assert_eq(res.problems.count, 1);
	cr_assert_str_eq(res.problems.item[0].field, "email");
	cr_assert_eq(versions_of("tide-singers"), 1);
	listing_result_free(&res);
	asset_clear(&a);
}

Test(listing_versions, history_rows_are_append_only_and_assets_never_deleted)
{
	sqlite3 *db = store_db(dir);
	cr_assert_neq(sqlite3_exec(db, "UPDATE asset_version SET reason = 'x'", NULL, NULL, NULL),
		      SQLITE_OK);
	cr_assert_neq(sqlite3_exec(db, "DELETE FROM asset_version", NULL, NULL, NULL), SQLITE_OK);
	cr_assert_neq(sqlite3_exec(db, "DELETE FROM asset WHERE id = 'tide-singers'", NULL,
				   NULL, NULL), SQLITE_OK);
	cr_assert_eq(th_count(dir, "SELECT count(*) FROM asset"), 5);
}

Test(listing_versions, history_of_an_unknown_asset)
{
	struct listing_history h;
	struct error err = ERROR_INIT;
	cr_assert_eq(listing_history(dir, "no-such-asset", &h, &err), -1);
	expect_error(&err, ERROR_NOT_FOUND, "no asset with the id 'no-such-asset'");
	error_clear(&err);
}

Test(listing_versions, the_history_reads_hostile_text_back_as_stored)
{
	/* Bidi controls and line separators are escaped in the stored JSON;
	 * they must come back as the same characters. */
	struct asset a = load("tide-singers");
	free(a.description);
	a.description = strdup("line one\nline \"two\"\t\xe2\x80\xae tab \\ back \xc2\xa0");
	struct error err = ERROR_INIT;
	cr_assert_eq(listing_edit(dir, &a, by("vol", "words", 0), NULL, &err), 0, "%s",
		     error_message(&err));
	struct listing_version v;
	cr_assert_eq(listing_version_load(dir, "tide-singers", 2, &v, &err), 0, "%s",
		     error_message(&err));
	cr_assert_str_eq(v.asset.description, a.description);
	cr_assert_eq(asset_keys_differ(&v.asset, &a), 0);
	listing_version_clear(&v);
	asset_clear(&a);
}

/* ---- Restore ----------------------------------------------------------------- */

TestSuite(listing_restore, .init = setup, .fini = teardown,
	  .description = "restoring an old version writes a new one");

Test(listing_restore, restore_writes_a_new_version_equal_to_the_old)
{
	struct error err = ERROR_INIT;
	cr_assert_eq(edit_phone("harbour-cafe", "01632 960222", "ann", 0, NULL, &err), 0);
	struct asset a = load("harbour-cafe");
	strlist_clear(&a.needs);
	strlist_add(&a.needs, "befriending");
	cr_assert_eq(listing_edit(dir, &a, by("bo", "needs", 0), NULL, &err), 0);
	asset_clear(&a);

	struct listing_result res;
	listing_result_init(&res);
	cr_assert_eq(listing_restore(dir, "harbour-cafe", 1, by("cy", NULL, 3), &res, &err),
		     0, "%s", error_message(&err));
	cr_assert_eq(res.version, 4);
	struct listing_history h;
	cr_assert_eq(listing_history(dir, "harbour-cafe", &h, &err), 0);
	cr_assert_eq(h.count, 4);
	cr_assert_str_eq(h.item[3].reason, "restored version 1");
	cr_assert_str_eq(h.item[3].changed_by, "cy");
	cr_assert_eq(asset_keys_differ(&h.item[0].asset, &h.item[3].asset), 0,
		     "version 4 is version 1 again");
	cr_assert_eq(h.item[3].diff.count, 2, "phone and needs change back");
	struct asset now = load("harbour-cafe");
	cr_assert_eq(asset_keys_differ(&h.item[0].asset, &now), 0);
	cr_assert_eq(now.version, 4);
	asset_clear(&now);
	listing_history_free(&h);
	listing_result_free(&res);
}

Test(listing_restore, restoring_the_current_version_changes_nothing)
{
	struct listing_result res;
	listing_result_init(&res);
	struct error err = ERROR_INIT;
	cr_assert_eq(listing_restore(dir, "tide-singers", 1, by("cy", NULL, 0), &res, &err), 0);
	cr_assert_eq(res.change, ASSET_UNCHANGED);
	cr_assert_eq(versions_of("tide-singers"), 1);
	listing_result_free(&res);
}

Test(listing_restore, an_unknown_version_or_asset_is_not_found)
{
	struct error err = ERROR_INIT;
	cr_assert_eq(listing_restore(dir, "tide-singers", 7, by("cy", NULL, 0), NULL, &err), -1);
	expect_error(&err, ERROR_NOT_FOUND, "'tide-singers' has no version 7 (it has versions 1 to 1)");
	error_clear(&err);
	cr_assert_eq(listing_restore(dir, "nope", 1, by("cy", NULL, 0), NULL, &err), -1);
	expect_error(&err, ERROR_NOT_FOUND, "no asset with the id 'nope'");
	error_clear(&err);
}

Test(listing_restore, restore_keeps_archived_as_it_was)
{
	struct error err = ERROR_INIT;
	cr_assert_eq(listing_archive(dir, "tide-singers", 1, by("cy", NULL, 0), NULL, &err), 0);
	cr_assert_eq(listing_restore(dir, "tide-singers", 1, by("cy", NULL, 0), NULL, &err), 0);
	struct asset a = load("tide-singers");
	cr_assert_eq(a.archived, 0, "version 1 was not archived");
	cr_assert_eq(a.version, 3);
	asset_clear(&a);
}

/* ---- The refused concurrent save ------------------------------------------ */

TestSuite(listing_conflict, .init = setup, .fini = teardown,
	  .description = "a save on top of someone else's is refused, with both versions");

Test(listing_conflict, the_second_save_is_refused_and_gets_the_first)
{
	/* Two volunteers open the same listing at version 1. */
	struct asset mine = load("harbour-cafe"), theirs = load("harbour-cafe");
	struct asset base = load("harbour-cafe");
	free(theirs.phone);
	theirs.phone = strdup("01632 960333");
	struct error err = ERROR_INIT;
	cr_assert_eq(listing_edit(dir, &theirs, by("ann", "phone", 1), NULL, &err), 0);

	free(mine.email);
	mine.email = strdup("cafe@example.org");
	struct listing_result res;
	listing_result_init(&res);
	cr_assert_eq(listing_edit(dir, &mine, by("bo", "email", 1), &res, &err), -1);
	expect_error(&err, ERROR_CONFLICT, "it is now at version 2, you started from version 1");
	cr_assert(strstr(error_message(&err), "ann") != NULL, "%s", error_message(&err));
	error_clear(&err);
	cr_assert_eq(versions_of("harbour-cafe"), 2, "nothing was written");

	/* Both versions are there to show: the one saved meanwhile... */
	cr_assert(res.has_current);
	cr_assert_eq(res.current.version, 2);
	cr_assert_str_eq(res.current.changed_by, "ann");
	cr_assert_str_eq(res.current.reason, "phone");
	cr_assert_str_eq(res.current.asset.phone, "01632 960333");
	cr_assert_null(res.current.asset.email);
	/* ...and what ann changed, field by field. */
	cr_assert_eq(res.current.diff.count, 1);
	cr_assert_eq(res.current.diff.item[0].key, ASSET_KEY_PHONE);

	/* Nothing typed is lost: re-applied on top, both changes stand. */
	struct asset merged;
	unsigned clashes = 99;
	cr_assert_eq(asset_rebase(&base, &mine, &res.current.asset, &merged, &clashes, &err), 0);
	cr_assert_eq(clashes, 0);
	cr_assert_str_eq(merged.phone, "01632 960333");
	cr_assert_str_eq(merged.email, "cafe@example.org");
	cr_assert_eq(merged.version, 2);
	cr_assert_eq(listing_edit(dir, &merged, by("bo", "email", merged.version), NULL, &err),
		     0, "%s", error_message(&err));
	struct asset now = load("harbour-cafe");
	cr_assert_str_eq(now.phone, "01632 960333");
	cr_assert_str_eq(now.email, "cafe@example.org");
	cr_assert_eq(now.version, 3);
	asset_clear(&now);
	asset_clear(&merged);
	listing_result_free(&res);
	asset_clear(&mine);
	asset_clear(&theirs);
	asset_clear(&base);
}

Test(listing_conflict, a_field_both_changed_is_a_clash_and_mine_is_kept)
{
	struct asset base = load("harbour-cafe"), mine = load("harbour-cafe");
	struct asset theirs = load("harbour-cafe");
	free(mine.phone);
	mine.phone = strdup("01632 960444");
	free(theirs.phone);
	theirs.phone = strdup("01632 960555");
	free(theirs.notes);
	theirs.notes = strdup("their note");
	struct asset merged;
	unsigned clashes = 0;
	struct error err = ERROR_INIT;
	cr_assert_eq(asset_rebase(&base, &mine, &theirs, &merged, &clashes, &err), 0);
	cr_assert_eq(clashes, ASSET_KEY_BIT(ASSET_KEY_PHONE));
	cr_assert_str_eq(merged.phone, "01632 960444");
	cr_assert_str_eq(merged.notes, "their note");
	asset_clear(&merged);
	asset_clear(&base);
	asset_clear(&mine);
	asset_clear(&theirs);
}

Test(listing_conflict, every_change_checks_the_version_it_started_from)
{
	struct error err = ERROR_INIT;
	cr_assert_eq(edit_phone("tide-singers", "01632 960666", "ann", 1, NULL, &err), 0);
	struct listing_result res;
	listing_result_init(&res);
	cr_assert_eq(listing_verify(dir, "tide-singers", TODAY, by("bo", NULL, 1), &res, &err), -1);
	expect_error(&err, ERROR_CONFLICT, "version 2");
	cr_assert(res.has_current);
	cr_assert_str_eq(res.current.asset.phone, "01632 960666");
	error_clear(&err);
	listing_result_free(&res);
	cr_assert_eq(listing_archive(dir, "tide-singers", 1, by("bo", NULL, 1), NULL, &err), -1);
	expect_error(&err, ERROR_CONFLICT, "someone else");
	error_clear(&err);
	cr_assert_eq(listing_set_status(dir, "tide-singers", STATUS_FULL, by("bo", NULL, 1),
					NULL, &err), -1);
	expect_error(&err, ERROR_CONFLICT, "someone else");
	error_clear(&err);
	struct asset from;
	asset_init(&from);
	from.notes = strdup("x");
	cr_assert_eq(listing_update(dir, "tide-singers", &from, ASSET_KEY_BIT(ASSET_KEY_NOTES),
				    by("bo", "notes", 1), NULL, &err), -1);
	expect_error(&err, ERROR_CONFLICT, "someone else");
	error_clear(&err);
	asset_clear(&from);
	cr_assert_eq(versions_of("tide-singers"), 2);
}

Test(listing_conflict, update_lays_only_the_given_fields_over_the_current_version)
{
	struct error err = ERROR_INIT;
	cr_assert_eq(edit_phone("harbour-cafe", "01632 960777", "ann", 0, NULL, &err), 0);
	struct asset from;
	asset_init(&from);
	from.notes = strdup("new note");
	from.phone = strdup("ignored, not in the set");
	struct listing_result res;
	listing_result_init(&res);
	cr_assert_eq(listing_update(dir, "harbour-cafe", &from, ASSET_KEY_BIT(ASSET_KEY_NOTES),
				    by("bo", "note", 0), &res, &err), 0, "%s", error_message(&err));
	cr_assert_eq(res.version, 3);
	struct asset now = load("harbour-cafe");
	cr_assert_str_eq(now.phone, "01632 960777");
	cr_assert_str_eq(now.notes, "new note");
	asset_clear(&now);
	asset_clear(&from);
	listing_result_free(&res);
}

/* ---- Ids ---------------------------------------------------------------------- */

TestSuite(listing_ids, .init = setup, .fini = teardown,
	  .description = "ids are made from name and locality, and never change");

static char *new_id(const char *name, const char *locality)
{
	char *id = NULL;
	struct error err = ERROR_INIT;
	cr_assert_eq(listing_new_id(dir, name, locality, &id, &err), 0, "%s",
		     error_message(&err));
	return id;
}

Test(listing_ids, made_from_name_and_main_locality)
{
	char *id = new_id("Knit & Natter", "northgate");
	cr_assert_str_eq(id, "knit-natter-northgate");
	free(id);
	/* A name that already says where does not say it twice. */
	id = new_id("Harbourside Bereavement Café", "harbourside");
	cr_assert_str_eq(id, "harbourside-bereavement-cafe");
	free(id);
	id = new_id("St Brigid's Lunch Club", NULL);
	cr_assert_str_eq(id, "st-brigids-lunch-club");
	free(id);
	id = new_id("???", "tidemill");
	cr_assert_str_eq(id, "tidemill");
	free(id);
	id = new_id("???", NULL);
	cr_assert_str_eq(id, "asset");
	free(id);
}

Test(listing_ids, a_clash_gets_a_number_archived_ones_included)
{
	char *id = new_id("Walking Football", "harbourside");
	cr_assert_str_eq(id, "walking-football-harbourside-2");
	free(id);
	th_import_text(dir, "assets:\n"
		       "  - id: walking-football-harbourside-2\n"
		       "    name: Walking Football\n"
		       "    sector: vcse\n"
		       "    needs: [walking]\n"
		       "    localities: [harbourside]\n"
		       "    archived: true\n");
	id = new_id("Walking Football", "harbourside");
	cr_assert_str_eq(id, "walking-football-harbourside-3");
	free(id);
}

Test(listing_ids, a_long_name_still_makes_a_valid_id_with_its_place_and_number)
{
	const char *name = "The Very Long Named Community Gardening And Growing Together "
			   "Association Of The Northern Shore";
	char *id = new_id(name, "kittiwake-estate");
	cr_assert(slug_valid(id), "%s", id);
	cr_assert(strlen(id) <= 64);
	cr_assert(strstr(id, "-kittiwake-estate") != NULL, "%s", id);
	struct asset a;
	new_asset(&a, name, "kittiwake-estate");
	struct error err = ERROR_INIT;
	cr_assert_eq(listing_add(dir, &a, by("vol", NULL, 0), NULL, &err), 0, "%s",
		     error_message(&err));
	char *again = new_id(name, "kittiwake-estate");
	cr_assert(slug_valid(again) && strlen(again) <= 64, "%s", again);
	cr_assert(strcmp(again + strlen(again) - 2, "-2") == 0, "%s", again);
	free(again);
	free(id);
	asset_clear(&a);
}

Test(listing_ids, the_id_stays_across_edits_and_renames)
{
	struct asset a;
	new_asset(&a, "Knit and Natter", "northgate");
	struct error err = ERROR_INIT;
	cr_assert_eq(listing_add(dir, &a, by("vol", NULL, 0), NULL, &err), 0);
	char *id = strdup(a.id);
	asset_clear(&a);

	a = load(id);
	free(a.name);
	a.name = strdup("Northgate Knitters");
	strlist_clear(&a.localities);
	strlist_add(&a.localities, "tidemill");
	cr_assert_eq(listing_edit(dir, &a, by("vol", "renamed", 0), NULL, &err), 0);
	asset_clear(&a);
	a = load(id);
	cr_assert_str_eq(a.id, "knit-and-natter-northgate", "renamed and moved, same id");
	cr_assert_str_eq(a.name, "Northgate Knitters");
	asset_clear(&a);

	/* An update that names another id is refused. */
	struct asset from;
	asset_init(&from);
	from.id = strdup("northgate-knitters");
	cr_assert_eq(listing_update(dir, id, &from, ASSET_KEY_BIT(ASSET_KEY_ID),
				    by("vol", "rename", 0), NULL, &err), -1);
	expect_error(&err, ERROR_INPUT, "never changes");
	error_clear(&err);
	asset_clear(&from);
	cr_assert_eq(asset_exists(dir, "northgate-knitters", &err), 0);
	free(id);
}

Test(listing_ids, an_id_given_to_add_must_be_free)
{
	struct asset a;
	new_asset(&a, "Another Choir", "tidemill");
	a.id = strdup("tide-singers");
	struct error err = ERROR_INIT;
	cr_assert_eq(listing_add(dir, &a, by("vol", NULL, 0), NULL, &err), -1);
	expect_error(&err, ERROR_INPUT, "the id 'tide-singers' is taken");
	error_clear(&err);
	struct asset t = load("tide-singers");
	cr_assert_str_eq(t.name, "Tide Singers", "the other asset is untouched");
	asset_clear(&t);
	asset_clear(&a);
}

Test(listing_ids, a_form_checks_fields_before_there_is_an_id)
{
	struct asset a;
	asset_init(&a);
	a.phone = strdup("phone me");
	struct asset_problems p = { 0 };
	struct error err = ERROR_INIT;
	cr_assert_eq(listing_check(dir, &a, &p, &err), 0);
	int name = 0, phone = 0;
	for (size_t i = 0; i < p.count; i++) {
		cr_assert_str_neq(p.item[i].field, "id", "no id yet is no problem");
		name |= !strcmp(p.item[i].field, "name");
		phone |= !strcmp(p.item[i].field, "phone");
	}
	cr_assert(name && phone);
	asset_problems_free(&p);
	struct listing_result res;
	listing_result_init(&res);
	cr_assert_eq(listing_add(dir, &a, by("vol", NULL, 0), &res, &err), -1);
	expect_error(&err, ERROR_INPUT, "name is required");
	cr_assert(res.problems.count >= 4, "name, sector, needs, localities, phone");
	error_clear(&err);
	listing_result_free(&res);
	asset_clear(&a);
}

/* ---- Duplicates -------------------------------------------------------------- */

TestSuite(duplicates, .init = setup, .fini = teardown,
	  .description = "the same or nearly the same name, in the same place");

/* The duplicates found for a new asset with this name and place, as
 * "id:match" words. */
static char *dups_of(const char *name, const char *locality, const char *postcode)
{
	struct asset a;
	new_asset(&a, name, locality);
	if (postcode)
		a.postcode = strdup(postcode);
	struct duplicates d;
	struct error err = ERROR_INIT;
	cr_assert_eq(duplicates_find(dir, &a, &d, &err), 0, "%s", error_message(&err));
	static const char *const match[] = { "same", "alike", "near" };
	struct strlist words = STRLIST_INIT;
	for (size_t i = 0; i < d.count; i++) {
		char w[200];
		snprintf(w, sizeof w, "%s:%s%s%s", d.item[i].id, match[d.item[i].name_match],
			 d.item[i].place & DUPLICATE_POSTCODE ? ":postcode" : "",
			 d.item[i].archived ? ":archived" : "");
		strlist_add(&words, w);
		cr_assert_not_null(d.item[i].why);
	}
	char *s = strlist_join(&words, " ");
	strlist_clear(&words);
	duplicates_free(&d);
	asset_clear(&a);
	return s;
}

#define expect_dups(name, locality, postcode, want) do { \
	char *got_ = dups_of(name, locality, postcode); \
	cr_assert_str_eq(got_, want, "duplicates of '%s' in %s", name, \
			 locality ? locality : "-"); \
	free(got_); \
} while (0)

Test(duplicates, the_same_name_in_the_same_locality)
{
	expect_dups("Walking Football", "harbourside", NULL, "walking-football-harbourside:same");
}

Test(duplicates, names_that_differ_only_in_case_punctuation_the_or_accents)
{
	expect_dups("walking football", "harbourside", NULL, "walking-football-harbourside:alike");
	expect_dups("WALKING-FOOTBALL!", "harbourside", NULL, "walking-football-harbourside:alike");
	expect_dups("The Walking Football", "harbourside", NULL,
		    "walking-football-harbourside:alike");
	expect_dups("Harbour Cafe and Friends", "wrenmouth", NULL, "harbour-cafe:alike");
	expect_dups("the harbour café, friends", "harbourside", NULL, "harbour-cafe:alike");
}

Test(duplicates, nearly_the_same_name)
{
	expect_dups("Walking Footbal", "harbourside", NULL, "walking-football-harbourside:near");
	expect_dups("Tide Singer", "tidemill", NULL, "tide-singers:near");
	/* Two letters out in a short name is another name. */
	expect_dups("Tide Sing", "tidemill", NULL, "");
	expect_dups("Walking Netball", "harbourside", NULL, "");
}

Test(duplicates, the_same_postcode_counts_as_the_same_place)
{
	expect_dups("Walking Football", "tidemill", "zw1  2ar",
		    "walking-football-harbourside:same:postcode");
	expect_dups("Walking Football", "tidemill", NULL, "");
	expect_dups("Walking Football", "tidemill", "ZW9 9ZZ", "");
}

Test(duplicates, archived_ones_count_and_say_so)
{
	expect_dups("Old Archived Club", "saltings", NULL, "old-archived:same:archived");
}

Test(duplicates, an_asset_is_not_its_own_duplicate)
{
	struct asset a = load("tide-singers");
	struct duplicates d;
	struct error err = ERROR_INIT;
	cr_assert_eq(duplicates_find(dir, &a, &d, &err), 0);
	cr_assert_eq(d.count, 0);
	duplicates_free(&d);
	asset_clear(&a);
}

Test(duplicates, the_why_says_how_and_where)
{
	struct asset a;
	new_asset(&a, "walking football", "harbourside");
	a.postcode = strdup("ZW1 2AR");
	struct duplicates d;
	struct error err = ERROR_INIT;
	cr_assert_eq(duplicates_find(dir, &a, &d, &err), 0);
	cr_assert_eq(d.count, 1);
	cr_assert_str_eq(d.item[0].why, "the same name but for case, accents, punctuation "
			 "or \"The\", in locality harbourside and at the same postcode (ZW1 2AR)");
	duplicates_free(&d);
	asset_clear(&a);
}

Test(duplicates, name_keys)
{
	const char *cases[][2] = {
		{ "The Harbour Café & Friends", "harbour-cafe-friends" },
		{ "harbour cafe and friends", "harbour-cafe-friends" },
		{ "  HARBOUR   CAFÉ...FRIENDS  ", "harbour-cafe-friends" },
		{ "St Brigid's", "st-brigids" },
		{ "Theatre Club", "theatre-club" },
		{ "The", "the" },
		{ "Ōtautahi ŵ", "otautahi-w" },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char *k = duplicate_name_key(cases[i][0]);
		cr_assert_str_eq(k, cases[i][1], "key of '%s'", cases[i][0]);
		free(k);
	}
	cr_assert(duplicate_keys_near("walking-football", "walking-footbal"));
	cr_assert(duplicate_keys_near("walking-football-club", "walkin-footbal-club"));
	cr_assert(!duplicate_keys_near("yoga", "yogi"), "too short to guess");
	cr_assert(!duplicate_keys_near("walking-football", "walking-netball"));
}

/* ---- Staleness ------------------------------------------------------------- */

TestSuite(staleness, .init = setup, .fini = teardown,
	  .description = "not verified within the threshold, oldest first");

static char *stale_ids(long days)
{
	struct stale_rows rows;
	struct error err = ERROR_INIT;
	cr_assert_eq(stale_list(dir, TODAY, days, &rows, &err), 0, "%s", error_message(&err));
	struct strlist ids = STRLIST_INIT;
	for (size_t i = 0; i < rows.count; i++)
		strlist_add(&ids, rows.row[i].id);
	char *s = strlist_join(&ids, ",");
	strlist_clear(&ids);
	stale_rows_free(&rows);
	return s;
}

Test(staleness, twelve_months_is_365_days_at_the_boundary)
{
	cr_assert_eq(stale_months_days(12), 365);
	cr_assert_eq(stale_months_days(6), 182);
	cr_assert_eq(stale_months_days(1), 30);
	/* 365 days old is fresh, 366 stale; never verified comes first and
	 * the archived one not at all. */
	char *ids = stale_ids(stale_months_days(12));
	cr_assert_str_eq(ids, "never-checked,tide-singers");
	free(ids);
	ids = stale_ids(364);
	cr_assert_str_eq(ids, "never-checked,tide-singers,walking-football-harbourside");
	free(ids);
	/* harbour-cafe was verified 30 days ago. */
	ids = stale_ids(30);
	cr_assert_str_eq(ids, "never-checked,tide-singers,walking-football-harbourside");
	free(ids);
	ids = stale_ids(29);
	cr_assert_str_eq(ids, "never-checked,tide-singers,walking-football-harbourside,"
			 "harbour-cafe");
	free(ids);
	ids = stale_ids(0);
	cr_assert_str_eq(ids, "never-checked,tide-singers,walking-football-harbourside,"
			 "harbour-cafe");
	free(ids);
}

Test(staleness, agrees_with_asset_is_stale_for_every_age)
{
	/* The list and the detail view's "(stale)" must never disagree. */
	for (int months = 1; months <= 24; months++) {
		long limit = stale_months_days(months);
		for (long age = 0; age < 800; age += 1) {
			char on[DATE_LEN];
			date_from_days(date_days(TODAY) - age, on);
			int listed = age > limit;
			cr_assert_eq(asset_is_stale(on, TODAY, months), listed,
				     "%d months, %ld days", months, age);
		}
	}
}

Test(staleness, rows_say_how_old)
{
	struct stale_rows rows;
	struct error err = ERROR_INIT;
	cr_assert_eq(stale_list(dir, TODAY, 365, &rows, &err), 0);
	cr_assert_eq(rows.count, 2);
	cr_assert_null(rows.row[0].verified_on);
	cr_assert_eq(rows.row[0].age_days, -1);
	cr_assert_str_eq(rows.row[1].verified_on, "2025-04-30");
	cr_assert_eq(rows.row[1].age_days, 366);
	cr_assert_str_eq(rows.row[1].verified_by, "Bo");
	cr_assert_str_eq(rows.row[1].name, "Tide Singers");
	stale_rows_free(&rows);
}

Test(staleness, ages_as_people_write_them)
{
	static const struct { const char *text; long days; } good[] = {
		{ "6m", 182 }, { "12m", 365 }, { "6", 182 }, { "8w", 56 }, { "90d", 90 },
		{ "1y", 365 }, { "2Y", 730 }, { "1d", 1 },
	};
	for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
		long days = -1;
		struct error err = ERROR_INIT;
		cr_assert_eq(stale_age_parse(good[i].text, &days, &err), 0, "%s: %s",
			     good[i].text, error_message(&err));
		cr_assert_eq(days, good[i].days, "%s", good[i].text);
	}
	static const char *const bad[] = {
		"", "m", "6x", "0d", "-1m", "6mm", "6 m", " 6m", "1e3d",
		"99999999999999999999d", "1300m", "101y",
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		long days = -1;
		struct error err = ERROR_INIT;
		cr_assert_eq(stale_age_parse(bad[i], &days, &err), -1, "'%s' accepted", bad[i]);
		expect_error(&err, ERROR_INPUT, "is not an age");
		error_clear(&err);
	}
}

Test(staleness, verifying_takes_a_listing_off_the_list)
{
	struct error err = ERROR_INIT;
	cr_assert_eq(listing_verify(dir, "tide-singers", TODAY, by("vol", NULL, 0), NULL, &err), 0);
	char *ids = stale_ids(365);
	cr_assert_str_eq(ids, "never-checked");
	free(ids);
}

/* ---- Flags and the work queue --------------------------------------------- */

TestSuite(flags, .init = setup, .fini = teardown,
	  .description = "flags are listed oldest first and resolved once");

static long raise_flag(const char *asset, enum flag_reason reason, const char *note)
{
	long id = 0;
	struct error err = ERROR_INIT;
	cr_assert_eq(flag_raise(dir, asset, reason, note, "lw", &id, &err), 0, "%s",
		     error_message(&err));
	return id;
}

Test(flags, resolve_records_who_when_and_how)
{
	long id = raise_flag("tide-singers", FLAG_WRONG_DETAILS, "the phone number is dead");
	struct error err = ERROR_INIT;
	cr_assert_eq(flag_resolve(dir, id, "new number in the listing", "vol", &err), 0, "%s",
		     error_message(&err));
	struct flag_row f;
	cr_assert_eq(flag_load(dir, id, &f, &err), 0);
	cr_assert_str_eq(f.resolved_by, "vol");
	cr_assert_str_eq(f.resolution, "new number in the listing");
	cr_assert(strncmp(f.resolved_at, TODAY "T", 11) == 0, "%s", f.resolved_at);
	cr_assert_str_eq(f.raised_by, "lw");
	cr_assert_str_eq(f.note, "the phone number is dead");
	cr_assert_str_eq(f.asset_id, "tide-singers");
	cr_assert_str_eq(f.asset_name, "Tide Singers");
	cr_assert_eq(f.reason, FLAG_WRONG_DETAILS);
	flag_row_clear(&f);
}

Test(flags, resolving_twice_is_refused)
{
	long id = raise_flag("tide-singers", FLAG_FULL, NULL);
	struct error err = ERROR_INIT;
	cr_assert_eq(flag_resolve(dir, id, "now waiting-list", "vol", &err), 0);
	cr_assert_eq(flag_resolve(dir, id, "again", "bo", &err), -1);
	expect_error(&err, ERROR_CONFLICT, "was resolved already, by vol");
	error_clear(&err);
	struct flag_row f;
	cr_assert_eq(flag_load(dir, id, &f, &err), 0);
	cr_assert_str_eq(f.resolution, "now waiting-list", "the first resolution stands");
	flag_row_clear(&f);
}

Test(flags, resolving_needs_a_known_flag_and_a_note)
{
	long id = raise_flag("tide-singers", FLAG_CLOSED, NULL);
	struct error err = ERROR_INIT;
	cr_assert_eq(flag_resolve(dir, 999, "x", "vol", &err), -1);
	expect_error(&err, ERROR_NOT_FOUND, "no flag with the id 999");
	error_clear(&err);
	cr_assert_eq(flag_resolve(dir, id, "", "vol", &err), -1);
	expect_error(&err, ERROR_INPUT, "say how");
	error_clear(&err);
	cr_assert_eq(flag_resolve(dir, id, "bad \x1b[31m", "vol", &err), -1);
	expect_error(&err, ERROR_INPUT, "control character");
	error_clear(&err);
	cr_assert_eq(th_count(dir, "SELECT count(*) FROM flag WHERE resolved_at IS NULL"), 1);
}

Test(flags, listed_oldest_first_open_or_all)
{
	long a = raise_flag("tide-singers", FLAG_FULL, NULL);
	long b = raise_flag("harbour-cafe", FLAG_CLOSED, NULL);
	long c = raise_flag("old-archived", FLAG_OTHER, "moved away");
	/* Flags raised in one second sort by id; make the last the oldest. */
	sqlite3_exec(store_db(dir), "UPDATE flag SET raised_at = '2026-01-01T00:00:00Z'"
		     " WHERE id = 3", NULL, NULL, NULL);
	struct error err = ERROR_INIT;
	cr_assert_eq(flag_resolve(dir, a, "done", "vol", &err), 0);
	struct flag_rows rows;
	cr_assert_eq(flags_list(dir, 1, NULL, &rows, &err), 0);
	cr_assert_eq(rows.count, 2);
	cr_assert_eq(rows.row[0].id, c);
	cr_assert_eq(rows.row[0].asset_archived, 1);
	cr_assert_eq(rows.row[1].id, b);
	flag_rows_free(&rows);
	cr_assert_eq(flags_list(dir, 0, NULL, &rows, &err), 0);
	cr_assert_eq(rows.count, 3);
	cr_assert_eq(rows.row[0].id, c);
	cr_assert_eq(rows.row[1].id, a);
	cr_assert_str_eq(rows.row[1].resolved_by, "vol");
	flag_rows_free(&rows);
	cr_assert_eq(flags_list(dir, 0, "harbour-cafe", &rows, &err), 0);
	cr_assert_eq(rows.count, 1);
	cr_assert_eq(rows.row[0].id, b);
	flag_rows_free(&rows);
}

Test(flags, the_queue_holds_flags_and_stale_listings_oldest_first)
{
	long f1 = raise_flag("harbour-cafe", FLAG_WRONG_DETAILS, "new phone");
	long f2 = raise_flag("tide-singers", FLAG_FULL, NULL);
	sqlite3_exec(store_db(dir), "UPDATE flag SET raised_at = '2025-04-30T09:00:00Z'"
		     " WHERE id = 2", NULL, NULL, NULL);
	struct work_queue q;
	struct error err = ERROR_INIT;
	cr_assert_eq(queue_build(dir, TODAY, 365, &q, &err), 0, "%s", error_message(&err));
	/* never-checked (never), tide-singers stale (2025-04-30), the flag on
	 * tide-singers (2025-04-30, after the listing on the same day), the
	 * flag on harbour-cafe (today). */
	cr_assert_eq(q.count, 4);
	cr_assert_eq(q.item[0].kind, QUEUE_STALE);
	cr_assert_str_eq(q.item[0].asset_id, "never-checked");
	cr_assert_null(q.item[0].since);
	cr_assert_eq(q.item[0].age_days, -1);
	cr_assert_eq(q.item[1].kind, QUEUE_STALE);
	cr_assert_str_eq(q.item[1].asset_id, "tide-singers");
	cr_assert_eq(q.item[1].age_days, 366);
	cr_assert_eq(q.item[2].kind, QUEUE_FLAG);
	cr_assert_eq(q.item[2].flag_id, f2);
	cr_assert_eq(q.item[2].age_days, 366);
	cr_assert_eq(q.item[3].kind, QUEUE_FLAG);
	cr_assert_eq(q.item[3].flag_id, f1);
	cr_assert_str_eq(q.item[3].note, "new phone");
	cr_assert_str_eq(q.item[3].raised_by, "lw");
	cr_assert_str_eq(q.item[3].asset_name, "The Harbour Café & Friends");
	cr_assert_eq(q.item[3].age_days, 0);
	queue_free(&q);

	/* Working it: resolve one, verify one; both leave the queue. */
	cr_assert_eq(flag_resolve(dir, f1, "fixed", "vol", &err), 0);
	cr_assert_eq(listing_verify(dir, "tide-singers", TODAY, by("vol", NULL, 0), NULL, &err), 0);
	cr_assert_eq(queue_build(dir, TODAY, 365, &q, &err), 0);
	cr_assert_eq(q.count, 2);
	cr_assert_str_eq(q.item[0].asset_id, "never-checked");
	cr_assert_eq(q.item[1].flag_id, f2, "a flag stays until it is resolved");
	queue_free(&q);
}

/* ---- Verify, status and archive ----------------------------------------- */

TestSuite(listing_changes, .init = setup, .fini = teardown,
	  .description = "verify, status and archive, each a version");

Test(listing_changes, verify_touches_only_the_verified_fields)
{
	struct asset before = load("harbour-cafe");
	struct listing_result res;
	listing_result_init(&res);
	struct error err = ERROR_INIT;
	cr_assert_eq(listing_verify(dir, "harbour-cafe", TODAY, by("vol", NULL, 0), &res, &err),
		     0, "%s", error_message(&err));
	cr_assert_eq(res.change, ASSET_CHANGED);
	cr_assert_eq(res.version, 2);
	struct asset after = load("harbour-cafe");
	cr_assert_eq(asset_keys_differ(&before, &after),
		     ASSET_KEY_BIT(ASSET_KEY_VERIFIED) | ASSET_KEY_BIT(ASSET_KEY_VERIFIED_BY));
	cr_assert_str_eq(after.verified_on, TODAY);
	cr_assert_str_eq(after.verified_by, "vol");
	struct listing_version v;
	cr_assert_eq(listing_version_load(dir, "harbour-cafe", 2, &v, &err), 0);
	cr_assert_str_eq(v.reason, "verified");
	cr_assert_str_eq(v.changed_by, "vol");
	cr_assert_eq(v.diff.count, 2);
	listing_version_clear(&v);
	/* Again the same day by the same person: nothing new to say. */
	listing_result_free(&res);
	cr_assert_eq(listing_verify(dir, "harbour-cafe", TODAY, by("vol", NULL, 0), &res, &err), 0);
	cr_assert_eq(res.change, ASSET_UNCHANGED);
	cr_assert_eq(versions_of("harbour-cafe"), 2);
	/* By someone else, it is. */
	cr_assert_eq(listing_verify(dir, "harbour-cafe", TODAY, by("bo", NULL, 0), &res, &err), 0);
	cr_assert_eq(res.change, ASSET_CHANGED);
	listing_result_free(&res);
	asset_clear(&before);
	asset_clear(&after);
}

Test(listing_changes, verify_refuses_a_date_that_is_not_one)
{
	struct error err = ERROR_INIT;
	cr_assert_eq(listing_verify(dir, "harbour-cafe", "2026-02-30", by("vol", NULL, 0),
				    NULL, &err), -1);
	expect_error(&err, ERROR_INPUT, "is not a date");
	error_clear(&err);
	cr_assert_eq(listing_verify(dir, "nope", TODAY, by("vol", NULL, 0), NULL, &err), -1);
	expect_error(&err, ERROR_NOT_FOUND, "no asset with the id 'nope'");
	error_clear(&err);
}

Test(listing_changes, status_changes_are_versions_with_a_reason)
{
	static const enum asset_status order[] = {
		STATUS_FULL, STATUS_WAITING_LIST, STATUS_TEMPORARILY_CLOSED, STATUS_CLOSED,
		STATUS_OPEN,
	};
	struct error err = ERROR_INIT;
	for (size_t i = 0; i < sizeof order / sizeof order[0]; i++) {
		struct listing_result res;
		listing_result_init(&res);
		cr_assert_eq(listing_set_status(dir, "tide-singers", order[i], by("vol", NULL, 0),
						&res, &err), 0, "%s", error_message(&err));
		cr_assert_eq(res.version, (int)i + 2);
		struct asset a = load("tide-singers");
		cr_assert_eq(a.status, order[i]);
		asset_clear(&a);
		listing_result_free(&res);
	}
	struct listing_version v;
	cr_assert_eq(listing_version_load(dir, "tide-singers", 2, &v, &err), 0);
	cr_assert_str_eq(v.reason, "status: full");
	cr_assert_eq(v.diff.count, 1);
	cr_assert_str_eq(v.diff.item[0].before, "open");
	cr_assert_str_eq(v.diff.item[0].after, "full");
	listing_version_clear(&v);
	/* The same status again writes nothing. */
	struct listing_result res;
	listing_result_init(&res);
	cr_assert_eq(listing_set_status(dir, "tide-singers", STATUS_OPEN,
					by("vol", "still open", 0), &res, &err), 0);
	cr_assert_eq(res.change, ASSET_UNCHANGED);
	listing_result_free(&res);
}

static long found(const char *words)
{
	struct search_query q;
	search_query_init(&q);
	q.words = words;
	struct search_result r;
	struct error err = ERROR_INIT;
	cr_assert_eq(search_run(dir, &q, &r, &err), 0, "%s", error_message(&err));
	long n = (long)r.count;
	search_result_free(&r);
	search_query_clear(&q);
	return n;
}

Test(listing_changes, archive_leaves_search_and_unarchive_brings_it_back)
{
	cr_assert_eq(found("tide singers"), 1);
	struct error err = ERROR_INIT;
	struct listing_result res;
	listing_result_init(&res);
	cr_assert_eq(listing_archive(dir, "tide-singers", 1, by("vol", "folded", 0), &res, &err), 0);
	cr_assert_eq(res.version, 2);
	cr_assert_eq(found("tide singers"), 0);
	/* Still there, with its history. */
	struct asset a = load("tide-singers");
	cr_assert_eq(a.archived, 1);
	asset_clear(&a);
	listing_result_free(&res);
	cr_assert_eq(listing_archive(dir, "tide-singers", 1, by("vol", NULL, 0), &res, &err), 0);
	cr_assert_eq(res.change, ASSET_UNCHANGED, "archived already");
	listing_result_free(&res);
	cr_assert_eq(listing_archive(dir, "tide-singers", 0, by("vol", NULL, 0), &res, &err), 0);
	cr_assert_eq(res.version, 3);
	cr_assert_eq(found("tide singers"), 1);
	listing_result_free(&res);
	struct listing_history h;
	cr_assert_eq(listing_history(dir, "tide-singers", &h, &err), 0);
	cr_assert_eq(h.count, 3);
	cr_assert_str_eq(h.item[1].reason, "folded");
	cr_assert_str_eq(h.item[2].reason, "unarchived");
	cr_assert_eq(h.item[1].diff.count, 1);
	cr_assert_eq(h.item[1].diff.item[0].key, ASSET_KEY_ARCHIVED);
	listing_history_free(&h);
	/* A stale listing that is archived needs no checking. */
	cr_assert_eq(listing_archive(dir, "tide-singers", 1, by("vol", NULL, 0), NULL, &err), 0);
	char *ids = stale_ids(365);
	cr_assert_str_eq(ids, "never-checked");
	free(ids);
}

/* ---- Fields, and one asset from YAML ------------------------------------ */

TestSuite(asset_fields, .init = setup, .fini = teardown,
	  .description = "the field table, copies, and one asset read from YAML");

Test(asset_fields, a_stored_document_reads_back_equal)
{
	static const char *const ids[] = {
		"walking-football-harbourside", "tide-singers", "harbour-cafe",
		"never-checked", "old-archived",
	};
	for (size_t i = 0; i < sizeof ids / sizeof ids[0]; i++) {
		struct asset a = load(ids[i]);
		char *doc = asset_document(&a);
		struct asset back;
		struct error err = ERROR_INIT;
		cr_assert_eq(import_asset_text("doc", doc, strlen(doc), IMPORT_ASSET_STORED,
					       &back, NULL, &err), 0, "%s: %s", ids[i],
			     error_message(&err));
		cr_assert_eq(asset_keys_differ(&a, &back), 0, "%s", ids[i]);
		struct asset copy;
		cr_assert_eq(asset_copy(&copy, &a), 0);
		cr_assert_eq(asset_keys_differ(&a, &copy), 0);
		cr_assert_eq(copy.version, a.version);
		asset_clear(&copy);
		asset_clear(&back);
		free(doc);
		asset_clear(&a);
	}
}

Test(asset_fields, yaml_says_which_fields_it_gives)
{
	const char *text = "phone: \"01632 960000\"\nneeds: [loneliness]\nnotes: ~\n";
	struct asset a;
	unsigned present = 0;
	struct error err = ERROR_INIT;
	cr_assert_eq(import_asset_text("stdin", text, strlen(text), 0, &a, &present, &err), 0,
		     "%s", error_message(&err));
	cr_assert_eq(present, ASSET_KEY_BIT(ASSET_KEY_PHONE) | ASSET_KEY_BIT(ASSET_KEY_NEEDS) |
			      ASSET_KEY_BIT(ASSET_KEY_NOTES));
	cr_assert_str_eq(a.phone, "01632 960000");
	cr_assert_null(a.notes);
	asset_clear(&a);
}

Test(asset_fields, yaml_mistakes_name_the_line_and_column)
{
	static const struct { const char *text, *want; } bad[] = {
		{ "name: x\ncolour: red\n", "stdin:2:1: unknown field 'colour' in an asset" },
		{ "name: x\ncost: cheap\n", "stdin:2:7: cost 'cheap' is not one of: free, low, paid" },
		{ "- name: x\n", "stdin:1:1: expected a mapping of an asset's fields" },
		{ "name: [a, b]\n", "stdin:1:7: name should be a single value, not a list" },
		{ "id: Not A Slug\n", "stdin:1:5: id 'Not A Slug' must be" },
		{ "name: x\nname: y\n", "stdin:2:1: field 'name' is given twice" },
		{ "name: \"a\\tb\"\n", "stdin:1:7: name holds a control character (U+0009)" },
		{ "name: x\n---\nname: y\n", "a second document" },
		{ "", "stdin: empty file" },
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		struct asset a;
		struct error err = ERROR_INIT;
		cr_assert_eq(import_asset_text("stdin", bad[i].text, strlen(bad[i].text), 0, &a,
					       NULL, &err), -1, "accepted: %s", bad[i].text);
		expect_error(&err, ERROR_INPUT, bad[i].want);
		error_clear(&err);
		cr_assert_null(a.name, "left empty");
	}
}

Test(asset_fields, key_names_and_texts)
{
	enum asset_key k;
	cr_assert_eq(asset_key_parse("cost-note", &k), 0);
	cr_assert_eq(k, ASSET_KEY_COST_NOTE);
	cr_assert_eq(asset_key_parse("verified", &k), 0);
	cr_assert_eq(k, ASSET_KEY_VERIFIED);
	cr_assert_eq(asset_key_parse("colour", &k), -1);
	cr_assert_str_eq(asset_key_name(ASSET_KEY_REFERRAL_NOTE), "referral_note");
	cr_assert_str_eq(asset_key_label(ASSET_KEY_VERIFIED_BY), "Verified by");
	struct asset a = load("harbour-cafe");
	cr_assert_eq(asset_key_set_text(&a, ASSET_KEY_NEEDS, "x"), 1, "not a text field");
	cr_assert_eq(asset_key_set_text(&a, ASSET_KEY_NOTES, "a note"), 0);
	cr_assert_str_eq(a.notes, "a note");
	cr_assert_eq(asset_key_set_text(&a, ASSET_KEY_NOTES, ""), 0);
	cr_assert_null(a.notes, "an empty text empties the field");
	static const struct { enum asset_key k; const char *text; } texts[] = {
		{ ASSET_KEY_NEEDS, "meeting-people, loneliness" },
		{ ASSET_KEY_LOCALITIES, "harbourside, wrenmouth" },
		{ ASSET_KEY_SESSIONS, "Thu 14:00-16:00 drop in" },
		{ ASSET_KEY_COST, "low" },
		{ ASSET_KEY_REFERRAL, "self, link-worker" },
		{ ASSET_KEY_STATUS, "open" },
		{ ASSET_KEY_VERIFIED, "2026-04-01" },
		{ ASSET_KEY_ARCHIVED, NULL },
		{ ASSET_KEY_PHONE, NULL },
	};
	for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
		char *s = NULL;
		cr_assert_eq(asset_key_text(&a, texts[i].k, &s), 0);
		if (texts[i].text)
			cr_assert_str_eq(s, texts[i].text);
		else
			cr_assert_null(s, "%s", asset_key_name(texts[i].k));
		free(s);
	}
	asset_clear(&a);
}

/* ---- The stored name keys (directory migration 8) ------------------------ */

/* Every asset's stored name key is duplicate_name_key() of its name, as
 * the raw rows give it: what the listing health report's likely
 * duplicates group by. */
static void expect_keys_right(const char *after)
{
	sqlite3_stmt *stmt;
	cr_assert_eq(sqlite3_prepare_v2(store_db(dir), "SELECT id, name, name_key FROM asset",
					-1, &stmt, NULL), SQLITE_OK);
	int n = 0;
	while (sqlite3_step(stmt) == SQLITE_ROW) {
		const char *id = (const char *)sqlite3_column_text(stmt, 0);
		const char *name = (const char *)sqlite3_column_text(stmt, 1);
		const char *stored = (const char *)sqlite3_column_text(stmt, 2);
		char *want = duplicate_name_key(name);
		cr_assert(want);
		cr_assert(stored && strcmp(stored, want) == 0,
			  "after %s, %s (%s): stored key '%s', wanted '%s'", after, id, name,
			  stored ? stored : "(null)", want);
		free(want);
		n++;
	}
	sqlite3_finalize(stmt);
	cr_assert_gt(n, 0);
	/* The report's index holds the live ones, each once. */
	cr_assert_eq(th_count(dir, "SELECT count(*) FROM asset INDEXED BY asset_live_by_name_key"
			      " WHERE archived = 0"),
		     th_count(dir, "SELECT count(*) FROM asset WHERE archived = 0"), "after %s",
		     after);
}

static void rename_to(const char *id, const char *name)
{
	struct asset a = load(id);
	free(a.name);
	a.name = strdup(name);
	struct error err = ERROR_INIT;
	cr_assert_eq(listing_edit(dir, &a, by("vol", "renamed", 0), NULL, &err), 0, "%s",
		     error_message(&err));
	asset_clear(&a);
}

TestSuite(name_key, .init = setup, .fini = teardown,
	  .description = "each asset's stored name key stays what its name gives");

Test(name_key, stays_right_through_every_write)
{
	struct error err = ERROR_INIT;
	expect_keys_right("the import");
	rename_to("tide-singers", "The Tide Singers & Friends");
	expect_keys_right("an edit");
	rename_to("harbour-cafe", "Walking  football!");
	expect_keys_right("a rename to another's key");
	cr_assert_eq(listing_verify(dir, "never-checked", TODAY, by("vol", NULL, 0), NULL, &err),
		     0, "%s", error_message(&err));
	cr_assert_eq(listing_set_status(dir, "tide-singers", STATUS_FULL, by("vol", NULL, 0),
					NULL, &err), 0, "%s", error_message(&err));
	expect_keys_right("verify and status");
	cr_assert_eq(listing_archive(dir, "harbour-cafe", 1, by("vol", NULL, 0), NULL, &err), 0,
		     "%s", error_message(&err));
	expect_keys_right("archive");
	cr_assert_eq(listing_archive(dir, "harbour-cafe", 0, by("vol", NULL, 0), NULL, &err), 0,
		     "%s", error_message(&err));
	cr_assert_eq(listing_restore(dir, "tide-singers", 1, by("vol", NULL, 0), NULL, &err), 0,
		     "%s", error_message(&err));
	expect_keys_right("bring back and restore");
	th_import_text(dir,
		       "signpost: 1\n"
		       "assets:\n"
		       "  - id: tide-singers\n"
		       "    name: Tide-Singers (new)\n"
		       "    sector: vcse\n"
		       "    needs: [music-singing]\n"
		       "    localities: [tidemill]\n"
		       "  - id: brand-new\n"
		       "    name: \xc3\x89glise & the Tide Singers\n"
		       "    sector: vcse\n"
		       "    needs: [music-singing]\n"
		       "    localities: [tidemill]\n");
	expect_keys_right("an import over them");
	struct asset a;
	asset_init(&a);
	a.name = strdup("The Harbour Cafe and Friends");
	a.sector = strdup("vcse");
	strlist_add(&a.needs, "music-singing");
	strlist_add(&a.localities, "tidemill");
	cr_assert_eq(listing_add(dir, &a, by("vol", NULL, 0), NULL, &err), 0, "%s",
		     error_message(&err));
	asset_clear(&a);
	expect_keys_right("an add");
}
