/* report_write: a report as tsv, csv or json, for scripts and for
 * exports.  Every text passes the sanitiser (tsv) or the csv and json
 * writers' own escaping, so data cannot drive a terminal. */
#include "config.h"

#include "core/report.h"
#include "core/csv.h"
#include "core/json.h"
#include "core/strbuf.h"
#include "core/text.h"

#include <stdlib.h>
#include <string.h>

/* ---- tsv ------------------------------------------------------------------ */

static void tsv_field(struct strbuf *sb, const char *s, int first)
{
	char *clean = text_clean(s, TEXT_ONE_LINE);
	if (!first)
		strbuf_putc(sb, '\t');
	if (clean)
		strbuf_puts(sb, clean);
	else
		sb->failed = 1;
	free(clean);
}

static void tsv_comment(struct strbuf *sb, const char *prefix, const char *s)
{
	char *clean = text_clean(s, TEXT_ONE_LINE);
	strbuf_printf(sb, "# %s%s\n", prefix, clean ? clean : "");
	if (!clean)
		sb->failed = 1;
	free(clean);
}

static void write_tsv(const struct report *r, const struct strlist *header,
		      struct strbuf *sb)
{
	for (size_t i = 0; i < header->count; i++)
		tsv_comment(sb, "", header->item[i]);
	for (size_t ti = 0; ti < r->ntable; ti++) {
		const struct report_table *t = r->table[ti];
		char *title = text_clean(t->title, TEXT_ONE_LINE);
		strbuf_printf(sb, "\n# table %s: %s\n", t->key, title ? title : "");
		free(title);
		for (size_t c = 0; c < t->ncol; c++)
			tsv_field(sb, t->col[c].key, c == 0);
		strbuf_putc(sb, '\n');
		for (size_t row = 0; row < t->nrow; row++) {
			for (size_t c = 0; c < t->ncol; c++) {
				char buf[REPORT_CELL_BUF];
				tsv_field(sb, report_cell_text(t, row, c, "", buf), c == 0);
			}
			strbuf_putc(sb, '\n');
		}
		if (t->how)
			tsv_comment(sb, "how: ", t->how);
		for (size_t c = 0; c < t->ncol; c++) {
			if (!t->col[c].how)
				continue;
			strbuf_printf(sb, "# how %s: ", t->col[c].key);
			char *clean = text_clean(t->col[c].how, TEXT_ONE_LINE);
			strbuf_printf(sb, "%s\n", clean ? clean : "");
			free(clean);
		}
	}
	if (r->notes.count)
		strbuf_putc(sb, '\n');
	for (size_t i = 0; i < r->notes.count; i++)
		tsv_comment(sb, "note: ", r->notes.item[i]);
}

/* ---- csv ------------------------------------------------------------------ */

static void csv_row2(struct csv *c, const char *a, const char *b)
{
	csv_field(c, a);
	csv_field(c, b);
	csv_end_row(c);
}

static void csv_table(struct csv *c, const struct report_table *t, int alone)
{
	if (!alone) {
		csv_field(c, "table");
		csv_field(c, t->key);
		csv_field(c, t->title);
		csv_end_row(c);
		if (t->how)
			csv_row2(c, "how", t->how);
	}
	for (size_t col = 0; col < t->ncol; col++)
		csv_field(c, t->col[col].label);
	csv_end_row(c);
	for (size_t row = 0; row < t->nrow; row++) {
		for (size_t col = 0; col < t->ncol; col++) {
			char buf[REPORT_CELL_BUF];
			csv_field(c, report_cell_text(t, row, col, "", buf));
		}
		csv_end_row(c);
	}
	if (alone)
		return;
	for (size_t col = 0; col < t->ncol; col++) {
		if (!t->col[col].how)
			continue;
		csv_field(c, "how");
		csv_field(c, t->col[col].label);
		csv_field(c, t->col[col].how);
		csv_end_row(c);
	}
	csv_end_row(c);
}

