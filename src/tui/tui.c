#include "config.h"

#include "tui/tui.h"
#include "core/access.h"
#include "core/counts.h"
#include "core/directory.h"
#include "core/identity.h"
#include "core/personal.h"
#include "core/strbuf.h"
#include "core/text.h"
#include "tui/draw.h"
#include "tui/form.h"
#include "tui/screens.h"
#include "tui/theme.h"

#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <wctype.h>

/* The only state outside the context: what a signal handler may touch. */
static volatile sig_atomic_t quit_signal;

static void on_quit_signal(int sig)
{
	quit_signal = sig;
}

/* How often the loop looks up from the keyboard to see a signal. */
enum { POLL_MS = 200, MIN_ROWS = 10, MIN_COLS = 40, WIDE_COLS = 110 };

/* Letters for the search line typed before one search runs, at most. */
enum { TYPEAHEAD_MAX = 64 };

static double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1000.0 + (double)ts.tv_nsec / 1e6;
}

void tui_message(struct tui *t, int is_error, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *msg = NULL;
	if (vasprintf(&msg, fmt, ap) < 0)
		msg = NULL;
	va_end(ap);
	free(t->message);
	t->message = msg;
	t->message_is_error = is_error;
}

void tui_prompt(struct tui *t, const char *question, const char *answer,
		void (*done)(struct tui *t, const char *answer))
{
	free(t->prompt.question);
	t->prompt.question = strdup(question);
	line_edit_clear(&t->prompt.answer);
	for (const char *p = answer; p && *p; p++)
		line_edit_insert(&t->prompt.answer, (unsigned char)*p);
	t->prompt.done = done;
	t->prompt.active = t->prompt.question != NULL;
}

int tui_pending(struct tui *t, const char *id, long number, int version)
{
	free(t->pending.id);
	t->pending.id = id ? strdup(id) : NULL;
	t->pending.number = number;
	t->pending.version = version;
	t->pending.choice = 0;
	return id && !t->pending.id ? -1 : 0;
}

const char *tui_label(const struct tui *t, enum taxonomy_kind kind, const char *id)
{
	if (!id)
		return "";
	const struct taxonomy_item *it = taxonomy_find(&t->taxonomy[kind], id);
	return it ? it->label : id;
}

enum line_result tui_edit_line(struct line_edit *e, enum tui_action action, int code,
			       wint_t ch)
{
	static const struct { enum tui_action action; enum line_op op; } ops[] = {
		{ ACTION_EDIT_BACKSPACE, LINE_BACKSPACE }, { ACTION_EDIT_DELETE, LINE_DELETE },
		{ ACTION_EDIT_LEFT, LINE_LEFT }, { ACTION_EDIT_RIGHT, LINE_RIGHT },
		{ ACTION_EDIT_HOME, LINE_HOME }, { ACTION_EDIT_END, LINE_END },
		{ ACTION_EDIT_KILL_START, LINE_KILL_START },
		{ ACTION_EDIT_KILL_WORD, LINE_KILL_WORD },
		{ ACTION_EDIT_KILL_END, LINE_KILL_END },
	};
	for (size_t i = 0; i < sizeof ops / sizeof ops[0]; i++)
		if (ops[i].action == action)
			return line_edit_do(e, ops[i].op);
	if (action == ACTION_NONE && code == OK)
		return line_edit_insert(e, ch);
	return LINE_UNHANDLED;
}

/* ---- Layout and the common lines ------------------------------------- */

static void free_windows(struct tui *t)
{
	WINDOW **w[] = { &t->title, &t->search, &t->list, &t->preview, &t->status };
	for (size_t i = 0; i < sizeof w / sizeof w[0]; i++) {
		if (*w[i])
			delwin(*w[i]);
		*w[i] = NULL;
	}
}

