/* unmet, wellbeing, flag: the smaller things a link worker logs. */
#include "config.h"

#include "cli/commands.h"
#include "core/personal.h"
#include "core/records.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int cmd_unmet(struct cli *cli, int argc, char **argv)
{
	static const struct option options[] = {
		{ "need", required_argument, NULL, 'n' },
		{ "locality", required_argument, NULL, 'l' },
		{ "note", required_argument, NULL, 'm' },
		CLI_COMMON_LONG_OPTIONS,
		{ NULL, 0, NULL, 0 },
	};
	struct strlist needs = STRLIST_INIT;
	const char *locality = NULL, *note = NULL;
	int o;
	while ((o = getopt_long(argc, argv, "n:l:m:", options, NULL)) != -1) {
		if (o == 'n') {
			strlist_add(&needs, optarg);
		} else if (o == 'l') {
			locality = optarg;
		} else if (o == 'm') {
			note = optarg;
		} else {
			int status = cli_common_option(cli, cli->command, o);
			strlist_clear(&needs);
			return status == 1 ? EXIT_OK : status;
		}
	}
	if (optind != argc || needs.count == 0) {
		strlist_clear(&needs);
		return cli_usage_error(cli, cli->command, optind != argc ? "unexpected argument"
				       : "which need went unmet? give --need N");
	}
	struct error err = ERROR_INIT;
	struct store *dir = NULL, *personal = NULL;
	long id = 0;
	int rc = cli_load_settings(cli, &err);
	if (rc == 0)
		rc = cli_open_directory(cli, 0, &dir, &err);
	if (rc == 0)
		rc = cli_open_personal(cli, dir, 0, &personal, &err);
	if (rc == 0)
		rc = unmet_need_log(personal, dir, &needs, locality, note, cli->login,
				    cli->today, &id, &err);
	if (rc == 0)
		printf("Logged unmet need %ld.\n", id);
	int status = rc < 0 ? cli_fail(cli, &err) : EXIT_OK;
	strlist_clear(&needs);
	store_close(personal);
	store_close(dir);
	error_clear(&err);
	return status;
}

int cmd_wellbeing(struct cli *cli, int argc, char **argv)
{
	static const struct option options[] = {
		{ "ons4", required_argument, NULL, 's' },
		{ "date", required_argument, NULL, 'd' },
		CLI_COMMON_LONG_OPTIONS,
		{ NULL, 0, NULL, 0 },
	};
	const char *scores = NULL, *date = NULL;
	int o;
	while ((o = getopt_long(argc, argv, "s:d:", options, NULL)) != -1) {
		if (o == 's') {
			scores = optarg;
		} else if (o == 'd') {
			date = optarg;
		} else {
			int status = cli_common_option(cli, cli->command, o);
			return status == 1 ? EXIT_OK : status;
		}
	}
	if (optind + 1 != argc || !scores)
		return cli_usage_error(cli, cli->command, optind + 1 != argc ? "give one client "
				       "reference" : "give the scores: --ons4 A,B,C,D");
	struct error err = ERROR_INIT;
	struct store *dir = NULL, *personal = NULL;
	struct ons4 s;
	char on[DATE_LEN];
	long id = 0;
	int rc = ons4_parse(scores, &s, &err);
	if (rc == 0)
		rc = cli_load_settings(cli, &err);
	if (rc == 0)
		rc = cli_open_directory(cli, 0, &dir, &err);
	if (rc == 0)
		rc = cli_open_personal(cli, dir, 0, &personal, &err);
	if (rc == 0)
		rc = date_expr_parse(personal, date ? date : "today", cli->today, on, &err);
	if (rc == 0)
		rc = wellbeing_record(personal, argv[optind], &s, on, cli->login, cli->today,
				      &id, &err);
	if (rc == 0)
		printf("Recorded ONS4 %d,%d,%d,%d for %s on %s.\n", s.life_satisfaction,
		       s.worthwhile, s.happiness, s.anxiety, argv[optind], on);
	int status = rc < 0 ? cli_fail(cli, &err) : EXIT_OK;
	store_close(personal);
	store_close(dir);
	error_clear(&err);
	return status;
}

int cmd_flag(struct cli *cli, int argc, char **argv)
{
	static const struct option options[] = {
		{ "reason", required_argument, NULL, 'r' },
		{ "note", required_argument, NULL, 'm' },
		CLI_COMMON_LONG_OPTIONS,
		{ NULL, 0, NULL, 0 },
	};
	const char *reason_text = NULL, *note = NULL;
	int o;
	while ((o = getopt_long(argc, argv, "r:m:", options, NULL)) != -1) {
		if (o == 'r') {
			reason_text = optarg;
		} else if (o == 'm') {
			note = optarg;
		} else {
			int status = cli_common_option(cli, cli->command, o);
			return status == 1 ? EXIT_OK : status;
		}
	}
	enum flag_reason reason;
	if (optind + 1 != argc || !reason_text)
		return cli_usage_error(cli, cli->command, optind + 1 != argc ? "flag which "
				       "asset? give its id" : "why? give --reason "
				       "closed|wrong-details|full|other");
	if (flag_reason_parse(reason_text, &reason) < 0)
		return cli_usage_error(cli, cli->command, "unknown reason '%s' (closed, "
				       "wrong-details, full, other)", reason_text);
	struct error err = ERROR_INIT;
	struct store *dir = NULL;
	long id = 0;
	int rc = cli_open_directory(cli, 1, &dir, &err);
	if (rc == 0)
		rc = flag_raise(dir, argv[optind], reason, note, cli->login, &id, &err);
	if (rc == 0)
		printf("Flagged %s (%s) for the volunteers: flag %ld.\n", argv[optind],
		       flag_reason_name(reason), id);
	int status = rc < 0 ? cli_fail(cli, &err) : EXIT_OK;
	store_close(dir);
	error_clear(&err);
	return status;
}
