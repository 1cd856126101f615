/* keys: the one table of keys.  Dispatch, the help screen and the
 * status-line hints all read it, so they cannot drift apart. */
#ifndef SIGNPOST_TUI_KEYS_H
#define SIGNPOST_TUI_KEYS_H

#include <stddef.h>

/* Every action a key can ask for, with the words the help shows. */
#define TUI_ACTIONS(X)                                                       \
	X(QUIT, "Quit signpost")                                             \
	X(HELP, "Show the keys (this screen)")                               \
	X(SEARCH, "Search: type words; the list narrows as you type")        \
	X(TO_LIST, "Leave the search line for the list")                     \
	X(CLEAR_LINE, "Clear the search line (again: back to the list)")     \
	X(DOWN, "Next line")                                                 \
	X(UP, "Previous line")                                               \
	X(PAGE_DOWN, "A page down")                                          \
	X(PAGE_UP, "A page up")                                              \
	X(FIRST, "To the top")                                               \
	X(LAST, "To the bottom")                                             \
	X(OPEN, "Open it in full")                                    \
	X(BACK, "Back")                                                      \
	X(PICK_NEED, "Filter by need")                                       \
	X(PICK_LOCALITY, "Filter by locality")                               \
	X(PICK_SECTOR, "Filter by sector")                                   \
	X(PICK_DAY, "Filter by day of the week")                             \
	X(OPEN_ONLY, "Show only assets taking people (not full or closed)")  \
	X(CLEAR_FILTERS, "Clear the filters (in the list, the words too)")   \
	X(SLIP, "Write the next-steps slip for the person")                  \
	X(TOGGLE, "Choose or unchoose this item")                            \
	X(APPLY, "Use what is chosen")                                       \
	X(CANCEL, "Close without changing anything")                         \
	X(CLEAR_CHOICE, "Clear this filter")                                 \
	X(EDIT_BACKSPACE, "Delete the character before the cursor")          \
	X(EDIT_DELETE, "Delete the character under the cursor")              \
	X(EDIT_LEFT, "Cursor left")                                          \
	X(EDIT_RIGHT, "Cursor right")                                        \
	X(EDIT_HOME, "Cursor to the start")                                  \
	X(EDIT_END, "Cursor to the end")                                     \
	X(EDIT_KILL_START, "Delete everything before the cursor")            \
	X(EDIT_KILL_WORD, "Delete the word before the cursor")               \
	X(EDIT_KILL_END, "Delete everything after the cursor")               \
	X(NEXT_FIELD, "Next field")                                          \
	X(PREV_FIELD, "Previous field")                                      \
	X(SAVE, "Save")                                                      \
	X(TAB_DIRECTORY, "The directory: search and browse assets")          \
	X(TAB_FOLLOWUPS, "Follow-ups: your open referrals, overdue first")   \
	X(REFER, "Refer a person to this asset")                             \
	X(FLAG, "Flag this listing for the volunteers (closed, wrong, full)") \
	X(UNMET, "Log an unmet need: nothing here meets it")                 \
	X(REF_UPDATE, "Update the referral's status")                        \
	X(REF_CLOSE, "Close the referral with its outcome")                  \
	X(REF_FOLLOW_UP, "Set the next follow-up date")                      \
	X(CLIENT_VIEW, "Everything for this client reference")                \
	X(TAB_QUEUE, "The volunteers' work queue: flags and stale listings") \
	X(ADD, "Add a listing")                                              \
	X(EDIT, "Edit this listing")                                         \
	X(VERIFY, "Verify: checked today, still right")                      \
	X(HISTORY, "Every version of this listing")                          \
	X(STATUS_MENU, "Mark it full, closed ... or archive it")             \
	X(RESTORE, "Restore this version (as a new one)")                    \
	X(RESOLVE, "Resolve this flag, saying how")                          \
	X(TAB_LOG, "The referral log: every referral, filtered and sorted")  \
	X(TAB_REPORTS, "Reports: outcomes, gaps, sectors, trends ...")       \
	X(PERIOD, "Choose the period")                                       \
	X(FILTER_STATUS, "Filter by status or outcome")                      \
	X(FILTER_WORKER, "Filter by link worker")                            \
	X(FILTER_CLIENT, "Filter by client reference")                       \
	X(SORT, "Sort by a column (again: the other way)")                   \
	X(CHOOSE_REPORT, "Choose the report")                                \
	X(EXPORT, "Export it to a CSV file (small numbers hidden)")

enum tui_action {
#define X(name, help) ACTION_##name,
	TUI_ACTIONS(X)
#undef X
	ACTION_COUNT,
	ACTION_NONE = -1,
};

/* Where a key is read: each screen or focus has its own bindings. */
enum tui_context {
	CONTEXT_LIST    = 1 << 0,  /* the results list has the keys */
	CONTEXT_SEARCH  = 1 << 1,  /* the search line has the keys */
	CONTEXT_DETAIL  = 1 << 2,
	CONTEXT_HELP    = 1 << 3,
	CONTEXT_PICKER  = 1 << 4,
	CONTEXT_PROMPT  = 1 << 5,  /* a question in the status line */
	CONTEXT_FORM    = 1 << 6,  /* a form to fill in */
	CONTEXT_REFERRALS = 1 << 7, /* a list of referrals (follow-ups, a client) */
	CONTEXT_REFERRAL = 1 << 8, /* one referral and its history */
	CONTEXT_HISTORY = 1 << 9,  /* a listing's versions */
	CONTEXT_QUEUE   = 1 << 10, /* the volunteers' work queue */
	CONTEXT_LOG     = 1 << 11, /* the referral log */
	CONTEXT_REPORT  = 1 << 12, /* a report */
};

/* The contexts with a line of text to edit. */
#define CONTEXT_EDITING (CONTEXT_SEARCH | CONTEXT_PICKER | CONTEXT_PROMPT | CONTEXT_FORM)

struct key_binding {
	unsigned contexts;    /* enum tui_context bits */
	int key;              /* a curses key code or a character */
	const char *name;     /* "j", "Down", "Ctrl-U" */
	enum tui_action action;
	int hint;             /* shown in the status line of its contexts */
};

extern const struct key_binding key_bindings[];
extern const size_t key_binding_count;

/* The action bound to a key in context, or ACTION_NONE.  function_key
 * says whether key is a curses KEY_ code or a typed character, which
 * can have the same number ('Ă' is U+0102, and so is KEY_DOWN). */
enum tui_action keys_lookup(unsigned context, int function_key, int key);
/* The permission (enum permission, core/access.h) an action needs, or -1
 * for one anyone may use. */
int keys_action_permission(enum tui_action action);
const char *keys_action_help(enum tui_action action);
/* "j, Down": every key for action in context, newly allocated. */
char *keys_names(unsigned context, enum tui_action action);
/* "/ search  n need  ...": the hints of a context, newly allocated;
 * those of actions marked in hidden (indexed by action; may be NULL) are
 * left out. */
char *keys_hints(unsigned context, const unsigned char *hidden);

#endif
