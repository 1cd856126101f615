#include "config.h"

#include "core/yaml_import.h"
#include "core/access.h"
#include "core/ahead.h"
#include "core/asset.h"
#include "core/asset_check.h"
#include "core/asset_key.h"
#include "core/asset_store.h"
#include "core/directory.h"
#include "core/idset.h"
#include "core/slug.h"
#include "core/strbuf.h"
#include "core/taxonomy.h"
#include "core/yaml_doc.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct importer {
	struct store *dir;
	const char *name;
	const struct import_options *opt;
	struct import_report *report;
	char *reason;           /* for the asset history */
	struct strbuf errors;
	size_t error_count;
	struct error *err;      /* a failure that stops the import at once */
	int failed;
	int trusted;            /* text the store wrote: its shape is not re-checked */
	int needs_changed;
	int taxonomy_changed;
	/* The ids met so far, each with its line, a set for each kind of
	 * item, to refuse the same one twice. */
	struct idset seen[IMPORT_WHAT_COUNT];
	/* While reading the assets: the taxonomy's ids, read once. */
	struct taxonomy_ids known;
	int have_known;
	/* Set on the thread that reads the assets ahead: its problems go
	 * here, an asset's at a time, for the writer to report in order. */
	struct strlist *sink;
};

const char *import_what_name(enum import_what what)
{
	static const char *const names[] = { "need", "sector", "locality", "asset" };
	return names[what];
}

/* Adds one line to the errors reported; past the limit, only counts. */
static void problem_line(struct importer *im, const char *line)
{
	if (im->sink) {
		if (strlist_add(im->sink, line) < 0)
			im->errors.failed = 1;
		return;
	}
	if (im->error_count++ >= IMPORT_MAX_ERRORS)
		return;
	if (im->errors.len)
		strbuf_putc(&im->errors, '\n');
	strbuf_puts(&im->errors, line);
}

/* Records an input error against node n and carries on, so that one run
 * shows as many mistakes as it can. */
static void __attribute__((format(printf, 3, 4)))
problem(struct importer *im, const struct ynode *n, const char *fmt, ...)
{
	struct strbuf line = STRBUF_INIT;
	if (n)
		strbuf_printf(&line, "%s:%u:%u: ", im->name, n->line, n->column);
	else
		strbuf_printf(&line, "%s: ", im->name);
	va_list ap;
	va_start(ap, fmt);
	char *msg = NULL;
	if (vasprintf(&msg, fmt, ap) < 0)
		msg = NULL;
	va_end(ap);
	if (!msg)
		im->errors.failed = 1;
	else
		strbuf_puts(&line, msg);
	free(msg);
	problem_line(im, strbuf_str(&line));
	strbuf_free(&line);
}

/* A failure that is not the file's fault (the disk, the database,
 * memory): stop. */
static int fatal(struct importer *im)
{
	im->failed = 1;
	return -1;
}

static int report_add(struct importer *im, enum import_what what,
		      enum import_change change, const char *id)
{
	struct import_report *r = im->report;
	if (r->count == r->cap) {
		size_t cap = r->cap ? r->cap * 2 : 64;
		struct import_entry *e = realloc(r->entry, cap * sizeof *e);
		if (!e)
			return error_nomem(im->err), fatal(im);
		r->entry = e;
		r->cap = cap;
	}
	struct import_entry *e = r->entry;
	e[r->count].what = what;
	e[r->count].change = change;
	if (!(e[r->count].id = strdup(id)))
		return error_nomem(im->err), fatal(im);
	r->count++;
	r->tally[what][change]++;
	return 0;
}

void import_report_free(struct import_report *report)
{
	for (size_t i = 0; i < report->count; i++)
		free(report->entry[i].id);
	free(report->entry);
	memset(report, 0, sizeof *report);
}

/* ---- Values ---------------------------------------------------------- */

static int is_null(const struct ynode *n)
{
	if (!n || n->kind != YNODE_SCALAR || !n->plain)
		return 0;
	const char *v = n->value;
	return !*v || !strcmp(v, "~") || !strcmp(v, "null") || !strcmp(v, "Null") ||
	       !strcmp(v, "NULL");
}

/* The text of scalar n, with trailing white space (a block scalar's last
 * line break) removed; NULL for a null value.  Sets *bad on a wrong type. */
