/* purge, and a client's export and erasure: data protection duties. */
#include "config.h"

#include "cli/commands.h"
#include "core/access.h"
#include "core/privacy.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

enum { OPT_DRY_RUN = OPT_COMMON_END, OPT_MONTHS };

/* Both files, for a coordinator or an admin. */
static int open_both(struct cli *cli, struct store **dir, struct store **personal,
		     struct error *err)
{
	if (cli_open_both(cli, 1, dir, personal, err) < 0)
		return -1;
	return access_check(*dir, PERM_PRIVACY, err);
}

int cmd_purge(struct cli *cli, int argc, char **argv)
{
	static const struct option options[] = {
		{ "dry-run", no_argument, NULL, OPT_DRY_RUN },
		CLI_COMMON_LONG_OPTIONS,
		{ NULL, 0, NULL, 0 },
	};
	int dry_run = 0, o;
	while ((o = getopt_long(argc, argv, "n", options, NULL)) != -1) {
		if (o == OPT_DRY_RUN || o == 'n') {
			dry_run = 1;
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
	struct policy policy;
	struct purge_result r;
	int rc = open_both(cli, &dir, &personal, &err);
	if (rc == 0)
		rc = policy_load(dir, &policy, &err);
	if (rc == 0)
		rc = privacy_purge(personal, policy.retention_months, cli->today, dry_run, &r, &err);
	if (rc == 0) {
		printf("%s the personal data of referrals closed before %s (%d months "
		       "ago, the retention policy):\n", dry_run ? "Would purge" : "Purged",
		       r.cutoff, policy.retention_months);
		printf("  %ld referral%s of %ld client reference%s: references replaced by "
		       "anonymous tokens\n", r.referrals, r.referrals == 1 ? "" : "s",
		       r.clients, r.clients == 1 ? "" : "s");
		printf("  %ld note%s and history note%s cleared\n", r.notes,
		       r.notes == 1 ? "" : "s", r.notes == 1 ? "" : "s");
		printf("  %ld wellbeing score%s parted from their reference\n", r.wellbeing,
		       r.wellbeing == 1 ? "" : "s");
		printf("  %ld unmet-need note%s cleared\n", r.unmet_notes,
		       r.unmet_notes == 1 ? "" : "s");
		if (dry_run)
			printf("Nothing was changed (--dry-run).\n");
		else
			printf("Counts, and so past reports, are unchanged.  Written to the audit.\n");
		if (r.log_kept)
			fprintf(stderr, "%s: someone was reading the file, so its write-ahead "
				"log still holds the old pages until the next checkpoint; run "
				"purge again when it is quiet\n", cli->program);
	}
	return cli_finish(cli, dir, personal, &err, rc < 0);
}

/* Asks for the reference again before an erasure; only a terminal can. */
static int confirm_erase(struct cli *cli, const char *client, const struct client_held *h,
			 struct error *err)
{
	if (!isatty(STDIN_FILENO))
		return error_set(err, ERROR_INPUT, "an erasure cannot be undone: with no "
				 "terminal to confirm on, give --yes");
	fprintf(stderr, "This erases everything held about %s: %ld referral%s (kept only "
		"as anonymous counts)\nand %ld wellbeing score%s.  It cannot be undone.\n"
		"Type the reference again to confirm: ", client, h->referrals,
		h->referrals == 1 ? "" : "s", h->wellbeing, h->wellbeing == 1 ? "" : "s");
	fflush(stderr);
	char line[128];
	if (!fgets(line, sizeof line, stdin))
		line[0] = '\0';
	line[strcspn(line, "\r\n")] = '\0';
	if (strcmp(line, client) != 0)
		return error_set(err, ERROR_INPUT, "not confirmed: nothing was erased");
	(void)cli;
	return 0;
}

int cmd_client_privacy(struct cli *cli, const char *client, const char *export_path,
		       int erase, int yes, int force)
{
	struct error err = ERROR_INIT;
	struct store *dir = NULL, *personal = NULL;
	struct client_held held;
	int rc = open_both(cli, &dir, &personal, &err);
	if (rc == 0 && export_path) {
		rc = privacy_client_export(personal, client, export_path, force, &held, &err);
		if (rc == 0)
			printf("Wrote everything held about %s to %s: %ld referral%s, %ld "
			       "wellbeing score%s.\nThe file is readable by you alone; the export "
			       "is in the audit.\n", client, export_path, held.referrals,
			       held.referrals == 1 ? "" : "s", held.wellbeing,
			       held.wellbeing == 1 ? "" : "s");
	}
	if (rc == 0 && erase) {
		rc = privacy_client_held(personal, client, &held, &err);
		if (rc == 0 && held.referrals + held.wellbeing == 0)
			rc = error_set(&err, ERROR_NOT_FOUND, "nothing is held about the client "
				       "reference %s", client);
		if (rc == 0 && !yes)
			rc = confirm_erase(cli, client, &held, &err);
		if (rc == 0)
			rc = privacy_client_erase(personal, client, &held, &err);
		if (rc == 0)
			printf("Erased %s: %ld referral%s kept as anonymous counts, %ld wellbeing "
			       "score%s removed.\nThe audit records that an erasure happened, "
			       "not whose.\n", client, held.referrals,
			       held.referrals == 1 ? "" : "s", held.wellbeing,
			       held.wellbeing == 1 ? "" : "s");
		if (rc == 0 && held.log_kept)
			fprintf(stderr, "%s: someone was reading the file, so its write-ahead "
				"log still holds the old pages until the next checkpoint\n",
				cli->program);
	}
	return cli_finish(cli, dir, personal, &err, rc < 0);
}
