#include "config.h"

#include "cli/commands.h"
#include "cli/output.h"
#include "core/json.h"
#include "core/strbuf.h"
#include "core/taxonomy.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void print_json(const struct taxonomy *t)
{
	struct json j;
	json_init(&j, stdout, 1);
	json_array_begin(&j);
	for (size_t i = 0; i < t->count; i++) {
		const struct taxonomy_item *it = &t->item[i];
		json_object_begin(&j);
		json_member_string(&j, "id", it->id);
		json_member_string(&j, "label", it->label);
		json_member_string(&j, "kind", it->kind);
		json_member_string(&j, "description", it->description);
		json_member_string(&j, "parent", it->parent);
		json_member_int(&j, "depth", it->depth);
		json_member_int(&j, "assets", it->assets);
		json_object_end(&j);
	}
	json_array_end(&j);
	strbuf_putc(&j.buf, '\n');
	json_finish(&j);
	json_free(&j);
}

static int print_table(const struct taxonomy *t, enum taxonomy_kind kind)
{
	static const char *const headers[] = { "ID", "LABEL", "ASSETS" };
	struct out_table table;
	out_table_init(&table, headers, 3);
	int rc = 0;
	for (size_t i = 0; i < t->count && rc == 0; i++) {
		const struct taxonomy_item *it = &t->item[i];
		struct strbuf label = STRBUF_INIT;
		/* The tree shows as indentation of the labels. */
		for (int d = 0; d < it->depth; d++)
			strbuf_puts(&label, "  ");
		strbuf_puts(&label, it->label);
		if (kind == TAXONOMY_LOCALITY && it->kind)
			strbuf_printf(&label, " (%s)", it->kind);
		char count[24];
		snprintf(count, sizeof count, "%ld", it->assets);
		const char *cells[] = { it->id, strbuf_str(&label), count };
		rc = label.failed ? -1 : out_table_add(&table, cells);
		strbuf_free(&label);
	}
	if (rc == 0)
		rc = out_table_print(&table, stdout, out_terminal_width());
	out_table_free(&table);
	return rc;
}

int cmd_taxonomy(struct cli *cli, int argc, char **argv)
{
	const struct command *cmd = cli->command;
	enum taxonomy_kind kind = !strcmp(cmd->name, "needs") ? TAXONOMY_NEED
				: !strcmp(cmd->name, "sectors") ? TAXONOMY_SECTOR
								: TAXONOMY_LOCALITY;
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
	if (optind != argc)
		return cli_usage_error(cli, cmd, "unexpected argument '%s'", argv[optind]);
	struct error err = ERROR_INIT;
	struct store *dir = NULL;
	struct taxonomy t = { 0 };
	int status = EXIT_OK;
	if (cli_open_directory(cli, 0, &dir, &err) < 0 ||
	    taxonomy_list(dir, kind, &t, &err) < 0) {
		status = cli_fail(cli, &err);
	} else if (format == FORMAT_JSON) {
		print_json(&t);
	} else if (format == FORMAT_TSV) {
		for (size_t i = 0; i < t.count; i++) {
			const struct taxonomy_item *it = &t.item[i];
			char depth[16], count[24];
			snprintf(depth, sizeof depth, "%d", it->depth);
			snprintf(count, sizeof count, "%ld", it->assets);
			const char *cells[] = {
				it->id, it->label, it->parent ? it->parent : "", depth, count,
			};
			out_tsv_row(stdout, cells, 5);
		}
	} else if (print_table(&t, kind) < 0) {
		error_nomem(&err);
		status = cli_fail(cli, &err);
	}
	taxonomy_free(&t);
	store_close(dir);
	error_clear(&err);
	return status;
}
