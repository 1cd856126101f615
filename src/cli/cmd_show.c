#include "config.h"

#include "cli/commands.h"
#include "cli/output.h"
#include "core/asset.h"
#include "core/asset_store.h"
#include "core/dates.h"
#include "core/json.h"
#include "core/strbuf.h"
#include "core/taxonomy.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { LABEL_WIDTH = 15 };

/* "Bereavement, Loneliness": the labels of a list of taxonomy ids. */
static char *labels(struct store *dir, enum taxonomy_kind kind, const struct strlist *ids)
{
	struct strbuf sb = STRBUF_INIT;
	for (size_t i = 0; i < ids->count; i++) {
		char *label = taxonomy_label(dir, kind, ids->item[i]);
		strbuf_printf(&sb, "%s%s", i ? ", " : "", label ? label : ids->item[i]);
		free(label);
	}
	return strbuf_detach(&sb);
}

static void field(const char *label, const char *value, int width)
{
	if (!value || !*value)
		return;
	printf("%-*s", LABEL_WIDTH, label);
	out_wrapped(stdout, value, LABEL_WIDTH, width);
}

static char *session_line(const struct asset_session *s)
{
	struct strbuf sb = STRBUF_INIT;
	char *days = days_describe(s->days);
	strbuf_puts(&sb, days ? days : "?");
	free(days);
	if (s->start[0])
		strbuf_printf(&sb, " %s-%s", s->start, s->end);
	if (s->note)
		strbuf_printf(&sb, " (%s)", s->note);
	return strbuf_detach(&sb);
}

static char *routes_line(const struct asset *a)
{
	static const char *const words[ROUTE_COUNT] = {
		"self-referral", "link worker referral", "professional referral",
	};
	struct strbuf sb = STRBUF_INIT;
	for (int i = 0; i < ROUTE_COUNT; i++)
		if (a->referral & (1u << i))
			strbuf_printf(&sb, "%s%s", sb.len ? ", " : "", words[i]);
	if (a->referral_note)
		strbuf_printf(&sb, "%s%s", sb.len ? ". " : "", a->referral_note);
	return strbuf_detach(&sb);
}

static char *verified_line(const struct asset *a)
{
	struct strbuf sb = STRBUF_INIT;
	char today[DATE_LEN];
	if (!a->verified_on) {
		strbuf_puts(&sb, "never");
	} else {
		strbuf_puts(&sb, a->verified_on);
		if (a->verified_by)
			strbuf_printf(&sb, " by %s", a->verified_by);
		if (date_today(today) == 0) {
			char *ago = days_ago_describe(date_days(today) - date_days(a->verified_on));
			strbuf_printf(&sb, " (%s)", ago ? ago : "?");
			free(ago);
		}
	}
	return strbuf_detach(&sb);
}

