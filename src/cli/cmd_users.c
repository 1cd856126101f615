/* user, policy, audit: who may use the directory, and what was done. */
#include "config.h"

#include "cli/commands.h"
#include "cli/output.h"
#include "core/access.h"
#include "core/audit.h"
#include "core/json.h"
#include "core/personal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { OPT_TEAM = OPT_COMMON_END, OPT_NO_TEAM, OPT_SINCE };

static int print_users(struct cli *cli, struct store *dir, enum cli_format format,
		       struct error *err)
{
	struct user_rows users;
	if (user_list(dir, &users, err) < 0)
		return -1;
	struct policy policy;
	int rc = policy_load(dir, &policy, err);
	if (rc == 0 && format == FORMAT_JSON) {
		struct json j;
		json_init(&j, stdout, 1);
		json_array_begin(&j);
		for (size_t i = 0; i < users.count; i++) {
			const struct user_row *u = &users.row[i];
			json_object_begin(&j);
			json_member_string(&j, "login", u->login);
			json_member_string(&j, "role", role_name(u->role));
			json_member_string(&j, "team", u->team);
			json_member_string(&j, "added_by", u->added_by);
			json_member_string(&j, "added_at", u->added_at);
			json_object_end(&j);
		}
		json_array_end(&j);
		rc = json_finish(&j);
		json_free(&j);
		fputc('\n', stdout);
	} else if (rc == 0) {
		static const char *const headers[] = { "LOGIN", "ROLE", "TEAM", "ADDED BY",
						       "ADDED AT" };
		struct out_table t;
		out_table_init(&t, headers, 5);
		for (size_t i = 0; i < users.count; i++) {
			const struct user_row *u = &users.row[i];
			const char *cells[] = { u->login, role_name(u->role), u->team, u->added_by,
						u->added_at };
			if (format == FORMAT_TSV)
				out_tsv_row(stdout, cells, 5);
			else
				rc |= out_table_add(&t, cells);
		}
		if (format == FORMAT_TABLE) {
			rc |= out_table_print(&t, stdout, out_terminal_width());
			printf("\n%zu user%s.  Strangers are %s.\n", users.count,
			       users.count == 1 ? "" : "s", policy.unknown_may_search
			       ? "let in to search (policy unknown-users: search)"
			       : "refused (policy unknown-users: refuse)");
			if (users.count == 0)
				printf("With no users, whoever can open the file may do everything: "
				       "add yourself first\n(%s user add %s admin).\n",
				       cli->program, cli->login);
		}
		out_table_free(&t);
		if (rc < 0)
			error_nomem(err);
	}
	user_rows_free(&users);
	return rc < 0 ? -1 : 0;
}

int cmd_user(struct cli *cli, int argc, char **argv)
{
	static const struct option options[] = {
		{ "team", required_argument, NULL, OPT_TEAM },
		{ "no-team", no_argument, NULL, OPT_NO_TEAM },
		{ "format", required_argument, NULL, 'f' },
		CLI_COMMON_LONG_OPTIONS,
		{ NULL, 0, NULL, 0 },
	};
	const char *team = NULL;
	int no_team = 0, o;
	enum cli_format format = FORMAT_TABLE;
	while ((o = getopt_long(argc, argv, "f:", options, NULL)) != -1) {
		if (o == OPT_TEAM) {
			team = optarg;
		} else if (o == OPT_NO_TEAM) {
			no_team = 1;
		} else if (o == 'f') {
			if (cli_parse_format(cli, cli->command, optarg, &format) < 0)
				return EXIT_USAGE;
		} else {
			int status = cli_common_option(cli, cli->command, o);
			if (status)
				return status == 1 ? EXIT_OK : status;
		}
	}
	const char *action = optind < argc ? argv[optind] : "list";
	int args = argc - optind - (optind < argc);
	char **arg = argv + optind + 1;
	static const struct { const char *name; int args; const char *usage; } actions[] = {
		{ "list", 0, "list takes no arguments" },
		{ "add", 2, "add LOGIN ROLE" },
		{ "set-role", 2, "set-role LOGIN ROLE" },
		{ "remove", 1, "remove LOGIN" },
	};
	int which = -1;
	for (int i = 0; i < 4; i++)
		if (strcmp(action, actions[i].name) == 0)
			which = i;
	if (which < 0)
		return cli_usage_error(cli, cli->command, "unknown action '%s' (list, add, "
				       "set-role or remove)", action);
	if (args != actions[which].args)
		return cli_usage_error(cli, cli->command, "usage: user %s", actions[which].usage);
	if (team && no_team)
		return cli_usage_error(cli, cli->command, "--team or --no-team, not both");
	if ((team && which != 1 && which != 2) || (no_team && which != 2))
		return cli_usage_error(cli, cli->command, "--team is for add and set-role, "
				       "--no-team for set-role");
	enum role role = ROLE_READER;
	if ((which == 1 || which == 2) && role_parse(arg[1], &role) < 0)
		return cli_usage_error(cli, cli->command, "unknown role '%s' (volunteer, "
				       "link-worker, coordinator or admin)", arg[1]);

	struct error err = ERROR_INIT;
	struct store *dir = NULL;
	int rc = cli_open_directory(cli, which != 0, &dir, &err);
	if (rc == 0) {
		switch (which) {
		case 0:
			rc = print_users(cli, dir, format, &err);
			break;
		case 1:
			if ((rc = user_add(dir, arg[0], role, team, &err)) == 0)
				printf("Added %s as %s%s%s.\n", arg[0], role_name(role),
				       team ? " in team " : "", team ? team : "");
			break;
		case 2:
			if ((rc = user_set_role(dir, arg[0], role, team, !team && !no_team,
						&err)) == 0)
				printf("%s is now %s.\n", arg[0], role_name(role));
			break;
		default:
			if ((rc = user_remove(dir, arg[0], &err)) == 0)
				printf("Removed %s; their referrals stay, as theirs.\n", arg[0]);
			break;
		}
	}
	int status = rc < 0 ? cli_fail(cli, &err) : EXIT_OK;
	store_close(dir);
	error_clear(&err);
	return status;
}

