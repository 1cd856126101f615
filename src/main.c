/* signpost: a terminal directory of local community assets for social
 * prescribing.  This file reads the global options and hands over to a
 * subcommand. */
#include "config.h"

#include "cli/cli.h"
#include "cli/commands.h"
#include "core/dates.h"
#include "core/identity.h"

#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const struct command cli_commands[] = {
	{ "search", cmd_search, "[WORDS...] [OPTIONS]",
	  "Find assets by words, need, locality, sector and day.",
	  "Words match the name, organisation, description and needs, ignoring case\n"
	  "and accents; the last word matches as a prefix.  Any text is a valid query.\n"
	  "\n"
	  "  -n, --need NEED        with this need or one of its sub-needs (repeat for\n"
	  "                         any of several)\n"
	  "  -l, --locality PLACE   serving this place, a place within it, or all of it\n"
	  "  -s, --sector SECTOR    run by this sector\n"
	  "  -d, --day DAYS         with a session on one of these days: mon..sun,\n"
	  "                         a list (mon,thu), a range (mon-fri), weekdays,\n"
	  "                         weekend or today\n"
	  "  -o, --open             leave out full, temporarily closed and closed assets\n"
	  "      --limit N          show at most N (default 50; 0 for all)\n"
	  "  -f, --format FORMAT    table (default), tsv or json\n"
	  "\n"
	  "TSV columns: id, name, sector, localities, needs, status, verified\n"
	  "(localities and needs comma-separated, the main one first).\n" },
	{ "show", cmd_show, "ID [OPTIONS]",
	  "Show everything about one asset.",
	  "  -f, --format FORMAT    table (default: readable text), tsv or json\n" },
	{ "slip", cmd_slip, "ID [OPTIONS]",
	  "Write the \"next steps\" slip for a person being referred to an asset.",
	  "The slip is plain text: what the asset is, when and where, how to get in,\n"
	  "the cost and how to contact it, and when the details were last checked.\n"
	  "\n"
	  "  -o, --output FILE      write it to FILE instead of standard output\n"
	  "  -w, --width N          wrap it to N columns (default 72)\n" },
	{ "needs", cmd_taxonomy, "[OPTIONS]",
	  "List the needs, as a tree, with the number of assets for each.",
	  "  -f, --format FORMAT    table (default), tsv or json\n"
	  "\nTSV columns: id, label, parent, depth, assets.\n" },
	{ "sectors", cmd_taxonomy, "[OPTIONS]",
	  "List the sectors, with the number of assets for each.",
	  "  -f, --format FORMAT    table (default), tsv or json\n"
	  "\nTSV columns: id, label, parent, depth, assets.\n" },
	{ "localities", cmd_taxonomy, "[OPTIONS]",
	  "List the localities, as a tree, with the number of assets in each.",
	  "  -f, --format FORMAT    table (default), tsv or json\n"
	  "\nTSV columns: id, label, parent, depth, assets.\n" },
	{ "refer", cmd_refer, "ASSET --client REF [OPTIONS]",
	  "Log a referral of a person (by client reference) to an asset.",
	  "Prints the new referral's id.  The client reference is pseudonymous: one\n"
	  "that is or holds an NHS number, an email address or a phone number is\n"
	  "refused, as signpost must never hold who a person is.\n"
	  "\n"
	  "  -c, --client REF       the client reference: 1 to 32 letters, digits,\n"
	  "                         '-' and '_' (like JS-0142)\n"
	  "  -n, --need NEED        what they were referred for (repeat for several;\n"
	  "                         default: the asset's main need)\n"
	  "  -m, --note TEXT        a note\n"
	  "  -u, --follow-up DATE   when to check what happened: YYYY-MM-DD, today,\n"
	  "                         tomorrow, +Nd or +Nw (default: follow_up_days\n"
	  "                         from the config, 14)\n" },
	{ "referral", cmd_referral, "ID [OPTIONS]",
	  "Show one referral with its whole history.",
	  "  -f, --format FORMAT    table (default), tsv (the history: at, who, from,\n"
	  "                         to, follow_up, note) or json\n" },
	{ "update", cmd_update, "ID [OPTIONS]",
	  "Move a referral on (contacted, attending), or set its next follow-up.",
	  "  -s, --status STATUS    referred, contacted or attending (forward only)\n"
	  "  -u, --follow-up DATE   the next follow-up date\n"
	  "  -m, --note TEXT        what happened\n"
	  "      --if-version N     refuse if someone changed it since version N\n" },
	{ "close", cmd_close, "ID --outcome OUTCOME [OPTIONS]",
	  "Close a referral with its outcome.",
	  "  -o, --outcome OUTCOME  completed (after attending), declined,\n"
	  "                         not-attended, unsuitable (full, closed, wrong fit)\n"
	  "                         or lost-contact\n"
	  "  -m, --note TEXT        what happened\n"
	  "      --if-version N     refuse if someone changed it since version N\n" },
	{ "reopen", cmd_reopen, "ID --reason TEXT [OPTIONS]",
	  "Reopen a closed referral, back to where it was before it closed.",
	  "  -r, --reason TEXT      why (required)\n"
	  "  -u, --follow-up DATE   the next follow-up date\n"
	  "      --if-version N     refuse if someone changed it since version N\n" },
	{ "followups", cmd_followups, "[OPTIONS]",
	  "List open referrals by their follow-up date: overdue, due today, upcoming.",
	  "By default, your own open referrals, all three groups.\n"
	  "\n"
	  "      --overdue          only the overdue ones\n"
	  "      --due              only those due today\n"
	  "      --upcoming         only those still to come\n"
	  "      --all              all three (the default)\n"
	  "  -w, --worker USER      another link worker's\n"
	  "      --everyone         everyone's\n"
	  "  -f, --format FORMAT    table (default), tsv or json\n"
	  "\nTSV columns: id, follow_up, when (overdue, due, upcoming), client, asset,\n"
	  "status, worker, made.\n" },
	{ "client", cmd_client, "REF [OPTIONS]",
	  "List, export or erase everything held for one client reference.",
	  "With no option, lists the client's referrals and wellbeing scores that\n"
	  "your role lets you see.  A coordinator or an admin can answer a subject\n"
	  "access request with --export, and a request for erasure with --erase;\n"
	  "both are written to the audit (an erasure without the reference).\n"
	  "\n"
	  "  -f, --format FORMAT    table (default), tsv or json\n"
	  "      --export FILE      write everything held about REF to FILE as JSON\n"
	  "                         (made readable by you alone)\n"
	  "      --force            with --export, replace FILE if it exists\n"
	  "      --erase            remove everything held about REF: the referrals\n"
	  "                         stay as anonymous counts, their notes and the\n"
	  "                         client's wellbeing scores go; asks you to type\n"
	  "                         the reference again\n"
	  "      --yes              with --erase, do not ask (for scripts)\n" },
	{ "log", cmd_log, "[OPTIONS]",
	  "The referral log: every referral that passes the filters, with totals.",
	  "Filters combine: a referral is listed when it passes all of them.\n"
	  "\n"
	  "  -p, --period PERIOD    made in this-week, this-month, this-quarter,\n"
	  "                         this-year, last-12-months, last-week, last-month,\n"
	  "                         last-quarter or last-year (default: any time)\n"
	  "      --from DATE        made on or after DATE (YYYY-MM-DD or today)\n"
	  "      --to DATE          made on or before DATE (default: today)\n"
	  "  -w, --worker USER      made by this link worker\n"
	  "  -a, --asset ID         to this asset\n"
	  "  -n, --need NEED        for this need or one of its sub-needs\n"
	  "  -s, --sector SECTOR    to an asset this sector runs\n"
	  "  -l, --locality PLACE   to an asset serving this place or one within it\n"
	  "      --status STATUS    with this status or outcome now, or open or closed\n"
	  "      --outcome OUTCOME  the same\n"
	  "  -c, --client REF       for this client reference\n"
	  "      --sort COLUMN      id, made, client, asset, sector, needs, worker,\n"
	  "                         status, follow-up, contacted or closed; add :desc\n"
	  "                         for the reverse (default: made:desc)\n"
	  "      --limit N          list at most N (the totals count them all)\n"
	  "  -f, --format FORMAT    table (default), tsv, csv or json\n"
	  "\nTSV and CSV columns: id, made, client, asset_id, asset_name, sector,\n"
	  "needs, worker, status, follow_up, contacted, closed, overdue (CSV with a\n"
	  "header row).  'signpost referral ID' shows one with its history.\n" },
	{ "report", cmd_report, "KIND [OPTIONS]",
	  "Reports for coordinators and commissioners (see REPORTS in signpost(1)).",
	  "KIND is one of:\n"
	  "  needs, sectors, localities, assets, workers\n"
	  "                         referrals by each, with shares, beside the\n"
	  "                         previous period of the same length\n"
	  "  outcomes               the path referred > contacted > attending >\n"
	  "                         completed, the outcomes, the median days to first\n"
	  "                         contact and to close\n"
	  "  followups              open referrals by link worker: overdue, due,\n"
	  "                         upcoming (as at today)\n"
	  "  gaps                   need x place ranked by shortfall: unmet needs and\n"
	  "                         unsuitable outcomes against the open assets\n"
	  "  ecosystem              need x sector; needs that depend on one sector or\n"
	  "                         asset; assets never referred\n"
	  "  directory              listing health: stale listings, open flags, full\n"
	  "                         or closed assets, likely duplicates (as at today)\n"
	  "  wellbeing              ONS4 first and latest scores, mean change\n"
	  "  trend                  referrals a week or a month\n"
	  "\n"
	  "  -p, --period PERIOD    as for log (default: last-12-months)\n"
	  "      --from DATE        the period's first day\n"
	  "      --to DATE          its last day (default: today)\n"
	  "  -w, --worker USER  -a, --asset ID  -n, --need NEED  -s, --sector SECTOR\n"
	  "  -l, --locality PLACE   only referrals that pass these, as for log\n"
	  "      --by week|month    trend: the step (default: weeks up to 92 days)\n"
	  "  -f, --format FORMAT    table (default, with charts), tsv, csv or json\n"
	  "      --table KEY        only this table of the report (in csv: its header\n"
	  "                         and rows alone, for a spreadsheet)\n"
	  "      --no-suppress      exports: show counts of 1 to 4 (internal use; the\n"
	  "                         header says suppression is off)\n"
	  "      --suppress         the table: hide small numbers as an export does\n"
	  "      --no-chart         the table without its bars and columns\n"
	  "\nIn csv, json and tsv, counts of people from 1 to 4 are written <5, and a\n"
	  "figure that would give one away *.  The table shows them in full.\n" },
	{ "unmet", cmd_unmet, "--need NEED [OPTIONS]",
	  "Log a need that nothing in the directory could meet (no client reference).",
	  "  -n, --need NEED        the need (repeat for several)\n"
	  "  -l, --locality PLACE   where\n"
	  "  -m, --note TEXT        what was looked for\n" },
	{ "wellbeing", cmd_wellbeing, "REF --ons4 A,B,C,D [OPTIONS]",
	  "Record ONS4 wellbeing scores for a client reference.",
	  "The four scores, each 0 to 10: life satisfaction, worthwhile, happiness,\n"
	  "anxiety (for anxiety, lower is better).\n"
	  "\n"
	  "      --ons4 A,B,C,D     the scores\n"
	  "  -d, --date DATE        when they were given (default: today)\n" },
	{ "flag", cmd_flag, "ASSET --reason REASON [OPTIONS]",
	  "Flag a listing for the volunteers: it has closed, is wrong, or is full.",
	  "  -r, --reason REASON    closed, wrong-details, full or other\n"
	  "  -m, --note TEXT        what is wrong (about the listing, never a person;\n"
	  "                         required for other)\n" },
	{ "asset", cmd_asset, "add|edit ID|verify ID|archive ID|unarchive ID|status ID STATUS|\n"
	  "       history ID|restore ID VERSION [OPTIONS]",
	  "Keep listings true: add, edit, verify, archive; every version is kept.",
	  "Every change is a new version of the asset, with who, when and why, and\n"
	  "'asset history' shows them all, field by field.  Nothing is deleted.\n"
	  "\n"
	  "  add                    add an asset; prints its new id, made from the\n"
	  "                         name and the main locality.  An asset that looks\n"
	  "                         like one already there (the same or nearly the\n"
	  "                         same name, in the same locality or at the same\n"
	  "                         postcode) is not added: edit that one, or add\n"
	  "                         this one anyway with --force\n"
	  "  edit ID                change the fields given (the id never changes)\n"
	  "  verify ID              checked today, still right: sets the verified\n"
	  "                         date to today and the verifier to you\n"
	  "  status ID STATUS       open, waiting-list, full, temporarily-closed or\n"
	  "                         closed\n"
	  "  archive ID             take it out of search (kept in history and in\n"
	  "                         referrals); unarchive ID brings it back\n"
	  "  history ID             every version: who, when, why and what changed\n"
	  "  restore ID VERSION     save an old version again, as a new version\n"
	  "\n"
	  "Fields, for add and edit (an empty value clears a field; a repeated option\n"
	  "gives a list, which replaces the whole list):\n"
	  "      --name TEXT  --organisation TEXT  --sector SECTOR  --description TEXT\n"
	  "      --need NEED (repeat)  --locality PLACE (repeat, the main one first)\n"
	  "      --address TEXT  --postcode CODE  --phone NUMBER  --email ADDRESS\n"
	  "      --website URL  --session \"DAYS [HH:MM-HH:MM] [NOTE]\" (repeat; like\n"
	  "      \"thu 10:00-12:00 drop in\", \"mon-fri 09:00-17:00\")  --when TEXT\n"
	  "      --cost free|low|paid  --cost-note TEXT  --accessibility TEXT\n"
	  "      --eligibility TEXT  --referral self|link-worker|professional (repeat)\n"
	  "      --referral-note TEXT  --status STATUS  --notes TEXT\n"
	  "      --yaml FILE        the fields as one YAML mapping, as an asset in an\n"
	  "                         import file (see signpost(5)); - for standard\n"
	  "                         input.  Options given too go over it\n"
	  "      --verified         also mark it checked today by you\n"
	  "\n"
	  "  -r, --reason TEXT      why, in one line, for the history (required for\n"
	  "                         edit)\n"
	  "      --if-version N     refuse if someone saved the asset since version N\n"
	  "      --force            add even when it looks like a duplicate\n"
	  "  -f, --format FORMAT    for history: table (default), tsv or json\n"
	  "\nTSV columns of history: version, changed_at, changed_by, reason, field,\n"
	  "before, after (a row for each field changed).\n" },
	{ "stale", cmd_stale, "[--older-than AGE] [OPTIONS]",
	  "List the listings not verified for too long, oldest first.",
	  "      --older-than AGE   stale when last verified longer ago than AGE: 6m\n"
	  "                         (months), 8w (weeks), 90d (days) or 1y (default:\n"
	  "                         stale_after_months from the config, 12)\n"
	  "  -f, --format FORMAT    table (default), tsv or json\n"
	  "\nTSV columns: id, name, verified, age_days, verified_by, status (verified\n"
	  "and age_days empty when never verified).\n" },
	{ "flags", cmd_flags, "[--open] [OPTIONS]",
	  "List the listing flags link workers raised, oldest first.",
	  "      --open             only those not resolved yet\n"
	  "      --asset ID         only those on this asset\n"
	  "  -f, --format FORMAT    table (default), tsv or json\n"
	  "\nTSV columns: id, raised_at, asset, asset_name, reason, note, raised_by,\n"
	  "resolved_at, resolved_by, resolution.\n" },
	{ "flag-resolve", cmd_flag_resolve, "ID --note TEXT",
	  "Resolve a listing flag, saying how.",
	  "Records who resolved it, when and how.  A flag is resolved once.\n"
	  "\n"
	  "  -m, --note TEXT        what was done (about the listing, never a person)\n" },
	{ "queue", cmd_queue, "[--older-than AGE] [OPTIONS]",
	  "The volunteers' work: open flags and stale listings, oldest first.",
	  "      --older-than AGE   the staleness threshold, as for 'stale'\n"
	  "  -f, --format FORMAT    table (default), tsv or json\n"
	  "\nTSV columns: kind (flag or stale), since, age_days, asset, asset_name,\n"
	  "flag, reason, note, by (who raised the flag, or who last verified).\n" },
	{ "import", cmd_import, "FILE... [OPTIONS]",
	  "Load a taxonomy and assets from YAML files (see signpost(5)).",
	  "Each file is one transaction: all of it is loaded, or none of it.  An\n"
	  "asset whose id is already there is updated, and its earlier version kept\n"
	  "in its history.  FILE may be - for standard input.\n"
	  "\n"
	  "  -n, --dry-run          check the file and say what would be added,\n"
	  "                         changed or unchanged; change nothing\n"
	  "  -q, --quiet            print nothing when all is well\n" },
	{ "export", cmd_export, "[OPTIONS]",
	  "Write the directory as YAML, CSV or JSON.",
	  "  -f, --format FORMAT    yaml (default; imports back to the same data),\n"
	  "                         csv (RFC 4180, one row an asset) or json\n"
	  "  -o, --output FILE      write to FILE (replaced whole, only once complete)\n"
	  "                         instead of standard output\n"
	  "      --archived         include archived assets\n"
	  "      --taxonomy-only    only the needs, sectors and localities\n"
	  "      --assets-only      only the assets\n" },
	{ "doctor", cmd_doctor, "",
	  "Check the database files: integrity, schema, search index, permissions.",
	  "One line a check: ok, warn or FAIL.  Exits 1 when any check fails.\n" },
	{ "backup", cmd_backup, "FOLDER",
	  "Copy the directory and personal-data files into FOLDER, and check them.",
	  "The copies are consistent even while others are using signpost (SQLite's\n"
	  "online backup), keep the files' permissions, and are checked with SQLite's\n"
	  "integrity check.  FOLDER is made if need be; it must not hold a backup.\n" },
	{ "restore", cmd_restore, "FOLDER [--force]",
	  "Put back the files from a backup made by 'signpost backup FOLDER'.",
	  "The copies are checked first.  Files that are there already are replaced\n"
	  "only with --force.  Run 'signpost doctor' afterwards.\n"
	  "\n"
	  "      --force            replace the files that are there\n" },
	{ "purge", cmd_purge, "[--dry-run]",
	  "Remove the personal data of referrals closed before the retention period.",
	  "For referrals closed longer ago than the directory's retention-months\n"
	  "policy (24 by default; see 'signpost policy'): the client reference is\n"
	  "replaced by an anonymous token, and the notes and history notes are\n"
	  "cleared; a client's wellbeing scores from before then, once none of their\n"
	  "referrals is held, are parted from the reference the same way; old\n"
	  "unmet-need notes are cleared.  Counts are kept, so past reports still add\n"
	  "up.  Coordinators and admins only; written to the audit.\n"
	  "\n"
	  "  -n, --dry-run          say what would go, and change nothing\n" },
	{ "user", cmd_user, "[list | add LOGIN ROLE | set-role LOGIN ROLE | remove LOGIN]",
	  "Manage who may use the directory, and in what role (admins only).",
	  "Roles: volunteer (search, flag, keep listings true; no personal data),\n"
	  "link-worker (search, flag, refer; their own referrals, or their team's\n"
	  "with the team-referrals policy), coordinator (what both of those do, on\n"
	  "every referral, and the log and reports, purge, export and erase) and\n"
	  "admin (everything, and users, policies, backups and the audit).  A login that is not a user is refused,\n"
	  "unless the unknown-users policy lets them search.  The user who ran\n"
	  "'signpost init' is its first admin; the last admin cannot be removed.\n"
	  "Every change is written to the audit.\n"
	  "\n"
	  "      --team TEAM        with add or set-role: the user's team\n"
	  "      --no-team          with set-role: take the user out of their team\n"
	  "  -f, --format FORMAT    for list: table (default), tsv or json\n" },
	{ "policy", cmd_policy, "[NAME VALUE]",
	  "Show the directory's policies, or set one (admins only).",
	  "These are kept in the directory, for everyone, not in anyone's config.yaml:\n"
	  "\n"
	  "  team-referrals yes|no        link workers see the referrals of users in\n"
	  "                               their team (default: no, their own only)\n"
	  "  unknown-users refuse|search  a login that is not a user is refused, or\n"
	  "                               may search the directory read-only\n"
	  "                               (default: refuse)\n"
	  "  retention-months N           purge takes referrals closed more than N\n"
	  "                               months ago (default: 24)\n" },
	{ "audit", cmd_audit, "[OPTIONS]",
	  "Show the audit: role and policy changes, exports, purges, erasures.",
	  "Admins only.  Lines from both files, oldest first.  The audit is\n"
	  "append-only: the files refuse to change or delete a line.\n"
	  "\n"
	  "      --since DATE       from this day (YYYY-MM-DD)\n"
	  "  -f, --format FORMAT    table (default), tsv or json\n" },
	{ "init", cmd_init, "[OPTIONS]",
	  "Make a new, empty directory holding the bundled taxonomy.",
	  "The file is made at --db, SIGNPOST_DB or the default place, and must not\n"
	  "exist yet.  Whoever makes it is its admin (see 'signpost user').\n"
	  "\n"
	  "  -t, --taxonomy FILE    load this taxonomy instead of the bundled one\n"
	  "      --sample           load the bundled sample assets too\n"
	  "      --shared           for a team on one server: with --group G, the\n"
	  "                         directory file is read and written by group G;\n"
	  "                         with --referrals-group R, the personal-data file\n"
	  "                         by group R alone (see signpost(5), Deployment)\n"
	  "      --group G          the group of everyone who uses the directory\n"
	  "      --referrals-group R  the group that may read and write referrals\n" },
	{ NULL, NULL, NULL, NULL, NULL },
};

