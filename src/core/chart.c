#include "config.h"

#include "core/chart.h"
#include "core/strbuf.h"

#include <langinfo.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* U+2588 FULL BLOCK and the left eighths U+258F (one eighth) .. U+2589
 * (seven eighths), by eighths: [1] is one eighth, [8] the full block. */
static const char *const left_eighths[9] = {
	"", "▏", "▎", "▍", "▌", "▋", "▊", "▉", "█",
};

/* The lower eighths U+2581 .. U+2588. */
static const char *const lower_eighths[9] = {
	" ", "▁", "▂", "▃", "▄", "▅", "▆", "▇", "█",
};

enum chart_style chart_style_for_locale(void)
{
	const char *set = nl_langinfo(CODESET);
	if (set && (strcasecmp(set, "UTF-8") == 0 || strcasecmp(set, "utf8") == 0))
		return CHART_UNICODE;
	return CHART_ASCII;
}

int chart_no_color(void)
{
	const char *v = getenv("NO_COLOR");
	return v && *v;
}

/* value as a share of max, in units (eighths or whole columns), rounded,
 * at least 1 when value is above 0. */
static long units(double value, double max, long scale)
{
	if (!(value > 0) || !(max > 0))
		return 0;
	if (value > max)
		value = max;
	long u = (long)(value / max * (double)scale + 0.5);
	return u < 1 ? 1 : u;
}

char *chart_bar(double value, double max, int width, enum chart_style style)
{
	struct strbuf sb = STRBUF_INIT;
	strbuf_puts(&sb, "");
	if (width >= 1) {
		if (style == CHART_ASCII) {
			for (long i = units(value, max, width); i > 0; i--)
				strbuf_putc(&sb, '#');
		} else {
			long eighths = units(value, max, (long)width * 8);
			for (long i = eighths / 8; i > 0; i--)
				strbuf_puts(&sb, left_eighths[8]);
			strbuf_puts(&sb, left_eighths[eighths % 8]);
		}
	}
	return strbuf_detach(&sb);
}

int chart_columns(const double *values, size_t n, double max, int height,
		  int col_width, int gap, enum chart_style style, struct strlist *lines)
{
	if (height < 1)
		return 0;
	if (col_width < 1)
		col_width = 1;
	for (int line = 0; line < height; line++) {
		/* Eighths below this line's bottom edge. */
		long floor_ = (long)(height - 1 - line) * 8;
		struct strbuf sb = STRBUF_INIT;
		for (size_t i = 0; i < n; i++) {
			long e = units(values[i], max, (long)height * 8) - floor_;
			const char *mark;
			if (style == CHART_ASCII) {
				/* At least half of this line; the smallest value shows one. */
				int full = e >= 4 || (line == height - 1 && e > 0);
				mark = full ? "#" : " ";
			} else {
				mark = lower_eighths[e <= 0 ? 0 : e >= 8 ? 8 : e];
			}
			if (i > 0)
				for (int g = 0; g < gap; g++)
					strbuf_putc(&sb, ' ');
			for (int w = 0; w < col_width; w++)
				strbuf_puts(&sb, mark);
		}
		/* Blanks at the end of a line carry nothing. */
		while (sb.len && sb.data[sb.len - 1] == ' ')
			sb.data[--sb.len] = '\0';
		strbuf_puts(&sb, "");
		if (strlist_take(lines, strbuf_detach(&sb)) < 0)
			return -1;
	}
	return 0;
}

int chart_shade_level(double value, double max)
{
	if (!(value > 0) || !(max > 0))
		return 0;
	if (value >= max)
		return CHART_SHADES - 1;
	int level = 1 + (int)(value / max * (CHART_SHADES - 1));
	return level > CHART_SHADES - 1 ? CHART_SHADES - 1 : level;
}

const char *chart_shade_mark(int level, enum chart_style style)
{
	static const char *const unicode[CHART_SHADES] = { " ", "░", "▒", "▓", "█" };
	static const char *const ascii[CHART_SHADES] = { " ", ".", ":", "+", "#" };
	if (level < 0)
		level = 0;
	if (level >= CHART_SHADES)
		level = CHART_SHADES - 1;
	return style == CHART_ASCII ? ascii[level] : unicode[level];
}