int cmd_policy(struct cli *cli, int argc, char **argv)
{
	static const struct option options[] = { CLI_COMMON_LONG_OPTIONS, { NULL, 0, NULL, 0 } };
	int o;
	while ((o = getopt_long(argc, argv, "", options, NULL)) != -1) {
		int status = cli_common_option(cli, cli->command, o);
		if (status)
			return status == 1 ? EXIT_OK : status;
	}
	int args = argc - optind;
	if (args != 0 && args != 2)
		return cli_usage_error(cli, cli->command, "give no arguments to see the "
				       "policies, or NAME VALUE to set one");
	struct error err = ERROR_INIT;
	struct store *dir = NULL;
	int rc = cli_open_directory(cli, args == 2, &dir, &err);
	if (rc == 0 && args == 2) {
		if ((rc = policy_set(dir, argv[optind], argv[optind + 1], &err)) == 0)
			printf("%s is now %s.\n", argv[optind], argv[optind + 1]);
	} else if (rc == 0) {
		struct policy p;
		if ((rc = policy_load(dir, &p, &err)) == 0) {
			printf("team-referrals    %-8s link workers see %s referrals\n",
			       p.team_referrals ? "yes" : "no",
			       p.team_referrals ? "their team's" : "only their own");
			printf("unknown-users     %-8s a login that is not a user %s\n",
			       p.unknown_may_search ? "search" : "refuse",
			       p.unknown_may_search ? "may search the directory" : "is refused");
			printf("retention-months  %-8d purge takes the personal data of "
			       "referrals closed longer ago\n", p.retention_months);
		}
	}
	int status = rc < 0 ? cli_fail(cli, &err) : EXIT_OK;
	store_close(dir);
	error_clear(&err);
	return status;
}

int cmd_audit(struct cli *cli, int argc, char **argv)
{
	static const struct option options[] = {
		{ "since", required_argument, NULL, OPT_SINCE },
		{ "format", required_argument, NULL, 'f' },
		CLI_COMMON_LONG_OPTIONS,
		{ NULL, 0, NULL, 0 },
	};
	const char *since = NULL;
	enum cli_format format = FORMAT_TABLE;
	int o;
	while ((o = getopt_long(argc, argv, "f:", options, NULL)) != -1) {
		if (o == OPT_SINCE) {
			since = optarg;
		} else if (o == 'f') {
			if (cli_parse_format(cli, cli->command, optarg, &format) < 0)
				return EXIT_USAGE;
		} else {
			int status = cli_common_option(cli, cli->command, o);
			if (status)
				return status == 1 ? EXIT_OK : status;
		}
	}
	if (optind != argc)
		return cli_usage_error(cli, cli->command, "unexpected argument '%s'", argv[optind]);
	struct error err = ERROR_INIT;
	struct store *dir = NULL, *personal = NULL;
	struct audit_rows rows = { 0 };
	int rc = cli_open_directory(cli, 0, &dir, &err);
	if (rc == 0)
		rc = access_check(dir, PERM_ADMIN, &err);
	/* The personal file's audit, when this account may open it; without
	 * it, the directory's alone, and a word to say so. */
	struct error why = ERROR_INIT;
	if (rc == 0 && cli_open_personal(cli, dir, 1, &personal, &why) < 0)
		fprintf(stderr, "%s: the personal-data file's audit is left out: %s\n",
			cli->program, error_message(&why));
	error_clear(&why);
	if (rc == 0)
		rc = audit_read(dir, personal, since, &rows, &err);
	if (rc == 0 && format == FORMAT_JSON) {
		struct json j;
		json_init(&j, stdout, 1);
		json_array_begin(&j);
		for (size_t i = 0; i < rows.count; i++) {
			const struct audit_row *a = &rows.row[i];
			json_object_begin(&j);
			json_member_string(&j, "at", a->at);
			json_member_string(&j, "who", a->who);
			json_member_string(&j, "action", a->action);
			json_member_string(&j, "detail", a->detail);
			json_member_string(&j, "file", a->file);
			json_object_end(&j);
		}
		json_array_end(&j);
		if (json_finish(&j) < 0)
			rc = error_nomem(&err);
		json_free(&j);
		fputc('\n', stdout);
	} else if (rc == 0) {
		static const char *const headers[] = { "AT", "WHO", "ACTION", "FILE", "DETAIL" };
		struct out_table t;
		out_table_init(&t, headers, 5);
		for (size_t i = 0; i < rows.count; i++) {
			const struct audit_row *a = &rows.row[i];
			const char *cells[] = { a->at, a->who, a->action, a->file, a->detail };
			if (format == FORMAT_TSV)
				out_tsv_row(stdout, cells, 5);
			else if (out_table_add(&t, cells) < 0)
				rc = error_nomem(&err);
		}
		if (rc == 0 && format == FORMAT_TABLE) {
			if (rows.count)
				out_table_print(&t, stdout, out_terminal_width());
			printf("%s%zu line%s in the audit%s%s.\n", rows.count ? "\n" : "",
			       rows.count, rows.count == 1 ? "" : "s", since ? " since " : "",
			       since ? since : "");
		}
		out_table_free(&t);
	}
	audit_rows_free(&rows);
	int status = rc < 0 ? cli_fail(cli, &err) : EXIT_OK;
	store_close(personal);
	store_close(dir);
	error_clear(&err);
	return status;
}