static char *scalar_text(struct importer *im, const struct ynode *n,
			 const char *what, int *bad)
{
	if (!n || is_null(n))
		return NULL;
	if (n->kind != YNODE_SCALAR) {
		problem(im, n, "%s should be a single value, not %s", what, ynode_describe(n));
		*bad = 1;
		return NULL;
	}
	size_t len = n->len;
	while (len > 0 && strchr(" \t\r\n", n->value[len - 1]))
		len--;
	char *s = strndup(n->value, len);
	if (!s) {
		error_nomem(im->err);
		fatal(im);
	}
	return s;
}

/* The scalars of a list (or a single scalar, as a list of one). */
static void scalar_list(struct importer *im, const struct ynode *n,
			const char *what, struct strlist *out, int *bad)
{
	if (!n || is_null(n))
		return;
	if (n->kind == YNODE_MAPPING) {
		problem(im, n, "%s should be a list, not a mapping", what);
		*bad = 1;
		return;
	}
	size_t count = n->kind == YNODE_SCALAR ? 1 : n->count;
	for (size_t i = 0; i < count; i++) {
		const struct ynode *item = n->kind == YNODE_SCALAR ? n : n->item[i];
		char *s = scalar_text(im, item, what, bad);
		if (s && strlist_take(out, s) < 0) {
			error_nomem(im->err);
			fatal(im);
			return;
		}
	}
}

/* Checks that mapping n has only the known keys, each once. */
static int check_keys(struct importer *im, const struct ynode *n, const char *what,
		      const char *const *known)
{
	int ok = 1;
	/* The known fields met so far, a bit each (there are fewer than
	 * 64): a field met for the first time needs no search for an
	 * earlier one (comparing every pair cost a large import 3%). */
	unsigned long long met = 0;
	for (size_t i = 0; i + 1 < n->count; i += 2) {
		const struct ynode *key = n->item[i];
		if (key->kind != YNODE_SCALAR) {
			problem(im, key, "a field name in %s must be a single word", what);
			ok = 0;
			continue;
		}
		size_t found = 0;
		while (known[found] && strcmp(known[found], key->value) != 0)
			found++;
		if (known[found] && found < 64 && !(met & (1ull << found))) {
			met |= 1ull << found;
			continue;
		}
		if (!known[found]) {
			struct strbuf list = STRBUF_INIT;
			for (size_t k = 0; known[k]; k++)
				strbuf_printf(&list, "%s%s", k ? ", " : "", known[k]);
			problem(im, key, "unknown field '%s' in %s (fields: %s)", key->value,
				what, strbuf_str(&list));
			strbuf_free(&list);
			ok = 0;
		}
		for (size_t j = 0; j < i; j += 2) {
			const struct ynode *other = n->item[j];
			if (other->kind == YNODE_SCALAR && strcmp(other->value, key->value) == 0) {
				problem(im, key, "field '%s' is given twice in %s (first at line %u)",
					key->value, what, other->line);
				ok = 0;
			}
		}
	}
	return ok;
}

/* 1 when this file gave the id before (*line says where), 0 when not
 * (it is remembered), -1 when out of memory. */
static int seen_before(struct importer *im, enum import_what space, const char *id,
		       const struct ynode *at, unsigned *line)
{
	int added = idset_add(&im->seen[space], id, at->line, line);
	if (added < 0)
		return error_nomem(im->err), fatal(im);
	return !added;
}

/* Reads an id field: required, a slug, not seen before in this file. */
static char *read_id(struct importer *im, const struct ynode *item,
		     enum import_what space)
{
	const char *what = import_what_name(space);
	int bad = 0;
	const struct ynode *n = ynode_get(item, "id");
	char *id = scalar_text(im, n, "id", &bad);
	if (!id) {
		if (!bad && !im->failed)
			problem(im, item, "%s without an id", what);
		return NULL;
	}
	unsigned line;
	int seen;
	if (!slug_valid(id)) {
		problem(im, n, "id '%s' must be 1 to 64 of a-z, 0-9 and '-', "
			"not starting or ending with '-'", id);
	} else if ((seen = seen_before(im, space, id, n, &line)) != 0) {
		if (seen > 0)
			problem(im, n, "duplicate %s id '%s' (first at line %u)", what, id, line);
	} else {
		return id;
	}
	free(id);
	return NULL;
}

/* Reads a one-line or multi-line text field into *out, checked. */
static void read_text(struct importer *im, const struct ynode *map, const char *key,
		      int multiline, size_t max, char **out, int *bad)
{
	const struct ynode *n = ynode_get(map, key);
	*out = scalar_text(im, n, key, bad);
	if (!*out || im->trusted)
		return;
	char *why = asset_check_text(*out, multiline, max);
	if (why) {
		problem(im, n, "%s %s", key, why);
		free(why);
		*bad = 1;
	}
}

