#include "config.h"

#include "core/yaml_doc.h"
#include "core/strbuf.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <yaml.h>

struct yaml_reader {
	yaml_parser_t parser;
	FILE *file;
	const char *data;        /* buffer input, or NULL */
	size_t data_len;
	char *name;
	char *path;              /* file input, to locate reader errors */
	yaml_event_t peeked;
	int has_peeked;
	int depth;               /* open mappings and sequences */
	size_t nodes;            /* in the tree being built */
};

void ynode_free(struct ynode *n)
{
	if (!n)
		return;
	for (size_t i = 0; i < n->count; i++)
		ynode_free(n->item[i]);
	free(n->item);
	free(n->value);
	free(n);
}

const struct ynode *ynode_get(const struct ynode *map, const char *key)
{
	if (!map || map->kind != YNODE_MAPPING)
		return NULL;
	for (size_t i = 0; i + 1 < map->count; i += 2)
		if (map->item[i]->kind == YNODE_SCALAR &&
		    strcmp(map->item[i]->value, key) == 0)
			return map->item[i + 1];
	return NULL;
}

const char *ynode_describe(const struct ynode *n)
{
	switch (n->kind) {
	case YNODE_MAPPING:
		return "a mapping";
	case YNODE_SEQUENCE:
		return "a list";
	case YNODE_SCALAR:
		break;
	}
	return "a single value";
}

int yaml_error_at(struct error *err, const char *name, const struct ynode *n,
		  const char *fmt, ...)
{
	struct strbuf sb = STRBUF_INIT;
	if (n)
		strbuf_printf(&sb, "%s:%u:%u: ", name, n->line, n->column);
	else
		strbuf_printf(&sb, "%s: ", name);
	va_list ap;
	va_start(ap, fmt);
	char *msg = NULL;
	if (vasprintf(&msg, fmt, ap) < 0)
		msg = NULL;
	va_end(ap);
	if (!msg) {
		strbuf_free(&sb);
		return error_nomem(err);
	}
	strbuf_puts(&sb, msg);
	free(msg);
	char *s = strbuf_detach(&sb);
	if (!s)
		return error_nomem(err);
	error_set(err, ERROR_INPUT, "%s", s);
	free(s);
	return -1;
}

/* libyaml reports a reader error (bad UTF-8, a control character) as a
 * byte offset; count lines up to it so the message can say where. */
static void locate_offset(struct yaml_reader *r, size_t offset,
			  unsigned *line, unsigned *column)
{
	*line = 1;
	*column = 1;
	FILE *f = NULL;
	if (!r->data && !(f = fopen(r->path, "rb")))
		return;
	for (size_t i = 0; i < offset; i++) {
		int c;
		if (r->data)
			c = i < r->data_len ? (unsigned char)r->data[i] : EOF;
		else
			c = getc(f);
		if (c == EOF)
			break;
		if (c == '\n') {
			(*line)++;
			*column = 1;
		} else if ((c & 0xc0) != 0x80) {
			(*column)++;
		}
	}
	if (f)
		fclose(f);
}

static int parser_error(struct yaml_reader *r, struct error *err)
{
	yaml_parser_t *p = &r->parser;
	const char *problem = p->problem ? p->problem : "cannot parse";
	if (p->error == YAML_MEMORY_ERROR)
		return error_nomem(err);
	if (p->error == YAML_READER_ERROR) {
		unsigned line, column;
		locate_offset(r, p->problem_offset, &line, &column);
		if (p->problem_value != -1)
			return error_set(err, ERROR_INPUT,
					 "%s:%u:%u: %s (byte 0x%02x): the file must be UTF-8 text",
					 r->name, line, column, problem,
					 (unsigned)p->problem_value & 0xff);
		return error_set(err, ERROR_INPUT, "%s:%u:%u: %s", r->name, line,
				 column, problem);
	}
	if (p->context)
		return error_set(err, ERROR_INPUT,
				 "%s:%zu:%zu: %s (%s at line %zu, column %zu)",
				 r->name, p->problem_mark.line + 1,
				 p->problem_mark.column + 1, problem, p->context,
				 p->context_mark.line + 1, p->context_mark.column + 1);
	return error_set(err, ERROR_INPUT, "%s:%zu:%zu: %s", r->name,
			 p->problem_mark.line + 1, p->problem_mark.column + 1,
			 problem);
}

