/* yaml_doc: a bounded, streaming reader of signpost's YAML files.
 *
 * libyaml's events are gathered into small trees of nodes that keep
 * their line and column.  A file's top level is a mapping; the value of
 * each key is read whole, except that a long sequence (the assets) can
 * be read one item at a time, so memory stays flat for a large file.
 *
 * A hostile file fails fast: aliases are refused, nesting, scalars,
 * nodes and the input are all capped, and every error names the file,
 * line and column. */
#ifndef SIGNPOST_YAML_DOC_H
#define SIGNPOST_YAML_DOC_H

#include <stddef.h>

#include "core/error.h"

enum yaml_limits {
	YAML_MAX_DEPTH = 64,
	YAML_MAX_SCALAR = 1 << 20,          /* bytes in one value */
	YAML_MAX_NODES = 4 << 20,           /* nodes in one tree */
};
/* The largest file read: room for a national directory, not more. */
#define YAML_MAX_INPUT ((size_t)1 << 30)

enum ynode_kind { YNODE_SCALAR, YNODE_SEQUENCE, YNODE_MAPPING };

struct ynode {
	enum ynode_kind kind;
	unsigned line;       /* 1-based */
	unsigned column;     /* 1-based, in characters */
	char *value;         /* a scalar's text, NUL-terminated */
	size_t len;
	int plain;           /* written without quotes */
	struct ynode **item; /* a sequence's items; a mapping's key, value, ... */
	size_t count;
	size_t cap;          /* room in item */
};

void ynode_free(struct ynode *n);
/* The value for key in mapping map, or NULL. */
const struct ynode *ynode_get(const struct ynode *map, const char *key);
/* "a mapping", "a list", "a number", "text": for messages. */
const char *ynode_describe(const struct ynode *n);

struct yaml_reader;

int yaml_reader_open_file(const char *path, struct yaml_reader **out,
			  struct error *err);
/* data must outlive the reader. */
int yaml_reader_open_buffer(const char *name, const char *data, size_t len,
			    struct yaml_reader **out, struct error *err);
void yaml_reader_close(struct yaml_reader *r);
const char *yaml_reader_name(const struct yaml_reader *r);

/* Reads up to the top-level mapping and returns 1.  An empty file (or
 * one of comments alone) returns 0 when allow_empty is set, and is an
 * error otherwise.  what describes the mapping expected, for messages:
 * "a mapping of sections (needs, sectors, localities, assets)". */
int yaml_reader_begin(struct yaml_reader *r, int allow_empty, const char *what,
		      struct error *err);
/* The next key of the top-level mapping: returns 1 and sets *key (the
 * caller frees it), or 0 at the end of the mapping, or -1. */
int yaml_reader_next_key(struct yaml_reader *r, struct ynode **key,
			 struct error *err);
/* The whole value that follows a key. */
int yaml_reader_value(struct yaml_reader *r, struct ynode **value,
		      struct error *err);
/* When the value that follows is a sequence, enters it and returns 1;
 * otherwise returns 0 and reads nothing.  *line and *column get where
 * the value starts, either way. */
int yaml_reader_enter_sequence(struct yaml_reader *r, unsigned *line,
			       unsigned *column, struct error *err);
/* The next item of the entered sequence: 1 and *item, or 0 at its end. */
int yaml_reader_next_item(struct yaml_reader *r, struct ynode **item,
			  struct error *err);
/* The rest of the top-level mapping, whole, as one mapping node: for a
 * file that is one small mapping (a single asset). */
int yaml_reader_rest(struct yaml_reader *r, struct ynode **map,
		     struct error *err);
/* After the top-level mapping: checks that nothing else follows. */
int yaml_reader_end(struct yaml_reader *r, struct error *err);

/* Sets err to "NAME:LINE:COLUMN: message" for node n (or for the
 * reader's name alone when n is NULL); returns -1. */
int yaml_error_at(struct error *err, const char *name, const struct ynode *n,
		  const char *fmt, ...) __attribute__((format(printf, 4, 5)));

#endif
