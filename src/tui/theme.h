/* theme: the colours of the screen, as named elements.  Without colour
 * (NO_COLOR, or a terminal that has none) each element falls back to an
 * attribute, so nothing that matters is told by colour alone. */
#ifndef SIGNPOST_TUI_THEME_H
#define SIGNPOST_TUI_THEME_H

#include <curses.h>

#include "core/error.h"
#include "core/settings.h"

#define THEME_ELEMENTS(X)                                              \
	/* name            fg        bg       attrs          mono */       \
	X(TITLE, "title", COLOR_WHITE, COLOR_BLUE, A_BOLD, A_REVERSE | A_BOLD) \
	X(SEARCH, "search", -1, -1, 0, 0)                                  \
	X(PROMPT, "prompt", COLOR_CYAN, -1, A_BOLD, A_BOLD)                \
	X(HEADER, "header", COLOR_YELLOW, -1, A_BOLD, A_UNDERLINE)         \
	X(ROW, "row", -1, -1, 0, 0)                                        \
	X(SELECTED, "selected", COLOR_BLACK, COLOR_CYAN, 0, A_REVERSE)     \
	X(STALE, "stale", COLOR_YELLOW, -1, 0, A_DIM)                      \
	X(UNAVAILABLE, "unavailable", COLOR_RED, -1, 0, A_DIM)             \
	X(LABEL, "label", COLOR_GREEN, -1, A_BOLD, A_BOLD)                 \
	X(HEADING, "heading", COLOR_CYAN, -1, A_BOLD, A_BOLD | A_UNDERLINE) \
	X(STATUS, "status", COLOR_BLACK, COLOR_WHITE, 0, A_REVERSE)        \
	X(MESSAGE, "message", COLOR_WHITE, COLOR_RED, A_BOLD, A_REVERSE | A_BOLD) \
	X(BORDER, "border", COLOR_CYAN, -1, 0, 0)                          \
	X(MARK, "mark", COLOR_GREEN, -1, A_BOLD, A_BOLD)                   \
	X(OVERDUE, "overdue", COLOR_RED, -1, A_BOLD, A_BOLD)               \
	X(DUE, "due", COLOR_YELLOW, -1, A_BOLD, A_UNDERLINE)

enum theme_element {
#define X(id, name, fg, bg, attr, mono) THEME_##id,
	THEME_ELEMENTS(X)
#undef X
	THEME_COUNT
};

/* Sets the colours up (after initscr), from the defaults and the user's
 * settings; a setting that names an unknown element or colour is an
 * error with its line and column. */
int theme_init(const struct settings *settings, struct error *err);

/* The attributes to draw an element with. */
attr_t theme_attr(enum theme_element e);

/* Whether the screen uses colour at all (no NO_COLOR, and a terminal
 * that has it). */
int theme_has_colour(void);

#endif
