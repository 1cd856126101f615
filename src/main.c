/* signpost: a terminal directory of local community assets for social
 * prescribing.  This file reads the global options and hands over to a
 * subcommand. */
#include "config.h"

#include "cli/cli.h"
#include "cli/commands.h"
#include "core/dates.h"
#include "core/identity.h"

#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const struct command cli_commands[] = {
	{ "search", cmd_search, "[WORDS...] [OPTIONS]",
	  "Find assets by words, need, locality, sector and day.",
	  "Words match the name, organisation, description and needs, ignoring case\n"
	  "and accents; the last word matches as a prefix.  Any text is a valid query.\n"
	  "\n"
	  "  -n, --need NEED        with this need or one of its sub-needs (repeat for\n"
	  "                         any of several)\n"
	  "  -l, --locality PLACE   serving this place, a place within it, or all of it\n"
	  "  -s, --sector SECTOR    run by this sector\n"
	  "  -d, --day DAYS         with a session on one of these days: mon..sun,\n"
	  "                         a list (mon,thu), a range (mon-fri), weekdays,\n"
	  "                         weekend or today\n"
	  "  -o, --open             leave out full, temporarily closed and closed assets\n"
	  "      --limit N          show at most N (default 50; 0 for all)\n"
	  "  -f, --format FORMAT    table (default), tsv or json\n"
	  "\n"
	  "TSV columns: id, name, sector, localities, needs, status, verified\n"
	  "(localities and needs comma-separated, the main one first).\n" },
	{ "show", cmd_show, "ID [OPTIONS]",
	  "Show everything about one asset.",
	  "  -f, --format FORMAT    table (default: readable text), tsv or json\n" },
	{ "slip", cmd_slip, "ID [OPTIONS]",
	  "Write the \"next steps\" slip for a person being referred to an asset.",
	  "The slip is plain text: what the asset is, when and where, how to get in,\n"
	  "the cost and how to contact it, and when the details were last checked.\n"
	  "\n"
	  "  -o, --output FILE      write it to FILE instead of standard output\n"
	  "  -w, --width N          wrap it to N columns (default 72)\n" },
	{ "needs", cmd_taxonomy, "[OPTIONS]",
	  "List the needs, as a tree, with the number of assets for each.",
	  "  -f, --format FORMAT    table (default), tsv or json\n"
	  "\nTSV columns: id, label, parent, depth, assets.\n" },
	{ "sectors", cmd_taxonomy, "[OPTIONS]",
	  "List the sectors, with the number of assets for each.",
	  "  -f, --format FORMAT    table (default), tsv or json\n"
	  "\nTSV columns: id, label, parent, depth, assets.\n" },
	{ "localities", cmd_taxonomy, "[OPTIONS]",
	  "List the localities, as a tree, with the number of assets in each.",
	  "  -f, --format FORMAT    table (default), tsv or json\n"
	  "\nTSV columns: id, label, parent, depth, assets.\n" },
	{ "refer", cmd_refer, "ASSET --client REF [OPTIONS]",
	  "Log a referral of a person (by client reference) to an asset.",
	  "Prints the new referral's id.  The client reference is pseudonymous: one\n"
	  "that is or holds an NHS number, an email address or a phone number is\n"
	  "refused, as signpost must never hold who a person is.\n"
	  "\n"
	  "  -c, --client REF       the client reference: 1 to 32 letters, digits,\n"
	  "                         '-' and '_' (like JS-0142)\n"
	  "  -n, --need NEED        what they were referred for (repeat for several;\n"
	  "                         default: the asset's main need)\n"
	  "  -m, --note TEXT        a note\n"
	  "  -u, --follow-up DATE   when to check what happened: YYYY-MM-DD, today,\n"
	  "                         tomorrow, +Nd or +Nw (default: follow_up_days\n"
	  "                         from the config, 14)\n" },
	{ "referral", cmd_referral, "ID [OPTIONS]",
	  "Show one referral with its whole history.",
	  "  -f, --format FORMAT    table (default), tsv (the history: at, who, from,\n"
	  "                         to, follow_up, note) or json\n" },
	{ "update", cmd_update, "ID [OPTIONS]",
	  "Move a referral on (contacted, attending), or set its next follow-up.",
	  "  -s, --status STATUS    referred, contacted or attending (forward only)\n"
	  "  -u, --follow-up DATE   the next follow-up date\n"
	  "  -m, --note TEXT        what happened\n"
	  "      --if-version N     refuse if someone changed it since version N\n" },
	{ "close", cmd_close, "ID --outcome OUTCOME [OPTIONS]",
	  "Close a referral with its outcome.",
	  "  -o, --outcome OUTCOME  completed (after attending), declined,\n"
	  "                         not-attended, unsuitable (full, closed, wrong fit)\n"
	  "                         or lost-contact\n"
	  "  -m, --note TEXT        what happened\n"
	  "      --if-version N     refuse if someone changed it since version N\n" },
	{ "reopen", cmd_reopen, "ID --reason TEXT [OPTIONS]",
	  "Reopen a closed referral, back to where it was before it closed.",
	  "  -r, --reason TEXT      why (required)\n"
	  "  -u, --follow-up DATE   the next follow-up date\n"
	  "      --if-version N     refuse if someone changed it since version N\n" },
	{ "followups", cmd_followups, "[OPTIONS]",
	  "List open referrals by their follow-up date: overdue, due today, upcoming.",
	  "By default, your own open referrals, all three groups.\n"
	  "\n"
	  "      --overdue          only the overdue ones\n"
	  "      --due              only those due today\n"
	  "      --upcoming         only those still to come\n"
	  "      --all              all three (the default)\n"
	  "  -w, --worker USER      another link worker's\n"
	  "      --everyone         everyone's\n"
	  "  -f, --format FORMAT    table (default), tsv or json\n"
	  "\nTSV columns: id, follow_up, when (overdue, due, upcoming), client, asset,\n"
	  "status, worker, made.\n" },
	{ "client", cmd_client, "REF [OPTIONS]",
	  "List everything held for one client reference: referrals and wellbeing.",
	  "  -f, --format FORMAT    table (default), tsv or json\n" },
	{ "unmet", cmd_unmet, "--need NEED [OPTIONS]",
	  "Log a need that nothing in the directory could meet (no client reference).",
	  "  -n, --need NEED        the need (repeat for several)\n"
	  "  -l, --locality PLACE   where\n"
	  "  -m, --note TEXT        what was looked for\n" },
	{ "wellbeing", cmd_wellbeing, "REF --ons4 A,B,C,D [OPTIONS]",
	  "Record ONS4 wellbeing scores for a client reference.",
	  "The four scores, each 0 to 10: life satisfaction, worthwhile, happiness,\n"
	  "anxiety (for anxiety, lower is better).\n"
	  "\n"
	  "      --ons4 A,B,C,D     the scores\n"
	  "  -d, --date DATE        when they were given (default: today)\n" },
	{ "flag", cmd_flag, "ASSET --reason REASON [OPTIONS]",
	  "Flag a listing for the volunteers: it has closed, is wrong, or is full.",
	  "  -r, --reason REASON    closed, wrong-details, full or other\n"
	  "  -m, --note TEXT        what is wrong (about the listing, never a person;\n"
	  "                         required for other)\n" },
	{ "import", cmd_import, "FILE... [OPTIONS]",
	  "Load a taxonomy and assets from YAML files (see signpost(5)).",
	  "Each file is one transaction: all of it is loaded, or none of it.  An\n"
	  "asset whose id is already there is updated, and its earlier version kept\n"
	  "in its history.  FILE may be - for standard input.\n"
	  "\n"
	  "  -n, --dry-run          check the file and say what would be added,\n"
	  "                         changed or unchanged; change nothing\n"
	  "  -q, --quiet            print nothing when all is well\n" },
	{ "export", cmd_export, "[OPTIONS]",
	  "Write the directory as YAML, CSV or JSON.",
	  "  -f, --format FORMAT    yaml (default; imports back to the same data),\n"
	  "                         csv (RFC 4180, one row an asset) or json\n"
	  "  -o, --output FILE      write to FILE (replaced whole, only once complete)\n"
	  "                         instead of standard output\n"
	  "      --archived         include archived assets\n"
	  "      --taxonomy-only    only the needs, sectors and localities\n"
	  "      --assets-only      only the assets\n" },
	{ "doctor", cmd_doctor, "",
	  "Check the database files: integrity, schema, search index, permissions.",
	  "One line a check: ok, warn or FAIL.  Exits 1 when any check fails.\n" },
	{ "backup", cmd_backup, "FOLDER",
	  "Copy the directory and personal-data files into FOLDER, and check them.",
	  "The copies are consistent even while others are using signpost (SQLite's\n"
	  "online backup), keep the files' permissions, and are checked with SQLite's\n"
	  "integrity check.  FOLDER is made if need be; it must not hold a backup.\n" },
	{ "restore", cmd_restore, "FOLDER [--force]",
	  "Put back the files from a backup made by 'signpost backup FOLDER'.",
	  "The copies are checked first.  Files that are there already are replaced\n"
	  "only with --force.  Run 'signpost doctor' afterwards.\n"
	  "\n"
	  "      --force            replace the files that are there\n" },
	{ "init", cmd_init, "[OPTIONS]",
	  "Make a new, empty directory holding the bundled taxonomy.",
	  "The file is made at --db, SIGNPOST_DB or the default place, and must not\n"
	  "exist yet.\n"
	  "\n"
	  "  -t, --taxonomy FILE    load this taxonomy instead of the bundled one\n"
	  "      --sample           load the bundled sample assets too\n"
	  "      --shared           for a team on one server: with --group G, the\n"
	  "                         directory file is read and written by group G;\n"
	  "                         with --referrals-group R, the personal-data file\n"
	  "                         by group R alone (see signpost(5), Deployment)\n"
	  "      --group G          the group of everyone who uses the directory\n"
	  "      --referrals-group R  the group that may read and write referrals\n" },
	{ NULL, NULL, NULL, NULL, NULL },
};

