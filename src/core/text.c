#include "config.h"

#include "core/text.h"

#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#define REPLACEMENT "\xEF\xBF\xBD"  /* U+FFFD */
#define ELLIPSIS    "\xE2\x80\xA6"  /* U+2026, one column */

/* A growable string local to this file; an append that runs out of
 * memory frees it and sets failed, so a run of appends is checked once. */
struct buf {
	char *data;
	size_t len;
	size_t cap;
	int failed;
};

/* Makes room for n more bytes and the NUL. */
static int buf_grow(struct buf *b, size_t n)
{
	if (b->failed)
		return -1;
	if (b->cap - b->len > n)
		return 0;
	size_t cap = b->cap ? b->cap : 32;
	while (cap - b->len <= n) {
		if (cap > SIZE_MAX / 2)
			goto fail;
		cap *= 2;
	}
	char *p = realloc(b->data, cap);
	if (!p)
		goto fail;
	b->data = p;
	b->cap = cap;
	return 0;
fail:
	free(b->data);
	b->data = NULL;
	b->len = b->cap = 0;
	b->failed = 1;
	return -1;
}

static void buf_add(struct buf *b, const char *s, size_t n)
{
	if (n == 0 || buf_grow(b, n) < 0)
		return;
	memcpy(b->data + b->len, s, n);
	b->len += n;
	b->data[b->len] = '\0';
}

static void buf_puts(struct buf *b, const char *s)
{
	buf_add(b, s, strlen(s));
}

static void buf_spaces(struct buf *b, size_t n)
{
	if (n == 0 || buf_grow(b, n) < 0)
		return;
	memset(b->data + b->len, ' ', n);
	b->len += n;
	b->data[b->len] = '\0';
}

/* The string, "" when nothing was added, NULL when an append failed. */
static char *buf_finish(struct buf *b)
{
	if (b->failed)
		return NULL;
	if (!b->data && buf_grow(b, 0) < 0)
		return NULL;
	b->data[b->len] = '\0';
	return b->data;
}

/* ---- UTF-8 and sanitising ---------------------------------------- */

size_t text_utf8_decode(const char *s, size_t len, unsigned *cp)
{
	const unsigned char *u = (const unsigned char *)s;
	unsigned c, lo = 0x80, hi = 0xBF;
	size_t n;

	if (cp)
		*cp = 0xFFFD;
	if (!s || len == 0)
		return 0;
	c = u[0];
	if (c < 0x80) {
		n = 1;
	} else if (c < 0xC2) {
		return 0;       /* continuation byte, or overlong lead */
	} else if (c < 0xE0) {
		n = 2;
		c &= 0x1F;
	} else if (c < 0xF0) {
		n = 3;
		c &= 0x0F;
		if (u[0] == 0xE0)
			lo = 0xA0;  /* overlong */
		else if (u[0] == 0xED)
			hi = 0x9F;  /* surrogates */
	} else if (c < 0xF5) {
		n = 4;
		c &= 0x07;
		if (u[0] == 0xF0)
			lo = 0x90;  /* overlong */
		else if (u[0] == 0xF4)
			hi = 0x8F;  /* past U+10FFFF */
	} else {
		return 0;
	}
	if (len < n)
		return 0;
	for (size_t i = 1; i < n; i++) {
		if (u[i] < lo || u[i] > hi)
			return 0;
		c = c << 6 | (u[i] & 0x3F);
		lo = 0x80;
		hi = 0xBF;
	}
	if (cp)
		*cp = c;
	return n;
}

static int is_bidi_control(unsigned cp)
{
	return (cp >= 0x202A && cp <= 0x202E) ||
	       (cp >= 0x2066 && cp <= 0x2069) ||
	       cp == 0x200E || cp == 0x200F || cp == 0x061C;
}

/* What a character (n bytes, 0 when invalid) becomes: NULL to keep it,
 * else its replacement, "" to drop it.  esc holds caret and <U+...>
 * escapes. */
