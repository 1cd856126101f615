/* log, report: the coordinator's referral log and reports from the
 * command line.  The core computes; this file only prints: the screen's
 * table with its charts here, tsv, csv and json by report_write(). */
#include "config.h"

#include "cli/commands.h"
#include "cli/output.h"
#include "core/chart.h"
#include "core/csv.h"
#include "core/json.h"
#include "core/paths.h"
#include "core/personal.h"
#include "core/referral_log.h"
#include "core/report.h"
#include "core/report_text.h"
#include "core/strbuf.h"
#include "core/text.h"
#include "store/store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

enum {
	OPT_FROM = OPT_COMMON_END, OPT_TO, OPT_STATUS, OPT_SORT, OPT_LIMIT, OPT_BY,
	OPT_TABLE, OPT_NO_SUPPRESS, OPT_SUPPRESS, OPT_NO_CHART,
};

enum out_format { OUT_TABLE, OUT_TSV, OUT_CSV, OUT_JSON };

/* What log and report share: the period and the filters. */
struct selection {
	const char *preset, *from, *to;
	struct report_filter filter;
};

static int parse_out_format(struct cli *cli, const char *arg, enum out_format *out)
{
	static const char *const names[] = { "table", "tsv", "csv", "json" };
	for (int i = 0; i < 4; i++)
		if (strcmp(arg, names[i]) == 0) {
			*out = (enum out_format)i;
			return 0;
		}
	cli_usage_error(cli, cli->command, "unknown format '%s' (formats: table, tsv, csv, "
			"json)", arg);
	return -1;
}

/* Takes a selection option; returns 0 when it was one. */
static int selection_option(struct selection *s, int opt)
{
	switch (opt) {
	case 'p': s->preset = optarg; return 0;
	case OPT_FROM: s->from = optarg; return 0;
	case OPT_TO: s->to = optarg; return 0;
	case 'w': s->filter.worker = optarg; return 0;
	case 'a': s->filter.asset = optarg; return 0;
	case 'n': s->filter.need = optarg; return 0;
	case 's': s->filter.sector = optarg; return 0;
	case 'l': s->filter.locality = optarg; return 0;
	case OPT_STATUS: s->filter.status = optarg; return 0;
	case 'c': s->filter.client = optarg; return 0;
	default: return -1;
	}
}

static int has_period(const struct selection *s)
{
	return s->preset || s->from || s->to;
}

/* The period chosen, or the default preset when none was. */
static int selection_period(struct cli *cli, const struct selection *s,
			    const char *default_preset, struct report_period *out,
			    struct error *err)
{
	if (s->preset && (s->from || s->to))
		return error_set(err, ERROR_INPUT, "give --period or --from/--to, not both");
	if (s->to && !s->from)
		return error_set(err, ERROR_INPUT, "--to needs --from");
	if (s->from)
		return report_period_dates(s->from, s->to, cli->today, out, err);
	return report_period_preset(s->preset ? s->preset : default_preset, cli->today, out,
				    err);
}

#define SELECTION_OPTIONS \
	{ "period", required_argument, NULL, 'p' }, \
	{ "from", required_argument, NULL, OPT_FROM }, \
	{ "to", required_argument, NULL, OPT_TO }, \
	{ "worker", required_argument, NULL, 'w' }, \
	{ "asset", required_argument, NULL, 'a' }, \
	{ "need", required_argument, NULL, 'n' }, \
	{ "sector", required_argument, NULL, 's' }, \
	{ "locality", required_argument, NULL, 'l' }


static void print_clean(const char *s)
{
	out_text(stdout, s, 0);
	fputc('\n', stdout);
}

/* ---- report ------------------------------------------------------------- */

