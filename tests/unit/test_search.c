/* Unit tests of search: filters, words, ranking, hostile input, and the
 * FTS5 query that words become.
 *
 * Every expected answer here was worked out by hand from
 * tests/data/fixture.yaml; the comments show the working.  A01..A18 are
 * the assets as numbered in that file's comments:
 *
 *   A01 harbour-bereavement-cafe    vcse   saltby-harbour   bereavement, meeting-people  thu      open
 *   A02 mill-lane-cafe              vcse   kelling-mill     meeting-people               mon,wed  open
 *   A03 crepe-and-chat              vcse   kelling-green    loneliness                   sat      waiting-list
 *   A04 oneils-garden               vcse   saltby-north     meeting-people               tue,sat  open
 *   A05 smith-jones-hall            l-a    saltby-fields    meeting-people               fri      temporarily-closed
 *   A06 lantern-club                faith  kelling          loneliness                   wed      open
 *   A07 harbour-evening-walks       vcse   saltby-harbour   meeting-people               fri      open
 *   A08 lantern-supper-club         faith  kelling          loneliness                   sun      closed, ARCHIVED
 *   A09 rainbow-room                l-a    saltby           bereavement-child            tue      full
 *   A10 wishes-and-choices-clinic   nhs    marram           advance-care-planning        mon      open
 *   A11 hospice-at-home             nhs    marram           end-of-life                  (none)   open
 *   A12 kelling-mens-workshop       vcse   kelling-green    meeting-people               tue,thu  open
 *   A13 befriending-by-phone        vcse   marram           befriending                  mon-fri  waiting-list
 *   A14 home-visiting-scheme        faith  saltby           befriending                  wed      open
 *   A15 good-neighbours (the N...)  vcse   saltby-north     meeting-people               sun      open
 *   A16 money-advice-drop-in        vcse   saltby, kelling  debt                         mon,thu  open (2 sessions on thu)
 *   A17 welfare-rights-team         l-a    marram           money                        (none)   closed
 *   A18 st-annes-bereavement-group  faith  saltby-north     bereavement                  sun      open
 *
 * Needs: end-of-life > {bereavement > bereavement-child,
 * advance-care-planning}; loneliness > {befriending, meeting-people};
 * money > debt.  Localities: marram > {saltby > {saltby-harbour,
 * saltby-north, saltby-fields}, kelling > {kelling-green, kelling-mill}}.
 * 17 assets are live (A08 is archived). */
#include "config.h"

#include "tests/unit/helpers.h"
#include "core/directory.h"
#include "core/search.h"
#include "core/strlist.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* All 17 live assets, sorted by id. */
#define ALL_LIVE \
	"befriending-by-phone,crepe-and-chat,good-neighbours," \
	"harbour-bereavement-cafe,harbour-evening-walks,home-visiting-scheme," \
	"hospice-at-home,kelling-mens-workshop,lantern-club,mill-lane-cafe," \
	"money-advice-drop-in,oneils-garden,rainbow-room,smith-jones-hall," \
	"st-annes-bereavement-group,welfare-rights-team,wishes-and-choices-clinic"

/* The assets under loneliness (itself, befriending, meeting-people):
 * A01 A02 A03 A04 A05 A06 A07 A12 A13 A14 A15 (A08 is archived). */
#define LONELINESS \
	"befriending-by-phone,crepe-and-chat,good-neighbours," \
	"harbour-bereavement-cafe,harbour-evening-walks,home-visiting-scheme," \
	"kelling-mens-workshop,lantern-club,mill-lane-cafe,oneils-garden," \
	"smith-jones-hall"

enum { MON = 1 << 0, TUE = 1 << 1, WED = 1 << 2, THU = 1 << 3, FRI = 1 << 4,
       SAT = 1 << 5, SUN = 1 << 6 };

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The hits' ids joined with ',', in the order found or sorted. */
static char *ids_of(const struct search_result *r, int sorted)
{
	char **ids = calloc(r->count + 1, sizeof *ids);
	cr_assert_not_null(ids);
	for (size_t i = 0; i < r->count; i++)
		ids[i] = r->hit[i].id;
	if (sorted)
		qsort(ids, r->count, sizeof *ids, cmp_str);
	struct strlist l = STRLIST_INIT;
	for (size_t i = 0; i < r->count; i++)
		cr_assert_eq(strlist_add(&l, ids[i]), 0);
	char *joined = strlist_join(&l, ",");
	cr_assert_not_null(joined);
	strlist_clear(&l);
	free(ids);
	return joined;
}

/* Runs q, which must succeed. */
static void run(struct store *dir, const struct search_query *q,
		struct search_result *r)
{
	struct error err = ERROR_INIT;
	int rc = search_run(dir, q, r, &err);
	cr_assert_eq(rc, 0, "search for '%s' failed: %s", q->words ? q->words : "(none)",
		     error_message(&err));
	cr_assert_eq(err.kind, ERROR_NONE);
}

/* Runs q and checks the set of ids found (expected sorted by id, ","
 * between) and that total agrees with it. */
static void expect_set(struct store *dir, const struct search_query *q,
		       const char *expected)
{
	struct search_result r;
	run(dir, q, &r);
	char *got = ids_of(&r, 1);
	cr_assert_str_eq(got, expected, "search for '%s': got %s, expected %s",
			 q->words ? q->words : "(none)", got, expected);
	cr_assert_eq(r.total, (long)r.count, "total %ld but %zu hits", r.total, r.count);
	free(got);
	search_result_free(&r);
}

/* The same, in the order given (a ranking). */
static void expect_order(struct store *dir, const struct search_query *q,
			 const char *expected)
{
	struct search_result r;
	run(dir, q, &r);
	char *got = ids_of(&r, 0);
	cr_assert_str_eq(got, expected, "search for '%s': got %s, expected %s",
			 q->words ? q->words : "(none)", got, expected);
	free(got);
	search_result_free(&r);
}

static void expect_words(struct store *dir, const char *words, const char *expected)
{
	struct search_query q;
	search_query_init(&q);
	q.words = words;
	expect_set(dir, &q, expected);
}

