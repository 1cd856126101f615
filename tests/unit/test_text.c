#include "config.h"

#include "core/text.h"

#include <criterion/criterion.h>
#include <locale.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static void set_locale(void)
{
	setlocale(LC_ALL, "C.UTF-8");
}

TestSuite(text, .init = set_locale);

/* Sanitises len bytes of in and compares with want. */
static void expect_len(const char *in, size_t len, unsigned flags,
		       const char *want)
{
	char *out = text_sanitize(in, len, flags);

	cr_assert_not_null(out);
	cr_expect_str_eq(out, want, "sanitising %zu bytes with flags %u",
			 len, flags);
	free(out);
}

static void expect(const char *in, unsigned flags, const char *want)
{
	expect_len(in, strlen(in), flags, want);
}

/* ---- Sanitising ----------------------------------------------------- */

Test(text, escape_sequences_become_visible)
{
	expect("\033]0;pwned\007", 0, "^[]0;pwned^G");
	expect("\033[2J\033[H", 0, "^[[2J^[[H");
	expect("red \033[31mtext\033[0m", TEXT_MULTILINE,
	       "red ^[[31mtext^[[0m");
}

Test(text, carriage_return_del_and_nul)
{
	expect("paid\runpaid", 0, "paid^Munpaid");
	expect("paid\runpaid", TEXT_MULTILINE | TEXT_KEEP_TAB, "paid^Munpaid");
	expect("a\x7f" "b", 0, "a^?b");
	expect_len("a\0b", 3, 0, "a^@b");
	expect_len("\0", 1, TEXT_MULTILINE, "^@");
	expect("\x01\x1f\b", 0, "^A^_^H");
}

Test(text, c1_controls)
{
	expect("\xC2\x9B" "31m", 0, "<U+009B>31m");
	expect("x\xC2\x85y\xC2\x80\xC2\x9F", 0, "x<U+0085>y<U+0080><U+009F>");
	/* Raw C1 bytes are not UTF-8 at all. */
	expect("\x9B" "31m", 0, "\xEF\xBF\xBD" "31m");
	/* U+00A0 is the first character past C1 and stays. */
	expect("\xC2\xA0", 0, "\xC2\xA0");
}

Test(text, bidi_controls_dropped)
{
	expect("invoice_\xE2\x80\xAEtxt.exe", 0, "invoice_txt.exe");
	expect("\xE2\x80\xAA\xE2\x80\xAB\xE2\x80\xAC\xE2\x80\xAD", 0, "");
	expect("a\xE2\x81\xA6" "b\xE2\x81\xA7" "c\xE2\x81\xA8" "d\xE2\x81\xA9",
	       0, "abcd");
	expect("a\xE2\x80\x8E" "b\xE2\x80\x8F" "c\xD8\x9C" "d", 0, "abcd");
	/* Zero-width joiners are not bidi controls. */
	expect("a\xE2\x80\x8D" "b", 0, "a\xE2\x80\x8D" "b");
}

Test(text, invalid_utf8_replaced)
{
	expect("a\xFF" "b", 0, "a\xEF\xBF\xBD" "b");
	expect("\xE2\x82", 0, "\xEF\xBF\xBD\xEF\xBF\xBD");
	expect("\xE2\x82" "x", 0, "\xEF\xBF\xBD\xEF\xBF\xBD" "x");
	expect("\xC0\xAF", 0, "\xEF\xBF\xBD\xEF\xBF\xBD");
	expect("\xE0\x80\xAF", 0, "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");
	expect("\xED\xA0\x80", 0, "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");
	expect("\xF4\x90\x80\x80", 0,
	       "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");
	expect("\xF8\x88\x80\x80\x80", 0,
	       "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD"
	       "\xEF\xBF\xBD");
	/* A sequence cut short by len. */
	expect_len("\xE2\x82\xAC", 2, 0, "\xEF\xBF\xBD\xEF\xBF\xBD");
	expect("\xE2\x82\xAC \xF0\x9F\xA6\x80 \xED\x9F\xBF \xF4\x8F\xBF\xBF",
	       0, "\xE2\x82\xAC \xF0\x9F\xA6\x80 \xED\x9F\xBF \xF4\x8F\xBF\xBF");
}

