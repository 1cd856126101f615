/* Unit tests of counts (core/counts.c): every count beside a need, a
 * place, a sector or a day is what a search with that one filter finds.
 * The answers are not written down here: each is the search's own, on
 * tests/data/fixture.yaml (A08 archived; places within and around one
 * another; A16 in two places) and three more assets below, which make
 * the hard cases sharper.  Also the browser's capped count and quick
 * order (search_query.count_cap). */
#include "config.h"

#include "tests/unit/helpers.h"
#include "core/counts.h"
#include "core/search.h"
#include "core/strbuf.h"
#include "core/taxonomy.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* - An archived asset with its own need, place and day: counted nowhere.
 * - An asset serving the whole district and one neighbourhood of it:
 *   counted once in each place, as a search finds it once.
 * - An asset filed under a need and its own sub-need: counted once. */
static const char more_assets[] =
	"assets:\n"
	"  - id: archived-debt-clinic\n"
	"    name: Debt clinic\n"
	"    sector: nhs\n"
	"    needs: [debt]\n"
	"    localities: [saltby-fields]\n"
	"    sessions:\n"
	"      - days: [sat]\n"
	"    archived: true\n"
	"  - id: district-line\n"
	"    name: District helpline\n"
	"    sector: local-authority\n"
	"    needs: [befriending]\n"
	"    localities: [marram, kelling-green]\n"
	"    sessions:\n"
	"      - days: [mon, tue]\n"
	"      - days: [tue]\n"
	"  - id: grief-and-child\n"
	"    name: Grief together\n"
	"    sector: vcse\n"
	"    needs: [bereavement, bereavement-child]\n"
	"    localities: [saltby-north]\n";

static struct store *directory(void)
{
	struct store *dir = th_directory_fixture();
	th_import_text(dir, more_assets);
	return dir;
}

/* What a search with q finds, all of it; the total must agree. */
static long found(struct store *dir, const struct search_query *q)
{
	struct search_result r;
	struct error err = ERROR_INIT;
	cr_assert_eq(search_run(dir, q, &r, &err), 0, "%s", error_message(&err));
	cr_assert_eq(r.total, (long)r.count);
	long n = r.total;
	search_result_free(&r);
	return n;
}

static void each_item_matches_search(enum taxonomy_kind kind)
{
	struct store *dir = directory();
	struct taxonomy t;
	struct error err = ERROR_INIT;
	cr_assert_eq(taxonomy_list(dir, kind, &t, &err), 0, "%s", error_message(&err));
	cr_assert_gt(t.count, 2);
	for (size_t i = 0; i < t.count; i++) {
		struct search_query q;
		search_query_init(&q);
		if (kind == TAXONOMY_NEED)
			cr_assert_eq(strlist_add(&q.needs, t.item[i].id), 0);
		else if (kind == TAXONOMY_LOCALITY)
			q.locality = t.item[i].id;
		else
			q.sector = t.item[i].id;
		long want = found(dir, &q);
		cr_expect_eq(t.item[i].assets, want, "%s %s: counted %ld, a search finds %ld",
			     taxonomy_kind_name(kind, 0), t.item[i].id, t.item[i].assets, want);
		search_query_clear(&q);
	}
	taxonomy_free(&t);
	store_close(dir);
}

TestSuite(counts, .description = "each count is what a search with that one filter finds");

Test(counts, needs)
{
	each_item_matches_search(TAXONOMY_NEED);
}

Test(counts, localities)
{
	each_item_matches_search(TAXONOMY_LOCALITY);
}

Test(counts, sectors)
{
	each_item_matches_search(TAXONOMY_SECTOR);
}

Test(counts, days)
{
	struct store *dir = directory();
	long counts[7];
	struct error err = ERROR_INIT;
	cr_assert_eq(counts_days(dir, counts, &err), 0, "%s", error_message(&err));
	for (int d = 0; d < 7; d++) {
		struct search_query q;
		search_query_init(&q);
		q.days = 1u << d;
		long want = found(dir, &q);
		cr_expect_eq(counts[d], want, "day %d: counted %ld, a search finds %ld", d,
			     counts[d], want);
	}
	store_close(dir);
}