/* Every window's place, worked out in one spot from the terminal's size. */
static void layout(struct tui *t)
{
	free_windows(t);
	/* Keys are read through stdscr, and reading refreshes it: keep it
	 * clean and refreshed, or it would paint over the windows. */
	werase(stdscr);
	wnoutrefresh(stdscr);
	getmaxyx(stdscr, t->rows, t->cols);
	t->too_small = t->rows < MIN_ROWS || t->cols < MIN_COLS;
	if (t->too_small)
		return;
	int content = t->rows - 3;
	t->wide = t->cols >= WIDE_COLS;
	t->title = newwin(1, t->cols, 0, 0);
	t->search = newwin(1, t->cols, 1, 0);
	t->status = newwin(1, t->cols, t->rows - 1, 0);
	if (t->wide) {
		int list_cols = t->cols * 3 / 5;
		t->list = newwin(content, list_cols, 2, 0);
		t->preview = newwin(content, t->cols - list_cols, 2, list_cols);
	} else {
		int preview_rows = content * 2 / 5 < 6 ? 6 : content * 2 / 5;
		t->list = newwin(content - preview_rows, t->cols, 2, 0);
		t->preview = newwin(preview_rows, t->cols, 2 + content - preview_rows, 0);
	}
}

/* The directory's name, and the filters in force at the right: when
 * the line is short, the name gives way. */
static void draw_title(struct tui *t)
{
	struct strbuf sb = STRBUF_INIT;
	const struct filters *f = &t->filters;
	for (size_t i = 0; i < f->needs.count; i++)
		strbuf_printf(&sb, "%s%s", i ? ", " : "need: ",
			      tui_label(t, TAXONOMY_NEED, f->needs.item[i]));
	if (f->locality)
		strbuf_printf(&sb, "%sin: %s", sb.len ? "  " : "",
			      tui_label(t, TAXONOMY_LOCALITY, f->locality));
	if (f->sector)
		strbuf_printf(&sb, "%ssector: %s", sb.len ? "  " : "",
			      tui_label(t, TAXONOMY_SECTOR, f->sector));
	if (f->days) {
		char *days = days_describe(f->days);
		strbuf_printf(&sb, "%sday: %s", sb.len ? "  " : "", days ? days : "?");
		free(days);
	}
	if (f->open_only)
		strbuf_printf(&sb, "%sopen only", sb.len ? "  " : "");
	attr_t attr = theme_attr(THEME_TITLE);
	werase(t->title);
	draw_fill(t->title, 0, 0, t->cols, attr);
	int filters = sb.len ? text_width(strbuf_str(&sb)) + 2 : 0;
	if (filters > t->cols * 3 / 4)
		filters = t->cols * 3 / 4;
	draw_text(t->title, 0, 0, t->directory_name, t->cols - filters - 1, attr, 0);
	if (filters)
		draw_text(t->title, 0, t->cols - filters, strbuf_str(&sb), filters - 1, attr, 0);
	wnoutrefresh(t->title);
	strbuf_free(&sb);
}

static unsigned current_context(const struct tui *t)
{
	if (t->prompt.active)
		return CONTEXT_PROMPT;
	if (t->picker)
		return CONTEXT_PICKER;
	switch (t->screen) {
	case SCREEN_HELP:
		return CONTEXT_HELP;
	case SCREEN_DETAIL:
		return CONTEXT_DETAIL;
	case SCREEN_FORM:
		return CONTEXT_FORM;
	case SCREEN_REFERRALS:
		return CONTEXT_REFERRALS;
	case SCREEN_REFERRAL:
		return CONTEXT_REFERRAL;
	case SCREEN_CONFLICT:
		return CONTEXT_DETAIL;
	case SCREEN_HISTORY:
		return CONTEXT_HISTORY;
	case SCREEN_QUEUE:
		return CONTEXT_QUEUE;
	case SCREEN_LOG:
		return CONTEXT_LOG;
	case SCREEN_REPORT:
		return CONTEXT_REPORT;
	case SCREEN_BROWSE:
		break;
	}
	return t->searching ? CONTEXT_SEARCH : CONTEXT_LIST;
}

