/* Fuzzes the one door text passes before a terminal (src/core/text.h):
 * the sanitiser, and the width-aware truncate, pad and wrap.
 *
 * Input: byte 0 picks the flags (bits 0-1) and whether to add an
 * ellipsis (bit 2); byte 1 the width in columns (-4..123); the rest is
 * the text, any bytes at all.
 *
 * Properties:
 * - text_sanitize's output is valid UTF-8 (checked here independently)
 *   with no C0 control (but \n with TEXT_MULTILINE, \t with
 *   TEXT_KEEP_TAB), no DEL, no C1 control, no bidi control (U+202A-202E,
 *   U+2066-2069, and the marks U+200E, U+200F, U+061C), no NUL;
 * - it is clean (text_is_clean), sanitising it again changes nothing,
 *   and text_is_clean on the input says whether sanitising changes it;
 * - widths add up: the two parts of a text cut between characters are
 *   as wide as the whole;
 * - text_truncate fits the width, is a prefix of the text (bar the
 *   mark), and is the whole text when the text fits;
 * - text_pad is exactly the width;
 * - text_wrap's lines fit the width (bar a single character wider than
 *   it), hold no line break, and keep every character but spaces. */
#include "config.h"

#include "tests/fuzz/fuzz.h"
#include "core/text.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Strict UTF-8 (no overlongs, no surrogates, nothing past U+10FFFF),
 * written here apart from text.c so that a shared mistake cannot hide. */
static size_t decode(const unsigned char *s, size_t len, unsigned *cp)
{
	unsigned c = s[0];
	size_t n;
	unsigned min;
	if (c < 0x80) {
		*cp = c;
		return 1;
	} else if ((c & 0xE0) == 0xC0) {
		n = 2; c &= 0x1F; min = 0x80;
	} else if ((c & 0xF0) == 0xE0) {
		n = 3; c &= 0x0F; min = 0x800;
	} else if ((c & 0xF8) == 0xF0) {
		n = 4; c &= 0x07; min = 0x10000;
	} else {
		return 0;
	}
	if (len < n)
		return 0;
	for (size_t i = 1; i < n; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		c = c << 6 | (s[i] & 0x3F);
	}
	if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
		return 0;
	*cp = c;
	return n;
}

static void check_safe(const char *s, size_t len, unsigned flags, const char *what)
{
	const unsigned char *u = (const unsigned char *)s;
	for (size_t i = 0; i < len;) {
		unsigned cp;
		size_t n = decode(u + i, len - i, &cp);
		FUZZ_CHECK(n > 0, "%s: invalid UTF-8 at byte %zu", what, i);
		FUZZ_CHECK(cp != 0, "%s: a NUL at byte %zu", what, i);
		if (cp < 0x20)
			FUZZ_CHECK((cp == '\n' && (flags & TEXT_MULTILINE)) ||
				   (cp == '\t' && (flags & TEXT_KEEP_TAB)),
				   "%s: C0 control 0x%02x at byte %zu", what, cp, i);
		FUZZ_CHECK(cp != 0x7F, "%s: DEL at byte %zu", what, i);
		FUZZ_CHECK(cp < 0x80 || cp > 0x9F, "%s: C1 control U+%04X at byte %zu",
			   what, cp, i);
		FUZZ_CHECK(!(cp >= 0x202A && cp <= 0x202E) && !(cp >= 0x2066 && cp <= 0x2069) &&
			   cp != 0x200E && cp != 0x200F && cp != 0x061C,
			   "%s: bidi control U+%04X at byte %zu", what, cp, i);
		i += n;
	}
}

/* The bytes of s that are not spaces or line breaks. */
static char *visible(const char *s)
{
	size_t n = strlen(s), k = 0;
	char *v = malloc(n + 1);
	if (!v)
		fuzz_fail("out of memory");
	for (size_t i = 0; i < n; i++)
		if (s[i] != ' ' && s[i] != '\n')
			v[k++] = s[i];
	v[k] = '\0';
	return v;
}

static void check_truncate(const char *s, int cols, int ellipsis)
{
	char *t = text_truncate(s, cols, ellipsis);
	FUZZ_CHECK(t, "text_truncate returned NULL");
	int want = cols > 0 ? cols : 0;
	int w = text_width(t);
	FUZZ_CHECK(w <= want, "text_truncate to %d columns gave %d columns", cols, w);
	size_t tl = strlen(t);
	if (cols < 1) {
		FUZZ_CHECK(tl == 0, "text_truncate to %d columns is not empty", cols);
	} else if (text_width(s) <= want) {
		FUZZ_CHECK(strcmp(t, s) == 0, "text_truncate cut a text that fits");
	} else {
		const char *mark = ellipsis ? "\xE2\x80\xA6" : "~";
		size_t ml = strlen(mark);
		FUZZ_CHECK(tl >= ml && strcmp(t + tl - ml, mark) == 0,
			   "text_truncate cut a text without the mark");
		FUZZ_CHECK(strncmp(t, s, tl - ml) == 0,
			   "text_truncate is not a prefix of the text");
	}
	free(t);

	char *p = text_pad(s, cols);
	FUZZ_CHECK(p, "text_pad returned NULL");
	FUZZ_CHECK(text_width(p) == want, "text_pad to %d columns gave %d columns",
		   cols, text_width(p));
	free(p);
}