/* ---- Taxonomy --------------------------------------------------------- */

static const char *const need_keys[] = { "id", "label", "description", "parent", "children", NULL };
static const char *const sector_keys[] = { "id", "label", "description", NULL };
static const char *const locality_keys[] = { "id", "label", "kind", "description", "parent", "children", NULL };

static void taxonomy_items(struct importer *im, enum taxonomy_kind kind,
			   const struct ynode *list, const char *parent);

static void taxonomy_item(struct importer *im, enum taxonomy_kind kind,
			  const struct ynode *n, const char *parent)
{
	static const char *const *const keys[] = { need_keys, sector_keys, locality_keys };
	const char *what = taxonomy_kind_name(kind, 0);
	if (n->kind != YNODE_MAPPING) {
		problem(im, n, "each %s should be a mapping with an id and a label, not %s",
			what, ynode_describe(n));
		return;
	}
	int bad = !check_keys(im, n, what, keys[kind]);
	struct taxonomy_item item = { 0 };
	item.id = read_id(im, n, (enum import_what)kind);
	bad |= !item.id;
	read_text(im, n, "label", 0, ASSET_MAX_NAME, &item.label, &bad);
	if (!item.label && !bad) {
		problem(im, n, "%s '%s' has no label", what, item.id);
		bad = 1;
	}
	read_text(im, n, "description", 1, ASSET_MAX_TEXT, &item.description, &bad);
	read_text(im, n, "kind", 0, 40, &item.kind, &bad);
	const struct ynode *pnode = ynode_get(n, "parent");
	char *explicit_parent = scalar_text(im, pnode, "parent", &bad);
	if (explicit_parent && parent) {
		problem(im, pnode, "%s '%s' is nested under '%s' and also names parent '%s': "
			"use one or the other", what, item.id ? item.id : "?", parent,
			explicit_parent);
		bad = 1;
	} else if (explicit_parent && !im->failed) {
		int known = taxonomy_exists(im->dir, kind, explicit_parent, im->err);
		if (known < 0) {
			fatal(im);
		} else if (!known) {
			struct error why = ERROR_INIT;
			taxonomy_unknown(im->dir, kind, explicit_parent, "parent: ", &why);
			problem(im, pnode, "%s (a parent must come before its children)",
				error_message(&why));
			error_clear(&why);
			bad = 1;
		}
	}
	item.parent = explicit_parent ? explicit_parent : parent ? strdup(parent) : NULL;
	if (parent && !item.parent) {
		error_nomem(im->err);
		fatal(im);
	}
	if (!bad && !im->failed && im->error_count == 0) {
		enum taxonomy_change change;
		if (taxonomy_upsert(im->dir, kind, &item, &change, im->err) < 0) {
			fatal(im);
		} else {
			report_add(im, (enum import_what)kind, (enum import_change)change, item.id);
			if (change != TAXONOMY_UNCHANGED) {
				im->taxonomy_changed = 1;
				im->needs_changed |= kind == TAXONOMY_NEED;
			}
		}
	}
	const struct ynode *children = ynode_get(n, "children");
	if (children && !im->failed)
		taxonomy_items(im, kind, children, item.id ? item.id : "?");
	free(item.id);
	free(item.label);
	free(item.description);
	free(item.kind);
	free(item.parent);
}

static void taxonomy_items(struct importer *im, enum taxonomy_kind kind,
			   const struct ynode *list, const char *parent)
{
	if (is_null(list))
		return;
	if (list->kind != YNODE_SEQUENCE) {
		problem(im, list, "%s should be a list, not %s",
			taxonomy_kind_name(kind, 1), ynode_describe(list));
		return;
	}
	for (size_t i = 0; i < list->count && !im->failed; i++)
		taxonomy_item(im, kind, list->item[i], parent);
}

/* ---- Assets ----------------------------------------------------------- */

static const char *const asset_keys[] = {
	"id", "name", "organisation", "sector", "description", "needs",
	"localities", "address", "postcode", "phone", "email", "website",
	"sessions", "when", "cost", "cost_note", "accessibility", "eligibility",
	"referral", "referral_note", "status", "verified", "verified_by",
	"notes", "archived", NULL,
};
static const char *const session_keys[] = { "days", "start", "end", "note", NULL };

