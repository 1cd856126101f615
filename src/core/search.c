#include "config.h"

#include "core/search.h"
#include "core/counts.h"
#include "core/search_weight.h"
#include "core/strbuf.h"
#include "core/taxonomy.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* How a search runs, so that it stays quick at national scale (200,000
 * assets; figures in tests/bench/README):
 *
 * 1. Count first.  Words with no filters are counted in the search index
 *    alone: an archived asset's entry carries a marker word
 *    (ARCHIVED_MARK, put there by the view asset_fts_source) that the
 *    count leaves out, so no asset row is read.  Filters are joined only
 *    when given, and a statement holds only the filters given, so that
 *    SQLite can start from the narrowest of them.
 * 2. Rank only what is narrow.  Up to RANK_LIMIT matches are ordered by
 *    relevance (bm25, then name), as always.  Ranking costs about a
 *    microsecond a match, so a broad query (a letter or two, a common
 *    word) shows its matches in the index's own order, the order the
 *    assets were added: a page costs the same whatever the count, and
 *    the next word typed brings relevance back.
 * 3. Only the page's rows get their labels (localities, needs, the main
 *    locality's and needs' labels), by one statement over the page.
 *
 * 4. The browser's quick path (count_cap set), for a search on every
 *    keystroke: one pass reads the matches, up to one past the cap, with
 *    their weight (search_weight.h); it is the count, the order and the
 *    page.  The count stops at the cap: "more than 2,000" helps as much
 *    as 197,992, and counting every match of a letter cost tens of
 *    milliseconds.  Up to RANK_LIMIT matches are ordered by weight, then
 *    the index's order, with no bm25, which walks every match of every
 *    word in the whole index first; beyond, they come in the index's
 *    order, as without the cap.
 *
 * Parameters, in every statement: ?1 FTS query, ?2 needs (a JSON
 * array), ?3 locality, ?4 sector, ?5 days, ?6 the cap's count limit,
 * ?7 limit, ?8 offset; the labels statement takes the page's keys as a
 * JSON array in ?1. */

/* Broad queries beyond this many matches are not ranked. */
enum { RANK_LIMIT = SEARCH_RANK_LIMIT };

/* The marker word in the needs column of an archived asset's index
 * entry (see directory migration 3).  No one types it, and were they
 * to, it would find nothing, as archived assets are never shown. */
#define ARCHIVED_MARK "zz0archived0zz"

#define HIT_COLUMNS \
	"SELECT a.id, a.name, o.name, a.sector, s.label, a.status, a.verified_on," \
	" (SELECT group_concat(locality, ',') FROM" \
	"   (SELECT locality FROM asset_locality WHERE asset = a.num ORDER BY position))," \
	" (SELECT group_concat(need, ',') FROM" \
	"   (SELECT need FROM asset_need WHERE asset = a.num ORDER BY position))," \
	" (SELECT l.label FROM asset_locality al JOIN locality l ON l.id = al.locality" \
	"   WHERE al.asset = a.num ORDER BY al.position LIMIT 1)," \
	" (SELECT group_concat(label, ', ') FROM (SELECT n.label FROM asset_need an" \
	"   JOIN need n ON n.id = an.need WHERE an.asset = a.num ORDER BY an.position))"

static const char labels_sql[] =
	HIT_COLUMNS
	" FROM json_each(?1) j JOIN asset a ON a.num = j.value"
	" LEFT JOIN organisation o ON o.id = a.organisation"
	" LEFT JOIN sector s ON s.id = a.sector"
	" ORDER BY j.key";

/* The filters, each on the asset's key K ("+f.rowid" or "a.num"; the
 * unary plus keeps SQLite from handing a set of keys to FTS5, which
 * would run the whole query again for each).  A place finds the assets
 * that serve it, a place within it, or a place around it: a
 * district-wide helpline serves every neighbourhood. */
enum filter_bits {
	F_NEEDS = 1 << 0, F_LOCALITY = 1 << 1, F_SECTOR = 1 << 2, F_DAYS = 1 << 3,
	F_OPEN = 1 << 4, F_COUNT = 1 << 5,
	F_ROW = F_SECTOR | F_OPEN,      /* read from the asset's row */
};