/* Whether line is one character (with its zero-width marks). */
static int one_character(const char *line)
{
	size_t len = strlen(line), i = 0;
	int wide = 0;
	while (i < len) {
		unsigned cp;
		size_t n = text_utf8_decode(line + i, len - i, &cp);
		if (n == 0)
			n = 1;
		if (text_cp_width(cp) > 0 && wide++)
			return 0;
		i += n;
	}
	return 1;
}

static void check_wrap(const char *s, int cols)
{
	struct text_lines lines;
	FUZZ_CHECK(text_wrap(s, cols, &lines) == 0, "text_wrap failed");
	int width = cols < 1 ? 1 : cols;
	size_t total = 0;
	for (size_t i = 0; i < lines.count; i++) {
		const char *l = lines.line[i];
		FUZZ_CHECK(!strchr(l, '\n'), "a wrapped line holds a line break");
		int w = text_width(l);
		FUZZ_CHECK(w <= width || one_character(l),
			   "line %zu is %d columns wide, over %d", i, w, width);
		total += strlen(l);
	}
	/* No text lost: the characters other than spaces, in order. */
	char *joined = malloc(total + 1);
	if (!joined)
		fuzz_fail("out of memory");
	joined[0] = '\0';
	size_t at = 0;
	for (size_t i = 0; i < lines.count; i++) {
		size_t n = strlen(lines.line[i]);
		memcpy(joined + at, lines.line[i], n);
		at += n;
	}
	joined[at] = '\0';
	char *want = visible(s), *got = visible(joined);
	FUZZ_CHECK(strcmp(want, got) == 0, "text_wrap lost or changed text");
	free(want);
	free(got);
	free(joined);
	text_lines_free(&lines);
}

/* Widths add up: cut at a character boundary, the two parts are as wide
 * as the whole. */
static void check_widths_add(char *s)
{
	size_t len = strlen(s), cut = len / 2;
	while (cut > 0 && ((unsigned char)s[cut] & 0xC0) == 0x80)
		cut--;
	char saved = s[cut];
	int whole = text_width(s), right = text_width(s + cut);
	s[cut] = '\0';
	int left = text_width(s);
	s[cut] = saved;
	FUZZ_CHECK(left + right == whole, "widths %d + %d, but %d together",
		   left, right, whole);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_setup();
	unsigned flags = size > 0 ? data[0] & 3 : 0;
	int ellipsis = size > 0 ? !(data[0] & 4) : 1;
	int cols = size > 1 ? (int)(data[1] & 0x7F) - 4 : 20;
	const char *in = size > 2 ? (const char *)data + 2 : "";
	size_t len = size > 2 ? size - 2 : 0;

	char *out = text_sanitize(in, len, flags);
	FUZZ_CHECK(out, "text_sanitize returned NULL");
	size_t out_len = strlen(out);
	check_safe(out, out_len, flags, "text_sanitize");
	FUZZ_CHECK(text_is_clean(out, out_len, flags), "the sanitised text is not clean");
	char *again = text_sanitize(out, out_len, flags);
	FUZZ_CHECK(again && strcmp(again, out) == 0, "sanitising twice changed the text");
	free(again);
	int clean = text_is_clean(in, len, flags);
	int same = out_len == len && memcmp(out, in, len) == 0;
	FUZZ_CHECK(clean == same, "text_is_clean says %d, but sanitising %s the text",
		   clean, same ? "kept" : "changed");

	/* The one-line form of the same text is also safe. */
	char *line = text_sanitize(in, len, TEXT_ONE_LINE);
	FUZZ_CHECK(line, "text_sanitize returned NULL");
	check_safe(line, strlen(line), TEXT_ONE_LINE, "text_sanitize (one line)");

	FUZZ_CHECK(text_width(out) >= 0, "a negative width");
	check_widths_add(line);
	check_truncate(line, cols, ellipsis);
	check_wrap(out, cols);
	int used = -1;
	size_t fit = text_fit(line, cols, &used);
	FUZZ_CHECK(fit <= strlen(line) && used >= 0 && used <= (cols > 0 ? cols : 0),
		   "text_fit to %d columns used %d", cols, used);
	free(line);
	free(out);
	return 0;
}