static void read_sessions(struct importer *im, const struct ynode *list,
			  struct asset *a, int *bad)
{
	if (!list || is_null(list))
		return;
	if (list->kind != YNODE_SEQUENCE) {
		problem(im, list, "sessions should be a list of {days, start, end, note}");
		*bad = 1;
		return;
	}
	for (size_t i = 0; i < list->count && !im->failed; i++) {
		const struct ynode *s = list->item[i];
		if (s->kind != YNODE_MAPPING) {
			problem(im, s, "a session should be a mapping of days, start, end and note");
			*bad = 1;
			continue;
		}
		*bad |= !check_keys(im, s, "a session", session_keys);
		const struct ynode *days_node = ynode_get(s, "days");
		struct strlist days = STRLIST_INIT;
		unsigned set = 0;
		scalar_list(im, days_node, "days", &days, bad);
		for (size_t d = 0; d < days.count; d++) {
			unsigned one;
			if (days_parse(days.item[d], &one) < 0) {
				problem(im, days_node, "'%s' is not a day (mon, tue, wed, thu, fri, "
					"sat, sun, or a range like mon-fri)", days.item[d]);
				*bad = 1;
			}
			set |= one;
		}
		strlist_clear(&days);
		if (!days_node) {
			problem(im, s, "a session needs its days (days: [mon, thu])");
			*bad = 1;
		}
		char *start, *end, *note;
		read_text(im, s, "start", 0, 5, &start, bad);
		read_text(im, s, "end", 0, 5, &end, bad);
		read_text(im, s, "note", 0, ASSET_MAX_LINE, &note, bad);
		if (start && strlen(start) == 4 && start[1] == ':') {
			/* "9:30" means 09:30. */
			char *padded = malloc(6);
			if (padded) {
				snprintf(padded, 6, "0%s", start);
				free(start);
				start = padded;
			}
		}
		if (asset_add_session(a, set ? set : 0, start, end, note) < 0) {
			error_nomem(im->err);
			fatal(im);
		}
		free(start);
		free(end);
		free(note);
	}
}

static void read_choice(struct importer *im, const struct ynode *map, const char *key,
			int (*parse)(const char *, void *), void *out,
			const char *choices, int *bad)
{
	const struct ynode *n = ynode_get(map, key);
	char *s = scalar_text(im, n, key, bad);
	if (s && parse(s, out) < 0) {
		problem(im, n, "%s '%s' is not one of: %s", key, s, choices);
		*bad = 1;
	}
	free(s);
}

static int parse_status(const char *s, void *out)
{
	return asset_status_parse(s, out);
}

static int parse_cost(const char *s, void *out)
{
	return asset_cost_parse(s, out);
}

static int parse_bool(const char *s, void *out)
{
	static const char *const yes[] = { "true", "True", "TRUE", "yes", "Yes", NULL };
	static const char *const no[] = { "false", "False", "FALSE", "no", "No", NULL };
	for (int i = 0; yes[i]; i++) {
		if (!strcmp(s, yes[i]))
			return *(int *)out = 1, 0;
		if (!strcmp(s, no[i]))
			return *(int *)out = 0, 0;
	}
	return -1;
}

static void read_referral(struct importer *im, const struct ynode *map,
			  struct asset *a, int *bad)
{
	const struct ynode *n = ynode_get(map, "referral");
	struct strlist routes = STRLIST_INIT;
	scalar_list(im, n, "referral", &routes, bad);
	for (size_t i = 0; i < routes.count; i++) {
		unsigned bit;
		if (referral_route_parse(routes.item[i], &bit) < 0) {
			problem(im, n, "referral '%s' is not one of: self, link-worker, professional",
				routes.item[i]);
			*bad = 1;
		} else {
			a->referral |= bit;
		}
	}
	strlist_clear(&routes);
}

/* The node a checked problem is about: the field's value, the list's
 * item, or the asset itself when the field is missing. */
static const struct ynode *problem_node(const struct ynode *item,
					const struct asset_problem *p)
{
	const struct ynode *n = ynode_get(item, p->field);
	if (!n)
		return item;
	if (p->index >= 0 && n->kind == YNODE_SEQUENCE && (size_t)p->index < n->count)
		return n->item[p->index];
	return n;
}

