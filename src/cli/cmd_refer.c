/* refer, referral, update, close, reopen, followups, client: the
 * referral log and the follow-up tracker from the command line. */
#include "config.h"

#include "cli/commands.h"
#include "cli/output.h"
#include "core/client_ref.h"
#include "core/json.h"
#include "core/records.h"
#include "core/referral.h"
#include "core/strbuf.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { OPT_IF_VERSION = OPT_COMMON_END, OPT_OVERDUE, OPT_DUE, OPT_UPCOMING, OPT_ALL,
       OPT_EVERYONE };

static int parse_id(const char *s, long *id)
{
	char *end;
	if (s[0] == 'R' || s[0] == 'r')
		s++;
	long v = strtol(s, &end, 10);
	if (!*s || *end || v <= 0)
		return -1;
	*id = v;
	return 0;
}

/* ---- Showing --------------------------------------------------------- */

static void print_referral_json(const struct referral *r)
{
	struct json j;
	json_init(&j, stdout, 1);
	json_object_begin(&j);
	json_member_int(&j, "id", r->id);
	json_member_string(&j, "client", r->client);
	json_member_string(&j, "asset", r->asset_id);
	json_member_string(&j, "asset_name", r->asset_name);
	json_key(&j, "needs");
	json_array_begin(&j);
	for (size_t i = 0; i < r->needs.count; i++)
		json_string(&j, r->needs.item[i]);
	json_array_end(&j);
	json_member_string(&j, "worker", r->worker);
	json_member_string(&j, "status", referral_status_name(r->status));
	json_member_string(&j, "note", r->note);
	json_member_string(&j, "follow_up", r->follow_up);
	json_member_string(&j, "created_at", r->created_at);
	json_member_string(&j, "contacted_on", r->contacted_on);
	json_member_string(&j, "closed_on", r->closed_on);
	json_member_int(&j, "version", r->version);
	json_key(&j, "history");
	json_array_begin(&j);
	for (size_t i = 0; i < r->history_count; i++) {
		const struct referral_event *e = &r->history[i];
		json_object_begin(&j);
		json_member_string(&j, "at", e->at);
		json_member_string(&j, "who", e->who);
		json_member_string(&j, "from", e->from);
		json_member_string(&j, "to", e->to);
		json_member_string(&j, "follow_up", e->follow_up);
		json_member_string(&j, "note", e->note);
		json_object_end(&j);
	}
	json_array_end(&j);
	json_object_end(&j);
	strbuf_putc(&j.buf, '\n');
	json_finish(&j);
	json_free(&j);
}

static void print_referral_text(const struct referral *r)
{
	char *needs = strlist_join(&r->needs, ", ");
	const char *rows[][2] = {
		{ "Referral", NULL }, { "Client", r->client }, { "Asset", r->asset_name },
		{ "Asset id", r->asset_id }, { "Needs", needs }, { "Link worker", r->worker },
		{ "Status", referral_status_name(r->status) },
		{ "Follow up by", r->follow_up }, { "Made", r->created_at },
		{ "First contact", r->contacted_on }, { "Closed", r->closed_on },
		{ "Note", r->note },
	};
	printf("%-14s%ld (version %d)\n", "Referral", r->id, r->version);
	for (size_t i = 1; i < sizeof rows / sizeof rows[0]; i++) {
		if (!rows[i][1])
			continue;
		printf("%-14s", rows[i][0]);
		out_wrapped(stdout, rows[i][1], 14, 80);
	}
	free(needs);
	printf("\nHistory\n");
	for (size_t i = 0; i < r->history_count; i++) {
		const struct referral_event *e = &r->history[i];
		struct strbuf sb = STRBUF_INIT;
		if (e->from && strcmp(e->from, e->to) != 0)
			strbuf_printf(&sb, "%s -> %s", e->from, e->to);
		else if (e->from)
			strbuf_printf(&sb, "still %s", e->to);
		else
			strbuf_printf(&sb, "%s", e->to);
		if (e->follow_up)
			strbuf_printf(&sb, "; follow up by %s", e->follow_up);
		if (e->note)
			strbuf_printf(&sb, "; %s", e->note);
		printf("  %s  %-10s ", e->at, e->who);
		out_wrapped(stdout, strbuf_str(&sb), 35, 100);
		strbuf_free(&sb);
	}
}

