#include "config.h"

#include "core/privacy.h"
#include "core/access.h"
#include "core/audit.h"
#include "core/client_ref.h"
#include "core/json.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* The values for a statement's named parameters, where it has them. */
struct binds {
	const char *cutoff;
	const char *client;
	const char *token;
};

/* Prepares sql, binds what it names of b, and steps it once; the
 * statement is the caller's when row is set (a row came), else
 * finalized. */
static int run(struct store *p, const char *sql, const struct binds *b,
	       sqlite3_stmt **row, struct error *err)
{
	sqlite3_stmt *stmt;
	int rc = sqlite3_prepare_v2(store_db(p), sql, -1, &stmt, NULL);
	if (rc != SQLITE_OK)
		return store_fail(p, rc, "cannot prepare a statement", err);
	const char *names[] = { ":cutoff", ":client", ":token" };
	const char *values[] = { b->cutoff, b->client, b->token };
	for (int k = 0; k < 3; k++) {
		int i = sqlite3_bind_parameter_index(stmt, names[k]);
		if (i > 0)
			sqlite3_bind_text(stmt, i, values[k], -1, SQLITE_STATIC);
	}
	rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW && row) {
		*row = stmt;
		return 0;
	}
	sqlite3_finalize(stmt);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return store_fail(p, rc, "cannot change the personal-data file", err);
	return 0;
}

/* Two counts from one row of sql. */
static int count2(struct store *p, const char *sql, const struct binds *b,
		  long *first, long *second, struct error *err)
{
	sqlite3_stmt *stmt = NULL;
	if (run(p, sql, b, &stmt, err) < 0)
		return -1;
	*first = stmt ? (long)sqlite3_column_int64(stmt, 0) : 0;
	*second = stmt ? (long)sqlite3_column_int64(stmt, 1) : 0;
	sqlite3_finalize(stmt);
	return 0;
}

/* Empties the write-ahead log, where the pages as they were before the
 * change would otherwise stay until the next checkpoint.  Returns
 * whether it could not (someone was reading). */
static int empty_log(struct store *p)
{
	int log = 0, done = 0;
	int rc = sqlite3_wal_checkpoint_v2(store_db(p), NULL, SQLITE_CHECKPOINT_TRUNCATE,
					   &log, &done);
	return rc != SQLITE_OK || log > 0;
}

/* "(what 0123456789abcdef)": brackets no client reference can have. */
static void random_token(const char *what, char out[64])
{
	unsigned char r[8];
	sqlite3_randomness(sizeof r, r);
	int n = snprintf(out, 64, "(%s ", what);
	for (size_t i = 0; i < sizeof r; i++)
		n += snprintf(out + n, 64 - (size_t)n, "%02x", r[i]);
	snprintf(out + n, 64 - (size_t)n, ")");
}

/* ---- Purge -------------------------------------------------------------- */

/* The clients whose reference goes, each with its token: those with a
 * referral closed before the cut-off, and those with scores from before
 * it and no referral held any longer. */
static const char purge_table_sql[] =
	"CREATE TEMP TABLE purge_client (client TEXT PRIMARY KEY, token TEXT NOT NULL)";
static const char purge_clients_sql[] =
	"INSERT INTO temp.purge_client SELECT client, '' FROM referral"
	"  WHERE closed_on < :cutoff AND client NOT LIKE '(%' GROUP BY client"
	" UNION SELECT client, '' FROM wellbeing w"
	"  WHERE on_date < :cutoff AND client NOT LIKE '(%' AND NOT EXISTS"
	"   (SELECT 1 FROM referral r WHERE r.client = w.client"
	"    AND (r.closed_on IS NULL OR r.closed_on >= :cutoff))";
static const char purge_tokens_sql[] =
	"UPDATE temp.purge_client SET token = '(purged ' || lower(hex(randomblob(8))) || ')'";
static const char purge_count_sql[] =
	"SELECT count(*), count(DISTINCT client) FROM referral"
	" WHERE closed_on < :cutoff AND client IN (SELECT client FROM temp.purge_client)";