/* Reads every field of asset mapping n but its id into a. */
static void asset_fields(struct importer *im, const struct ynode *n, struct asset *a,
			 int *bad)
{
	static const struct { const char *key; size_t offset; int multiline; size_t max; } texts[] = {
		{ "name", offsetof(struct asset, name), 0, ASSET_MAX_NAME },
		{ "organisation", offsetof(struct asset, organisation), 0, ASSET_MAX_NAME },
		{ "sector", offsetof(struct asset, sector), 0, SLUG_MAX },
		{ "description", offsetof(struct asset, description), 1, ASSET_MAX_TEXT },
		{ "address", offsetof(struct asset, address), 0, ASSET_MAX_LINE },
		{ "postcode", offsetof(struct asset, postcode), 0, ASSET_MAX_LINE },
		{ "phone", offsetof(struct asset, phone), 0, ASSET_MAX_LINE },
		{ "email", offsetof(struct asset, email), 0, ASSET_MAX_LINE },
		{ "website", offsetof(struct asset, website), 0, ASSET_MAX_LINE },
		{ "when", offsetof(struct asset, when), 1, ASSET_MAX_LINE },
		{ "cost_note", offsetof(struct asset, cost_note), 1, ASSET_MAX_LINE },
		{ "accessibility", offsetof(struct asset, accessibility), 1, ASSET_MAX_TEXT },
		{ "eligibility", offsetof(struct asset, eligibility), 1, ASSET_MAX_TEXT },
		{ "referral_note", offsetof(struct asset, referral_note), 1, ASSET_MAX_TEXT },
		{ "verified", offsetof(struct asset, verified_on), 0, 40 },
		{ "verified_by", offsetof(struct asset, verified_by), 0, ASSET_MAX_NAME },
		{ "notes", offsetof(struct asset, notes), 1, ASSET_MAX_TEXT },
	};
	for (size_t i = 0; i < sizeof texts / sizeof texts[0] && !im->failed; i++)
		read_text(im, n, texts[i].key, texts[i].multiline, texts[i].max,
			  (char **)((char *)a + texts[i].offset), bad);
	scalar_list(im, ynode_get(n, "needs"), "needs", &a->needs, bad);
	scalar_list(im, ynode_get(n, "localities"), "localities", &a->localities, bad);
	read_sessions(im, ynode_get(n, "sessions"), a, bad);
	read_choice(im, n, "cost", parse_cost, &a->cost, "free, low, paid", bad);
	read_choice(im, n, "status", parse_status, &a->status,
		    "open, waiting-list, full, temporarily-closed, closed", bad);
	read_choice(im, n, "archived", parse_bool, &a->archived, "true, false", bad);
	read_referral(im, n, a, bad);
}

/* An asset as read from the file, before anything is written: what the
 * reading thread hands the writer. */
struct asset_read {
	struct ynode *node;
	struct asset a;
	char *document;           /* asset_document(), when not bad */
	struct strlist problems;  /* the lines, in order */
	int bad;
};

static void asset_read_free(void *item)
{
	struct asset_read *r = item;
	if (!r)
		return;
	ynode_free(r->node);
	asset_clear(&r->a);
	free(r->document);
	strlist_clear(&r->problems);
	free(r);
}

/* Reads and checks what the file alone can say of asset n: its fields,
 * its id given once.  Touches no store: it runs on the reading thread. */
static void asset_read(struct importer *im, struct asset_read *r)
{
	const struct ynode *n = r->node;
	asset_init(&r->a);
	if (n->kind != YNODE_MAPPING) {
		problem(im, n, "each asset should be a mapping of fields, not %s",
			ynode_describe(n));
		r->bad = 1;
		return;
	}
	int bad = !check_keys(im, n, "an asset", asset_keys);
	r->a.id = read_id(im, n, IMPORT_ASSET);
	bad |= !r->a.id;
	asset_fields(im, n, &r->a, &bad);
	if (!bad && !im->failed && !(r->document = asset_document(&r->a))) {
		error_nomem(im->err);
		fatal(im);
	}
	r->bad = bad;
}

/* What the store can say of it (its taxonomy), then the write. */
static void asset_write(struct importer *im, struct asset_read *r)
{
	for (size_t i = 0; i < r->problems.count; i++)
		problem_line(im, r->problems.item[i]);
	const struct ynode *n = r->node;
	int bad = r->bad;
	if (!bad && !im->failed) {
		struct asset_problems found = { 0 };
		if (asset_check_known(im->dir, im->have_known ? &im->known : NULL, &r->a,
				      &found, im->err) < 0)
			fatal(im);
		for (size_t i = 0; i < found.count; i++)
			problem(im, problem_node(n, &found.item[i]), "asset '%s': %s",
				r->a.id, found.item[i].message);
		bad = found.count > 0;
		asset_problems_free(&found);
	}
	/* Once the file has an error nothing is written, but the rest is
	 * still checked, so that one run shows every mistake. */
	if (!bad && !im->failed && im->error_count == 0) {
		/* The search index is written once, after the last asset. */
		struct asset_save how = { .who = im->opt->who, .reason = im->reason,
					  .defer_index = 1, .document = r->document };
		enum asset_change change;
		if (asset_save(im->dir, &r->a, &how, &change, im->err) < 0)
			fatal(im);
		else
			report_add(im, IMPORT_ASSET, (enum import_change)change, r->a.id);
	}
}