static const char *when_word(const char *follow_up, const char *today)
{
	if (!follow_up)
		return "closed";
	int c = strcmp(follow_up, today);
	return c < 0 ? "overdue" : c == 0 ? "due" : "upcoming";
}

static void print_rows(const struct referral_rows *rows, const char *today,
		       enum cli_format format)
{
	if (format == FORMAT_JSON) {
		struct json j;
		json_init(&j, stdout, 1);
		json_array_begin(&j);
		for (size_t i = 0; i < rows->count; i++) {
			const struct referral_row *r = &rows->row[i];
			json_object_begin(&j);
			json_member_int(&j, "id", r->id);
			json_member_string(&j, "client", r->client);
			json_member_string(&j, "asset", r->asset_id);
			json_member_string(&j, "asset_name", r->asset_name);
			json_member_string(&j, "worker", r->worker);
			json_member_string(&j, "status", r->status);
			json_member_string(&j, "follow_up", r->follow_up);
			json_member_string(&j, "when", r->follow_up ? when_word(r->follow_up, today)
								     : NULL);
			json_member_string(&j, "created_on", r->created_on);
			json_member_string(&j, "needs", r->needs);
			json_object_end(&j);
		}
		json_array_end(&j);
		strbuf_putc(&j.buf, '\n');
		json_finish(&j);
		json_free(&j);
		return;
	}
	static const char *const headers[] = {
		"ID", "FOLLOW UP", "WHEN", "CLIENT", "ASSET", "STATUS", "WORKER", "MADE",
	};
	struct out_table t;
	out_table_init(&t, headers, 8);
	for (size_t i = 0; i < rows->count; i++) {
		const struct referral_row *r = &rows->row[i];
		char id[24];
		snprintf(id, sizeof id, "%ld", r->id);
		const char *cells[] = {
			id, r->follow_up ? r->follow_up : "", when_word(r->follow_up, today),
			r->client, format == FORMAT_TSV ? r->asset_id : r->asset_name, r->status,
			r->worker, r->created_on,
		};
		if (format == FORMAT_TSV)
			out_tsv_row(stdout, cells, 8);
		else
			out_table_add(&t, cells);
	}
	if (format == FORMAT_TABLE && rows->count)
		out_table_print(&t, stdout, out_terminal_width());
	out_table_free(&t);
}

/* ---- Commands ---------------------------------------------------------- */

/* Reads --format, the common options, and the command's own extra ones
 * (handled by extra_option, which returns 0 when it took the option);
 * returns -1 to go on, or the exit status to leave with. */
static int show_options(struct cli *cli, int argc, char **argv, enum cli_format *format,
			const struct option *extra,
			int (*extra_option)(int opt, void *ctx), void *ctx)
{
	struct option options[16];
	size_t n = 0;
	options[n++] = (struct option){ "format", required_argument, NULL, 'f' };
	for (const struct option *o = extra; o && o->name && n < 12; o++)
		options[n++] = *o;
	const struct option common[] = { CLI_COMMON_LONG_OPTIONS, { NULL, 0, NULL, 0 } };
	for (size_t i = 0; i < sizeof common / sizeof common[0]; i++)
		options[n++] = common[i];
	/* -w only where an extra option is --worker: elsewhere getopt says
	 * it is unknown. */
	const char *shorts = "f:";
	for (const struct option *o = extra; o && o->name; o++)
		if (o->val == 'w')
			shorts = "f:w:";
	int o;
	while ((o = getopt_long(argc, argv, shorts, options, NULL)) != -1) {
		if (o == 'f') {
			if (cli_parse_format(cli, cli->command, optarg, format) < 0)
				return EXIT_USAGE;
		} else if (!extra_option || extra_option(o, ctx) < 0) {
			int status = cli_common_option(cli, cli->command, o);
			if (status)
				return status == 1 ? EXIT_OK : status;
		}
	}
	return -1;
}

