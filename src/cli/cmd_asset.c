/* asset add, edit, verify, archive, unarchive, status, history, restore:
 * keeping listings true from the command line. */
#include "config.h"

#include "cli/commands.h"
#include "cli/output.h"
#include "core/asset_key.h"
#include "core/duplicate.h"
#include "core/json.h"
#include "core/listing.h"
#include "core/strbuf.h"
#include "core/yaml_doc.h"
#include "core/yaml_import.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum {
	OPT_NAME = OPT_COMMON_END, OPT_ORGANISATION, OPT_SECTOR, OPT_DESCRIPTION,
	OPT_NEED, OPT_LOCALITY, OPT_ADDRESS, OPT_POSTCODE, OPT_PHONE, OPT_EMAIL,
	OPT_WEBSITE, OPT_SESSION, OPT_WHEN, OPT_COST, OPT_COST_NOTE,
	OPT_ACCESSIBILITY, OPT_ELIGIBILITY, OPT_REFERRAL, OPT_REFERRAL_NOTE,
	OPT_STATUS, OPT_NOTES, OPT_REASON, OPT_YAML, OPT_IF_VERSION, OPT_FORCE,
	OPT_VERIFIED,
};

/* Which field each field option sets (the rest are not fields). */
static const struct { int opt; enum asset_key key; } field_options[] = {
	{ OPT_NAME, ASSET_KEY_NAME }, { OPT_ORGANISATION, ASSET_KEY_ORGANISATION },
	{ OPT_SECTOR, ASSET_KEY_SECTOR }, { OPT_DESCRIPTION, ASSET_KEY_DESCRIPTION },
	{ OPT_NEED, ASSET_KEY_NEEDS }, { OPT_LOCALITY, ASSET_KEY_LOCALITIES },
	{ OPT_ADDRESS, ASSET_KEY_ADDRESS }, { OPT_POSTCODE, ASSET_KEY_POSTCODE },
	{ OPT_PHONE, ASSET_KEY_PHONE }, { OPT_EMAIL, ASSET_KEY_EMAIL },
	{ OPT_WEBSITE, ASSET_KEY_WEBSITE }, { OPT_SESSION, ASSET_KEY_SESSIONS },
	{ OPT_WHEN, ASSET_KEY_WHEN }, { OPT_COST, ASSET_KEY_COST },
	{ OPT_COST_NOTE, ASSET_KEY_COST_NOTE },
	{ OPT_ACCESSIBILITY, ASSET_KEY_ACCESSIBILITY },
	{ OPT_ELIGIBILITY, ASSET_KEY_ELIGIBILITY }, { OPT_REFERRAL, ASSET_KEY_REFERRAL },
	{ OPT_REFERRAL_NOTE, ASSET_KEY_REFERRAL_NOTE }, { OPT_STATUS, ASSET_KEY_STATUS },
	{ OPT_NOTES, ASSET_KEY_NOTES },
};

static const struct option options[] = {
	{ "name", required_argument, NULL, OPT_NAME },
	{ "organisation", required_argument, NULL, OPT_ORGANISATION },
	{ "sector", required_argument, NULL, OPT_SECTOR },
	{ "description", required_argument, NULL, OPT_DESCRIPTION },
	{ "need", required_argument, NULL, OPT_NEED },
	{ "locality", required_argument, NULL, OPT_LOCALITY },
	{ "address", required_argument, NULL, OPT_ADDRESS },
	{ "postcode", required_argument, NULL, OPT_POSTCODE },
	{ "phone", required_argument, NULL, OPT_PHONE },
	{ "email", required_argument, NULL, OPT_EMAIL },
	{ "website", required_argument, NULL, OPT_WEBSITE },
	{ "session", required_argument, NULL, OPT_SESSION },
	{ "when", required_argument, NULL, OPT_WHEN },
	{ "cost", required_argument, NULL, OPT_COST },
	{ "cost-note", required_argument, NULL, OPT_COST_NOTE },
	{ "accessibility", required_argument, NULL, OPT_ACCESSIBILITY },
	{ "eligibility", required_argument, NULL, OPT_ELIGIBILITY },
	{ "referral", required_argument, NULL, OPT_REFERRAL },
	{ "referral-note", required_argument, NULL, OPT_REFERRAL_NOTE },
	{ "status", required_argument, NULL, OPT_STATUS },
	{ "notes", required_argument, NULL, OPT_NOTES },
	{ "reason", required_argument, NULL, 'r' },
	{ "yaml", required_argument, NULL, OPT_YAML },
	{ "if-version", required_argument, NULL, OPT_IF_VERSION },
	{ "force", no_argument, NULL, OPT_FORCE },
	{ "verified", no_argument, NULL, OPT_VERIFIED },
	{ "format", required_argument, NULL, 'f' },
	CLI_COMMON_LONG_OPTIONS,
	{ NULL, 0, NULL, 0 },
};