static void add_need(struct search_query *q, const char *need)
{
	cr_assert_eq(strlist_add(&q->needs, need), 0);
}

/* ---- Filters, one at a time ------------------------------------------ */

TestSuite(search_filters, .description = "need, locality, sector, day, open only");

Test(search_filters, none_finds_every_live_asset)
{
	/* No words and no filters: the 17 live assets; never archived A08. */
	struct store *dir = th_directory_fixture();
	struct search_query q;
	search_query_init(&q);
	expect_set(dir, &q, ALL_LIVE);
	store_close(dir);
}

Test(search_filters, need_includes_sub_needs)
{
	/* end-of-life covers bereavement, bereavement-child and
	 * advance-care-planning: A01 and A18 (bereavement), A09
	 * (bereavement-child), A10 (advance-care-planning), A11 (itself). */
	struct store *dir = th_directory_fixture();
	struct search_query q;
	search_query_init(&q);
	add_need(&q, "end-of-life");
	expect_set(dir, &q, "harbour-bereavement-cafe,hospice-at-home,rainbow-room,"
		   "st-annes-bereavement-group,wishes-and-choices-clinic");
	search_query_clear(&q);
	store_close(dir);
}

Test(search_filters, need_in_the_middle_of_the_tree)
{
	/* bereavement: itself (A01, A18) and bereavement-child (A09), but
	 * not its parent's other child (A10) nor the parent itself (A11). */
	struct store *dir = th_directory_fixture();
	struct search_query q;
	search_query_init(&q);
	add_need(&q, "bereavement");
	expect_set(dir, &q, "harbour-bereavement-cafe,rainbow-room,st-annes-bereavement-group");
	search_query_clear(&q);
	store_close(dir);
}

Test(search_filters, leaf_need)
{
	struct store *dir = th_directory_fixture();
	struct search_query q;
	search_query_init(&q);
	add_need(&q, "bereavement-child");
	expect_set(dir, &q, "rainbow-room");
	search_query_clear(&q);
	store_close(dir);
}

Test(search_filters, loneliness_and_its_children)
{
	/* loneliness: A03 and A06 (itself), A13 and A14 (befriending), the
	 * meeting-people ones; A08 is filed here but archived. */
	struct store *dir = th_directory_fixture();
	struct search_query q;
	search_query_init(&q);
	add_need(&q, "loneliness");
	expect_set(dir, &q, LONELINESS);
	search_query_clear(&q);
	store_close(dir);
}

Test(search_filters, several_needs_are_any_of_them)
{
	/* bereavement-child (A09) or debt (A16). */
	struct store *dir = th_directory_fixture();
	struct search_query q;
	search_query_init(&q);
	add_need(&q, "bereavement-child");
	add_need(&q, "debt");
	expect_set(dir, &q, "money-advice-drop-in,rainbow-room");
	search_query_clear(&q);
	store_close(dir);
}

Test(search_filters, overlapping_needs_do_not_repeat_hits)
{
	/* bereavement already covers bereavement-child: A09 is found twice
	 * over, and must appear once (and count once in total). */
	struct store *dir = th_directory_fixture();
	struct search_query q;
	search_query_init(&q);
	add_need(&q, "bereavement");
	add_need(&q, "bereavement-child");
	expect_set(dir, &q, "harbour-bereavement-cafe,rainbow-room,st-annes-bereavement-group");
	search_query_clear(&q);
	store_close(dir);
}

Test(search_filters, neighbourhood_finds_itself_and_places_around_it)
{
	/* saltby-harbour: A01 and A07 serve it; A09, A14 and A16 serve its
	 * town saltby; A10, A11, A13 and A17 serve the district marram.
	 * Not the sibling neighbourhoods (A04, A15, A18 in saltby-north, A05
	 * in saltby-fields) nor anything only in kelling. */
	struct store *dir = th_directory_fixture();
	struct search_query q;
	search_query_init(&q);
	q.locality = "saltby-harbour";
	expect_set(dir, &q, "befriending-by-phone,harbour-bereavement-cafe,"
		   "harbour-evening-walks,home-visiting-scheme,hospice-at-home,"
		   "money-advice-drop-in,rainbow-room,welfare-rights-team,"
		   "wishes-and-choices-clinic");
	store_close(dir);
}

Test(search_filters, other_neighbourhood)
{
	/* kelling-mill: A02 serves it; A06 and A16 serve kelling; A10, A11,
	 * A13 and A17 serve marram.  Not kelling-green's A03 and A12. */
	struct store *dir = th_directory_fixture();
	struct search_query q;
	search_query_init(&q);
	q.locality = "kelling-mill";
	expect_set(dir, &q, "befriending-by-phone,hospice-at-home,lantern-club,"
		   "mill-lane-cafe,money-advice-drop-in,welfare-rights-team,"
		   "wishes-and-choices-clinic");
	store_close(dir);
}

Test(search_filters, town_includes_its_neighbourhoods)
{
	/* kelling: itself (A06, A16), kelling-green (A03, A12), kelling-mill
	 * (A02), and the district (A10, A11, A13, A17). */
	struct store *dir = th_directory_fixture();
	struct search_query q;
	search_query_init(&q);
	q.locality = "kelling";
	expect_set(dir, &q, "befriending-by-phone,crepe-and-chat,hospice-at-home,"
		   "kelling-mens-workshop,lantern-club,mill-lane-cafe,"
		   "money-advice-drop-in,welfare-rights-team,wishes-and-choices-clinic");
	q.locality = "saltby";
	/* saltby: itself (A09, A14, A16), saltby-harbour (A01, A07),
	 * saltby-north (A04, A15, A18), saltby-fields (A05), the district
	 * (A10, A11, A13, A17). */
	expect_set(dir, &q, "befriending-by-phone,good-neighbours,"
		   "harbour-bereavement-cafe,harbour-evening-walks,home-visiting-scheme,"
		   "hospice-at-home,money-advice-drop-in,oneils-garden,rainbow-room,"
		   "smith-jones-hall,st-annes-bereavement-group,welfare-rights-team,"
		   "wishes-and-choices-clinic");
	store_close(dir);
}

