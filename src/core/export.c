#include "config.h"

#include "core/export.h"
#include "core/asset.h"
#include "core/asset_store.h"
#include "core/csv.h"
#include "core/directory.h"
#include "core/json.h"
#include "core/taxonomy.h"
#include "core/yaml_export.h"

#include <stdlib.h>
#include <string.h>

int export_parse_format(const char *s, enum export_format *out)
{
	static const char *const names[] = { "yaml", "csv", "json" };
	for (int i = 0; i < 3; i++) {
		if (strcmp(s, names[i]) == 0) {
			*out = (enum export_format)i;
			return 0;
		}
	}
	return -1;
}

const char *const export_csv_columns[] = {
	"id", "name", "organisation", "sector", "needs", "localities",
	"description", "address", "postcode", "phone", "email", "website",
	"sessions", "when", "cost", "cost_note", "accessibility", "eligibility",
	"referral", "referral_note", "status", "verified", "verified_by",
	"notes", "archived", NULL,
};

/* "Mon, Thu 10:00-12:00 (first Thursday); Sat 09:00-11:00": sessions as
 * a person reads them in one cell. */
static char *sessions_text(const struct asset *a)
{
	struct strbuf sb = STRBUF_INIT;
	for (size_t i = 0; i < a->session_count; i++) {
		const struct asset_session *s = &a->sessions[i];
		char *days = days_describe(s->days);
		strbuf_printf(&sb, "%s%s", i ? "; " : "", days ? days : "?");
		free(days);
		if (s->start[0])
			strbuf_printf(&sb, " %s-%s", s->start, s->end[0] ? s->end : "");
		if (s->note)
			strbuf_printf(&sb, " (%s)", s->note);
	}
	return strbuf_detach(&sb);
}

static char *routes_text(unsigned routes)
{
	struct strbuf sb = STRBUF_INIT;
	for (int i = 0; i < ROUTE_COUNT; i++)
		if (routes & (1u << i))
			strbuf_printf(&sb, "%s%s", sb.len ? "," : "",
				      referral_route_name(1u << i));
	return strbuf_detach(&sb);
}

static int csv_asset(const struct asset *a, void *ctx)
{
	struct csv *c = ctx;
	char *needs = strlist_join(&a->needs, ",");
	char *localities = strlist_join(&a->localities, ",");
	char *sessions = sessions_text(a);
	char *routes = routes_text(a->referral);
	const char *fields[] = {
		a->id, a->name, a->organisation, a->sector, needs, localities,
		a->description, a->address, a->postcode, a->phone, a->email,
		a->website, sessions, a->when, asset_cost_name(a->cost), a->cost_note,
		a->accessibility, a->eligibility, routes, a->referral_note,
		asset_status_name(a->status), a->verified_on, a->verified_by,
		a->notes, a->archived ? "yes" : "no",
	};
	int failed = !needs || !localities || !sessions || !routes;
	for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++)
		csv_field(c, fields[i]);
	csv_end_row(c);
	free(needs);
	free(localities);
	free(sessions);
	free(routes);
	if (failed)
		c->failed = 1;
	return c->failed;
}

static int export_csv(struct store *dir, FILE *out, const struct export_options *opt,
		      struct error *err)
{
	struct csv c;
	csv_init(&c, out);
	for (int i = 0; export_csv_columns[i]; i++)
		csv_field(&c, export_csv_columns[i]);
	csv_end_row(&c);
	int rc = asset_each(dir, opt->with_archived, csv_asset, &c, err);
	if (csv_finish(&c) < 0 && rc == 0)
		rc = error_set(err, ERROR_STORAGE, "cannot write the CSV (is the disk full?)");
	return rc;
}

static int json_taxonomy(struct json *j, struct store *dir, enum taxonomy_kind kind,
			 struct error *err)
{
	struct taxonomy t;
	if (taxonomy_list(dir, kind, &t, err) < 0)
		return -1;
	json_key(j, taxonomy_kind_name(kind, 1));
	json_array_begin(j);
	for (size_t i = 0; i < t.count; i++) {
		const struct taxonomy_item *it = &t.item[i];
		json_object_begin(j);
		json_member_string(j, "id", it->id);
		json_member_string(j, "label", it->label);
		json_member_string(j, "kind", it->kind);
		json_member_string(j, "description", it->description);
		json_member_string(j, "parent", it->parent);
		json_member_int(j, "assets", it->assets);
		json_object_end(j);
	}
	json_array_end(j);
	taxonomy_free(&t);
	return 0;
}

static int json_asset(const struct asset *a, void *ctx)
{
	struct json *j = ctx;
	asset_write_json(j, a);
	return j->buf.failed;
}

static int export_json(struct store *dir, FILE *out, const struct export_options *opt,
		       struct error *err)
{
	struct json j;
	json_init(&j, out, 1);
	json_object_begin(&j);
	char *name = directory_name(dir);
	json_member_string(&j, "directory", name);
	free(name);
	int rc = 0;
	if (opt->taxonomy)
		for (int k = 0; k < TAXONOMY_KIND_COUNT && rc == 0; k++)
			rc = json_taxonomy(&j, dir, (enum taxonomy_kind)k, err);
	if (rc == 0 && opt->assets) {
		json_key(&j, "assets");
		json_array_begin(&j);
		rc = asset_each(dir, opt->with_archived, json_asset, &j, err);
		json_array_end(&j);
	}
	json_object_end(&j);
	strbuf_putc(&j.buf, '\n');
	if (json_finish(&j) < 0 && rc == 0)
		rc = error_set(err, ERROR_STORAGE, "cannot write the JSON (is the disk full?)");
	json_free(&j);
	return rc;
}

int export_directory(struct store *dir, FILE *out,
		     const struct export_options *opt, struct error *err)
{
	/* One read transaction, so the file is one consistent picture even
	 * while others write. */
	if (store_begin_read(dir, err) < 0)
		return -1;
	int rc;
	switch (opt->format) {
	case EXPORT_CSV:
		rc = export_csv(dir, out, opt, err);
		break;
	case EXPORT_JSON:
		rc = export_json(dir, out, opt, err);
		break;
	case EXPORT_YAML:
	default: {
		struct yaml_export_options y = {
			.taxonomy = opt->taxonomy, .assets = opt->assets,
			.with_archived = opt->with_archived,
		};
		rc = yaml_export(dir, out, &y, err);
		break;
	}
	}
	store_rollback(dir);
	if (rc == 0 && (fflush(out) != 0 || ferror(out)))
		rc = error_set(err, ERROR_STORAGE, "cannot write the export (is the disk full?)");
	return rc;
}
