#include "config.h"

#include "cli/commands.h"
#include "core/asset_store.h"
#include "core/asset_text.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int cmd_slip(struct cli *cli, int argc, char **argv)
{
	const struct command *cmd = cli->command;
	static const struct option options[] = {
		{ "output", required_argument, NULL, 'o' },
		{ "width", required_argument, NULL, 'w' },
		CLI_COMMON_LONG_OPTIONS,
		{ NULL, 0, NULL, 0 },
	};
	const char *output = NULL;
	int width = 72, o;
	while ((o = getopt_long(argc, argv, "o:w:", options, NULL)) != -1) {
		char *end;
		if (o == 'o') {
			output = optarg;
		} else if (o == 'w') {
			width = (int)strtol(optarg, &end, 10);
			if (*end || width < 40 || width > 200)
				return cli_usage_error(cli, cmd, "--width takes a number from 40 "
						       "to 200, not '%s'", optarg);
		} else {
			int status = cli_common_option(cli, cmd, o);
			if (status)
				return status == 1 ? EXIT_OK : status;
		}
	}
	if (optind + 1 != argc)
		return cli_usage_error(cli, cmd, optind == argc ? "which asset? give its id"
								: "one asset id at a time");
	struct error err = ERROR_INIT;
	struct store *dir = NULL;
	struct asset a;
	asset_init(&a);
	char *slip = NULL;
	int status = EXIT_OK;
	if (cli_load_settings(cli, &err) < 0 ||
	    cli_open_directory(cli, 0, &dir, &err) < 0 ||
	    asset_load(dir, argv[optind], &a, &err) < 0 ||
	    !(slip = asset_slip(dir, &a, cli->today, width, &err))) {
		status = cli_fail(cli, &err);
	} else if (output) {
		FILE *f = fopen(output, "w");
		if (!f || fputs(slip, f) == EOF || fclose(f) != 0) {
			error_set(&err, ERROR_STORAGE, "%s: cannot write the slip: %s", output,
				  strerror(errno));
			status = cli_fail(cli, &err);
		}
	} else {
		fputs(slip, stdout);
	}
	free(slip);
	asset_clear(&a);
	store_close(dir);
	error_clear(&err);
	return status;
}
