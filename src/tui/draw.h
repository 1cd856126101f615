/* draw: the one door through which text reaches the screen.  Every
 * string is sanitised, measured in columns and cut to fit, never by
 * bytes, so data cannot drive the terminal or break the layout. */
#ifndef SIGNPOST_TUI_DRAW_H
#define SIGNPOST_TUI_DRAW_H

#include <curses.h>

/* Call once after setlocale: whether the terminal's locale is UTF-8
 * (when it is not, an ellipsis is drawn as "~"). */
void draw_init(void);
int draw_utf8(void);

/* Draws s at (y, x) of w in attr, in at most cols columns: cut with an
 * ellipsis when longer, and padded with spaces to cols when pad is set.
 * Returns the columns drawn (cols when padded). */
int draw_text(WINDOW *w, int y, int x, const char *s, int cols, attr_t attr, int pad);

/* Spaces in attr from (y, x) for cols columns. */
void draw_fill(WINDOW *w, int y, int x, int cols, attr_t attr);

/* Draws s wrapped to cols columns from row y, skipping the first skip
 * lines and drawing at most rows; returns the number of lines s takes. */
int draw_wrapped(WINDOW *w, int y, int x, const char *s, int cols, int skip, int rows,
		 attr_t attr);

#endif