/* What the command line asked for. */
struct request {
	const char *sub;             /* "add", "edit" ... */
	struct asset fields;         /* the field options given */
	unsigned given;              /* their ASSET_KEY_BIT()s */
	const char *reason;
	const char *yaml;            /* --yaml FILE, or "-" */
	int expected_version;        /* --if-version */
	int force;
	int verified;
	enum cli_format format;
	int format_given;
	unsigned other;              /* options that are not fields, as bits */
};

enum { OTHER_REASON = 1, OTHER_YAML = 2, OTHER_IF_VERSION = 4, OTHER_FORCE = 8,
       OTHER_VERIFIED = 16, OTHER_FORMAT = 32 };

/* ---- Reading the options ---------------------------------------------- */

static int parse_version(const char *s, int *out)
{
	char *end;
	long v = strtol(s, &end, 10);
	if (!*s || *end || v < 1 || v > 0x7fffffff)
		return -1;
	*out = (int)v;
	return 0;
}

/* Takes one option into r; returns 0, 1 when it was a field option with a
 * bad value (a usage error printed), or -1 when out of memory. */
static int take_field(struct cli *cli, struct request *r, int opt, const char *arg)
{
	struct asset *a = &r->fields;
	enum asset_key key = ASSET_KEY_COUNT;
	for (size_t i = 0; i < sizeof field_options / sizeof field_options[0]; i++)
		if (field_options[i].opt == opt)
			key = field_options[i].key;
	/* A list option given again adds to the list; given empty, it
	 * clears it. */
	int first = !(r->given & ASSET_KEY_BIT(key));
	r->given |= ASSET_KEY_BIT(key);
	switch (opt) {
	case OPT_NEED:
	case OPT_LOCALITY: {
		struct strlist *l = opt == OPT_NEED ? &a->needs : &a->localities;
		if (first)
			strlist_clear(l);
		return *arg ? strlist_add(l, arg) : 0;
	}
	case OPT_SESSION: {
		if (!*arg)
			return 0;
		int rc = asset_session_add_text(a, arg);
		if (rc > 0)
			cli_usage_error(cli, cli->command, "'%s' is not a session: give DAYS "
					"[HH:MM-HH:MM] [NOTE], like 'thu 10:00-12:00 drop in' "
					"(days: mon..sun, mon,thu, mon-fri, weekdays, weekend)", arg);
		return rc;
	}
	case OPT_COST:
		if (!*arg) {
			a->cost = COST_UNKNOWN;
		} else if (asset_cost_parse(arg, &a->cost) < 0) {
			cli_usage_error(cli, cli->command, "unknown cost '%s' (free, low, paid, "
					"or '' for not known)", arg);
			return 1;
		}
		return 0;
	case OPT_STATUS:
		if (asset_status_parse(arg, &a->status) < 0) {
			cli_usage_error(cli, cli->command, "unknown status '%s' (open, "
					"waiting-list, full, temporarily-closed, closed)", arg);
			return 1;
		}
		return 0;
	case OPT_REFERRAL: {
		if (first)
			a->referral = 0;
		unsigned bit;
		if (!*arg)
			return 0;
		if (referral_route_parse(arg, &bit) < 0) {
			cli_usage_error(cli, cli->command, "unknown referral route '%s' (self, "
					"link-worker, professional)", arg);
			return 1;
		}
		a->referral |= bit;
		return 0;
	}
	default:
		/* An empty value clears the field. */
		return asset_key_set_text(a, key, arg) < 0 ? -1 : 0;
	}
}