static void print_text(struct store *dir, const struct asset *a)
{
	int width = out_terminal_width();
	if (width <= 0 || width > 100)
		width = width <= 0 ? 80 : 100;
	out_text(stdout, a->name, 0);
	printf("  [");
	out_text(stdout, a->id, 0);
	printf("]\n");
	if (a->archived)
		printf("ARCHIVED: this asset no longer runs; it is kept for the record.\n");
	putchar('\n');
	if (a->description) {
		out_wrapped(stdout, a->description, 0, width);
		putchar('\n');
	}
	char *sector = taxonomy_label(dir, TAXONOMY_SECTOR, a->sector);
	char *needs = labels(dir, TAXONOMY_NEED, &a->needs);
	char *places = labels(dir, TAXONOMY_LOCALITY, &a->localities);
	char *routes = routes_line(a);
	char *verified = verified_line(a);
	struct strbuf cost = STRBUF_INIT;
	if (asset_cost_name(a->cost))
		strbuf_puts(&cost, asset_cost_name(a->cost));
	if (a->cost_note)
		strbuf_printf(&cost, "%s%s", cost.len ? ": " : "", a->cost_note);
	struct strbuf where = STRBUF_INIT;
	if (a->address)
		strbuf_puts(&where, a->address);
	if (a->postcode)
		strbuf_printf(&where, "%s%s", where.len ? ", " : "", a->postcode);

	field("Organisation", a->organisation, width);
	field("Sector", sector ? sector : a->sector, width);
	field("Status", asset_status_name(a->status), width);
	field("Needs", needs, width);
	field("Serves", places, width);
	for (size_t i = 0; i < a->session_count; i++) {
		char *line = session_line(&a->sessions[i]);
		field(i ? "" : "Sessions", line, width);
		free(line);
	}
	field("When", a->when, width);
	field("Where", strbuf_str(&where), width);
	field("Phone", a->phone, width);
	field("Email", a->email, width);
	field("Website", a->website, width);
	field("Cost", strbuf_str(&cost), width);
	field("Accessibility", a->accessibility, width);
	field("Eligibility", a->eligibility, width);
	field("How to get in", routes, width);
	field("Verified", verified, width);
	field("Notes", a->notes, width);
	printf("%-*sversion %d, added %s, updated %s\n", LABEL_WIDTH, "Record",
	       a->version, a->created_at ? a->created_at : "?",
	       a->updated_at ? a->updated_at : "?");
	free(sector);
	free(needs);
	free(places);
	free(routes);
	free(verified);
	strbuf_free(&cost);
	strbuf_free(&where);
}

static void print_tsv(const struct asset *a)
{
	char *needs = strlist_join(&a->needs, ",");
	char *places = strlist_join(&a->localities, ",");
	const char *rows[][2] = {
		{ "id", a->id }, { "name", a->name }, { "organisation", a->organisation },
		{ "sector", a->sector }, { "needs", needs }, { "localities", places },
		{ "status", asset_status_name(a->status) },
		{ "verified", a->verified_on }, { "verified_by", a->verified_by },
		{ "address", a->address }, { "postcode", a->postcode },
		{ "phone", a->phone }, { "email", a->email }, { "website", a->website },
		{ "cost", asset_cost_name(a->cost) }, { "description", a->description },
	};
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++)
		out_tsv_row(stdout, rows[i], 2);
	free(needs);
	free(places);
}

int cmd_show(struct cli *cli, int argc, char **argv)
{
	const struct command *cmd = cli_find("show");
	static const struct option options[] = {
		{ "format", required_argument, NULL, 'f' },
		CLI_COMMON_LONG_OPTIONS,
		{ NULL, 0, NULL, 0 },
	};
	enum cli_format format = FORMAT_TABLE;
	int opt;
	while ((opt = getopt_long(argc, argv, "f:", options, NULL)) != -1) {
		if (opt == 'f') {
			if (cli_parse_format(cli, cmd, optarg, &format) < 0)
				return EXIT_USAGE;
			continue;
		}
		int status = cli_common_option(cli, cmd, opt);
		if (status)
			return status == 1 ? EXIT_OK : status;
	}
	if (optind + 1 != argc)
		return cli_usage_error(cli, cmd, optind == argc ? "which asset? give its id"
								: "one asset id at a time");
	struct error err = ERROR_INIT;
	struct store *dir = NULL;
	struct asset a;
	asset_init(&a);
	int status = EXIT_OK;
	if (cli_open_directory(cli, 0, &dir, &err) < 0 ||
	    asset_load(dir, argv[optind], &a, &err) < 0) {
		status = cli_fail(cli, &err);
	} else if (format == FORMAT_JSON) {
		struct json j;
		json_init(&j, stdout, 1);
		asset_write_json(&j, &a);
		strbuf_putc(&j.buf, '\n');
		json_finish(&j);
		json_free(&j);
	} else if (format == FORMAT_TSV) {
		print_tsv(&a);
	} else {
		print_text(dir, &a);
	}
	asset_clear(&a);
	store_close(dir);
	error_clear(&err);
	return status;
}