int cmd_refer(struct cli *cli, int argc, char **argv)
{
	static const struct option options[] = {
		{ "client", required_argument, NULL, 'c' },
		{ "need", required_argument, NULL, 'n' },
		{ "note", required_argument, NULL, 'm' },
		{ "follow-up", required_argument, NULL, 'u' },
		CLI_COMMON_LONG_OPTIONS,
		{ NULL, 0, NULL, 0 },
	};
	struct strlist needs = STRLIST_INIT;
	const char *client = NULL, *note = NULL, *follow_up = NULL;
	int o;
	while ((o = getopt_long(argc, argv, "c:n:m:u:", options, NULL)) != -1) {
		switch (o) {
		case 'c': client = optarg; break;
		case 'n': strlist_add(&needs, optarg); break;
		case 'm': note = optarg; break;
		case 'u': follow_up = optarg; break;
		default: {
			int status = cli_common_option(cli, cli->command, o);
			strlist_clear(&needs);
			return status == 1 ? EXIT_OK : status;
		}
		}
	}
	if (optind + 1 != argc || !client) {
		strlist_clear(&needs);
		return cli_usage_error(cli, cli->command, optind == argc ? "refer to which "
				       "asset? give its id" : !client ? "whom? give --client REF"
				       : "one asset at a time");
	}
	struct error err = ERROR_INIT;
	struct store *dir, *personal;
	long id = 0;
	int rc = cli_open_both(cli, 1, &dir, &personal, &err);
	if (rc == 0) {
		struct referral_new r = {
			.client = client, .asset_id = argv[optind], .needs = &needs,
			.note = note, .follow_up = follow_up, .worker = cli->login,
			.today = cli->today, .follow_up_days = cli->settings.follow_up_days,
		};
		rc = referral_create(personal, dir, &r, &id, &err);
	}
	if (rc == 0) {
		struct referral r;
		if (referral_load(personal, id, &r, &err) == 0) {
			printf("%ld\n", id);
			fprintf(stderr, "Referred %s to %s; follow up by %s (referral %ld).\n",
				r.client, r.asset_name, r.follow_up, id);
			referral_free(&r);
		}
	}
	strlist_clear(&needs);
	return cli_finish(cli, dir, personal, &err, rc < 0);
}

int cmd_referral(struct cli *cli, int argc, char **argv)
{
	enum cli_format format = FORMAT_TABLE;
	int status = show_options(cli, argc, argv, &format, NULL, NULL, NULL);
	if (status >= 0)
		return status;
	long id;
	if (optind + 1 != argc || parse_id(argv[optind], &id) < 0)
		return cli_usage_error(cli, cli->command, "give one referral id (a number)");
	struct error err = ERROR_INIT;
	struct store *dir, *personal;
	struct referral r = { 0 };
	int rc = cli_open_both(cli, 0, &dir, &personal, &err);
	if (rc == 0 && (rc = referral_load(personal, id, &r, &err)) == 0) {
		if (format == FORMAT_JSON) {
			print_referral_json(&r);
		} else if (format == FORMAT_TSV) {
			for (size_t i = 0; i < r.history_count; i++) {
				const struct referral_event *e = &r.history[i];
				const char *cells[] = { e->at, e->who, e->from ? e->from : "", e->to,
							e->follow_up ? e->follow_up : "",
							e->note ? e->note : "" };
				out_tsv_row(stdout, cells, 6);
			}
		} else {
			print_referral_text(&r);
		}
		referral_free(&r);
	}
	return cli_finish(cli, dir, personal, &err, rc < 0);
}

enum change_command { COMMAND_UPDATE, COMMAND_CLOSE, COMMAND_REOPEN };