/* Reads the options; returns -1 to go on, or the exit status to leave
 * with. */
static int read_options(struct cli *cli, int argc, char **argv, struct request *r)
{
	int o;
	while ((o = getopt_long(argc, argv, "r:f:", options, NULL)) != -1) {
		int rc = 0;
		switch (o) {
		case 'r':
			r->reason = optarg;
			r->other |= OTHER_REASON;
			break;
		case OPT_YAML:
			r->yaml = optarg;
			r->other |= OTHER_YAML;
			break;
		case OPT_IF_VERSION:
			if (parse_version(optarg, &r->expected_version) < 0)
				return cli_usage_error(cli, cli->command, "--if-version needs a "
						       "version number (1, 2 ...), not '%s'", optarg);
			r->other |= OTHER_IF_VERSION;
			break;
		case OPT_FORCE:
			r->force = 1;
			r->other |= OTHER_FORCE;
			break;
		case OPT_VERIFIED:
			r->verified = 1;
			r->other |= OTHER_VERIFIED;
			break;
		case 'f':
			if (cli_parse_format(cli, cli->command, optarg, &r->format) < 0)
				return EXIT_USAGE;
			r->other |= OTHER_FORMAT;
			break;
		default:
			if (o >= OPT_NAME && o <= OPT_NOTES) {
				rc = take_field(cli, r, o, optarg);
				if (rc > 0)
					return EXIT_USAGE;
				if (rc < 0) {
					fprintf(stderr, "%s: out of memory\n", cli->program);
					return EXIT_FAILURE_USER;
				}
				break;
			}
			rc = cli_common_option(cli, cli->command, o);
			return rc == 1 ? EXIT_OK : rc;
		}
	}
	return -1;
}

/* ---- Shared pieces --------------------------------------------------- */

/* The YAML document of --yaml, read into a; present gets its fields. */
static int read_yaml(const char *source, struct asset *a, unsigned *present,
		     struct error *err)
{
	int from_stdin = strcmp(source, "-") == 0;
	FILE *f = from_stdin ? stdin : fopen(source, "rb");
	if (!f)
		return error_set(err, ERROR_NOT_FOUND, "%s: cannot open", source);
	struct strbuf sb = STRBUF_INIT;
	char chunk[65536];
	size_t n;
	int too_big = 0;
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) {
		strbuf_add(&sb, chunk, n);
		/* One asset is small: a megabyte is plenty. */
		if (sb.len > (size_t)YAML_MAX_SCALAR) {
			too_big = 1;
			break;
		}
	}
	int failed = ferror(f);
	if (!from_stdin)
		fclose(f);
	const char *name = from_stdin ? "standard input" : source;
	int rc;
	if (too_big)
		rc = error_set(err, ERROR_INPUT, "%s: too large for one asset (over 1 MiB)", name);
	else if (failed)
		rc = error_set(err, ERROR_INPUT, "%s: cannot read", name);
	else if (sb.failed)
		rc = error_nomem(err);
	else
		rc = import_asset_text(name, strbuf_str(&sb), sb.len, 0, a, present, err);
	strbuf_free(&sb);
	return rc;
}

/* The fields to save: those of --yaml, then the options over them. */
static int gather(struct request *r, struct asset *out, unsigned *given,
		  struct error *err)
{
	asset_init(out);
	*given = 0;
	if (r->yaml && read_yaml(r->yaml, out, given, err) < 0)
		return -1;
	for (int k = 0; k < ASSET_KEY_COUNT; k++)
		if ((r->given & ASSET_KEY_BIT(k)) &&
		    asset_key_copy(out, &r->fields, (enum asset_key)k) < 0) {
			asset_clear(out);
			return error_nomem(err);
		}
	*given |= r->given;
	return 0;
}