static void draw_status(struct tui *t)
{
	werase(t->status);
	attr_t attr = theme_attr(THEME_STATUS);
	if (t->prompt.active) {
		int used = draw_text(t->status, 0, 0, t->prompt.question, t->cols / 2,
				     theme_attr(THEME_PROMPT), 0);
		line_edit_draw(&t->prompt.answer, t->status, 0, used + 1,
			       t->cols - used - 1, attr, 1);
		wnoutrefresh(t->status);
		return;
	}
	if (t->message) {
		draw_text(t->status, 0, 0, t->message, t->cols,
			  theme_attr(t->message_is_error ? THEME_MESSAGE : THEME_STATUS), 1);
		wnoutrefresh(t->status);
		return;
	}
	struct strbuf sb = STRBUF_INIT;
	if (t->screen == SCREEN_BROWSE && !t->picker) {
		long total = t->results.total;
		/* A capped count (browser.c) is a floor, and says so. */
		const char *more = t->results.capped ? "more than " : "";
		strbuf_printf(&sb, "%s%ld asset%s", more, total,
			      total == 1 && !*more ? "" : "s");
		if (t->selected >= 0 && total > 0)
			strbuf_printf(&sb, " (%ld of %s%ld)", t->selected + 1, more, total);
		strbuf_puts(&sb, "  ");
	}
	char *hints = keys_hints(current_context(t), t->hidden);
	strbuf_puts(&sb, hints ? hints : "");
	free(hints);
	draw_text(t->status, 0, 0, strbuf_str(&sb), t->cols, attr, 1);
	strbuf_free(&sb);
	wnoutrefresh(t->status);
}

static void draw(struct tui *t, unsigned flags)
{
	if (t->too_small) {
		erase();
		draw_text(stdscr, 0, 0, "The terminal is too small for signpost: make it at "
			  "least 40 by 10.", COLS, A_BOLD, 0);
		wnoutrefresh(stdscr);
		doupdate();
		return;
	}
	curs_set(0);
	if (flags & REDRAW_TITLE)
		draw_title(t);
	switch (t->screen) {
	case SCREEN_HELP:
		help_draw(t);
		break;
	case SCREEN_DETAIL:
		detail_draw(t);
		break;
	case SCREEN_FORM:
		form_screen_draw(t);
		break;
	case SCREEN_REFERRALS:
		referrals_draw(t);
		break;
	case SCREEN_REFERRAL:
		referral_view_draw(t);
		break;
	case SCREEN_CONFLICT:
		conflict_draw(t);
		break;
	case SCREEN_HISTORY:
		history_draw(t);
		break;
	case SCREEN_QUEUE:
		queue_draw(t);
		break;
	case SCREEN_LOG:
		log_draw(t);
		break;
	case SCREEN_REPORT:
		report_draw(t);
		break;
	case SCREEN_BROWSE:
		browser_draw(t, flags);
		break;
	}
	draw_status(t);
	/* The cursor goes where typing goes, and shows only there: the
	 * window refreshed last places it. */
	if (t->prompt.active) {
		curs_set(1);
		wnoutrefresh(t->status);
	} else if (t->picker) {
		curs_set(1);
		picker_draw(t);
	} else if (t->screen == SCREEN_FORM) {
		form_screen_draw(t);
	} else if (t->screen == SCREEN_BROWSE && t->searching) {
		curs_set(1);
		wnoutrefresh(t->search);
	}
	doupdate();
}

/* ---- Keys -------------------------------------------------------------- */

static unsigned prompt_key(struct tui *t, enum tui_action action, int code, wint_t ch)
{
	struct prompt *p = &t->prompt;
	switch (action) {
	case ACTION_APPLY: {
		char *answer = strdup(line_edit_text(&p->answer));
		p->active = 0;
		if (answer && p->done)
			p->done(t, answer);
		free(answer);
		/* An answer may change the listings: search again if so. */
		return REDRAW_ALL | SEARCH_AGAIN;
	}
	case ACTION_CANCEL:
		p->active = 0;
		return REDRAW_STATUS;
	default:
		tui_edit_line(&p->answer, action, code, ch);
		return REDRAW_STATUS;
	}
}

