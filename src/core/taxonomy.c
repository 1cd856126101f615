#include "config.h"

#include "core/taxonomy.h"
#include "core/access.h"
#include "core/counts.h"
#include "core/idset.h"
#include "core/strbuf.h"

#include <stdlib.h>
#include <string.h>

/* Each statement comes in one version per kind, indexed by the kind;
 * the columns are the same for all three (a sector's kind and parent
 * are always NULL), so one piece of C serves them. */

/* The items alone: their counts are core/counts.c's, which reads the
 * links once in memory rather than joining each item's assets. */
static const char *const list_sql[TAXONOMY_KIND_COUNT] = {
	[TAXONOMY_NEED] =
		"SELECT id, label, description, NULL, parent FROM need ORDER BY position",
	[TAXONOMY_SECTOR] =
		"SELECT id, label, description, NULL, NULL FROM sector ORDER BY position",
	[TAXONOMY_LOCALITY] =
		"SELECT id, label, description, kind, parent FROM locality ORDER BY position",
};

static const char *const get_sql[TAXONOMY_KIND_COUNT] = {
	[TAXONOMY_NEED] = "SELECT label, description, NULL, parent FROM need WHERE id = ?1",
	[TAXONOMY_SECTOR] = "SELECT label, description, NULL, NULL FROM sector WHERE id = ?1",
	[TAXONOMY_LOCALITY] = "SELECT label, description, kind, parent FROM locality WHERE id = ?1",
};

static const char *const insert_sql[TAXONOMY_KIND_COUNT] = {
	[TAXONOMY_NEED] =
		"INSERT INTO need (id, label, description, parent, position)"
		" VALUES (?1, ?2, ?3, ?5, (SELECT coalesce(max(position), 0) + 1 FROM need))",
	[TAXONOMY_SECTOR] =
		"INSERT INTO sector (id, label, description, position)"
		" VALUES (?1, ?2, ?3, (SELECT coalesce(max(position), 0) + 1 FROM sector))",
	[TAXONOMY_LOCALITY] =
		"INSERT INTO locality (id, label, description, kind, parent, position)"
		" VALUES (?1, ?2, ?3, ?4, ?5, (SELECT coalesce(max(position), 0) + 1 FROM locality))",
};

static const char *const update_sql[TAXONOMY_KIND_COUNT] = {
	[TAXONOMY_NEED] =
		"UPDATE need SET label = ?2, description = ?3, parent = ?5 WHERE id = ?1",
	[TAXONOMY_SECTOR] =
		"UPDATE sector SET label = ?2, description = ?3 WHERE id = ?1",
	[TAXONOMY_LOCALITY] =
		("UPDATE locality SET label = ?2, description = ?3, kind = ?4, parent = ?5"
		 " WHERE id = ?1"),
};

static const char *const ids_sql[TAXONOMY_KIND_COUNT] = {
	[TAXONOMY_NEED] = "SELECT id FROM need ORDER BY id",
	[TAXONOMY_SECTOR] = "SELECT id FROM sector ORDER BY id",
	[TAXONOMY_LOCALITY] = "SELECT id FROM locality ORDER BY id",
};

/* A cycle shows as an item that is its own ancestor; the walk up is
 * bounded so that it ends even then. */
static const char *const cycle_sql[2] = {
	"WITH RECURSIVE up (descendant, ancestor, depth) AS ("
	"  SELECT id, parent, 1 FROM need WHERE parent IS NOT NULL"
	"  UNION ALL SELECT up.descendant, x.parent, up.depth + 1 FROM up"
	"  JOIN need x ON x.id = up.ancestor"
	"  WHERE x.parent IS NOT NULL AND up.depth < 64 AND up.ancestor <> up.descendant)"
	" SELECT descendant FROM up WHERE ancestor = descendant OR depth >= 64 LIMIT 1",
	"WITH RECURSIVE up (descendant, ancestor, depth) AS ("
	"  SELECT id, parent, 1 FROM locality WHERE parent IS NOT NULL"
	"  UNION ALL SELECT up.descendant, x.parent, up.depth + 1 FROM up"
	"  JOIN locality x ON x.id = up.ancestor"
	"  WHERE x.parent IS NOT NULL AND up.depth < 64 AND up.ancestor <> up.descendant)"
	" SELECT descendant FROM up WHERE ancestor = descendant OR depth >= 64 LIMIT 1",
};