static int event_error(struct yaml_reader *r, const yaml_event_t *ev,
		       struct error *err, const char *msg)
{
	return error_set(err, ERROR_INPUT, "%s:%zu:%zu: %s", r->name,
			 ev->start_mark.line + 1, ev->start_mark.column + 1, msg);
}

/* The next event, checked against the limits; the caller deletes it. */
static int next_event(struct yaml_reader *r, yaml_event_t *ev, struct error *err)
{
	if (r->has_peeked) {
		*ev = r->peeked;
		r->has_peeked = 0;
	} else if (!yaml_parser_parse(&r->parser, ev)) {
		return parser_error(r, err);
	}
	switch (ev->type) {
	case YAML_ALIAS_EVENT:
		event_error(r, ev, err,
			    "aliases (*name) are not supported: write the value out in full");
		yaml_event_delete(ev);
		return -1;
	case YAML_MAPPING_START_EVENT:
	case YAML_SEQUENCE_START_EVENT:
		if (++r->depth > YAML_MAX_DEPTH) {
			event_error(r, ev, err, "nested too deeply (more than 64 levels)");
			yaml_event_delete(ev);
			return -1;
		}
		break;
	case YAML_MAPPING_END_EVENT:
	case YAML_SEQUENCE_END_EVENT:
		r->depth--;
		break;
	case YAML_SCALAR_EVENT:
		if (ev->data.scalar.length > YAML_MAX_SCALAR) {
			event_error(r, ev, err, "a value longer than 1 MiB");
			yaml_event_delete(ev);
			return -1;
		}
		break;
	default:
		break;
	}
	return 0;
}

/* Looks at the next event without taking it; limits are checked when
 * it is taken. */
static int peek_event(struct yaml_reader *r, yaml_event_t **ev, struct error *err)
{
	if (!r->has_peeked) {
		if (!yaml_parser_parse(&r->parser, &r->peeked))
			return parser_error(r, err);
		r->has_peeked = 1;
	}
	*ev = &r->peeked;
	return 0;
}

static struct ynode *node_new(struct yaml_reader *r, enum ynode_kind kind,
			      const yaml_event_t *ev, struct error *err)
{
	if (++r->nodes > YAML_MAX_NODES) {
		event_error(r, ev, err, "too many values in one item");
		return NULL;
	}
	struct ynode *n = calloc(1, sizeof *n);
	if (!n) {
		error_nomem(err);
		return NULL;
	}
	n->kind = kind;
	n->line = (unsigned)ev->start_mark.line + 1;
	n->column = (unsigned)ev->start_mark.column + 1;
	return n;
}

static int node_append(struct ynode *parent, struct ynode *child,
		       struct error *err)
{
	if (parent->count == parent->cap) {
		size_t cap = parent->cap ? parent->cap * 2 : 8;
		struct ynode **p = realloc(parent->item, cap * sizeof *p);
		if (!p) {
			ynode_free(child);
			return error_nomem(err);
		}
		parent->item = p;
		parent->cap = cap;
	}
	parent->item[parent->count++] = child;
	return 0;
}

/* Builds the node that starts with event ev (which it deletes). */
static struct ynode *build(struct yaml_reader *r, yaml_event_t *ev,
			   struct error *err)
{
	struct ynode *n = NULL;
	switch (ev->type) {
	case YAML_SCALAR_EVENT:
		n = node_new(r, YNODE_SCALAR, ev, err);
		if (!n)
			break;
		n->len = ev->data.scalar.length;
		n->plain = ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
		/* Taken from the event rather than copied (libyaml's scalars
		 * are malloc'd and end in a NUL): a large import reads tens of
		 * millions of them. */
		n->value = (char *)ev->data.scalar.value;
		ev->data.scalar.value = NULL;
		break;
	case YAML_SEQUENCE_START_EVENT:
	case YAML_MAPPING_START_EVENT: {
		int mapping = ev->type == YAML_MAPPING_START_EVENT;
		yaml_event_type_t end = mapping ? YAML_MAPPING_END_EVENT
						: YAML_SEQUENCE_END_EVENT;
		n = node_new(r, mapping ? YNODE_MAPPING : YNODE_SEQUENCE, ev, err);
		if (!n)
			break;
		for (;;) {
			yaml_event_t child;
			if (next_event(r, &child, err) < 0)
				goto fail;
			if (child.type == end) {
				yaml_event_delete(&child);
				break;
			}
			struct ynode *c = build(r, &child, err);
			if (!c || node_append(n, c, err) < 0)
				goto fail;
		}
		break;
fail:
		ynode_free(n);
		n = NULL;
		break;
	}
	default:
		event_error(r, ev, err, "unexpected YAML structure");
		break;
	}
	yaml_event_delete(ev);
	return n;
}

