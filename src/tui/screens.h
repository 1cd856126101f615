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

/* picker.c: choose needs, a locality, a sector or a day, or one of a
 * short list of choices */
enum picker_kind { PICK_NEED, PICK_LOCALITY, PICK_SECTOR, PICK_DAY, PICK_CHOICE };
/* Gets what was chosen (empty: cleared, "any"); returns redraw flags. */
typedef unsigned (*picker_done)(struct tui *t, void *ctx, const struct strlist *chosen);
struct picker_choice {
	const char *id;
	const char *label;
};
/* Opens a picker that sets the browser's filter of that kind. */
unsigned picker_open(struct tui *t, enum picker_kind kind);
/* Opens a picker starting from chosen, giving the result to done. */
unsigned picker_open_with(struct tui *t, enum picker_kind kind,
			  const struct strlist *chosen, picker_done done, void *ctx);
/* The same, saying whether several may be marked. */
unsigned picker_open_multi(struct tui *t, enum picker_kind kind, int multi,
			   const struct strlist *chosen, picker_done done, void *ctx);
/* Opens a list of choices (one is chosen; there is no "any"). */
unsigned picker_open_choice(struct tui *t, const char *title,
			    const struct picker_choice *choices, size_t count,
			    picker_done done, void *ctx);
/* The same, with several to mark when multi, starting from chosen. */
unsigned picker_open_choices(struct tui *t, const char *title,
			     const struct picker_choice *choices, size_t count, int multi,
			     const struct strlist *chosen, picker_done done, void *ctx);
unsigned picker_key(struct tui *t, enum tui_action action, int code, wint_t ch);
void picker_draw(struct tui *t);
void picker_close(struct tui *t);

/* detail.c: one asset in full */
unsigned detail_open(struct tui *t);
unsigned detail_key(struct tui *t, enum tui_action action);
unsigned detail_scroll(struct tui *t, int lines);
void detail_draw(struct tui *t);
void detail_close(struct tui *t);

/* The asset open in full: its id and name, and its first need. */
void detail_current(struct tui *t, const char **id, const char **name);
void detail_first_need(struct tui *t, struct strlist *needs);

/* refer.c: refer a person to an asset (a form), flag a listing, log an
 * unmet need; and the form screen */
unsigned refer_open(struct tui *t);
unsigned flag_open(struct tui *t);
unsigned unmet_open(struct tui *t);
unsigned form_screen_key(struct tui *t, enum tui_action action, int code, wint_t ch);
void form_screen_draw(struct tui *t);

/* followups.c: the follow-ups tab, a client's referrals, one referral */
unsigned referrals_open(struct tui *t);
unsigned referrals_key(struct tui *t, enum tui_action action);
unsigned referral_view_key(struct tui *t, enum tui_action action);
void referrals_draw(struct tui *t);
void referral_view_draw(struct tui *t);
void referrals_close(struct tui *t);
void referrals_announce(struct tui *t);
/* One referral with its history, from anywhere; back returns there. */
unsigned referral_view_open(struct tui *t, long id);

/* log_view.c: the referral log (F5), filtered, sorted, with totals */
unsigned log_open(struct tui *t);
/* The list of periods to choose from ("any time" too when with_any). */
unsigned log_choose_period(struct tui *t, int with_any, picker_done done);
unsigned log_key(struct tui *t, enum tui_action action);
void log_draw(struct tui *t);
void log_close(struct tui *t);

/* report_view.c: the reports (F6), with their charts; export to a file */
unsigned report_open(struct tui *t);
unsigned report_key(struct tui *t, enum tui_action action);
void report_draw(struct tui *t);
void report_close(struct tui *t);

/* The asset the keys act on: the one open in full, or the one selected
 * in the list; -1 when there is none. */
int tui_selected_asset(struct tui *t, const char **id, const char **name);
/* The listings changed: search again and reload the preview. */
void browser_invalidate(struct tui *t);

/* asset_form.c: add or edit a listing; a refused save's two versions */
unsigned asset_form_add(struct tui *t);
unsigned asset_form_edit(struct tui *t, const char *id);
unsigned conflict_key(struct tui *t, enum tui_action action, int code, wint_t ch);
void conflict_draw(struct tui *t);

/* history.c: every version of a listing; restore one */
unsigned history_open(struct tui *t, const char *id, const char *name);
unsigned history_key(struct tui *t, enum tui_action action);
void history_draw(struct tui *t);
void history_close(struct tui *t);

/* queue_view.c: the volunteers' work queue; verifying a listing */
unsigned queue_open(struct tui *t);
unsigned queue_key(struct tui *t, enum tui_action action);
void queue_draw(struct tui *t);
void queue_close(struct tui *t);
void queue_refresh(struct tui *t);
unsigned queue_verify(struct tui *t, const char *id);

/* listing_menu.c: a listing's status, archived or not; and the keys that
 * act on the selected listing (edit, verify, history, status) */
unsigned listing_status_menu(struct tui *t);
unsigned listing_key(struct tui *t, enum tui_action action);

/* help.c: the keys, from the key table */
unsigned help_open(struct tui *t);
unsigned help_key(struct tui *t, enum tui_action action);
unsigned help_scroll(struct tui *t, int lines);
void help_draw(struct tui *t);
void help_close(struct tui *t);

#endif
