#include "config.h"

#include "tui/form.h"
#include "core/strbuf.h"
#include "core/text.h"
#include "tui/draw.h"
#include "tui/screens.h"
#include "tui/theme.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { LABEL_COLS = 14 };

struct form *form_new(const char *title, const struct form_ops *ops, void *owner)
{
	struct form *f = calloc(1, sizeof *f);
	if (!f || !(f->title = strdup(title))) {
		free(f);
		return NULL;
	}
	f->ops = ops;
	f->owner = owner;
	return f;
}

void form_free(struct form *f)
{
	if (!f)
		return;
	for (size_t i = 0; i < f->count; i++) {
		line_edit_free(&f->field[i].edit);
		free(f->field[i].shown);
		free(f->field[i].error);
	}
	free(f->field);
	free(f->title);
	if (f->win)
		delwin(f->win);
	free(f);
}

struct form_field *form_add(struct form *f, int id, const char *label,
			    enum form_field_type type, const char *hint)
{
	struct form_field *p = realloc(f->field, (f->count + 1) * sizeof *p);
	if (!p)
		return NULL;
	f->field = p;
	struct form_field *field = &p[f->count++];
	memset(field, 0, sizeof *field);
	field->id = id;
	field->label = label;
	field->type = type;
	field->hint = hint;
	field->rows = type == FIELD_TEXT ? 4 : 1;
	line_edit_init(&field->edit);
	return field;
}

struct form_field *form_field(struct form *f, int id)
{
	for (size_t i = 0; i < f->count; i++)
		if (f->field[i].id == id)
			return &f->field[i];
	return NULL;
}

void form_set_text(struct form_field *field, const char *text)
{
	line_edit_clear(&field->edit);
	for (const char *p = text ? text : ""; *p;) {
		unsigned cp;
		size_t n = text_utf8_decode(p, strlen(p), &cp);
		if (n == 0)
			n = 1;
		else if (cp == '\n')
			line_edit_insert_newline(&field->edit);
		else
			line_edit_insert(&field->edit, cp);
		p += n;
	}
}

void form_set_shown(struct form_field *field, const char *text)
{
	free(field->shown);
	field->shown = text ? strdup(text) : NULL;
}

int form_set_error(struct form_field *field, const char *fmt, ...)
{
	free(field->error);
	field->error = NULL;
	if (!fmt)
		return 0;
	va_list ap;
	va_start(ap, fmt);
	if (vasprintf(&field->error, fmt, ap) < 0)
		field->error = NULL;
	va_end(ap);
	return -1;
}

void form_clear_errors(struct form *f)
{
	for (size_t i = 0; i < f->count; i++)
		form_set_error(&f->field[i], NULL);
}

void form_focus_error(struct form *f)
{
	for (size_t i = 0; i < f->count; i++)
		if (f->field[i].error) {
			f->focus = i;
			return;
		}
}

static unsigned move_focus(struct form *f, int delta)
{
	if (f->count == 0)
		return REDRAW_NONE;
	f->focus = (f->focus + f->count + (size_t)(delta + (int)f->count)) % f->count;
	return REDRAW_SCREEN;
}

unsigned form_key(struct tui *t, struct form *f, enum tui_action action, int code,
		  wint_t ch)
{
	struct form_field *field = &f->field[f->focus];
	switch (action) {
	case ACTION_NEXT_FIELD:
		return move_focus(f, 1);
	case ACTION_PREV_FIELD:
		return move_focus(f, -1);
	case ACTION_SAVE:
		return f->ops->save(t, f);
	case ACTION_CANCEL:
		return f->ops->cancel(t, f);
	case ACTION_APPLY:
		if (field->type == FIELD_TEXT) {
			line_edit_insert_newline(&field->edit);
			return REDRAW_SCREEN;
		}
		if (field->type == FIELD_LINE)
			return move_focus(f, 1);
		return f->ops->activate(t, f, field);
	default:
		break;
	}
	if (field->type == FIELD_CHOICE || field->type == FIELD_BUTTON) {
		if (action == ACTION_NONE && code == OK && ch == ' ')
			return f->ops->activate(t, f, field);
		return REDRAW_NONE;
	}
	if (tui_edit_line(&field->edit, action, code, ch) != LINE_UNHANDLED) {
		/* Typing again is a fresh try: the old reason no longer holds. */
		form_set_error(field, NULL);
		return REDRAW_SCREEN;
	}
	return REDRAW_NONE;
}

static void place(struct tui *t, struct form *f)
{
	int rows = t->rows - 2, cols = t->cols;
	if (f->win && getmaxy(f->win) == rows && getmaxx(f->win) == cols)
		return;
	if (f->win)
		delwin(f->win);
	f->win = newwin(rows, cols, 1, 0);
}

/* A multi-line field, broken by characters (not words) so that the
 * cursor's place is plain to work out. */
