#include "config.h"

#include "core/error.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char *vformat(const char *fmt, va_list ap)
	__attribute__((format(printf, 1, 0)));

static char *vformat(const char *fmt, va_list ap)
{
	va_list copy;
	va_copy(copy, ap);
	int n = vsnprintf(NULL, 0, fmt, copy);
	va_end(copy);
	if (n < 0)
		return NULL;
	char *s = malloc((size_t)n + 1);
	if (s)
		vsnprintf(s, (size_t)n + 1, fmt, ap);
	return s;
}

/* Kept static so that an out-of-memory error needs no allocation. */
static const char nomem_message[] = "out of memory";

static void release(struct error *err)
{
	if (err->message != nomem_message)
		free(err->message);
	err->message = NULL;
}

int error_set(struct error *err, enum error_kind kind, const char *fmt, ...)
{
	if (!err)
		return -1;
	va_list ap;
	va_start(ap, fmt);
	char *msg = vformat(fmt, ap);
	va_end(ap);
	release(err);
	if (!msg)
		return error_nomem(err);
	err->kind = kind;
	err->message = msg;
	return -1;
}

int error_prefix(struct error *err, const char *fmt, ...)
{
	if (!err || err->kind == ERROR_NONE || err->message == nomem_message)
		return -1;
	va_list ap;
	va_start(ap, fmt);
	char *prefix = vformat(fmt, ap);
	va_end(ap);
	if (!prefix)
		return error_nomem(err);
	size_t a = strlen(prefix), b = strlen(err->message);
	char *msg = malloc(a + 2 + b + 1);
	if (!msg) {
		free(prefix);
		return error_nomem(err);
	}
	memcpy(msg, prefix, a);
	memcpy(msg + a, ": ", 2);
	memcpy(msg + a + 2, err->message, b + 1);
	free(prefix);
	release(err);
	err->message = msg;
	return -1;
}

int error_nomem(struct error *err)
{
	if (!err)
		return -1;
	release(err);
	err->kind = ERROR_NOMEM;
	err->message = (char *)nomem_message;
	return -1;
}

void error_clear(struct error *err)
{
	if (!err)
		return;
	release(err);
	err->kind = ERROR_NONE;
}

const char *error_message(const struct error *err)
{
	if (!err || !err->message)
		return "unknown error";
	return err->message;
}
