#include "config.h"

#include "tui/keys.h"
#include "core/access.h"
#include "core/strbuf.h"

#include <curses.h>
#include <string.h>

#define CTRL(c) ((c) & 0x1f)
enum { KEY_ESC = 27, KEY_TAB = '\t', KEY_RETURN = '\n' };

/* Hints are short words for the status line, taken from the name of the
 * first key and this word. */
static const char *const hint_words[ACTION_COUNT] = {
	[ACTION_QUIT] = "quit", [ACTION_HELP] = "help", [ACTION_SEARCH] = "search",
	[ACTION_TO_LIST] = "list", [ACTION_CLEAR_LINE] = "clear",
	[ACTION_OPEN] = "open", [ACTION_BACK] = "back", [ACTION_PICK_NEED] = "need",
	[ACTION_PICK_LOCALITY] = "locality", [ACTION_PICK_SECTOR] = "sector",
	[ACTION_PICK_DAY] = "day", [ACTION_OPEN_ONLY] = "open only",
	[ACTION_CLEAR_FILTERS] = "clear all", [ACTION_SLIP] = "slip",
	[ACTION_TOGGLE] = "choose", [ACTION_APPLY] = "use",
	[ACTION_CANCEL] = "cancel", [ACTION_CLEAR_CHOICE] = "any",
	[ACTION_NEXT_FIELD] = "next", [ACTION_SAVE] = "save",
	[ACTION_TAB_DIRECTORY] = "directory", [ACTION_TAB_FOLLOWUPS] = "follow-ups",
	[ACTION_REFER] = "refer", [ACTION_FLAG] = "flag", [ACTION_UNMET] = "unmet need",
	[ACTION_REF_UPDATE] = "update", [ACTION_REF_CLOSE] = "close",
	[ACTION_REF_FOLLOW_UP] = "follow-up date", [ACTION_CLIENT_VIEW] = "client",
	[ACTION_TAB_QUEUE] = "queue", [ACTION_ADD] = "add", [ACTION_EDIT] = "edit",
	[ACTION_VERIFY] = "verify", [ACTION_HISTORY] = "history",
	[ACTION_STATUS_MENU] = "status", [ACTION_RESTORE] = "restore",
	[ACTION_RESOLVE] = "resolve",
	[ACTION_TAB_LOG] = "log", [ACTION_TAB_REPORTS] = "reports",
	[ACTION_PERIOD] = "period", [ACTION_FILTER_STATUS] = "status",
	[ACTION_FILTER_WORKER] = "worker", [ACTION_FILTER_CLIENT] = "client",
	[ACTION_SORT] = "sort", [ACTION_CHOOSE_REPORT] = "report",
	[ACTION_EXPORT] = "export",
};

#define LIST CONTEXT_LIST
#define SEARCH CONTEXT_SEARCH
#define DETAIL CONTEXT_DETAIL
#define HELP CONTEXT_HELP
#define PICKER CONTEXT_PICKER
#define PROMPT CONTEXT_PROMPT
#define EDITING CONTEXT_EDITING
#define FORM CONTEXT_FORM
#define REFERRALS CONTEXT_REFERRALS
#define REFERRAL CONTEXT_REFERRAL
#define HISTORY CONTEXT_HISTORY
#define QUEUE CONTEXT_QUEUE
#define LOG CONTEXT_LOG
#define REPORT CONTEXT_REPORT
#define MOVING (LIST | DETAIL | HELP | PICKER | REFERRALS | REFERRAL | HISTORY | QUEUE | \
		LOG | REPORT)
#define ANYWHERE (LIST | SEARCH | DETAIL | HELP | PICKER | PROMPT | FORM | REFERRALS | \
		  REFERRAL | HISTORY | QUEUE | LOG | REPORT)