static void print_help(const char *program)
{
	printf("Usage: %s [--db FILE] [--demo] [--print-slip]\n"
	       "  or:  %s [--db FILE] [--demo] COMMAND [ARGS]\n"
	       "A terminal directory of local community assets for social prescribing.\n"
	       "\n"
	       "With no command, on a terminal, signpost opens the browser: search as\n"
	       "you type, filter by need, locality, sector and day, read an asset in\n"
	       "full; ? there shows every key.\n"
	       "\n"
	       "Commands:\n", program, program);
	for (const struct command *c = cli_commands; c->name; c++)
		printf("  %-11s %s\n", c->name, c->summary);
	printf("\n"
	       "Options:\n"
	       "      --db FILE   the directory file (default: SIGNPOST_DB, or\n"
	       "                  $XDG_DATA_HOME/signpost/directory.db)\n"
	       "      --demo      use a throwaway copy of the bundled sample directory,\n"
	       "                  removed on exit\n"
	       "      --print-slip  in the browser, p prints the asset's next-steps slip\n"
	       "                  to standard output and quits\n"
	       "      --help      show this help and exit\n"
	       "      --version   show the version and exit\n"
	       "\n"
	       "'%s COMMAND --help' tells more about each command; signpost(1) and\n"
	       "signpost(5) are the manual.\n"
	       "\n"
	       "Report bugs to: %s\n", program, PACKAGE_BUGREPORT);
}