static void write_csv(const struct report *r, const struct report_table *only, FILE *out,
		      struct csv *c)
{
	csv_init(c, out);
	if (only) {
		csv_table(c, only, 1);
		return;
	}
	csv_row2(c, "report", report_kind_name(r->kind));
	csv_row2(c, "title", r->title);
	if (r->has_period) {
		csv_field(c, "period");
		csv_field(c, r->period.from);
		csv_field(c, r->period.to);
		csv_end_row(c);
		if (r->compared) {
			csv_field(c, "compared with");
			csv_field(c, r->period.prev_from);
			csv_field(c, r->period.prev_to);
			csv_end_row(c);
		}
	}
	csv_row2(c, "as at", r->today);
	csv_field(c, "filters");
	if (r->filters.count == 0)
		csv_field(c, "none");
	for (size_t i = 0; i < r->filters.count; i++)
		csv_field(c, r->filters.item[i]);
	csv_end_row(c);
	struct strlist header = STRLIST_INIT;
	if (report_header_lines(r, &header) == 0 && header.count)
		csv_row2(c, "small numbers", header.item[header.count - 1]);
	else
		c->failed = 1;
	strlist_clear(&header);
	csv_end_row(c);
	for (size_t ti = 0; ti < r->ntable; ti++)
		csv_table(c, r->table[ti], 0);
	for (size_t i = 0; i < r->notes.count; i++)
		csv_row2(c, "note", r->notes.item[i]);
}

/* ---- json ----------------------------------------------------------------- */

static void json_cell(struct json *j, const struct report_table *t, size_t row, size_t col)
{
	const struct report_cell *c = report_cell_at(t, row, col);
	if (c->state == REPORT_EMPTY) {
		json_null(j);
	} else if (c->state == REPORT_SMALL) {
		json_string(j, "<5");
	} else if (c->state == REPORT_HIDDEN) {
		json_string(j, "*");
	} else {
		switch (t->col[col].kind) {
		case REPORT_TEXT:
			json_string(j, c->text);
			break;
		case REPORT_COUNT:
		case REPORT_CHANGE:
			json_int(j, (long long)(c->value + (c->value < 0 ? -0.5 : 0.5)));
			break;
		default: {
			/* One decimal place, as on the screen. */
			long long tenths = (long long)(c->value * 10 + (c->value < 0 ? -0.5 : 0.5));
			json_double(j, (double)tenths / 10.0);
			break;
		}
		}
	}
}

static const char *suppression_name(enum report_suppression s)
{
	switch (s) {
	case REPORT_SUPPRESSED: return "on";
	case REPORT_NOT_SUPPRESSED: return "off";
	case REPORT_NOTHING_PERSONAL: return "not needed";
	case REPORT_IN_FULL:
	default: return "none (in full)";
	}
}

