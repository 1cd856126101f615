#include "config.h"

#include "core/slug.h"
#include "core/strbuf.h"
#include "core/text.h"

#include <string.h>

int slug_valid(const char *s)
{
	size_t n = s ? strlen(s) : 0;
	if (n == 0 || n > SLUG_MAX || s[n - 1] == '-')
		return 0;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		int ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
			 (c == '-' && i > 0);
		if (!ok)
			return 0;
	}
	return 1;
}

/* The plain letter for common accented Latin letters (U+00C0..U+017F). */
static char fold_latin(unsigned cp)
{
	static const char latin1[] =
		"AAAAAAACEEEEIIII" "DNOOOOO*OUUUUYTs"   /* U+00C0 */
		"aaaaaaaceeeeiiii" "dnooooo/ouuuuyty";  /* U+00E0 */
	static const char extended[] =
		"AaAaAaCcCcCcCcDd" "DdEeEeEeEeEeGgGg"   /* U+0100 */
		"GgGgHhHhIiIiIiIi" "IiJjJjKkkLlLlLlL"   /* U+0120 */
		"lLlNnNnNnnNnOoOo" "OoOoRrRrRrSsSsSs"   /* U+0140 */
		"SsTtTtTtUuUuUuUu" "UuUuWwYyYZzZzZzs";  /* U+0160 */
	if (cp >= 0xc0 && cp <= 0xff)
		return latin1[cp - 0xc0];
	if (cp >= 0x100 && cp <= 0x17f)
		return extended[cp - 0x100];
	return 0;
}

/* Folds text into a slug of at most max bytes. */
static char *fold(const char *text, size_t max)
{
	struct strbuf sb = STRBUF_INIT;
	size_t len = strlen(text);
	int dash = 0;
	for (size_t i = 0; i < len && sb.len < max;) {
		unsigned cp;
		size_t n = text_utf8_decode(text + i, len - i, &cp);
		if (n == 0) {
			n = 1;
			cp = '?';
		}
		i += n;
		char c = cp < 0x80 ? (char)cp : fold_latin(cp);
		if (c >= 'A' && c <= 'Z')
			c = (char)(c - 'A' + 'a');
		int alnum = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
		if (cp == '\'' || cp == 0x2019)
			continue;    /* "St Brigid's" -> "st-brigids" */
		if (!alnum) {
			dash = sb.len > 0;
			continue;
		}
		/* The dash and the character after it must both fit: checking
		 * only at the top of the loop let "-x" take the slug to 65. */
		if (sb.len + (dash ? 2 : 1) > max)
			break;
		if (dash)
			strbuf_putc(&sb, '-');
		dash = 0;
		strbuf_putc(&sb, c);
	}
	while (sb.len > 0 && sb.data[sb.len - 1] == '-')
		sb.data[--sb.len] = '\0';
	return strbuf_detach(&sb);
}

char *slug_make(const char *text)
{
	return fold(text, SLUG_MAX);
}

char *slug_fold(const char *text)
{
	return fold(text, (size_t)-1 / 2);
}
