/* tui: the terminal browser.  One context is passed to every screen;
 * nothing here is global but the signal flags. */
#ifndef SIGNPOST_TUI_H
#define SIGNPOST_TUI_H

#include <curses.h>
#include <stdio.h>

#include "core/asset.h"
#include "core/asset_text.h"
#include "core/dates.h"
#include "core/search.h"
#include "core/settings.h"
#include "core/taxonomy.h"
#include "store/store.h"
#include "tui/keys.h"
#include "tui/lineedit.h"

struct tui;

struct tui_options {
	int print_slip;       /* p prints the slip to stdout on the way out */
};

/* What a handler asks to be drawn again; one place draws. */
enum redraw {
	REDRAW_NONE    = 0,
	REDRAW_TITLE   = 1 << 0,
	REDRAW_SEARCH  = 1 << 1,
	REDRAW_LIST    = 1 << 2,
	REDRAW_PREVIEW = 1 << 3,
	REDRAW_STATUS  = 1 << 4,
	REDRAW_SCREEN  = 1 << 5,   /* the whole of the current screen */
	REDRAW_ALL     = 0x3f,
	RELAYOUT       = 1 << 6,   /* the window sizes changed */
	SEARCH_AGAIN   = 1 << 7,   /* the query changed: run it */
};

enum tui_screen {
	SCREEN_BROWSE,      /* the directory: search line, list, preview */
	SCREEN_DETAIL,      /* one asset in full */
	SCREEN_HELP,
	SCREEN_FORM,        /* a form over the rest */
	SCREEN_REFERRALS,   /* follow-ups, or a client's referrals */
	SCREEN_REFERRAL,    /* one referral and its history */
	SCREEN_CONFLICT,    /* a save refused: both versions */
	SCREEN_HISTORY,     /* a listing's versions */
	SCREEN_QUEUE,       /* the volunteers' work queue */
	SCREEN_LOG,         /* the referral log */
	SCREEN_REPORT,      /* a report */
};

struct filters {
	struct strlist needs;
	char *locality;
	char *sector;
	unsigned days;
	int open_only;
};

struct picker;
struct detail;
struct help;
struct form;
struct referrals;
struct history_view;
struct queue_view;
struct log_view;
struct report_view;

/* What a choice or a question is about, kept for its answer. */
struct pending {
	char *id;             /* an asset id or a client reference */
	long number;          /* a referral id */
	int version;          /* the referral's version when it was read */
	int choice;           /* a status, an outcome or a flag reason */
};

/* A question in the status line, answered with Enter or Esc. */
struct prompt {
	int active;
	char *question;
	struct line_edit answer;
	void (*done)(struct tui *t, const char *answer);  /* on Enter */
};

struct tui {
	struct store *dir;
	struct store *personal;   /* NULL when this account may not read it */
	char *personal_problem;   /* why not, said once */
	int personal_quiet;       /* ... or not at all: the role has no use for it */
	char *login;
	const struct actor *actor;     /* the directory's: whose role rules */
	/* Actions the role may not use (by action): not offered, and
	 * refused with the reason when their key is pressed. */
	unsigned char hidden[ACTION_COUNT];
	const struct settings *settings;
	const struct tui_options *opt;
	char today[DATE_LEN];
	char *directory_name;
	struct taxonomy taxonomy[TAXONOMY_KIND_COUNT];   /* read once */
	int counted[TAXONOMY_KIND_COUNT];   /* its counts are up to date */

	/* The windows, made by layout(). */
	WINDOW *title, *search, *list, *preview, *status;
	int rows, cols;
	int wide;                 /* the preview sits beside the list */
	int too_small;

	/* The search and its results. */
	struct line_edit words;
	int searching;            /* the search line has the keys */
	struct filters filters;
	char *query_key;          /* the query last run, to skip a rerun */
	struct search_result results;
	long selected;            /* index into results, or -1 */
	long top;                 /* first row shown */
	struct asset preview_asset;
	struct asset_fields preview_fields;
	int preview_loaded;

	enum tui_screen screen;
	struct picker *picker;    /* open over the list, or NULL */
	struct detail *detail;
	struct help *help;
	struct form *form;        /* open over screen form_over */
	enum tui_screen form_over;
	struct referrals *referrals;   /* the follow-ups tab's state */
	struct history_view *history;  /* a listing's versions, when open */
	struct queue_view *queue;      /* the work queue tab's state */
	struct log_view *log;          /* the referral log tab's state */
	struct report_view *report;    /* the reports tab's state */
	struct prompt prompt;
	struct pending pending;

	char *message;            /* shown in the status line until the next key */
	int message_is_error;
	char *slip_out;           /* --print-slip: printed after the screen closes */
	FILE *trace;              /* SIGNPOST_TRACE: times of keys and frames */
	int quit;
};

/* Runs the browser on an open directory until the user quits. */
int tui_run(struct store *dir, const struct settings *settings,
	    const struct tui_options *opt, struct error *err);

/* Shared by the screens. */
void tui_message(struct tui *t, int is_error, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void tui_prompt(struct tui *t, const char *question, const char *answer,
		void (*done)(struct tui *t, const char *answer));
const char *tui_label(const struct tui *t, enum taxonomy_kind kind, const char *id);
/* Counts the assets of each item of a kind, when a list of them is first
 * shown (not at start: at 200,000 assets it is a pass over every link),
 * and again after a change (browser_invalidate). */
int tui_count(struct tui *t, enum taxonomy_kind kind, struct error *err);
/* Remembers what the next choice or question is about; 0 or -1. */
int tui_pending(struct tui *t, const char *id, long number, int version);
/* Applies an editing action, or types ch when action is none, to e. */
enum line_result tui_edit_line(struct line_edit *e, enum tui_action action, int code,
			       wint_t ch);

#endif