static int reader_new(const char *name, struct yaml_reader **out,
		      struct error *err)
{
	struct yaml_reader *r = calloc(1, sizeof *r);
	if (!r || !(r->name = strdup(name))) {
		free(r);
		return error_nomem(err);
	}
	if (!yaml_parser_initialize(&r->parser)) {
		free(r->name);
		free(r);
		return error_nomem(err);
	}
	*out = r;
	return 0;
}

int yaml_reader_open_file(const char *path, struct yaml_reader **out,
			  struct error *err)
{
	*out = NULL;
	FILE *f = fopen(path, "rb");
	if (!f)
		return error_set(err, errno == ENOENT ? ERROR_NOT_FOUND : ERROR_INPUT,
				 "%s: cannot open: %s", path, strerror(errno));
	struct stat st;
	if (fstat(fileno(f), &st) < 0 || !S_ISREG(st.st_mode)) {
		fclose(f);
		return error_set(err, ERROR_INPUT, "%s: not a regular file", path);
	}
	if ((unsigned long long)st.st_size > YAML_MAX_INPUT) {
		fclose(f);
		return error_set(err, ERROR_INPUT, "%s: too large (over 1 GiB)", path);
	}
	struct yaml_reader *r;
	if (reader_new(path, &r, err) < 0) {
		fclose(f);
		return -1;
	}
	if (!(r->path = strdup(path))) {
		fclose(f);
		yaml_reader_close(r);
		return error_nomem(err);
	}
	r->file = f;
	yaml_parser_set_input_file(&r->parser, f);
	*out = r;
	return 0;
}

int yaml_reader_open_buffer(const char *name, const char *data, size_t len,
			    struct yaml_reader **out, struct error *err)
{
	*out = NULL;
	if (len > YAML_MAX_INPUT)
		return error_set(err, ERROR_INPUT, "%s: too large (over 1 GiB)", name);
	struct yaml_reader *r;
	if (reader_new(name, &r, err) < 0)
		return -1;
	r->data = data;
	r->data_len = len;
	yaml_parser_set_input_string(&r->parser, (const unsigned char *)data, len);
	*out = r;
	return 0;
}

void yaml_reader_close(struct yaml_reader *r)
{
	if (!r)
		return;
	if (r->has_peeked)
		yaml_event_delete(&r->peeked);
	yaml_parser_delete(&r->parser);
	if (r->file)
		fclose(r->file);
	free(r->path);
	free(r->name);
	free(r);
}

const char *yaml_reader_name(const struct yaml_reader *r)
{
	return r->name;
}

/* Takes the next event and checks that it is of type want. */
static int expect(struct yaml_reader *r, yaml_event_type_t want,
		  const char *what, struct error *err)
{
	yaml_event_t ev;
	if (next_event(r, &ev, err) < 0)
		return -1;
	int ok = ev.type == want;
	if (!ok) {
		if (ev.type == YAML_STREAM_END_EVENT || ev.type == YAML_DOCUMENT_END_EVENT)
			error_set(err, ERROR_INPUT, "%s: empty file: expected %s",
				  r->name, what);
		else
			event_error(r, &ev, err, what);
	}
	yaml_event_delete(&ev);
	return ok ? 0 : -1;
}