/* Stamps the verification into a and given, for --verified. */
static int stamp_verified(struct cli *cli, struct asset *a, unsigned *given)
{
	free(a->verified_on);
	free(a->verified_by);
	a->verified_on = strdup(cli->today);
	a->verified_by = strdup(cli->login);
	*given |= ASSET_KEY_BIT(ASSET_KEY_VERIFIED) | ASSET_KEY_BIT(ASSET_KEY_VERIFIED_BY);
	return a->verified_on && a->verified_by ? 0 : -1;
}

/* Explains a refused save on standard error; returns the exit status. */
static int refused(struct cli *cli, struct store *dir, const char *id,
		   const struct listing_result *res, int started_from,
		   const struct error *err)
{
	int status = cli_fail(cli, err);
	if (err->kind == ERROR_CONFLICT && res->has_current && started_from > 0) {
		struct listing_version base;
		struct error why = ERROR_INIT;
		struct asset_diff diff = { 0 };
		if (listing_version_load(dir, id, started_from, &base, &why) == 0 &&
		    asset_diff(&base.asset, &res->current.asset, &diff, &why) == 0) {
			fprintf(stderr, "What changed since version %d:\n", started_from);
			for (size_t i = 0; i < diff.count; i++) {
				fprintf(stderr, "  %s: ", asset_key_name(diff.item[i].key));
				out_text(stderr, diff.item[i].before ? diff.item[i].before : "(none)", 0);
				fputs(" -> ", stderr);
				out_text(stderr, diff.item[i].after ? diff.item[i].after : "(none)", 0);
				fputc('\n', stderr);
			}
			fprintf(stderr, "Nothing was saved: look at version %d, then give your "
				"changes again with --if-version %d.\n", res->current.version,
				res->current.version);
		}
		asset_diff_free(&diff);
		listing_version_clear(&base);
		error_clear(&why);
	}
	return status;
}

static int finish(struct cli *cli, struct store *dir, struct error *err, int failed)
{
	int status = failed ? cli_fail(cli, err) : EXIT_OK;
	store_close(dir);
	error_clear(err);
	return status;
}

/* Options other than fields that each subcommand takes. */
static int allow(struct cli *cli, const struct request *r, unsigned fields_ok,
		 unsigned other_ok)
{
	unsigned bad_fields = r->given & ~fields_ok;
	unsigned bad_other = r->other & ~other_ok;
	if (!bad_fields && !bad_other)
		return 0;
	const char *what = "that option";
	static const struct { unsigned bit; const char *name; } others[] = {
		{ OTHER_REASON, "--reason" }, { OTHER_YAML, "--yaml" },
		{ OTHER_IF_VERSION, "--if-version" }, { OTHER_FORCE, "--force" },
		{ OTHER_VERIFIED, "--verified" }, { OTHER_FORMAT, "--format" },
	};
	for (size_t i = 0; i < sizeof others / sizeof others[0]; i++)
		if (bad_other & others[i].bit)
			what = others[i].name;
	if (bad_fields)
		what = "the field options";
	cli_usage_error(cli, cli->command, "%s: not for 'asset %s'", what, r->sub);
	return -1;
}

/* ---- add ----------------------------------------------------------------- */

static int print_duplicates(const struct duplicates *d, FILE *out)
{
	for (size_t i = 0; i < d->count; i++) {
		const struct duplicate *x = &d->item[i];
		fputs("  ", out);
		out_text(out, x->id, 0);
		fputs("  ", out);
		out_text(out, x->name, 0);
		fputs(x->archived ? " (archived): " : ": ", out);
		out_text(out, x->why, 0);
		fputc('\n', out);
	}
	return 0;
}

