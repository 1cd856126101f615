#include "config.h"

#include "core/duplicate.h"
#include "core/json.h"
#include "core/slug.h"
#include "core/strbuf.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

void duplicates_free(struct duplicates *d)
{
	for (size_t i = 0; i < d->count; i++) {
		free(d->item[i].id);
		free(d->item[i].name);
		free(d->item[i].locality);
		free(d->item[i].why);
	}
	free(d->item);
	d->item = NULL;
	d->count = 0;
}

char *duplicate_name_key(const char *name)
{
	char *folded = slug_fold(name ? name : "");
	if (!folded)
		return NULL;
	/* A name in a script that does not fold to Latin letters is
	 * compared as written. */
	if (!*folded) {
		free(folded);
		return strdup(name ? name : "");
	}
	struct strbuf sb = STRBUF_INIT;
	char *save = NULL;
	int first = 1;
	for (char *w = strtok_r(folded, "-", &save); w; w = strtok_r(NULL, "-", &save)) {
		int skip = (first && strcmp(w, "the") == 0) || strcmp(w, "and") == 0;
		first = 0;
		if (skip)
			continue;
		if (sb.len)
			strbuf_putc(&sb, '-');
		strbuf_puts(&sb, w);
	}
	free(folded);
	/* "The" alone, or "And": keep what there was. */
	if (sb.len == 0 && !sb.failed) {
		strbuf_free(&sb);
		return slug_fold(name);
	}
	return strbuf_detach(&sb);
}

static void name_key_sql(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	(void)argc;
	const unsigned char *s = sqlite3_value_text(argv[0]);
	if (!s) {
		sqlite3_result_null(ctx);
		return;
	}
	char *key = duplicate_name_key((const char *)s);
	if (!key) {
		sqlite3_result_error_nomem(ctx);
		return;
	}
	sqlite3_result_text(ctx, key, -1, free);
}

int duplicate_sql_functions(sqlite3 *db)
{
	return sqlite3_create_function_v2(db, "signpost_name_key", 1,
					  SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_DIRECTONLY,
					  NULL, name_key_sql, NULL, NULL, NULL);
}

int duplicate_keys_near(const char *a, const char *b)
{
	size_t n = strlen(a), m = strlen(b);
	size_t longer = n > m ? n : m;
	size_t allowed = longer >= 16 ? 2 : longer >= 6 ? 1 : 0;
	if (allowed == 0 || (n > m ? n - m : m - n) > allowed)
		return 0;
	/* Edit distance, one row at a time. */
	size_t *row = malloc((m + 1) * sizeof *row);
	if (!row)
		return 0;
	for (size_t j = 0; j <= m; j++)
		row[j] = j;
	for (size_t i = 1; i <= n; i++) {
		size_t diag = row[0];
		row[0] = i;
		for (size_t j = 1; j <= m; j++) {
			size_t up = row[j];
			size_t best = diag + (a[i - 1] != b[j - 1]);
			if (up + 1 < best)
				best = up + 1;
			if (row[j - 1] + 1 < best)
				best = row[j - 1] + 1;
			row[j] = best;
			diag = up;
		}
	}
	size_t d = row[m];
	free(row);
	return d <= allowed;
}

/* "ZW1 2AR", "zw12ar" -> "ZW12AR"; NULL for none. */
static char *postcode_key(const char *s)
{
	if (!s || !*s)
		return NULL;
	char *k = malloc(strlen(s) + 1);
	if (!k)
		return NULL;
	size_t n = 0;
	for (const char *p = s; *p; p++)
		if (!isspace((unsigned char)*p))
			k[n++] = (char)toupper((unsigned char)*p);
	k[n] = '\0';
	return k;
}

static const char candidates_sql[] =
	"SELECT a.id, a.name, a.archived,"
	" (SELECT al.locality FROM asset_locality al WHERE al.asset = a.num"
	"   AND al.locality IN (SELECT value FROM json_each(?1))"
	"   ORDER BY al.position LIMIT 1),"
	" ?3 IS NOT NULL AND replace(upper(coalesce(a.postcode, '')), ' ', '') = ?3"
	" FROM asset a"
	" WHERE (?2 IS NULL OR a.id <> ?2)"
	" AND (a.num IN (SELECT asset FROM asset_locality"
	"   WHERE locality IN (SELECT value FROM json_each(?1)))"
	"  OR (?3 IS NOT NULL AND replace(upper(coalesce(a.postcode, '')), ' ', '') = ?3))"
	" ORDER BY a.id";