const struct key_binding key_bindings[] = {
	/* The list */
	{ LIST, '/', "/", ACTION_SEARCH, 1 },
	{ LIST, KEY_RETURN, "Enter", ACTION_OPEN, 1 },
	{ LIST, KEY_ENTER, "Enter", ACTION_OPEN, 0 },
	{ LIST, 'n', "n", ACTION_PICK_NEED, 1 },
	{ LIST, 'l', "l", ACTION_PICK_LOCALITY, 1 },
	{ LIST, 's', "s", ACTION_PICK_SECTOR, 1 },
	{ LIST, 'd', "d", ACTION_PICK_DAY, 1 },
	{ LIST, 'o', "o", ACTION_OPEN_ONLY, 0 },
	{ LIST, 'x', "x", ACTION_CLEAR_FILTERS, 0 },
	/* The search line */
	{ SEARCH, KEY_RETURN, "Enter", ACTION_TO_LIST, 1 },
	{ SEARCH, KEY_ENTER, "Enter", ACTION_TO_LIST, 0 },
	{ SEARCH, KEY_DOWN, "Down", ACTION_TO_LIST, 0 },
	{ SEARCH, KEY_TAB, "Tab", ACTION_TO_LIST, 0 },
	{ SEARCH, KEY_ESC, "Esc", ACTION_CLEAR_LINE, 1 },
	/* Moving about, wherever there is something to move in */
	/* Not in a picker: there, letters are typed to narrow it. */
	{ MOVING & ~PICKER, 'j', "j", ACTION_DOWN, 0 },
	{ MOVING, KEY_DOWN, "Down", ACTION_DOWN, 0 },
	{ MOVING & ~PICKER, 'k', "k", ACTION_UP, 0 },
	{ MOVING, KEY_UP, "Up", ACTION_UP, 0 },
	{ MOVING, KEY_NPAGE, "PgDn", ACTION_PAGE_DOWN, 0 },
	{ MOVING & ~PICKER, ' ', "Space", ACTION_PAGE_DOWN, 0 },
	{ MOVING, KEY_PPAGE, "PgUp", ACTION_PAGE_UP, 0 },
	{ MOVING & ~PICKER, 'g', "g", ACTION_FIRST, 0 },
	{ MOVING, KEY_HOME, "Home", ACTION_FIRST, 0 },
	{ MOVING & ~PICKER, 'G', "G", ACTION_LAST, 0 },
	{ MOVING, KEY_END, "End", ACTION_LAST, 0 },
	/* The asset in full */
	{ DETAIL, 'p', "p", ACTION_SLIP, 1 },
	{ DETAIL | HELP, 'q', "q", ACTION_BACK, 1 },
	{ DETAIL | HELP, KEY_ESC, "Esc", ACTION_BACK, 0 },
	{ DETAIL | HELP, KEY_LEFT, "Left", ACTION_BACK, 0 },
	{ DETAIL | HELP, KEY_BACKSPACE, "Backspace", ACTION_BACK, 0 },
	{ DETAIL | HELP, 'h', "h", ACTION_BACK, 0 },
	/* Pickers: typing narrows the list */
	{ PICKER, KEY_RETURN, "Enter", ACTION_APPLY, 1 },
	{ PICKER, KEY_ENTER, "Enter", ACTION_APPLY, 0 },
	{ PICKER, ' ', "Space", ACTION_TOGGLE, 1 },
	{ PICKER, KEY_TAB, "Tab", ACTION_TOGGLE, 0 },
	{ PICKER, KEY_DC, "Del", ACTION_CLEAR_CHOICE, 1 },
	{ PICKER, KEY_ESC, "Esc", ACTION_CANCEL, 1 },
	{ PICKER, CTRL('n'), "Ctrl-N", ACTION_DOWN, 0 },
	{ PICKER, CTRL('p'), "Ctrl-P", ACTION_UP, 0 },
	/* Referrals: from an asset, a follow-up list, one referral */
	{ LIST | DETAIL, 'r', "r", ACTION_REFER, 1 },
	{ LIST | DETAIL, '!', "!", ACTION_FLAG, 0 },
	{ LIST, 'u', "u", ACTION_UNMET, 0 },
	{ REFERRALS, KEY_RETURN, "Enter", ACTION_OPEN, 1 },
	{ REFERRALS, KEY_ENTER, "Enter", ACTION_OPEN, 0 },
	{ REFERRALS | REFERRAL, 'u', "u", ACTION_REF_UPDATE, 1 },
	{ REFERRALS | REFERRAL, 'c', "c", ACTION_REF_CLOSE, 1 },
	{ REFERRALS | REFERRAL, 'f', "f", ACTION_REF_FOLLOW_UP, 1 },
	{ REFERRALS | REFERRAL, 'v', "v", ACTION_CLIENT_VIEW, 1 },
	{ REFERRALS | REFERRAL, 'q', "q", ACTION_BACK, 0 },
	{ REFERRALS | REFERRAL, KEY_ESC, "Esc", ACTION_BACK, 0 },
	{ REFERRAL, KEY_LEFT, "Left", ACTION_BACK, 0 },
	/* Keeping listings true */
	{ LIST | DETAIL | QUEUE, 'e', "e", ACTION_EDIT, 0 },
	{ LIST | DETAIL, 'a', "a", ACTION_ADD, 0 },
	{ LIST | DETAIL | QUEUE, 'V', "V", ACTION_VERIFY, 0 },
	{ LIST | DETAIL | QUEUE, 'H', "H", ACTION_HISTORY, 0 },
	{ LIST | DETAIL, 'S', "S", ACTION_STATUS_MENU, 0 },
	{ QUEUE, KEY_RETURN, "Enter", ACTION_EDIT, 1 },
	{ QUEUE, KEY_ENTER, "Enter", ACTION_EDIT, 0 },
	{ QUEUE, 'V', "V", ACTION_VERIFY, 1 },
	{ QUEUE, 'x', "x", ACTION_RESOLVE, 1 },
	{ QUEUE | HISTORY, 'q', "q", ACTION_BACK, 0 },
	{ QUEUE | HISTORY, KEY_ESC, "Esc", ACTION_BACK, 0 },
	{ HISTORY, 'R', "R", ACTION_RESTORE, 1 },
	/* The referral log and the reports */
	{ LOG, KEY_RETURN, "Enter", ACTION_OPEN, 1 },
	{ LOG, KEY_ENTER, "Enter", ACTION_OPEN, 0 },
	{ REPORT, 'r', "r", ACTION_CHOOSE_REPORT, 1 },
	{ LOG | REPORT, 'p', "p", ACTION_PERIOD, 1 },
	{ LOG | REPORT, 'n', "n", ACTION_PICK_NEED, 1 },
	{ LOG | REPORT, 'l', "l", ACTION_PICK_LOCALITY, 1 },
	{ LOG | REPORT, 's', "s", ACTION_PICK_SECTOR, 0 },
	{ LOG, 't', "t", ACTION_FILTER_STATUS, 0 },
	{ LOG, 'w', "w", ACTION_FILTER_WORKER, 0 },
	{ LOG, 'c', "c", ACTION_FILTER_CLIENT, 0 },
	{ LOG, 'o', "o", ACTION_SORT, 1 },
	{ LOG, 'x', "x", ACTION_CLEAR_FILTERS, 0 },
	{ REPORT, 'e', "e", ACTION_EXPORT, 1 },
	{ LOG | REPORT, 'q', "q", ACTION_BACK, 0 },
	{ LOG | REPORT, KEY_ESC, "Esc", ACTION_BACK, 0 },
	/* The tabs, from anywhere a key is not being typed */
	{ ANYWHERE & ~(PROMPT | FORM | PICKER), KEY_F(2), "F2", ACTION_TAB_DIRECTORY, 0 },
	{ ANYWHERE & ~(PROMPT | FORM | PICKER), KEY_F(3), "F3", ACTION_TAB_FOLLOWUPS, 1 },
	{ ANYWHERE & ~(PROMPT | FORM | PICKER), KEY_F(4), "F4", ACTION_TAB_QUEUE, 1 },
	{ ANYWHERE & ~(PROMPT | FORM | PICKER), KEY_F(5), "F5", ACTION_TAB_LOG, 0 },
	{ ANYWHERE & ~(PROMPT | FORM | PICKER), KEY_F(6), "F6", ACTION_TAB_REPORTS, 0 },
	{ LIST, '\t', "Tab", ACTION_TAB_FOLLOWUPS, 0 },
	{ REFERRALS, '\t', "Tab", ACTION_TAB_DIRECTORY, 0 },
	/* A form */
	{ FORM, KEY_TAB, "Tab", ACTION_NEXT_FIELD, 1 },
	{ FORM, KEY_DOWN, "Down", ACTION_NEXT_FIELD, 0 },
	{ FORM, KEY_BTAB, "Shift-Tab", ACTION_PREV_FIELD, 0 },
	{ FORM, KEY_UP, "Up", ACTION_PREV_FIELD, 0 },
	{ FORM, CTRL('s'), "Ctrl-S", ACTION_SAVE, 1 },
	{ FORM, KEY_F(10), "F10", ACTION_SAVE, 0 },
	{ FORM, KEY_RETURN, "Enter", ACTION_APPLY, 0 },
	{ FORM, KEY_ENTER, "Enter", ACTION_APPLY, 0 },
	{ FORM, KEY_ESC, "Esc", ACTION_CANCEL, 1 },
	/* A question in the status line */
	{ PROMPT, KEY_RETURN, "Enter", ACTION_APPLY, 1 },
	{ PROMPT, KEY_ENTER, "Enter", ACTION_APPLY, 0 },
	{ PROMPT, KEY_ESC, "Esc", ACTION_CANCEL, 1 },
	/* Editing a line of text, as a shell does */
	{ EDITING, KEY_BACKSPACE, "Backspace", ACTION_EDIT_BACKSPACE, 0 },
	{ EDITING, 0x7f, "Backspace", ACTION_EDIT_BACKSPACE, 0 },
	{ EDITING, CTRL('h'), "Ctrl-H", ACTION_EDIT_BACKSPACE, 0 },
	{ EDITING, KEY_DC, "Del", ACTION_EDIT_DELETE, 0 },
	{ EDITING, CTRL('d'), "Ctrl-D", ACTION_EDIT_DELETE, 0 },
	{ EDITING, KEY_LEFT, "Left", ACTION_EDIT_LEFT, 0 },
	{ EDITING, CTRL('b'), "Ctrl-B", ACTION_EDIT_LEFT, 0 },
	{ EDITING, KEY_RIGHT, "Right", ACTION_EDIT_RIGHT, 0 },
	{ EDITING, CTRL('f'), "Ctrl-F", ACTION_EDIT_RIGHT, 0 },
	{ EDITING, KEY_HOME, "Home", ACTION_EDIT_HOME, 0 },
	{ EDITING, CTRL('a'), "Ctrl-A", ACTION_EDIT_HOME, 0 },
	{ EDITING, KEY_END, "End", ACTION_EDIT_END, 0 },
	{ EDITING, CTRL('e'), "Ctrl-E", ACTION_EDIT_END, 0 },
	{ EDITING, CTRL('u'), "Ctrl-U", ACTION_EDIT_KILL_START, 0 },
	{ EDITING, CTRL('w'), "Ctrl-W", ACTION_EDIT_KILL_WORD, 0 },
	{ EDITING, CTRL('k'), "Ctrl-K", ACTION_EDIT_KILL_END, 0 },
	/* Everywhere */
	{ LIST | DETAIL | HELP | REFERRALS | REFERRAL | HISTORY | QUEUE | LOG | REPORT, '?', "?",
	  ACTION_HELP, 1 },
	{ ANYWHERE & ~PROMPT, KEY_F(1), "F1", ACTION_HELP, 0 },
	{ LIST, 'q', "q", ACTION_QUIT, 1 },
	{ ANYWHERE, CTRL('c'), "Ctrl-C", ACTION_QUIT, 0 },
};