static const char *const closure_sql[2] = {
	"DELETE FROM need_tree;"
	"INSERT INTO need_tree (ancestor, descendant, depth)"
	" WITH RECURSIVE up (descendant, ancestor, depth) AS ("
	"  SELECT id, id, 0 FROM need"
	"  UNION ALL SELECT up.descendant, x.parent, up.depth + 1 FROM up"
	"  JOIN need x ON x.id = up.ancestor WHERE x.parent IS NOT NULL)"
	" SELECT ancestor, descendant, depth FROM up;",
	"DELETE FROM locality_tree;"
	"INSERT INTO locality_tree (ancestor, descendant, depth)"
	" WITH RECURSIVE up (descendant, ancestor, depth) AS ("
	"  SELECT id, id, 0 FROM locality"
	"  UNION ALL SELECT up.descendant, x.parent, up.depth + 1 FROM up"
	"  JOIN locality x ON x.id = up.ancestor WHERE x.parent IS NOT NULL)"
	" SELECT ancestor, descendant, depth FROM up;",
};

/* The search index holds need labels (and their ancestors'). */
static const char reindex_sql[] =
	"DELETE FROM asset_fts;"
	"INSERT INTO asset_fts (rowid, name, organisation, description, needs)"
	" SELECT * FROM asset_fts_source;";

const char *taxonomy_kind_name(enum taxonomy_kind kind, int plural)
{
	static const char *const names[TAXONOMY_KIND_COUNT][2] = {
		[TAXONOMY_NEED] = { "need", "needs" },
		[TAXONOMY_SECTOR] = { "sector", "sectors" },
		[TAXONOMY_LOCALITY] = { "locality", "localities" },
	};
	return names[kind][!!plural];
}

static void item_clear(struct taxonomy_item *it)
{
	free(it->id);
	free(it->label);
	free(it->description);
	free(it->kind);
	free(it->parent);
}

void taxonomy_free(struct taxonomy *t)
{
	for (size_t i = 0; i < t->count; i++)
		item_clear(&t->item[i]);
	free(t->item);
	t->item = NULL;
	t->count = 0;
}

const struct taxonomy_item *taxonomy_find(const struct taxonomy *t, const char *id)
{
	for (size_t i = 0; i < t->count; i++)
		if (strcmp(t->item[i].id, id) == 0)
			return &t->item[i];
	return NULL;
}

/* Puts items (in position order) into tree order, each parent followed
 * by its children, and sets their depth.  An item whose parent is
 * missing is treated as a root. */
static int tree_order(struct taxonomy *t)
{
	size_t n = t->count;
	struct taxonomy_item *out = malloc((n ? n : 1) * sizeof *out);
	size_t *stack = malloc((n ? n : 1) * sizeof *stack);
	char *placed = calloc(n ? n : 1, 1);
	if (!out || !stack || !placed) {
		free(out);
		free(stack);
		free(placed);
		return -1;
	}
	size_t count = 0;
	for (size_t root = 0; root < n; root++) {
		const char *p = t->item[root].parent;
		if (placed[root] || (p && taxonomy_find(t, p)))
			continue;
		size_t top = 0;
		stack[top++] = root;
		t->item[root].depth = 0;
		while (top > 0) {
			size_t i = stack[--top];
			placed[i] = 1;
			out[count++] = t->item[i];
			/* Push children in reverse so the first comes out first. */
			for (size_t c = n; c-- > 0;) {
				const char *cp = t->item[c].parent;
				if (!placed[c] && cp && strcmp(cp, t->item[i].id) == 0) {
					t->item[c].depth = t->item[i].depth + 1;
					placed[c] = 1;
					stack[top++] = c;
				}
			}
		}
	}
	/* Anything left sits in a cycle, which imports refuse; keep it. */
	for (size_t i = 0; i < n; i++)
		if (!placed[i])
			out[count++] = t->item[i];
	free(t->item);
	free(stack);
	free(placed);
	t->item = out;
	return 0;
}

int taxonomy_read(struct store *dir, enum taxonomy_kind kind,
		  struct taxonomy *out, struct error *err)
{
	memset(out, 0, sizeof *out);
	sqlite3_stmt *stmt = store_stmt(dir, list_sql[kind], err);
	if (!stmt)
		return -1;
	size_t cap = 0;
	int rc, failed = 0;
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		if (out->count == cap) {
			cap = cap ? cap * 2 : 32;
			struct taxonomy_item *p = realloc(out->item, cap * sizeof *p);
			if (!p) {
				failed = 1;
				break;
			}
			out->item = p;
		}
		struct taxonomy_item *it = &out->item[out->count++];
		memset(it, 0, sizeof *it);
		it->id = store_column_dup(stmt, 0, &failed);
		it->label = store_column_dup(stmt, 1, &failed);
		it->description = store_column_dup(stmt, 2, &failed);
		it->kind = store_column_dup(stmt, 3, &failed);
		it->parent = store_column_dup(stmt, 4, &failed);
		it->assets = -1;
		if (!it->id || !it->label)
			failed = 1;
		if (failed)
			break;
	}
	sqlite3_reset(stmt);
	if (failed || tree_order(out) < 0) {
		taxonomy_free(out);
		return error_nomem(err);
	}
	if (rc != SQLITE_DONE && rc != SQLITE_ROW) {
		taxonomy_free(out);
		return store_fail(dir, rc, "cannot read the taxonomy", err);
	}
	return 0;
}