static const char *replacement(unsigned cp, size_t n, unsigned flags,
			       char esc[static 16])
{
	if (n == 0)
		return REPLACEMENT;
	if (cp < 0x20 || cp == 0x7F) {
		if (cp == '\n' && (flags & TEXT_MULTILINE))
			return NULL;
		if (cp == '\t' && (flags & TEXT_KEEP_TAB))
			return NULL;
		esc[0] = '^';
		esc[1] = (char)(cp ^ 0x40);  /* ESC -> '[', DEL -> '?' */
		esc[2] = '\0';
		return esc;
	}
	if (cp >= 0x80 && cp <= 0x9F) {
		snprintf(esc, 16, "<U+%04X>", cp);
		return esc;
	}
	if (is_bidi_control(cp))
		return "";
	if (cp == 0x2028 || cp == 0x2029)
		return (flags & TEXT_MULTILINE) ? "\n" : " ";
	return NULL;
}

char *text_sanitize(const char *s, size_t len, unsigned flags)
{
	struct buf b = { NULL, 0, 0, 0 };
	size_t i = 0, run = 0;
	char esc[16];

	if (!s) {
		s = "";
		len = 0;
	}
	if (buf_grow(&b, len) < 0)
		return NULL;
	while (i < len) {
		/* Printable ASCII, most of any text, stays as it is. */
		if ((unsigned char)s[i] >= 0x20 && (unsigned char)s[i] < 0x7F) {
			i++;
			continue;
		}
		unsigned cp;
		size_t n = text_utf8_decode(s + i, len - i, &cp);
		const char *rep = replacement(cp, n, flags, esc);

		if (!rep) {
			i += n;
			continue;
		}
		/* Copy the clean run before it in one go. */
		buf_add(&b, s + run, i - run);
		buf_puts(&b, rep);
		i += n ? n : 1;
		run = i;
	}
	buf_add(&b, s + run, i - run);
	return buf_finish(&b);
}

char *text_clean(const char *s, unsigned flags)
{
	if (!s)
		s = "";
	return text_sanitize(s, strlen(s), flags);
}

int text_is_clean(const char *s, size_t len, unsigned flags)
{
	size_t i = 0;
	char esc[16];

	if (!s)
		return len == 0;
	while (i < len) {
		unsigned cp;
		size_t n = text_utf8_decode(s + i, len - i, &cp);

		if (replacement(cp, n, flags, esc))
			return 0;
		i += n;
	}
	return 1;
}

/* ---- Widths --------------------------------------------------------- */

struct width_range {
	unsigned lo, hi;
	int width;
};

/* Used when wcwidth() knows nothing of a code point, as in the C locale,
 * so that columns come out as glibc's UTF-8 locales count them for the
 * scripts we meet.  Sorted, not overlapping; anything else is 1. */
