#include "config.h"

#include "core/yaml_export.h"
#include "core/asset.h"
#include "core/asset_store.h"
#include "core/directory.h"
#include "core/taxonomy.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <yaml.h>

struct emitter {
	yaml_emitter_t e;
	int failed;
};

static void emit(struct emitter *em, yaml_event_t *ev)
{
	if (em->failed || !yaml_emitter_emit(&em->e, ev))
		em->failed = 1;
}

/* Other YAML readers would take these for numbers, booleans, nulls or
 * (in YAML 1.1) sexagesimal times; quote them so the text stays text. */
static int needs_quotes(const char *s)
{
	static const char *const words[] = {
		"", "~", "null", "true", "false", "yes", "no", "on", "off", "y", "n",
	};
	for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
		if (strcasecmp(s, words[i]) == 0)
			return 1;
	/* Anything a reader might take for a number: 12, 1e3, 0x1F, 0o17,
	 * .inf, 10:30 (sexagesimal in YAML 1.1), -5. */
	int numeric = isdigit((unsigned char)s[0]) || strchr("+-.", s[0]);
	for (const char *p = s; *p && numeric; p++)
		if (!isalnum((unsigned char)*p) && !strchr("+-.:_ ", *p))
			numeric = 0;
	return numeric || isspace((unsigned char)s[0]);
}

static void scalar(struct emitter *em, const char *s)
{
	yaml_event_t ev;
	yaml_scalar_style_t style = needs_quotes(s) ? YAML_DOUBLE_QUOTED_SCALAR_STYLE
						    : strchr(s, '\n') ? YAML_LITERAL_SCALAR_STYLE
								      : YAML_ANY_SCALAR_STYLE;
	yaml_scalar_event_initialize(&ev, NULL, NULL, (yaml_char_t *)s, (int)strlen(s),
				     1, 1, style);
	emit(em, &ev);
}

static void pair(struct emitter *em, const char *key, const char *value)
{
	if (!value)
		return;
	scalar(em, key);
	scalar(em, value);
}

static void begin(struct emitter *em, int mapping, int flow)
{
	yaml_event_t ev;
	if (mapping)
		yaml_mapping_start_event_initialize(&ev, NULL, NULL, 1,
						    flow ? YAML_FLOW_MAPPING_STYLE
							 : YAML_BLOCK_MAPPING_STYLE);
	else
		yaml_sequence_start_event_initialize(&ev, NULL, NULL, 1,
						     flow ? YAML_FLOW_SEQUENCE_STYLE
							  : YAML_BLOCK_SEQUENCE_STYLE);
	emit(em, &ev);
}

static void end(struct emitter *em, int mapping)
{
	yaml_event_t ev;
	if (mapping)
		yaml_mapping_end_event_initialize(&ev);
	else
		yaml_sequence_end_event_initialize(&ev);
	emit(em, &ev);
}

/* Writes the items of t whose parent is parent (NULL: the roots), each
 * with its children nested under it. */
static void taxonomy_level(struct emitter *em, const struct taxonomy *t,
			   size_t *i, int depth)
{
	begin(em, 0, 0);
	while (*i < t->count && t->item[*i].depth == depth) {
		const struct taxonomy_item *it = &t->item[*i];
		begin(em, 1, 0);
		pair(em, "id", it->id);
		pair(em, "label", it->label);
		pair(em, "kind", it->kind);
		pair(em, "description", it->description);
		(*i)++;
		if (*i < t->count && t->item[*i].depth > depth) {
			scalar(em, "children");
			taxonomy_level(em, t, i, depth + 1);
		}
		end(em, 1);
	}
	end(em, 0);
}

static int taxonomy_section(struct emitter *em, struct store *dir,
			    enum taxonomy_kind kind, struct error *err)
{
	struct taxonomy t;
	if (taxonomy_read(dir, kind, &t, err) < 0)
		return -1;
	if (t.count) {
		scalar(em, taxonomy_kind_name(kind, 1));
		size_t i = 0;
		taxonomy_level(em, &t, &i, 0);
	}
	taxonomy_free(&t);
	return 0;
}

static void flow_list(struct emitter *em, const char *key, const struct strlist *l)
{
	if (l->count == 0)
		return;
	scalar(em, key);
	begin(em, 0, 1);
	for (size_t i = 0; i < l->count; i++)
		scalar(em, l->item[i]);
	end(em, 0);
}

