#include "config.h"

#include "cli/commands.h"
#include "core/bundled.h"
#include "core/directory.h"
#include "core/paths.h"
#include "core/personal.h"
#include "core/yaml_import.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <grp.h>
#include <unistd.h>

enum { OPT_SAMPLE = OPT_COMMON_END, OPT_SHARED, OPT_GROUP, OPT_REFERRALS_GROUP };

static int group_id(const char *name, gid_t *out, struct error *err)
{
	struct group *g = getgrnam(name);
	if (!g)
		return error_set(err, ERROR_INPUT, "there is no group '%s' on this machine "
				 "(make it with groupadd, and add the team to it)", name);
	*out = g->gr_gid;
	return 0;
}

/* Shared: the directory file read and written by group, the referral
 * file by the referrals group alone; each with its -wal and -shm, made
 * now and kept, so they never change hands. */
static int share(struct cli *cli, const char *path, const char *group,
		 const char *referrals_group, struct error *err)
{
	gid_t g = 0, r = 0;
	struct store *personal = NULL;
	char *personal_path = paths_personal_file(path);
	if (!personal_path)
		return error_nomem(err);
	int rc = group_id(group, &g, err);
	if (rc == 0)
		rc = group_id(referrals_group, &r, err);
	/* The files get their groups first, so that the stores opened next
	 * keep their -wal and -shm files; then those get the groups too. */
	if (rc == 0)
		rc = personal_open(path, STORE_CREATE, &personal, err);
	store_close(personal);
	personal = NULL;
	if (rc == 0)
		rc = store_share_files(path, 0660, g, err);
	if (rc == 0)
		rc = store_share_files(personal_path, 0660, r, err);
	struct store *dir = NULL;
	if (rc == 0)
		rc = directory_open(path, 0, &dir, err);
	if (rc == 0)
		rc = personal_open(path, 0, &personal, err);
	if (rc == 0)
		rc = store_exec(dir, "BEGIN IMMEDIATE; COMMIT;", err);
	if (rc == 0)
		rc = store_exec(personal, "BEGIN IMMEDIATE; COMMIT;", err);
	store_close(personal);
	store_close(dir);
	if (rc == 0)
		rc = store_share_files(path, 0660, g, err);
	if (rc == 0)
		rc = store_share_files(personal_path, 0660, r, err);
	if (rc == 0) {
		printf("Shared: %s is for group %s (0660); %s is for group %s only (0660).\n",
		       path, group, personal_path, referrals_group);
		printf("Give the folder to group %s without write access for it, so that "
		       "no one can\nreplace the files: chgrp %s FOLDER && chmod 2750 FOLDER\n",
		       group, group);
	}
	(void)cli;
	free(personal_path);
	return rc;
}

int cmd_init(struct cli *cli, int argc, char **argv)
{
	const struct command *cmd = cli->command;
	static const struct option options[] = {
		{ "taxonomy", required_argument, NULL, 't' },
		{ "sample", no_argument, NULL, OPT_SAMPLE },
		{ "shared", no_argument, NULL, OPT_SHARED },
		{ "group", required_argument, NULL, OPT_GROUP },
		{ "referrals-group", required_argument, NULL, OPT_REFERRALS_GROUP },
		CLI_COMMON_LONG_OPTIONS,
		{ NULL, 0, NULL, 0 },
	};
	const char *taxonomy = NULL, *group = NULL, *referrals_group = NULL;
	int sample = 0, shared = 0, o;
	while ((o = getopt_long(argc, argv, "t:", options, NULL)) != -1) {
		if (o == 't') {
			taxonomy = optarg;
		} else if (o == OPT_SAMPLE) {
			sample = 1;
		} else if (o == OPT_SHARED) {
			shared = 1;
		} else if (o == OPT_GROUP) {
			group = optarg;
		} else if (o == OPT_REFERRALS_GROUP) {
			referrals_group = optarg;
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
	if (shared && (!group || !referrals_group))
		return cli_usage_error(cli, cmd, "--shared needs --group G (everyone who uses "
				       "it) and --referrals-group R (who may read referrals)");
	if (!shared && (group || referrals_group))
		return cli_usage_error(cli, cmd, "--group and --referrals-group go with --shared");
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
	/* Whoever makes the directory is its first admin. */
	if (rc == 0 && (rc = access_identify(dir, cli->login, &cli->actor, &err)) == 0) {
		cli->identified = 1;
		store_set_actor(dir, &cli->actor);
		rc = user_add(dir, cli->login, ROLE_ADMIN, NULL, &err);
	}
	store_close(dir);
	if (rc == 0 && shared)
		rc = share(cli, path, group, referrals_group, &err);
	int status = EXIT_OK;
	if (rc < 0) {
		status = cli_fail(cli, &err);
		/* A half-made directory is no use: remove what this run made. */
		if (path && dir) {
			char *personal = paths_personal_file(path);
			const char *files[] = { path, personal };
			const char *extra[] = { "", "-wal", "-shm" };
			for (int f = 0; f < 2; f++)
				for (int i = 0; files[f] && i < 3; i++) {
					char *p = NULL;
					if (asprintf(&p, "%s%s", files[f], extra[i]) >= 0) {
						unlink(p);
						free(p);
					}
				}
			free(personal);
		}
	} else {
		printf("Made a new directory at %s, with you (%s) as its admin.\n", path,
		       cli->login);
		printf("Next: add assets with '%s --db %s import FILE.yaml' (see signpost(5)),\n"
		       "and the people who will use it with '%s --db %s user add LOGIN ROLE'.\n",
		       cli->program, path, cli->program, path);
	}
	free(path);
	error_clear(&err);
	return status;
}
