#include "config.h"

#include "cli/commands.h"
#include "cli/output.h"
#include "core/asset.h"
#include "core/asset_store.h"
#include "core/asset_text.h"
#include "core/json.h"
#include "core/strbuf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { LABEL_WIDTH = 15 };

static void print_text(const struct asset *a, const struct asset_fields *fields)
{
	int width = out_terminal_width();
	if (width <= 0 || width > 100)
		width = width <= 0 ? 80 : 100;
	out_text(stdout, a->name, 0);
	printf("  [");
	out_text(stdout, a->id, 0);
	printf("]\n\n");
	if (a->description) {
		out_wrapped(stdout, a->description, 0, width);
		putchar('\n');
	}
	for (size_t i = 0; i < fields->count; i++) {
		printf("%-*s", LABEL_WIDTH, fields->item[i].label);
		out_wrapped(stdout, fields->item[i].value, LABEL_WIDTH, width);
	}
	printf("%-*sversion %d, added %s, updated %s\n", LABEL_WIDTH, "Record",
	       a->version, a->created_at ? a->created_at : "?",
	       a->updated_at ? a->updated_at : "?");
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
	const struct command *cmd = cli->command;
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
	if (cli_load_settings(cli, &err) < 0 ||
	    cli_open_directory(cli, 0, &dir, &err) < 0 ||
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
		struct asset_fields fields;
		if (asset_fields_make(dir, &a, cli->today, cli->settings.stale_months,
				      &fields, &err) < 0) {
			status = cli_fail(cli, &err);
		} else {
			print_text(&a, &fields);
			asset_fields_free(&fields);
		}
	}
	asset_clear(&a);
	store_close(dir);
	error_clear(&err);
	return status;
}