/* The reading thread's side: the file's reader and an importer of its
 * own (its problems, its failure, the asset ids seen). */
struct asset_reader {
	struct importer im;
	struct yaml_reader *yaml;
};

static int asset_read_next(void *ctx, void **item, struct error *err)
{
	struct asset_reader *ar = ctx;
	struct ynode *node;
	int rc = yaml_reader_next_item(ar->yaml, &node, err);
	if (rc <= 0)
		return rc;
	struct asset_read *r = calloc(1, sizeof *r);
	if (!r) {
		ynode_free(node);
		return error_nomem(err);
	}
	r->node = node;
	ar->im.err = err;
	ar->im.sink = &r->problems;
	asset_read(&ar->im, r);
	if (!ar->im.failed && ar->im.errors.failed)
		error_nomem(err), fatal(&ar->im);
	if (ar->im.failed) {
		asset_read_free(r);
		return -1;
	}
	*item = r;
	return 1;
}

/* ---- The file --------------------------------------------------------- */

static const char *const sections[] = {
	"signpost", "directory", "needs", "sectors", "localities", "assets", NULL,
};

static int finish_taxonomy(struct importer *im)
{
	if (!im->taxonomy_changed || im->error_count || im->failed)
		return 0;
	im->taxonomy_changed = 0;
	int rc = taxonomy_commit_changes(im->dir, im->needs_changed, im->err);
	im->needs_changed = 0;
	if (rc < 0) {
		if (im->err->kind != ERROR_INPUT)
			return fatal(im);
		problem(im, NULL, "%s", error_message(im->err));
		error_clear(im->err);
	}
	return 0;
}

static void section_header(struct importer *im, const struct ynode *value, int is_version)
{
	if (is_version) {
		if (value->kind != YNODE_SCALAR || strcmp(value->value, "1") != 0)
			problem(im, value, "this file is for signpost format version %s; "
				"this signpost reads version 1",
				value->kind == YNODE_SCALAR ? value->value : "?");
		return;
	}
	static const char *const directory_keys[] = { "name", NULL };
	if (value->kind != YNODE_MAPPING) {
		problem(im, value, "directory should be a mapping with a name");
		return;
	}
	int bad = !check_keys(im, value, "directory", directory_keys);
	char *name = NULL;
	read_text(im, value, "name", 0, ASSET_MAX_NAME, &name, &bad);
	if (name && !bad && !im->error_count && directory_set_name(im->dir, name, im->err) < 0)
		fatal(im);
	free(name);
}

/* Enough to keep the writer busy while the reader is slow for a
 * moment; little memory (a few KB an asset). */
enum { ASSETS_AHEAD = 64 };

static void read_assets(struct importer *im, struct yaml_reader *r)
{
	unsigned line, column;
	int in = yaml_reader_enter_sequence(r, &line, &column, im->err);
	if (in < 0) {
		fatal(im);
		return;
	}
	if (in == 0) {
		struct ynode *value;
		if (yaml_reader_value(r, &value, im->err) < 0) {
			fatal(im);
			return;
		}
		if (!is_null(value))
			problem(im, value, "assets should be a list, not %s", ynode_describe(value));
		ynode_free(value);
		return;
	}
	if (asset_index_defer(im->dir, im->err) < 0) {
		fatal(im);
		return;
	}
	/* The taxonomy is as the sections before this one left it. */
	if (taxonomy_ids_load(im->dir, &im->known, im->err) < 0) {
		taxonomy_ids_free(&im->known);
		fatal(im);
		return;
	}
	im->have_known = 1;
	/* The assets are read and checked on a second thread, up to
	 * ASSETS_AHEAD of them ahead of the writer.  The ids seen are that
	 * thread's while it runs. */
	struct asset_reader ar = {
		.im = { .name = im->name, .opt = im->opt, .reason = im->reason,
			.trusted = im->trusted,
			.seen[IMPORT_ASSET] = im->seen[IMPORT_ASSET] },
		.yaml = r,
	};
	memset(&im->seen[IMPORT_ASSET], 0, sizeof im->seen[IMPORT_ASSET]);
	struct ahead *queue;
	int rc = ahead_start(asset_read_next, asset_read_free, &ar,
			     im->opt->one_thread ? 0 : ASSETS_AHEAD, &queue, im->err);
	void *item;
	while (rc == 0 && !im->failed && (rc = ahead_next(queue, &item, im->err)) > 0) {
		asset_write(im, item);
		ahead_release(queue, item);
		rc = 0;
	}
	ahead_stop(queue);
	im->seen[IMPORT_ASSET] = ar.im.seen[IMPORT_ASSET];
	strbuf_free(&ar.im.errors);
	taxonomy_ids_free(&im->known);
	im->have_known = 0;
	if (rc < 0)
		fatal(im);
}

