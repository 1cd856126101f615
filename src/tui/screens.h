/* screens: what each screen and widget offers the main loop.  A key
 * handler returns the enum redraw flags of what it changed. */
#ifndef SIGNPOST_TUI_SCREENS_H
#define SIGNPOST_TUI_SCREENS_H

#include <curses.h>

#include "tui/tui.h"

/* browser.c: the title, the search line, the list and the status line */
unsigned browser_key(struct tui *t, enum tui_action action, int code, wint_t ch);
unsigned browser_mouse(struct tui *t, const MEVENT *ev);
unsigned browser_search(struct tui *t);
/* Fetches more rows of the current results; the number added, or -1. */
int browser_load_more(struct tui *t);
void browser_draw(struct tui *t, unsigned flags);
void browser_free(struct tui *t);

/* list.c: the results list widget */
void list_draw(struct tui *t);
unsigned list_move(struct tui *t, long delta);
unsigned list_move_to(struct tui *t, long index);
unsigned list_click(struct tui *t, int row);
long list_page(const struct tui *t);

/* preview.c: the selected asset, in brief */
void preview_draw(struct tui *t);
/* Loads the selected asset (when not already); 0, or -1 on failure. */
int preview_load(struct tui *t);
/* Drops the loaded asset, as the selection has changed. */
void preview_forget(struct tui *t);

/* picker.c: choose needs, a locality, a sector or a day */
enum picker_kind { PICK_NEED, PICK_LOCALITY, PICK_SECTOR, PICK_DAY };
unsigned picker_open(struct tui *t, enum picker_kind kind);
unsigned picker_key(struct tui *t, enum tui_action action, int code, wint_t ch);
void picker_draw(struct tui *t);
void picker_close(struct tui *t);

/* detail.c: one asset in full */
unsigned detail_open(struct tui *t);
unsigned detail_key(struct tui *t, enum tui_action action);
unsigned detail_scroll(struct tui *t, int lines);
void detail_draw(struct tui *t);
void detail_close(struct tui *t);

/* help.c: the keys, from the key table */
unsigned help_open(struct tui *t);
unsigned help_key(struct tui *t, enum tui_action action);
unsigned help_scroll(struct tui *t, int lines);
void help_draw(struct tui *t);
void help_close(struct tui *t);

#endif