int cmd_report(struct cli *cli, int argc, char **argv)
{
	static const struct option options[] = {
		SELECTION_OPTIONS,
		{ "by", required_argument, NULL, OPT_BY },
		{ "format", required_argument, NULL, 'f' },
		{ "table", required_argument, NULL, OPT_TABLE },
		{ "no-suppress", no_argument, NULL, OPT_NO_SUPPRESS },
		{ "suppress", no_argument, NULL, OPT_SUPPRESS },
		{ "no-chart", no_argument, NULL, OPT_NO_CHART },
		CLI_COMMON_LONG_OPTIONS,
		{ NULL, 0, NULL, 0 },
	};
	struct selection sel = { 0 };
	enum out_format format = OUT_TABLE;
	enum report_step by = REPORT_BY_AUTO;
	const char *only = NULL;
	int no_suppress = 0, suppress = 0, charts = 1;
	int o;
	while ((o = getopt_long(argc, argv, "p:w:a:n:s:l:f:", options, NULL)) != -1) {
		if (selection_option(&sel, o) == 0)
			continue;
		switch (o) {
		case 'f':
			if (parse_out_format(cli, optarg, &format) < 0)
				return EXIT_USAGE;
			break;
		case OPT_BY:
			if (strcmp(optarg, "week") == 0)
				by = REPORT_BY_WEEK;
			else if (strcmp(optarg, "month") == 0)
				by = REPORT_BY_MONTH;
			else
				return cli_usage_error(cli, cli->command, "--by takes week or month");
			break;
		case OPT_TABLE: only = optarg; break;
		case OPT_NO_SUPPRESS: no_suppress = 1; break;
		case OPT_SUPPRESS: suppress = 1; break;
		case OPT_NO_CHART: charts = 0; break;
		default: {
			int status = cli_common_option(cli, cli->command, o);
			return status == 1 ? EXIT_OK : status;
		}
		}
	}
	struct strbuf kinds = STRBUF_INIT;
	for (int k = 0; k < REPORT_KIND_COUNT; k++)
		strbuf_printf(&kinds, "%s%s", k ? ", " : "", report_kind_name((enum report_kind)k));
	enum report_kind kind = REPORT_NEEDS;
	int status = -1;
	if (optind == argc)
		status = cli_usage_error(cli, cli->command, "which report? (%s)",
					 strbuf_str(&kinds));
	else if (optind + 1 < argc)
		status = cli_usage_error(cli, cli->command, "one report at a time (%s)",
					 strbuf_str(&kinds));
	else if (report_kind_parse(argv[optind], &kind) < 0)
		status = cli_usage_error(cli, cli->command, "unknown report '%s' (%s)",
					 argv[optind], strbuf_str(&kinds));
	if (status >= 0) {
		strbuf_free(&kinds);
		return status;
	}
	strbuf_free(&kinds);
	unsigned uses = report_kind_uses(kind);
	if (!(uses & REPORT_USES_PERIOD) && has_period(&sel))
		return cli_usage_error(cli, cli->command, "the %s report is as at today: it takes "
				       "no period", report_kind_name(kind));
	if (!(uses & REPORT_USES_REFERRAL_FILTERS) && !report_filter_empty(&sel.filter))
		return cli_usage_error(cli, cli->command, "the %s report takes no filters",
				       report_kind_name(kind));
	if (no_suppress && suppress)
		return cli_usage_error(cli, cli->command, "--suppress or --no-suppress, not both");
	if (by != REPORT_BY_AUTO && kind != REPORT_TREND)
		return cli_usage_error(cli, cli->command, "--by is for the trend report");

	struct error err = ERROR_INIT;
	struct store *dir = NULL, *personal = NULL;
	struct report *r = NULL;
	struct report_request req = {
		.kind = kind, .filter = sel.filter, .trend_by = by,
	};
	int rc = cli_load_settings(cli, &err);
	if (rc == 0 && (uses & REPORT_USES_PERIOD))
		rc = selection_period(cli, &sel, "last-12-months", &req.period, &err);
	if (rc == 0)
		rc = cli_open_directory(cli, 0, &dir, &err);
	if (rc == 0 && no_suppress)
		rc = report_may_show_in_full(dir, &err);
	if (rc == 0 && (uses & REPORT_USES_PERSONAL))
		rc = cli_open_personal(cli, dir, 1, &personal, &err);
	if (rc == 0) {
		req.today = cli->today;
		req.stale_months = cli->settings.stale_months;
		rc = report_run(personal, dir, &req, &r, &err);
	}
	if (rc == 0) {
		/* Exports hide small numbers unless told not to; the screen
		 * shows them, unless asked to show what an export would. */
		int export = format != OUT_TABLE;
		if (export ? !no_suppress : suppress)
			report_suppress(r);
		else if (no_suppress)
			report_mark_unsuppressed(r);
		if (format == OUT_TABLE && only && !report_table_find(r, only)) {
			/* Let the writer say what tables there are. */
			rc = report_write(r, REPORT_FORMAT_TSV, only, stdout, &err);
		} else if (format == OUT_TABLE) {
			struct report_text_options screen = { chart_style_for_locale(), charts,
							      out_terminal_width() };
			char *text = report_text(r, only, &screen, &err);
			rc = text ? 0 : -1;
			if (text)
				fputs(text, stdout);
			free(text);
		} else {
			enum report_format f = format == OUT_TSV ? REPORT_FORMAT_TSV
					     : format == OUT_CSV ? REPORT_FORMAT_CSV
								 : REPORT_FORMAT_JSON;
			rc = report_write(r, f, only, stdout, &err);
		}
	}
	report_free(r);
	return cli_finish(cli, dir, personal, &err, rc < 0);
}