static unsigned mouse(struct tui *t)
{
	MEVENT ev;
	if (getmouse(&ev) != OK)
		return REDRAW_NONE;
	int wheel = ev.bstate & BUTTON4_PRESSED ? -3
#ifdef BUTTON5_PRESSED
		  : ev.bstate & BUTTON5_PRESSED ? 3
#endif
		  : 0;
	switch (t->screen) {
	case SCREEN_HELP:
		return wheel ? help_scroll(t, wheel) : REDRAW_NONE;
	case SCREEN_DETAIL:
		return wheel ? detail_scroll(t, wheel) : REDRAW_NONE;
	case SCREEN_BROWSE:
		break;
	default:
		return REDRAW_NONE;
	}
	if (t->picker)
		return REDRAW_NONE;
	return browser_mouse(t, &ev);
}

/* Says why the role may not do what a key asks. */
static unsigned refuse(struct tui *t, enum tui_action action)
{
	struct error why = ERROR_INIT;
	if (t->actor)
		access_require(t->actor, (enum permission)keys_action_permission(action), &why);
	tui_message(t, 1, "%s", error_message(&why));
	error_clear(&why);
	return REDRAW_STATUS;
}

/* What the role may not do is not offered (see keys_action_permission). */
static void hide_what_role_may_not(struct tui *t)
{
	for (int a = 0; a < ACTION_COUNT; a++) {
		int p = keys_action_permission((enum tui_action)a);
		t->hidden[a] = t->actor && p >= 0 && !access_allows(t->actor, (enum permission)p);
	}
}

static unsigned dispatch(struct tui *t, int code, wint_t ch)
{
	if (code == KEY_CODE_YES && ch == KEY_RESIZE)
		return RELAYOUT | REDRAW_ALL;
	if (code == KEY_CODE_YES && ch == KEY_MOUSE)
		return mouse(t);
	/* Return is CR on the wire; the key table knows it as newline. */
	if (code == OK && ch == '\r')
		ch = '\n';
	unsigned context = current_context(t);
	enum tui_action action = keys_lookup(context, code == KEY_CODE_YES, (int)ch);
	if (action == ACTION_QUIT) {
		t->quit = 1;
		return REDRAW_NONE;
	}
	if (action != ACTION_NONE && t->hidden[action])
		return refuse(t, action);
	if (context == CONTEXT_PROMPT)
		return prompt_key(t, action, code, ch);
	if (action == ACTION_HELP && t->screen != SCREEN_HELP)
		return help_open(t);
	switch (action) {
	case ACTION_TAB_DIRECTORY:
		help_close(t);
		t->screen = SCREEN_BROWSE;
		return REDRAW_ALL;
	case ACTION_TAB_FOLLOWUPS:
		help_close(t);
		return referrals_open(t);
	case ACTION_TAB_QUEUE:
		return queue_open(t);
	case ACTION_TAB_LOG:
		return log_open(t);
	case ACTION_TAB_REPORTS:
		return report_open(t);
	case ACTION_REFER:
		return refer_open(t);
	case ACTION_FLAG:
		return flag_open(t);
	case ACTION_UNMET:
		return unmet_open(t);
	default:
		break;
	}
	switch (context) {
	case CONTEXT_HELP:
		return help_key(t, action);
	case CONTEXT_DETAIL:
		if (t->screen == SCREEN_CONFLICT)
			return conflict_key(t, action, code, ch);
		return detail_key(t, action);
	case CONTEXT_PICKER:
		return picker_key(t, action, code, ch);
	case CONTEXT_FORM:
		return form_screen_key(t, action, code, ch);
	case CONTEXT_REFERRALS:
		return referrals_key(t, action);
	case CONTEXT_REFERRAL:
		return referral_view_key(t, action);
	case CONTEXT_HISTORY:
		return history_key(t, action);
	case CONTEXT_QUEUE:
		return queue_key(t, action);
	case CONTEXT_LOG:
		return log_key(t, action);
	case CONTEXT_REPORT:
		return report_key(t, action);
	default:
		return browser_key(t, action, code, ch);
	}
}

/* Typeahead: a letter for the search line that is already waiting is
 * typed before the search runs, so that a paste, a fast typist or a
 * slow link costs one search, not one a letter (each can cost 10-20 ms
 * in a national directory).  Any other key is put back, and waits for
 * the search, so that it acts on the list the letters made. */