static void draw_text_field(WINDOW *w, int y, int x, int cols, int rows,
			    const struct form_field *field, int focused, int *cy, int *cx)
{
	const char *s = line_edit_text(&field->edit);
	size_t len = strlen(s);
	int row = 0, col = 0;
	*cy = y;
	*cx = x;
	for (int r = 0; r < rows; r++)
		draw_fill(w, y + r, x, cols, A_UNDERLINE);
	for (size_t i = 0; i <= len; ) {
		if (i == field->edit.cursor && focused && row < rows) {
			*cy = y + row;
			*cx = x + col;
		}
		if (i == len)
			break;
		unsigned cp;
		size_t n = text_utf8_decode(s + i, len - i, &cp);
		if (n == 0)
			n = 1;
		if (cp == '\n') {
			row++;
			col = 0;
			i += n;
			continue;
		}
		int width = text_cp_width(cp);
		if (col + width > cols) {
			row++;
			col = 0;
		}
		if (row < rows) {
			char one[8];
			memcpy(one, s + i, n);
			one[n] = '\0';
			draw_text(w, y + row, x + col, one, width ? width : 1, A_UNDERLINE, 0);
		}
		col += width;
		i += n;
	}
}

/* Rows a field takes on screen: its own, its error, and a blank after. */
static int field_rows(const struct form_field *field, int value_cols)
{
	int rows = field->type == FIELD_BUTTON ? 1 : field->rows;
	if (field->error) {
		struct text_lines lines = { 0 };
		char *clean = text_clean(field->error, TEXT_ONE_LINE);
		int n = clean && text_wrap(clean, value_cols, &lines) == 0 ? (int)lines.count : 1;
		text_lines_free(&lines);
		free(clean);
		rows += n > 2 ? 2 : n;
	}
	return rows + 1;
}

void form_draw(struct tui *t, struct form *f)
{
	place(t, f);
	WINDOW *w = f->win;
	if (!w)
		return;
	werase(w);
	int cols = getmaxx(w), rows = getmaxy(w), value_cols = cols - LABEL_COLS - 3;
	draw_text(w, 0, 1, f->title, cols - 2, theme_attr(THEME_HEADING), 0);
	/* A form longer than the screen scrolls to keep the focus in view. */
	int room = rows - 2, at = 0, focus_at = 0, focus_rows = 1;
	for (size_t i = 0; i < f->count; i++) {
		int n = field_rows(&f->field[i], value_cols);
		if (i == f->focus) {
			focus_at = at;
			focus_rows = n;
		}
		at += n;
	}
	if (focus_at < f->top)
		f->top = focus_at;
	if (focus_at + focus_rows > f->top + room)
		f->top = focus_at + focus_rows - room;
	if (f->top < 0)
		f->top = 0;
	int y = 2 - f->top, cursor_y = -1, cursor_x = 0;
	for (size_t i = 0; i < f->count; i++) {
		struct form_field *field = &f->field[i];
		int height = field_rows(field, value_cols);
		if (y + height <= 2 || y >= rows) {
			y += height;
			continue;      /* scrolled out of view */
		}
		int focused = i == f->focus;
		attr_t label = theme_attr(focused ? THEME_SELECTED : THEME_LABEL);
		int x = LABEL_COLS + 2;
		if (field->type == FIELD_BUTTON) {
			char button[64];
			snprintf(button, sizeof button, "[ %s ]", field->label);
			draw_text(w, y, x, button, value_cols,
				  focused ? theme_attr(THEME_SELECTED) : A_BOLD, 0);
		} else if (y >= 2) {
			draw_text(w, y, 1, field->label, LABEL_COLS, label, 1);
			int empty;
			if (field->type == FIELD_TEXT) {
				int cy, cx, visible = rows - y < field->rows ? rows - y : field->rows;
				draw_text_field(w, y, x, value_cols, visible, field, focused,
						&cy, &cx);
				if (focused) {
					cursor_y = cy;
					cursor_x = cx;
				}
				empty = !*line_edit_text(&field->edit);
			} else if (field->type == FIELD_CHOICE) {
				empty = !field->shown || !*field->shown;
				draw_text(w, y, x, empty ? "" : field->shown, value_cols,
					  A_UNDERLINE, 1);
			} else {
				draw_fill(w, y, x, value_cols, A_UNDERLINE);
				line_edit_draw(&field->edit, w, y, x, value_cols, A_UNDERLINE, focused);
				if (focused)
					getyx(w, cursor_y, cursor_x);
				empty = !*line_edit_text(&field->edit);
			}
			if (empty && field->hint)
				draw_text(w, y, x, field->hint, value_cols, A_DIM | A_UNDERLINE, 0);
		}
		int ey = y + (field->type == FIELD_BUTTON ? 1 : field->rows);
		if (field->error && ey < rows)
			draw_wrapped(w, ey, x, field->error, value_cols, 0, rows - ey < 2 ? 1 : 2,
				     theme_attr(THEME_MESSAGE));
		y += height;
	}
	if (cursor_y >= 2) {
		wmove(w, cursor_y, cursor_x);
		curs_set(1);
	} else {
		curs_set(0);
	}
	wnoutrefresh(w);
}

void form_close(struct tui *t)
{
	struct form *f = t->form;
	if (!f)
		return;
	if (f->ops->free_owner)
		f->ops->free_owner(f->owner);
	f->owner = NULL;
	form_free(f);
	t->form = NULL;
	t->screen = t->form_over;
}