Test(text, line_and_tab_flags)
{
	const char *in = "one\ntwo\tthree";

	expect(in, TEXT_ONE_LINE, "one^Jtwo^Ithree");
	expect(in, TEXT_MULTILINE, "one\ntwo^Ithree");
	expect(in, TEXT_KEEP_TAB, "one^Jtwo\tthree");
	expect(in, TEXT_MULTILINE | TEXT_KEEP_TAB, in);
	/* Line and paragraph separators. */
	expect("a\xE2\x80\xA8" "b\xE2\x80\xA9" "c", TEXT_ONE_LINE, "a b c");
	expect("a\xE2\x80\xA8" "b\xE2\x80\xA9" "c", TEXT_MULTILINE, "a\nb\nc");
}

Test(text, plain_text_passes_through)
{
	const char *in = "Caf\xC3\xA9 \xE6\x97\xA5\xE6\x9C\xAC "
			 "\xD8\xB3\xDA\xA9\xDA\xBE\xDB\x8C S\xC4\x85siedzki";

	expect(in, 0, in);
	expect("", 0, "");
	expect_len(NULL, 0, 0, "");
}

Test(text, clean_and_is_clean)
{
	char *out = text_clean(NULL, 0);

	cr_assert_str_eq(out, "");
	free(out);
	out = text_clean("a\rb", 0);
	cr_assert_str_eq(out, "a^Mb");
	free(out);

	cr_expect(text_is_clean("hello", 5, 0));
	cr_expect(text_is_clean("", 0, 0));
	cr_expect(text_is_clean("Caf\xC3\xA9", 5, 0));
	cr_expect_not(text_is_clean("a\0b", 3, 0));
	cr_expect_not(text_is_clean("a\nb", 3, 0));
	cr_expect(text_is_clean("a\nb", 3, TEXT_MULTILINE));
	cr_expect_not(text_is_clean("a\tb", 3, TEXT_MULTILINE));
	cr_expect(text_is_clean("a\tb", 3, TEXT_KEEP_TAB));
	cr_expect_not(text_is_clean("\xFF", 1, 0));
	cr_expect_not(text_is_clean("\xC2\x85", 2, 0));
	cr_expect_not(text_is_clean("\xE2\x80\xAE", 3, 0));
	cr_expect_not(text_is_clean("\xE2\x80\xA8", 3, TEXT_MULTILINE));
	cr_expect_not(text_is_clean("\xE2\x82\xAC", 2, 0));
}

Test(text, utf8_decode)
{
	unsigned cp = 0;

	cr_expect_eq(text_utf8_decode("A", 1, &cp), 1);
	cr_expect_eq(cp, 'A');
	cr_expect_eq(text_utf8_decode("\xC3\xA9", 2, &cp), 2);
	cr_expect_eq(cp, 0xE9);
	cr_expect_eq(text_utf8_decode("\xE2\x82\xAC", 3, &cp), 3);
	cr_expect_eq(cp, 0x20AC);
	cr_expect_eq(text_utf8_decode("\xF0\x9F\xA6\x80", 4, &cp), 4);
	cr_expect_eq(cp, 0x1F980);
	cr_expect_eq(text_utf8_decode("\xF4\x8F\xBF\xBF", 4, &cp), 4);
	cr_expect_eq(cp, 0x10FFFF);
	cr_expect_eq(text_utf8_decode("\0", 1, &cp), 1);
	cr_expect_eq(cp, 0);
	cr_expect_eq(text_utf8_decode("\xE2\x82\xAC", 2, &cp), 0);
	cr_expect_eq(text_utf8_decode("A", 0, &cp), 0);
	cr_expect_eq(text_utf8_decode("\x80", 1, &cp), 0);
	cr_expect_eq(text_utf8_decode("\xC1\xBF", 2, &cp), 0);
	cr_expect_eq(text_utf8_decode("\xE0\x9F\xBF", 3, &cp), 0);
	cr_expect_eq(text_utf8_decode("\xED\xBF\xBF", 3, &cp), 0);
	cr_expect_eq(text_utf8_decode("\xF0\x8F\xBF\xBF", 4, &cp), 0);
	cr_expect_eq(text_utf8_decode("\xF5\x80\x80\x80", 4, &cp), 0);
	cr_expect_eq(text_utf8_decode("\xC3" "A", 2, &cp), 0);
}

/* ---- Widths --------------------------------------------------------- */

