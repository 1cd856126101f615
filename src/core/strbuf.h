/* strbuf: a growable string that remembers whether it ran out of memory,
 * so that a run of appends is checked once at the end. */
#ifndef SIGNPOST_STRBUF_H
#define SIGNPOST_STRBUF_H

#include <stddef.h>

struct strbuf {
	char *data;   /* NUL-terminated when not NULL */
	size_t len;
	size_t cap;
	int failed;   /* an append ran out of memory */
};

#define STRBUF_INIT { NULL, 0, 0, 0 }

void strbuf_add(struct strbuf *sb, const char *s, size_t len);
void strbuf_puts(struct strbuf *sb, const char *s);
void strbuf_putc(struct strbuf *sb, char c);
void strbuf_printf(struct strbuf *sb, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void strbuf_reset(struct strbuf *sb);

/* The contents, never NULL (an empty buffer gives ""). */
const char *strbuf_str(const struct strbuf *sb);

/* Hands the string to the caller and empties the buffer; NULL when an
 * append failed (the buffer is then freed). */
char *strbuf_detach(struct strbuf *sb);
void strbuf_free(struct strbuf *sb);

#endif
