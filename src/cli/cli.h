/* cli: the command line's shared parts: the command table, option
 * parsing, opening the directory, and turning errors into messages and
 * exit statuses. */
#ifndef SIGNPOST_CLI_H
#define SIGNPOST_CLI_H

#include <getopt.h>

#include "core/access.h"
#include "core/demo.h"
#include "core/dates.h"
#include "core/error.h"
#include "core/settings.h"
#include "store/store.h"

/* Exit statuses, as GNU programs use them. */
enum {
	EXIT_OK = 0,
	EXIT_FAILURE_USER = 1,   /* bad input, an unknown id, a failure */
	EXIT_USAGE = 2,          /* the command line itself was wrong */
};

struct cli {
	const char *program;     /* argv[0]'s base name, for messages */
	const struct command *command;   /* the one being run */
	const char *db_option;   /* --db */
	int demo;                /* --demo */
	struct demo demo_state;
	int demo_ready;
	char *login;
	struct actor actor;      /* login's role in the directory, once opened */
	int identified;
	char *directory_file;    /* resolved, owned */
	struct settings settings;
	int settings_loaded;
	char today[DATE_LEN];    /* set by cli_load_settings() */
};

struct command {
	const char *name;
	int (*run)(struct cli *cli, int argc, char **argv);
	const char *args;        /* "[WORDS...] [OPTIONS]" */
	const char *summary;     /* one line for --help */
	const char *help;        /* the command's own --help text after usage */
};

extern const struct command cli_commands[];

const struct command *cli_find(const char *name);

/* Options every command takes; put CLI_COMMON_LONG_OPTIONS in its list
 * and call cli_common_option() for an option it does not know. */
enum { OPT_DB = 0x100, OPT_DEMO, OPT_HELP, OPT_FORMAT, OPT_COMMON_END };
#define CLI_COMMON_LONG_OPTIONS \
	{ "db", required_argument, NULL, OPT_DB }, \
	{ "demo", no_argument, NULL, OPT_DEMO }, \
	{ "help", no_argument, NULL, OPT_HELP }

/* Handles a common option; returns 0 when handled, 1 when --help was
 * asked (the help is printed), and EXIT_USAGE (with a message) for an
 * unknown one. */
int cli_common_option(struct cli *cli, const struct command *cmd, int opt);

/* Prints "signpost: message" for err and returns the exit status for it. */
int cli_fail(struct cli *cli, const struct error *err);
/* Prints a usage error and the hint to --help; returns EXIT_USAGE. */
int cli_usage_error(struct cli *cli, const struct command *cmd, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void cli_print_command_help(struct cli *cli, const struct command *cmd);

/* Opens the directory named by --db, SIGNPOST_DB or the default (or the
 * demo's): read-only unless write is set.  The user is identified by
 * their login (an unknown one is refused, as the directory's policy
 * says), and the store checks what their role may do. */
int cli_open_directory(struct cli *cli, int write, struct store **out,
		       struct error *err);

/* Loads the user's settings (once) and today's date; a bad config file
 * or SIGNPOST_TODAY is an error. */
int cli_load_settings(struct cli *cli, struct error *err);

/* Opens the personal-data file beside the directory dir, for its actor
 * (a volunteer is refused): read-only when this account may only read
 * it, if read_only_will_do. */
int cli_open_personal(struct cli *cli, struct store *dir, int read_only_will_do,
		      struct store **out, struct error *err);

/* Loads the settings and opens the directory and the personal-data file
 * beside it: for writing if write, else read-only where this account
 * may only read them (a folder it may not write in, say). */
int cli_open_both(struct cli *cli, int write, struct store **dir,
		  struct store **personal, struct error *err);
/* Ends a command: says what err holds if it failed, closes what is
 * open; returns the exit status. */
int cli_finish(struct cli *cli, struct store *dir, struct store *personal,
	       struct error *err, int failed);

/* Output formats for commands that list things. */
enum cli_format { FORMAT_TABLE, FORMAT_TSV, FORMAT_JSON };
int cli_parse_format(struct cli *cli, const struct command *cmd, const char *arg,
		     enum cli_format *out);

#endif