static void write_json(const struct report *r, const struct report_table *only, FILE *out,
		       struct json *j)
{
	json_init(j, out, 1);
	json_object_begin(j);
	json_member_string(j, "report", report_kind_name(r->kind));
	json_member_string(j, "title", r->title);
	json_member_string(j, "as_at", r->today);
	if (r->has_period) {
		json_key(j, "period");
		json_object_begin(j);
		json_member_string(j, "from", r->period.from);
		json_member_string(j, "to", r->period.to);
		json_member_int(j, "days", r->period.days);
		if (*r->period.preset)
			json_member_string(j, "name", r->period.preset);
		json_object_end(j);
		if (r->compared) {
			json_key(j, "compared_with");
			json_object_begin(j);
			json_member_string(j, "from", r->period.prev_from);
			json_member_string(j, "to", r->period.prev_to);
			json_object_end(j);
		}
	}
	json_key(j, "filters");
	json_array_begin(j);
	for (size_t i = 0; i < r->filters.count; i++)
		json_string(j, r->filters.item[i]);
	json_array_end(j);
	json_member_string(j, "suppression", suppression_name(r->suppression));
	struct strlist header = STRLIST_INIT;
	if (report_header_lines(r, &header) == 0 && header.count)
		json_member_string(j, "small_numbers", header.item[header.count - 1]);
	strlist_clear(&header);
	json_key(j, "tables");
	json_array_begin(j);
	for (size_t ti = 0; ti < r->ntable; ti++) {
		const struct report_table *t = r->table[ti];
		if (only && t != only)
			continue;
		json_object_begin(j);
		json_member_string(j, "key", t->key);
		json_member_string(j, "title", t->title);
		json_member_string(j, "how", t->how);
		json_key(j, "columns");
		json_array_begin(j);
		for (size_t c = 0; c < t->ncol; c++) {
			json_object_begin(j);
			json_member_string(j, "key", t->col[c].key);
			json_member_string(j, "label", t->col[c].label);
			json_member_string(j, "how", t->col[c].how);
			json_object_end(j);
		}
		json_array_end(j);
		json_key(j, "rows");
		json_array_begin(j);
		for (size_t row = 0; row < t->nrow; row++) {
			json_object_begin(j);
			for (size_t c = 0; c < t->ncol; c++) {
				json_key(j, t->col[c].key);
				json_cell(j, t, row, c);
			}
			if (t->row_flags[row] & REPORT_ROW_TOTAL) {
				json_key(j, "total");
				json_bool(j, 1);
			} else if (t->row_flags[row] & REPORT_ROW_SUBTOTAL) {
				json_key(j, "subtotal");
				json_bool(j, 1);
			}
			json_object_end(j);
		}
		json_array_end(j);
		json_object_end(j);
	}
	json_array_end(j);
	json_key(j, "notes");
	json_array_begin(j);
	for (size_t i = 0; i < r->notes.count; i++)
		json_string(j, r->notes.item[i]);
	json_array_end(j);
	json_object_end(j);
	strbuf_putc(&j->buf, '\n');
}

int report_write(const struct report *r, enum report_format format,
		 const char *only_table, FILE *out, struct error *err)
{
	const struct report_table *only = NULL;
	if (only_table && !(only = report_table_find(r, only_table))) {
		struct strbuf keys = STRBUF_INIT;
		for (size_t i = 0; i < r->ntable; i++)
			strbuf_printf(&keys, "%s%s", i ? ", " : "", r->table[i]->key);
		error_set(err, ERROR_INPUT, "the %s report has no table '%s' (its tables: %s)",
			  report_kind_name(r->kind), only_table, strbuf_str(&keys));
		strbuf_free(&keys);
		return -1;
	}
	int failed = 0;
	if (format == REPORT_FORMAT_CSV) {
		struct csv c;
		write_csv(r, only, out, &c);
		failed = csv_finish(&c) < 0;
	} else if (format == REPORT_FORMAT_JSON) {
		struct json j;
		write_json(r, only, out, &j);
		failed = json_finish(&j) < 0;
		json_free(&j);
	} else {
		struct strbuf sb = STRBUF_INIT;
		struct strlist header = STRLIST_INIT;
		if (report_header_lines(r, &header) < 0)
			sb.failed = 1;
		if (only) {
			for (size_t c = 0; c < only->ncol; c++)
				tsv_field(&sb, only->col[c].key, c == 0);
			strbuf_putc(&sb, '\n');
			for (size_t row = 0; row < only->nrow; row++) {
				for (size_t c = 0; c < only->ncol; c++) {
					char buf[REPORT_CELL_BUF];
					tsv_field(&sb, report_cell_text(only, row, c, "", buf), c == 0);
				}
				strbuf_putc(&sb, '\n');
			}
		} else {
			write_tsv(r, &header, &sb);
		}
		strlist_clear(&header);
		failed = sb.failed || (sb.len && fwrite(sb.data, 1, sb.len, out) != sb.len);
		strbuf_free(&sb);
	}
	if (failed || fflush(out) != 0)
		return error_set(err, ERROR_STORAGE, "cannot write the report");
	return 0;
}
