#include "config.h"

#include "cli/commands.h"
#include "core/bundled.h"
#include "core/directory.h"
#include "core/paths.h"
#include "core/yaml_import.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

enum { OPT_SAMPLE = OPT_COMMON_END };

int cmd_init(struct cli *cli, int argc, char **argv)
{
	const struct command *cmd = cli->command;
	static const struct option options[] = {
		{ "taxonomy", required_argument, NULL, 't' },
		{ "sample", no_argument, NULL, OPT_SAMPLE },
		CLI_COMMON_LONG_OPTIONS,
		{ NULL, 0, NULL, 0 },
	};
	const char *taxonomy = NULL;
	int sample = 0, o;
	while ((o = getopt_long(argc, argv, "t:", options, NULL)) != -1) {
		if (o == 't') {
			taxonomy = optarg;
		} else if (o == OPT_SAMPLE) {
			sample = 1;
		} else {
			int status = cli_common_option(cli, cmd, o);
			if (status)
				return status == 1 ? EXIT_OK : status;
		}
	}
	if (optind != argc)
		return cli_usage_error(cli, cmd, "unexpected argument '%s'", argv[optind]);
	if (cli->demo)
		return cli_usage_error(cli, cmd, "--demo makes its own throwaway directory; "
				       "init makes a lasting one");
	struct error err = ERROR_INIT;
	char *path = paths_directory_file(cli->db_option, &err);
	struct store *dir = NULL;
	int rc = path ? 0 : -1;
	if (rc == 0 && access(path, F_OK) == 0)
		rc = error_set(&err, ERROR_INPUT, "%s: already exists; signpost will not "
			       "overwrite a directory (import into it instead)", path);
	if (rc == 0 && paths_is_default(cli->db_option))
		rc = paths_make_parent(path, &err);
	if (rc == 0)
		rc = directory_open(path, STORE_CREATE, &dir, &err);
	if (rc == 0) {
		if (taxonomy) {
			struct import_options opt = { .dry_run = 0, .who = cli->login };
			struct import_report report;
			rc = import_file(dir, taxonomy, &opt, &report, &err);
			import_report_free(&report);
		} else {
			rc = bundled_import(dir, BUNDLED_TAXONOMY, cli->login, &err);
		}
	}
	if (rc == 0 && sample)
		rc = bundled_import(dir, BUNDLED_SAMPLE, cli->login, &err);
	store_close(dir);
	int status = EXIT_OK;
	if (rc < 0) {
		status = cli_fail(cli, &err);
		/* A half-made directory is no use: remove what this run made. */
		if (path && dir) {
			unlink(path);
			char *extra[] = { "-wal", "-shm" };
			for (int i = 0; i < 2; i++) {
				char *p = NULL;
				if (asprintf(&p, "%s%s", path, extra[i]) >= 0) {
					unlink(p);
					free(p);
				}
			}
		}
	} else {
		printf("Made a new directory at %s\n", path);
		printf("Next: add assets with '%s --db %s import FILE.yaml' (see signpost(5)).\n",
		       cli->program, path);
	}
	free(path);
	error_clear(&err);
	return status;
}