const size_t key_binding_count = sizeof key_bindings / sizeof key_bindings[0];

static const char *const action_help[ACTION_COUNT] = {
#define X(name, help) [ACTION_##name] = help,
	TUI_ACTIONS(X)
#undef X
};

enum tui_action keys_lookup(unsigned context, int function_key, int key)
{
	for (size_t i = 0; i < key_binding_count; i++) {
		const struct key_binding *b = &key_bindings[i];
		if ((b->contexts & context) && b->key == key &&
		    (b->key >= KEY_MIN) == !!function_key)
			return b->action;
	}
	return ACTION_NONE;
}

/* What each action needs of a role, plus one (0: anyone may).  The
 * core checks again: this decides what the screens offer. */
static const unsigned char action_permissions[ACTION_COUNT] = {
	[ACTION_TAB_FOLLOWUPS] = 1 + PERM_REFER, [ACTION_REFER] = 1 + PERM_REFER,
	[ACTION_UNMET] = 1 + PERM_REFER, [ACTION_REF_UPDATE] = 1 + PERM_REFER,
	[ACTION_REF_CLOSE] = 1 + PERM_REFER, [ACTION_REF_FOLLOW_UP] = 1 + PERM_REFER,
	[ACTION_CLIENT_VIEW] = 1 + PERM_REFER,
	[ACTION_FLAG] = 1 + PERM_FLAG,
	[ACTION_TAB_QUEUE] = 1 + PERM_EDIT_LISTINGS, [ACTION_ADD] = 1 + PERM_EDIT_LISTINGS,
	[ACTION_EDIT] = 1 + PERM_EDIT_LISTINGS, [ACTION_VERIFY] = 1 + PERM_EDIT_LISTINGS,
	[ACTION_STATUS_MENU] = 1 + PERM_EDIT_LISTINGS, [ACTION_RESTORE] = 1 + PERM_EDIT_LISTINGS,
	[ACTION_RESOLVE] = 1 + PERM_EDIT_LISTINGS,
	[ACTION_TAB_LOG] = 1 + PERM_REPORTS, [ACTION_TAB_REPORTS] = 1 + PERM_REPORTS,
	[ACTION_FILTER_CLIENT] = 1 + PERM_REPORTS, [ACTION_FILTER_WORKER] = 1 + PERM_REPORTS,
	[ACTION_EXPORT] = 1 + PERM_REPORTS,
};

