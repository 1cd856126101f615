#include "config.h"

#include "core/search.h"
#include "core/strbuf.h"
#include "core/taxonomy.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

/* The pieces every search statement shares.  Parameters:
 * ?1 FTS query, ?2 needs (a JSON array), ?3 locality, ?4 sector,
 * ?5 days, ?6 open only, ?7 limit, ?8 offset. */
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

#define HIT_JOINS \
	" LEFT JOIN organisation o ON o.id = a.organisation" \
	" LEFT JOIN sector s ON s.id = a.sector"

/* A place finds the assets that serve it, a place within it, or a place
 * around it: a district-wide helpline serves every neighbourhood. */
#define FILTERS \
	" a.archived = 0" \
	" AND (?2 IS NULL OR a.num IN (SELECT an.asset FROM asset_need an" \
	"   JOIN need_tree t ON t.descendant = an.need" \
	"   WHERE t.ancestor IN (SELECT value FROM json_each(?2))))" \
	" AND (?3 IS NULL OR a.num IN (SELECT al.asset FROM asset_locality al" \
	"   WHERE al.locality IN (SELECT descendant FROM locality_tree WHERE ancestor = ?3" \
	"     UNION SELECT ancestor FROM locality_tree WHERE descendant = ?3)))" \
	" AND (?4 IS NULL OR a.sector = ?4)" \
	" AND (?5 = 0 OR a.num IN (SELECT asset FROM asset_session WHERE days & ?5))" \
	" AND (?6 = 0 OR a.status IN ('open', 'waiting-list'))"

#define FROM_WORDS \
	" FROM asset_fts f JOIN asset a ON a.num = f.rowid" HIT_JOINS \
	" WHERE asset_fts MATCH ?1 AND" FILTERS

#define FROM_ALL \
	" FROM asset a" HIT_JOINS " WHERE ?1 IS NULL AND" FILTERS

/* The name counts most, then the needs, the organisation, the words of
 * the description. */
static const char words_sql[] =
	HIT_COLUMNS FROM_WORDS
	" ORDER BY bm25(asset_fts, 10.0, 3.0, 1.0, 4.0), a.name LIMIT ?7 OFFSET ?8";
static const char words_count_sql[] = "SELECT count(*)" FROM_WORDS;
/* Without words, what is in the chosen place comes before the services
 * that cover a wider area around it. */
static const char all_sql[] =
	HIT_COLUMNS FROM_ALL
	" ORDER BY ?3 IS NOT NULL AND NOT EXISTS (SELECT 1 FROM asset_locality al"
	"   JOIN locality_tree t ON t.descendant = al.locality"
	"   WHERE al.asset = a.num AND t.ancestor = ?3),"
	" a.name COLLATE NOCASE LIMIT ?7 OFFSET ?8";
static const char all_count_sql[] = "SELECT count(*)" FROM_ALL;

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

static fts5_api *fts5_api_of(sqlite3 *db)
{
	fts5_api *api = NULL;
	sqlite3_stmt *stmt;
	if (sqlite3_prepare_v2(db, "SELECT fts5(?1)", -1, &stmt, NULL) != SQLITE_OK)
		return NULL;
	sqlite3_bind_pointer(stmt, 1, (void *)&api, "fts5_api_ptr", NULL);
	sqlite3_step(stmt);
	sqlite3_finalize(stmt);
	return api;
}

char *search_fts_query(struct store *dir, const char *words, struct error *err)
{
	/* The same tokenizer as the index, so a query word splits exactly
	 * as the indexed text did: "o'neil" is the phrase "o neil". */
	fts5_api *api = fts5_api_of(store_db(dir));
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
	if (fts)
		sqlite3_bind_text(stmt, 1, fts, -1, SQLITE_STATIC);
	if (needs)
		sqlite3_bind_text(stmt, 2, needs, -1, SQLITE_STATIC);
	if (q->locality)
		sqlite3_bind_text(stmt, 3, q->locality, -1, SQLITE_STATIC);
	if (q->sector)
		sqlite3_bind_text(stmt, 4, q->sector, -1, SQLITE_STATIC);
	sqlite3_bind_int(stmt, 5, (int)q->days);
	sqlite3_bind_int(stmt, 6, !!q->open_only);
	if (sqlite3_bind_parameter_count(stmt) >= 7) {
		sqlite3_bind_int(stmt, 7, q->limit > 0 ? q->limit : -1);
		sqlite3_bind_int(stmt, 8, q->offset > 0 ? q->offset : 0);
	}
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

static int run_hits(struct store *dir, sqlite3_stmt *stmt,
		    struct search_result *out, struct error *err)
{
	size_t cap = 0;
	int rc;
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		if (out->count == cap) {
			cap = cap ? cap * 2 : 32;
			struct search_hit *p = realloc(out->hit, cap * sizeof *p);
			if (!p) {
				sqlite3_reset(stmt);
				return error_nomem(err);
			}
			out->hit = p;
		}
		if (read_hit(stmt, &out->hit[out->count++]) < 0) {
			sqlite3_reset(stmt);
			return error_nomem(err);
		}
	}
	sqlite3_reset(stmt);
	return rc == SQLITE_DONE ? 0 : store_fail(dir, rc, "cannot search", err);
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
	sqlite3_stmt *count = store_stmt(dir, words ? words_count_sql : all_count_sql, err);
	if (!count)
		goto done;
	bind_query(count, q, words ? fts : NULL, needs);
	int step = sqlite3_step(count);
	out->total = step == SQLITE_ROW ? sqlite3_column_int64(count, 0) : 0;
	sqlite3_reset(count);
	if (step != SQLITE_ROW) {
		store_fail(dir, step, "cannot search", err);
		goto done;
	}
	sqlite3_stmt *stmt = store_stmt(dir, words ? words_sql : all_sql, err);
	if (!stmt)
		goto done;
	bind_query(stmt, q, words ? fts : NULL, needs);
	rc = run_hits(dir, stmt, out, err);
done:
	if (rc < 0)
		search_result_free(out);
	free(fts);
	free(needs);
	return rc;
}

int search_day_counts(struct store *dir, long counts[7], struct error *err)
{
	static const char sql[] =
		"SELECT count(DISTINCT s.asset) FROM asset_session s"
		" JOIN asset a ON a.num = s.asset AND a.archived = 0"
		" WHERE s.days & ?1";
	for (int d = 0; d < 7; d++) {
		sqlite3_stmt *stmt = store_stmt(dir, sql, err);
		if (!stmt)
			return -1;
		sqlite3_bind_int(stmt, 1, 1 << d);
		int rc = sqlite3_step(stmt);
		counts[d] = rc == SQLITE_ROW ? (long)sqlite3_column_int64(stmt, 0) : 0;
		sqlite3_reset(stmt);
		if (rc != SQLITE_ROW)
			return store_fail(dir, rc, "cannot count sessions", err);
	}
	return 0;
}
