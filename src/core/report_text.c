#include "config.h"

#include "core/report_text.h"
#include "core/strbuf.h"
#include "core/text.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { BAR_WIDTH = 20, COLUMN_CHART_HEIGHT = 8 };

/* Appends s, made safe, and a line break. */
static void put_clean(struct strbuf *out, const char *s)
{
	char *clean = text_clean(s, TEXT_ONE_LINE);
	if (!clean)
		out->failed = 1;
	else
		strbuf_puts(out, clean);
	strbuf_putc(out, '\n');
	free(clean);
}

static int numeric(const struct report_column *c)
{
	return c->kind != REPORT_TEXT;
}

/* Printable ASCII: text_clean leaves it as it is, and its width is its
 * length. */
static int plain_ascii(const char *s, size_t *len)
{
	const char *p = s;
	for (; *p; p++)
		if ((unsigned char)*p < 0x20 || (unsigned char)*p >= 0x7F)
			return 0;
	*len = (size_t)(p - s);
	return 1;
}

/* The cells' text, kept in blocks freed together: a table of 150,000
 * rows was a million malloc and free calls, a quarter of its time. */
struct cell_pool {
	struct pool_block *head;
};

struct pool_block {
	struct pool_block *next;
	size_t used, size;
	char data[];
};

static char *pool_copy(struct cell_pool *p, const char *s, size_t len)
{
	struct pool_block *b = p->head;
	if (!b || b->size - b->used < len + 1) {
		size_t size = len + 1 > 65536 ? len + 1 : 65536;
		b = malloc(sizeof *b + size);
		if (!b)
			return NULL;
		b->next = p->head;
		b->used = 0;
		b->size = size;
		p->head = b;
	}
	char *out = b->data + b->used;
	memcpy(out, s, len);
	out[len] = '\0';
	b->used += len + 1;
	return out;
}

/* A string of malloc's moved into the pool. */
static char *pool_take(struct cell_pool *p, char *s)
{
	char *out = s ? pool_copy(p, s, strlen(s)) : NULL;
	free(s);
	return out;
}

static void pool_free(struct cell_pool *p)
{
	while (p->head) {
		struct pool_block *next = p->head->next;
		free(p->head);
		p->head = next;
	}
}

/* The cell as the screen shows it, sanitised, and its width in *width.
 * A table of 150,000 rows is over a million cells: the figures are
 * written without printf, and plain ASCII is copied once, not decoded. */
static char *screen_cell(const struct report_table *t, size_t row, size_t col,
			 const struct report_text_options *sc, struct cell_pool *pool, int *width)
{
	char buf[REPORT_CELL_BUF];
	const char *text = report_cell_text(t, row, col, numeric(&t->col[col]) ? "-" : "", buf);
	if (sc->charts && t->chart == REPORT_CHART_MATRIX && (t->col[col].flags & REPORT_COL_CHART) &&
	    !(t->row_flags[row] & (REPORT_ROW_TOTAL | REPORT_ROW_SUBTOTAL))) {
		/* The shade beside the figure: the matrix's text form. */
		double max = 0;
		for (size_t c = 0; c < t->ncol; c++)
			if (t->col[c].flags & REPORT_COL_CHART) {
				double m = report_column_max(t, c);
				max = m > max ? m : max;
			}
		const struct report_cell *cell = report_cell_at(t, row, col);
		int level = cell->state == REPORT_SHOWN ? chart_shade_level(cell->value, max) : 0;
		char *shaded = NULL;
		if (asprintf(&shaded, "%s%s", text, chart_shade_mark(level, sc->style)) < 0)
			return NULL;
		char *clean = text_clean(shaded, TEXT_ONE_LINE);
		free(shaded);
		*width = clean ? text_width(clean) : 0;
		return pool_take(pool, clean);
	}
	size_t len;
	if (plain_ascii(text, &len)) {
		*width = (int)len;
		return pool_copy(pool, text, len);
	}
	char *clean = text_clean(text, TEXT_ONE_LINE);
	*width = clean ? text_width(clean) : 0;
	return pool_take(pool, clean);
}

static void put_spaces(struct strbuf *line, int n)
{
	static const char spaces[] = "                                ";
	while (n > 0) {
		int k = n < (int)sizeof spaces - 1 ? n : (int)sizeof spaces - 1;
		strbuf_add(line, spaces, (size_t)k);
		n -= k;
	}
}

