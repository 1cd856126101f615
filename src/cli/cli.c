#include "config.h"

#include "cli/cli.h"
#include "core/directory.h"
#include "core/paths.h"
#include "core/personal.h"
#include "core/text.h"
#include "store/store.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

const struct command *cli_find(const char *name)
{
	for (const struct command *c = cli_commands; c->name; c++)
		if (strcmp(c->name, name) == 0)
			return c;
	return NULL;
}

void cli_print_command_help(struct cli *cli, const struct command *cmd)
{
	printf("Usage: %s %s %s\n%s\n\n%s", cli->program, cmd->name, cmd->args,
	       cmd->summary, cmd->help);
	printf("\nCommon options:\n"
	       "      --db FILE   the directory file (default: SIGNPOST_DB, or\n"
	       "                  $XDG_DATA_HOME/signpost/directory.db)\n"
	       "      --demo      use a throwaway copy of the bundled sample directory\n"
	       "      --help      show this help and exit\n"
	       "\nExit status: 0 on success, 1 on an error such as bad input or an\n"
	       "unknown id, 2 when the command line is wrong.\n"
	       "See signpost(1) for more.\n");
}

int cli_common_option(struct cli *cli, const struct command *cmd, int opt)
{
	switch (opt) {
	case OPT_DB:
		cli->db_option = optarg;
		return 0;
	case OPT_DEMO:
		cli->demo = 1;
		return 0;
	case OPT_HELP:
		cli_print_command_help(cli, cmd);
		return 1;
	default:
		/* getopt has said what was wrong. */
		fprintf(stderr, "Try '%s %s --help' for more information.\n",
			cli->program, cmd->name);
		return EXIT_USAGE;
	}
}

/* Messages can hold text from files and databases: print it safely. */
static void print_error_text(const char *msg)
{
	char *clean = text_clean(msg, TEXT_MULTILINE);
	fputs(clean ? clean : "out of memory", stderr);
	free(clean);
}

int cli_fail(struct cli *cli, const struct error *err)
{
	fprintf(stderr, "%s: ", cli->program);
	print_error_text(error_message(err));
	fputc('\n', stderr);
	return EXIT_FAILURE_USER;
}

int cli_usage_error(struct cli *cli, const struct command *cmd, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *msg = NULL;
	if (vasprintf(&msg, fmt, ap) < 0)
		msg = NULL;
	va_end(ap);
	fprintf(stderr, "%s: ", cli->program);
	if (cmd)
		fprintf(stderr, "%s: ", cmd->name);
	print_error_text(msg ? msg : "usage error");
	free(msg);
	if (cmd)
		fprintf(stderr, "\nTry '%s %s --help' for more information.\n",
			cli->program, cmd->name);
	else
		fprintf(stderr, "\nTry '%s --help' for more information.\n", cli->program);
	return EXIT_USAGE;
}

int cli_parse_format(struct cli *cli, const struct command *cmd, const char *arg,
		     enum cli_format *out)
{
	static const char *const names[] = { "table", "tsv", "json" };
	for (int i = 0; i < 3; i++) {
		if (strcmp(arg, names[i]) == 0) {
			*out = (enum cli_format)i;
			return 0;
		}
	}
	cli_usage_error(cli, cmd, "unknown format '%s' (formats: table, tsv, json)", arg);
	return -1;
}

int cli_open_directory(struct cli *cli, int write, struct store **out,
		       struct error *err)
{
	if (cli->demo && !cli->demo_ready) {
		if (demo_create(&cli->demo_state, cli->login, err) < 0)
			return -1;
		cli->demo_ready = 1;
	}
	if (!cli->directory_file) {
		const char *path = cli->demo ? cli->demo_state.directory_file : NULL;
		cli->directory_file = path ? strdup(path)
					   : paths_directory_file(cli->db_option, err);
		if (!cli->directory_file)
			return err->kind ? -1 : error_nomem(err);
	}
	/* Reading does not need write access: a file the user may only read,
	 * or one in a folder they may not write in, still opens, read-only. */
	unsigned flags = 0;
	if (!write && access(cli->directory_file, F_OK) == 0 &&
	    !store_writable(cli->directory_file))
		flags |= STORE_READ_ONLY;
	if (directory_open(cli->directory_file, flags, out, err) < 0)
		return -1;
	if (!cli->identified) {
		if (access_identify(*out, cli->login, &cli->actor, err) < 0) {
			store_close(*out);
			*out = NULL;
			return -1;
		}
		cli->identified = 1;
	}
	store_set_actor(*out, &cli->actor);
	return 0;
}

int cli_load_settings(struct cli *cli, struct error *err)
{
	if (cli->settings_loaded)
		return 0;
	if (date_today(cli->today) < 0)
		return error_set(err, ERROR_INPUT, "SIGNPOST_TODAY is set to '%s', "
				 "which is not a date (YYYY-MM-DD)", getenv("SIGNPOST_TODAY"));
	if (settings_load_default(&cli->settings, err) < 0)
		return -1;
	cli->settings_loaded = 1;
	return 0;
}

int cli_open_personal(struct cli *cli, struct store *dir, int read_only_will_do,
		      struct store **out, struct error *err)
{
	unsigned flags = STORE_CREATE;
	if (read_only_will_do) {
		char *path = paths_personal_file(cli->directory_file);
		if (!path)
			return error_nomem(err);
		if (access(path, R_OK) == 0 && !store_writable(path))
			flags = STORE_READ_ONLY;
		free(path);
	}
	return personal_open_as(dir, flags, out, err);
}

int cli_open_both(struct cli *cli, int write, struct store **dir,
		  struct store **personal, struct error *err)
{
	*dir = *personal = NULL;
	if (cli_load_settings(cli, err) < 0 || cli_open_directory(cli, write, dir, err) < 0)
		return -1;
	return cli_open_personal(cli, *dir, !write, personal, err);
}

int cli_finish(struct cli *cli, struct store *dir, struct store *personal,
	       struct error *err, int failed)
{
	int status = failed ? cli_fail(cli, err) : EXIT_OK;
	store_close(personal);
	store_close(dir);
	error_clear(err);
	return status;
}