static void sessions(struct emitter *em, const struct asset *a)
{
	if (a->session_count == 0)
		return;
	scalar(em, "sessions");
	begin(em, 0, 0);
	for (size_t i = 0; i < a->session_count; i++) {
		const struct asset_session *s = &a->sessions[i];
		begin(em, 1, 0);
		scalar(em, "days");
		begin(em, 0, 1);
		for (int d = 0; d < DAY_COUNT; d++)
			if (s->days & (1u << d))
				scalar(em, day_name(d, 0));
		end(em, 0);
		pair(em, "start", s->start[0] ? s->start : NULL);
		pair(em, "end", s->end[0] ? s->end : NULL);
		pair(em, "note", s->note);
		end(em, 1);
	}
	end(em, 0);
}

static int write_asset(const struct asset *a, void *ctx)
{
	struct emitter *em = ctx;
	begin(em, 1, 0);
	pair(em, "id", a->id);
	pair(em, "name", a->name);
	pair(em, "organisation", a->organisation);
	pair(em, "sector", a->sector);
	pair(em, "description", a->description);
	flow_list(em, "needs", &a->needs);
	flow_list(em, "localities", &a->localities);
	pair(em, "address", a->address);
	pair(em, "postcode", a->postcode);
	pair(em, "phone", a->phone);
	pair(em, "email", a->email);
	pair(em, "website", a->website);
	sessions(em, a);
	pair(em, "when", a->when);
	pair(em, "cost", asset_cost_name(a->cost));
	pair(em, "cost_note", a->cost_note);
	pair(em, "accessibility", a->accessibility);
	pair(em, "eligibility", a->eligibility);
	if (a->referral) {
		scalar(em, "referral");
		begin(em, 0, 1);
		for (int i = 0; i < ROUTE_COUNT; i++)
			if (a->referral & (1u << i))
				scalar(em, referral_route_name(1u << i));
		end(em, 0);
	}
	pair(em, "referral_note", a->referral_note);
	pair(em, "status", asset_status_name(a->status));
	pair(em, "verified", a->verified_on);
	pair(em, "verified_by", a->verified_by);
	pair(em, "notes", a->notes);
	if (a->archived) {
		scalar(em, "archived");
		yaml_event_t ev;
		yaml_scalar_event_initialize(&ev, NULL, NULL, (yaml_char_t *)"true", 4,
					     1, 1, YAML_PLAIN_SCALAR_STYLE);
		emit(em, &ev);
	}
	end(em, 1);
	return em->failed;
}

static int write_file(FILE *out, int failed)
{
	if (failed || fflush(out) != 0 || ferror(out))
		return -1;
	return 0;
}

int yaml_export(struct store *dir, FILE *out,
		const struct yaml_export_options *opt, struct error *err)
{
	struct emitter em = { 0 };
	if (!yaml_emitter_initialize(&em.e))
		return error_nomem(err);
	yaml_emitter_set_output_file(&em.e, out);
	yaml_emitter_set_unicode(&em.e, 1);
	yaml_emitter_set_width(&em.e, 78);
	yaml_emitter_set_indent(&em.e, 2);

	yaml_event_t ev;
	yaml_stream_start_event_initialize(&ev, YAML_UTF8_ENCODING);
	emit(&em, &ev);
	yaml_document_start_event_initialize(&ev, NULL, NULL, NULL, 1);
	emit(&em, &ev);
	begin(&em, 1, 0);
	scalar(&em, "signpost");
	yaml_scalar_event_initialize(&ev, NULL, NULL, (yaml_char_t *)"1", 1, 1, 1,
				     YAML_PLAIN_SCALAR_STYLE);
	emit(&em, &ev);

	int rc = 0;
	if (opt->taxonomy) {
		char *name = directory_name(dir);
		if (name) {
			scalar(&em, "directory");
			begin(&em, 1, 0);
			pair(&em, "name", name);
			end(&em, 1);
			free(name);
		}
		rc = taxonomy_section(&em, dir, TAXONOMY_NEED, err);
		if (rc == 0)
			rc = taxonomy_section(&em, dir, TAXONOMY_SECTOR, err);
		if (rc == 0)
			rc = taxonomy_section(&em, dir, TAXONOMY_LOCALITY, err);
	}
	if (rc == 0 && opt->assets) {
		scalar(&em, "assets");
		begin(&em, 0, 0);
		rc = asset_each(dir, opt->with_archived, write_asset, &em, err);
		end(&em, 0);
	}
	end(&em, 1);
	yaml_document_end_event_initialize(&ev, 1);
	emit(&em, &ev);
	yaml_stream_end_event_initialize(&ev);
	emit(&em, &ev);
	if (rc == 0 && write_file(out, em.failed) < 0)
		rc = error_set(err, ERROR_STORAGE, "cannot write the YAML: %s",
			       em.e.problem ? em.e.problem : "write failed (is the disk full?)");
	yaml_emitter_delete(&em.e);
	return rc;
}
