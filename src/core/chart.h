/* chart: charts drawn with text, for the command line and the screens.
 *
 * Pure text functions, no ncurses: a horizontal bar for a count, a
 * column chart for a trend, and shading marks for a matrix.  Unicode
 * block elements where the locale's character set is UTF-8, and ASCII
 * ('#') where it is not.  Every chart is drawn beside or under the
 * figures it shows, so nothing is known from the chart alone (a screen
 * reader reads the figures). */
#ifndef SIGNPOST_CHART_H
#define SIGNPOST_CHART_H

#include <stddef.h>

#include "core/strlist.h"

enum chart_style {
	CHART_UNICODE,   /* ▏▎▍▌▋▊▉█ and ▁▂▃▄▅▆▇█, ░▒▓█ */
	CHART_ASCII,     /* '#', and " .:+#" for shading */
};

/* CHART_UNICODE when the locale's character set (LC_CTYPE, as set by
 * setlocale) is UTF-8, else CHART_ASCII. */
enum chart_style chart_style_for_locale(void);

/* Whether NO_COLOR is set to something (https://no-color.org): a screen
 * then shades with chart_shade_mark() instead of colours. */
int chart_no_color(void);

/* A horizontal bar for value on a scale of 0 to max, at most width
 * columns: full blocks, then the eighth block nearest the rest; in ASCII
 * a '#' a column, rounded.  A value above 0 always shows at least the
 * thinnest bar, so a small count never looks like none.  Newly allocated
 * ("" for 0, for a max of 0 or below, or a width below 1); NULL only
 * when out of memory.  Its display width is at most width. */
char *chart_bar(double value, double max, int width, enum chart_style style);

/* A column chart of n values on a scale of 0 to max: height lines, top
 * first, appended to lines.  Each value is a column col_width wide,
 * with gap spaces between columns; the top of a column is the eighth
 * block nearest its height (▁..█), or in ASCII a '#' for each line it
 * fills at least half of.  A value above 0 shows at least ▁ (or one '#'
 * in ASCII).  Returns 0, or -1 when out of memory. */
int chart_columns(const double *values, size_t n, double max, int height,
		  int col_width, int gap, enum chart_style style, struct strlist *lines);

/* Shading for a matrix: CHART_SHADES levels, 0 only for a value of 0 (or
 * below), CHART_SHADES - 1 for max; levels between are equal steps. */
enum { CHART_SHADES = 5 };
int chart_shade_level(double value, double max);

/* The mark for a shade level, one column wide: " ", "░", "▒", "▓", "█"
 * in Unicode; " ", ".", ":", "+", "#" in ASCII.  A screen with colours
 * shades the cell's background by level instead; under NO_COLOR (or in
 * text) it puts the mark beside the figure. */
const char *chart_shade_mark(int level, enum chart_style style);

#endif
