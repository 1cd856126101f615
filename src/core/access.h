/* access: who may do what.  Users are login names with a role; the core
 * checks the role of the actor attached to a store before it reads or
 * writes what the role may not (the screens only hide what it cannot
 * use).  Where no user was ever added, the directory is one person's:
 * its user may do everything.
 *
 * What the operating system protects, and this does not: a role is kept
 * in the directory file, which its group may write; what keeps a
 * volunteer from the referrals is the personal-data file's permissions
 * (see signpost(5), Deployment).  Roles decide what signpost shows each
 * person within what the files let them open. */
#ifndef SIGNPOST_ACCESS_H
#define SIGNPOST_ACCESS_H

#include "core/error.h"
#include "core/strlist.h"
#include "store/store.h"

enum role {
	ROLE_READER,       /* not a user, let in to search (policy) */
	ROLE_VOLUNTEER,
	ROLE_LINK_WORKER,
	ROLE_COORDINATOR,
	ROLE_ADMIN,
	ROLE_COUNT
};

const char *role_name(enum role r);          /* "link-worker" ... */
int role_parse(const char *s, enum role *out);

enum permission {
	PERM_SEARCH,           /* find and read listings */
	PERM_FLAG,             /* flag a listing for the volunteers */
	PERM_EDIT_LISTINGS,    /* add, edit, verify, archive; resolve flags; import */
	PERM_REFER,            /* refer, follow up, unmet needs, wellbeing */
	PERM_ALL_REFERRALS,    /* see and change everyone's referrals */
	PERM_REPORTS,          /* the referral log and the reports */
	PERM_IN_FULL,          /* export reports without hiding small numbers */
	PERM_PRIVACY,          /* purge, a client's export and erasure */
	PERM_ADMIN,            /* users, the directory's policies, the audit,
				* backups and restores */
	PERM_COUNT
};

struct actor {
	char *login;
	enum role role;
	int alone;             /* no users were ever added: one person's directory */
	/* Whose referrals (and wellbeing records) the actor sees, as a JSON
	 * array of logins for SQL's json_each; NULL: everyone's. */
	char *sees;
};

void actor_clear(struct actor *a);

/* The directory's policies, kept in it and set by an admin. */
struct policy {
	int team_referrals;        /* link workers see one another's referrals */
	int unknown_may_search;    /* a login that is not a user may search */
	int retention_months;      /* purge referrals closed longer ago */
};

enum { POLICY_DEFAULT_RETENTION = 24 };

int policy_load(struct store *dir, struct policy *out, struct error *err);
/* Sets one policy by name ("team-referrals" yes|no, "unknown-users"
 * refuse|search, "retention-months" N); ERROR_INPUT for anything else. */
int policy_set(struct store *dir, const char *name, const char *value, struct error *err);

/* Who login is in this directory.  An unknown login is ERROR_DENIED,
 * with a message naming the admins to ask, unless the policy lets them
 * search (as ROLE_READER). */
int access_identify(struct store *dir, const char *login, struct actor *out,
		    struct error *err);

int access_allows(const struct actor *a, enum permission p);
/* 0, or ERROR_DENIED saying what the role may not do. */
int access_require(const struct actor *a, enum permission p, struct error *err);
/* Whether a may see (and so change) a referral made by worker. */
int access_sees(const struct actor *a, const char *worker);
/* What a refusal says: "LOGIN (ROLE) may not WHAT". */
const char *permission_what(enum permission p);

/* access_require() against a store's actor (see store_set_actor): a
 * store with none is the program's own (tests, migrations), and nothing
 * is refused to it. */
int access_check(const struct store *s, enum permission p, struct error *err);
/* Either of two permissions will do (reading referrals: one's own to
 * refer, or all of them for a report). */
int access_check_any(const struct store *s, enum permission p, enum permission q,
		     struct error *err);
/* That the store's actor sees referrals by worker (referral id, or all
 * of worker's when id is 0): ERROR_DENIED if not. */
int access_check_sees(const struct store *s, const char *worker, long id,
		      struct error *err);
/* That who, named as the one doing something, is the store's actor:
 * nobody writes in someone else's name. */
int access_check_self(const struct store *s, const char *who, struct error *err);
/* The store's actor's "sees" array for an SQL parameter (NULL: all). */
const char *access_sees_json(const struct store *s);
/* An SQL condition on column col (e.g. "r.worker") with the parameter
 * :sees, which access_bind_sees() binds.  Put it after every numbered
 * parameter (?N): a named one takes the next number free where it
 * stands. */
#define ACCESS_SEES_SQL(col) \
	"(:sees IS NULL OR " col " IN (SELECT value FROM json_each(:sees)))"
void access_bind_sees(const struct store *s, sqlite3_stmt *stmt);

/* ---- Users (admins only) ------------------------------------------------ */

struct user_row {
	char *login;
	enum role role;
	char *team;
	char *added_by;
	char *added_at;
};

struct user_rows {
	struct user_row *row;
	size_t count;
};

int user_list(struct store *dir, struct user_rows *out, struct error *err);
void user_rows_free(struct user_rows *rows);
/* Adds login with role; the first user of a directory is its admin. */
int user_add(struct store *dir, const char *login, enum role role, const char *team,
	     struct error *err);
/* A new role, and the team (NULL: none; left alone when keep_team). */
int user_set_role(struct store *dir, const char *login, enum role role,
		  const char *team, int keep_team, struct error *err);
/* The last admin may not be removed or demoted. */
int user_remove(struct store *dir, const char *login, struct error *err);
/* The admins' logins, ", "-separated (for "ask ..."); newly allocated. */
char *user_admins(struct store *dir);

#endif
