/* stale, flags, flag-resolve, queue: the volunteers' work list from the
 * command line. */
#include "config.h"

#include "cli/commands.h"
#include "cli/output.h"
#include "core/asset_store.h"
#include "core/dates.h"
#include "core/flags.h"
#include "core/json.h"
#include "core/queue.h"
#include "core/strbuf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { OPT_OLDER_THAN = OPT_COMMON_END, OPT_OPEN, OPT_ASSET };

/* Reads --format and the command's own options (opt_fn takes them and
 * returns 0, or 1 for a usage error it has printed); returns -1 to go
 * on, or the exit status to leave with. */
static int read_options(struct cli *cli, int argc, char **argv, const struct option *own,
			const char *shorts, enum cli_format *format,
			int (*opt_fn)(struct cli *cli, int opt, void *ctx), void *ctx)
{
	struct option options[12];
	size_t n = 0;
	for (const struct option *o = own; o && o->name && n < 7; o++)
		options[n++] = *o;
	if (format)
		options[n++] = (struct option){ "format", required_argument, NULL, 'f' };
	const struct option common[] = { CLI_COMMON_LONG_OPTIONS, { NULL, 0, NULL, 0 } };
	for (size_t i = 0; i < sizeof common / sizeof common[0]; i++)
		options[n++] = common[i];
	int o;
	while ((o = getopt_long(argc, argv, shorts, options, NULL)) != -1) {
		if (o == 'f' && format) {
			if (cli_parse_format(cli, cli->command, optarg, format) < 0)
				return EXIT_USAGE;
			continue;
		}
		int handled = 0;
		for (size_t i = 0; i < n; i++)
			handled |= options[i].val == o && o != OPT_DB && o != OPT_DEMO &&
				   o != OPT_HELP && o != 'f';
		if (handled) {
			if (opt_fn(cli, o, ctx))
				return EXIT_USAGE;
			continue;
		}
		int status = cli_common_option(cli, cli->command, o);
		if (status)
			return status == 1 ? EXIT_OK : status;
	}
	return -1;
}

static void json_end(struct json *j)
{
	strbuf_putc(&j->buf, '\n');
	json_finish(j);
	json_free(j);
}

/* "14 months ago", or "never" for a negative age. */
static char *age_text(long days)
{
	return days < 0 ? strdup("never") : days_ago_describe(days);
}

/* The day of a timestamp. */
static void day_of(const char *timestamp, char out[DATE_LEN])
{
	snprintf(out, DATE_LEN, "%s", timestamp ? timestamp : "");
}

/* ---- stale ---------------------------------------------------------- */

struct age_option {
	const char *older_than;
};

static int take_age(struct cli *cli, int opt, void *ctx)
{
	(void)cli;
	if (opt == OPT_OLDER_THAN)
		((struct age_option *)ctx)->older_than = optarg;
	return 0;
}

/* The threshold in days: --older-than, or the config's months. */
static int threshold(struct cli *cli, const char *older_than, long *days,
		     struct error *err)
{
	if (cli_load_settings(cli, err) < 0)
		return -1;
	if (older_than)
		return stale_age_parse(older_than, days, err);
	*days = stale_months_days(cli->settings.stale_months);
	return 0;
}