int taxonomy_list(struct store *dir, enum taxonomy_kind kind,
		  struct taxonomy *out, struct error *err)
{
	if (taxonomy_read(dir, kind, out, err) < 0)
		return -1;
	if (counts_taxonomy(dir, kind, out, err) < 0) {
		taxonomy_free(out);
		return -1;
	}
	return 0;
}

int taxonomy_exists(struct store *dir, enum taxonomy_kind kind,
		    const char *id, struct error *err)
{
	sqlite3_stmt *stmt = store_stmt(dir, get_sql[kind], err);
	if (!stmt)
		return -1;
	sqlite3_bind_text(stmt, 1, id, -1, SQLITE_STATIC);
	int rc = sqlite3_step(stmt);
	sqlite3_reset(stmt);
	if (rc == SQLITE_ROW)
		return 1;
	if (rc == SQLITE_DONE)
		return 0;
	return store_fail(dir, rc, "cannot read the taxonomy", err);
}

int taxonomy_ids_load(struct store *dir, struct taxonomy_ids *ids, struct error *err)
{
	for (int kind = 0; kind < TAXONOMY_KIND_COUNT; kind++) {
		sqlite3_stmt *stmt = store_stmt(dir, ids_sql[kind], err);
		if (!stmt)
			return -1;
		int rc;
		while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
			const char *id = (const char *)sqlite3_column_text(stmt, 0);
			if (id && idset_add(&ids->kind[kind], id, 0, NULL) < 0) {
				sqlite3_reset(stmt);
				return error_nomem(err);
			}
		}
		sqlite3_reset(stmt);
		if (rc != SQLITE_DONE)
			return store_fail(dir, rc, "cannot read the taxonomy", err);
	}
	return 0;
}

void taxonomy_ids_free(struct taxonomy_ids *ids)
{
	for (int kind = 0; kind < TAXONOMY_KIND_COUNT; kind++)
		idset_free(&ids->kind[kind]);
}

char *taxonomy_label(struct store *dir, enum taxonomy_kind kind, const char *id)
{
	sqlite3_stmt *stmt = store_stmt(dir, get_sql[kind], NULL);
	if (!stmt)
		return NULL;
	sqlite3_bind_text(stmt, 1, id, -1, SQLITE_STATIC);
	char *label = NULL;
	if (sqlite3_step(stmt) == SQLITE_ROW)
		label = strdup((const char *)sqlite3_column_text(stmt, 0));
	sqlite3_reset(stmt);
	return label;
}

/* Edit distance, for "did you mean"; ids are short. */
static size_t distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	if (la > 64 || lb > 64)
		return (size_t)-1;
	size_t row[65];
	for (size_t j = 0; j <= lb; j++)
		row[j] = j;
	for (size_t i = 1; i <= la; i++) {
		size_t diag = row[0];
		row[0] = i;
		for (size_t j = 1; j <= lb; j++) {
			size_t up = row[j];
			size_t best = diag + (a[i - 1] != b[j - 1]);
			if (row[j] + 1 < best)
				best = row[j] + 1;
			if (row[j - 1] + 1 < best)
				best = row[j - 1] + 1;
			row[j] = best;
			diag = up;
		}
	}
	return row[lb];
}