#define CAFE_NFC "Caf\xC3\xA9"
#define CAFE_NFD "Cafe\xCC\x81"
#define NIHONGO  "\xE6\x97\xA5\xE6\x9C\xAC\xE8\xAA\x9E"
#define CRAB     "\xF0\x9F\xA6\x80"
#define SUKHI    "\xD8\xB3\xDA\xA9\xDA\xBE\xDB\x8C"
#define SASIEDZKI "S\xC4\x85siedzki"

static void expect_widths(void)
{
	cr_expect_eq(text_width(""), 0);
	cr_expect_eq(text_width("hello"), 5);
	cr_expect_eq(text_width(CAFE_NFC), 4);
	cr_expect_eq(text_width(CAFE_NFD), 4);
	cr_expect_eq(text_width(NIHONGO), 6);
	cr_expect_eq(text_width(CRAB), 2);
	cr_expect_eq(text_width(SUKHI), 4);
	cr_expect_eq(text_width(SASIEDZKI), 9);
	cr_expect_eq(text_width("\xED\x95\x9C\xEA\xB8\x80"), 4);  /* 한글 */
	cr_expect_eq(text_width("\xEF\xBC\xA1"), 2);  /* fullwidth A */
	cr_expect_eq(text_width("a\xE2\x80\x8B" "b"), 2);  /* ZWSP */
	cr_expect_eq(text_width("\xE2\x80\xA6"), 1);
	cr_expect_eq(text_cp_width(0x301), 0);
	cr_expect_eq(text_cp_width(0xFE0F), 0);
	cr_expect_eq(text_cp_width(0x4E00), 2);
	cr_expect_eq(text_cp_width(0x1F980), 2);
	cr_expect_eq(text_cp_width(0x20000), 2);
	cr_expect_eq(text_cp_width(0x00E9), 1);
	cr_expect_eq(text_cp_width(0x0644), 1);
	cr_expect_eq(text_cp_width(0x064E), 0);  /* Arabic fatha */
}

Test(text, widths)
{
	expect_widths();
	/* Invalid bytes in an unclean string count one each. */
	cr_expect_eq(text_width("a\xFF\xFE"), 3);
	cr_expect_eq(text_width(NULL), 0);
}

Test(text, widths_do_not_depend_on_locale)
{
	cr_assert_not_null(setlocale(LC_ALL, "C"));
	expect_widths();
	setlocale(LC_ALL, "C.UTF-8");
}

/* ---- Fitting and truncating ----------------------------------------- */

static void expect_truncate(const char *in, int cols, int ellipsis,
			    const char *want)
{
	char *out = text_truncate(in, cols, ellipsis);

	cr_assert_not_null(out);
	cr_expect_str_eq(out, want, "truncating \"%s\" to %d", in, cols);
	cr_expect_leq(text_width(out), cols < 0 ? 0 : cols);
	free(out);
}

Test(text, truncate)
{
	expect_truncate(NIHONGO, 3, 1, "\xE6\x97\xA5\xE2\x80\xA6");
	expect_truncate(NIHONGO, 4, 1, "\xE6\x97\xA5\xE2\x80\xA6");
	expect_truncate(NIHONGO, 5, 1, "\xE6\x97\xA5\xE6\x9C\xAC\xE2\x80\xA6");
	expect_truncate(NIHONGO, 6, 1, NIHONGO);
	expect_truncate(NIHONGO, 3, 0, "\xE6\x97\xA5~");
	expect_truncate(NIHONGO, 1, 1, "\xE2\x80\xA6");
	expect_truncate(NIHONGO, 2, 0, "~");
	expect_truncate("hello", 0, 1, "");
	expect_truncate("hello", -5, 1, "");
	expect_truncate("", 0, 1, "");
	expect_truncate("hello", 5, 1, "hello");
	expect_truncate("hello", 80, 1, "hello");
	expect_truncate("hello world", 8, 1, "hello w\xE2\x80\xA6");
	expect_truncate(CRAB CRAB, 3, 1, CRAB "\xE2\x80\xA6");
}

Test(text, truncate_keeps_combining_marks)
{
	expect_truncate(CAFE_NFD " au lait", 5, 1, CAFE_NFD "\xE2\x80\xA6");
	expect_truncate(CAFE_NFD, 4, 1, CAFE_NFD);
	expect_truncate(CAFE_NFD "s", 4, 0, "Caf~");
	/* Several marks on one base. */
	expect_truncate("xe\xCC\x81\xCC\xA3yz", 3, 1,
			"xe\xCC\x81\xCC\xA3\xE2\x80\xA6");
}

