#include "config.h"

#include "cli/commands.h"
#include "core/directory.h"
#include "core/search.h"
#include "tui/tui.h"

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

/* Without a terminal there is no browser to open: say what the directory
 * holds and how to search it from a script, and succeed. */
static int describe(struct cli *cli, struct store *dir)
{
	struct search_query q;
	search_query_init(&q);
	q.limit = 1;
	struct search_result r;
	struct error err = ERROR_INIT;
	if (search_run(dir, &q, &r, &err) < 0)
		return cli_fail(cli, &err);
	char *name = directory_name(dir);
	printf("%s: %ld assets.\n", name ? name : "signpost", r.total);
	printf("The browser needs a terminal. From a script, try '%s%s search WORDS'\n"
	       "or '%s --help'.\n", cli->program, cli->demo ? " --demo" : "", cli->program);
	free(name);
	search_result_free(&r);
	return EXIT_OK;
}

int cmd_browse(struct cli *cli, int print_slip)
{
	struct error err = ERROR_INIT;
	struct store *dir = NULL;
	int status = EXIT_OK;
	if (cli_load_settings(cli, &err) < 0 || cli_open_directory(cli, 0, &dir, &err) < 0) {
		status = cli_fail(cli, &err);
	} else if (!isatty(STDIN_FILENO) || !isatty(STDERR_FILENO) ||
		   (!print_slip && !isatty(STDOUT_FILENO))) {
		status = describe(cli, dir);
	} else {
		struct tui_options opt = { .print_slip = print_slip };
		if (tui_run(dir, &cli->settings, &opt, &err) < 0)
			status = cli_fail(cli, &err);
	}
	store_close(dir);
	error_clear(&err);
	return status;
}