Test(search_filters, district_finds_everything)
{
	struct store *dir = th_directory_fixture();
	struct search_query q;
	search_query_init(&q);
	q.locality = "marram";
	expect_set(dir, &q, ALL_LIVE);
	store_close(dir);
}

Test(search_filters, sector)
{
	/* faith: A06, A14, A18 (A08 is archived).  nhs: A10, A11. */
	struct store *dir = th_directory_fixture();
	struct search_query q;
	search_query_init(&q);
	q.sector = "faith";
	expect_set(dir, &q, "home-visiting-scheme,lantern-club,st-annes-bereavement-group");
	q.sector = "nhs";
	expect_set(dir, &q, "hospice-at-home,wishes-and-choices-clinic");
	q.sector = "local-authority";
	expect_set(dir, &q, "rainbow-room,smith-jones-hall,welfare-rights-team");
	store_close(dir);
}

Test(search_filters, one_day)
{
	/* Monday: A02 (mon, wed), A10 (mon), A13 (mon-fri), A16 (mon, thu).
	 * A11 and A17 have no sessions, so no day finds them. */
	struct store *dir = th_directory_fixture();
	struct search_query q;
	search_query_init(&q);
	q.days = MON;
	expect_set(dir, &q, "befriending-by-phone,mill-lane-cafe,money-advice-drop-in,"
		   "wishes-and-choices-clinic");
	/* Sunday: A15 and A18; A08 meets on Sundays but is archived. */
	q.days = SUN;
	expect_set(dir, &q, "good-neighbours,st-annes-bereavement-group");
	/* Tuesday: A04 (tue, sat), A09, A12 (tue, thu), A13 (mon-fri). */
	q.days = TUE;
	expect_set(dir, &q, "befriending-by-phone,kelling-mens-workshop,oneils-garden,"
		   "rainbow-room");
	store_close(dir);
}

Test(search_filters, several_days_are_any_of_them)
{
	/* Saturday or Sunday: A03 (sat), A04 (tue, sat), A15 (sun), A18 (sun). */
	struct store *dir = th_directory_fixture();
	struct search_query q;
	search_query_init(&q);
	q.days = SAT | SUN;
	expect_set(dir, &q, "crepe-and-chat,good-neighbours,oneils-garden,"
		   "st-annes-bereavement-group");
	/* Every day: every asset with a session, so all but A11 and A17. */
	q.days = 0x7f;
	expect_set(dir, &q, "befriending-by-phone,crepe-and-chat,good-neighbours,"
		   "harbour-bereavement-cafe,harbour-evening-walks,home-visiting-scheme,"
		   "kelling-mens-workshop,lantern-club,mill-lane-cafe,"
		   "money-advice-drop-in,oneils-garden,rainbow-room,smith-jones-hall,"
		   "st-annes-bereavement-group,wishes-and-choices-clinic");
	store_close(dir);
}

Test(search_filters, open_only_leaves_out_full_and_closed)
{
	/* Leaves out A05 (temporarily-closed), A09 (full) and A17 (closed);
	 * keeps the waiting lists A03 and A13. */
	struct store *dir = th_directory_fixture();
	struct search_query q;
	search_query_init(&q);
	q.open_only = 1;
	expect_set(dir, &q, "befriending-by-phone,crepe-and-chat,good-neighbours,"
		   "harbour-bereavement-cafe,harbour-evening-walks,home-visiting-scheme,"
		   "hospice-at-home,kelling-mens-workshop,lantern-club,mill-lane-cafe,"
		   "money-advice-drop-in,oneils-garden,st-annes-bereavement-group,"
		   "wishes-and-choices-clinic");
	store_close(dir);
}

/* ---- Filters together ---------------------------------------------------- */

TestSuite(search_combined, .description = "filters and words together: all must hold");

Test(search_combined, locality_and_need)
{
	/* kelling's nine (see town_includes_its_neighbourhoods) that are also
	 * under loneliness: A02, A03, A06, A12, A13. */
	struct store *dir = th_directory_fixture();
	struct search_query q;
	search_query_init(&q);
	q.locality = "kelling";
	add_need(&q, "loneliness");
	expect_set(dir, &q, "befriending-by-phone,crepe-and-chat,kelling-mens-workshop,"
		   "lantern-club,mill-lane-cafe");
	search_query_clear(&q);
	store_close(dir);
}

Test(search_combined, need_and_open_only)
{
	/* end-of-life's five less A09, which is full. */
	struct store *dir = th_directory_fixture();
	struct search_query q;
	search_query_init(&q);
	add_need(&q, "end-of-life");
	q.open_only = 1;
	expect_set(dir, &q, "harbour-bereavement-cafe,hospice-at-home,"
		   "st-annes-bereavement-group,wishes-and-choices-clinic");
	search_query_clear(&q);
	store_close(dir);
}

Test(search_combined, sector_and_days)
{
	/* The weekend's four less A18, which is faith. */
	struct store *dir = th_directory_fixture();
	struct search_query q;
	search_query_init(&q);
	q.sector = "vcse";
	q.days = SAT | SUN;
	expect_set(dir, &q, "crepe-and-chat,good-neighbours,oneils-garden");
	store_close(dir);
}

Test(search_combined, everything_filtered_away)
{
	/* Local-authority assets in saltby are A05, A09, A17; none is open. */
	struct store *dir = th_directory_fixture();
	struct search_query q;
	search_query_init(&q);
	q.locality = "saltby";
	q.sector = "local-authority";
	expect_set(dir, &q, "rainbow-room,smith-jones-hall,welfare-rights-team");
	q.open_only = 1;
	expect_set(dir, &q, "");
	store_close(dir);
}