int cmd_stale(struct cli *cli, int argc, char **argv)
{
	static const struct option own[] = {
		{ "older-than", required_argument, NULL, OPT_OLDER_THAN },
		{ NULL, 0, NULL, 0 },
	};
	enum cli_format format = FORMAT_TABLE;
	struct age_option age = { NULL };
	int status = read_options(cli, argc, argv, own, "f:", &format, take_age, &age);
	if (status >= 0)
		return status;
	if (optind != argc)
		return cli_usage_error(cli, cli->command, "unexpected argument '%s'",
				       argv[optind]);
	struct error err = ERROR_INIT;
	struct store *dir = NULL;
	struct stale_rows rows = { 0 };
	long days = 0;
	int rc = threshold(cli, age.older_than, &days, &err);
	if (rc < 0 && err.kind == ERROR_INPUT && age.older_than) {
		status = cli_usage_error(cli, cli->command, "%s", error_message(&err));
		error_clear(&err);
		return status;
	}
	if (rc == 0)
		rc = cli_open_directory(cli, 0, &dir, &err);
	if (rc == 0)
		rc = stale_list(dir, cli->today, days, &rows, &err);
	if (rc == 0 && format == FORMAT_JSON) {
		struct json j;
		json_init(&j, stdout, 1);
		json_array_begin(&j);
		for (size_t i = 0; i < rows.count; i++) {
			const struct stale_row *s = &rows.row[i];
			json_object_begin(&j);
			json_member_string(&j, "id", s->id);
			json_member_string(&j, "name", s->name);
			json_member_string(&j, "status", s->status);
			json_key(&j, "verified");
			json_string(&j, s->verified_on);
			json_key(&j, "verified_by");
			json_string(&j, s->verified_by);
			json_key(&j, "age_days");
			if (s->age_days < 0)
				json_null(&j);
			else
				json_int(&j, s->age_days);
			json_object_end(&j);
		}
		json_array_end(&j);
		json_end(&j);
	} else if (rc == 0) {
		static const char *const headers[] = { "ID", "NAME", "VERIFIED", "AGE", "BY" };
		struct out_table t;
		out_table_init(&t, headers, 5);
		for (size_t i = 0; i < rows.count; i++) {
			const struct stale_row *s = &rows.row[i];
			char age_days[24] = "";
			if (s->age_days >= 0)
				snprintf(age_days, sizeof age_days, "%ld", s->age_days);
			char *ago = age_text(s->age_days);
			if (format == FORMAT_TSV) {
				const char *cells[] = { s->id, s->name, s->verified_on, age_days,
							s->verified_by, s->status };
				out_tsv_row(stdout, cells, 6);
			} else {
				const char *cells[] = { s->id, s->name,
							s->verified_on ? s->verified_on : "never",
							ago, s->verified_by };
				out_table_add(&t, cells);
			}
			free(ago);
		}
		if (format == FORMAT_TABLE && rows.count)
			out_table_print(&t, stdout, out_terminal_width());
		else if (format == FORMAT_TABLE)
			printf("No stale listings: every listing was verified within %ld days.\n",
			       days);
		out_table_free(&t);
	}
	stale_rows_free(&rows);
	status = rc < 0 ? cli_fail(cli, &err) : EXIT_OK;
	store_close(dir);
	error_clear(&err);
	return status;
}

/* ---- flags ---------------------------------------------------------- */

struct flags_options {
	int open_only;
	const char *asset;
};

static int take_flags(struct cli *cli, int opt, void *ctx)
{
	(void)cli;
	struct flags_options *f = ctx;
	if (opt == OPT_OPEN)
		f->open_only = 1;
	else if (opt == OPT_ASSET)
		f->asset = optarg;
	return 0;
}

static void flags_json(const struct flag_rows *rows)
{
	struct json j;
	json_init(&j, stdout, 1);
	json_array_begin(&j);
	for (size_t i = 0; i < rows->count; i++) {
		const struct flag_row *f = &rows->row[i];
		json_object_begin(&j);
		json_member_int(&j, "id", f->id);
		json_member_string(&j, "asset", f->asset_id);
		json_member_string(&j, "asset_name", f->asset_name);
		json_member_string(&j, "reason", flag_reason_name(f->reason));
		json_key(&j, "note");
		json_string(&j, f->note);
		json_member_string(&j, "raised_by", f->raised_by);
		json_member_string(&j, "raised_at", f->raised_at);
		json_key(&j, "resolved_by");
		json_string(&j, f->resolved_by);
		json_key(&j, "resolved_at");
		json_string(&j, f->resolved_at);
		json_key(&j, "resolution");
		json_string(&j, f->resolution);
		json_object_end(&j);
	}
	json_array_end(&j);
	json_end(&j);
}

