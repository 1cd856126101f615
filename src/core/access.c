#include "config.h"

#include "core/access.h"
#include "core/audit.h"
#include "core/dates.h"
#include "core/json.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const role_names[ROLE_COUNT] = {
	[ROLE_READER] = "reader",
	[ROLE_VOLUNTEER] = "volunteer",
	[ROLE_LINK_WORKER] = "link-worker",
	[ROLE_COORDINATOR] = "coordinator",
	[ROLE_ADMIN] = "admin",
};

/* What each role may do: the one table the rules live in. */
#define P(p) (1u << (p))
static const unsigned role_permissions[ROLE_COUNT] = {
	[ROLE_READER] = P(PERM_SEARCH),
	[ROLE_VOLUNTEER] = P(PERM_SEARCH) | P(PERM_FLAG) | P(PERM_EDIT_LISTINGS),
	[ROLE_LINK_WORKER] = P(PERM_SEARCH) | P(PERM_FLAG) | P(PERM_REFER),
	[ROLE_COORDINATOR] = P(PERM_SEARCH) | P(PERM_FLAG) | P(PERM_EDIT_LISTINGS) |
		P(PERM_REFER) | P(PERM_ALL_REFERRALS) | P(PERM_REPORTS) | P(PERM_IN_FULL) |
		P(PERM_PRIVACY),
	[ROLE_ADMIN] = ~0u,
};
#undef P

static const char *const permission_whats[PERM_COUNT] = {
	[PERM_SEARCH] = "search the directory",
	[PERM_FLAG] = "flag a listing",
	[PERM_EDIT_LISTINGS] = "change listings or the taxonomy",
	[PERM_REFER] = "see or make referrals",
	[PERM_ALL_REFERRALS] = "see other link workers' referrals",
	[PERM_REPORTS] = "see the referral log or the reports",
	[PERM_IN_FULL] = "export a report without hiding small numbers",
	[PERM_PRIVACY] = "purge, export or erase a client's data",
	[PERM_ADMIN] = "manage users, policies, backups or the audit",
};

const char *role_name(enum role r)
{
	return (unsigned)r < ROLE_COUNT ? role_names[r] : "unknown";
}

int role_parse(const char *s, enum role *out)
{
	/* A reader is what the policy makes of a stranger, not a role to give. */
	for (int r = ROLE_VOLUNTEER; r < ROLE_COUNT; r++) {
		if (strcmp(s, role_names[r]) == 0) {
			*out = (enum role)r;
			return 0;
		}
	}
	return -1;
}

const char *permission_what(enum permission p)
{
	return (unsigned)p < PERM_COUNT ? permission_whats[p] : "do that";
}

void actor_clear(struct actor *a)
{
	free(a->login);
	free(a->sees);
	memset(a, 0, sizeof *a);
}

int access_allows(const struct actor *a, enum permission p)
{
	return (unsigned)a->role < ROLE_COUNT && (unsigned)p < PERM_COUNT &&
	       (role_permissions[a->role] >> p & 1u);
}

int access_require(const struct actor *a, enum permission p, struct error *err)
{
	if (access_allows(a, p))
		return 0;
	if (a->role == ROLE_READER)
		return error_set(err, ERROR_DENIED, "%s is not a user of this directory, "
				 "and may only search it: to %s, ask an admin to add you",
				 a->login, permission_what(p));
	return error_set(err, ERROR_DENIED, "%s is a %s, and a %s may not %s",
			 a->login, role_name(a->role), role_name(a->role), permission_what(p));
}

int access_sees(const struct actor *a, const char *worker)
{
	if (!a->sees)
		return 1;
	/* The array is short (one login, or a team's): search its text. */
	struct json j;
	json_init(&j, NULL, 0);
	json_string(&j, worker);
	int found = !j.buf.failed && strstr(a->sees, strbuf_str(&j.buf)) != NULL;
	json_free(&j);
	return found;
}

int access_check(const struct store *s, enum permission p, struct error *err)
{
	const struct actor *a = store_actor(s);
	return a ? access_require(a, p, err) : 0;
}

int access_check_any(const struct store *s, enum permission p, enum permission q,
		     struct error *err)
{
	const struct actor *a = store_actor(s);
	if (!a || access_allows(a, q))
		return 0;
	return access_require(a, p, err);
}

