/* pager: a scrolling page of labelled, wrapped lines, the widget under
 * the detail view and the help screen. */
#ifndef SIGNPOST_TUI_PAGER_H
#define SIGNPOST_TUI_PAGER_H

#include <curses.h>
#include <stddef.h>

#include "tui/keys.h"
#include "tui/theme.h"

struct pager_line {
	char *label;                  /* drawn in the label column, or NULL */
	char *text;
	enum theme_element style;
};

struct pager {
	struct pager_line *line;
	size_t count;
	long top;
	int width;                    /* the width the lines were wrapped to */
	int label_cols;
	WINDOW *win;
};

void pager_init(struct pager *p, int label_cols);
/* Drops the lines (keeps the window and the scroll position). */
void pager_clear(struct pager *p);
void pager_free(struct pager *p);

/* Adds text wrapped to the pager's width, with label on its first line;
 * a blank line when text is "". */
void pager_add(struct pager *p, enum theme_element style, const char *label,
	       const char *text);

/* Adds text line by line as it is, without wrapping (a table keeps its
 * columns; a line wider than the screen is cut where it is drawn). */
void pager_add_lines(struct pager *p, enum theme_element style, const char *text);

/* (Re)makes the window for rows x cols at (y, x); returns whether the
 * width changed, so the caller knows to wrap the lines again. */
int pager_place(struct pager *p, int rows, int cols, int y, int x);

/* Scrolls for a moving action; returns whether anything moved. */
int pager_key(struct pager *p, enum tui_action action);
int pager_scroll(struct pager *p, long lines);
void pager_draw(struct pager *p);

#endif