/* ---- log ------------------------------------------------------------------ */

static const char *const log_tsv_columns[] = {
	"id", "made", "client", "asset_id", "asset_name", "sector", "needs", "worker",
	"status", "follow_up", "contacted", "closed", "overdue",
};
enum { LOG_FIELDS = sizeof log_tsv_columns / sizeof log_tsv_columns[0] };

static void log_fields(const struct referral_log_row *r, char id[24], const char *out[])
{
	snprintf(id, 24, "%ld", r->id);
	const char *values[LOG_FIELDS] = {
		id, r->made, r->client, r->asset_id, r->asset_name, r->sector, r->needs,
		r->worker, r->status, r->follow_up, r->contacted, r->closed,
		r->overdue ? "yes" : "no",
	};
	for (int i = 0; i < LOG_FIELDS; i++)
		out[i] = values[i] ? values[i] : "";
}

static char *totals_text(const struct referral_log_totals *t)
{
	struct strbuf sb = STRBUF_INIT;
	strbuf_printf(&sb, "%ld referral%s: %ld open (%ld overdue), %ld closed",
		      t->referrals, t->referrals == 1 ? "" : "s", t->open, t->overdue, t->closed);
	const char *sep = " (";
	for (int s = REFERRAL_COMPLETED; s < REFERRAL_STATUS_COUNT; s++) {
		if (!t->by_status[s])
			continue;
		strbuf_printf(&sb, "%s%s %ld", sep, referral_status_name((enum referral_status)s),
			      t->by_status[s]);
		sep = ", ";
	}
	if (strcmp(sep, ", ") == 0)
		strbuf_putc(&sb, ')');
	strbuf_putc(&sb, '.');
	return strbuf_detach(&sb);
}

