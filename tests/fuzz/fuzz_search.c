/* Fuzzes the search-words parser: search_fts_query (src/core/search.h),
 * and search_run with those words against a small directory whose names
 * hold what FTS5 would take for syntax (quotes, dashes, stars, AND, OR,
 * NEAR, column filters, carets, diacritics).
 *
 * Input: the words, as typed, up to a NUL byte.  Bytes after the NUL, if
 * any, set the filters: days, open only, limit, offset, a need, a
 * locality and a sector, each chosen from ids the directory has.
 *
 * Properties:
 * - the FTS5 query is "" or a run of double-quoted phrases (each '"'
 *   inside doubled), space-separated, at most SEARCH_MAX_WORDS, with at
 *   most a '*' at the end;
 * - search_run never fails: above all, never with an FTS5 syntax error
 *   ("syntax error", "fts5: ...", "no such column", "unterminated
 *   string", "unknown special query");
 * - the hits respect the limit, never exceed the total, are never an
 *   archived asset, and without a limit or offset are all the matches. */
#include "config.h"

#include "tests/fuzz/fuzz.h"
#include "core/error.h"
#include "core/search.h"
#include "core/strlist.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const char directory_yaml[] =
	"assets:\n"
	"  - id: oneils-garden\n"
	"    name: \"O'Neil's Garden\"\n"
	"    sector: vcse\n"
	"    description: \"A shared allotment: \\\"grow\\\" AND share; NEAR(the sea) OR not.\"\n"
	"    needs: [meeting-people]\n"
	"    localities: [harbourside]\n"
	"    sessions:\n"
	"      - days: [tue, sat]\n"
	"    status: open\n"
	"  - id: smith-jones-hall\n"
	"    name: Smith-Jones Hall\n"
	"    sector: local-authority\n"
	"    description: \"name: tea dance; -bingo; ^first; col:umn {a b}\"\n"
	"    needs: [loneliness]\n"
	"    localities: [wrenmouth]\n"
	"    sessions:\n"
	"      - days: [fri]\n"
	"        start: \"14:00\"\n"
	"        end: \"16:30\"\n"
	"    status: temporarily-closed\n"
	"  - id: crepe-and-chat\n"
	"    name: Crêpe and Chat Café\n"
	"    sector: community-group\n"
	"    description: \"Pancakes * and * stars; 日本語 Ünïcödé – ☕ עברית\"\n"
	"    needs: [befriending]\n"
	"    localities: [port-alden]\n"
	"    sessions:\n"
	"      - days: [sat]\n"
	"    status: waiting-list\n"
	"  - id: bereavement-cafe\n"
	"    name: Harbour Bereavement Cafe\n"
	"    organisation: St Elwyn's Hospice\n"
	"    sector: nhs\n"
	"    description: \"Tea, cake and company for anyone grieving (NOT alone).\"\n"
	"    needs: [bereavement, meeting-people]\n"
	"    localities: [harbourside]\n"
	"    sessions:\n"
	"      - days: [mon, thu]\n"
	"    status: open\n"
	"  - id: archived-supper\n"
	"    name: Lantern Supper Club\n"
	"    sector: faith\n"
	"    description: Archived; no search may show it.\n"
	"    needs: [loneliness]\n"
	"    localities: [wrenmouth]\n"
	"    status: closed\n"
	"    archived: true\n";

enum { LIVE_ASSETS = 4 };

static const char *const needs[] = { "loneliness", "meeting-people", "bereavement", "end-of-life" };
static const char *const localities[] = { "harbourside", "wrenmouth", "wrenmouth-district", "port-alden" };
static const char *const sectors[] = { "vcse", "nhs", "faith", "community-group" };

static struct store *dir;

/* "" or "P( P)*\*?" where P is a double-quoted phrase with '"' doubled;
 * returns the number of phrases, or -1 when it is not that shape. */
static int phrases(const char *q)
{
	int n = 0;
	const char *p = q;
	if (!*p)
		return 0;
	for (;;) {
		if (*p != '"')
			return -1;
		for (p++;; p++) {
			if (!*p)
				return -1;
			if (*p == '"') {
				if (p[1] == '"') {
					p++;
					continue;
				}
				break;
			}
		}
		p++;
		n++;
		if (!*p)
			return n;
		if (*p == '*')
			return p[1] ? -1 : n;
		if (*p != ' ')
			return -1;
		p++;
	}
}

static int says_fts(const char *msg)
{
	static const char *const signs[] = {
		"syntax", "fts5", "no such column", "unterminated string",
		"unknown special query", "malformed MATCH",
	};
	for (size_t i = 0; i < sizeof signs / sizeof signs[0]; i++)
		if (strcasestr(msg, signs[i]))
			return 1;
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_setup();
	if (!dir)
		dir = fuzz_directory("search.db", directory_yaml);
	char *words = fuzz_cstr(data, size);
	size_t wl = strlen(words);
	const uint8_t *opt = wl < size ? data + wl + 1 : NULL;
	size_t nopt = opt ? size - wl - 1 : 0;

	struct error err = ERROR_INIT;
	char *fts = search_fts_query(dir, words, &err);
	FUZZ_CHECK(fts, "search_fts_query failed: %s", error_message(&err));
	int n = phrases(fts);
	FUZZ_CHECK(n >= 0, "not a run of quoted phrases: %s", fts);
	FUZZ_CHECK(n <= SEARCH_MAX_WORDS, "%d phrases", n);
	free(fts);

	struct search_query q;
	search_query_init(&q);
	q.words = words;
	if (nopt > 0 && (opt[0] & 0x80))
		q.days = opt[0] & 0x7F;
	if (nopt > 1) {
		q.open_only = opt[1] & 1;
		q.limit = (opt[1] >> 1) & 7;
		q.offset = (opt[1] >> 4) & 3;
	}
	if (nopt > 2) {
		unsigned b = opt[2];
		if (b & 4 && strlist_add(&q.needs, needs[b & 3]) < 0)
			fuzz_fail("out of memory");
		if (b & 0x40)
			q.locality = localities[(b >> 4) & 3];
		if (b & 0x80)
			q.sector = sectors[(b >> 3) & 3];
	}

	struct search_result r;
	int rc = search_run(dir, &q, &r, &err);
	if (rc < 0) {
		FUZZ_CHECK(!says_fts(error_message(&err)),
			   "the words reached FTS5 as syntax: %s", error_message(&err));
		fuzz_fail("search_run failed: %s", error_message(&err));
	}
	FUZZ_CHECK(err.kind == ERROR_NONE, "searched, with an error set");
	FUZZ_CHECK(r.total >= 0 && r.total <= LIVE_ASSETS, "total %ld", r.total);
	FUZZ_CHECK((long)r.count <= r.total, "%zu hits of %ld", r.count, r.total);
	if (q.limit > 0)
		FUZZ_CHECK(r.count <= (size_t)q.limit, "%zu hits, limit %d", r.count, q.limit);
	if (q.limit == 0 && q.offset == 0)
		FUZZ_CHECK((long)r.count == r.total, "%zu hits of %ld", r.count, r.total);
	for (size_t i = 0; i < r.count; i++) {
		FUZZ_CHECK(r.hit[i].id && r.hit[i].name, "hit %zu has no id", i);
		FUZZ_CHECK(strcmp(r.hit[i].id, "archived-supper") != 0,
			   "an archived asset was found");
	}
	search_result_free(&r);
	search_query_clear(&q);
	error_clear(&err);
	free(words);
	return 0;
}
