#include "config.h"

#include "cli/commands.h"
#include "core/strbuf.h"
#include "core/yaml_doc.h"
#include "core/yaml_import.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *change_word(enum import_change c, int dry_run)
{
	static const char *const done[] = { "unchanged", "added", "changed" };
	static const char *const would[] = { "unchanged", "would add", "would change" };
	return dry_run ? would[c] : done[c];
}

static void print_report(const char *file, const struct import_report *r, int dry_run)
{
	if (dry_run)
		for (size_t i = 0; i < r->count; i++)
			printf("%-12s %-8s %s\n", change_word(r->entry[i].change, 1),
			       import_what_name(r->entry[i].what), r->entry[i].id);
	static const char *const plural[] = { "needs", "sectors", "localities", "assets" };
	printf("%s:", file);
	int any = 0;
	for (int w = 0; w < 4; w++) {
		const size_t *t = r->tally[w];
		if (t[0] + t[1] + t[2] == 0)
			continue;
		printf("%s %s %zu %s, %zu %s, %zu unchanged", any++ ? ";" : "", plural[w],
		       t[IMPORT_ADDED], dry_run ? "to add" : "added",
		       t[IMPORT_CHANGED], dry_run ? "to change" : "changed",
		       t[IMPORT_UNCHANGED]);
	}
	printf("%s%s\n", any ? "" : " nothing to import",
	       dry_run ? " (dry run: nothing was changed)" : "");
}

/* Standard input, whole, within the same cap as a file. */
static char *read_stdin(size_t *len, struct error *err)
{
	struct strbuf sb = STRBUF_INIT;
	char chunk[65536];
	size_t n;
	while ((n = fread(chunk, 1, sizeof chunk, stdin)) > 0) {
		strbuf_add(&sb, chunk, n);
		if (sb.len > YAML_MAX_INPUT) {
			strbuf_free(&sb);
			error_set(err, ERROR_INPUT, "standard input: too large (over 1 GiB)");
			return NULL;
		}
	}
	if (ferror(stdin)) {
		strbuf_free(&sb);
		error_set(err, ERROR_INPUT, "standard input: cannot read");
		return NULL;
	}
	*len = sb.len;
	char *s = strbuf_detach(&sb);
	if (!s)
		error_nomem(err);
	return s;
}

int cmd_import(struct cli *cli, int argc, char **argv)
{
	const struct command *cmd = cli->command;
	static const struct option options[] = {
		{ "dry-run", no_argument, NULL, 'n' },
		{ "quiet", no_argument, NULL, 'q' },
		CLI_COMMON_LONG_OPTIONS,
		{ NULL, 0, NULL, 0 },
	};
	struct import_options opt = { .dry_run = 0, .who = cli->login };
	int quiet = 0, o;
	while ((o = getopt_long(argc, argv, "nq", options, NULL)) != -1) {
		if (o == 'n') {
			opt.dry_run = 1;
		} else if (o == 'q') {
			quiet = 1;
		} else {
			int status = cli_common_option(cli, cmd, o);
			if (status)
				return status == 1 ? EXIT_OK : status;
		}
	}
	if (optind == argc)
		return cli_usage_error(cli, cmd, "which file? give one or more YAML files");
	struct error err = ERROR_INIT;
	struct store *dir = NULL;
	if (cli_open_directory(cli, 1, &dir, &err) < 0) {
		int status = cli_fail(cli, &err);
		error_clear(&err);
		return status;
	}
	int status = EXIT_OK;
	for (int i = optind; i < argc && status == EXIT_OK; i++) {
		struct import_report report;
		int rc;
		if (strcmp(argv[i], "-") == 0) {
			size_t len = 0;
			char *data = read_stdin(&len, &err);
			rc = data ? import_buffer(dir, "<stdin>", data, len, &opt, &report, &err) : -1;
			free(data);
		} else {
			rc = import_file(dir, argv[i], &opt, &report, &err);
		}
		if (rc < 0) {
			status = cli_fail(cli, &err);
			fprintf(stderr, "%s: nothing from %s was imported\n", cli->program,
				strcmp(argv[i], "-") ? argv[i] : "standard input");
		} else {
			if (!quiet || opt.dry_run)
				print_report(argv[i], &report, opt.dry_run);
			import_report_free(&report);
		}
	}
	store_close(dir);
	error_clear(&err);
	return status;
}