static int change_command(struct cli *cli, int argc, char **argv, enum change_command which)
{
	static const struct option options[] = {
		{ "status", required_argument, NULL, 's' },
		{ "outcome", required_argument, NULL, 'o' },
		{ "note", required_argument, NULL, 'm' },
		{ "reason", required_argument, NULL, 'r' },
		{ "follow-up", required_argument, NULL, 'u' },
		{ "if-version", required_argument, NULL, OPT_IF_VERSION },
		CLI_COMMON_LONG_OPTIONS,
		{ NULL, 0, NULL, 0 },
	};
	const char *status_text = NULL, *note = NULL, *follow_up = NULL;
	long expected = 0;
	int o;
	while ((o = getopt_long(argc, argv, "s:o:m:r:u:", options, NULL)) != -1) {
		switch (o) {
		case 's':
		case 'o':
			status_text = optarg;
			break;
		case 'm':
		case 'r':
			note = optarg;
			break;
		case 'u':
			follow_up = optarg;
			break;
		case OPT_IF_VERSION:
			if (parse_id(optarg, &expected) < 0 || expected > INT_MAX)
				return cli_usage_error(cli, cli->command, "--if-version takes "
						       "the version number you read");
			break;
		default: {
			int status = cli_common_option(cli, cli->command, o);
			return status == 1 ? EXIT_OK : status;
		}
		}
	}
	long id;
	if (optind + 1 != argc || parse_id(argv[optind], &id) < 0)
		return cli_usage_error(cli, cli->command, "give one referral id (a number)");
	enum referral_status to = REFERRAL_REFERRED;
	if (which == COMMAND_CLOSE && !status_text)
		return cli_usage_error(cli, cli->command, "closing needs an outcome: --outcome "
				       "completed|declined|not-attended|unsuitable|lost-contact");
	if (which == COMMAND_REOPEN && !note)
		return cli_usage_error(cli, cli->command, "reopening needs a reason: --reason TEXT");
	if (which == COMMAND_UPDATE && !status_text && !follow_up && !note)
		return cli_usage_error(cli, cli->command, "what changed? give --status, "
				       "--follow-up or --note");
	if (status_text && referral_status_parse(status_text, &to) < 0)
		return cli_usage_error(cli, cli->command, "unknown status '%s' (open: referred, "
				       "contacted, attending; closed: completed, declined, "
				       "not-attended, unsuitable, lost-contact)", status_text);
	struct error err = ERROR_INIT;
	struct store *dir, *personal;
	int rc = cli_open_both(cli, 1, &dir, &personal, &err);
	struct referral r = { 0 };
	if (rc == 0 && which == COMMAND_UPDATE && !status_text) {
		/* Only the date or a note: the status stays as it is. */
		if ((rc = referral_load(personal, id, &r, &err)) == 0)
			to = r.status;
		referral_free(&r);
	}
	if (rc == 0) {
		struct referral_change c = {
			.to = to, .note = note, .follow_up = follow_up, .who = cli->login,
			.today = cli->today, .follow_up_days = cli->settings.follow_up_days,
			.expected_version = (int)expected,
		};
		rc = which == COMMAND_UPDATE ? referral_update(personal, id, &c, &err)
		   : which == COMMAND_CLOSE ? referral_close(personal, id, &c, &err)
					    : referral_reopen(personal, id, &c, &err);
	}
	if (rc == 0 && referral_load(personal, id, &r, &err) == 0) {
		printf("Referral %ld is %s", id, referral_status_name(r.status));
		if (r.follow_up)
			printf("; follow up by %s", r.follow_up);
		printf(".\n");
		referral_free(&r);
	}
	return cli_finish(cli, dir, personal, &err, rc < 0);
}

int cmd_update(struct cli *cli, int argc, char **argv)
{
	return change_command(cli, argc, argv, COMMAND_UPDATE);
}

int cmd_close(struct cli *cli, int argc, char **argv)
{
	return change_command(cli, argc, argv, COMMAND_CLOSE);
}

int cmd_reopen(struct cli *cli, int argc, char **argv)
{
	return change_command(cli, argc, argv, COMMAND_REOPEN);
}

struct followup_options {
	enum followup_when when;
	const char *worker;
};

