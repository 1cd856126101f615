#include "config.h"

#include "cli/commands.h"
#include "cli/output.h"
#include "core/asset.h"
#include "core/dates.h"
#include "core/json.h"
#include "core/search.h"
#include "core/strbuf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int parse_days(const char *arg, unsigned *days)
{
	if (strcmp(arg, "today") == 0) {
		char today[DATE_LEN];
		if (date_today(today) < 0)
			return -1;
		*days = 1u << date_weekday(today);
		return 0;
	}
	return days_parse(arg, days);
}

/* A comma-separated list of ids as a JSON array. */
static void json_id_list(struct json *j, const char *key, const char *ids)
{
	json_key(j, key);
	json_array_begin(j);
	for (const char *p = ids; p && *p;) {
		size_t n = strcspn(p, ",");
		char *id = strndup(p, n);
		json_string(j, id ? id : "");
		free(id);
		p += n + (p[n] == ',');
	}
	json_array_end(j);
}

static void print_json(const struct search_result *r)
{
	struct json j;
	json_init(&j, stdout, 1);
	json_object_begin(&j);
	json_member_int(&j, "total", r->total);
	json_member_int(&j, "count", (long long)r->count);
	json_key(&j, "results");
	json_array_begin(&j);
	for (size_t i = 0; i < r->count; i++) {
		const struct search_hit *h = &r->hit[i];
		json_object_begin(&j);
		json_member_string(&j, "id", h->id);
		json_member_string(&j, "name", h->name);
		json_member_string(&j, "organisation", h->organisation);
		json_member_string(&j, "sector", h->sector);
		json_id_list(&j, "localities", h->localities);
		json_id_list(&j, "needs", h->needs);
		json_member_string(&j, "status", h->status);
		json_member_string(&j, "verified", h->verified_on);
		json_object_end(&j);
	}
	json_array_end(&j);
	json_object_end(&j);
	strbuf_putc(&j.buf, '\n');
	json_finish(&j);
	json_free(&j);
}

/* The columns of the table, most wanted first: on a narrow terminal
 * the last ones give way, so that the rest stay readable. */
enum { COL_NAME, COL_ID, COL_LOCALITY, COL_STATUS, COL_VERIFIED, COL_SECTOR, COL_NEEDS,
       COL_COUNT };

static int print_table(const struct search_result *r, const struct search_query *q)
{
	static const char *const headers[COL_COUNT] = {
		"NAME", "ID", "LOCALITY", "STATUS", "VERIFIED", "SECTOR", "NEEDS",
	};
	/* Roughly the columns each needs to be of use. */
	static const int wants[COL_COUNT] = { 30, 24, 14, 8, 10, 12, 24 };
	int width = out_terminal_width();
	size_t columns = COL_COUNT;
	if (width > 0) {
		int need = 0;
		for (columns = 0; columns < COL_COUNT && need + wants[columns] <= width;
		     columns++)
			need += wants[columns] + 2;
		if (columns < 3)
			columns = 3;
	}
	struct out_table t;
	out_table_init(&t, headers, columns);
	for (size_t i = 0; i < r->count; i++) {
		const struct search_hit *h = &r->hit[i];
		const char *cells[COL_COUNT] = {
			h->name, h->id, h->locality_label, h->status,
			h->verified_on ? h->verified_on : "never", h->sector, h->need_labels,
		};
		if (out_table_add(&t, cells) < 0) {
			out_table_free(&t);
			return -1;
		}
	}
	int rc = 0;
	if (r->count)
		rc = out_table_print(&t, stdout, width);
	out_table_free(&t);
	if (r->count == 0)
		fprintf(stderr, "No assets match.%s\n",
			q->needs.count || q->locality || q->sector || q->days || q->open_only
				? " Try fewer filters (need, locality, sector, day, open)." : "");
	else if ((long)r->count < r->total)
		fprintf(stderr, "Showing %zu of %ld; use --limit 0 to see all.\n",
			r->count, r->total);
	return rc;
}

int cmd_search(struct cli *cli, int argc, char **argv)
{
	const struct command *cmd = cli->command;
	static const struct option options[] = {
		{ "need", required_argument, NULL, 'n' },
		{ "locality", required_argument, NULL, 'l' },
		{ "sector", required_argument, NULL, 's' },
		{ "day", required_argument, NULL, 'd' },
		{ "open", no_argument, NULL, 'o' },
		{ "limit", required_argument, NULL, 'L' },
		{ "format", required_argument, NULL, 'f' },
		CLI_COMMON_LONG_OPTIONS,
		{ NULL, 0, NULL, 0 },
	};
	struct search_query q;
	search_query_init(&q);
	q.limit = 50;
	enum cli_format format = FORMAT_TABLE;
	int status = EXIT_OK, opt;
	while (status == EXIT_OK &&
	       (opt = getopt_long(argc, argv, "n:l:s:d:of:", options, NULL)) != -1) {
		char *end;
		switch (opt) {
		case 'n':
			if (strlist_add(&q.needs, optarg) < 0)
				status = EXIT_FAILURE_USER;
			break;
		case 'l':
			q.locality = optarg;
			break;
		case 's':
			q.sector = optarg;
			break;
		case 'd':
			if (parse_days(optarg, &q.days) < 0)
				status = cli_usage_error(cli, cmd, "'%s' is not a day: use mon..sun, "
							 "a list (mon,thu), a range (mon-fri), weekdays, "
							 "weekend or today", optarg);
			break;
		case 'o':
			q.open_only = 1;
			break;
		case 'L': {
			long limit = strtol(optarg, &end, 10);
			q.limit = limit >= 0 && limit <= 1000000000 ? (int)limit : -1;
			if (*end || !*optarg || q.limit < 0)
				status = cli_usage_error(cli, cmd, "--limit takes a whole number, "
							 "not '%s'", optarg);
			break;
		}
		case 'f':
			if (cli_parse_format(cli, cmd, optarg, &format) < 0)
				status = EXIT_USAGE;
			break;
		default:
			status = cli_common_option(cli, cmd, opt);
			if (status == 1) {
				search_query_clear(&q);
				return EXIT_OK;
			}
		}
	}
	if (status != EXIT_OK) {
		search_query_clear(&q);
		return status;
	}
	struct strbuf words = STRBUF_INIT;
	for (int i = optind; i < argc; i++)
		strbuf_printf(&words, "%s%s", i > optind ? " " : "", argv[i]);
	q.words = strbuf_str(&words);

	struct error err = ERROR_INIT;
	struct store *dir = NULL;
	struct search_result r = { 0 };
	if (cli_open_directory(cli, 0, &dir, &err) < 0 ||
	    search_run(dir, &q, &r, &err) < 0) {
		status = cli_fail(cli, &err);
	} else if (format == FORMAT_JSON) {
		print_json(&r);
	} else if (format == FORMAT_TSV) {
		for (size_t i = 0; i < r.count; i++) {
			const struct search_hit *h = &r.hit[i];
			const char *cells[] = {
				h->id, h->name, h->sector, h->localities, h->needs,
				h->status, h->verified_on ? h->verified_on : "",
			};
			out_tsv_row(stdout, cells, 7);
		}
	} else if (print_table(&r, &q) < 0) {
		error_nomem(&err);
		status = cli_fail(cli, &err);
	}
	search_result_free(&r);
	store_close(dir);
	strbuf_free(&words);
	search_query_clear(&q);
	error_clear(&err);
	return status;
}