int access_check_sees(const struct store *s, const char *worker, long id,
		      struct error *err)
{
	const struct actor *a = store_actor(s);
	if (!a || access_sees(a, worker))
		return 0;
	const char *sees = a->role == ROLE_LINK_WORKER
		? "their own (and their team's, if the directory's team-referrals policy "
		  "is on)" : "none";
	if (id > 0)
		return error_set(err, ERROR_DENIED, "referral %ld is another link worker's: "
				 "a %s sees only %s", id, role_name(a->role), sees);
	return error_set(err, ERROR_DENIED, "%s's referrals are another link worker's: "
			 "a %s sees only %s", worker, role_name(a->role), sees);
}

int access_check_self(const struct store *s, const char *who, struct error *err)
{
	const struct actor *a = store_actor(s);
	if (!a || !who || strcmp(a->login, who) == 0)
		return 0;
	return error_set(err, ERROR_DENIED, "%s may not write in the name of %s",
			 a->login, who);
}

const char *access_sees_json(const struct store *s)
{
	const struct actor *a = store_actor(s);
	return a ? a->sees : NULL;
}

void access_bind_sees(const struct store *s, sqlite3_stmt *stmt)
{
	int i = sqlite3_bind_parameter_index(stmt, ":sees");
	if (i > 0)
		sqlite3_bind_text(stmt, i, access_sees_json(s), -1, SQLITE_STATIC);
}

/* ---- Policies ----------------------------------------------------------- */

static char *meta_get(struct store *dir, const char *key, struct error *err, int *failed)
{
	static const char sql[] = "SELECT value FROM meta WHERE key = ?1";
	sqlite3_stmt *stmt = store_stmt(dir, sql, err);
	if (!stmt) {
		*failed = 1;
		return NULL;
	}
	sqlite3_bind_text(stmt, 1, key, -1, SQLITE_STATIC);
	char *value = NULL;
	int rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW && !(value = strdup((const char *)sqlite3_column_text(stmt, 0)))) {
		*failed = 1;
		error_nomem(err);
	} else if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		*failed = 1;
		store_fail(dir, rc, "cannot read the directory's policies", err);
	}
	sqlite3_reset(stmt);
	return value;
}

int policy_load(struct store *dir, struct policy *out, struct error *err)
{
	*out = (struct policy){ 0, 0, POLICY_DEFAULT_RETENTION };
	int failed = 0;
	char *team = meta_get(dir, "policy.team-referrals", err, &failed);
	char *unknown = meta_get(dir, "policy.unknown-users", err, &failed);
	char *months = meta_get(dir, "policy.retention-months", err, &failed);
	if (!failed) {
		out->team_referrals = team && strcmp(team, "yes") == 0;
		out->unknown_may_search = unknown && strcmp(unknown, "search") == 0;
		if (months)
			out->retention_months = atoi(months);
	}
	free(team);
	free(unknown);
	free(months);
	return failed ? -1 : 0;
}

struct policy_rule {
	const char *name;
	const char *values;      /* for messages */
	int (*valid)(const char *value);
};

static int yes_no(const char *v)
{
	return strcmp(v, "yes") == 0 || strcmp(v, "no") == 0;
}

static int refuse_search(const char *v)
{
	return strcmp(v, "refuse") == 0 || strcmp(v, "search") == 0;
}

static int months(const char *v)
{
	char *end;
	long n = strtol(v, &end, 10);
	return *v >= '0' && *v <= '9' && *end == '\0' && n >= 1 && n <= 1200;
}

static const struct policy_rule policy_rules[] = {
	{ "team-referrals", "yes or no", yes_no },
	{ "unknown-users", "refuse or search", refuse_search },
	{ "retention-months", "a number of months from 1 to 1200", months },
};

static const char *policy_names(void)
{
	return "team-referrals, unknown-users, retention-months";
}

int policy_set(struct store *dir, const char *name, const char *value, struct error *err)
{
	const struct policy_rule *rule = NULL;
	for (size_t i = 0; i < sizeof policy_rules / sizeof policy_rules[0]; i++)
		if (strcmp(policy_rules[i].name, name) == 0)
			rule = &policy_rules[i];
	if (!rule)
		return error_set(err, ERROR_INPUT, "no policy is called '%s' (policies: %s)",
				 name, policy_names());
	if (!rule->valid(value))
		return error_set(err, ERROR_INPUT, "%s is %s, not '%s'", name, rule->values, value);
	if (access_check(dir, PERM_ADMIN, err) < 0 || store_begin(dir, err) < 0)
		return -1;
	static const char sql[] =
		"INSERT INTO meta (key, value) VALUES ('policy.' || ?1, ?2)"
		" ON CONFLICT (key) DO UPDATE SET value = excluded.value";
	sqlite3_stmt *stmt = store_stmt(dir, sql, err);
	int rc = stmt ? 0 : -1;
	if (stmt) {
		sqlite3_bind_text(stmt, 1, name, -1, SQLITE_STATIC);
		sqlite3_bind_text(stmt, 2, value, -1, SQLITE_STATIC);
		rc = store_step_done(dir, stmt, err);
	}
	char *detail = NULL;
	if (rc == 0 && asprintf(&detail, "%s set to %s", name, value) < 0)
		rc = error_nomem(err);
	if (rc == 0)
		rc = audit_add(dir, "policy", detail, err);
	free(detail);
	if (rc == 0)
		return store_commit(dir, err);
	store_rollback(dir);
	return -1;
}