static int followup_option(int opt, void *ctx)
{
	struct followup_options *f = ctx;
	switch (opt) {
	case OPT_OVERDUE: f->when = FOLLOWUP_OVERDUE; return 0;
	case OPT_DUE: f->when = FOLLOWUP_DUE; return 0;
	case OPT_UPCOMING: f->when = FOLLOWUP_UPCOMING; return 0;
	case OPT_ALL: f->when = FOLLOWUP_ALL; return 0;
	case OPT_EVERYONE: f->worker = NULL; return 0;
	case 'w': f->worker = optarg; return 0;
	default: return -1;
	}
}

int cmd_followups(struct cli *cli, int argc, char **argv)
{
	static const struct option extra[] = {
		{ "overdue", no_argument, NULL, OPT_OVERDUE },
		{ "due", no_argument, NULL, OPT_DUE },
		{ "upcoming", no_argument, NULL, OPT_UPCOMING },
		{ "all", no_argument, NULL, OPT_ALL },
		{ "everyone", no_argument, NULL, OPT_EVERYONE },
		{ "worker", required_argument, NULL, 'w' },
		{ NULL, 0, NULL, 0 },
	};
	enum cli_format format = FORMAT_TABLE;
	struct followup_options f = { FOLLOWUP_ALL, cli->login };
	int status = show_options(cli, argc, argv, &format, extra, followup_option, &f);
	if (status >= 0)
		return status;
	enum followup_when when = f.when;
	const char *worker = f.worker;
	if (optind != argc)
		return cli_usage_error(cli, cli->command, "unexpected argument '%s'", argv[optind]);
	struct error err = ERROR_INIT;
	struct store *dir, *personal;
	struct referral_rows rows = { 0 };
	int rc = cli_open_both(cli, 0, &dir, &personal, &err);
	if (rc == 0)
		rc = referral_followups(personal, worker, when, cli->today, &rows, &err);
	if (rc == 0) {
		print_rows(&rows, cli->today, format);
		if (format == FORMAT_TABLE && rows.count == 0)
			fprintf(stderr, "No follow-ups%s%s.\n", worker ? " for " : "",
				worker ? (strcmp(worker, cli->login) ? worker : "you") : "");
		referral_rows_free(&rows);
	}
	return cli_finish(cli, dir, personal, &err, rc < 0);
}

static void print_client_json(const char *client, const struct referral_rows *rows,
			      const struct wellbeing_rows *scores, const char *today)
{
	struct json j;
	json_init(&j, stdout, 1);
	json_object_begin(&j);
	json_member_string(&j, "client", client);
	json_key(&j, "referrals");
	json_array_begin(&j);
	for (size_t i = 0; i < rows->count; i++) {
		const struct referral_row *r = &rows->row[i];
		json_object_begin(&j);
		json_member_int(&j, "id", r->id);
		json_member_string(&j, "asset", r->asset_id);
		json_member_string(&j, "asset_name", r->asset_name);
		json_member_string(&j, "worker", r->worker);
		json_member_string(&j, "status", r->status);
		json_member_string(&j, "follow_up", r->follow_up);
		json_member_string(&j, "when", r->follow_up ? when_word(r->follow_up, today) : NULL);
		json_member_string(&j, "created_on", r->created_on);
		json_member_string(&j, "needs", r->needs);
		json_object_end(&j);
	}
	json_array_end(&j);
	json_key(&j, "wellbeing");
	json_array_begin(&j);
	for (size_t i = 0; i < scores->count; i++) {
		const struct wellbeing_row *w = &scores->row[i];
		json_object_begin(&j);
		json_member_string(&j, "date", w->on_date);
		json_member_int(&j, "life_satisfaction", w->scores.life_satisfaction);
		json_member_int(&j, "worthwhile", w->scores.worthwhile);
		json_member_int(&j, "happiness", w->scores.happiness);
		json_member_int(&j, "anxiety", w->scores.anxiety);
		json_member_string(&j, "worker", w->worker);
		json_object_end(&j);
	}
	json_array_end(&j);
	json_object_end(&j);
	strbuf_putc(&j.buf, '\n');
	json_finish(&j);
	json_free(&j);
}