Test(text, fit)
{
	int used = -1;

	cr_expect_eq(text_fit(NIHONGO, 3, &used), 3);
	cr_expect_eq(used, 2);
	cr_expect_eq(text_fit(NIHONGO, 1, &used), 0);
	cr_expect_eq(used, 0);
	cr_expect_eq(text_fit("e\xCC\x81x", 1, &used), 3);
	cr_expect_eq(used, 1);
	cr_expect_eq(text_fit("hello", 0, &used), 0);
	cr_expect_eq(used, 0);
	cr_expect_eq(text_fit("hello", 99, &used), 5);
	cr_expect_eq(used, 5);
	cr_expect_eq(text_fit("hello", 3, NULL), 3);
}

Test(text, pad)
{
	static const struct {
		const char *in;
		int cols;
		const char *want;
	} cases[] = {
		{ "ab", 5, "ab   " },
		{ "abcdef", 4, "abc\xE2\x80\xA6" },
		{ NIHONGO, 6, NIHONGO },
		{ NIHONGO, 7, NIHONGO " " },
		{ NIHONGO, 5, "\xE6\x97\xA5\xE6\x9C\xAC\xE2\x80\xA6" },
		{ NIHONGO, 4, "\xE6\x97\xA5\xE2\x80\xA6 " },
		{ NIHONGO, 1, "\xE2\x80\xA6" },
		{ CAFE_NFD, 6, CAFE_NFD "  " },
		{ "", 3, "   " },
		{ "abc", 0, "" },
		{ "abc", -1, "" },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *out = text_pad(cases[i].in, cases[i].cols);

		cr_assert_not_null(out);
		cr_expect_str_eq(out, cases[i].want, "case %zu", i);
		if (cases[i].cols > 0)
			cr_expect_eq(text_width(out), cases[i].cols);
		free(out);
	}
}

/* ---- Wrapping ------------------------------------------------------- */

static void expect_lines(const char *in, int cols, const char *const *want,
			 size_t n)
{
	struct text_lines lines;

	cr_assert_eq(text_wrap(in, cols, &lines), 0);
	cr_expect_eq(lines.count, n, "\"%s\" at %d gave %zu lines", in, cols,
		     lines.count);
	for (size_t i = 0; i < n && i < lines.count; i++)
		cr_expect_str_eq(lines.line[i], want[i], "line %zu", i);
	text_lines_free(&lines);
	cr_expect_null(lines.line);
	cr_expect_eq(lines.count, 0);
}

#define EXPECT_LINES(in, cols, ...) do { \
	static const char *const want_[] = { __VA_ARGS__ }; \
	expect_lines((in), (cols), want_, sizeof(want_) / sizeof(want_[0])); \
} while (0)

Test(text, wrap_paragraph)
{
	static const char para[] =
		"Sąsiedzki Community Café runs a drop-in every Tuesday "
		"for people who feel isolated, with tea, a warm room and "
		"someone to talk to. Referrals from link workers welcome; "
		"no appointment needed. 日本語 speakers and سکھی group too.";
	struct text_lines lines;
	char joined[sizeof(para)] = "";

	cr_assert_eq(text_wrap(para, 20, &lines), 0);
	cr_assert_gt(lines.count, 5);
	for (size_t i = 0; i < lines.count; i++) {
		cr_expect_leq(text_width(lines.line[i]), 20, "line \"%s\"",
			      lines.line[i]);
		cr_expect_neq(lines.line[i][0], ' ');
		if (i)
			strcat(joined, " ");
		cr_assert_lt(strlen(joined) + strlen(lines.line[i]),
			     sizeof(joined));
		strcat(joined, lines.line[i]);
	}
	cr_expect_str_eq(joined, para);
	text_lines_free(&lines);
}

Test(text, wrap_basics)
{
	EXPECT_LINES("the quick brown fox", 10, "the quick", "brown fox");
	EXPECT_LINES("the quick brown fox", 9, "the quick", "brown fox");
	EXPECT_LINES("the quick brown fox", 8, "the", "quick", "brown", "fox");
	EXPECT_LINES("short", 80, "short");
	EXPECT_LINES("a    b", 3, "a", "b");
	EXPECT_LINES("a  b", 80, "a  b");
	EXPECT_LINES("  indented text", 20, "  indented text");
	EXPECT_LINES("trailing   ", 20, "trailing");
}