int keys_action_permission(enum tui_action action)
{
	return action >= 0 && action < ACTION_COUNT ? action_permissions[action] - 1 : -1;
}

const char *keys_action_help(enum tui_action action)
{
	return action >= 0 && action < ACTION_COUNT ? action_help[action] : "";
}

char *keys_names(unsigned context, enum tui_action action)
{
	struct strbuf sb = STRBUF_INIT;
	for (size_t i = 0; i < key_binding_count; i++) {
		const struct key_binding *b = &key_bindings[i];
		if (!(b->contexts & context) || b->action != action)
			continue;
		/* A key bound twice in a context does what its first binding
		 * says: the help lists it there alone. */
		if (keys_lookup(context, b->key >= KEY_MIN, b->key) != action)
			continue;
		/* Enter is bound twice (Return and the keypad's Enter). */
		if (sb.len && strstr(strbuf_str(&sb), b->name))
			continue;
		strbuf_printf(&sb, "%s%s", sb.len ? ", " : "", b->name);
	}
	return strbuf_detach(&sb);
}

char *keys_hints(unsigned context, const unsigned char *hidden)
{
	struct strbuf sb = STRBUF_INIT;
	for (size_t i = 0; i < key_binding_count; i++) {
		const struct key_binding *b = &key_bindings[i];
		if (b->hint && (b->contexts & context) && !(hidden && hidden[b->action]))
			strbuf_printf(&sb, "%s%s %s", sb.len ? "  " : "", b->name,
				      hint_words[b->action] ? hint_words[b->action] : "");
	}
	return strbuf_detach(&sb);
}