int cmd_flags(struct cli *cli, int argc, char **argv)
{
	static const struct option own[] = {
		{ "open", no_argument, NULL, OPT_OPEN },
		{ "asset", required_argument, NULL, OPT_ASSET },
		{ NULL, 0, NULL, 0 },
	};
	enum cli_format format = FORMAT_TABLE;
	struct flags_options fo = { 0, NULL };
	int status = read_options(cli, argc, argv, own, "f:", &format, take_flags, &fo);
	if (status >= 0)
		return status;
	if (optind != argc)
		return cli_usage_error(cli, cli->command, "unexpected argument '%s'",
				       argv[optind]);
	struct error err = ERROR_INIT;
	struct store *dir = NULL;
	struct flag_rows rows = { 0 };
	int rc = cli_open_directory(cli, 0, &dir, &err);
	if (rc == 0 && fo.asset) {
		int known = asset_exists(dir, fo.asset, &err);
		if (known == 0)
			rc = error_set(&err, ERROR_NOT_FOUND, "no asset with the id '%s'", fo.asset);
		else if (known < 0)
			rc = -1;
	}
	if (rc == 0)
		rc = flags_list(dir, fo.open_only, fo.asset, &rows, &err);
	if (rc == 0 && format == FORMAT_JSON) {
		flags_json(&rows);
	} else if (rc == 0) {
		static const char *const headers[] = {
			"ID", "RAISED", "ASSET", "REASON", "BY", "RESOLVED", "NOTE",
		};
		struct out_table t;
		out_table_init(&t, headers, 7);
		for (size_t i = 0; i < rows.count; i++) {
			const struct flag_row *f = &rows.row[i];
			char id[24], raised[DATE_LEN], resolved[DATE_LEN];
			snprintf(id, sizeof id, "%ld", f->id);
			day_of(f->raised_at, raised);
			day_of(f->resolved_at, resolved);
			if (format == FORMAT_TSV) {
				const char *cells[] = {
					id, f->raised_at, f->asset_id, f->asset_name,
					flag_reason_name(f->reason), f->note, f->raised_by,
					f->resolved_at, f->resolved_by, f->resolution,
				};
				out_tsv_row(stdout, cells, 10);
				continue;
			}
			struct strbuf done = STRBUF_INIT;
			if (f->resolved_at)
				strbuf_printf(&done, "%s by %s", resolved, f->resolved_by);
			else
				strbuf_puts(&done, "open");
			const char *cells[] = {
				id, raised, f->asset_id, flag_reason_name(f->reason), f->raised_by,
				strbuf_str(&done), f->resolved_at && f->resolution ? f->resolution
										  : f->note,
			};
			out_table_add(&t, cells);
			strbuf_free(&done);
		}
		if (format == FORMAT_TABLE && rows.count)
			out_table_print(&t, stdout, out_terminal_width());
		else if (format == FORMAT_TABLE)
			printf(fo.open_only ? "No open flags.\n" : "No flags.\n");
		out_table_free(&t);
	}
	flag_rows_free(&rows);
	status = rc < 0 ? cli_fail(cli, &err) : EXIT_OK;
	store_close(dir);
	error_clear(&err);
	return status;
}

/* ---- flag-resolve ------------------------------------------------------- */

static int take_note(struct cli *cli, int opt, void *ctx)
{
	(void)cli;
	if (opt == 'm')
		*(const char **)ctx = optarg;
	return 0;
}

int cmd_flag_resolve(struct cli *cli, int argc, char **argv)
{
	static const struct option own[] = {
		{ "note", required_argument, NULL, 'm' },
		{ NULL, 0, NULL, 0 },
	};
	const char *note = NULL;
	int status = read_options(cli, argc, argv, own, "m:", NULL, take_note, &note);
	if (status >= 0)
		return status;
	if (optind + 1 != argc)
		return cli_usage_error(cli, cli->command, optind == argc ? "resolve which "
				       "flag? give its id (see 'signpost flags --open')"
				       : "one flag at a time");
	const char *text = argv[optind];
	char *end;
	long id = strtol(text, &end, 10);
	if (!*text || *end || id <= 0)
		return cli_usage_error(cli, cli->command, "'%s' is not a flag id (a number, "
				       "as 'signpost flags' lists them)", text);
	if (!note || !*note)
		return cli_usage_error(cli, cli->command, "say how it was resolved: --note "
				       "TEXT (about the listing, never a person)");
	struct error err = ERROR_INIT;
	struct store *dir = NULL;
	struct flag_row flag = { 0 };
	int rc = cli_open_directory(cli, 1, &dir, &err);
	if (rc == 0)
		rc = flag_resolve(dir, id, note, cli->login, &err);
	if (rc == 0 && flag_load(dir, id, &flag, &err) == 0) {
		printf("Resolved flag %ld on ", id);
		out_text(stdout, flag.asset_id, 0);
		printf(" (%s).\n", flag_reason_name(flag.reason));
	}
	flag_row_clear(&flag);
	status = rc < 0 ? cli_fail(cli, &err) : EXIT_OK;
	store_close(dir);
	error_clear(&err);
	return status;
}

/* ---- queue ------------------------------------------------------------- */