static const char purge_notes_sql[] =
	"SELECT (SELECT count(*) FROM referral WHERE closed_on < :cutoff AND note IS NOT NULL"
	"   AND client IN (SELECT client FROM temp.purge_client))"
	" + (SELECT count(*) FROM referral_history WHERE note IS NOT NULL AND referral IN"
	"   (SELECT id FROM referral WHERE closed_on < :cutoff"
	"    AND client IN (SELECT client FROM temp.purge_client))),"
	" (SELECT count(*) FROM wellbeing w WHERE on_date < :cutoff"
	"   AND client IN (SELECT client FROM temp.purge_client) AND NOT EXISTS"
	"   (SELECT 1 FROM referral r WHERE r.client = w.client"
	"    AND (r.closed_on IS NULL OR r.closed_on >= :cutoff)))";
static const char *const purge_changes_sql[] = {
	/* Scores first: whether a client's referrals are all going is read
	 * from the references before they change. */
	"UPDATE wellbeing SET client = (SELECT token FROM temp.purge_client p"
	"  WHERE p.client = wellbeing.client)"
	" WHERE on_date < :cutoff AND client IN (SELECT client FROM temp.purge_client)"
	" AND NOT EXISTS (SELECT 1 FROM referral r WHERE r.client = wellbeing.client"
	"  AND (r.closed_on IS NULL OR r.closed_on >= :cutoff))",
	"UPDATE referral_history SET note = NULL WHERE note IS NOT NULL AND referral IN"
	" (SELECT id FROM referral WHERE closed_on < :cutoff"
	"  AND client IN (SELECT client FROM temp.purge_client))",
	"UPDATE referral SET note = NULL, client = (SELECT token FROM temp.purge_client p"
	"  WHERE p.client = referral.client)"
	" WHERE closed_on < :cutoff AND client IN (SELECT client FROM temp.purge_client)",
	"UPDATE unmet_need SET note = NULL WHERE note IS NOT NULL AND created_on < :cutoff",
	"DROP TABLE temp.purge_client",
};

static int purge_cutoff(struct store *p, int months, const char *today, char out[DATE_LEN],
			struct error *err)
{
	sqlite3_stmt *stmt = store_stmt(p, "SELECT date(?1, '-' || ?2 || ' months')", err);
	if (!stmt)
		return -1;
	sqlite3_bind_text(stmt, 1, today, -1, SQLITE_STATIC);
	sqlite3_bind_int(stmt, 2, months);
	int rc = sqlite3_step(stmt);
	const char *d = rc == SQLITE_ROW ? (const char *)sqlite3_column_text(stmt, 0) : NULL;
	if (d)
		snprintf(out, DATE_LEN, "%s", d);
	sqlite3_reset(stmt);
	if (!d)
		return error_set(err, ERROR_INPUT, "cannot work out the date %d months before %s",
				 months, today);
	return 0;
}

int privacy_purge(struct store *personal, int months, const char *today, int dry_run,
		  struct purge_result *out, struct error *err)
{
	memset(out, 0, sizeof *out);
	if (access_check(personal, PERM_PRIVACY, err) < 0)
		return -1;
	if (months < 1)
		return error_set(err, ERROR_INPUT, "the retention period must be a month or more");
	if (purge_cutoff(personal, months, today, out->cutoff, err) < 0 ||
	    store_begin(personal, err) < 0)
		return -1;
	const struct binds c = { .cutoff = out->cutoff };
	int rc = store_exec(personal, "DROP TABLE IF EXISTS temp.purge_client", err);
	if (rc == 0)
		rc = run(personal, purge_table_sql, &c, NULL, err);
	if (rc == 0)
		rc = run(personal, purge_clients_sql, &c, NULL, err);
	if (rc == 0)
		rc = run(personal, purge_tokens_sql, &c, NULL, err);
	if (rc == 0)
		rc = count2(personal, purge_count_sql, &c, &out->referrals, &out->clients,
			    err);
	if (rc == 0)
		rc = count2(personal, purge_notes_sql, &c, &out->notes, &out->wellbeing, err);
	for (size_t i = 0; rc == 0 && i < sizeof purge_changes_sql / sizeof *purge_changes_sql;
	     i++) {
		rc = run(personal, purge_changes_sql[i], &c, NULL, err);
		if (rc == 0 && i == 3)
			out->unmet_notes = sqlite3_changes(store_db(personal));
	}
	char *detail = NULL;
	if (rc == 0 && asprintf(&detail, "purged referrals closed before %s (retention %d "
				"months): %ld referrals of %ld clients, %ld notes, %ld wellbeing "
				"scores, %ld unmet-need notes", c.cutoff, months, out->referrals,
				out->clients, out->notes, out->wellbeing, out->unmet_notes) < 0)
		rc = error_nomem(err);
	if (rc == 0 && !dry_run)
		rc = audit_add(personal, "purge", detail, err);
	free(detail);
	if (rc < 0 || dry_run) {
		store_rollback(personal);
		return rc;
	}
	if (store_commit(personal, err) < 0)
		return -1;
	out->log_kept = empty_log(personal);
	return 0;
}

