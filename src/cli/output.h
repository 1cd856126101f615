/* output: tables and tab-separated rows for the command line.  Every
 * cell passes through the sanitiser, so data cannot drive the terminal. */
#ifndef SIGNPOST_OUTPUT_H
#define SIGNPOST_OUTPUT_H

#include <stddef.h>
#include <stdio.h>

#include "core/strlist.h"

struct out_table {
	size_t columns;
	struct strlist cells;      /* headers first, then rows; sanitised */
};

void out_table_init(struct out_table *t, const char *const *headers, size_t columns);
/* Adds a row of `columns` cells (NULL is empty); returns 0 or -1. */
int out_table_add(struct out_table *t, const char *const *cells);
/* Prints the table aligned in columns, fitted to width columns when width
 * is above 0 by shortening the widest cells. */
int out_table_print(const struct out_table *t, FILE *out, int width);
void out_table_free(struct out_table *t);

/* One tab-separated line: tabs and line breaks inside a cell become
 * visible escapes, so the columns always hold. */
void out_tsv_row(FILE *out, const char *const *cells, size_t n);

/* The terminal's width when stdout is one, else 0. */
int out_terminal_width(void);

/* Prints s sanitised (line breaks kept when multiline). */
void out_text(FILE *out, const char *s, int multiline);

/* Prints text wrapped to width, each line after the first indented by
 * indent spaces (the first is assumed to sit after a label that long). */
void out_wrapped(FILE *out, const char *s, int indent, int width);

#endif