enum { OPT_EXPORT = OPT_COMMON_END + 10, OPT_ERASE, OPT_YES, OPT_FORCE };

struct client_options {
	const char *export_path;
	int erase, yes, force;
};

static int client_option(int opt, void *ctx)
{
	struct client_options *c = ctx;
	switch (opt) {
	case OPT_EXPORT: c->export_path = optarg; return 0;
	case OPT_ERASE: c->erase = 1; return 0;
	case OPT_YES: c->yes = 1; return 0;
	case OPT_FORCE: c->force = 1; return 0;
	default: return -1;
	}
}

int cmd_client(struct cli *cli, int argc, char **argv)
{
	static const struct option extra[] = {
		{ "export", required_argument, NULL, OPT_EXPORT },
		{ "erase", no_argument, NULL, OPT_ERASE },
		{ "yes", no_argument, NULL, OPT_YES },
		{ "force", no_argument, NULL, OPT_FORCE },
		{ NULL, 0, NULL, 0 },
	};
	enum cli_format format = FORMAT_TABLE;
	struct client_options c = { 0 };
	int status = show_options(cli, argc, argv, &format, extra, client_option, &c);
	if (status >= 0)
		return status;
	if (optind + 1 != argc)
		return cli_usage_error(cli, cli->command, "give one client reference");
	if (c.export_path && c.erase)
		return cli_usage_error(cli, cli->command, "--export or --erase, one at a time "
				       "(export first, then erase)");
	if ((c.yes && !c.erase) || (c.force && !c.export_path))
		return cli_usage_error(cli, cli->command, "--yes goes with --erase, --force "
				       "with --export");
	const char *client = argv[optind];
	if (c.export_path || c.erase) {
		struct error err = ERROR_INIT;
		if (client_ref_check(client, &err) < 0) {
			status = cli_fail(cli, &err);
			error_clear(&err);
			return status;
		}
		return cmd_client_privacy(cli, client, c.export_path, c.erase, c.yes, c.force);
	}
	struct error err = ERROR_INIT;
	struct store *dir = NULL, *personal = NULL;
	struct referral_rows rows = { 0 };
	struct wellbeing_rows scores = { 0 };
	/* A reference that could not have been stored is not looked up (nor
	 * repeated back). */
	int rc = client_ref_check(client, &err);
	if (rc == 0)
		rc = cli_open_both(cli, 0, &dir, &personal, &err);
	if (rc == 0)
		rc = referral_for_client(personal, client, &rows, &err);
	if (rc == 0)
		rc = wellbeing_for_client(personal, client, &scores, &err);
	if (rc == 0 && format == FORMAT_JSON) {
		print_client_json(client, &rows, &scores, cli->today);
	} else if (rc == 0) {
		print_rows(&rows, cli->today, format);
		if (format == FORMAT_TABLE)
			printf("%s%zu referral%s for %s.\n", rows.count ? "\n" : "",
			       rows.count, rows.count == 1 ? "" : "s", client);
		for (size_t i = 0; i < scores.count; i++) {
			const struct wellbeing_row *w = &scores.row[i];
			char items[4][16];
			snprintf(items[0], 16, "%d", w->scores.life_satisfaction);
			snprintf(items[1], 16, "%d", w->scores.worthwhile);
			snprintf(items[2], 16, "%d", w->scores.happiness);
			snprintf(items[3], 16, "%d", w->scores.anxiety);
			if (format == FORMAT_TSV) {
				const char *cells[] = { "wellbeing", w->on_date, items[0], items[1],
							items[2], items[3], w->worker };
				out_tsv_row(stdout, cells, 7);
			} else {
				printf("Wellbeing %s: ONS4 %s,%s,%s,%s (recorded by %s)\n", w->on_date,
				       items[0], items[1], items[2], items[3], w->worker);
			}
		}
	}
	referral_rows_free(&rows);
	wellbeing_rows_free(&scores);
	return cli_finish(cli, dir, personal, &err, rc < 0);
}
