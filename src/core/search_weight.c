#include "config.h"

#include "core/search_weight.h"

#include <stddef.h>
#include <stdint.h>

/* The columns of asset_fts, in order: name, organisation, description,
 * needs; the same weights as the ranked search's bm25. */
static const double column_weight[] = { 10.0, 3.0, 1.0, 4.0 };
enum { COLUMNS = sizeof column_weight / sizeof column_weight[0], MAX_PHRASES = 64 };

/* A word counts once a column, so a long description that repeats it
 * does not outweigh the name. */
static void weight(const Fts5ExtensionApi *api, Fts5Context *fts,
		   sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	(void)argc;
	(void)argv;
	uint8_t seen[MAX_PHRASES] = { 0 };
	int hits;
	int rc = api->xInstCount(fts, &hits);
	double sum = 0;
	for (int i = 0; rc == SQLITE_OK && i < hits; i++) {
		int phrase, column, offset;
		rc = api->xInst(fts, i, &phrase, &column, &offset);
		if (rc != SQLITE_OK || phrase < 0 || phrase >= MAX_PHRASES ||
		    column < 0 || column >= COLUMNS || (seen[phrase] & (1u << column)))
			continue;
		seen[phrase] |= (uint8_t)(1u << column);
		sum += column_weight[column];
	}
	if (rc != SQLITE_OK)
		sqlite3_result_error_code(ctx, rc);
	else
		sqlite3_result_double(ctx, sum);
}

fts5_api *search_fts5_api(sqlite3 *db)
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

int search_weight_register(sqlite3 *db)
{
	fts5_api *api = search_fts5_api(db);
	if (!api)
		return SQLITE_ERROR;
	return api->xCreateFunction(api, "signpost_weight", NULL, weight, NULL);
}
