/* doctor, backup, restore: keeping the data safe. */
#include "config.h"

#include "cli/commands.h"
#include "core/access.h"
#include "core/backup.h"
#include "core/doctor.h"
#include "core/paths.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Only the common options, and exactly `want` arguments. */
static int simple_options(struct cli *cli, int argc, char **argv,
			  const struct option *extra, int *flag, int want, const char *what)
{
	struct option options[8];
	size_t n = 0;
	for (const struct option *o = extra; o && o->name; o++)
		options[n++] = *o;
	const struct option common[] = { CLI_COMMON_LONG_OPTIONS, { NULL, 0, NULL, 0 } };
	for (size_t i = 0; i < sizeof common / sizeof common[0]; i++)
		options[n++] = common[i];
	int o;
	while ((o = getopt_long(argc, argv, "", options, NULL)) != -1) {
		if (extra && o == extra[0].val) {
			*flag = 1;
			continue;
		}
		int status = cli_common_option(cli, cli->command, o);
		if (status)
			return status == 1 ? EXIT_OK : status;
	}
	if (argc - optind != want)
		return cli_usage_error(cli, cli->command, "%s", what);
	return -1;
}

static int resolve_directory(struct cli *cli, struct error *err)
{
	if (cli->demo)
		return error_set(err, ERROR_INPUT, "--demo is a throwaway directory: there is "
				 "nothing to keep safe");
	if (!cli->directory_file && !(cli->directory_file =
				      paths_directory_file(cli->db_option, err)))
		return -1;
	return 0;
}

/* Backups hold everyone's referrals: an admin's to take and restore.
 * A directory not there yet (restoring onto nothing) has no one to ask. */
static int require_admin(struct cli *cli, struct error *err)
{
	if (access(cli->directory_file, F_OK) != 0)
		return 0;
	struct store *dir = NULL;
	int rc = cli_open_directory(cli, 0, &dir, err);
	if (rc == 0)
		rc = access_check(dir, PERM_ADMIN, err);
	store_close(dir);
	return rc;
}

int cmd_doctor(struct cli *cli, int argc, char **argv)
{
	int status = simple_options(cli, argc, argv, NULL, NULL, 0, "doctor takes no arguments");
	if (status >= 0)
		return status;
	struct error err = ERROR_INIT;
	struct doctor_report r;
	if (resolve_directory(cli, &err) < 0 ||
	    doctor_run(cli->directory_file, &r, &err) < 0) {
		status = cli_fail(cli, &err);
		error_clear(&err);
		return status;
	}
	for (size_t i = 0; i < r.count; i++) {
		const struct doctor_line *l = &r.line[i];
		printf("%-4s  %s%s%s\n", doctor_result_name(l->result), l->check,
		       l->detail ? ": " : "", l->detail ? l->detail : "");
	}
	status = r.failed ? EXIT_FAILURE_USER : EXIT_OK;
	if (r.failed)
		fprintf(stderr, "%s: doctor found problems (the FAIL lines above)\n", cli->program);
	doctor_report_free(&r);
	return status;
}

int cmd_backup(struct cli *cli, int argc, char **argv)
{
	int status = simple_options(cli, argc, argv, NULL, NULL, 1,
				    "give the folder to put the backup in");
	if (status >= 0)
		return status;
	struct error err = ERROR_INIT;
	struct strlist written = STRLIST_INIT;
	if (resolve_directory(cli, &err) < 0 || require_admin(cli, &err) < 0 ||
	    backup_take(cli->directory_file, argv[optind], &written, &err) < 0) {
		status = cli_fail(cli, &err);
	} else {
		for (size_t i = 0; i < written.count; i++)
			printf("Copied and checked %s\n", written.item[i]);
		status = EXIT_OK;
	}
	strlist_clear(&written);
	error_clear(&err);
	return status;
}

int cmd_restore(struct cli *cli, int argc, char **argv)
{
	static const struct option extra[] = {
		{ "force", no_argument, NULL, OPT_COMMON_END }, { NULL, 0, NULL, 0 },
	};
	int force = 0;
	int status = simple_options(cli, argc, argv, extra, &force, 1,
				    "give the folder that holds the backup");
	if (status >= 0)
		return status;
	struct error err = ERROR_INIT;
	struct strlist written = STRLIST_INIT;
	if (resolve_directory(cli, &err) < 0 || require_admin(cli, &err) < 0 ||
	    backup_restore(argv[optind], cli->directory_file, force, &written, &err) < 0) {
		status = cli_fail(cli, &err);
	} else {
		for (size_t i = 0; i < written.count; i++)
			printf("Restored %s\n", written.item[i]);
		printf("Run '%s doctor' to check the result.\n", cli->program);
		status = EXIT_OK;
	}
	strlist_clear(&written);
	error_clear(&err);
	return status;
}