/* ---- One client --------------------------------------------------------- */

static const char held_sql[] =
	"SELECT (SELECT count(*) FROM referral WHERE client = :client),"
	" (SELECT count(*) FROM wellbeing WHERE client = :client)";

static int check_client(struct store *p, const char *client, struct error *err)
{
	if (access_check(p, PERM_PRIVACY, err) < 0)
		return -1;
	/* A token is no one's reference; only a well-formed reference is. */
	return client_ref_check(client, err);
}

int privacy_client_held(struct store *personal, const char *client,
			struct client_held *out, struct error *err)
{
	memset(out, 0, sizeof *out);
	if (check_client(personal, client, err) < 0)
		return -1;
	const struct binds b = { .client = client };
	return count2(personal, held_sql, &b, &out->referrals, &out->wellbeing, err);
}

static void member_text(struct json *j, sqlite3_stmt *stmt, int col, const char *key)
{
	json_member_string(j, key, (const char *)sqlite3_column_text(stmt, col));
}

static int export_history(struct store *p, struct json *j, long id, struct error *err)
{
	static const char sql[] =
		"SELECT at, who, from_status, to_status, follow_up, note"
		" FROM referral_history WHERE referral = ?1 ORDER BY id";
	sqlite3_stmt *stmt = store_stmt(p, sql, err);
	if (!stmt)
		return -1;
	sqlite3_bind_int64(stmt, 1, id);
	static const char *const keys[] = { "at", "by", "from", "to", "follow_up", "note" };
	json_key(j, "history");
	json_array_begin(j);
	int rc;
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		json_object_begin(j);
		for (int i = 0; i < 6; i++)
			member_text(j, stmt, i, keys[i]);
		json_object_end(j);
	}
	json_array_end(j);
	sqlite3_reset(stmt);
	return rc == SQLITE_DONE ? 0 : store_fail(p, rc, "cannot read a referral's history", err);
}

static int export_referrals(struct store *p, struct json *j, const char *client,
			    struct error *err)
{
	static const char sql[] =
		"SELECT id, asset_id, asset_name, worker, status, note, follow_up, created_at,"
		" created_on, contacted_on, attending_on, closed_on, updated_at,"
		" (SELECT group_concat(need, ',') FROM (SELECT need FROM referral_need"
		"   WHERE referral = r.id ORDER BY position))"
		" FROM referral r WHERE client = ?1 ORDER BY id";
	static const char *const keys[] = {
		NULL, "asset", "asset_name", "link_worker", "status", "note", "follow_up",
		"created_at", "created_on", "contacted_on", "attending_on", "closed_on",
		"updated_at",
	};
	sqlite3_stmt *stmt;
	int rc = sqlite3_prepare_v2(store_db(p), sql, -1, &stmt, NULL);
	if (rc != SQLITE_OK)
		return store_fail(p, rc, "cannot read referrals", err);
	sqlite3_bind_text(stmt, 1, client, -1, SQLITE_STATIC);
	json_key(j, "referrals");
	json_array_begin(j);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		long id = (long)sqlite3_column_int64(stmt, 0);
		json_object_begin(j);
		json_member_int(j, "id", id);
		for (int i = 1; i < 13; i++)
			member_text(j, stmt, i, keys[i]);
		json_key(j, "needs");
		json_array_begin(j);
		const char *needs = (const char *)sqlite3_column_text(stmt, 13);
		for (const char *n = needs; n && *n;) {
			size_t len = strcspn(n, ",");
			char *need = strndup(n, len);
			if (need)
				json_string(j, need);
			else
				j->buf.failed = 1;
			free(need);
			n += len + (n[len] == ',');
		}
		json_array_end(j);
		if (export_history(p, j, id, err) < 0) {
			sqlite3_finalize(stmt);
			return -1;
		}
		json_object_end(j);
	}
	json_array_end(j);
	sqlite3_finalize(stmt);
	return rc == SQLITE_DONE ? 0 : store_fail(p, rc, "cannot read referrals", err);
}