Test(search_combined, words_and_locality)
{
	/* "bereav" finds A01, A09, A12, A18 (see search_words.prefix); in
	 * saltby-north only those serving saltby-north, saltby or marram
	 * stay: A09 (saltby) and A18 (saltby-north), not A01 (saltby-harbour,
	 * a sibling) nor A12 (kelling-green). */
	struct store *dir = th_directory_fixture();
	struct search_query q;
	search_query_init(&q);
	q.words = "bereav";
	q.locality = "saltby-north";
	expect_set(dir, &q, "rainbow-room,st-annes-bereavement-group");
	store_close(dir);
}

Test(search_combined, words_and_day)
{
	/* "cafe" finds A01 (thu) and A02 (mon, wed); on Monday only A02. */
	struct store *dir = th_directory_fixture();
	struct search_query q;
	search_query_init(&q);
	q.words = "cafe";
	q.days = MON;
	expect_set(dir, &q, "mill-lane-cafe");
	store_close(dir);
}

/* ---- Pages ------------------------------------------------------------- */

TestSuite(search_pages, .description = "limit, offset and total");

/* The live assets by name, case folded, as an unworded search lists
 * them.  A15's name "the Neighbours' Network" sorts under T, though its
 * id (good-neighbours) sorts under G and a small t sorts after every
 * capital in byte order:
 *   1 Befriending by Phone      7 Kelling Men's Workshop   13 Smith-Jones Hall
 *   2 Crêpe and Chat            8 Lantern Club             14 St Anne's Bereavement Group
 *   3 Harbour Bereavement Café  9 Mill Lane Cafe           15 the Neighbours' Network
 *   4 Harbour Evening Walks    10 Money Advice Drop-in     16 Welfare Rights Team
 *   5 Home Visiting Scheme     11 O'Neil's Garden          17 Wishes and Choices Clinic
 *   6 Hospice at Home          12 Rainbow Room */

Test(search_pages, no_words_sorts_by_name)
{
	struct store *dir = th_directory_fixture();
	struct search_query q;
	search_query_init(&q);
	q.limit = 5;
	expect_order(dir, &q, "befriending-by-phone,crepe-and-chat,"
		     "harbour-bereavement-cafe,harbour-evening-walks,home-visiting-scheme");
	/* Names 13 to 17: the small t between S and W. */
	q.offset = 12;
	expect_order(dir, &q, "smith-jones-hall,st-annes-bereavement-group,good-neighbours,"
		     "welfare-rights-team,wishes-and-choices-clinic");
	store_close(dir);
}

Test(search_pages, local_before_wider_area)
{
	/* Without words, a place's own assets come first, then those that
	 * serve a wider area around it, each group by name.  saltby-harbour:
	 * A01 and A07 serve it; A09, A14, A16 (saltby) and A10, A11, A13,
	 * A17 (marram) cover it from around. */
	struct store *dir = th_directory_fixture();
	struct search_query q;
	search_query_init(&q);
	q.locality = "saltby-harbour";
	expect_order(dir, &q, "harbour-bereavement-cafe,harbour-evening-walks,"
		     "befriending-by-phone,home-visiting-scheme,hospice-at-home,"
		     "money-advice-drop-in,rainbow-room,welfare-rights-team,"
		     "wishes-and-choices-clinic");
	/* kelling: in it are A06, A16 (kelling itself), A03, A12
	 * (kelling-green) and A02 (kelling-mill); around it the district's
	 * A10, A11, A13, A17. */
	q.locality = "kelling";
	expect_order(dir, &q, "crepe-and-chat,kelling-mens-workshop,lantern-club,"
		     "mill-lane-cafe,money-advice-drop-in,"
		     "befriending-by-phone,hospice-at-home,welfare-rights-team,"
		     "wishes-and-choices-clinic");
	/* The same split holds across pages: the second page of 3. */
	q.limit = 3;
	q.offset = 3;
	expect_order(dir, &q, "mill-lane-cafe,money-advice-drop-in,befriending-by-phone");
	/* marram: everything is in it, so plain name order. */
	q.locality = "marram";
	q.limit = 3;
	q.offset = 0;
	expect_order(dir, &q, "befriending-by-phone,crepe-and-chat,harbour-bereavement-cafe");
	store_close(dir);
}

Test(search_pages, offset_and_total)
{
	struct store *dir = th_directory_fixture();
	struct search_query q;
	search_query_init(&q);
	q.limit = 5;
	q.offset = 5;
	struct search_result r;
	run(dir, &q, &r);
	char *got = ids_of(&r, 0);
	/* Names 6 to 10. */
	cr_assert_str_eq(got, "hospice-at-home,kelling-mens-workshop,lantern-club,"
			 "mill-lane-cafe,money-advice-drop-in");
	/* total counts every match, not the page. */
	cr_assert_eq(r.total, 17);
	cr_assert_eq(r.count, 5);
	free(got);
	search_result_free(&r);

	/* The last page is short: names 16 and 17. */
	q.offset = 15;
	run(dir, &q, &r);
	got = ids_of(&r, 0);
	cr_assert_str_eq(got, "welfare-rights-team,wishes-and-choices-clinic");
	cr_assert_eq(r.total, 17);
	free(got);
	search_result_free(&r);

	/* Past the end: nothing, but the total still says 17. */
	q.offset = 20;
	run(dir, &q, &r);
	cr_assert_eq(r.count, 0);
	cr_assert_eq(r.total, 17);
	search_result_free(&r);
	store_close(dir);
}

Test(search_pages, total_with_words_and_filters)
{
	/* "isolation" matches the 11 under loneliness (search_words
	 * .ancestor_need_label); a page of 3 still reports 11. */
	struct store *dir = th_directory_fixture();
	struct search_query q;
	search_query_init(&q);
	q.words = "isolation";
	q.limit = 3;
	struct search_result r;
	run(dir, &q, &r);
	cr_assert_eq(r.count, 3);
	cr_assert_eq(r.total, 11);
	search_result_free(&r);
	/* With open_only A05 goes: 10. */
	q.open_only = 1;
	run(dir, &q, &r);
	cr_assert_eq(r.count, 3);
	cr_assert_eq(r.total, 10);
	search_result_free(&r);
	store_close(dir);
}