/* A table of 100,000 rows is a million cells: no printf a cell.  sw is
 * the width of s. */
static void put_aligned(struct strbuf *line, const char *s, int sw, int width, int right)
{
	int pad = width - sw;
	if (right)
		put_spaces(line, pad);
	strbuf_puts(line, s);
	if (!right)
		put_spaces(line, pad);
}

/* Appends a line without the blanks at its end. */
static void put_line(struct strbuf *out, struct strbuf *line)
{
	while (line->len && line->data[line->len - 1] == ' ')
		line->data[--line->len] = '\0';
	strbuf_add(out, strbuf_str(line), line->len);
	strbuf_putc(out, '\n');
	strbuf_reset(line);
}

static int text_table(struct strbuf *out, const struct report *rep,
		      const struct report_table *t, const struct report_text_options *sc)
{
	/* A report of one table has said its title already. */
	if (rep->ntable > 1 || strcmp(t->title, rep->title) != 0)
		put_clean(out, t->title);
	if (t->nrow == 0) {
		strbuf_puts(out, "  ");
		put_clean(out, t->empty ? t->empty : "Nothing to show.");
		return 0;
	}
	size_t ncol = t->ncol, nrow = t->nrow;
	int bars = sc->charts && t->chart == REPORT_CHART_BARS;
	long chart_col = report_column_with(t, REPORT_COL_CHART);
	if (chart_col < 0)
		bars = 0;
	char **cells = calloc((nrow + 1) * ncol, sizeof *cells);
	int *cwid = calloc((nrow + 1) * ncol, sizeof *cwid);
	int *w = calloc(ncol, sizeof *w);
	if (!cells || !cwid || !w) {
		free(cells);
		free(cwid);
		free(w);
		return -1;
	}
	int failed = 0;
	struct cell_pool pool = { NULL };
	for (size_t c = 0; c < ncol; c++) {
		cells[c] = pool_take(&pool, text_clean(t->col[c].label, TEXT_ONE_LINE));
		failed |= !cells[c];
		cwid[c] = cells[c] ? text_width(cells[c]) : 0;
	}
	for (size_t r = 0; r < nrow; r++)
		for (size_t c = 0; c < ncol; c++) {
			size_t i = (r + 1) * ncol + c;
			/* Keys are not shown on the screen. */
			if (t->col[c].flags & REPORT_COL_KEY)
				continue;
			cells[i] = screen_cell(t, r, c, sc, &pool, &cwid[i]);
			failed |= !cells[i];
		}
	for (size_t c = 0; c < ncol; c++) {
		if (t->col[c].flags & REPORT_COL_KEY)
			continue;
		for (size_t r = 0; !failed && r <= nrow; r++)
			w[c] = cwid[r * ncol + c] > w[c] ? cwid[r * ncol + c] : w[c];
	}
	/* On a narrow terminal, the label gives way first. */
	long label = report_column_with(t, REPORT_COL_LABEL);
	if (sc->width > 0 && label >= 0 && !failed) {
		int total = bars ? BAR_WIDTH + 2 : 0;
		for (size_t c = 0; c < ncol; c++)
			if (!(t->col[c].flags & REPORT_COL_KEY))
				total += w[c] + 2;
		int over = total - sc->width;
		if (over > 0)
			w[label] = w[label] - over < 12 ? (w[label] < 12 ? w[label] : 12)
							: w[label] - over;
	}
	double max = bars ? report_column_max(t, (size_t)chart_col) : 0;
	struct strbuf line = STRBUF_INIT;
	for (size_t r = 0; !failed && r <= nrow; r++) {
		int first = 1;
		for (size_t c = 0; c < ncol; c++) {
			if (t->col[c].flags & REPORT_COL_KEY)
				continue;
			const char *cell = cells[r * ncol + c];
			int sw = cwid[r * ncol + c];
			char *cut = NULL;
			if ((long)c == label && sw > w[c]) {
				cell = cut = text_truncate(cell, w[c], 1);
				sw = text_width(cell);
			}
			if (!first)
				strbuf_puts(&line, "  ");
			put_aligned(&line, cell ? cell : "", sw, w[c], numeric(&t->col[c]));
			free(cut);
			first = 0;
		}
		if (bars && r > 0 && !(t->row_flags[r - 1] & (REPORT_ROW_TOTAL |
							       REPORT_ROW_SUBTOTAL))) {
			const struct report_cell *cell = report_cell_at(t, r - 1, (size_t)chart_col);
			char *bar = cell->state == REPORT_SHOWN
				? chart_bar(cell->value, max, BAR_WIDTH, sc->style) : strdup("");
			if (bar && *bar)
				strbuf_printf(&line, "  %s", bar);
			free(bar);
		}
		put_line(out, &line);
	}
	failed |= line.failed;
	strbuf_free(&line);
	if (!failed && sc->charts && t->chart == REPORT_CHART_COLUMNS && chart_col >= 0) {
		/* The trend as columns, oldest on the left, under the table. */
		size_t n = 0;
		double *values = calloc(nrow, sizeof *values);
		if (values) {
			for (size_t r = 0; r < nrow; r++)
				if (!(t->row_flags[r] & REPORT_ROW_TOTAL))
					values[n++] = report_cell_at(t, r, (size_t)chart_col)->value;
			double top = report_column_max(t, (size_t)chart_col);
			struct strlist lines = STRLIST_INIT;
			int cw = n <= 26 ? 2 : 1;
			if (chart_columns(values, n, top, COLUMN_CHART_HEIGHT, cw, 1, sc->style,
					  &lines) == 0) {
				const char *axis = sc->style == CHART_ASCII ? "|" : "│";
				strbuf_putc(out, '\n');
				for (size_t i = 0; i < lines.count; i++) {
					char scale[32] = "";
					if (i == 0)
						snprintf(scale, sizeof scale, "%.0f", top);
					else if (i + 1 == lines.count)
						snprintf(scale, sizeof scale, "0");
					strbuf_printf(out, "%6s %s%s\n", scale, axis, lines.item[i]);
				}
				char *from = report_cell_format(t, 0, 0, "");
				char *to = report_cell_format(t, n ? n - 1 : 0, 0, "");
				strbuf_printf(out, "%6s  %s to %s, %s a %s\n", "", from ? from : "",
					      to ? to : "",
				       cw == 2 ? "two columns" : "one column",
				       t->col[0].key ? t->col[0].key : "row");
				free(from);
				free(to);
			}
			strlist_clear(&lines);
			free(values);
		}
	}
	pool_free(&pool);
	free(cells);
	free(cwid);
	free(w);
	return failed ? -1 : 0;
}

