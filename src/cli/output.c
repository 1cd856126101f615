#include "config.h"

#include "cli/output.h"
#include "core/text.h"

#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

void out_table_init(struct out_table *t, const char *const *headers, size_t columns)
{
	memset(t, 0, sizeof *t);
	t->columns = columns;
	out_table_add(t, headers);
}

int out_table_add(struct out_table *t, const char *const *cells)
{
	for (size_t i = 0; i < t->columns; i++)
		if (strlist_take(&t->cells, text_clean(cells[i], TEXT_ONE_LINE)) < 0)
			return -1;
	return 0;
}

void out_table_free(struct out_table *t)
{
	strlist_clear(&t->cells);
}

int out_table_print(const struct out_table *t, FILE *out, int width)
{
	size_t rows = t->columns ? t->cells.count / t->columns : 0;
	int *w = calloc(t->columns ? t->columns : 1, sizeof *w);
	if (!w)
		return -1;
	for (size_t r = 0; r < rows; r++)
		for (size_t c = 0; c < t->columns; c++) {
			int cw = text_width(t->cells.item[r * t->columns + c]);
			if (cw > w[c])
				w[c] = cw;
		}
	/* Two spaces between columns; shorten the widest until it fits. */
	if (width > 0) {
		for (;;) {
			int total = 0, widest = 0;
			for (size_t c = 0; c < t->columns; c++) {
				total += w[c] + (c ? 2 : 0);
				if (w[c] > w[widest])
					widest = (int)c;
			}
			if (total <= width || w[widest] <= 8)
				break;
			w[widest]--;
		}
	}
	for (size_t r = 0; r < rows; r++) {
		for (size_t c = 0; c < t->columns; c++) {
			const char *cell = t->cells.item[r * t->columns + c];
			int last = c + 1 == t->columns;
			char *shown = last ? text_truncate(cell, w[c], 1) : text_pad(cell, w[c]);
			if (!shown) {
				free(w);
				return -1;
			}
			fprintf(out, "%s%s", c ? "  " : "", shown);
			free(shown);
		}
		fputc('\n', out);
	}
	free(w);
	return 0;
}

void out_tsv_row(FILE *out, const char *const *cells, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		char *s = text_clean(cells[i], TEXT_ONE_LINE);
		fprintf(out, "%s%s", i ? "\t" : "", s ? s : "");
		free(s);
	}
	fputc('\n', out);
}

int out_terminal_width(void)
{
	if (!isatty(STDOUT_FILENO))
		return 0;
	struct winsize ws;
	if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0)
		return ws.ws_col;
	const char *columns = getenv("COLUMNS");
	int n = columns ? atoi(columns) : 0;
	return n > 0 ? n : 80;
}

void out_text(FILE *out, const char *s, int multiline)
{
	char *clean = text_clean(s, multiline ? TEXT_MULTILINE : TEXT_ONE_LINE);
	fputs(clean ? clean : "", out);
	free(clean);
}

void out_wrapped(FILE *out, const char *s, int indent, int width)
{
	char *clean = text_clean(s, TEXT_MULTILINE);
	struct text_lines lines = { 0 };
	int cols = width - indent;
	if (!clean || text_wrap(clean, cols < 20 ? 20 : cols, &lines) < 0) {
		free(clean);
		return;
	}
	for (size_t i = 0; i < lines.count; i++)
		fprintf(out, "%*s%s\n", i ? indent : 0, "", lines.line[i]);
	if (lines.count == 0)
		fputc('\n', out);
	text_lines_free(&lines);
	free(clean);
}