Test(search_pages, pages_of_a_ranked_search_do_not_overlap)
{
	/* Three pages of 4 over "isolation" (11 hits) give each asset once,
	 * in the same order as one unlimited search. */
	struct store *dir = th_directory_fixture();
	struct search_query q;
	search_query_init(&q);
	q.words = "isolation";
	struct search_result all;
	run(dir, &q, &all);
	char *whole = ids_of(&all, 0);
	search_result_free(&all);
	struct strlist pages = STRLIST_INIT;
	for (int page = 0; page < 3; page++) {
		struct search_result r;
		q.limit = 4;
		q.offset = page * 4;
		run(dir, &q, &r);
		cr_assert_eq(r.count, page < 2 ? 4u : 3u);
		char *got = ids_of(&r, 0);
		cr_assert_eq(strlist_add(&pages, got), 0);
		free(got);
		search_result_free(&r);
	}
	char *joined = strlist_join(&pages, ",");
	cr_assert_str_eq(joined, whole);
	free(joined);
	free(whole);
	strlist_clear(&pages);
	store_close(dir);
}

/* ---- Words -------------------------------------------------------------- */

TestSuite(search_words, .description = "prefixes, case, diacritics, need labels, ranking");

Test(search_words, prefix)
{
	/* The last word is a prefix.  "bereav" is the start of: A01's and
	 * A18's names ("Bereavement") and need labels, A09's need label
	 * "Bereaved children" and its parent's "Bereavement", and A12's
	 * description ("bereaved").  Nothing else has a word starting so. */
	struct store *dir = th_directory_fixture();
	expect_words(dir, "bereav", "harbour-bereavement-cafe,kelling-mens-workshop,"
		     "rainbow-room,st-annes-bereavement-group");
	/* "caf": A01 "Café" (the index drops the accent) and A02 "Cafe". */
	expect_words(dir, "caf", "harbour-bereavement-cafe,mill-lane-cafe");
	store_close(dir);
}

Test(search_words, trailing_space_makes_the_last_word_whole)
{
	/* "bereave" is a prefix of bereaved and bereavement (the four above);
	 * no text holds the whole word "bereave". */
	struct store *dir = th_directory_fixture();
	expect_words(dir, "bereave", "harbour-bereavement-cafe,kelling-mens-workshop,"
		     "rainbow-room,st-annes-bereavement-group");
	expect_words(dir, "bereave ", "");
	expect_words(dir, "caf ", "");
	/* "bereavement " whole: A01, A18 (name, need), A09 (parent need
	 * label); not A12, whose word is "bereaved". */
	expect_words(dir, "bereavement ", "harbour-bereavement-cafe,rainbow-room,"
		     "st-annes-bereavement-group");
	store_close(dir);
}

Test(search_words, only_the_last_word_is_a_prefix)
{
	/* "caf hospice": "caf" is not last, so it must be a whole word, and
	 * no text has the word "caf". */
	struct store *dir = th_directory_fixture();
	expect_words(dir, "caf hospice", "");
	/* Swapped, "hospice caf": "hospice" whole (A01's organisation, A11's
	 * name) and "caf*" (A01, A02): only A01 has both. */
	expect_words(dir, "hospice caf", "harbour-bereavement-cafe");
	store_close(dir);
}

Test(search_words, every_word_must_match)
{
	/* "bereavement" finds A01, A09, A18; "hospice" A01 (organisation
	 * Saltby Hospice) and A11 (name): both, only A01. */
	struct store *dir = th_directory_fixture();
	expect_words(dir, "bereavement hospice", "harbour-bereavement-cafe");
	/* Word order does not matter. */
	expect_words(dir, "hospice bereavement", "harbour-bereavement-cafe");
	store_close(dir);
}

Test(search_words, case_does_not_matter)
{
	struct store *dir = th_directory_fixture();
	expect_words(dir, "BEREAVEMENT ", "harbour-bereavement-cafe,rainbow-room,"
		     "st-annes-bereavement-group");
	expect_words(dir, "BeReAv", "harbour-bereavement-cafe,kelling-mens-workshop,"
		     "rainbow-room,st-annes-bereavement-group");
	expect_words(dir, "LANTERN", "harbour-evening-walks,lantern-club");
	store_close(dir);
}

Test(search_words, diacritics_both_ways)
{
	/* "Café" (A01) and "Cafe" (A02) are the same word to the index and
	 * to the query, whichever way they are typed. */
	struct store *dir = th_directory_fixture();
	expect_words(dir, "cafe", "harbour-bereavement-cafe,mill-lane-cafe");
	expect_words(dir, "café", "harbour-bereavement-cafe,mill-lane-cafe");
	expect_words(dir, "CAFÉ", "harbour-bereavement-cafe,mill-lane-cafe");
	expect_words(dir, "café ", "harbour-bereavement-cafe,mill-lane-cafe");
	/* "Crêpe" (A03) found without the accent, and with it. */
	expect_words(dir, "crepe", "crepe-and-chat");
	expect_words(dir, "crêpe", "crepe-and-chat");
	expect_words(dir, "CRÊPE and chat", "crepe-and-chat");
	store_close(dir);
}

Test(search_words, need_label)
{
	/* "befriending" is in no description but A15's; the label of the
	 * need befriending brings in A13 and A14. */
	struct store *dir = th_directory_fixture();
	expect_words(dir, "befriending", "befriending-by-phone,good-neighbours,"
		     "home-visiting-scheme");
	store_close(dir);
}

Test(search_words, ancestor_need_label)
{
	/* "isolation" is only in "Loneliness and isolation", the label of
	 * loneliness; assets filed under its children (befriending,
	 * meeting-people) are found through it too. */
	struct store *dir = th_directory_fixture();
	expect_words(dir, "isolation", LONELINESS);
	/* And A09, filed under bereavement-child ("Bereaved children"),
	 * is found by its grandparent's label "End of life" as well. */
	struct search_query q;
	search_query_init(&q);
	q.words = "end of life ";
	/* End of life covers A01, A09, A18 (via bereavement), A10, A11. */
	expect_set(dir, &q, "harbour-bereavement-cafe,hospice-at-home,rainbow-room,"
		   "st-annes-bereavement-group,wishes-and-choices-clinic");
	store_close(dir);
}