/* ---- Who is who --------------------------------------------------------- */

static long user_count(struct store *dir, struct error *err)
{
	sqlite3_stmt *stmt = store_stmt(dir, "SELECT count(*) FROM user", err);
	if (!stmt)
		return -1;
	int rc = sqlite3_step(stmt);
	long n = rc == SQLITE_ROW ? (long)sqlite3_column_int64(stmt, 0) : -1;
	sqlite3_reset(stmt);
	if (n < 0)
		store_fail(dir, rc, "cannot read the users", err);
	return n;
}

/* The logins whose referrals a link worker sees: their own, or their
 * team's (the users who share their team, none of them naming one
 * being a team of its own). */
static char *sees_of(struct store *dir, const char *login, int team, struct error *err)
{
	static const char sql[] =
		"SELECT json_group_array(u.login) FROM user u, user me"
		" WHERE me.login = ?1 AND (u.login = me.login OR"
		"   (?2 AND u.team IS me.team))";
	sqlite3_stmt *stmt = store_stmt(dir, sql, err);
	if (!stmt)
		return NULL;
	sqlite3_bind_text(stmt, 1, login, -1, SQLITE_STATIC);
	sqlite3_bind_int(stmt, 2, team);
	int rc = sqlite3_step(stmt);
	char *sees = NULL;
	if (rc == SQLITE_ROW && !(sees = strdup((const char *)sqlite3_column_text(stmt, 0))))
		error_nomem(err);
	else if (rc != SQLITE_ROW)
		store_fail(dir, rc, "cannot read the users", err);
	sqlite3_reset(stmt);
	return sees;
}

static int role_of(struct store *dir, const char *login, enum role *out, struct error *err)
{
	sqlite3_stmt *stmt = store_stmt(dir, "SELECT role FROM user WHERE login = ?1", err);
	if (!stmt)
		return -1;
	sqlite3_bind_text(stmt, 1, login, -1, SQLITE_STATIC);
	int rc = sqlite3_step(stmt), found = 0;
	if (rc == SQLITE_ROW)
		found = role_parse((const char *)sqlite3_column_text(stmt, 0), out) == 0;
	sqlite3_reset(stmt);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return store_fail(dir, rc, "cannot read the users", err);
	return found;
}

int access_identify(struct store *dir, const char *login, struct actor *out,
		    struct error *err)
{
	memset(out, 0, sizeof *out);
	struct policy policy;
	if (policy_load(dir, &policy, err) < 0)
		return -1;
	long users = user_count(dir, err);
	if (users < 0)
		return -1;
	if (!(out->login = strdup(login)))
		return error_nomem(err);
	if (users == 0) {
		out->alone = 1;
		out->role = ROLE_ADMIN;
		return 0;
	}
	int found = role_of(dir, login, &out->role, err);
	if (found < 0)
		goto fail;
	if (!found) {
		if (policy.unknown_may_search) {
			out->role = ROLE_READER;
			if (!(out->sees = strdup("[]")))
				goto nomem;
			return 0;
		}
		char *admins = user_admins(dir);
		error_set(err, ERROR_DENIED, "%s is not a user of the directory %s: ask %s "
			  "to add you (signpost user add %s ROLE)", login, store_path(dir),
			  admins ? admins : "its admin", login);
		free(admins);
		goto fail;
	}
	switch (out->role) {
	case ROLE_LINK_WORKER:
		if (!(out->sees = sees_of(dir, login, policy.team_referrals, err)))
			goto fail;
		break;
	case ROLE_READER:
	case ROLE_VOLUNTEER:
		if (!(out->sees = strdup("[]")))
			goto nomem;
		break;
	default:
		break;
	}
	return 0;
nomem:
	error_nomem(err);
fail:
	actor_clear(out);
	return -1;
}

/* ---- Users ------------------------------------------------------------- */