static void add_filters(struct strbuf *sb, unsigned f, const char *k)
{
	if (f & F_NEEDS)
		strbuf_printf(sb, " AND %s IN (SELECT an.asset FROM asset_need an"
			      " JOIN need_tree t ON t.descendant = an.need"
			      " WHERE t.ancestor IN (SELECT value FROM json_each(?2)))", k);
	if (f & F_LOCALITY)
		strbuf_printf(sb, " AND %s IN (SELECT al.asset FROM asset_locality al"
			      " WHERE al.locality IN (SELECT descendant FROM locality_tree"
			      " WHERE ancestor = ?3 UNION SELECT ancestor FROM locality_tree"
			      " WHERE descendant = ?3))", k);
	if (f & F_SECTOR)
		strbuf_puts(sb, " AND a.sector = ?4");
	if (f & F_DAYS)
		strbuf_printf(sb, " AND %s IN (SELECT asset FROM asset_session"
			      " WHERE days & ?5)", k);
	if (f & F_OPEN)
		strbuf_puts(sb, " AND a.status IN ('open', 'waiting-list')");
}

enum statement {
	ST_COUNT, ST_RANKED, ST_BROAD, ST_ALL, ST_ALL_COUNT, ST_ALL_COUNT_CAP, ST_QUICK,
	ST_KINDS
};

/* The statement of one kind for one set of filters. */
static char *build_sql(enum statement kind, unsigned f)
{
	struct strbuf sb = STRBUF_INIT;
	switch (kind) {
	case ST_COUNT:
		/* ?1 here leaves out archived assets itself (live_query). */
		if (f & F_ROW)
			strbuf_puts(&sb, "SELECT count(*) FROM asset_fts f"
				    " CROSS JOIN asset a ON a.num = f.rowid WHERE asset_fts MATCH ?1");
		else
			strbuf_puts(&sb, "SELECT count(*) FROM asset_fts f"
				    " WHERE asset_fts MATCH ?1");
		add_filters(&sb, f, "+f.rowid");
		break;
	case ST_RANKED:
		/* The name counts most, then the needs, the organisation, the
		 * words of the description. */
		strbuf_puts(&sb, "SELECT f.rowid FROM asset_fts f CROSS JOIN asset a ON a.num = f.rowid"
			    " WHERE asset_fts MATCH ?1 AND a.archived = 0");
		add_filters(&sb, f, "+f.rowid");
		strbuf_puts(&sb, " ORDER BY bm25(asset_fts, 10.0, 3.0, 1.0, 4.0), a.name"
			    " LIMIT ?7 OFFSET ?8");
		break;
	case ST_BROAD:
		/* ?1 leaves out archived assets (live_query). */
		if (f & F_ROW)
			strbuf_puts(&sb, "SELECT f.rowid FROM asset_fts f"
				    " CROSS JOIN asset a ON a.num = f.rowid WHERE asset_fts MATCH ?1");
		else
			strbuf_puts(&sb, "SELECT f.rowid FROM asset_fts f WHERE asset_fts MATCH ?1");
		add_filters(&sb, f, "+f.rowid");
		strbuf_puts(&sb, " LIMIT ?7 OFFSET ?8");
		break;
	case ST_ALL:
	case ST_ALL_COUNT:
		strbuf_puts(&sb, kind == ST_ALL ? "SELECT a.num" : "SELECT count(*)");
		strbuf_puts(&sb, " FROM asset a WHERE a.archived = 0");
		add_filters(&sb, f, "a.num");
		if (kind == ST_ALL_COUNT)
			break;
		/* Without words, what is in the chosen place comes before the
		 * services that cover a wider area around it. */
		if (f & F_LOCALITY)
			strbuf_puts(&sb, " ORDER BY NOT EXISTS (SELECT 1 FROM asset_locality al"
				    " JOIN locality_tree t ON t.descendant = al.locality"
				    " WHERE al.asset = a.num AND t.ancestor = ?3),"
				    " a.name COLLATE NOCASE, a.num");
		else
			strbuf_puts(&sb, " ORDER BY a.name COLLATE NOCASE, a.num");
		strbuf_puts(&sb, " LIMIT ?7 OFFSET ?8");
		break;
	case ST_ALL_COUNT_CAP:
		/* As ST_ALL_COUNT, stopping at ?6 assets. */
		strbuf_puts(&sb, "SELECT count(*) FROM (SELECT 1 FROM asset a WHERE a.archived = 0");
		add_filters(&sb, f, "a.num");
		strbuf_puts(&sb, " LIMIT ?6)");
		break;
	case ST_QUICK:
		/* ?1 leaves out archived assets (live_query). */
		strbuf_puts(&sb, "SELECT f.rowid, signpost_weight(asset_fts) FROM asset_fts f");
		if (f & F_ROW)
			strbuf_puts(&sb, " CROSS JOIN asset a ON a.num = f.rowid");
		strbuf_puts(&sb, " WHERE asset_fts MATCH ?1");
		add_filters(&sb, f, "+f.rowid");
		strbuf_puts(&sb, " LIMIT ?6");
		break;
	case ST_KINDS:
		break;
	}
	return strbuf_detach(&sb);
}