Test(search_words, name_ranks_above_description)
{
	/* "lantern": A06 has it in its name (weight 10), A07 only in its
	 * description (weight 1).  A08 has it in its name too but is
	 * archived. */
	struct store *dir = th_directory_fixture();
	struct search_query q;
	search_query_init(&q);
	q.words = "lantern";
	expect_order(dir, &q, "lantern-club,harbour-evening-walks");
	store_close(dir);
}

Test(search_words, name_then_need_then_description)
{
	/* "befriending": A13 in its name and its need label, A14 only in its
	 * need label (weight 4), A15 only in its description (weight 1). */
	struct store *dir = th_directory_fixture();
	struct search_query q;
	search_query_init(&q);
	q.words = "befriending";
	expect_order(dir, &q, "befriending-by-phone,home-visiting-scheme,good-neighbours");
	store_close(dir);
}

Test(search_words, need_label_alone_ranks_last)
{
	/* "bereavement ": A01 and A18 have it in the name and the needs, A09
	 * only in the needs (its parent's label), so A09 comes last. */
	struct store *dir = th_directory_fixture();
	struct search_query q;
	search_query_init(&q);
	q.words = "bereavement ";
	struct search_result r;
	run(dir, &q, &r);
	cr_assert_eq(r.count, 3);
	cr_assert_str_eq(r.hit[2].id, "rainbow-room");
	search_result_free(&r);
	store_close(dir);
}

Test(search_words, archived_never_show)
{
	/* "supper" is only in archived A08's name. */
	struct store *dir = th_directory_fixture();
	struct search_query q;
	search_query_init(&q);
	q.words = "supper";
	struct search_result r;
	run(dir, &q, &r);
	cr_assert_eq(r.count, 0);
	cr_assert_eq(r.total, 0);
	search_result_free(&r);
	/* Not with its own need, sector, locality or day either. */
	q.words = "lantern supper";
	add_need(&q, "loneliness");
	q.sector = "faith";
	q.locality = "kelling";
	q.days = SUN;
	expect_set(dir, &q, "");
	search_query_clear(&q);
	/* But it is in the file: this is the search leaving it out. */
	cr_assert_eq(th_count(dir, "SELECT count(*) FROM asset WHERE id = 'lantern-supper-club'"
			      " AND archived = 1"), 1);
	store_close(dir);
}

Test(search_words, blank_words_are_no_words)
{
	/* Only spaces: no words, so every live asset. */
	struct store *dir = th_directory_fixture();
	struct search_query q;
	search_query_init(&q);
	q.words = "   ";
	expect_set(dir, &q, ALL_LIVE);
	q.words = "";
	expect_set(dir, &q, ALL_LIVE);
	store_close(dir);
}

Test(search_words, hit_fields)
{
	/* A16 as a hit: localities in the file's order, the first one's
	 * label, need ids and labels, the sector's label. */
	struct store *dir = th_directory_fixture();
	struct search_query q;
	search_query_init(&q);
	q.words = "money advice";
	struct search_result r;
	run(dir, &q, &r);
	cr_assert_eq(r.count, 1);
	const struct search_hit *h = &r.hit[0];
	cr_assert_str_eq(h->id, "money-advice-drop-in");
	cr_assert_str_eq(h->name, "Money Advice Drop-in");
	cr_assert_str_eq(h->organisation, "Marram Citizens Advice");
	cr_assert_str_eq(h->sector, "vcse");
	cr_assert_str_eq(h->sector_label, "Voluntary and community");
	cr_assert_str_eq(h->status, "open");
	cr_assert_str_eq(h->verified_on, "2026-09-15");
	cr_assert_str_eq(h->localities, "saltby,kelling");
	cr_assert_str_eq(h->locality_label, "Saltby");
	cr_assert_str_eq(h->needs, "debt");
	cr_assert_str_eq(h->need_labels, "Debt advice");
	search_result_free(&r);

	/* A01: two needs, in order; never verified fields are NULL (A02). */
	q.words = "cafe";
	run(dir, &q, &r);
	cr_assert_eq(r.count, 2);
	for (size_t i = 0; i < r.count; i++) {
		h = &r.hit[i];
		if (strcmp(h->id, "harbour-bereavement-cafe") == 0) {
			cr_assert_str_eq(h->needs, "bereavement,meeting-people");
			cr_assert_str_eq(h->need_labels, "Bereavement, Meeting people");
			cr_assert_str_eq(h->name, "Harbour Bereavement Café");
		} else {
			cr_assert_str_eq(h->id, "mill-lane-cafe");
			cr_assert_null(h->verified_on);
		}
	}
	search_result_free(&r);
	store_close(dir);
}

TestSuite(search_day_counts, .description = "assets with a session on each day");

Test(search_day_counts, counts)
{
	/* From the sessions column of the table at the top.  Monday: A02,
	 * A10, A13, A16.  Tuesday: A04, A09, A12, A13.  Wednesday: A02, A06,
	 * A13, A14.  Thursday: A01, A12, A13, A16 (A16 has two Thursday
	 * sessions and counts once).  Friday: A05, A07, A13.  Saturday: A03,
	 * A04.  Sunday: A15, A18 (not archived A08). */
	static const long expected[7] = { 4, 4, 4, 4, 3, 2, 2 };
	struct store *dir = th_directory_fixture();
	long counts[7] = { -1, -1, -1, -1, -1, -1, -1 };
	struct error err = ERROR_INIT;
	cr_assert_eq(search_day_counts(dir, counts, &err), 0, "%s", error_message(&err));
	for (int d = 0; d < 7; d++)
		cr_assert_eq(counts[d], expected[d], "day %d: %ld, not %ld", d, counts[d],
			     expected[d]);
	/* They agree with a day search's total. */
	for (int d = 0; d < 7; d++) {
		struct search_query q;
		search_query_init(&q);
		q.days = 1u << d;
		struct search_result r;
		run(dir, &q, &r);
		cr_assert_eq(r.total, counts[d], "day %d", d);
		search_result_free(&r);
	}
	store_close(dir);
}

