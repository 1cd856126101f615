/* search: finding assets by words, need, locality, sector and day. */
#ifndef SIGNPOST_SEARCH_H
#define SIGNPOST_SEARCH_H

#include <stddef.h>

#include "core/error.h"
#include "core/strlist.h"
#include "store/store.h"

struct search_query {
	const char *words;         /* anything a person typed; NULL or "" for none */
	struct strlist needs;      /* any of these needs or their sub-needs (owned) */
	const char *locality;      /* serving this place, a place in it, or one around it */
	const char *sector;
	unsigned days;             /* with a session on any of these days; 0: any */
	int open_only;             /* leave out full and closed assets */
	int limit;                 /* 0: no limit */
	int offset;
	long count_cap;            /* 0: count every match (the command line); else
				    * the browser's quick search: stop counting past
				    * this many (at least SEARCH_RANK_LIMIT) and say
				    * so in search_result.capped, and order up to
				    * SEARCH_RANK_LIMIT matches of words by where
				    * they are found (search_weight.h), not bm25;
				    * the same matches either way */
};

struct search_hit {
	char *id;
	char *name;
	char *organisation;
	char *sector;              /* id */
	char *sector_label;
	char *status;
	char *verified_on;         /* YYYY-MM-DD or NULL */
	char *localities;          /* ids, comma-separated, the main one first */
	char *needs;               /* ids, comma-separated */
	char *locality_label;      /* the main locality */
	char *need_labels;         /* labels, ", "-separated */
};

struct search_result {
	struct search_hit *hit;
	size_t count;
	long total;                /* all the matches, beyond the limit too */
	int capped;                /* there are more than total (count_cap) */
};

void search_query_init(struct search_query *q);
/* Frees the query's needs list. */
void search_query_clear(struct search_query *q);

/* Runs q.  Unknown needs, localities or sectors are ERROR_INPUT. */
int search_run(struct store *dir, const struct search_query *q,
	       struct search_result *out, struct error *err);
void search_result_free(struct search_result *r);

/* For each day of the week (0 Monday .. 6 Sunday), the number of assets
 * (not archived) with a session that day. */
int search_day_counts(struct store *dir, long counts[7], struct error *err);

/* Words past this many are left out of a search. */
enum { SEARCH_MAX_WORDS = 32 };

/* Up to this many matches of words are ordered by relevance; beyond,
 * they come in the index's own order. */
enum { SEARCH_RANK_LIMIT = 1500 };

/* The FTS5 query for what a person typed: each word's tokens quoted as a
 * phrase (so no input is FTS5 syntax), the last word a prefix unless the
 * text ends in a space.  Newly allocated; "" when there are no words. */
char *search_fts_query(struct store *dir, const char *words, struct error *err);

#endif
