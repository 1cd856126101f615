/* commands: the subcommands, one group a file. */
#ifndef SIGNPOST_COMMANDS_H
#define SIGNPOST_COMMANDS_H

#include "cli/cli.h"

/* The browser, when signpost is run with no command. */
int cmd_browse(struct cli *cli, int print_slip);
int cmd_init(struct cli *cli, int argc, char **argv);
int cmd_import(struct cli *cli, int argc, char **argv);
int cmd_export(struct cli *cli, int argc, char **argv);
int cmd_search(struct cli *cli, int argc, char **argv);
int cmd_show(struct cli *cli, int argc, char **argv);
int cmd_slip(struct cli *cli, int argc, char **argv);
int cmd_taxonomy(struct cli *cli, int argc, char **argv);
int cmd_refer(struct cli *cli, int argc, char **argv);
int cmd_referral(struct cli *cli, int argc, char **argv);
int cmd_update(struct cli *cli, int argc, char **argv);
int cmd_close(struct cli *cli, int argc, char **argv);
int cmd_reopen(struct cli *cli, int argc, char **argv);
int cmd_followups(struct cli *cli, int argc, char **argv);
int cmd_client(struct cli *cli, int argc, char **argv);
/* client REF --export FILE or --erase: the data protection side. */
int cmd_client_privacy(struct cli *cli, const char *client, const char *export_path,
		       int erase, int yes, int force);
int cmd_purge(struct cli *cli, int argc, char **argv);
int cmd_user(struct cli *cli, int argc, char **argv);
int cmd_policy(struct cli *cli, int argc, char **argv);
int cmd_audit(struct cli *cli, int argc, char **argv);
int cmd_log(struct cli *cli, int argc, char **argv);
int cmd_report(struct cli *cli, int argc, char **argv);
int cmd_unmet(struct cli *cli, int argc, char **argv);
int cmd_wellbeing(struct cli *cli, int argc, char **argv);
int cmd_flag(struct cli *cli, int argc, char **argv);
int cmd_asset(struct cli *cli, int argc, char **argv);
int cmd_stale(struct cli *cli, int argc, char **argv);
int cmd_flags(struct cli *cli, int argc, char **argv);
int cmd_flag_resolve(struct cli *cli, int argc, char **argv);
int cmd_queue(struct cli *cli, int argc, char **argv);
int cmd_doctor(struct cli *cli, int argc, char **argv);
int cmd_backup(struct cli *cli, int argc, char **argv);
int cmd_restore(struct cli *cli, int argc, char **argv);

#endif
