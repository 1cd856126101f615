/* search_weight: the browser's quick order of matches (search.c,
 * count_cap), an FTS5 function signpost_weight(asset_fts): for each
 * word of the query, the weights of the columns it is found in (the
 * name 10, the needs 4, the organisation 3, the description 1), summed.
 * bm25 is the better judge, but it first walks every match of every
 * word in the whole index, about 10 ms a keystroke at 200,000 assets
 * (tests/bench/README); this reads only the row's own hits. */
#ifndef SIGNPOST_SEARCH_WEIGHT_H
#define SIGNPOST_SEARCH_WEIGHT_H

#include <sqlite3.h>

/* FTS5's own interface on db (for its tokenizer and functions), or
 * NULL where SQLite has no FTS5. */
fts5_api *search_fts5_api(sqlite3 *db);

/* Makes signpost_weight known on db; SQLITE_OK or an SQLite code. */
int search_weight_register(sqlite3 *db);

#endif