static void print_version(void)
{
	printf("signpost %s\n"
	       "Copyright (C) 2026 the signpost developers.\n"
	       "License GPLv3+: GNU GPL version 3 or later <https://gnu.org/licenses/gpl.html>.\n"
	       "This is free software: you are free to change and redistribute it.\n"
	       "There is NO WARRANTY, to the extent permitted by law.\n", PACKAGE_VERSION);
}

/* The demo's files go when signpost ends, by any ordinary route. */
static struct cli *active;

static void remove_demo(void)
{
	if (active && active->demo_ready)
		demo_remove(&active->demo_state);
}

static void on_signal(int sig)
{
	remove_demo();
	signal(sig, SIG_DFL);
	raise(sig);
}

int main(int argc, char **argv)
{
	setlocale(LC_ALL, "");
	static struct cli cli;
	const char *slash = strrchr(argv[0], '/');
	cli.program = slash ? slash + 1 : argv[0];
	if (!(cli.login = identity_login())) {
		fprintf(stderr, "%s: out of memory\n", cli.program);
		return EXIT_FAILURE_USER;
	}
	active = &cli;
	atexit(remove_demo);
	static const int signals[] = { SIGINT, SIGTERM, SIGHUP, SIGQUIT };
	for (size_t i = 0; i < sizeof signals / sizeof signals[0]; i++)
		signal(signals[i], on_signal);

	/* A bad SIGNPOST_TODAY would make every date wrong: refuse it once,
	 * here, whatever the command. */
	const char *today = getenv("SIGNPOST_TODAY");
	if (today && *today && !date_valid(today)) {
		fprintf(stderr, "%s: SIGNPOST_TODAY is '%s', which is not a date "
			"(YYYY-MM-DD)\n", cli.program, today);
		return EXIT_FAILURE_USER;
	}

	/* Global options stand before the command. */
	int i = 1, print_slip = 0;
	for (; i < argc && argv[i][0] == '-'; i++) {
		const char *a = argv[i];
		if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
			print_help(cli.program);
			return EXIT_OK;
		} else if (!strcmp(a, "--version") || !strcmp(a, "-V")) {
			print_version();
			return EXIT_OK;
		} else if (!strcmp(a, "--demo")) {
			cli.demo = 1;
		} else if (!strcmp(a, "--print-slip")) {
			print_slip = 1;
		} else if (!strcmp(a, "--db")) {
			if (i + 1 >= argc)
				return cli_usage_error(&cli, NULL, "--db needs a file name");
			cli.db_option = argv[++i];
		} else if (!strncmp(a, "--db=", 5)) {
			cli.db_option = a + 5;
		} else if (!strcmp(a, "--")) {
			i++;
			break;
		} else {
			return cli_usage_error(&cli, NULL, "unknown option '%s'", a);
		}
	}
	if (i >= argc)
		return cmd_browse(&cli, print_slip);
	if (print_slip)
		return cli_usage_error(&cli, NULL, "--print-slip is for the browser; "
				       "for a command, use 'signpost slip ID'");
	const struct command *cmd = cli_find(argv[i]);
	if (!cmd)
		return cli_usage_error(&cli, NULL, "unknown command '%s'", argv[i]);
	/* getopt names the program in its messages: "signpost search". */
	char *name = NULL;
	if (asprintf(&name, "%s %s", cli.program, cmd->name) < 0) {
		fprintf(stderr, "%s: out of memory\n", cli.program);
		return EXIT_FAILURE_USER;
	}
	argv[i] = name;
	cli.command = cmd;
	int status = cmd->run(&cli, argc - i, argv + i);
	free(name);
	if (fflush(stdout) != 0 || ferror(stdout)) {
		fprintf(stderr, "%s: cannot write the output\n", cli.program);
		status = EXIT_FAILURE_USER;
	}
	free(cli.directory_file);
	free(cli.login);
	actor_clear(&cli.actor);
	settings_free(&cli.settings);
	return status;
}
