#include "config.h"

#include "tui/draw.h"
#include "core/text.h"

#include <langinfo.h>
#include <stdlib.h>
#include <string.h>

static int utf8;

void draw_init(void)
{
	const char *codeset = nl_langinfo(CODESET);
	utf8 = codeset && (strcmp(codeset, "UTF-8") == 0 || strcmp(codeset, "utf8") == 0);
}

int draw_utf8(void)
{
	return utf8;
}

void draw_fill(WINDOW *w, int y, int x, int cols, attr_t attr)
{
	if (cols <= 0)
		return;
	wattrset(w, attr);
	mvwhline(w, y, x, ' ', cols);
	wattrset(w, A_NORMAL);
}

int draw_text(WINDOW *w, int y, int x, const char *s, int cols, attr_t attr, int pad)
{
	if (cols <= 0)
		return 0;
	char *clean = text_clean(s, TEXT_ONE_LINE);
	char *shown = clean ? text_truncate(clean, cols, utf8) : NULL;
	int used = 0;
	if (shown) {
		used = text_width(shown);
		wattrset(w, attr);
		mvwaddstr(w, y, x, shown);
		wattrset(w, A_NORMAL);
	}
	if (pad && used < cols) {
		draw_fill(w, y, x + used, cols - used, attr);
		used = cols;
	}
	free(shown);
	free(clean);
	return used;
}

int draw_wrapped(WINDOW *w, int y, int x, const char *s, int cols, int skip, int rows,
		 attr_t attr)
{
	char *clean = text_clean(s, TEXT_MULTILINE);
	struct text_lines lines = { 0 };
	if (!clean || text_wrap(clean, cols, &lines) < 0) {
		free(clean);
		return 0;
	}
	for (int i = skip; i < (int)lines.count && i - skip < rows; i++)
		draw_text(w, y + i - skip, x, lines.line[i], cols, attr, 0);
	int count = (int)lines.count;
	text_lines_free(&lines);
	free(clean);
	return count;
}