static int read_file(struct importer *im, struct yaml_reader *r)
{
	if (yaml_reader_begin(r, 0, "a mapping of sections (needs, sectors, "
			      "localities, assets)", im->err) < 0)
		return fatal(im);
	unsigned seen = 0;
	struct ynode *key;
	int rc = 0;
	while (!im->failed && (rc = yaml_reader_next_key(r, &key, im->err)) > 0) {
		int which = -1;
		for (int i = 0; sections[i]; i++)
			if (strcmp(sections[i], key->value) == 0)
				which = i;
		if (which >= 0 && (seen & (1u << which)))
			problem(im, key, "section '%s' appears twice", key->value);
		if (which >= 0)
			seen |= 1u << which;
		if (which == 5) {
			finish_taxonomy(im);
			read_assets(im, r);
			if (!im->failed && !im->error_count &&
			    asset_index_deferred(im->dir, im->err) < 0)
				fatal(im);
			ynode_free(key);
			continue;
		}
		struct ynode *value;
		if (yaml_reader_value(r, &value, im->err) < 0) {
			ynode_free(key);
			return fatal(im);
		}
		switch (which) {
		case 0:
		case 1:
			section_header(im, value, which == 0);
			break;
		case 2:
			taxonomy_items(im, TAXONOMY_NEED, value, NULL);
			break;
		case 3:
			taxonomy_items(im, TAXONOMY_SECTOR, value, NULL);
			break;
		case 4:
			taxonomy_items(im, TAXONOMY_LOCALITY, value, NULL);
			break;
		default:
			problem(im, key, "unknown section '%s' (sections: signpost, directory, "
				"needs, sectors, localities, assets)", key->value);
		}
		ynode_free(value);
		ynode_free(key);
	}
	if (im->failed || rc < 0)
		return fatal(im);
	if (yaml_reader_end(r, im->err) < 0)
		return fatal(im);
	return finish_taxonomy(im);
}

/* The errors gathered, as one ERROR_INPUT; returns -1. */
static int gathered_errors(struct importer *im, struct error *err)
{
	if (im->error_count > IMPORT_MAX_ERRORS)
		strbuf_printf(&im->errors, "\n%s: ... and %zu more errors", im->name,
			      im->error_count - IMPORT_MAX_ERRORS);
	const char *msg = im->errors.failed ? "out of memory" : strbuf_str(&im->errors);
	return error_set(err, ERROR_INPUT, "%s", msg);
}

/* A large import outgrows SQLite's default page cache (2 MB) many times
 * over: changed pages then spill to the write-ahead log part way
 * through, to be read back and written again, over and over.  The
 * import gets a bigger cache (a ceiling: a small file uses little of
 * it), and gives it back afterwards.  Returns the size to give back. */
enum { IMPORT_CACHE_KIB = 65536 };

static int import_cache_begin(struct store *dir)
{
	sqlite3_stmt *stmt;
	int before = 0;
	if (sqlite3_prepare_v2(store_db(dir), "PRAGMA cache_size", -1, &stmt, NULL) != SQLITE_OK)
		return 0;
	if (sqlite3_step(stmt) == SQLITE_ROW)
		before = sqlite3_column_int(stmt, 0);
	sqlite3_finalize(stmt);
	char sql[48];
	snprintf(sql, sizeof sql, "PRAGMA cache_size = -%d", IMPORT_CACHE_KIB);
	sqlite3_exec(store_db(dir), sql, NULL, NULL, NULL);
	return before;
}

static void import_cache_end(struct store *dir, int before)
{
	if (!before)
		return;
	char sql[48];
	snprintf(sql, sizeof sql, "PRAGMA cache_size = %d", before);
	sqlite3_exec(store_db(dir), sql, NULL, NULL, NULL);
}