Test(search_day_counts, empty_directory)
{
	struct store *dir = th_directory_empty();
	long counts[7];
	struct error err = ERROR_INIT;
	cr_assert_eq(search_day_counts(dir, counts, &err), 0);
	for (int d = 0; d < 7; d++)
		cr_assert_eq(counts[d], 0);
	store_close(dir);
}

/* ---- Hostile input ---------------------------------------------------- */

TestSuite(search_hostile, .description = "anything typed is words, never FTS5 syntax");

Test(search_hostile, never_errors)
{
	/* Each of these is an error or a different query in raw FTS5 (see
	 * NOTES.md); here each must run. */
	static const char *const inputs[] = {
		"o'neil", "smith-jones", "jo\"", "\"", "\"\"", "*", "(", ")", ":",
		"AND", "OR", "NOT", "NEAR", "NEAR(a b)", "\"unterminated", "a:b",
		"^x", "-x", "+x", "col:word", "name:lantern", "{name}: x", "a AND",
		"OR b", "lantern*", "x OR", "'", "''", "\\", "%", "_", "a;b",
		"'; DROP TABLE asset; --", "\t\n", "caf\xc3", "\xff\xfe",
		"\xc0\xaf", "\xed\xa0\x80", "lantern \xff", "\x01\x02",
		"\xe2\x80\xae", "💐 flowers",
	};
	struct store *dir = th_directory_fixture();
	for (size_t i = 0; i < sizeof inputs / sizeof inputs[0]; i++) {
		struct search_query q;
		search_query_init(&q);
		q.words = inputs[i];
		struct search_result r;
		struct error err = ERROR_INIT;
		int rc = search_run(dir, &q, &r, &err);
		cr_assert_eq(rc, 0, "search for input %zu failed: %s", i, error_message(&err));
		search_result_free(&r);
	}
	/* The asset table is still there. */
	cr_assert_eq(th_count(dir, "SELECT count(*) FROM asset"), 18);
	store_close(dir);
}

Test(search_hostile, apostrophes_and_hyphens_find_the_name)
{
	/* The tokenizer splits "O'Neil's" into o, neil, s: "o'neil" is the
	 * phrase "o neil", found in A04 alone. */
	struct store *dir = th_directory_fixture();
	expect_words(dir, "O'Neil", "oneils-garden");
	expect_words(dir, "o'neil", "oneils-garden");
	expect_words(dir, "o'neil's garden", "oneils-garden");
	expect_words(dir, "smith-jones", "smith-jones-hall");
	expect_words(dir, "Smith-Jones Hall", "smith-jones-hall");
	/* The quote is dropped; "jo" prefixes only "Jones". */
	expect_words(dir, "jo\"", "smith-jones-hall");
	store_close(dir);
}

Test(search_hostile, syntax_is_matched_as_words)
{
	struct store *dir = th_directory_fixture();
	/* A column filter in FTS5 would find A06; as words, "name" and
	 * "lantern" must both be there, and no asset has the word "name". */
	expect_words(dir, "name:lantern", "");
	/* FTS5's OR would find A04, A06 and A07; as words, all three of
	 * lantern, or, garden are needed and no asset has them all. */
	expect_words(dir, "lantern OR garden", "");
	/* The star and the quotes are punctuation around "lantern". */
	expect_words(dir, "lantern*", "harbour-evening-walks,lantern-club");
	expect_words(dir, "\"lantern\"", "harbour-evening-walks,lantern-club");
	expect_words(dir, "(lantern)", "harbour-evening-walks,lantern-club");
	/* NEAR is a word too, and no text has one starting "near". */
	expect_words(dir, "NEAR", "");
	expect_words(dir, "\"unterminated", "");
	store_close(dir);
}

Test(search_hostile, punctuation_alone_finds_nothing)
{
	/* Words that are all punctuation give no FTS5 terms; they must
	 * match nothing, not everything. */
	static const char *const inputs[] = { "*", "(", ":", "\"", "- ^ *", "''" };
	struct store *dir = th_directory_fixture();
	for (size_t i = 0; i < sizeof inputs / sizeof inputs[0]; i++) {
		struct search_query q;
		search_query_init(&q);
		q.words = inputs[i];
		struct search_result r;
		run(dir, &q, &r);
		cr_assert_eq(r.count, 0, "'%s' found %zu", inputs[i], r.count);
		cr_assert_eq(r.total, 0);
		search_result_free(&r);
	}
	store_close(dir);
}

static void search_long(struct store *dir, const char *unit, const char *expected)
{
	/* 10 KB of unit, repeated. */
	size_t n = strlen(unit), len = 10 * 1024;
	char *s = malloc(len + 1);
	cr_assert_not_null(s);
	for (size_t i = 0; i < len; i++)
		s[i] = unit[i % n];
	s[len] = '\0';
	struct search_query q;
	search_query_init(&q);
	q.words = s;
	if (expected) {
		expect_set(dir, &q, expected);
	} else {
		struct search_result r;
		run(dir, &q, &r);
		search_result_free(&r);
	}
	free(s);
}

Test(search_hostile, long_inputs)
{
	struct store *dir = th_directory_fixture();
	/* One 10 KB word: no asset has it. */
	search_long(dir, "x", "");
	/* 1,280 words, all "lantern": the two lantern assets. */
	search_long(dir, "lantern ", "harbour-evening-walks,lantern-club");
	/* 5,120 one-letter words. */
	search_long(dir, "a ", NULL);
	/* 10 KB of brackets and quotes: no words, so nothing. */
	search_long(dir, "(\"", "");
	search_long(dir, "\"", "");
	/* 10 KB of invalid UTF-8. */
	search_long(dir, "\xff\xc3", NULL);
	store_close(dir);
}