Test(counts, the_hard_cases_by_hand)
{
	/* A few of the answers above, worked out, so that a search and the
	 * counts cannot be wrong together unnoticed. */
	struct store *dir = directory();
	struct taxonomy t;
	struct error err = ERROR_INIT;
	cr_assert_eq(taxonomy_list(dir, TAXONOMY_NEED, &t, &err), 0);
	/* debt: A16 only (the clinic is archived). */
	cr_expect_eq(taxonomy_find(&t, "debt")->assets, 1);
	/* bereavement: A01 A09 A18 and grief-and-child once. */
	cr_expect_eq(taxonomy_find(&t, "bereavement")->assets, 4);
	taxonomy_free(&t);
	cr_assert_eq(taxonomy_list(dir, TAXONOMY_LOCALITY, &t, &err), 0);
	/* kelling-green: A03 A12, the district-wide A10 A11 A13 A17 and the
	 * helpline (which names kelling-green too: once), and kelling's A06
	 * A16 (A08 archived). */
	cr_expect_eq(taxonomy_find(&t, "kelling-green")->assets, 9);
	/* saltby-fields: A05, saltby's A09 A14 A16, and marram's five; the
	 * archived clinic there is not counted. */
	cr_expect_eq(taxonomy_find(&t, "saltby-fields")->assets, 9);
	taxonomy_free(&t);
	long counts[7];
	cr_assert_eq(counts_days(dir, counts, &err), 0);
	/* tue: A04 A09 A12 A13 and the helpline (two sessions: once). */
	cr_expect_eq(counts[1], 5);
	store_close(dir);
}

Test(counts, read_alone_leaves_counts_unknown)
{
	struct store *dir = directory();
	struct taxonomy read, listed;
	struct error err = ERROR_INIT;
	cr_assert_eq(taxonomy_read(dir, TAXONOMY_LOCALITY, &read, &err), 0);
	cr_assert_eq(taxonomy_list(dir, TAXONOMY_LOCALITY, &listed, &err), 0);
	cr_assert_eq(read.count, listed.count);
	for (size_t i = 0; i < read.count; i++) {
		cr_expect_str_eq(read.item[i].id, listed.item[i].id);
		cr_expect_eq(read.item[i].depth, listed.item[i].depth);
		cr_expect_eq(read.item[i].assets, -1);
	}
	cr_assert_eq(counts_taxonomy(dir, TAXONOMY_LOCALITY, &read, &err), 0);
	for (size_t i = 0; i < read.count; i++)
		cr_expect_eq(read.item[i].assets, listed.item[i].assets);
	taxonomy_free(&read);
	taxonomy_free(&listed);
	store_close(dir);
}

Test(counts, empty_directory)
{
	struct store *dir = th_directory_taxonomy();
	struct taxonomy t;
	struct error err = ERROR_INIT;
	cr_assert_eq(taxonomy_list(dir, TAXONOMY_LOCALITY, &t, &err), 0);
	for (size_t i = 0; i < t.count; i++)
		cr_expect_eq(t.item[i].assets, 0);
	taxonomy_free(&t);
	long counts[7];
	cr_assert_eq(counts_days(dir, counts, &err), 0);
	for (int d = 0; d < 7; d++)
		cr_expect_eq(counts[d], 0);
	store_close(dir);
}

/* ---- The browser's capped count and quick order ------------------------ */