int yaml_reader_begin(struct yaml_reader *r, int allow_empty, const char *what,
		      struct error *err)
{
	if (expect(r, YAML_STREAM_START_EVENT, "expected a YAML stream", err) < 0)
		return -1;
	yaml_event_t *ev = NULL;
	if (peek_event(r, &ev, err) < 0)
		return -1;
	if (ev->type == YAML_STREAM_END_EVENT && allow_empty)
		return 0;
	if (expect(r, YAML_DOCUMENT_START_EVENT, what, err) < 0)
		return -1;
	if (peek_event(r, &ev, err) < 0)
		return -1;
	if (ev->type != YAML_MAPPING_START_EVENT) {
		if (ev->type == YAML_SCALAR_EVENT && ev->data.scalar.length == 0 &&
		    ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE) {
			if (allow_empty)
				return 0;
			return error_set(err, ERROR_INPUT, "%s: empty file: expected %s",
					 r->name, what);
		}
		char *msg = NULL;
		if (asprintf(&msg, "expected %s at the top of the file", what) < 0)
			return error_nomem(err);
		event_error(r, ev, err, msg);
		free(msg);
		return -1;
	}
	return expect(r, YAML_MAPPING_START_EVENT, "a mapping", err) < 0 ? -1 : 1;
}

int yaml_reader_next_key(struct yaml_reader *r, struct ynode **key,
			 struct error *err)
{
	*key = NULL;
	yaml_event_t ev;
	if (next_event(r, &ev, err) < 0)
		return -1;
	if (ev.type == YAML_MAPPING_END_EVENT) {
		yaml_event_delete(&ev);
		return 0;
	}
	if (ev.type != YAML_SCALAR_EVENT) {
		event_error(r, &ev, err, "expected a section name");
		yaml_event_delete(&ev);
		return -1;
	}
	r->nodes = 0;
	*key = build(r, &ev, err);
	return *key ? 1 : -1;
}

int yaml_reader_value(struct yaml_reader *r, struct ynode **value,
		      struct error *err)
{
	yaml_event_t ev;
	if (next_event(r, &ev, err) < 0)
		return -1;
	r->nodes = 0;
	*value = build(r, &ev, err);
	return *value ? 0 : -1;
}

int yaml_reader_enter_sequence(struct yaml_reader *r, unsigned *line,
			       unsigned *column, struct error *err)
{
	yaml_event_t *peek = NULL;
	if (peek_event(r, &peek, err) < 0)
		return -1;
	*line = (unsigned)peek->start_mark.line + 1;
	*column = (unsigned)peek->start_mark.column + 1;
	if (peek->type != YAML_SEQUENCE_START_EVENT)
		return 0;
	yaml_event_t ev;
	if (next_event(r, &ev, err) < 0)
		return -1;
	yaml_event_delete(&ev);
	return 1;
}

int yaml_reader_next_item(struct yaml_reader *r, struct ynode **item,
			  struct error *err)
{
	*item = NULL;
	yaml_event_t ev;
	if (next_event(r, &ev, err) < 0)
		return -1;
	if (ev.type == YAML_SEQUENCE_END_EVENT) {
		yaml_event_delete(&ev);
		return 0;
	}
	r->nodes = 0;
	*item = build(r, &ev, err);
	return *item ? 1 : -1;
}

int yaml_reader_rest(struct yaml_reader *r, struct ynode **map,
		     struct error *err)
{
	*map = NULL;
	yaml_event_t *peek = NULL;
	if (peek_event(r, &peek, err) < 0)
		return -1;
	/* The mapping's start was taken by yaml_reader_begin: the node
	 * starts where its first key does. */
	r->nodes = 0;
	struct ynode *n = node_new(r, YNODE_MAPPING, peek, err);
	if (!n)
		return -1;
	for (;;) {
		yaml_event_t ev;
		if (next_event(r, &ev, err) < 0)
			break;
		if (ev.type == YAML_MAPPING_END_EVENT) {
			yaml_event_delete(&ev);
			*map = n;
			return 0;
		}
		struct ynode *c = build(r, &ev, err);
		if (!c || node_append(n, c, err) < 0)
			break;
	}
	ynode_free(n);
	return -1;
}

int yaml_reader_end(struct yaml_reader *r, struct error *err)
{
	yaml_event_t ev;
	if (next_event(r, &ev, err) < 0)
		return -1;
	yaml_event_type_t type = ev.type;
	yaml_event_delete(&ev);
	if (type != YAML_DOCUMENT_END_EVENT)
		return error_set(err, ERROR_INPUT, "%s: unexpected content after the document",
				 r->name);
	if (next_event(r, &ev, err) < 0)
		return -1;
	type = ev.type;
	if (type != YAML_STREAM_END_EVENT) {
		event_error(r, &ev, err,
			    "a second document (---) in one file: put everything in one mapping");
		yaml_event_delete(&ev);
		return -1;
	}
	yaml_event_delete(&ev);
	return 0;
}
