/* lineedit: a one-line text editor that edits as a shell does.  Which
 * key does what is in the key table (keys.c); this file does the edits.
 * UTF-8 throughout; the cursor never lands inside a character. */
#ifndef SIGNPOST_TUI_LINEEDIT_H
#define SIGNPOST_TUI_LINEEDIT_H

#include <curses.h>
#include <stddef.h>

#include "core/strbuf.h"

struct line_edit {
	struct strbuf text;
	size_t cursor;        /* a byte offset at a character boundary */
};

enum line_result {
	LINE_UNHANDLED,       /* nothing was done */
	LINE_CHANGED,         /* the text changed */
	LINE_MOVED,           /* only the cursor moved */
};

enum line_op {
	LINE_BACKSPACE,       /* the character before the cursor */
	LINE_DELETE,          /* the character under it */
	LINE_LEFT,
	LINE_RIGHT,
	LINE_HOME,
	LINE_END,
	LINE_KILL_START,      /* everything before the cursor (Ctrl-U) */
	LINE_KILL_WORD,       /* the word before the cursor (Ctrl-W) */
	LINE_KILL_END,        /* everything after it (Ctrl-K) */
};

void line_edit_init(struct line_edit *e);
void line_edit_free(struct line_edit *e);
void line_edit_clear(struct line_edit *e);
const char *line_edit_text(const struct line_edit *e);

enum line_result line_edit_do(struct line_edit *e, enum line_op op);
/* Inserts a typed character (control characters are refused). */
enum line_result line_edit_insert(struct line_edit *e, wint_t ch);
/* Inserts a line break, for a multi-line field. */
enum line_result line_edit_insert_newline(struct line_edit *e);

/* Draws the line in cols columns at (y, x), scrolled so the cursor
 * shows; places the terminal cursor there when focused. */
void line_edit_draw(const struct line_edit *e, WINDOW *w, int y, int x, int cols,
		    attr_t attr, int focused);

#endif