static int asset_add(struct cli *cli, struct request *r, int argc, char **argv)
{
	if (allow(cli, r, ASSET_KEYS_ALL, OTHER_REASON | OTHER_YAML | OTHER_FORCE |
		  OTHER_VERIFIED) < 0)
		return EXIT_USAGE;
	if (optind != argc)
		return cli_usage_error(cli, cli->command, "asset add takes no id: one is "
				       "made from the name and the locality");
	if (!r->yaml && !r->given)
		return cli_usage_error(cli, cli->command, "give the asset's fields (--name, "
				       "--sector, --need, --locality ...) or --yaml FILE");
	struct error err = ERROR_INIT;
	struct store *dir = NULL;
	struct asset a;
	unsigned given;
	struct listing_result res;
	listing_result_init(&res);
	int rc = cli_load_settings(cli, &err);
	if (rc == 0)
		rc = gather(r, &a, &given, &err);
	else
		asset_init(&a);
	if (rc == 0 && r->verified && stamp_verified(cli, &a, &given) < 0)
		rc = error_nomem(&err);
	if (rc == 0)
		rc = cli_open_directory(cli, 1, &dir, &err);
	struct duplicates dups = { 0 };
	if (rc == 0)
		rc = duplicates_find(dir, &a, &dups, &err);
	int status = -1;
	if (rc == 0 && dups.count && !r->force) {
		fprintf(stderr, "%s: not added: '", cli->program);
		out_text(stderr, a.name, 0);
		fprintf(stderr, "' looks like %s already in the directory:\n",
			dups.count == 1 ? "a listing" : "listings");
		print_duplicates(&dups, stderr);
		int archived = 0;
		for (size_t i = 0; i < dups.count; i++)
			archived |= dups.item[i].archived;
		fprintf(stderr, "Edit that listing ('%s asset edit ID'), ", cli->program);
		if (archived)
			fprintf(stderr, "bring back an archived one ('%s asset unarchive "
				"ID'), ", cli->program);
		fprintf(stderr, "or add this one anyway with --force.\n");
		status = EXIT_FAILURE_USER;
	}
	if (rc == 0 && status < 0) {
		if (dups.count) {
			fprintf(stderr, "%s: warning: it looks like %s already in the "
				"directory:\n", cli->program, dups.count == 1 ? "a listing"
				: "listings");
			print_duplicates(&dups, stderr);
		}
		struct asset_save how = { .who = cli->login, .reason = r->reason };
		rc = listing_add(dir, &a, &how, &res, &err);
		if (rc == 0) {
			out_text(stdout, a.id, 0);
			putchar('\n');
			fprintf(stderr, "Added ");
			out_text(stderr, a.name, 0);
			fprintf(stderr, " as %s (version 1).\n", a.id);
		}
	}
	if (rc < 0)
		status = cli_fail(cli, &err);
	duplicates_free(&dups);
	asset_clear(&a);
	listing_result_free(&res);
	store_close(dir);
	error_clear(&err);
	return status < 0 ? EXIT_OK : status;
}

/* ---- edit ----------------------------------------------------------------- */

static void print_changed(const struct asset_diff *d, FILE *out)
{
	for (size_t i = 0; i < d->count; i++)
		fprintf(out, "%s%s", i ? ", " : "", asset_key_name(d->item[i].key));
}