/* The hits' ids, sorted, joined by ','. */
static int by_string(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static char *id_set(const struct search_result *r)
{
	char **ids = calloc(r->count + 1, sizeof *ids);
	cr_assert_not_null(ids);
	for (size_t i = 0; i < r->count; i++)
		ids[i] = r->hit[i].id;
	qsort(ids, r->count, sizeof *ids, by_string);
	struct strbuf sb = STRBUF_INIT;
	for (size_t i = 0; i < r->count; i++)
		strbuf_printf(&sb, "%s%s", i ? "," : "", ids[i]);
	free(ids);
	return strbuf_detach(&sb);
}

static void search(struct store *dir, const char *words, long cap, int limit, int offset,
		   struct search_result *r)
{
	struct search_query q;
	search_query_init(&q);
	q.words = words;
	q.count_cap = cap;
	q.limit = limit;
	q.offset = offset;
	struct error err = ERROR_INIT;
	cr_assert_eq(search_run(dir, &q, r, &err), 0, "%s", error_message(&err));
}

Test(counts, quick_search_finds_the_same_assets)
{
	static const char *const words[] = {
		"bereav", "caf", "lantern", "befriending", "isolation", "o'neil", "jo",
		"supper", "harbour bereavement", "s", "e", "club ",
	};
	struct store *dir = directory();
	for (size_t i = 0; i < sizeof words / sizeof words[0]; i++) {
		struct search_result exact, quick;
		search(dir, words[i], 0, 0, 0, &exact);
		search(dir, words[i], 2000, 0, 0, &quick);
		char *a = id_set(&exact), *b = id_set(&quick);
		cr_expect_str_eq(b, a, "'%s': quick %s, exact %s", words[i], b, a);
		cr_expect_eq(quick.total, exact.total);
		cr_expect_eq(quick.capped, 0);
		free(a);
		free(b);
		search_result_free(&exact);
		search_result_free(&quick);
	}
	store_close(dir);
}

Test(counts, quick_order_is_the_name_first)
{
	/* "lantern": A06's name (weight 10) before A07's description (1). */
	struct store *dir = directory();
	struct search_result r;
	search(dir, "lantern", 2000, 0, 0, &r);
	cr_assert_eq(r.count, 2);
	cr_expect_str_eq(r.hit[0].id, "lantern-club");
	cr_expect_str_eq(r.hit[1].id, "harbour-evening-walks");
	search_result_free(&r);
	/* Pages of the quick order do not overlap and make up the whole. */
	struct search_result all, p1, p2;
	search(dir, "e", 2000, 0, 0, &all);
	search(dir, "e", 2000, 5, 0, &p1);
	search(dir, "e", 2000, 0, 5, &p2);
	cr_assert_eq(p1.count + p2.count, all.count);
	for (size_t i = 0; i < all.count; i++)
		cr_expect_str_eq(all.hit[i].id, i < 5 ? p1.hit[i].id : p2.hit[i - 5].id);
	search_result_free(&all);
	search_result_free(&p1);
	search_result_free(&p2);
	store_close(dir);
}

Test(counts, a_capped_count_says_so_and_keeps_the_rows)
{
	/* More matches than are ranked: 1,600 assets with one word. */
	struct store *dir = th_directory_fixture();
	struct strbuf yaml = STRBUF_INIT;
	strbuf_puts(&yaml, "assets:\n");
	for (int i = 0; i < 1600; i++)
		strbuf_printf(&yaml, "  - id: many-%04d\n    name: Plentiful %04d\n"
			      "    sector: vcse\n    needs: [debt]\n    localities: [saltby]\n",
			      i, i);
	cr_assert(!yaml.failed);
	th_import_text(dir, strbuf_str(&yaml));
	strbuf_free(&yaml);
	struct search_result exact, capped, wide;
	search(dir, "plenti", 0, 20, 30, &exact);
	search(dir, "plenti", 1500, 20, 30, &capped);
	search(dir, "plenti", 5000, 20, 30, &wide);
	cr_expect_eq(exact.total, 1600);
	cr_expect_eq(exact.capped, 0);
	cr_expect_eq(capped.total, 1500);
	cr_expect_eq(capped.capped, 1);
	cr_expect_eq(wide.total, 1600);
	cr_expect_eq(wide.capped, 0);
	/* Beyond the ranked, the index's order whichever way it is counted. */
	cr_assert_eq(exact.count, 20);
	cr_assert_eq(capped.count, 20);
	cr_assert_eq(wide.count, 20);
	for (size_t i = 0; i < 20; i++) {
		cr_expect_str_eq(capped.hit[i].id, exact.hit[i].id);
		cr_expect_str_eq(wide.hit[i].id, exact.hit[i].id);
	}
	search_result_free(&exact);
	search_result_free(&capped);
	search_result_free(&wide);
	/* A page past the first pass's rows, and the same with no words. */
	search(dir, "plenti", 1500, 10, 1590, &exact);
	cr_expect_eq(exact.count, 10);
	cr_expect_eq(exact.capped, 1);
	search_result_free(&exact);
	search(dir, "", 1500, 10, 0, &exact);
	cr_expect_eq(exact.total, 1500);     /* of 1,617 */
	cr_expect_eq(exact.capped, 1);
	cr_expect_eq(exact.count, 10);
	search_result_free(&exact);
	/* A cap below the ranked count is raised to it: whether to rank
	 * never depends on the cap. */
	search(dir, "plentiful 0001", 10, 0, 0, &exact);
	cr_expect_eq(exact.total, 1);
	cr_expect_eq(exact.capped, 0);
	search_result_free(&exact);
	store_close(dir);
}