void user_rows_free(struct user_rows *rows)
{
	for (size_t i = 0; i < rows->count; i++) {
		free(rows->row[i].login);
		free(rows->row[i].team);
		free(rows->row[i].added_by);
		free(rows->row[i].added_at);
	}
	free(rows->row);
	memset(rows, 0, sizeof *rows);
}

int user_list(struct store *dir, struct user_rows *out, struct error *err)
{
	memset(out, 0, sizeof *out);
	if (access_check(dir, PERM_ADMIN, err) < 0)
		return -1;
	static const char sql[] =
		"SELECT login, role, team, added_by, added_at FROM user ORDER BY login";
	sqlite3_stmt *stmt = store_stmt(dir, sql, err);
	if (!stmt)
		return -1;
	size_t cap = 0;
	int rc, failed = 0;
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		if (out->count == cap) {
			cap = cap ? cap * 2 : 8;
			struct user_row *row = realloc(out->row, cap * sizeof *row);
			if (!row) {
				failed = 1;
				break;
			}
			out->row = row;
		}
		struct user_row *u = &out->row[out->count++];
		memset(u, 0, sizeof *u);
		u->login = store_column_dup(stmt, 0, &failed);
		if (role_parse((const char *)sqlite3_column_text(stmt, 1), &u->role) < 0)
			u->role = ROLE_READER;
		u->team = store_column_dup(stmt, 2, &failed);
		u->added_by = store_column_dup(stmt, 3, &failed);
		u->added_at = store_column_dup(stmt, 4, &failed);
	}
	sqlite3_reset(stmt);
	if (failed || rc != SQLITE_DONE) {
		user_rows_free(out);
		return failed ? error_nomem(err) : store_fail(dir, rc, "cannot read the users", err);
	}
	return 0;
}

char *user_admins(struct store *dir)
{
	static const char sql[] =
		"SELECT group_concat(login, ', ') FROM"
		" (SELECT login FROM user WHERE role = 'admin' ORDER BY login)";
	sqlite3_stmt *stmt = store_stmt(dir, sql, NULL);
	if (!stmt)
		return NULL;
	char *admins = NULL;
	if (sqlite3_step(stmt) == SQLITE_ROW && sqlite3_column_text(stmt, 0))
		admins = strdup((const char *)sqlite3_column_text(stmt, 0));
	sqlite3_reset(stmt);
	return admins;
}

static int login_check(const char *login, struct error *err)
{
	/* As useradd takes them, so that a name is one the system can have. */
	size_t n = strlen(login);
	if (n == 0 || n > 32 || login[0] == '-')
		goto bad;
	for (const char *p = login; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		      (*p >= '0' && *p <= '9') || *p == '_' || *p == '-' || *p == '.'))
			goto bad;
	return 0;
bad:
	return error_set(err, ERROR_INPUT, "'%s' is not a login name (1 to 32 letters, "
			 "digits, '.', '_' and '-', not starting with '-')", login);
}