static void print_help(const char *program)
{
	printf("Usage: %s [--db FILE] [--demo] [--print-slip]\n"
	       "  or:  %s [--db FILE] [--demo] COMMAND [ARGS]\n"
	       "A terminal directory of local community assets for social prescribing.\n"
	       "\n"
	       "With no command, on a terminal, signpost opens the browser: search as\n"
	       "you type, filter by need, locality, sector and day, read an asset in\n"
	       "full; ? there shows every key.\n"
	       "\n"
	       "Commands:\n", program, program);
	for (const struct command *c = cli_commands; c->name; c++)
		printf("  %-11s %s\n", c->name, c->summary);
	printf("\n"
	       "Options:\n"
	       "      --db FILE   the directory file (default: SIGNPOST_DB, or\n"
	       "                  $XDG_DATA_HOME/signpost/directory.db)\n"
	       "      --demo      use a throwaway copy of the bundled sample directory,\n"
	       "                  removed on exit\n"
	       "      --print-slip  in the browser, p prints the asset's next-steps slip\n"
	       "                  to standard output and quits\n"
	       "      --help      show this help and exit\n"
	       "      --version   show the version and exit\n"
	       "\n"
	       "'%s COMMAND --help' tells more about each command; signpost(1) and\n"
	       "signpost(5) are the manual.\n"
	       "\n"
	       "Report bugs to: %s\n", program, PACKAGE_BUGREPORT);
}