static int next_typed(struct tui *t, wint_t *ch)
{
	if (current_context(t) != CONTEXT_SEARCH)
		return 0;
	wint_t c;
	wtimeout(stdscr, 0);
	int code = wget_wch(stdscr, &c);
	wtimeout(stdscr, POLL_MS);
	if (code == ERR)
		return 0;
	if (code == OK && iswprint(c) &&
	    keys_lookup(CONTEXT_SEARCH, 0, (int)c) == ACTION_NONE) {
		*ch = c;
		return 1;
	}
	if (code == KEY_CODE_YES)
		ungetch((int)c);
	else
		unget_wch(c);
	return 0;
}

/* ---- Start and finish ------------------------------------------------- */

/* The labels only: the counts wait for a picker (tui_count). */
static int load_taxonomy(struct tui *t, struct error *err)
{
	for (int k = 0; k < TAXONOMY_KIND_COUNT; k++)
		if (taxonomy_read(t->dir, (enum taxonomy_kind)k, &t->taxonomy[k], err) < 0)
			return -1;
	return 0;
}

int tui_count(struct tui *t, enum taxonomy_kind kind, struct error *err)
{
	if (t->counted[kind])
		return 0;
	if (counts_taxonomy(t->dir, kind, &t->taxonomy[kind], err) < 0)
		return -1;
	t->counted[kind] = 1;
	return 0;
}

static void tui_free(struct tui *t)
{
	picker_close(t);
	form_close(t);
	referrals_close(t);
	history_close(t);
	queue_close(t);
	log_close(t);
	report_close(t);
	detail_close(t);
	help_close(t);
	store_close(t->personal);
	free(t->personal_problem);
	free(t->pending.id);
	free(t->login);
	browser_free(t);
	for (int k = 0; k < TAXONOMY_KIND_COUNT; k++)
		taxonomy_free(&t->taxonomy[k]);
	free_windows(t);
	free(t->directory_name);
	free(t->message);
	free(t->prompt.question);
	line_edit_free(&t->prompt.answer);
	free(t->slip_out);
	if (t->trace)
		fclose(t->trace);
}

