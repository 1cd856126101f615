/* text: the one door every string from data passes before a terminal.
 *
 * Data (listings, notes, imported files) may hold anything: escape
 * sequences, bare carriage returns, bidi overrides, broken UTF-8.  These
 * functions turn it into text that is safe to draw and measure it in
 * display columns, never in bytes.  No ncurses here: the TUI and the CLI
 * both use it. */
#ifndef SIGNPOST_TEXT_H
#define SIGNPOST_TEXT_H

#include <stddef.h>

enum text_flags {
	TEXT_ONE_LINE  = 0,       /* \n and \t become visible escapes too */
	TEXT_MULTILINE = 1 << 0,  /* keep \n (a paragraph break) */
	TEXT_KEEP_TAB  = 1 << 1,  /* keep \t */
};

/* A newly allocated copy of the len bytes at s that is valid UTF-8 and
 * holds no C0 control (bar those the flags keep), no DEL, no C1 control
 * and no bidi control.  Controls become visible caret escapes ("^[" for
 * ESC, "^M" for CR, "^?" for DEL), C1 controls "<U+0085>"-style, bidi
 * controls are dropped, and each invalid byte becomes U+FFFD.
 * Returns NULL only when out of memory. */
char *text_sanitize(const char *s, size_t len, unsigned flags);

/* The same, for a NUL-terminated string; NULL gives "". */
char *text_clean(const char *s, unsigned flags);

/* True when s (len bytes) would pass text_sanitize unchanged. */
int text_is_clean(const char *s, size_t len, unsigned flags);

/* Display columns of a clean (sanitised) UTF-8 string: wide characters
 * count 2, combining marks 0. */
int text_width(const char *s);

/* Decodes one UTF-8 character at s (at most len bytes) into *cp and
 * returns its length in bytes, or 0 when the bytes there are not valid. */
size_t text_utf8_decode(const char *s, size_t len, unsigned *cp);

/* Columns that code point cp takes (0, 1 or 2). */
int text_cp_width(unsigned cp);

/* A newly allocated prefix of clean string s that fits in cols columns.
 * When s is cut, the result ends in "…" (or "~" when ellipsis is 0) and
 * never splits a character or separates a combining mark from its base.
 * Returns NULL only when out of memory. */
char *text_truncate(const char *s, int cols, int ellipsis);

/* Bytes of s that fit in cols columns (whole characters only, with
 * their combining marks); *used, when not NULL, gets the columns. */
size_t text_fit(const char *s, int cols, int *used);

/* Lines of wrapped text; owns its lines. */
struct text_lines {
	char **line;
	size_t count;
};

/* Wraps clean string s to cols columns: breaks at spaces where it can,
 * breaks a word longer than a line by columns, keeps each "\n" as a line
 * break and a blank line for "\n\n".  Returns 0, or -1 when out of
 * memory (lines is then empty). */
int text_wrap(const char *s, int cols, struct text_lines *lines);
void text_lines_free(struct text_lines *lines);

/* Writes clean s padded with spaces to exactly cols columns (truncated
 * with an ellipsis when longer) into a new string. */
char *text_pad(const char *s, int cols);

#endif