Test(text, wrap_hard_breaks_long_words)
{
	EXPECT_LINES("abcdefghijklmnopqrstuvwxyz", 10,
		     "abcdefghij", "klmnopqrst", "uvwxyz");
	EXPECT_LINES("see https://example.org/a/b/c ok", 10,
		     "see", "https://ex", "ample.org/", "a/b/c ok");
	EXPECT_LINES(NIHONGO NIHONGO, 5,
		     "\xE6\x97\xA5\xE6\x9C\xAC", "\xE8\xAA\x9E\xE6\x97\xA5",
		     "\xE6\x9C\xAC\xE8\xAA\x9E");
	/* A mark stays with its base across a hard break. */
	EXPECT_LINES("abe\xCC\x81" "cd", 3, "abe\xCC\x81", "cd");
}

Test(text, wrap_newlines)
{
	EXPECT_LINES("one\n\ntwo", 20, "one", "", "two");
	EXPECT_LINES("one\ntwo", 20, "one", "two");
	EXPECT_LINES("one\n", 20, "one");
	EXPECT_LINES("one\n\n", 20, "one", "");
	EXPECT_LINES("\n", 20, "");
	EXPECT_LINES("\nx", 20, "", "x");
	EXPECT_LINES("   \nx", 20, "", "x");
	EXPECT_LINES("alpha beta\n\ngamma delta", 6,
		     "alpha", "beta", "", "gamma", "delta");

	struct text_lines lines;
	cr_assert_eq(text_wrap("", 20, &lines), 0);
	cr_expect_eq(lines.count, 0);
	text_lines_free(&lines);
	cr_assert_eq(text_wrap(NULL, 20, &lines), 0);
	cr_expect_eq(lines.count, 0);
	text_lines_free(&lines);
}

Test(text, wrap_narrow_wide_characters_terminate)
{
	EXPECT_LINES(NIHONGO, 1, "\xE6\x97\xA5", "\xE6\x9C\xAC",
		     "\xE8\xAA\x9E");
	EXPECT_LINES(CRAB " " CRAB, 1, CRAB, CRAB);
	EXPECT_LINES(NIHONGO, 0, "\xE6\x97\xA5", "\xE6\x9C\xAC",
		     "\xE8\xAA\x9E");
	EXPECT_LINES("ab", -3, "a", "b");
	EXPECT_LINES(NIHONGO, 3, "\xE6\x97\xA5", "\xE6\x9C\xAC",
		     "\xE8\xAA\x9E");
	EXPECT_LINES("a" CRAB "\xEF\xB8\x8F" "b", 1,
		     "a", CRAB "\xEF\xB8\x8F", "b");
}

/* ---- Property: random bytes always come out safe -------------------- */

static uint32_t rng_state = 0x9E3779B9u;

static uint32_t xorshift32(void)
{
	/* Masked so that no sanitiser sees a shift lose bits. */
	uint64_t x = rng_state;

	x ^= (x << 13) & 0xFFFFFFFFu;
	x ^= x >> 17;
	x ^= (x << 5) & 0xFFFFFFFFu;
	return rng_state = (uint32_t)x;
}

/* A validator of its own, so as not to trust text_utf8_decode.  Calls
 * check on each code point; returns 0 on invalid UTF-8. */
static int walk_utf8(const unsigned char *s, size_t len,
		     void (*check)(uint32_t cp))
{
	size_t i = 0;

	while (i < len) {
		uint32_t cp, min;
		size_t n;

		if (s[i] < 0x80) {
			cp = s[i];
			n = 1;
			min = 0;
		} else if ((s[i] & 0xE0) == 0xC0) {
			cp = s[i] & 0x1F;
			n = 2;
			min = 0x80;
		} else if ((s[i] & 0xF0) == 0xE0) {
			cp = s[i] & 0x0F;
			n = 3;
			min = 0x800;
		} else if ((s[i] & 0xF8) == 0xF0) {
			cp = s[i] & 0x07;
			n = 4;
			min = 0x10000;
		} else {
			return 0;
		}
		if (len - i < n)
			return 0;
		for (size_t k = 1; k < n; k++) {
			if ((s[i + k] & 0xC0) != 0x80)
				return 0;
			cp = cp << 6 | (s[i + k] & 0x3F);
		}
		if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
			return 0;
		check(cp);
		i += n;
	}
	return 1;
}

