/* error: errors as values.
 *
 * A function that can fail takes a `struct error *` last, returns -1 (or
 * NULL) and fills it in; the caller decides how to show it.  A face maps
 * the kind to an exit status or a status-line message. */
#ifndef SIGNPOST_ERROR_H
#define SIGNPOST_ERROR_H

enum error_kind {
	ERROR_NONE = 0,
	ERROR_INPUT,      /* bad input from a person or a file */
	ERROR_NOT_FOUND,  /* an id, file or database that is not there */
	ERROR_CONFLICT,   /* someone else changed it first */
	ERROR_VERSION,    /* made by a newer signpost */
	ERROR_BUSY,       /* locked past the busy timeout */
	ERROR_DENIED,     /* permissions or role */
	ERROR_STORAGE,    /* the database or the disk failed */
	ERROR_NOMEM,
};

struct error {
	enum error_kind kind;
	char *message;    /* owned; NULL when kind is ERROR_NONE */
};

#define ERROR_INIT { ERROR_NONE, NULL }

/* Sets the error (replacing any earlier one) and returns -1, so that
 * `return error_set(err, ...)` reads as one step.  err may be NULL. */
int error_set(struct error *err, enum error_kind kind, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Puts "context: " in front of the message already set. */
int error_prefix(struct error *err, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

int error_nomem(struct error *err);
void error_clear(struct error *err);

/* A message that is never NULL, for printing. */
const char *error_message(const struct error *err);

#endif
