#include "config.h"

#include "core/csv.h"
#include "core/text.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

void csv_init(struct csv *c, FILE *out)
{
	memset(c, 0, sizeof *c);
	c->out = out;
}

/* Spreadsheets run a cell that starts like a formula (CSV injection). */
static int looks_like_formula(const char *s)
{
	switch (s[0]) {
	case '=':
	case '@':
	case '\t':
	case '\r':
		return 1;
	case '+':
	case '-':
		return !isdigit((unsigned char)s[1]) && s[1] != ' ' && s[1] != '\0';
	default:
		return 0;
	}
}

void csv_quote(struct strbuf *sb, const char *raw)
{
	char *s = text_clean(raw, TEXT_MULTILINE | TEXT_KEEP_TAB);
	if (!s) {
		sb->failed = 1;
		return;
	}
	size_t n = strlen(s);
	int formula = looks_like_formula(s);
	int quote = formula || strpbrk(s, ",\"\r\n") != NULL ||
		    (n > 0 && (s[0] == ' ' || s[n - 1] == ' '));
	if (!quote) {
		strbuf_add(sb, s, n);
		free(s);
		return;
	}
	strbuf_putc(sb, '"');
	if (formula)
		strbuf_putc(sb, '\'');
	for (const char *p = s; *p; p++) {
		if (*p == '"')
			strbuf_putc(sb, '"');
		strbuf_putc(sb, *p);
	}
	strbuf_putc(sb, '"');
	free(s);
}

void csv_field(struct csv *c, const char *s)
{
	if (c->fields++ > 0)
		strbuf_putc(&c->row, ',');
	if (s)
		csv_quote(&c->row, s);
}

void csv_field_int(struct csv *c, long long v)
{
	char buf[32];
	snprintf(buf, sizeof buf, "%lld", v);
	csv_field(c, buf);
}

void csv_end_row(struct csv *c)
{
	strbuf_puts(&c->row, "\r\n");
	if (c->row.failed ||
	    fwrite(c->row.data, 1, c->row.len, c->out) != c->row.len)
		c->failed = 1;
	strbuf_reset(&c->row);
	c->fields = 0;
}

int csv_finish(struct csv *c)
{
	int failed = c->failed || c->row.failed;
	strbuf_free(&c->row);
	return failed ? -1 : 0;
}
