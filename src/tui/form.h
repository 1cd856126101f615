/* form: a screen of labelled fields to fill in: lines of text, a
 * multi-line text, choices made in a picker, and buttons.  Each field can
 * show the reason it was refused beside it; what was typed stays. */
#ifndef SIGNPOST_TUI_FORM_H
#define SIGNPOST_TUI_FORM_H

#include <curses.h>
#include <stddef.h>

#include "tui/lineedit.h"
#include "tui/tui.h"

enum form_field_type {
	FIELD_LINE,      /* one line of text */
	FIELD_TEXT,      /* several lines; Enter starts a new one */
	FIELD_CHOICE,    /* Enter or Space opens a picker */
	FIELD_BUTTON,
};

struct form_field {
	int id;                     /* the owner's name for it */
	const char *label;
	enum form_field_type type;
	struct line_edit edit;      /* LINE and TEXT */
	char *shown;                /* CHOICE: what is chosen, in words */
	const char *hint;           /* shown dim while the field is empty */
	char *error;                /* why it was refused, or NULL */
	int rows;                   /* TEXT: rows on screen */
};

struct form;

/* The owner's part: a CHOICE or BUTTON field was activated, or the form
 * was saved (Ctrl-S) or cancelled (Esc). */
struct form_ops {
	unsigned (*activate)(struct tui *t, struct form *f, struct form_field *field);
	unsigned (*save)(struct tui *t, struct form *f);
	unsigned (*cancel)(struct tui *t, struct form *f);
	void (*free_owner)(void *owner);
};

struct form {
	char *title;
	struct form_field *field;
	size_t count;
	size_t focus;
	const struct form_ops *ops;
	void *owner;                /* the owner's state */
	WINDOW *win;
	int top;                    /* first screen row shown, when it scrolls */
};

struct form *form_new(const char *title, const struct form_ops *ops, void *owner);
void form_free(struct form *f);
/* Adds a field; the pointer returned lasts only until the next add. */
struct form_field *form_add(struct form *f, int id, const char *label,
			    enum form_field_type type, const char *hint);
struct form_field *form_field(struct form *f, int id);
void form_set_text(struct form_field *field, const char *text);
void form_set_shown(struct form_field *field, const char *text);
/* Sets (NULL clears) the field's error; returns -1 when one is set. */
int form_set_error(struct form_field *field, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void form_clear_errors(struct form *f);
/* Moves to the first field with an error. */
void form_focus_error(struct form *f);

unsigned form_key(struct tui *t, struct form *f, enum tui_action action, int code,
		  wint_t ch);
void form_draw(struct tui *t, struct form *f);

/* Closes the open form (freeing its owner's state) and goes back to
 * the screen it was over. */
void form_close(struct tui *t);

#endif