static char *why_text(const struct duplicate *d, const char *postcode)
{
	static const char *const how[] = {
		[DUPLICATE_SAME_NAME] = "the same name",
		[DUPLICATE_ALIKE_NAME] = ("the same name but for case, accents, punctuation "
					  "or \"The\""),
		[DUPLICATE_NEAR_NAME] = "nearly the same name",
	};
	struct strbuf sb = STRBUF_INIT;
	strbuf_puts(&sb, how[d->name_match]);
	if (d->place & DUPLICATE_LOCALITY)
		strbuf_printf(&sb, ", in locality %s", d->locality);
	if (d->place & DUPLICATE_POSTCODE)
		strbuf_printf(&sb, "%s at the same postcode (%s)",
			      d->place & DUPLICATE_LOCALITY ? " and" : ",", postcode);
	return strbuf_detach(&sb);
}

static int compare(const void *x, const void *y)
{
	const struct duplicate *a = x, *b = y;
	if (a->name_match != b->name_match)
		return a->name_match < b->name_match ? -1 : 1;
	int pa = !!(a->place & DUPLICATE_LOCALITY) + !!(a->place & DUPLICATE_POSTCODE);
	int pb = !!(b->place & DUPLICATE_LOCALITY) + !!(b->place & DUPLICATE_POSTCODE);
	if (pa != pb)
		return pa > pb ? -1 : 1;
	return strcmp(a->id, b->id);
}

/* Adds the candidate in the statement's current row when its name is
 * alike; returns -1 when out of memory. */
static int consider(sqlite3_stmt *stmt, const char *name, const char *key,
		    const char *postcode, struct duplicates *out)
{
	const char *other = (const char *)sqlite3_column_text(stmt, 1);
	char *other_key = duplicate_name_key(other);
	if (!other_key)
		return -1;
	enum duplicate_name match;
	int alike = 1;
	if (strcmp(name, other) == 0)
		match = DUPLICATE_SAME_NAME;
	else if (strcmp(key, other_key) == 0)
		match = DUPLICATE_ALIKE_NAME;
	else if (duplicate_keys_near(key, other_key))
		match = DUPLICATE_NEAR_NAME;
	else
		alike = 0;
	free(other_key);
	if (!alike)
		return 0;
	struct duplicate *item = realloc(out->item, (out->count + 1) * sizeof *item);
	if (!item)
		return -1;
	out->item = item;
	struct duplicate *d = &item[out->count++];
	memset(d, 0, sizeof *d);
	d->name_match = match;
	d->archived = sqlite3_column_int(stmt, 2);
	const char *locality = (const char *)sqlite3_column_text(stmt, 3);
	if (locality) {
		d->place |= DUPLICATE_LOCALITY;
		d->locality = strdup(locality);
	}
	if (sqlite3_column_int(stmt, 4))
		d->place |= DUPLICATE_POSTCODE;
	d->id = strdup((const char *)sqlite3_column_text(stmt, 0));
	d->name = strdup(other);
	if (!d->id || !d->name || (locality && !d->locality))
		return -1;
	return (d->why = why_text(d, postcode)) ? 0 : -1;
}

int duplicates_find(struct store *dir, const struct asset *a,
		    struct duplicates *out, struct error *err)
{
	memset(out, 0, sizeof *out);
	if (!a->name || !*a->name)
		return 0;
	struct json places;
	json_init(&places, NULL, 0);
	json_array_begin(&places);
	for (size_t i = 0; i < a->localities.count; i++)
		json_string(&places, a->localities.item[i]);
	json_array_end(&places);
	char *key = duplicate_name_key(a->name);
	char *postcode = postcode_key(a->postcode);
	int rc = 0;
	if (json_finish(&places) < 0 || !key || (a->postcode && *a->postcode && !postcode))
		rc = error_nomem(err);
	sqlite3_stmt *stmt = rc == 0 ? store_stmt(dir, candidates_sql, err) : NULL;
	if (rc == 0 && !stmt)
		rc = -1;
	if (rc == 0) {
		sqlite3_bind_text(stmt, 1, strbuf_str(&places.buf), -1, SQLITE_STATIC);
		sqlite3_bind_text(stmt, 2, a->id && *a->id ? a->id : NULL, -1, SQLITE_STATIC);
		sqlite3_bind_text(stmt, 3, postcode, -1, SQLITE_STATIC);
		int step;
		while ((step = sqlite3_step(stmt)) == SQLITE_ROW) {
			if (consider(stmt, a->name, key, a->postcode, out) < 0) {
				rc = error_nomem(err);
				break;
			}
		}
		sqlite3_reset(stmt);
		if (rc == 0 && step != SQLITE_DONE)
			rc = store_fail(dir, step, "cannot look for duplicates", err);
	}
	json_free(&places);
	free(key);
	free(postcode);
	if (rc < 0) {
		duplicates_free(out);
		return -1;
	}
	if (out->count > 1)
		qsort(out->item, out->count, sizeof *out->item, compare);
	return 0;
}