int taxonomy_unknown(struct store *dir, enum taxonomy_kind kind,
		     const char *id, const char *prefix, struct error *err)
{
	struct strbuf sb = STRBUF_INIT;
	if (prefix)
		strbuf_printf(&sb, "%s", prefix);
	strbuf_printf(&sb, "unknown %s '%s'", taxonomy_kind_name(kind, 0), id);
	sqlite3_stmt *stmt = store_stmt(dir, ids_sql[kind], NULL);
	struct strbuf known = STRBUF_INIT;
	const char *best = NULL;
	char *best_copy = NULL;
	size_t best_d = (size_t)-1, n = 0;
	while (stmt && sqlite3_step(stmt) == SQLITE_ROW) {
		const char *candidate = (const char *)sqlite3_column_text(stmt, 0);
		size_t d = distance(id, candidate);
		if (d < best_d) {
			best_d = d;
			free(best_copy);
			best = best_copy = strdup(candidate);
		}
		strbuf_printf(&known, "%s%s", n++ ? ", " : "", candidate);
	}
	if (stmt)
		sqlite3_reset(stmt);
	size_t len = strlen(id);
	if (best && best_d > 0 && best_d <= (len < 6 ? 1 : len / 3))
		strbuf_printf(&sb, ": did you mean '%s'?", best);
	if (n)
		strbuf_printf(&sb, " (known %s: %s)", taxonomy_kind_name(kind, 1),
			      strbuf_str(&known));
	else
		strbuf_printf(&sb, " (there are no %s yet: import a taxonomy first)",
			      taxonomy_kind_name(kind, 1));
	free(best_copy);
	strbuf_free(&known);
	char *msg = strbuf_detach(&sb);
	if (!msg)
		return error_nomem(err);
	error_set(err, ERROR_INPUT, "%s", msg);
	free(msg);
	return -1;
}

static int same(const unsigned char *a, const char *b)
{
	if (!a || !b)
		return !a && !b;
	return strcmp((const char *)a, b) == 0;
}

static void bind_item(sqlite3_stmt *stmt, const struct taxonomy_item *item)
{
	sqlite3_bind_text(stmt, 1, item->id, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 2, item->label, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 3, item->description, -1, SQLITE_STATIC);
	if (sqlite3_bind_parameter_count(stmt) >= 4)
		sqlite3_bind_text(stmt, 4, item->kind, -1, SQLITE_STATIC);
	if (sqlite3_bind_parameter_count(stmt) >= 5)
		sqlite3_bind_text(stmt, 5, item->parent, -1, SQLITE_STATIC);
}

int taxonomy_upsert(struct store *dir, enum taxonomy_kind kind,
		    const struct taxonomy_item *item,
		    enum taxonomy_change *change, struct error *err)
{
	if (access_check(dir, PERM_EDIT_LISTINGS, err) < 0)
		return -1;
	sqlite3_stmt *get = store_stmt(dir, get_sql[kind], err);
	if (!get)
		return -1;
	sqlite3_bind_text(get, 1, item->id, -1, SQLITE_STATIC);
	int rc = sqlite3_step(get);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		sqlite3_reset(get);
		return store_fail(dir, rc, "cannot read the taxonomy", err);
	}
	const char *sql;
	if (rc == SQLITE_DONE) {
		*change = TAXONOMY_ADDED;
		sql = insert_sql[kind];
	} else if (same(sqlite3_column_text(get, 0), item->label) &&
		   same(sqlite3_column_text(get, 1), item->description) &&
		   same(sqlite3_column_text(get, 2), item->kind) &&
		   same(sqlite3_column_text(get, 3), item->parent)) {
		*change = TAXONOMY_UNCHANGED;
		sqlite3_reset(get);
		return 0;
	} else {
		*change = TAXONOMY_CHANGED;
		sql = update_sql[kind];
	}
	sqlite3_reset(get);
	sqlite3_stmt *write = store_stmt(dir, sql, err);
	if (!write)
		return -1;
	bind_item(write, item);
	return store_step_done(dir, write, err);
}

static int rebuild_tree(struct store *dir, int which, enum taxonomy_kind kind,
			struct error *err)
{
	sqlite3_stmt *stmt = store_stmt(dir, cycle_sql[which], err);
	if (!stmt)
		return -1;
	int rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW) {
		error_set(err, ERROR_INPUT,
			  "the %s '%s' is its own ancestor: its parents form a loop",
			  taxonomy_kind_name(kind, 0),
			  (const char *)sqlite3_column_text(stmt, 0));
		sqlite3_reset(stmt);
		return -1;
	}
	sqlite3_reset(stmt);
	if (rc != SQLITE_DONE)
		return store_fail(dir, rc, "cannot check the hierarchy", err);
	return store_exec(dir, closure_sql[which], err);
}

int taxonomy_commit_changes(struct store *dir, int needs_changed,
			    struct error *err)
{
	if (rebuild_tree(dir, 0, TAXONOMY_NEED, err) < 0 ||
	    rebuild_tree(dir, 1, TAXONOMY_LOCALITY, err) < 0)
		return -1;
	if (needs_changed)
		return store_exec(dir, reindex_sql, err);
	return 0;
}