static int asset_edit(struct cli *cli, struct request *r, int argc, char **argv)
{
	if (allow(cli, r, ASSET_KEYS_ALL, OTHER_REASON | OTHER_YAML | OTHER_IF_VERSION |
		  OTHER_VERIFIED) < 0)
		return EXIT_USAGE;
	if (optind + 1 != argc)
		return cli_usage_error(cli, cli->command, optind == argc ? "edit which "
				       "asset? give its id" : "one asset at a time");
	if (!r->reason || !*r->reason)
		return cli_usage_error(cli, cli->command, "say why in one line: --reason "
				       "TEXT (it goes in the asset's history)");
	if (!r->yaml && !r->given && !r->verified)
		return cli_usage_error(cli, cli->command, "give the fields to change "
				       "(--phone, --name ...) or --yaml FILE");
	const char *id = argv[optind];
	struct error err = ERROR_INIT;
	struct store *dir = NULL;
	struct asset a;
	unsigned given;
	struct listing_result res;
	listing_result_init(&res);
	int rc = cli_load_settings(cli, &err);
	if (rc == 0)
		rc = gather(r, &a, &given, &err);
	else
		asset_init(&a);
	if (rc == 0 && r->verified && stamp_verified(cli, &a, &given) < 0)
		rc = error_nomem(&err);
	if (rc == 0)
		rc = cli_open_directory(cli, 1, &dir, &err);
	if (rc == 0) {
		struct asset_save how = { .who = cli->login, .reason = r->reason,
					  .expected_version = r->expected_version };
		rc = listing_update(dir, id, &a, given, &how, &res, &err);
	}
	int status = EXIT_OK;
	if (rc < 0) {
		status = refused(cli, dir, id, &res, r->expected_version, &err);
	} else if (res.change == ASSET_UNCHANGED) {
		printf("Nothing to change: %s is still version %d.\n", id, res.version);
	} else {
		struct listing_version v;
		struct error why = ERROR_INIT;
		printf("Saved %s as version %d", id, res.version);
		if (listing_version_load(dir, id, res.version, &v, &why) == 0) {
			printf(" (changed: ");
			print_changed(&v.diff, stdout);
			putchar(')');
			listing_version_clear(&v);
		}
		printf(".\n");
		error_clear(&why);
	}
	asset_clear(&a);
	listing_result_free(&res);
	store_close(dir);
	error_clear(&err);
	return status;
}

/* ---- verify, archive, unarchive, status, restore ------------------------ */

enum simple { SIMPLE_VERIFY, SIMPLE_ARCHIVE, SIMPLE_UNARCHIVE, SIMPLE_STATUS,
	      SIMPLE_RESTORE };

static int asset_simple(struct cli *cli, struct request *r, int argc, char **argv,
			enum simple which)
{
	if (allow(cli, r, 0, OTHER_REASON | OTHER_IF_VERSION) < 0)
		return EXIT_USAGE;
	int want = which == SIMPLE_STATUS || which == SIMPLE_RESTORE ? 2 : 1;
	if (argc - optind != want) {
		static const char *const usage[] = {
			"verify which asset? give its id",
			"archive which asset? give its id",
			"unarchive which asset? give its id",
			("give the asset's id and its new status (open, waiting-list, full, "
			 "temporarily-closed, closed)"),
			"give the asset's id and the version to restore (see 'asset history ID')",
		};
		return cli_usage_error(cli, cli->command, "%s", argc - optind < want
				       ? usage[which] : "too many arguments");
	}
	const char *id = argv[optind];
	enum asset_status status_to = STATUS_OPEN;
	int version = 0;
	if (which == SIMPLE_STATUS && asset_status_parse(argv[optind + 1], &status_to) < 0)
		return cli_usage_error(cli, cli->command, "unknown status '%s' (open, "
				       "waiting-list, full, temporarily-closed, closed)",
				       argv[optind + 1]);
	if (which == SIMPLE_RESTORE && parse_version(argv[optind + 1], &version) < 0)
		return cli_usage_error(cli, cli->command, "'%s' is not a version number "
				       "(1, 2 ...)", argv[optind + 1]);
	struct error err = ERROR_INIT;
	struct store *dir = NULL;
	struct listing_result res;
	listing_result_init(&res);
	struct asset_save how = { .who = cli->login, .reason = r->reason,
				  .expected_version = r->expected_version };
	int rc = cli_load_settings(cli, &err);
	if (rc == 0)
		rc = cli_open_directory(cli, 1, &dir, &err);
	if (rc == 0) {
		switch (which) {
		case SIMPLE_VERIFY:
			rc = listing_verify(dir, id, cli->today, &how, &res, &err);
			break;
		case SIMPLE_ARCHIVE:
		case SIMPLE_UNARCHIVE:
			rc = listing_archive(dir, id, which == SIMPLE_ARCHIVE, &how, &res, &err);
			break;
		case SIMPLE_STATUS:
			rc = listing_set_status(dir, id, status_to, &how, &res, &err);
			break;
		case SIMPLE_RESTORE:
			rc = listing_restore(dir, id, version, &how, &res, &err);
			break;
		}
	}
	int status = EXIT_OK;
	int same = res.change == ASSET_UNCHANGED;
	if (rc < 0) {
		status = refused(cli, dir, id, &res, r->expected_version, &err);
	} else if (which == SIMPLE_VERIFY) {
		printf(same ? "%s was verified on %s by %s already (version %d).\n"
		       : "Verified %s on %s by %s (version %d).\n", id, cli->today,
		       cli->login, res.version);
	} else if (which == SIMPLE_ARCHIVE) {
		printf(same ? "%s is archived already (version %d).\n"
		       : "Archived %s (version %d): it no longer shows in search.\n",
		       id, res.version);
	} else if (which == SIMPLE_UNARCHIVE) {
		printf(same ? "%s is not archived (version %d).\n"
		       : "Brought back %s (version %d): it shows in search again.\n",
		       id, res.version);
	} else if (which == SIMPLE_STATUS) {
		printf(same ? "%s is %s already (version %d).\n"
		       : "%s is now %s (version %d).\n", id,
		       asset_status_name(status_to), res.version);
	} else if (same) {
		printf("Version %d of %s is the same as the current one (version %d): "
		       "nothing to restore.\n", version, id, res.version);
	} else {
		printf("Restored version %d of %s as version %d.\n", version, id, res.version);
	}
	listing_result_free(&res);
	store_close(dir);
	error_clear(&err);
	return status;
}