static int export_wellbeing(struct store *p, struct json *j, const char *client,
			    struct error *err)
{
	static const char sql[] =
		"SELECT on_date, life_satisfaction, worthwhile, happiness, anxiety, worker,"
		" created_at FROM wellbeing WHERE client = ?1 ORDER BY on_date, id";
	sqlite3_stmt *stmt = store_stmt(p, sql, err);
	if (!stmt)
		return -1;
	sqlite3_bind_text(stmt, 1, client, -1, SQLITE_STATIC);
	static const char *const scores[] = {
		"life_satisfaction", "worthwhile", "happiness", "anxiety",
	};
	json_key(j, "wellbeing");
	json_array_begin(j);
	int rc;
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		json_object_begin(j);
		member_text(j, stmt, 0, "on");
		for (int i = 0; i < 4; i++)
			json_member_int(j, scores[i], sqlite3_column_int(stmt, 1 + i));
		member_text(j, stmt, 5, "link_worker");
		member_text(j, stmt, 6, "recorded_at");
		json_object_end(j);
	}
	json_array_end(j);
	sqlite3_reset(stmt);
	return rc == SQLITE_DONE ? 0 : store_fail(p, rc, "cannot read wellbeing scores", err);
}

/* Writes data to path by way of a temporary file beside it, 0600 from
 * the start, synced, and renamed into place: never half a file, never
 * readable by others for a moment, never over a file unless force. */
static int write_private(const char *path, const char *data, size_t len, int force,
			 struct error *err)
{
	if (!force && access(path, F_OK) == 0)
		return error_set(err, ERROR_INPUT, "%s: already exists (give --force to "
				 "replace it)", path);
	char *tmp = NULL;
	if (asprintf(&tmp, "%s.XXXXXX", path) < 0)
		return error_nomem(err);
	int fd = mkstemp(tmp);
	if (fd < 0) {
		error_set(err, errno == EACCES ? ERROR_DENIED : ERROR_STORAGE,
			  "%s: cannot write there: %s", path, strerror(errno));
		free(tmp);
		return -1;
	}
	int rc = fchmod(fd, 0600);
	for (size_t done = 0; rc == 0 && done < len;) {
		ssize_t n = write(fd, data + done, len - done);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			rc = -1;
		else
			done += (size_t)n;
	}
	if (rc == 0)
		rc = fsync(fd);
	if (close(fd) != 0)
		rc = -1;
	if (rc == 0)
		rc = rename(tmp, path);
	if (rc != 0) {
		error_set(err, ERROR_STORAGE, "%s: cannot write it: %s", path, strerror(errno));
		unlink(tmp);
	}
	free(tmp);
	return rc == 0 ? 0 : -1;
}