static const struct width_range fallback_widths[] = {
	{ 0x0300, 0x036F, 0 }, { 0x0483, 0x0489, 0 }, { 0x0591, 0x05BD, 0 },
	{ 0x05BF, 0x05BF, 0 }, { 0x05C1, 0x05C2, 0 }, { 0x05C4, 0x05C5, 0 },
	{ 0x05C7, 0x05C7, 0 }, { 0x0610, 0x061A, 0 }, { 0x061C, 0x061C, 0 },
	{ 0x064B, 0x065F, 0 }, { 0x0670, 0x0670, 0 }, { 0x06D6, 0x06DC, 0 },
	{ 0x06DF, 0x06E4, 0 }, { 0x06E7, 0x06E8, 0 }, { 0x06EA, 0x06ED, 0 },
	{ 0x0711, 0x0711, 0 }, { 0x0730, 0x074A, 0 },
	/* Devanagari, Bengali, Gurmukhi, Gujarati, Tamil */
	{ 0x0900, 0x0902, 0 }, { 0x093A, 0x093A, 0 }, { 0x093C, 0x093C, 0 },
	{ 0x0941, 0x0948, 0 }, { 0x094D, 0x094D, 0 }, { 0x0951, 0x0957, 0 },
	{ 0x0962, 0x0963, 0 }, { 0x0981, 0x0981, 0 }, { 0x09BC, 0x09BC, 0 },
	{ 0x09C1, 0x09C4, 0 }, { 0x09CD, 0x09CD, 0 }, { 0x09E2, 0x09E3, 0 },
	{ 0x0A01, 0x0A02, 0 }, { 0x0A3C, 0x0A3C, 0 }, { 0x0A41, 0x0A42, 0 },
	{ 0x0A47, 0x0A48, 0 }, { 0x0A4B, 0x0A4D, 0 }, { 0x0A51, 0x0A51, 0 },
	{ 0x0A70, 0x0A71, 0 }, { 0x0A75, 0x0A75, 0 }, { 0x0A81, 0x0A82, 0 },
	{ 0x0ABC, 0x0ABC, 0 }, { 0x0AC1, 0x0AC5, 0 }, { 0x0AC7, 0x0AC8, 0 },
	{ 0x0ACD, 0x0ACD, 0 }, { 0x0AE2, 0x0AE3, 0 }, { 0x0B82, 0x0B82, 0 },
	{ 0x0BC0, 0x0BC0, 0 }, { 0x0BCD, 0x0BCD, 0 },
	/* Thai */
	{ 0x0E31, 0x0E31, 0 }, { 0x0E34, 0x0E3A, 0 }, { 0x0E47, 0x0E4E, 0 },
	/* Hangul jamo: leading consonants wide, vowels and finals join */
	{ 0x1100, 0x115F, 2 }, { 0x1160, 0x11FF, 0 },
	{ 0x1AB0, 0x1AFF, 0 }, { 0x1DC0, 0x1DFF, 0 }, { 0x200B, 0x200F, 0 },
	{ 0x202A, 0x202E, 0 }, { 0x2060, 0x2064, 0 }, { 0x2066, 0x206F, 0 },
	{ 0x20D0, 0x20FF, 0 },
	/* emoji presentation symbols */
	{ 0x231A, 0x231B, 2 }, { 0x2329, 0x232A, 2 }, { 0x23E9, 0x23EC, 2 },
	{ 0x23F0, 0x23F0, 2 }, { 0x23F3, 0x23F3, 2 }, { 0x25FD, 0x25FE, 2 },
	{ 0x2614, 0x2615, 2 }, { 0x2648, 0x2653, 2 }, { 0x267F, 0x267F, 2 },
	{ 0x2693, 0x2693, 2 }, { 0x26A1, 0x26A1, 2 }, { 0x26AA, 0x26AB, 2 },
	{ 0x26BD, 0x26BE, 2 }, { 0x26C4, 0x26C5, 2 }, { 0x26CE, 0x26CE, 2 },
	{ 0x26D4, 0x26D4, 2 }, { 0x26EA, 0x26EA, 2 }, { 0x26F2, 0x26F3, 2 },
	{ 0x26F5, 0x26F5, 2 }, { 0x26FA, 0x26FA, 2 }, { 0x26FD, 0x26FD, 2 },
	{ 0x2705, 0x2705, 2 }, { 0x270A, 0x270B, 2 }, { 0x2728, 0x2728, 2 },
	{ 0x274C, 0x274C, 2 }, { 0x274E, 0x274E, 2 }, { 0x2753, 0x2755, 2 },
	{ 0x2757, 0x2757, 2 }, { 0x2795, 0x2797, 2 }, { 0x27B0, 0x27B0, 2 },
	{ 0x27BF, 0x27BF, 2 }, { 0x2B1B, 0x2B1C, 2 }, { 0x2B50, 0x2B50, 2 },
	{ 0x2B55, 0x2B55, 2 },
	/* CJK, kana, Yi, Hangul syllables, fullwidth forms */
	{ 0x2E80, 0x3029, 2 }, { 0x302A, 0x302D, 0 }, { 0x302E, 0x303E, 2 },
	{ 0x3041, 0x3098, 2 }, { 0x3099, 0x309A, 0 }, { 0x309B, 0xA4CF, 2 },
	{ 0xA960, 0xA97F, 2 }, { 0xAC00, 0xD7A3, 2 }, { 0xD7B0, 0xD7FF, 0 },
	{ 0xF900, 0xFAFF, 2 }, { 0xFE00, 0xFE0F, 0 }, { 0xFE10, 0xFE19, 2 },
	{ 0xFE20, 0xFE2F, 0 }, { 0xFE30, 0xFE6F, 2 }, { 0xFEFF, 0xFEFF, 0 },
	{ 0xFF00, 0xFF60, 2 }, { 0xFFE0, 0xFFE6, 2 },
	{ 0x16FE0, 0x16FE3, 2 }, { 0x16FF0, 0x16FF1, 2 }, { 0x17000, 0x18D08, 2 },
	{ 0x1AFF0, 0x1AFFE, 2 }, { 0x1B000, 0x1B2FF, 2 },
	{ 0x1F004, 0x1F004, 2 }, { 0x1F0CF, 0x1F0CF, 2 }, { 0x1F18E, 0x1F18E, 2 },
	{ 0x1F191, 0x1F19A, 2 }, { 0x1F200, 0x1F2FF, 2 }, { 0x1F300, 0x1F64F, 2 },
	{ 0x1F680, 0x1F6FF, 2 }, { 0x1F7E0, 0x1F7FF, 2 }, { 0x1F900, 0x1F9FF, 2 },
	{ 0x1FA70, 0x1FAFF, 2 }, { 0x20000, 0x2FFFD, 2 }, { 0x30000, 0x3FFFD, 2 },
	{ 0xE0001, 0xE0001, 0 }, { 0xE0020, 0xE007F, 0 }, { 0xE0100, 0xE01EF, 0 },
};