int tui_run(struct store *dir, const struct settings *settings,
	    const struct tui_options *opt, struct error *err)
{
	/* SIGNPOST_TRACE names a file that gets the time from reading each
	 * key to the finished screen, and to the first full frame: what the
	 * benchmark measures. */
	double begun = now_ms();
	struct tui t = { 0 };
	t.dir = dir;
	t.settings = settings;
	t.opt = opt;
	t.selected = -1;
	line_edit_init(&t.words);
	line_edit_init(&t.prompt.answer);
	if (date_today(t.today) < 0)
		return error_set(err, ERROR_INPUT, "SIGNPOST_TODAY is not a date (YYYY-MM-DD)");
	const char *trace_path = getenv("SIGNPOST_TRACE");
	if (trace_path && *trace_path)
		t.trace = fopen(trace_path, "a");
	FILE *trace = t.trace;
	/* The personal-data file, when this account may read it; without
	 * it, the directory still works, and the user is told why once. */
	t.actor = store_actor(dir);
	hide_what_role_may_not(&t);
	struct error why = ERROR_INIT;
	if (personal_open_as(dir, STORE_CREATE, &t.personal, &why) < 0) {
		t.personal = NULL;
		t.personal_problem = strdup(error_message(&why));
		/* A role that sees no personal data has nothing to be told. */
		t.personal_quiet = t.hidden[ACTION_TAB_FOLLOWUPS] && t.hidden[ACTION_TAB_LOG];
	}
	error_clear(&why);
	t.login = identity_login();
	if (!(t.directory_name = directory_name(dir)))
		t.directory_name = strdup("signpost");
	if (!t.directory_name || load_taxonomy(&t, err) < 0) {
		tui_free(&t);
		return err->kind ? -1 : error_nomem(err);
	}

	/* Escape alone should act at once; honour ESCDELAY when it is set. */
	if (!getenv("ESCDELAY"))
		set_escdelay(25);
	draw_init();
	/* With --print-slip, standard output may be a file for the slip: the
	 * screen is then drawn on the terminal itself. */
	FILE *screen_out = stdout;
	if (!isatty(STDOUT_FILENO) && !(screen_out = fopen("/dev/tty", "w"))) {
		tui_free(&t);
		return error_set(err, ERROR_INPUT, "no terminal to draw on");
	}
	SCREEN *screen = newterm(NULL, screen_out, stdin);
	if (!screen) {
		if (screen_out != stdout)
			fclose(screen_out);
		tui_free(&t);
		return error_set(err, ERROR_INPUT, "cannot start the screen: is TERM (%s) right?",
				 getenv("TERM") ? getenv("TERM") : "unset");
	}
	struct sigaction sa, old[3];
	static const int signals[3] = { SIGINT, SIGTERM, SIGHUP };
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_quit_signal;
	sigemptyset(&sa.sa_mask);
	for (int i = 0; i < 3; i++)
		sigaction(signals[i], &sa, &old[i]);
	/* Raw: Ctrl-C, Ctrl-S and Ctrl-Q come as keys, which the key table
	 * binds; a SIGINT from elsewhere still ends the program cleanly. */
	raw();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	wtimeout(stdscr, POLL_MS);
	mousemask(BUTTON1_CLICKED | BUTTON1_DOUBLE_CLICKED | BUTTON4_PRESSED
#ifdef BUTTON5_PRESSED
		  | BUTTON5_PRESSED
#endif
		  , NULL);
	int rc = theme_init(settings, err);
	if (rc == 0) {
		layout(&t);
		if (trace)
			fprintf(trace, "start %.3f ms\n", now_ms() - begun);
		unsigned flags = browser_search(&t) | REDRAW_ALL;
		/* Say once, at the start, what is due, or why referrals are shut. */
		if (t.personal_problem && !t.personal_quiet)
			tui_message(&t, 1, "%s", t.personal_problem);
		else
			referrals_announce(&t);
		draw(&t, flags);
		if (trace) {
			fprintf(trace, "first-frame %.3f ms\n", now_ms() - begun);
			fflush(trace);
		}
		while (!t.quit && !quit_signal) {
			wint_t ch;
			int code = wget_wch(stdscr, &ch);
			if (code == ERR)
				continue;
			double started[TYPEAHEAD_MAX];
			wint_t typed[TYPEAHEAD_MAX];
			int keys = 0;
			started[keys] = trace ? now_ms() : 0;
			typed[keys++] = ch;
			int had_message = t.message != NULL;
			free(t.message);
			t.message = NULL;
			flags = dispatch(&t, code, ch);
			while ((flags & SEARCH_AGAIN) && !t.quit && keys < TYPEAHEAD_MAX &&
			       next_typed(&t, &ch)) {
				started[keys] = trace ? now_ms() : 0;
				typed[keys++] = ch;
				flags |= dispatch(&t, OK, ch);
			}
			if (t.quit)
				break;
			if (flags & SEARCH_AGAIN)
				flags |= browser_search(&t);
			if (flags & RELAYOUT)
				layout(&t);
			if (had_message)
				flags |= REDRAW_STATUS;
			draw(&t, flags);
			double done = trace ? now_ms() : 0;
			for (int k = 0; trace && k < keys; k++)
				fprintf(trace, "key %s%u %.3f ms\n",
					k == 0 && code == KEY_CODE_YES ? "F" : "",
					(unsigned)typed[k], done - started[k]);
		}
	}
	endwin();
	delscreen(screen);
	if (screen_out != stdout)
		fclose(screen_out);
	for (int i = 0; i < 3; i++)
		sigaction(signals[i], &old[i], NULL);
	if (rc == 0 && t.slip_out)
		fputs(t.slip_out, stdout);
	tui_free(&t);
	/* Ended by a signal, with the screen put back: end as the signal
	 * would have, so that a shell or a script sees 128 + its number. */
	if (quit_signal)
		raise(quit_signal);
	return rc;
}
