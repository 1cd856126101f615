/* json: a small streaming JSON writer.  It escapes every control
 * character, so its output is safe on a terminal as well as in a file. */
#ifndef SIGNPOST_JSON_H
#define SIGNPOST_JSON_H

#include <stdio.h>

#include "core/strbuf.h"

enum { JSON_MAX_DEPTH = 32 };

struct json {
	struct strbuf buf;
	FILE *out;               /* flushed to as it grows, when not NULL */
	int pretty;
	int depth;
	int count[JSON_MAX_DEPTH];  /* values written at each depth */
	int after_key;
};

/* out may be NULL: the text then stays in j->buf. */
void json_init(struct json *j, FILE *out, int pretty);
void json_object_begin(struct json *j);
void json_object_end(struct json *j);
void json_array_begin(struct json *j);
void json_array_end(struct json *j);
void json_key(struct json *j, const char *key);
void json_string(struct json *j, const char *s);   /* NULL writes null */
void json_int(struct json *j, long long v);
void json_double(struct json *j, double v);
void json_bool(struct json *j, int v);
void json_null(struct json *j);

/* key and value together; a NULL string is left out entirely. */
void json_member_string(struct json *j, const char *key, const char *s);
void json_member_int(struct json *j, const char *key, long long v);

/* Writes what is buffered to out; returns 0, or -1 when out of memory or
 * the write failed. */
int json_finish(struct json *j);
void json_free(struct json *j);

#endif