static int fallback_width(unsigned cp)
{
	size_t lo = 0;
	size_t hi = sizeof(fallback_widths) / sizeof(fallback_widths[0]);

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const struct width_range *r = &fallback_widths[mid];

		if (cp < r->lo)
			hi = mid;
		else if (cp > r->hi)
			lo = mid + 1;
		else
			return r->width;
	}
	return 1;
}

int text_cp_width(unsigned cp)
{
	if (cp >= 0x20 && cp < 0x7F)
		return 1;
	/* Controls never reach the screen as themselves. */
	if (cp < 0xA0)
		return 0;
	if (cp <= 0x10FFFF && (cp < 0xD800 || cp > 0xDFFF)) {
		int w = wcwidth((wchar_t)cp);

		if (w >= 0)
			return w > 2 ? 2 : w;
	}
	return fallback_width(cp);
}

/* Bytes of the character at s; *width gets its columns (1 for an
 * invalid byte, which stands alone). */
static size_t next_char(const char *s, size_t len, int *width)
{
	unsigned cp;
	size_t n = text_utf8_decode(s, len, &cp);

	if (n == 0) {
		*width = 1;
		return 1;
	}
	*width = text_cp_width(cp);
	return n;
}

int text_width(const char *s)
{
	size_t i = 0, len;
	int total = 0, w;

	if (!s)
		return 0;
	len = strlen(s);
	while (i < len) {
		if ((unsigned char)s[i] >= 0x20 && (unsigned char)s[i] < 0x7F) {
			i++;
			total = total < INT_MAX ? total + 1 : INT_MAX;
			continue;
		}
		i += next_char(s + i, len - i, &w);
		total = total > INT_MAX - w ? INT_MAX : total + w;
	}
	return total;
}

/* Like text_fit on the first len bytes of s.  A zero-width character
 * always fits, so combining marks stay with the base before them. */
static size_t fit_n(const char *s, size_t len, int cols, int *used)
{
	size_t i = 0;
	int u = 0, w;

	while (cols > 0 && i < len) {
		size_t n = next_char(s + i, len - i, &w);

		if (w > cols - u)
			break;
		u += w;
		i += n;
	}
	if (used)
		*used = u;
	return i;
}

size_t text_fit(const char *s, int cols, int *used)
{
	if (!s)
		s = "";
	return fit_n(s, strlen(s), cols, used);
}

/* Appends what of s fits in cols columns, cut with a mark when it does
 * not all fit; returns the columns appended. */