static void print_version(void)
{
	printf("signpost %s\n"
	       "Copyright (C) 2026 the signpost developers.\n"
	       "License GPLv3+: GNU GPL version 3 or later <https://gnu.org/licenses/gpl.html>.\n"
	       "This is free software: you are free to change and redistribute it.\n"
	       "There is NO WARRANTY, to the extent permitted by law.\n", PACKAGE_VERSION);
}

/* The demo's files go when signpost ends, by any ordinary route. */
static struct cli *active;

static void remove_demo(void)
{
	if (active && active->demo_ready)
		demo_remove(&active->demo_state);
}

static void on_signal(int sig)
{
	remove_demo();
	signal(sig, SIG_DFL);
	raise(sig);
}

int main(int argc, char **argv)
{
	setlocale(LC_ALL, "");
	static struct cli cli;
	const char *slash = strrchr(argv[0], '/');
	cli.program = slash ? slash + 1 : argv[0];
	if (!(cli.login = identity_login())) {
		fprintf(stderr, "%s: out of memory\n", cli.program);
		return EXIT_FAILURE_USER;
	}
	active = &cli;
	atexit(remove_demo);
	static const int signals[] = { SIGINT, SIGTERM, SIGHUP, SIGQUIT };
	for (size_t i = 0; i < sizeof signals / sizeof signals[0]; i++)
		signal(signals[i], on_signal);

	/* A bad SIGNPOST_TODAY would make every date wrong: refuse it once,
	 * here, whatever the command. */
	const char *today = getenv("SIGNPOST_TODAY");
	if (today && *today && !date_valid(today)) {
		fprintf(stderr, "%s: SIGNPOST_TODAY is '%s', which is not a date "
			"(YYYY-MM-DD)\n", cli.program, today);
		return EXIT_FAILURE_USER;
	}

	/* Global options stand before the command. */
	int i = 1, print_slip = 0;
	for (; i < argc && argv[i][0] == '-'; i++) {
		const char *a = argv[i];
		if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
			print_help(cli.program);
			return EXIT_OK;
		} else if (!strcmp(a, "--version") || !strcmp(a, "-V")) {
			print_version();
			return EXIT_OK;
		} else if (!strcmp(a, "--demo")) {
			cli.demo = 1;
		} else if (!strcmp(a, "--print-slip")) {
			print_slip = 1;
		} else if (!strcmp(a, "--db")) {
			if (i + 1 >= argc)
				return cli_usage_error(&cli, NULL, "--db needs a file name");
			cli.db_option = argv[++i];
		} else if (!strncmp(a, "--db=", 5)) {
			cli.db_option = a + 5;
		} else if (!strcmp(a, "--")) {
			i++;
			break;
		} else {
			return cli_usage_error(&cli, NULL, "unknown option '%s'", a);
		}
	}
	if (i >= argc)
		return cmd_browse(&cli, print_slip);
	if (print_slip)
		return cli_usage_error(&cli, NULL, "--print-slip is for the browser; "
				       "for a command, use 'signpost slip ID'");
	const struct command *cmd = cli_find(argv[i]);
	if (!cmd)
		return cli_usage_error(&cli, NULL, "unknown command '%s'", argv[i]);
	/* getopt names the program in its messages: "signpost search". */
	char *name = NULL;
	if (asprintf(&name, "%s %s", cli.program, cmd->name) < 0) {
		fprintf(stderr, "%s: out of memory\n", cli.program);
		return EXIT_FAILURE_USER;
	}
	argv[i] = name;
	cli.command = cmd;
	int status = cmd->run(&cli, argc - i, argv + i);
	free(name);
	if (fflush(stdout) != 0 || ferror(stdout)) {
		fprintf(stderr, "%s: cannot write the output\n", cli.program);
		status = EXIT_FAILURE_USER;
	}
	free(cli.directory_file);
	free(cli.login);
	settings_free(&cli.settings);
	return status;
}