/* The statements are made once a process, the first time each is
 * wanted, and live as long as it: store_stmt() keeps each prepared,
 * keyed by the text's address. */
static const char *statement_sql(enum statement kind, unsigned filters)
{
	static char *made[ST_KINDS][F_COUNT];
	if (!made[kind][filters])
		made[kind][filters] = build_sql(kind, filters);
	return made[kind][filters];
}

void search_query_init(struct search_query *q)
{
	memset(q, 0, sizeof *q);
}

void search_query_clear(struct search_query *q)
{
	strlist_clear(&q->needs);
}

void search_result_free(struct search_result *r)
{
	for (size_t i = 0; i < r->count; i++) {
		struct search_hit *h = &r->hit[i];
		char *fields[] = {
			h->id, h->name, h->organisation, h->sector, h->sector_label,
			h->status, h->verified_on, h->localities, h->needs,
			h->locality_label, h->need_labels,
		};
		for (size_t f = 0; f < sizeof fields / sizeof fields[0]; f++)
			free(fields[f]);
	}
	free(r->hit);
	memset(r, 0, sizeof *r);
}

/* ---- Words --------------------------------------------------------- */

struct phrase {
	struct strbuf *out;
	int tokens;          /* tokens in the current word */
};

static int add_token(void *ctx, int flags, const char *token, int len,
		     int start, int end)
{
	(void)flags; (void)start; (void)end;
	struct phrase *p = ctx;
	if (p->tokens++ == 0)
		strbuf_putc(p->out, '"');
	else
		strbuf_putc(p->out, ' ');
	/* unicode61 never yields a quote in a token; double one anyway. */
	for (int i = 0; i < len; i++) {
		if (token[i] == '"')
			strbuf_putc(p->out, '"');
		strbuf_putc(p->out, token[i]);
	}
	return SQLITE_OK;
}

char *search_fts_query(struct store *dir, const char *words, struct error *err)
{
	/* The same tokenizer as the index, so a query word splits exactly
	 * as the indexed text did: "o'neil" is the phrase "o neil". */
	fts5_api *api = search_fts5_api(store_db(dir));
	void *user = NULL;
	fts5_tokenizer tokenizer;
	Fts5Tokenizer *tok = NULL;
	const char *args[] = { "remove_diacritics", "2" };
	if (!api || api->xFindTokenizer(api, "unicode61", &user, &tokenizer) != SQLITE_OK ||
	    tokenizer.xCreate(user, args, 2, &tok) != SQLITE_OK) {
		error_set(err, ERROR_STORAGE, "this SQLite has no FTS5 unicode61 tokenizer");
		return NULL;
	}
	struct strbuf out = STRBUF_INIT;
	struct phrase p = { &out, 0 };
	const char *s = words ? words : "";
	int last_end = 0;     /* the end of the last word that had tokens */
	int kept = 0;
	/* No one searches with more words than this; a pasted page would
	 * only make every search slow. */
	while (*s && kept < SEARCH_MAX_WORDS) {
		while (*s && isspace((unsigned char)*s))
			s++;
		const char *start = s;
		while (*s && !isspace((unsigned char)*s))
			s++;
		if (s == start)
			break;
		size_t before = out.len;
		if (before)
			strbuf_putc(&out, ' ');
		p.tokens = 0;
		tokenizer.xTokenize(tok, &p, FTS5_TOKENIZE_QUERY, start, (int)(s - start),
				    add_token);
		if (p.tokens) {
			strbuf_putc(&out, '"');
			last_end = *s == '\0';
			kept++;
		} else {
			out.len = before;       /* a word of punctuation alone */
			if (out.data)
				out.data[before] = '\0';
		}
	}
	tokenizer.xDelete(tok);
	if (last_end)
		strbuf_putc(&out, '*');
	char *q = strbuf_detach(&out);
	if (!q)
		error_nomem(err);
	return q;
}

/* ---- Running ----------------------------------------------------------- */

/* Whether s holds anything but white space (as the word splitter sees it). */
static int has_text(const char *s)
{
	for (; s && *s; s++)
		if (!isspace((unsigned char)*s))
			return 1;
	return 0;
}