/* ---- history ---------------------------------------------------------- */

static const char *or_none(const char *s)
{
	return s ? s : "(none)";
}

static void history_json(const struct listing_history *h)
{
	struct json j;
	json_init(&j, stdout, 1);
	json_array_begin(&j);
	for (size_t i = 0; i < h->count; i++) {
		const struct listing_version *v = &h->item[i];
		json_object_begin(&j);
		json_member_int(&j, "version", v->version);
		json_member_string(&j, "changed_at", v->changed_at);
		json_member_string(&j, "changed_by", v->changed_by);
		json_member_string(&j, "reason", v->reason);
		json_key(&j, "changes");
		json_array_begin(&j);
		for (size_t c = 0; c < v->diff.count; c++) {
			const struct asset_diff_item *d = &v->diff.item[c];
			json_object_begin(&j);
			json_member_string(&j, "field", asset_key_name(d->key));
			json_key(&j, "before");
			json_string(&j, d->before);
			json_key(&j, "after");
			json_string(&j, d->after);
			json_object_end(&j);
		}
		json_array_end(&j);
		json_object_end(&j);
	}
	json_array_end(&j);
	strbuf_putc(&j.buf, '\n');
	json_finish(&j);
	json_free(&j);
}

static void history_text(const struct listing_history *h, enum cli_format format)
{
	for (size_t i = 0; i < h->count; i++) {
		const struct listing_version *v = &h->item[i];
		char version[24];
		snprintf(version, sizeof version, "%d", v->version);
		if (format == FORMAT_TSV) {
			for (size_t c = 0; c < v->diff.count || c == 0; c++) {
				const struct asset_diff_item *d = c < v->diff.count ? &v->diff.item[c]
										    : NULL;
				const char *cells[] = {
					version, v->changed_at, v->changed_by, v->reason,
					d ? asset_key_name(d->key) : "", d ? d->before : "",
					d ? d->after : "",
				};
				out_tsv_row(stdout, cells, 7);
			}
			continue;
		}
		printf("Version %d  ", v->version);
		out_text(stdout, v->changed_at, 0);
		fputs("  ", stdout);
		out_text(stdout, v->changed_by, 0);
		fputs("  ", stdout);
		out_text(stdout, v->reason, 0);
		putchar('\n');
		/* The first version is the whole asset: 'signpost show' reads
		 * better for that. */
		if (i == 0 && v->version == 1) {
			printf("  (the first version: %zu fields)\n", v->diff.count);
			continue;
		}
		if (v->diff.count == 0)
			printf("  (no field changed)\n");
		for (size_t c = 0; c < v->diff.count; c++) {
			const struct asset_diff_item *d = &v->diff.item[c];
			printf("  %-14s ", asset_key_name(d->key));
			out_text(stdout, or_none(d->before), 0);
			fputs(" -> ", stdout);
			out_text(stdout, or_none(d->after), 0);
			putchar('\n');
		}
	}
}