static unsigned check_flags;

static void check_cp(uint32_t cp)
{
	if (cp == '\n' && (check_flags & TEXT_MULTILINE))
		return;
	if (cp == '\t' && (check_flags & TEXT_KEEP_TAB))
		return;
	cr_assert_geq(cp, 0x20, "control U+%04X in output", (unsigned)cp);
	cr_assert_neq(cp, 0x7F);
	cr_assert(cp < 0x80 || cp > 0x9F, "C1 U+%04X in output", (unsigned)cp);
	cr_assert(!(cp >= 0x202A && cp <= 0x202E) &&
		  !(cp >= 0x2066 && cp <= 0x2069) &&
		  cp != 0x200E && cp != 0x200F && cp != 0x061C &&
		  cp != 0x2028 && cp != 0x2029,
		  "bidi or separator U+%04X in output", (unsigned)cp);
}

/* Hostile pieces, mixed in so that random input is not all invalid. */
static const char *const pieces[] = {
	"\033", "\033[2J", "\033]0;x\007", "\r", "\n", "\t", "\x7f",
	"\xC2\x9B", "\xC2\x85", "\xE2\x80\xAE", "\xE2\x81\xA6", "\xE2\x80\x8F",
	"\xD8\x9C", "\xE2\x80\xA8", "\xE2\x80\xA9", "\xC3\xA9", "e\xCC\x81",
	"\xE6\x97\xA5", CRAB, "\xEF\xB8\x8F", "\xED\xA0\x80", "\xC0\xAF",
	"\xF4\x90\x80\x80", "\xE2\x82", "\xEF\xBF\xBD", " ", "  ", "word",
	"^[", "<U+0085>",
};

static size_t random_input(char *buf, size_t max)
{
	size_t len = xorshift32() % (max + 1), i = 0;

	while (i < len) {
		if (xorshift32() % 2) {
			buf[i++] = (char)(xorshift32() & 0xFF);
			continue;
		}
		const char *p = pieces[xorshift32() %
				       (sizeof(pieces) / sizeof(pieces[0]))];
		size_t n = strlen(p);

		if (n > len - i)
			n = len - i;
		memcpy(buf + i, p, n);
		i += n;
	}
	return len;
}

static void check_output(const char *out, unsigned flags)
{
	size_t len = strlen(out);
	struct text_lines lines;

	check_flags = flags;
	cr_assert(walk_utf8((const unsigned char *)out, len, check_cp),
		  "invalid UTF-8 out");
	cr_assert(text_is_clean(out, len, flags));

	char *again = text_sanitize(out, len, flags);
	cr_assert_not_null(again);
	cr_assert_str_eq(again, out, "not idempotent");
	free(again);

	int cols = (int)(xorshift32() % 12);
	char *cut = text_truncate(out, cols, 1);
	cr_assert_not_null(cut);
	cr_assert_leq(text_width(cut), cols);
	free(cut);
	char *pad = text_pad(out, cols);
	cr_assert_not_null(pad);
	cr_assert_eq(text_width(pad), cols);
	free(pad);

	cr_assert_eq(text_wrap(out, cols, &lines), 0);
	for (size_t i = 0; i < lines.count; i++) {
		int w = text_width(lines.line[i]);
		int limit = cols < 1 ? 1 : cols;

		/* Only a lone wide character may overflow a 1-column line. */
		cr_assert(w <= limit || (limit == 1 && w == 2),
			  "line of %d columns at %d", w, cols);
	}
	text_lines_free(&lines);
}

Test(text, random_bytes_come_out_safe)
{
	static const unsigned modes[] = {
		TEXT_ONE_LINE, TEXT_MULTILINE, TEXT_KEEP_TAB,
		TEXT_MULTILINE | TEXT_KEEP_TAB,
	};
	char buf[64];

	rng_state = 0x9E3779B9u;
	for (int i = 0; i < 20000; i++) {
		size_t len = random_input(buf, sizeof(buf));

		for (size_t m = 0; m < sizeof(modes) / sizeof(modes[0]); m++) {
			char *out = text_sanitize(buf, len, modes[m]);

			cr_assert_not_null(out);
			check_output(out, modes[m]);
			free(out);
		}
	}
}