static int check_filters(struct store *dir, const struct search_query *q,
			 struct error *err)
{
	struct { enum taxonomy_kind kind; const char *id; } refs[] = {
		{ TAXONOMY_LOCALITY, q->locality },
		{ TAXONOMY_SECTOR, q->sector },
	};
	for (size_t i = 0; i < q->needs.count; i++) {
		int known = taxonomy_exists(dir, TAXONOMY_NEED, q->needs.item[i], err);
		if (known <= 0)
			return known < 0 ? -1 : taxonomy_unknown(dir, TAXONOMY_NEED,
								 q->needs.item[i], NULL, err);
	}
	for (size_t i = 0; i < sizeof refs / sizeof refs[0]; i++) {
		if (!refs[i].id)
			continue;
		int known = taxonomy_exists(dir, refs[i].kind, refs[i].id, err);
		if (known <= 0)
			return known < 0 ? -1 : taxonomy_unknown(dir, refs[i].kind,
								 refs[i].id, NULL, err);
	}
	return 0;
}

static char *needs_json(const struct strlist *needs)
{
	struct strbuf sb = STRBUF_INIT;
	strbuf_putc(&sb, '[');
	for (size_t i = 0; i < needs->count; i++) {
		/* Need ids are slugs: nothing in them needs escaping. */
		strbuf_printf(&sb, "%s\"%s\"", i ? "," : "", needs->item[i]);
	}
	strbuf_putc(&sb, ']');
	return strbuf_detach(&sb);
}

static void bind_query(sqlite3_stmt *stmt, const struct search_query *q,
		       const char *fts, const char *needs)
{
	/* A statement holds only the filters given: binding a parameter it
	 * lacks is a harmless SQLITE_RANGE. */
	if (fts)
		sqlite3_bind_text(stmt, 1, fts, -1, SQLITE_STATIC);
	if (needs)
		sqlite3_bind_text(stmt, 2, needs, -1, SQLITE_STATIC);
	if (q->locality)
		sqlite3_bind_text(stmt, 3, q->locality, -1, SQLITE_STATIC);
	if (q->sector)
		sqlite3_bind_text(stmt, 4, q->sector, -1, SQLITE_STATIC);
	if (q->days)
		sqlite3_bind_int(stmt, 5, (int)q->days);
	if (sqlite3_bind_parameter_count(stmt) >= 7) {
		sqlite3_bind_int(stmt, 7, q->limit > 0 ? q->limit : -1);
		sqlite3_bind_int(stmt, 8, q->offset > 0 ? q->offset : 0);
	}
}

static unsigned filters_of(const struct search_query *q)
{
	return (q->needs.count ? F_NEEDS : 0) | (q->locality ? F_LOCALITY : 0) |
	       (q->sector ? F_SECTOR : 0) | (q->days ? F_DAYS : 0) |
	       (q->open_only ? F_OPEN : 0);
}

static int read_hit(sqlite3_stmt *stmt, struct search_hit *h)
{
	char **fields[] = {
		&h->id, &h->name, &h->organisation, &h->sector, &h->sector_label,
		&h->status, &h->verified_on, &h->localities, &h->needs,
		&h->locality_label, &h->need_labels,
	};
	memset(h, 0, sizeof *h);
	int failed = 0;
	for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++) {
		const unsigned char *s = sqlite3_column_text(stmt, (int)i);
		if (s && !(*fields[i] = strdup((const char *)s)))
			failed = 1;
	}
	return failed ? -1 : 0;
}

/* The page's keys, in order, as a JSON array. */
static int page_keys(struct store *dir, sqlite3_stmt *stmt, struct strbuf *keys,
		     size_t *count, struct error *err)
{
	int rc;
	strbuf_putc(keys, '[');
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW)
		strbuf_printf(keys, "%s%lld", (*count)++ ? "," : "",
			      (long long)sqlite3_column_int64(stmt, 0));
	strbuf_putc(keys, ']');
	sqlite3_reset(stmt);
	if (rc != SQLITE_DONE)
		return store_fail(dir, rc, "cannot search", err);
	return keys->failed ? error_nomem(err) : 0;
}