Test(search_hostile, every_byte)
{
	/* Each byte value 1..255 alone, and in a word. */
	struct store *dir = th_directory_fixture();
	for (int b = 1; b < 256; b++) {
		char words[2][8];
		snprintf(words[0], sizeof words[0], "%c", b);
		snprintf(words[1], sizeof words[1], "la%cn", b);
		for (int w = 0; w < 2; w++) {
			struct search_query q;
			search_query_init(&q);
			q.words = words[w];
			struct search_result r;
			struct error err = ERROR_INIT;
			cr_assert_eq(search_run(dir, &q, &r, &err), 0, "byte %d: %s", b,
				     error_message(&err));
			search_result_free(&r);
		}
	}
	store_close(dir);
}

/* ---- The FTS5 query ------------------------------------------------------ */

TestSuite(search_fts_query, .description = "what words become");

static void expect_fts(struct store *dir, const char *words, const char *expected)
{
	struct error err = ERROR_INIT;
	char *q = search_fts_query(dir, words, &err);
	cr_assert_not_null(q, "no query for '%s': %s", words ? words : "(null)",
			   error_message(&err));
	cr_assert_str_eq(q, expected, "'%s' became '%s', not '%s'",
			 words ? words : "(null)", q, expected);
	free(q);
}

Test(search_fts_query, quoting_and_prefix)
{
	struct store *dir = th_directory_empty();
	/* Each word a quoted phrase; the last a prefix. */
	expect_fts(dir, "bereavement caf", "\"bereavement\" \"caf\"*");
	/* A trailing space (or tab) makes the last word whole. */
	expect_fts(dir, "caf ", "\"caf\"");
	expect_fts(dir, "caf\t", "\"caf\"");
	expect_fts(dir, "  bereavement   caf  ", "\"bereavement\" \"caf\"");
	/* Lower case, accents removed, as the index has them. */
	expect_fts(dir, "Café", "\"cafe\"*");
	expect_fts(dir, "CRÊPE", "\"crepe\"*");
	store_close(dir);
}

Test(search_fts_query, punctuation)
{
	struct store *dir = th_directory_empty();
	/* Punctuation splits a word into a phrase of its tokens. */
	expect_fts(dir, "o'neil", "\"o neil\"*");
	expect_fts(dir, "smith-jones hall ", "\"smith jones\" \"hall\"");
	expect_fts(dir, "col:word", "\"col word\"*");
	/* Quotes, stars and operators are never passed through. */
	expect_fts(dir, "jo\"", "\"jo\"*");
	expect_fts(dir, "\"unterminated", "\"unterminated\"*");
	expect_fts(dir, "AND", "\"and\"*");
	expect_fts(dir, "lantern OR garden", "\"lantern\" \"or\" \"garden\"*");
	expect_fts(dir, "^x", "\"x\"*");
	expect_fts(dir, "-x", "\"x\"*");
	/* A word of punctuation alone adds nothing. */
	expect_fts(dir, "lantern * (", "\"lantern\"");
	store_close(dir);
}

Test(search_fts_query, nothing)
{
	struct store *dir = th_directory_empty();
	expect_fts(dir, NULL, "");
	expect_fts(dir, "", "");
	expect_fts(dir, "   ", "");
	expect_fts(dir, "* ( :", "");
	store_close(dir);
}

/* ---- Unknown filters ------------------------------------------------------ */

TestSuite(search_unknown, .description = "unknown needs, localities, sectors");

static void expect_unknown(struct store *dir, const struct search_query *q,
			   const char *start)
{
	struct search_result r;
	struct error err = ERROR_INIT;
	cr_assert_eq(search_run(dir, q, &r, &err), -1);
	cr_assert_eq(err.kind, ERROR_INPUT);
	cr_assert(strncmp(error_message(&err), start, strlen(start)) == 0,
		  "message '%s' does not start '%s'", error_message(&err), start);
	/* A failed search leaves an empty result, safe to free. */
	cr_assert_eq(r.count, 0);
	cr_assert_null(r.hit);
	search_result_free(&r);
	error_clear(&err);
}

Test(search_unknown, need)
{
	struct store *dir = th_directory_fixture();
	struct search_query q;
	search_query_init(&q);
	add_need(&q, "x");
	expect_unknown(dir, &q, "unknown need 'x'");
	search_query_clear(&q);
	/* One bad need among good ones is still refused. */
	add_need(&q, "bereavement");
	add_need(&q, "nope");
	expect_unknown(dir, &q, "unknown need 'nope'");
	search_query_clear(&q);
	/* A need's label is not its id. */
	add_need(&q, "Bereavement");
	expect_unknown(dir, &q, "unknown need 'Bereavement'");
	search_query_clear(&q);
	store_close(dir);
}

Test(search_unknown, locality_suggests)
{
	struct store *dir = th_directory_fixture();
	struct search_query q;
	search_query_init(&q);
	q.locality = "saltbey";
	expect_unknown(dir, &q, "unknown locality 'saltbey': did you mean 'saltby'?");
	store_close(dir);
}

Test(search_unknown, sector)
{
	struct store *dir = th_directory_fixture();
	struct search_query q;
	search_query_init(&q);
	q.sector = "church";
	expect_unknown(dir, &q, "unknown sector 'church'");
	/* The message lists the known ones. */
	struct search_result r;
	struct error err = ERROR_INIT;
	cr_assert_eq(search_run(dir, &q, &r, &err), -1);
	cr_assert(strstr(error_message(&err), "faith, local-authority, nhs, vcse"),
		  "%s", error_message(&err));
	error_clear(&err);
	store_close(dir);
}

Test(search_unknown, with_words)
{
	/* Checked before the words are run. */
	struct store *dir = th_directory_fixture();
	struct search_query q;
	search_query_init(&q);
	q.words = "lantern";
	q.sector = "faith ";
	expect_unknown(dir, &q, "unknown sector 'faith '");
	store_close(dir);
}
