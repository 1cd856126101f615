#include "config.h"

#include "tui/lineedit.h"
#include "core/text.h"
#include "tui/draw.h"

#include <stdlib.h>
#include <string.h>

void line_edit_init(struct line_edit *e)
{
	memset(e, 0, sizeof *e);
}

void line_edit_free(struct line_edit *e)
{
	strbuf_free(&e->text);
	e->cursor = 0;
}

void line_edit_clear(struct line_edit *e)
{
	strbuf_reset(&e->text);
	e->cursor = 0;
}

const char *line_edit_text(const struct line_edit *e)
{
	return strbuf_str(&e->text);
}

static int continuation(char c)
{
	return ((unsigned char)c & 0xc0) == 0x80;
}

static size_t prev_char(const struct line_edit *e, size_t at)
{
	while (at > 0 && continuation(e->text.data[--at]))
		;
	return at;
}

static size_t next_char(const struct line_edit *e, size_t at)
{
	if (at < e->text.len)
		at++;
	while (at < e->text.len && continuation(e->text.data[at]))
		at++;
	return at;
}

/* Removes the bytes [from, to) and leaves the cursor at from. */
static void cut(struct line_edit *e, size_t from, size_t to)
{
	if (to <= from)
		return;
	memmove(e->text.data + from, e->text.data + to, e->text.len - to + 1);
	e->text.len -= to - from;
	e->cursor = from;
}

static int insert(struct line_edit *e, wint_t ch)
{
	char utf8[4];
	size_t n;
	unsigned cp = (unsigned)ch;
	if ((cp < 0x20 && cp != '\n') || cp == 0x7f || (cp >= 0x80 && cp < 0xa0) ||
	    cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	if (cp < 0x80) {
		utf8[0] = (char)cp;
		n = 1;
	} else if (cp < 0x800) {
		utf8[0] = (char)(0xc0 | cp >> 6);
		utf8[1] = (char)(0x80 | (cp & 0x3f));
		n = 2;
	} else if (cp < 0x10000) {
		utf8[0] = (char)(0xe0 | cp >> 12);
		utf8[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
		utf8[2] = (char)(0x80 | (cp & 0x3f));
		n = 3;
	} else {
		utf8[0] = (char)(0xf0 | cp >> 18);
		utf8[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
		utf8[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
		utf8[3] = (char)(0x80 | (cp & 0x3f));
		n = 4;
	}
	/* Nothing typed into signpost has any business being longer. */
	if (e->text.len + n > 10000)
		return 0;
	size_t tail = e->text.len - e->cursor;
	strbuf_add(&e->text, utf8, n);        /* grow by n */
	if (e->text.failed)
		return 0;
	memmove(e->text.data + e->cursor + n, e->text.data + e->cursor, tail);
	memcpy(e->text.data + e->cursor, utf8, n);
	e->cursor += n;
	return 1;
}

enum line_result line_edit_insert(struct line_edit *e, wint_t ch)
{
	if (ch == '\n')
		return LINE_UNHANDLED;
	return insert(e, ch) ? LINE_CHANGED : LINE_UNHANDLED;
}

enum line_result line_edit_insert_newline(struct line_edit *e)
{
	return insert(e, '\n') ? LINE_CHANGED : LINE_UNHANDLED;
}

enum line_result line_edit_do(struct line_edit *e, enum line_op op)
{
	size_t len = e->text.len, at = e->cursor, from;
	switch (op) {
	case LINE_BACKSPACE:
		cut(e, prev_char(e, at), at);
		return at ? LINE_CHANGED : LINE_UNHANDLED;
	case LINE_DELETE:
		cut(e, at, next_char(e, at));
		return at < len ? LINE_CHANGED : LINE_UNHANDLED;
	case LINE_LEFT:
		e->cursor = prev_char(e, at);
		return LINE_MOVED;
	case LINE_RIGHT:
		e->cursor = next_char(e, at);
		return LINE_MOVED;
	case LINE_HOME:
		e->cursor = 0;
		return LINE_MOVED;
	case LINE_END:
		e->cursor = len;
		return LINE_MOVED;
	case LINE_KILL_START:
		cut(e, 0, at);
		return at ? LINE_CHANGED : LINE_UNHANDLED;
	case LINE_KILL_WORD:
		/* As a shell does: the spaces before the cursor, then the word. */
		from = at;
		while (from > 0 && e->text.data[from - 1] == ' ')
			from--;
		while (from > 0 && e->text.data[from - 1] != ' ')
			from--;
		cut(e, from, at);
		return from < at ? LINE_CHANGED : LINE_UNHANDLED;
	case LINE_KILL_END:
		if (at == len)
			return LINE_UNHANDLED;
		e->text.len = at;
		e->text.data[at] = '\0';
		return LINE_CHANGED;
	}
	return LINE_UNHANDLED;
}

void line_edit_draw(const struct line_edit *e, WINDOW *w, int y, int x, int cols,
		    attr_t attr, int focused)
{
	const char *s = line_edit_text(e);
	/* Scroll so that the cursor stays in view, a character from the edge. */
	char *before = strndup(s, e->cursor);
	char *clean = before ? text_clean(before, TEXT_ONE_LINE) : NULL;
	int cursor_col = clean ? text_width(clean) : 0;
	free(clean);
	free(before);
	size_t start = 0;
	while (cursor_col >= cols - 1 && start < e->cursor) {
		unsigned cp;
		size_t n = text_utf8_decode(s + start, e->text.len - start, &cp);
		if (n == 0)
			n = 1;
		cursor_col -= text_cp_width(cp);
		start += n;
	}
	draw_text(w, y, x, s + start, cols, attr, 1);
	if (focused)
		wmove(w, y, x + cursor_col);
}