int privacy_client_export(struct store *personal, const char *client, const char *path,
			  int force, struct client_held *out, struct error *err)
{
	memset(out, 0, sizeof *out);
	if (check_client(personal, client, err) < 0)
		return -1;
	if (strcasestr(path, client))
		return error_set(err, ERROR_INPUT, "%s: the file's name holds the client "
				 "reference, which the audit would then keep for ever: choose "
				 "another name", path);
	if (store_begin(personal, err) < 0)
		return -1;
	struct json j;
	json_init(&j, NULL, 1);
	char now[TIMESTAMP_LEN];
	timestamp_now(now);
	const struct actor *a = store_actor(personal);
	const struct binds b = { .client = client };
	int rc = count2(personal, held_sql, &b, &out->referrals, &out->wellbeing, err);
	if (rc == 0 && out->referrals + out->wellbeing == 0)
		rc = error_set(err, ERROR_NOT_FOUND, "nothing is held about the client "
			       "reference %s", client);
	if (rc == 0) {
		json_object_begin(&j);
		json_member_string(&j, "client", client);
		json_member_string(&j, "exported_at", now);
		json_member_string(&j, "exported_by", a ? a->login : NULL);
		json_member_string(&j, "held_by", "signpost personal-data file");
		rc = export_referrals(personal, &j, client, err);
	}
	if (rc == 0)
		rc = export_wellbeing(personal, &j, client, err);
	if (rc == 0) {
		json_object_end(&j);
		strbuf_puts(&j.buf, "\n");
		if (j.buf.failed)
			rc = error_nomem(err);
	}
	/* The audit says that an export happened and where to, never whose:
	 * the reference would outlive an erasure in a log that is never
	 * changed. */
	char *detail = NULL;
	if (rc == 0 && asprintf(&detail, "subject access export of one client reference "
				"(%ld referral%s, %ld wellbeing score%s) to %s", out->referrals,
				out->referrals == 1 ? "" : "s", out->wellbeing,
				out->wellbeing == 1 ? "" : "s", path) < 0)
		rc = error_nomem(err);
	if (rc == 0)
		rc = audit_add(personal, "export", detail, err);
	free(detail);
	if (rc == 0)
		rc = write_private(path, strbuf_str(&j.buf), j.buf.len, force, err);
	json_free(&j);
	if (rc == 0 && store_commit(personal, err) < 0) {
		unlink(path);
		rc = -1;
	} else if (rc < 0) {
		store_rollback(personal);
	}
	return rc;
}

static const char *const erase_sql[] = {
	"DELETE FROM wellbeing WHERE client = :client",
	("UPDATE referral_history SET note = NULL WHERE note IS NOT NULL"
	 " AND referral IN (SELECT id FROM referral WHERE client = :client)"),
	"UPDATE referral SET note = NULL, client = :token WHERE client = :client",
};

int privacy_client_erase(struct store *personal, const char *client,
			 struct client_held *out, struct error *err)
{
	memset(out, 0, sizeof *out);
	if (check_client(personal, client, err) < 0 || store_begin(personal, err) < 0)
		return -1;
	/* One token for all of the client's referrals: they still count as
	 * one person's. */
	char token[64];
	random_token("erased", token);
	const struct binds b = { .client = client, .token = token };
	int rc = count2(personal, held_sql, &b, &out->referrals, &out->wellbeing, err);
	if (rc == 0 && out->referrals + out->wellbeing == 0)
		rc = error_set(err, ERROR_NOT_FOUND, "nothing is held about the client "
			       "reference %s", client);
	for (size_t i = 0; rc == 0 && i < sizeof erase_sql / sizeof *erase_sql; i++)
		rc = run(personal, erase_sql[i], &b, NULL, err);
	char *detail = NULL;
	if (rc == 0 && asprintf(&detail, "erased one client reference (%ld referral%s kept "
				"as anonymous counts, %ld wellbeing score%s removed)",
				out->referrals, out->referrals == 1 ? "" : "s", out->wellbeing,
				out->wellbeing == 1 ? "" : "s") < 0)
		rc = error_nomem(err);
	if (rc == 0)
		rc = audit_add(personal, "erase", detail, err);
	free(detail);
	if (rc < 0) {
		store_rollback(personal);
		return -1;
	}
	if (store_commit(personal, err) < 0)
		return -1;
	out->log_kept = empty_log(personal);
	return 0;
}