static int run(struct store *dir, struct yaml_reader *r,
	       const struct import_options *opt, struct import_report *report,
	       struct error *err)
{
	struct importer im = {
		.dir = dir, .name = yaml_reader_name(r), .opt = opt,
		.report = report, .err = err,
	};
	memset(report, 0, sizeof *report);
	const char *base = strrchr(im.name, '/');
	if (asprintf(&im.reason, "import %s", base ? base + 1 : im.name) < 0)
		return error_nomem(err);
	int cache = import_cache_begin(dir);
	int rc = store_begin(dir, err);
	if (rc == 0) {
		rc = read_file(&im, r);
		/* A file that stops parsing part way still reports what was
		 * wrong before that point. */
		if (rc < 0 && im.error_count && err->kind == ERROR_INPUT) {
			problem_line(&im, error_message(err));
			rc = 0;
		}
		if (rc == 0 && im.error_count)
			rc = gathered_errors(&im, err);
		if (rc == 0 && !opt->dry_run)
			rc = store_commit(dir, err);
		else
			store_rollback(dir);
	}
	import_cache_end(dir, cache);
	if (rc < 0)
		import_report_free(report);
	for (int i = 0; i < IMPORT_WHAT_COUNT; i++)
		idset_free(&im.seen[i]);
	strbuf_free(&im.errors);
	free(im.reason);
	return rc;
}

int import_file(struct store *dir, const char *path,
		const struct import_options *opt, struct import_report *report,
		struct error *err)
{
	memset(report, 0, sizeof *report);
	struct yaml_reader *r;
	if (access_check(dir, PERM_EDIT_LISTINGS, err) < 0 ||
	    yaml_reader_open_file(path, &r, err) < 0)
		return -1;
	int rc = run(dir, r, opt, report, err);
	yaml_reader_close(r);
	return rc;
}

int import_buffer(struct store *dir, const char *name, const char *data,
		  size_t len, const struct import_options *opt,
		  struct import_report *report, struct error *err)
{
	memset(report, 0, sizeof *report);
	struct yaml_reader *r;
	if (access_check(dir, PERM_EDIT_LISTINGS, err) < 0 ||
	    yaml_reader_open_buffer(name, data, len, &r, err) < 0)
		return -1;
	int rc = run(dir, r, opt, report, err);
	yaml_reader_close(r);
	return rc;
}

/* ---- One asset ------------------------------------------------------- */

static void one_asset(struct importer *im, const struct ynode *n, struct asset *a,
		      unsigned *present)
{
	int bad = !check_keys(im, n, "an asset", asset_keys);
	const struct ynode *idn = ynode_get(n, "id");
	a->id = scalar_text(im, idn, "id", &bad);
	if (a->id && !im->trusted && !slug_valid(a->id))
		problem(im, idn, "id '%s' must be 1 to 64 of a-z, 0-9 and '-', "
			"not starting or ending with '-'", a->id);
	asset_fields(im, n, a, &bad);
	for (size_t i = 0; i + 1 < n->count; i += 2) {
		enum asset_key k;
		if (n->item[i]->kind == YNODE_SCALAR &&
		    asset_key_parse(n->item[i]->value, &k) == 0)
			*present |= ASSET_KEY_BIT(k);
	}
}

int import_asset_text(const char *name, const char *data, size_t len,
		      unsigned flags, struct asset *a, unsigned *present,
		      struct error *err)
{
	asset_init(a);
	unsigned given = 0;
	struct yaml_reader *r;
	if (yaml_reader_open_buffer(name, data, len, &r, err) < 0)
		return -1;
	struct importer im = {
		.name = yaml_reader_name(r), .err = err,
		.trusted = (flags & IMPORT_ASSET_STORED) != 0,
	};
	struct ynode *map = NULL;
	int rc = yaml_reader_begin(r, 0, "a mapping of an asset's fields (name, "
				   "sector, needs, localities ...)", err);
	if (rc > 0)
		rc = yaml_reader_rest(r, &map, err);
	if (rc == 0)
		rc = yaml_reader_end(r, err);
	if (rc == 0) {
		one_asset(&im, map, a, &given);
		if (im.failed)
			rc = -1;
		else if (im.error_count)
			rc = gathered_errors(&im, err);
	}
	ynode_free(map);
	strbuf_free(&im.errors);
	yaml_reader_close(r);
	if (rc < 0) {
		asset_clear(a);
		return -1;
	}
	if (present)
		*present = given;
	return 0;
}