static int put_fitted(struct buf *b, const char *s, int cols, int ellipsis)
{
	size_t len = strlen(s), n;
	int used;

	if (cols < 1)
		return 0;
	n = fit_n(s, len, cols, &used);
	if (n == len) {
		buf_add(b, s, n);
		return used;
	}
	/* Leave one column for the mark. */
	n = fit_n(s, len, cols - 1, &used);
	buf_add(b, s, n);
	buf_puts(b, ellipsis ? ELLIPSIS : "~");
	return used + 1;
}

char *text_truncate(const char *s, int cols, int ellipsis)
{
	struct buf b = { NULL, 0, 0, 0 };

	put_fitted(&b, s ? s : "", cols, ellipsis);
	return buf_finish(&b);
}

char *text_pad(const char *s, int cols)
{
	struct buf b = { NULL, 0, 0, 0 };
	int used = put_fitted(&b, s ? s : "", cols, 1);

	if (cols > used)
		buf_spaces(&b, (size_t)(cols - used));
	return buf_finish(&b);
}

/* ---- Wrapping ------------------------------------------------------- */

static int add_line(struct text_lines *lines, size_t *cap,
		    const char *s, size_t len)
{
	if (lines->count == *cap) {
		size_t n = *cap ? *cap * 2 : 8;
		char **p;

		if (n > SIZE_MAX / sizeof(*p))
			return -1;
		p = realloc(lines->line, n * sizeof(*p));
		if (!p)
			return -1;
		lines->line = p;
		*cap = n;
	}
	char *copy = malloc(len + 1);
	if (!copy)
		return -1;
	memcpy(copy, s, len);
	copy[len] = '\0';
	lines->line[lines->count++] = copy;
	return 0;
}

/* Where to end a line that must break before p + end: the start of the
 * last run of spaces in (start, end] that follows a word, or 0. */
static size_t break_at(const char *p, size_t start, size_t end)
{
	for (size_t b = end; b > start; b--)
		if (p[b] == ' ' && p[b - 1] != ' ')
			return b;
	return 0;
}

/* Bytes of the character at s with the zero-width ones after it. */
static size_t char_with_marks(const char *s, size_t len)
{
	int w;
	size_t n = next_char(s, len, &w);

	while (n < len) {
		size_t m = next_char(s + n, len - n, &w);

		if (w != 0)
			break;
		n += m;
	}
	return n;
}

/* Wraps one paragraph (len bytes at p, no newline). */
static int wrap_para(const char *p, size_t len, int cols,
		     struct text_lines *lines, size_t *cap)
{
	size_t before = lines->count, a = 0;

	while (a < len) {
		size_t n = fit_n(p + a, len - a, cols, NULL);
		size_t end = a + n, b;

		if (end < len) {
			b = break_at(p, a, end);
			if (b) {
				end = b;
			} else if (n == 0) {
				/* A character wider than the line: give it a
				 * line of its own rather than loop. */
				end += char_with_marks(p + end, len - end);
			}
		}
		size_t stop = end;
		while (stop > a && p[stop - 1] == ' ')
			stop--;
		/* Spaces alone, wider than the line, make no line. */
		if (stop > a && add_line(lines, cap, p + a, stop - a) < 0)
			return -1;
		a = end;
		while (a < len && p[a] == ' ')
			a++;
	}
	if (lines->count == before)
		return add_line(lines, cap, p, 0);
	return 0;
}

int text_wrap(const char *s, int cols, struct text_lines *lines)
{
	size_t cap = 0;

	lines->line = NULL;
	lines->count = 0;
	if (!s)
		return 0;
	if (cols < 1)
		cols = 1;
	while (*s) {
		const char *nl = strchr(s, '\n');
		size_t len = nl ? (size_t)(nl - s) : strlen(s);

		if (wrap_para(s, len, cols, lines, &cap) < 0) {
			text_lines_free(lines);
			return -1;
		}
		s += nl ? len + 1 : len;
	}
	return 0;
}

void text_lines_free(struct text_lines *lines)
{
	if (!lines)
		return;
	for (size_t i = 0; i < lines->count; i++)
		free(lines->line[i]);
	free(lines->line);
	lines->line = NULL;
	lines->count = 0;
}