static void log_json(const struct referral_log *log, const struct referral_log_query *q,
		     const struct strlist *filters, const char *sort)
{
	struct json j;
	json_init(&j, stdout, 1);
	json_object_begin(&j);
	if (q->period) {
		json_key(&j, "period");
		json_object_begin(&j);
		json_member_string(&j, "from", q->period->from);
		json_member_string(&j, "to", q->period->to);
		json_object_end(&j);
	}
	json_key(&j, "filters");
	json_array_begin(&j);
	for (size_t i = 0; i < filters->count; i++)
		json_string(&j, filters->item[i]);
	json_array_end(&j);
	json_member_string(&j, "sort", sort);
	json_key(&j, "totals");
	json_object_begin(&j);
	json_member_int(&j, "referrals", log->totals.referrals);
	json_member_int(&j, "open", log->totals.open);
	json_member_int(&j, "overdue", log->totals.overdue);
	json_member_int(&j, "closed", log->totals.closed);
	json_key(&j, "by_status");
	json_object_begin(&j);
	for (int s = 0; s < REFERRAL_STATUS_COUNT; s++)
		json_member_int(&j, referral_status_name((enum referral_status)s),
				log->totals.by_status[s]);
	json_object_end(&j);
	json_object_end(&j);
	json_key(&j, "referrals");
	json_array_begin(&j);
	for (size_t i = 0; i < log->count; i++) {
		const struct referral_log_row *r = &log->row[i];
		json_object_begin(&j);
		json_member_int(&j, "id", r->id);
		json_member_string(&j, "made", r->made);
		json_member_string(&j, "client", r->client);
		json_member_string(&j, "asset", r->asset_id);
		json_member_string(&j, "asset_name", r->asset_name);
		json_member_string(&j, "sector", r->sector);
		json_key(&j, "needs");
		json_array_begin(&j);
		for (const char *p = r->needs; p && *p;) {
			size_t n = strcspn(p, ",");
			char *need = strndup(p, n);
			json_string(&j, need ? need : "");
			free(need);
			p += n + (p[n] == ',');
		}
		json_array_end(&j);
		json_member_string(&j, "worker", r->worker);
		json_member_string(&j, "status", r->status);
		json_member_string(&j, "follow_up", r->follow_up);
		json_member_string(&j, "contacted_on", r->contacted);
		json_member_string(&j, "closed_on", r->closed);
		json_key(&j, "overdue");
		json_bool(&j, r->overdue);
		json_object_end(&j);
	}
	json_array_end(&j);
	json_object_end(&j);
	strbuf_putc(&j.buf, '\n');
	json_finish(&j);
	json_free(&j);
}

static int print_log(const struct referral_log *log, const struct referral_log_query *q,
		     enum out_format format, const char *sort)
{
	struct strlist filters = STRLIST_INIT;
	if (report_filter_describe(&q->filter, &filters) < 0) {
		strlist_clear(&filters);
		return -1;
	}
	if (format == OUT_JSON) {
		log_json(log, q, &filters, sort);
		strlist_clear(&filters);
		return 0;
	}
	if (format == OUT_TSV || format == OUT_CSV) {
		struct csv c;
		csv_init(&c, stdout);
		if (format == OUT_CSV) {
			for (int i = 0; i < LOG_FIELDS; i++)
				csv_field(&c, log_tsv_columns[i]);
			csv_end_row(&c);
		}
		for (size_t i = 0; i < log->count; i++) {
			char id[24];
			const char *cells[LOG_FIELDS];
			log_fields(&log->row[i], id, cells);
			if (format == OUT_TSV) {
				out_tsv_row(stdout, cells, LOG_FIELDS);
				continue;
			}
			for (int k = 0; k < LOG_FIELDS; k++)
				csv_field(&c, cells[k]);
			csv_end_row(&c);
		}
		strlist_clear(&filters);
		return csv_finish(&c);
	}
	printf("Referral log\n");
	if (q->period) {
		char *p = report_period_describe(q->period);
		printf("Period: %s\n", p ? p : "");
		free(p);
	} else {
		printf("Period: all referrals\n");
	}
	char *f = filters.count ? strlist_join(&filters, "; ") : strdup("none");
	fputs("Filters: ", stdout);
	print_clean(f ? f : "");
	free(f);
	strlist_clear(&filters);
	printf("Sorted by: %s\n\n", sort);
	static const char *const headers[] = {
		"ID", "MADE", "CLIENT", "ASSET", "NEEDS", "WORKER", "STATUS", "FOLLOW UP",
	};
	struct out_table t;
	out_table_init(&t, headers, 8);
	for (size_t i = 0; i < log->count; i++) {
		const struct referral_log_row *r = &log->row[i];
		char id[24];
		snprintf(id, sizeof id, "%ld", r->id);
		char *follow = NULL;
		if (r->follow_up ? asprintf(&follow, "%s%s", r->follow_up,
					    r->overdue ? " overdue" : "") < 0
		    : r->closed && asprintf(&follow, "closed %s", r->closed) < 0)
			follow = NULL;
		const char *cells[] = {
			id, r->made, r->client, r->asset_name, r->needs ? r->needs : "",
			r->worker, r->status, follow ? follow : "",
		};
		out_table_add(&t, cells);
		free(follow);
	}
	if (log->count)
		out_table_print(&t, stdout, out_terminal_width());
	out_table_free(&t);
	char *totals = totals_text(&log->totals);
	if (log->count < (size_t)log->totals.referrals)
		printf("%sShowing %zu of them.\n", log->count ? "\n" : "", log->count);
	printf("%sTotals: %s\n", log->count ? "\n" : "", totals ? totals : "");
	free(totals);
	return 0;
}