static void queue_json(const struct work_queue *q)
{
	struct json j;
	json_init(&j, stdout, 1);
	json_array_begin(&j);
	for (size_t i = 0; i < q->count; i++) {
		const struct queue_item *it = &q->item[i];
		json_object_begin(&j);
		json_member_string(&j, "kind", queue_kind_name(it->kind));
		json_member_string(&j, "asset", it->asset_id);
		json_member_string(&j, "asset_name", it->asset_name);
		json_key(&j, "since");
		json_string(&j, it->since);
		json_key(&j, "age_days");
		if (it->age_days < 0)
			json_null(&j);
		else
			json_int(&j, it->age_days);
		if (it->kind == QUEUE_FLAG) {
			json_member_int(&j, "flag", it->flag_id);
			json_member_string(&j, "reason", flag_reason_name(it->reason));
			json_key(&j, "note");
			json_string(&j, it->note);
			json_member_string(&j, "raised_by", it->raised_by);
		} else {
			json_key(&j, "verified_by");
			json_string(&j, it->verified_by);
		}
		json_object_end(&j);
	}
	json_array_end(&j);
	json_end(&j);
}

/* "flag 3, wrong-details: the phone number has changed (alice)" or "last
 * verified 14 months ago" */
static char *what_text(const struct queue_item *it)
{
	struct strbuf sb = STRBUF_INIT;
	if (it->kind == QUEUE_FLAG) {
		strbuf_printf(&sb, "flag %ld, %s", it->flag_id, flag_reason_name(it->reason));
		if (it->note)
			strbuf_printf(&sb, ": %s", it->note);
		strbuf_printf(&sb, " (%s)", it->raised_by ? it->raised_by : "?");
	} else if (it->since) {
		char *ago = age_text(it->age_days);
		strbuf_printf(&sb, "last verified %s", ago ? ago : "?");
		free(ago);
	} else {
		strbuf_puts(&sb, "never verified");
	}
	return strbuf_detach(&sb);
}

int cmd_queue(struct cli *cli, int argc, char **argv)
{
	static const struct option own[] = {
		{ "older-than", required_argument, NULL, OPT_OLDER_THAN },
		{ NULL, 0, NULL, 0 },
	};
	enum cli_format format = FORMAT_TABLE;
	struct age_option age = { NULL };
	int status = read_options(cli, argc, argv, own, "f:", &format, take_age, &age);
	if (status >= 0)
		return status;
	if (optind != argc)
		return cli_usage_error(cli, cli->command, "unexpected argument '%s'",
				       argv[optind]);
	struct error err = ERROR_INIT;
	struct store *dir = NULL;
	struct work_queue q = { 0 };
	long days = 0;
	int rc = threshold(cli, age.older_than, &days, &err);
	if (rc < 0 && err.kind == ERROR_INPUT && age.older_than) {
		status = cli_usage_error(cli, cli->command, "%s", error_message(&err));
		error_clear(&err);
		return status;
	}
	if (rc == 0)
		rc = cli_open_directory(cli, 0, &dir, &err);
	if (rc == 0)
		rc = queue_build(dir, cli->today, days, &q, &err);
	if (rc == 0 && format == FORMAT_JSON) {
		queue_json(&q);
	} else if (rc == 0) {
		static const char *const headers[] = { "SINCE", "KIND", "ASSET", "NAME", "WHAT" };
		struct out_table t;
		out_table_init(&t, headers, 5);
		for (size_t i = 0; i < q.count; i++) {
			const struct queue_item *it = &q.item[i];
			char since[DATE_LEN], age_days[24] = "", flag[24] = "";
			day_of(it->since, since);
			if (it->age_days >= 0)
				snprintf(age_days, sizeof age_days, "%ld", it->age_days);
			if (it->kind == QUEUE_FLAG)
				snprintf(flag, sizeof flag, "%ld", it->flag_id);
			if (format == FORMAT_TSV) {
				const char *cells[] = {
					queue_kind_name(it->kind), it->since, age_days, it->asset_id,
					it->asset_name, flag,
					it->kind == QUEUE_FLAG ? flag_reason_name(it->reason) : "",
					it->note, it->kind == QUEUE_FLAG ? it->raised_by : it->verified_by,
				};
				out_tsv_row(stdout, cells, 9);
				continue;
			}
			char *what = what_text(it);
			const char *cells[] = { it->since ? since : "never", queue_kind_name(it->kind),
						it->asset_id, it->asset_name, what };
			out_table_add(&t, cells);
			free(what);
		}
		if (format == FORMAT_TABLE && q.count)
			out_table_print(&t, stdout, out_terminal_width());
		else if (format == FORMAT_TABLE)
			printf("Nothing to do: no open flags and no stale listings.\n");
		out_table_free(&t);
	}
	queue_free(&q);
	status = rc < 0 ? cli_fail(cli, &err) : EXIT_OK;
	store_close(dir);
	error_clear(&err);
	return status;
}
