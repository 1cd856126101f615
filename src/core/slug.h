/* slug: the stable ids of assets, needs, sectors and localities. */
#ifndef SIGNPOST_SLUG_H
#define SIGNPOST_SLUG_H

enum { SLUG_MAX = 64 };

/* A slug is 1 to 64 of a-z, 0-9 and '-', starting with a letter or a
 * digit, not ending with '-'. */
int slug_valid(const char *s);

/* A slug made from text ("Harbourside Bereavement Café" ->
 * "harbourside-bereavement-cafe"): Latin letters lose their accents,
 * other characters become single dashes.  Newly allocated; NULL when out
 * of memory.  May be "" when text has no letters or digits. */
char *slug_make(const char *text);

/* The same folding with no length limit, for comparing texts (names
 * that differ only in case, accents or punctuation fold alike). */
char *slug_fold(const char *text);

#endif