int cmd_log(struct cli *cli, int argc, char **argv)
{
	static const struct option options[] = {
		SELECTION_OPTIONS,
		{ "status", required_argument, NULL, OPT_STATUS },
		{ "outcome", required_argument, NULL, OPT_STATUS },
		{ "client", required_argument, NULL, 'c' },
		{ "sort", required_argument, NULL, OPT_SORT },
		{ "limit", required_argument, NULL, OPT_LIMIT },
		{ "format", required_argument, NULL, 'f' },
		CLI_COMMON_LONG_OPTIONS,
		{ NULL, 0, NULL, 0 },
	};
	struct selection sel = { 0 };
	enum out_format format = OUT_TABLE;
	struct referral_log_query q = { .sort = LOG_MADE, .descending = 1 };
	const char *sort = "made:desc";
	int o;
	while ((o = getopt_long(argc, argv, "p:w:a:n:s:l:c:f:", options, NULL)) != -1) {
		if (selection_option(&sel, o) == 0)
			continue;
		switch (o) {
		case 'f':
			if (parse_out_format(cli, optarg, &format) < 0)
				return EXIT_USAGE;
			break;
		case OPT_SORT:
			if (referral_log_sort_parse(optarg, &q.sort, &q.descending) < 0)
				return cli_usage_error(cli, cli->command, "unknown sort '%s' (columns: "
						       "id, made, client, asset, sector, needs, "
						       "worker, status, follow-up, contacted, closed; "
						       "add :desc for the reverse)", optarg);
			sort = optarg;
			break;
		case OPT_LIMIT: {
			char *end;
			long n = strtol(optarg, &end, 10);
			if (!*optarg || *end || n < 0)
				return cli_usage_error(cli, cli->command, "--limit takes a whole "
						       "number (0 for all)");
			q.limit = n;
			break;
		}
		default: {
			int status = cli_common_option(cli, cli->command, o);
			return status == 1 ? EXIT_OK : status;
		}
		}
	}
	if (optind != argc)
		return cli_usage_error(cli, cli->command, "unexpected argument '%s'", argv[optind]);
	struct error err = ERROR_INIT;
	struct store *dir = NULL, *personal = NULL;
	struct report_period period;
	struct referral_log log = { 0 };
	int rc = cli_load_settings(cli, &err);
	if (rc == 0 && has_period(&sel) &&
	    (rc = selection_period(cli, &sel, NULL, &period, &err)) == 0)
		q.period = &period;
	if (rc == 0)
		rc = cli_open_directory(cli, 0, &dir, &err);
	if (rc == 0)
		rc = cli_open_personal(cli, dir, 1, &personal, &err);
	if (rc == 0) {
		q.filter = sel.filter;
		q.today = cli->today;
		rc = referral_log_run(personal, dir, &q, &log, &err);
	}
	if (rc == 0 && print_log(&log, &q, format, sort) < 0)
		rc = error_set(&err, ERROR_STORAGE, "cannot write the log");
	referral_log_free(&log);
	return cli_finish(cli, dir, personal, &err, rc < 0);
}
