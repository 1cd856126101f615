/* csv: RFC 4180 rows for spreadsheets. */
#ifndef SIGNPOST_CSV_H
#define SIGNPOST_CSV_H

#include <stdio.h>

#include "core/strbuf.h"

struct csv {
	FILE *out;
	struct strbuf row;
	int fields;      /* in the row being written */
	int failed;
};

void csv_init(struct csv *c, FILE *out);
/* Appends one field to the row: quoted when it holds a comma, a quote,
 * a line break or edge spaces; a text that a spreadsheet would take for
 * a formula (it starts with =, @, a tab or a carriage return, or + or -
 * not followed by a digit) is
 * written with a leading apostrophe.  Control characters are made
 * visible, so a file written to a terminal cannot drive it.  NULL is an
 * empty field. */
void csv_field(struct csv *c, const char *s);
void csv_field_int(struct csv *c, long long v);
/* Ends the row with CRLF and writes it. */
void csv_end_row(struct csv *c);
/* Returns 0, or -1 if anything failed. */
int csv_finish(struct csv *c);

/* Quotes one field into sb, as csv_field does. */
void csv_quote(struct strbuf *sb, const char *s);

#endif
