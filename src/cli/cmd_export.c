#include "config.h"

#include "cli/commands.h"
#include "core/export.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

enum { OPT_ARCHIVED = OPT_COMMON_END, OPT_TAXONOMY_ONLY, OPT_ASSETS_ONLY };

/* Writes to a temporary file beside the target and renames it into
 * place once complete, so a failed export never leaves half a file. */
static int export_to_file(struct store *dir, const char *path,
			  const struct export_options *opt, struct error *err)
{
	size_t n = strlen(path);
	char *tmp = malloc(n + sizeof ".tmp-XXXXXX");
	if (!tmp)
		return error_nomem(err);
	memcpy(tmp, path, n);
	memcpy(tmp + n, ".tmp-XXXXXX", sizeof ".tmp-XXXXXX");
	int fd = mkstemp(tmp);
	if (fd < 0) {
		error_set(err, ERROR_STORAGE, "%s: cannot write: %s", path, strerror(errno));
		free(tmp);
		return -1;
	}
	FILE *f = fdopen(fd, "w");
	int rc = f ? export_directory(dir, f, opt, err)
		   : error_set(err, ERROR_STORAGE, "%s: cannot write", path);
	if (f && fclose(f) != 0 && rc == 0)
		rc = error_set(err, ERROR_STORAGE, "%s: cannot write: %s", path, strerror(errno));
	if (!f)
		close(fd);
	if (rc == 0 && rename(tmp, path) < 0)
		rc = error_set(err, ERROR_STORAGE, "%s: cannot write: %s", path, strerror(errno));
	if (rc < 0)
		unlink(tmp);
	free(tmp);
	return rc;
}

int cmd_export(struct cli *cli, int argc, char **argv)
{
	const struct command *cmd = cli->command;
	static const struct option options[] = {
		{ "format", required_argument, NULL, 'f' },
		{ "output", required_argument, NULL, 'o' },
		{ "archived", no_argument, NULL, OPT_ARCHIVED },
		{ "taxonomy-only", no_argument, NULL, OPT_TAXONOMY_ONLY },
		{ "assets-only", no_argument, NULL, OPT_ASSETS_ONLY },
		CLI_COMMON_LONG_OPTIONS,
		{ NULL, 0, NULL, 0 },
	};
	struct export_options opt = {
		.format = EXPORT_YAML, .taxonomy = 1, .assets = 1, .with_archived = 0,
	};
	const char *output = NULL;
	int o;
	while ((o = getopt_long(argc, argv, "f:o:", options, NULL)) != -1) {
		switch (o) {
		case 'f':
			if (export_parse_format(optarg, &opt.format) < 0)
				return cli_usage_error(cli, cmd, "unknown format '%s' "
						       "(formats: yaml, csv, json)", optarg);
			break;
		case 'o':
			output = optarg;
			break;
		case OPT_ARCHIVED:
			opt.with_archived = 1;
			break;
		case OPT_TAXONOMY_ONLY:
			opt.assets = 0;
			break;
		case OPT_ASSETS_ONLY:
			opt.taxonomy = 0;
			break;
		default: {
			int status = cli_common_option(cli, cmd, o);
			if (status)
				return status == 1 ? EXIT_OK : status;
		}
		}
	}
	if (optind != argc)
		return cli_usage_error(cli, cmd, "unexpected argument '%s'", argv[optind]);
	if (!opt.taxonomy && !opt.assets)
		return cli_usage_error(cli, cmd, "--taxonomy-only and --assets-only "
				       "leave nothing to export");
	if (opt.format == EXPORT_CSV && !opt.assets)
		return cli_usage_error(cli, cmd, "a CSV export holds the assets, a row "
				       "each; export the taxonomy as yaml or json");
	struct error err = ERROR_INIT;
	struct store *dir = NULL;
	int status = EXIT_OK;
	int rc = cli_open_directory(cli, 0, &dir, &err);
	if (rc == 0)
		rc = output ? export_to_file(dir, output, &opt, &err)
			    : export_directory(dir, stdout, &opt, &err);
	if (rc < 0)
		status = cli_fail(cli, &err);
	store_close(dir);
	error_clear(&err);
	return status;
}