static int asset_history(struct cli *cli, struct request *r, int argc, char **argv)
{
	if (allow(cli, r, 0, OTHER_FORMAT) < 0)
		return EXIT_USAGE;
	if (optind + 1 != argc)
		return cli_usage_error(cli, cli->command, optind == argc ? "the history of "
				       "which asset? give its id" : "one asset at a time");
	struct error err = ERROR_INIT;
	struct store *dir = NULL;
	struct listing_history h = { 0 };
	int rc = cli_open_directory(cli, 0, &dir, &err);
	if (rc == 0)
		rc = listing_history(dir, argv[optind], &h, &err);
	if (rc == 0) {
		if (r->format == FORMAT_JSON)
			history_json(&h);
		else
			history_text(&h, r->format);
	}
	listing_history_free(&h);
	return finish(cli, dir, &err, rc < 0);
}

/* ---- The command -------------------------------------------------------- */

int cmd_asset(struct cli *cli, int argc, char **argv)
{
	static const char *const subs[] = {
		"add", "edit", "verify", "archive", "unarchive", "status", "history",
		"restore", NULL,
	};
	if (argc >= 2 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))) {
		cli_print_command_help(cli, cli->command);
		return EXIT_OK;
	}
	int which = -1;
	for (int i = 0; argc >= 2 && subs[i]; i++)
		if (strcmp(argv[1], subs[i]) == 0)
			which = i;
	if (which < 0)
		return cli_usage_error(cli, cli->command, argc < 2 ? "give what to do: add, "
				       "edit, verify, archive, unarchive, status, history or "
				       "restore" : "unknown 'asset %s' (add, edit, verify, archive, "
				       "unarchive, status, history, restore)", argv[1]);
	/* getopt names the program in its messages: "signpost asset edit". */
	char *name = NULL;
	if (asprintf(&name, "%s %s", argv[0], subs[which]) < 0) {
		fprintf(stderr, "%s: out of memory\n", cli->program);
		return EXIT_FAILURE_USER;
	}
	char *sub = argv[1];
	argv[1] = name;
	struct request r;
	memset(&r, 0, sizeof r);
	r.sub = subs[which];
	asset_init(&r.fields);
	int status = read_options(cli, argc - 1, argv + 1, &r);
	if (status < 0) {
		int sub_argc = argc - 1;
		char **sub_argv = argv + 1;
		switch (which) {
		case 0: status = asset_add(cli, &r, sub_argc, sub_argv); break;
		case 1: status = asset_edit(cli, &r, sub_argc, sub_argv); break;
		case 2: status = asset_simple(cli, &r, sub_argc, sub_argv, SIMPLE_VERIFY); break;
		case 3: status = asset_simple(cli, &r, sub_argc, sub_argv, SIMPLE_ARCHIVE); break;
		case 4: status = asset_simple(cli, &r, sub_argc, sub_argv, SIMPLE_UNARCHIVE); break;
		case 5: status = asset_simple(cli, &r, sub_argc, sub_argv, SIMPLE_STATUS); break;
		case 6: status = asset_history(cli, &r, sub_argc, sub_argv); break;
		default: status = asset_simple(cli, &r, sub_argc, sub_argv, SIMPLE_RESTORE); break;
		}
	}
	asset_clear(&r.fields);
	argv[1] = sub;
	free(name);
	return status;
}