static void text_how(struct strbuf *out, const struct report_table *t)
{
	if (t->how) {
		strbuf_puts(out, "How: ");
		put_clean(out, t->how);
	}
	for (size_t c = 0; c < t->ncol; c++) {
		if (!t->col[c].how)
			continue;
		char *label = text_clean(t->col[c].label, TEXT_ONE_LINE);
		char *how = text_clean(t->col[c].how, TEXT_ONE_LINE);
		strbuf_printf(out, "  %s: %s\n", label ? label : "", how ? how : "");
		free(label);
		free(how);
	}
}

char *report_text(const struct report *r, const char *only,
		  const struct report_text_options *sc, struct error *err)
{
	struct strbuf out = STRBUF_INIT;
	struct strlist header = STRLIST_INIT;
	if (report_header_lines(r, &header) < 0) {
		strlist_clear(&header);
		error_nomem(err);
		return NULL;
	}
	for (size_t i = 0; i < header.count; i++)
		put_clean(&out, header.item[i]);
	strlist_clear(&header);
	for (size_t i = 0; i < r->ntable; i++) {
		const struct report_table *t = r->table[i];
		if (only && strcmp(only, t->key) != 0)
			continue;
		strbuf_putc(&out, '\n');
		if (text_table(&out, r, t, sc) < 0)
			out.failed = 1;
		text_how(&out, t);
	}
	if (r->notes.count)
		strbuf_putc(&out, '\n');
	for (size_t i = 0; i < r->notes.count; i++) {
		strbuf_puts(&out, "Note: ");
		put_clean(&out, r->notes.item[i]);
	}
	char *text = strbuf_detach(&out);
	if (!text)
		error_nomem(err);
	return text;
}
