#include "config.h"

#include "core/json.h"

#include <string.h>

/* Write out in pieces of about this many bytes. */
enum { FLUSH_AT = 1 << 16 };

void json_init(struct json *j, FILE *out, int pretty)
{
	memset(j, 0, sizeof *j);
	j->out = out;
	j->pretty = pretty;
}

static void flush(struct json *j)
{
	if (!j->out || j->buf.len < FLUSH_AT || j->buf.failed)
		return;
	if (fwrite(j->buf.data, 1, j->buf.len, j->out) != j->buf.len)
		j->buf.failed = 1;
	strbuf_reset(&j->buf);
}

static void indent(struct json *j)
{
	if (!j->pretty)
		return;
	strbuf_putc(&j->buf, '\n');
	for (int i = 0; i < j->depth; i++)
		strbuf_puts(&j->buf, "  ");
}

/* Before a value: a comma and a new line, unless it follows a key. */
static void before_value(struct json *j)
{
	if (j->after_key) {
		j->after_key = 0;
		return;
	}
	if (j->depth > 0 && j->count[j->depth]++ > 0)
		strbuf_putc(&j->buf, ',');
	if (j->depth > 0)
		indent(j);
}

static void open_(struct json *j, char c)
{
	before_value(j);
	strbuf_putc(&j->buf, c);
	if (j->depth + 1 < JSON_MAX_DEPTH)
		j->depth++;
	else
		j->buf.failed = 1;
	j->count[j->depth] = 0;
}

static void close_(struct json *j, char c)
{
	int had = j->count[j->depth];
	if (j->depth > 0)
		j->depth--;
	if (had)
		indent(j);
	strbuf_putc(&j->buf, c);
	flush(j);
}

void json_object_begin(struct json *j) { open_(j, '{'); }
void json_object_end(struct json *j) { close_(j, '}'); }
void json_array_begin(struct json *j) { open_(j, '['); }
void json_array_end(struct json *j) { close_(j, ']'); }

/* U+2028, U+2029, U+202A..U+202E and U+2066..U+2069, from their UTF-8. */
static int is_invisible_format(const unsigned char *p)
{
	if (p[1] == 0x80)
		return p[2] >= 0xa8 && p[2] <= 0xae;
	return p[1] == 0x81 && p[2] >= 0xa6 && p[2] <= 0xa9;
}

/* Whether byte c is written as it is (most of a listing's text): the
 * escapes below are for '"', '\\', controls, and some of 0xc2 and 0xe2. */
static int plain_byte(unsigned char c)
{
	return c >= 0x20 && c != '"' && c != '\\' && c != 0x7f && c != 0xc2 && c != 0xe2;
}

static void quoted(struct json *j, const char *s)
{
	static const char hex[] = "0123456789abcdef";
	strbuf_putc(&j->buf, '"');
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		/* A run of plain bytes goes in one copy: a byte at a time,
		 * the history documents of a large import took 8% of it. */
		const unsigned char *run = p;
		while (plain_byte(*p))
			p++;
		if (p > run)
			strbuf_add(&j->buf, (const char *)run, (size_t)(p - run));
		if (!*p)
			break;
		switch (*p) {
		case '"': strbuf_puts(&j->buf, "\\\""); break;
		case '\\': strbuf_puts(&j->buf, "\\\\"); break;
		case '\n': strbuf_puts(&j->buf, "\\n"); break;
		case '\t': strbuf_puts(&j->buf, "\\t"); break;
		case '\r': strbuf_puts(&j->buf, "\\r"); break;
		default:
			/* A C1 control (U+0080..U+009F, UTF-8 C2 80..C2 9F) is
			 * a control too: U+009B is CSI to some terminals. */
			if (p[0] == 0xc2 && p[1] >= 0x80 && p[1] <= 0x9f) {
				char esc[7] = { '\\', 'u', '0', '0',
						hex[p[1] >> 4], hex[p[1] & 15], 0 };
				strbuf_puts(&j->buf, esc);
				p++;
			} else if (p[0] == 0xe2 && is_invisible_format(p)) {
				/* Bidi controls and line separators reorder or
				 * break what a terminal shows: escape them. */
				unsigned cp = 0x2000 | ((p[1] & 0x3fu) << 6) | (p[2] & 0x3fu);
				strbuf_printf(&j->buf, "\\u%04x", cp);
				p += 2;
			} else if (*p < 0x20 || *p == 0x7f) {
				char esc[7] = { '\\', 'u', '0', '0',
						hex[*p >> 4], hex[*p & 15], 0 };
				strbuf_puts(&j->buf, esc);
			} else {
				strbuf_putc(&j->buf, (char)*p);
			}
		}
	}
	strbuf_putc(&j->buf, '"');
}

void json_key(struct json *j, const char *key)
{
	before_value(j);
	quoted(j, key);
	strbuf_puts(&j->buf, j->pretty ? ": " : ":");
	j->after_key = 1;
}

void json_string(struct json *j, const char *s)
{
	if (!s) {
		json_null(j);
		return;
	}
	before_value(j);
	quoted(j, s);
	flush(j);
}

void json_int(struct json *j, long long v)
{
	before_value(j);
	strbuf_printf(&j->buf, "%lld", v);
}

void json_double(struct json *j, double v)
{
	before_value(j);
	strbuf_printf(&j->buf, "%.6g", v);
}

void json_bool(struct json *j, int v)
{
	before_value(j);
	strbuf_puts(&j->buf, v ? "true" : "false");
}

void json_null(struct json *j)
{
	before_value(j);
	strbuf_puts(&j->buf, "null");
}

void json_member_string(struct json *j, const char *key, const char *s)
{
	if (!s)
		return;
	json_key(j, key);
	json_string(j, s);
}

void json_member_int(struct json *j, const char *key, long long v)
{
	json_key(j, key);
	json_int(j, v);
}

int json_finish(struct json *j)
{
	if (j->buf.failed)
		return -1;
	if (j->out && j->buf.len) {
		if (fwrite(j->buf.data, 1, j->buf.len, j->out) != j->buf.len)
			return -1;
		strbuf_reset(&j->buf);
	}
	return 0;
}

void json_free(struct json *j)
{
	strbuf_free(&j->buf);
}