static int team_check(const char *team, struct error *err)
{
	if (!team)
		return 0;
	size_t n = strlen(team);
	for (const char *p = team; *p; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			n = 0;
	return n > 0 && n <= 64 ? 0 : error_set(err, ERROR_INPUT, "a team is a name of "
						 "1 to 64 printable characters");
}

/* The number of admins there would be if login had role. */
static long admins_after(struct store *dir, const char *login, int role_admin,
			 struct error *err)
{
	static const char sql[] =
		"SELECT count(*) FROM user WHERE role = 'admin' AND login <> ?1";
	sqlite3_stmt *stmt = store_stmt(dir, sql, err);
	if (!stmt)
		return -1;
	sqlite3_bind_text(stmt, 1, login, -1, SQLITE_STATIC);
	int rc = sqlite3_step(stmt);
	long n = rc == SQLITE_ROW ? (long)sqlite3_column_int64(stmt, 0) + role_admin : -1;
	sqlite3_reset(stmt);
	if (n < 0)
		store_fail(dir, rc, "cannot read the users", err);
	return n;
}

/* Runs one change to the user table and its audit line in one
 * transaction.  sql takes what it needs of ?1 login, ?2 role, ?3 team,
 * ?4 by, ?5 now and ?6 whether to keep the team (binding a number it
 * does not have is harmless). */
static int user_change(struct store *dir, const char *sql, const char *login,
		       enum role role, const char *team, int keep_team,
		       const char *action, const char *detail, int must_change,
		       struct error *err)
{
	if (store_begin(dir, err) < 0)
		return -1;
	const struct actor *a = store_actor(dir);
	char now[TIMESTAMP_LEN];
	timestamp_now(now);
	sqlite3_stmt *stmt = store_stmt(dir, sql, err);
	int rc = stmt ? 0 : -1;
	if (stmt) {
		sqlite3_bind_text(stmt, 1, login, -1, SQLITE_STATIC);
		sqlite3_bind_text(stmt, 2, role_name(role), -1, SQLITE_STATIC);
		sqlite3_bind_text(stmt, 3, team, -1, SQLITE_STATIC);
		sqlite3_bind_text(stmt, 4, a ? a->login : "signpost", -1, SQLITE_STATIC);
		sqlite3_bind_text(stmt, 5, now, -1, SQLITE_STATIC);
		sqlite3_bind_int(stmt, 6, keep_team);
		rc = store_step_done(dir, stmt, err);
	}
	if (rc == 0 && must_change && sqlite3_changes(store_db(dir)) == 0)
		rc = error_set(err, ERROR_NOT_FOUND, "%s is not a user of this directory", login);
	if (rc == 0) {
		/* The directory must keep an admin, or no one could manage it. */
		long admins = admins_after(dir, login, role == ROLE_ADMIN && strcmp(action,
							"user-remove") != 0, err);
		if (admins < 0)
			rc = -1;
		else if (admins == 0)
			rc = error_set(err, ERROR_INPUT, "%s is the directory's last admin: "
				       "make someone else admin first", login);
	}
	if (rc == 0)
		rc = audit_add(dir, action, detail, err);
	if (rc == 0)
		return store_commit(dir, err);
	store_rollback(dir);
	return -1;
}

int user_add(struct store *dir, const char *login, enum role role, const char *team,
	     struct error *err)
{
	if (login_check(login, err) < 0 || team_check(team, err) < 0 ||
	    access_check(dir, PERM_ADMIN, err) < 0)
		return -1;
	if (role == ROLE_READER)
		return error_set(err, ERROR_INPUT, "a user needs a role: volunteer, link-worker, "
				 "coordinator or admin");
	long users = user_count(dir, err);
	if (users < 0)
		return -1;
	if (users == 0 && role != ROLE_ADMIN)
		return error_set(err, ERROR_INPUT, "the directory's first user is its admin: "
				 "add yourself as admin first");
	int known = role_of(dir, login, &(enum role){ 0 }, err);
	if (known < 0)
		return -1;
	if (known)
		return error_set(err, ERROR_CONFLICT, "%s is a user already: change their role "
				 "with `signpost user set-role`", login);
	static const char sql[] =
		"INSERT INTO user (login, role, team, added_by, added_at)"
		" VALUES (?1, ?2, ?3, ?4, ?5)";
	char *detail = NULL;
	if (asprintf(&detail, "added %s as %s%s%s", login, role_name(role),
		     team ? " in team " : "", team ? team : "") < 0)
		return error_nomem(err);
	int rc = user_change(dir, sql, login, role, team, 0, "user-add", detail, 0, err);
	free(detail);
	return rc;
}

int user_set_role(struct store *dir, const char *login, enum role role,
		  const char *team, int keep_team, struct error *err)
{
	if (team_check(team, err) < 0 || access_check(dir, PERM_ADMIN, err) < 0)
		return -1;
	if (role == ROLE_READER)
		return error_set(err, ERROR_INPUT, "a user needs a role: volunteer, link-worker, "
				 "coordinator or admin");
	static const char sql[] =
		"UPDATE user SET role = ?2, team = CASE WHEN ?6 THEN team ELSE ?3 END"
		" WHERE login = ?1";
	char *detail = NULL;
	if (asprintf(&detail, "set %s to %s%s%s", login, role_name(role),
		     !keep_team ? (team ? " in team " : ", no team") : "",
		     !keep_team && team ? team : "") < 0)
		return error_nomem(err);
	int rc = user_change(dir, sql, login, role, team, keep_team, "user-set-role",
			     detail, 1, err);
	free(detail);
	return rc;
}

int user_remove(struct store *dir, const char *login, struct error *err)
{
	if (access_check(dir, PERM_ADMIN, err) < 0)
		return -1;
	static const char sql[] = "DELETE FROM user WHERE login = ?1";
	char *detail = NULL;
	if (asprintf(&detail, "removed %s", login) < 0)
		return error_nomem(err);
	int rc = user_change(dir, sql, login, ROLE_ADMIN, NULL, 0, "user-remove", detail, 1,
			     err);
	free(detail);
	return rc;
}