/* The hits of the page, with their labels. */
static int read_hits(struct store *dir, const char *keys, size_t count,
		     struct search_result *out, struct error *err)
{
	if (!count)
		return 0;
	sqlite3_stmt *stmt = store_stmt(dir, labels_sql, err);
	if (!stmt)
		return -1;
	if (!(out->hit = calloc(count, sizeof *out->hit)))
		return error_nomem(err);
	sqlite3_bind_text(stmt, 1, keys, -1, SQLITE_STATIC);
	int rc;
	while (out->count < count && (rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		if (read_hit(stmt, &out->hit[out->count++]) < 0) {
			sqlite3_reset(stmt);
			return error_nomem(err);
		}
	}
	sqlite3_reset(stmt);
	if (out->count < count && rc != SQLITE_DONE)
		return store_fail(dir, rc, "cannot search", err);
	return 0;
}

/* The matches of q (kind ST_COUNT, or ST_ALL_COUNT, which stops at q's
 * cap when it has one: words with a cap take the quick path). */
static long count_of(struct store *dir, enum statement kind, unsigned f,
		     const struct search_query *q, const char *fts, const char *needs,
		     int *capped, struct error *err)
{
	long cap = kind != ST_ALL_COUNT || q->count_cap <= 0 ? 0
		: q->count_cap < RANK_LIMIT ? RANK_LIMIT : q->count_cap;
	if (cap > 0)
		kind = ST_ALL_COUNT_CAP;
	const char *sql = statement_sql(kind, f);
	if (!sql)
		return error_nomem(err);
	sqlite3_stmt *stmt = store_stmt(dir, sql, err);
	if (!stmt)
		return -1;
	bind_query(stmt, q, fts, needs);
	if (cap > 0)
		sqlite3_bind_int64(stmt, 6, (sqlite3_int64)cap + 1);
	int rc = sqlite3_step(stmt);
	long n = rc == SQLITE_ROW ? (long)sqlite3_column_int64(stmt, 0) : -1;
	sqlite3_reset(stmt);
	if (rc != SQLITE_ROW)
		return store_fail(dir, rc, "cannot search", err);
	if (cap > 0 && n > cap) {
		*capped = 1;
		n = cap;
	}
	return n;
}

/* ---- The browser's quick path -------------------------------------- */

struct quick_row {
	sqlite3_int64 num;
	double weight;
};

/* Heavier first, then in the index's order (the order the assets were
 * added), as the matches of a broad search come: no asset row is read
 * to order them (a name for each of 1,199 matches cost a quarter of a
 * keystroke). */
static int by_weight(const void *a, const void *b)
{
	const struct quick_row *x = a, *y = b;
	if (x->weight != y->weight)
		return x->weight > y->weight ? -1 : 1;
	return (x->num > y->num) - (x->num < y->num);
}

/* The keys as a JSON array; by hand, as printf for each of 1,500 keys
 * cost more than the statement that reads them. */
static void keys_of(struct strbuf *keys, const struct quick_row *row, size_t from,
		    size_t to, size_t *count)
{
	strbuf_putc(keys, '[');
	for (size_t i = from; i < to; i++) {
		char digits[24];
		int at = (int)sizeof digits;
		unsigned long long v = row[i].num < 0 ? 0ULL - (unsigned long long)row[i].num
						      : (unsigned long long)row[i].num;
		digits[--at] = '\0';
		do
			digits[--at] = (char)('0' + v % 10);
		while ((v /= 10) > 0);
		if (row[i].num < 0)
			digits[--at] = '-';
		if ((*count)++)
			strbuf_putc(keys, ',');
		strbuf_puts(keys, digits + at);
	}
	strbuf_putc(keys, ']');
}

/* signpost_weight is made known on a connection the first time it is
 * wanted: a statement naming it does not prepare before. */
static sqlite3_stmt *quick_stmt(struct store *dir, unsigned f, struct error *err)
{
	const char *sql = statement_sql(ST_QUICK, f);
	if (!sql) {
		error_nomem(err);
		return NULL;
	}
	sqlite3_stmt *stmt = store_stmt(dir, sql, NULL);
	if (stmt)
		return stmt;
	int rc = search_weight_register(store_db(dir));
	if (rc != SQLITE_OK) {
		store_fail(dir, rc, "cannot search", err);
		return NULL;
	}
	return store_stmt(dir, sql, err);
}

/* Sets out->total and, when it can, the page's keys (*paged).  When the
 * page lies beyond what one pass read, the caller reads it in the
 * index's order (ST_BROAD). */
static int run_quick(struct store *dir, const struct search_query *q, unsigned f,
		     const char *live, const char *needs, struct strbuf *keys,
		     size_t *count, int *paged, struct search_result *out,
		     struct error *err)
{
	sqlite3_stmt *stmt = quick_stmt(dir, f, err);
	if (!stmt)
		return -1;
	size_t cap = q->count_cap < RANK_LIMIT ? RANK_LIMIT : (size_t)q->count_cap;
	struct quick_row *row = NULL;
	size_t n = 0, room = 0;
	int step, rc = -1;
	bind_query(stmt, q, live, needs);
	sqlite3_bind_int64(stmt, 6, (sqlite3_int64)cap + 1);
	while ((step = sqlite3_step(stmt)) == SQLITE_ROW) {
		if (n == room) {
			room = room ? room * 2 : 256;
			struct quick_row *p = realloc(row, room * sizeof *p);
			if (!p) {
				sqlite3_reset(stmt);
				error_nomem(err);
				goto done;
			}
			row = p;
		}
		row[n].num = sqlite3_column_int64(stmt, 0);
		row[n].weight = sqlite3_column_double(stmt, 1);
		n++;
	}
	sqlite3_reset(stmt);
	if (step != SQLITE_DONE) {
		store_fail(dir, step, "cannot search", err);
		goto done;
	}
	size_t from = q->offset > 0 ? (size_t)q->offset : 0;
	size_t to = q->limit > 0 ? from + (size_t)q->limit : (size_t)-1;
	out->total = (long)(n > cap ? cap : n);
	out->capped = n > cap;
	if (n > RANK_LIMIT) {
		*paged = to <= n;
	} else {
		if (n > 1)      /* (qsort must not be given NULL, even for none) */
			qsort(row, n, sizeof *row, by_weight);
		*paged = 1;
	}
	if (*paged) {
		if (from > n)
			from = n;
		if (to > n)
			to = n;
		keys_of(keys, row, from, to, count);
		if (keys->failed) {
			error_nomem(err);
			goto done;
		}
	}
	rc = 0;
done:
	free(row);
	return rc;
}

int search_run(struct store *dir, const struct search_query *q,
	       struct search_result *out, struct error *err)
{
	memset(out, 0, sizeof *out);
	if (check_filters(dir, q, err) < 0)
		return -1;
	char *fts = search_fts_query(dir, q->words, err);
	if (!fts)
		return -1;
	char *needs = q->needs.count ? needs_json(&q->needs) : NULL;
	char *live = NULL;
	struct strbuf keys = STRBUF_INIT;
	size_t count = 0;
	int rc = -1;
	if (q->needs.count && !needs) {
		error_nomem(err);
		goto done;
	}
	int words = *fts != '\0';
	/* Words that were all punctuation match nothing, not everything. */
	if (!words && has_text(q->words)) {
		rc = 0;
		goto done;
	}
	unsigned f = filters_of(q);
	const char *page_sql;
	const char *page_fts = NULL;
	if (words) {
		/* The same words, leaving out archived assets' entries. */
		if (asprintf(&live, "(%s) NOT \"" ARCHIVED_MARK "\"", fts) < 0) {
			live = NULL;
			error_nomem(err);
			goto done;
		}
		if (q->count_cap > 0) {
			int paged = 0;
			if (run_quick(dir, q, f, live, needs, &keys, &count, &paged, out, err) < 0)
				goto done;
			if (paged) {
				rc = read_hits(dir, strbuf_str(&keys), count, out, err);
				goto done;
			}
			page_sql = statement_sql(ST_BROAD, f);
			page_fts = live;
		} else {
			out->total = count_of(dir, ST_COUNT, f, q, live, needs, &out->capped,
					      err);
			int ranked = !out->capped && out->total <= RANK_LIMIT;
			page_sql = statement_sql(ranked ? ST_RANKED : ST_BROAD, f);
			page_fts = ranked ? fts : live;
		}
	} else {
		out->total = count_of(dir, ST_ALL_COUNT, f, q, NULL, needs, &out->capped, err);
		page_sql = statement_sql(ST_ALL, f);
	}
	if (out->total < 0 || !page_sql) {
		if (!page_sql)
			error_nomem(err);
		goto done;
	}
	sqlite3_stmt *stmt = store_stmt(dir, page_sql, err);
	if (!stmt)
		goto done;
	bind_query(stmt, q, page_fts, needs);
	if (page_keys(dir, stmt, &keys, &count, err) == 0)
		rc = read_hits(dir, strbuf_str(&keys), count, out, err);
done:
	if (rc < 0)
		search_result_free(out);
	strbuf_free(&keys);
	free(live);
	free(fts);
	free(needs);
	return rc;
}

int search_day_counts(struct store *dir, long counts[7], struct error *err)
{
	return counts_days(dir, counts, err);
}
