/* gen: a deterministic, seeded directory at national scale, for the
 * benchmark (tests/bench/run, `make bench`).
 *
 *   gen yaml --taxonomy FILE [--assets N] [--seed S] --out DIR
 *       writes DIR/taxonomy.yaml (every need and sector of FILE, and a
 *       region of 50 towns with about 500 neighbourhoods),
 *       DIR/assets.yaml (N assets, 200,000 by default) and DIR/facts.sh
 *       (the ids the benchmark's queries use, as shell assignments).
 *
 *   gen referrals --db FILE [--referrals M] [--seed S] [--worker LOGIN]
 *                 [--worker-open K]
 *       fills the personal-data file beside the directory FILE (which
 *       must hold the assets) with M referrals (1,000,000 by default)
 *       made over the three years to BENCH_TODAY, with their needs,
 *       statuses, outcomes and whole histories, and unmet needs and
 *       wellbeing scores; LOGIN (bench-lw) gets exactly K (2,000) open
 *       referrals.
 *
 * Referrals are written by SQL, in one transaction, into the file the
 * core made (personal_open: the real schema), not through
 * referral_create(): that takes a transaction, an asset load and the
 * real clock per call, and a million of them with their updates would
 * take many minutes and stamp every history row with today.  What is
 * written follows the core's rules: every move in a history is one
 * referral_can_move() allows, closed referrals have no follow-up and a
 * closed_on date, contacted_on is the first day it was contacted or
 * attending, version counts the history rows, updated_at is the last
 * of them.  At the end a sample is read back with referral_load() and
 * checked against those rules.
 *
 *   gen rusage OUT COMMAND [ARGS...]
 *       runs COMMAND and writes its elapsed, user and system seconds and
 *       peak resident memory (KiB) to OUT: the benchmark's stand-in for
 *       GNU time where that is not installed.
 *
 * Everything comes from one seeded generator (splitmix64), never from
 * rand() or the clock: the same arguments give the same bytes. */
#include "config.h"

#include "core/dates.h"
#include "core/directory.h"
#include "core/error.h"
#include "core/personal.h"
#include "core/referral.h"
#include "core/strbuf.h"
#include "core/taxonomy.h"
#include "core/yaml_import.h"
#include "store/store.h"

#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* The benchmark's "today": SIGNPOST_TODAY in tests/bench/run. */
#define BENCH_TODAY "2026-06-30"
#define BENCH_FROM "2023-07-01"

static const char *program = "gen";

static void __attribute__((noreturn, format(printf, 1, 2)))
die(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fprintf(stderr, "%s: ", program);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
	exit(1);
}

static void *xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (!p)
		die("out of memory");
	return p;
}

static void *xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size);
	if (!p)
		die("out of memory");
	return p;
}

static char *xstrdup(const char *s)
{
	char *p = strdup(s);
	if (!p)
		die("out of memory");
	return p;
}

/* ---- Chance ------------------------------------------------------------ */

static uint64_t rng_state;

static uint64_t rng_next(void)
{
	uint64_t z = (rng_state += 0x9e3779b97f4a7c15ULL);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

/* 0 <= x < n */
static size_t rng_below(size_t n)
{
	return n ? (size_t)(rng_next() % n) : 0;
}

/* 0 <= x < 1 */
static double rng_unit(void)
{
	return (double)(rng_next() >> 11) / 9007199254740992.0;
}

static int rng_chance(double p)
{
	return rng_unit() < p;
}

static long rng_between(long lo, long hi)
{
	return lo + (long)rng_below((size_t)(hi - lo + 1));
}

#define PICK(array) (array[rng_below(sizeof array / sizeof array[0])])

/* Zipf over n ranks: rank r has weight 1 / (r + 1)^s.  Each rank stands
 * for an item through a seeded shuffle, so that the popular items are
 * not simply the first ones. */
struct zipf {
	double *cdf;
	size_t *item;
	size_t n;
};

static void zipf_init(struct zipf *z, size_t n, double s)
{
	z->n = n;
	z->cdf = xmalloc(n * sizeof *z->cdf);
	z->item = xmalloc(n * sizeof *z->item);
	double sum = 0;
	for (size_t r = 0; r < n; r++) {
		sum += 1.0 / pow((double)r + 1.0, s);
		z->cdf[r] = sum;
		z->item[r] = r;
	}
	for (size_t r = 0; r < n; r++)
		z->cdf[r] /= sum;
	for (size_t r = n; r > 1; r--) {
		size_t j = rng_below(r);
		size_t tmp = z->item[r - 1];
		z->item[r - 1] = z->item[j];
		z->item[j] = tmp;
	}
}

static size_t zipf_draw(const struct zipf *z)
{
	double u = rng_unit();
	size_t lo = 0, hi = z->n - 1;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (z->cdf[mid] < u)
			lo = mid + 1;
		else
			hi = mid;
	}
	return z->item[lo];
}

static void zipf_free(struct zipf *z)
{
	free(z->cdf);
	free(z->item);
}

/* ---- Words --------------------------------------------------------------- */

static const char *const town_start[] = {
	"Ash", "Bram", "Brook", "Cald", "Dun", "Elm", "Fern", "Glen", "Hart", "Hol",
	"Kin", "Lang", "Mar", "Nor", "Oak", "Pen", "Red", "Rush", "Sand", "Shep",
	"Stan", "Thorn", "Wes", "Whit", "Wick", "Wold", "Ald", "Bar", "Col", "Dray",
	"Eas", "Fal", "Gran", "Hal", "Ick", "Lud", "Mel", "Ot", "Pres", "Ray",
};
static const char *const town_end[] = {
	"bury", "by", "cliffe", "combe", "den", "field", "ford", "gate", "ham",
	"hill", "holm", "hurst", "ley", "mere", "minster", "mouth", "stead", "stow",
	"thorpe", "ton", "wick", "worth", "well", "bridge", "caster",
};
static const char *const quarter[] = {
	"North", "South", "East", "West", "Old Town", "Park", "Green", "Village",
	"Heights", "Vale", "Quay", "Common", "Estate", "Fields", "End", "Hill",
	"Bridge", "Meadows", "Cross", "Wharf", "Gardens", "Moor", "Lane", "Row",
	"Rise", "Grange", "Abbey", "Mill", "Central", "Docks", "Marsh", "Brow",
	"Chase", "Dale", "Hythe", "Newtown", "Parkside", "Riverside", "Station",
	"Westfield",
};
static const char *const street[] = {
	"High Street", "Church Lane", "Mill Road", "Station Road", "Quay Street",
	"Market Place", "Victoria Road", "Park Avenue", "School Lane", "The Green",
	"King Street", "Queen's Road", "Chapel Street", "Bridge Street", "Back Lane",
	"Harbour Road", "Orchard Way", "Elm Grove", "Castle Street", "New Road",
};
static const char *const venue[] = {
	"Library", "Community Centre", "Church Hall", "Village Hall", "Leisure Centre",
	"Methodist Hall", "Scout Hut", "Youth Centre", "Family Hub", "Health Centre",
	"Sports Club", "Arts Centre", "Museum", "Allotments", "Park Café", "Mosque",
	"Gurdwara", "Friends Meeting House", "Fire Station", "Town Hall",
};
static const char *const kind[] = {
	"Group", "Café", "Club", "Circle", "Service", "Hub", "Project", "Network",
	"Drop-in", "Session", "Class", "Support", "Centre", "Line", "Team", "Scheme",
	"Workshop", "Programme", "Clinic", "Walk",
};
static const char *const activity[] = {
	"Gardening", "Knitting", "Singing", "Choir", "Painting", "Pottery", "Woodwork",
	"Cooking", "Baking", "Chess", "Bowls", "Yoga", "Tai Chi", "Pilates", "Dance",
	"Walking Football", "Cycling", "Swimming", "Reading", "Writing", "Poetry",
	"Photography", "Local History", "Computer", "Tablet", "Games", "Quiz",
	"Crafts", "Sewing", "Allotment", "Conservation", "Litter Picking",
	"Birdwatching", "Fishing", "Bingo", "Lunch", "Film", "Theatre", "Music",
	"Drumming", "Ukulele", "Men's Shed", "Repair Café", "Board Games", "Book",
	"Community Kitchen", "Food Bank", "Warm Space", "Coffee Morning", "Walking",
};
static const char *const nickname[] = {
	"Open Door", "Cuppa and Chat", "Sunshine", "Friendship", "Good Neighbours",
	"Second Chance", "Stepping Stones", "Better Together", "New Horizons",
	"Forget-me-not", "Silver Threads", "Wednesday", "Tea and Talk", "Lighthouse",
	"Harbour", "Anchor", "Compass", "Kindred", "Side by Side", "Keep Well",
	"Golden Years", "Fresh Start", "Bridges", "Safe Haven", "Willow",
};
static const char *const org_start[] = {
	"St Elwyn's", "St Nicholas'", "St Mary's", "St Peter's", "All Saints'",
	"Holy Trinity", "Christ Church", "Our Lady's", "St John's", "St Andrew's",
};
static const char *const org_kind[] = {
	"Hospice", "Trust", "Foundation", "Community Association", "Council",
	"Mind", "Age Concern", "Carers Centre", "Citizens Advice", "Wildlife Trust",
	"Rotary Club", "Lions Club", "Women's Institute", "Housing Association",
	"Leisure Trust", "Primary Care Network", "Library Service", "Arts Trust",
	"Food Partnership", "Volunteer Centre", "Credit Union", "Sports Club",
	"Tenants' Association", "Friends", "CIC", "Development Trust",
};
static const char *const surname[] = {
	"Ashworth", "Barnard", "Carter", "Dawson", "Ellison", "Fletcher", "Gibbs",
	"Harlow", "Ingram", "Jarvis", "Kellett", "Lowther", "Marsden", "Norris",
	"Oakley", "Pennington", "Quarmby", "Rowe", "Sutcliffe", "Thwaite", "Umpleby",
	"Varley", "Whitaker", "Yeadon", "Kittle", "Ormerod", "Haigh", "Brearley",
};
static const char *const opener[] = {
	"A friendly", "A relaxed", "A welcoming", "A small", "A weekly", "A free",
	"A volunteer-led", "A peer-led", "A gentle", "A drop-in", "A long-running",
	"A new", "A monthly", "A confidential", "A practical", "An informal",
};
static const char *const kind_lower[] = {
	"group", "café", "club", "session", "service", "class", "course", "project",
	"network", "circle", "walk", "workshop", "helpline", "hub", "clinic", "scheme",
};
static const char *const people[] = {
	"anyone", "adults", "older people", "young people", "carers", "families",
	"men", "women", "people of all ages", "residents", "newcomers", "veterans",
	"parents", "people living alone", "people with dementia and their carers",
};
static const char *const situation[] = {
	"feel lonely or cut off", "are looking after someone", "want to get more active",
	"have been bereaved", "are new to the area", "are worried about money",
	"would like to meet people", "are recovering from an illness", "live alone",
	"want to learn something new", "need help with forms", "want to volunteer",
	"are finding things hard at the moment", "have a long-term condition",
	"want to feel more confident", "are caring for a partner or parent",
};
static const char *const sentence[] = {
	"Sessions are run by trained volunteers and there is always someone to talk to.",
	"Tea, coffee and biscuits are provided.",
	"There is no need to book: just turn up.",
	"We can help with transport for people who find it hard to get out.",
	"The venue has step-free access and a hearing loop.",
	"Bring a friend if you like.",
	"Staff can also point you to other local services and support.",
	"Everyone is welcome, whatever their background or ability.",
	"Please phone ahead if it is your first visit, so someone can meet you.",
	"Places are limited, so booking is advised.",
	"You can come as often or as rarely as suits you.",
	"Most people who come have never been to anything like it before.",
	"We offer a listening ear, practical advice and a warm welcome.",
	"Sessions finish with time to chat over a hot drink.",
	"Materials and equipment are provided, and nobody needs any experience.",
	"Support is also available by phone and online for those who cannot attend.",
	"A link worker or GP can refer you, or you can come along yourself.",
	"Children are welcome when accompanied by an adult.",
	"There is a quiet room for anyone who needs a break.",
	"We work closely with the local surgery, the council and other charities.",
};
static const char *const focus[] = {
	"gardening", "knitting", "singing", "painting", "pottery", "woodwork",
	"cooking", "baking", "chess", "bowls", "yoga", "tai chi", "pilates", "dancing",
	"walking", "cycling", "swimming", "reading", "creative writing", "poetry",
	"photography", "local history", "computers and tablets", "board games",
	"crafts", "sewing", "conservation work", "birdwatching", "fishing", "music",
	"drumming", "a shared lunch", "a film", "a quiz", "money advice", "form filling",
	"benefits checks", "energy advice", "a gentle stretch", "a chat",
};
/* Rare words: each in about one asset in ten thousand. */
static const char *const rare[] = {
	"marquetry", "bookbinding", "falconry", "bellringing", "origami",
	"beekeeping", "calligraphy", "taxidermy", "harmonium", "lacemaking",
};
static const char *const verifier[] = {
	"Rosa M.", "Sam O.", "Priya K.", "Tom B.", "Aisha R.", "Glyn P.", "Mei L.",
	"Dan W.", "Ffion J.", "Kofi A.", "Lena S.", "Marek D.",
};
static const char *const day_name[7] = { "mon", "tue", "wed", "thu", "fri", "sat", "sun" };

/* Lower-case a-z0-9 and '-' from text; apostrophes vanish. */
static void slugify(const char *s, char *out, size_t cap)
{
	size_t n = 0;
	int dash = 0;
	for (; *s && n + 1 < cap; s++) {
		unsigned char c = (unsigned char)*s;
		if (c == '\'')
			continue;
		if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
			out[n++] = (char)c;
			dash = 0;
		} else if (c >= 'A' && c <= 'Z') {
			out[n++] = (char)(c - 'A' + 'a');
			dash = 0;
		} else if (!dash && n > 0) {
			out[n++] = '-';
			dash = 1;
		}
	}
	while (n > 0 && out[n - 1] == '-')
		n--;
	out[n] = '\0';
}

/* A double-quoted YAML scalar. */
static void yq(FILE *f, const char *s)
{
	fputc('"', f);
	for (; *s; s++) {
		if (*s == '"' || *s == '\\')
			fputc('\\', f);
		fputc(*s, f);
	}
	fputc('"', f);
}

/* ---- The taxonomy --------------------------------------------------------- */

struct place {
	char *id;
	char *label;
	int town;          /* index of its town; -1 for the region */
};

struct world {
	struct taxonomy needs, sectors;
	struct place region;
	struct place *towns;
	size_t ntowns;
	struct place *hoods;     /* neighbourhoods */
	size_t nhoods;
	size_t *town_first;      /* each town's first neighbourhood */
	size_t *town_count;
};

static void read_taxonomy(const char *path, const char *out, struct world *w)
{
	char *db = NULL;
	if (asprintf(&db, "%s/gen-taxonomy.db", out) < 0)
		die("out of memory");
	unlink(db);
	struct store *dir;
	struct error err = ERROR_INIT;
	struct import_options opt = { .who = "bench" };
	struct import_report report;
	if (directory_open(db, STORE_CREATE, &dir, &err) < 0 ||
	    import_file(dir, path, &opt, &report, &err) < 0 ||
	    taxonomy_list(dir, TAXONOMY_NEED, &w->needs, &err) < 0 ||
	    taxonomy_list(dir, TAXONOMY_SECTOR, &w->sectors, &err) < 0)
		die("%s: %s", path, error_message(&err));
	import_report_free(&report);
	store_close(dir);
	static const char *const suffix[] = { "", "-wal", "-shm" };
	for (size_t i = 0; i < 3; i++) {
		char *f = NULL;
		if (asprintf(&f, "%s%s", db, suffix[i]) >= 0)
			unlink(f);
		free(f);
	}
	free(db);
	if (!w->needs.count || !w->sectors.count)
		die("%s: no needs or no sectors", path);
}

static void make_places(struct world *w)
{
	w->region.id = xstrdup("benchshire");
	w->region.label = xstrdup("Benchshire");
	w->region.town = -1;
	w->ntowns = 50;
	w->towns = xcalloc(w->ntowns, sizeof *w->towns);
	w->town_first = xcalloc(w->ntowns, sizeof *w->town_first);
	w->town_count = xcalloc(w->ntowns, sizeof *w->town_count);
	w->hoods = xcalloc(w->ntowns * 40, sizeof *w->hoods);
	size_t nstart = sizeof town_start / sizeof town_start[0];
	size_t nend = sizeof town_end / sizeof town_end[0];
	/* Distinct names: walk the pairs by a stride coprime with their count. */
	size_t pairs = nstart * nend, at = rng_below(pairs);
	for (size_t t = 0; t < w->ntowns; t++) {
		at = (at + 7919) % pairs;
		char label[64], id[64];
		snprintf(label, sizeof label, "%s%s", town_start[at / nend], town_end[at % nend]);
		slugify(label, id, sizeof id);
		w->towns[t].id = xstrdup(id);
		w->towns[t].label = xstrdup(label);
		w->towns[t].town = (int)t;
		/* 5 to 15 neighbourhoods: about 500 in all. */
		size_t n = (size_t)rng_between(5, 15);
		size_t nq = sizeof quarter / sizeof quarter[0];
		size_t q = rng_below(nq);
		w->town_first[t] = w->nhoods;
		w->town_count[t] = n;
		for (size_t i = 0; i < n; i++, q = (q + 1) % nq) {
			char hl[96], hid[96];
			snprintf(hl, sizeof hl, "%s %s", label, quarter[q]);
			slugify(hl, hid, sizeof hid);
			struct place *h = &w->hoods[w->nhoods++];
			h->id = xstrdup(hid);
			h->label = xstrdup(hl);
			h->town = (int)t;
		}
	}
}

static void write_taxonomy(const struct world *w, const char *path)
{
	FILE *f = fopen(path, "w");
	if (!f)
		die("%s: cannot write", path);
	fprintf(f, "# Made by tests/bench/gen: the needs and sectors of the bundled\n"
		"# taxonomy, and a made-up region of %zu towns and %zu neighbourhoods.\n"
		"signpost: 1\n\ndirectory:\n  name: Benchshire community directory "
		"(benchmark)\n\nneeds:\n", w->ntowns, w->nhoods);
	for (size_t i = 0; i < w->needs.count; i++) {
		const struct taxonomy_item *n = &w->needs.item[i];
		fprintf(f, "  - id: %s\n    label: ", n->id);
		yq(f, n->label);
		if (n->description) {
			fprintf(f, "\n    description: ");
			yq(f, n->description);
		}
		if (n->parent)
			fprintf(f, "\n    parent: %s", n->parent);
		fputc('\n', f);
	}
	fprintf(f, "\nsectors:\n");
	for (size_t i = 0; i < w->sectors.count; i++) {
		const struct taxonomy_item *s = &w->sectors.item[i];
		fprintf(f, "  - id: %s\n    label: ", s->id);
		yq(f, s->label);
		if (s->description) {
			fprintf(f, "\n    description: ");
			yq(f, s->description);
		}
		fputc('\n', f);
	}
	fprintf(f, "\nlocalities:\n  - id: %s\n    label: %s\n    kind: region\n"
		"    children:\n", w->region.id, w->region.label);
	for (size_t t = 0; t < w->ntowns; t++) {
		fprintf(f, "      - id: %s\n        label: %s\n        kind: town\n"
			"        children:\n", w->towns[t].id, w->towns[t].label);
		for (size_t i = 0; i < w->town_count[t]; i++) {
			const struct place *h = &w->hoods[w->town_first[t] + i];
			fprintf(f, "          - id: %s\n            label: %s\n"
				"            kind: neighbourhood\n", h->id, h->label);
		}
	}
	if (fclose(f) != 0)
		die("%s: cannot write", path);
}

/* ---- Assets ----------------------------------------------------------------- */

static void write_description(FILE *f, const struct world *w, const size_t *needs,
			      size_t nneeds, const char *place, int *rare_used)
{
	struct strbuf sb = STRBUF_INIT;
	const char *k = PICK(kind_lower);
	strbuf_printf(&sb, "%s %s for %s who %s", PICK(opener), k, PICK(people),
		      PICK(situation));
	if (rng_chance(0.5))
		strbuf_printf(&sb, ", with %s and %s", PICK(focus), PICK(focus));
	strbuf_puts(&sb, ".");
	for (size_t i = 0; i < nneeds; i++) {
		const char *label = w->needs.item[needs[i]].label;
		char lower[256];
		snprintf(lower, sizeof lower, "%s", label);
		lower[0] = (char)(lower[0] >= 'A' && lower[0] <= 'Z' ? lower[0] - 'A' + 'a' : lower[0]);
		switch (rng_below(3)) {
		case 0:
			strbuf_printf(&sb, " We offer support with %s.", lower);
			break;
		case 1:
			strbuf_printf(&sb, " The %s is for people who want help with %s.", k, lower);
			break;
		default:
			strbuf_printf(&sb, " Our volunteers know about %s and can help.", lower);
		}
	}
	strbuf_printf(&sb, " We meet at the %s in %s.", PICK(venue), place);
	size_t more = (size_t)rng_between(1, 4);
	for (size_t i = 0; i < more; i++)
		strbuf_printf(&sb, " %s", PICK(sentence));
	for (size_t i = 0; i < sizeof rare / sizeof rare[0]; i++)
		if (rng_chance(0.0001)) {
			strbuf_printf(&sb, " Ask about our %s sessions.", rare[i]);
			rare_used[i]++;
		}
	yq(f, strbuf_str(&sb));
	strbuf_free(&sb);
}

static void write_assets(struct world *w, size_t count, const char *path,
			 const char *facts_path)
{
	FILE *f = fopen(path, "w");
	if (!f)
		die("%s: cannot write", path);
	static char buf[1 << 20];
	setvbuf(f, buf, _IOFBF, sizeof buf);
	fprintf(f, "# Made by tests/bench/gen: %zu made-up assets.\nsignpost: 1\n\nassets:\n",
		count);

	struct zipf need_z, town_z, org_z;
	zipf_init(&need_z, w->needs.count, 1.0);
	zipf_init(&town_z, w->ntowns, 0.9);
	size_t norgs = count / 8 + 1;
	zipf_init(&org_z, norgs, 0.7);
	/* Sectors by weight: most are voluntary and community groups. */
	double *sector_w = xmalloc(w->sectors.count * sizeof *sector_w);
	double sector_sum = 0;
	for (size_t i = 0; i < w->sectors.count; i++) {
		const char *id = w->sectors.item[i].id;
		sector_w[i] = !strcmp(id, "vcse") ? 40 : !strcmp(id, "community-group") ? 25 :
			!strcmp(id, "faith") ? 8 : !strcmp(id, "nhs") ? 6 :
			!strcmp(id, "local-authority") ? 6 : 3;
		sector_sum += sector_w[i];
	}
	size_t *town_assets = xcalloc(w->ntowns, sizeof *town_assets);
	int rare_used[sizeof rare / sizeof rare[0]] = { 0 };
	unsigned days_seen = 0;

	for (size_t a = 0; a < count; a++) {
		/* Where: a neighbourhood and its town, the town alone, or the
		 * whole region. */
		size_t t = zipf_draw(&town_z);
		const struct place *hood = &w->hoods[w->town_first[t] +
						     rng_below(w->town_count[t])];
		const struct place *town = &w->towns[t];
		double where = rng_unit();
		const char *place = hood->label;
		town_assets[t]++;
		size_t nneeds = rng_chance(0.5) ? 1 : rng_chance(0.7) ? 2 : 3;
		size_t needs[3];
		for (size_t i = 0; i < nneeds; i++) {
			size_t n;
			int again;
			do {
				n = zipf_draw(&need_z);
				again = 0;
				for (size_t j = 0; j < i; j++)
					again |= needs[j] == n;
			} while (again);
			needs[i] = n;
		}
		const char *main_label = w->needs.item[needs[0]].label;

		char name[256];
		switch (rng_below(4)) {
		case 0:
			snprintf(name, sizeof name, "%s %s %s", place, main_label, PICK(kind));
			break;
		case 1:
			snprintf(name, sizeof name, "%s %s at %s %s", PICK(activity), PICK(kind),
				 town->label, PICK(venue));
			break;
		case 2:
			snprintf(name, sizeof name, "%s %s", PICK(activity), PICK(kind));
			break;
		default:
			snprintf(name, sizeof name, "%s %s, %s", PICK(nickname), PICK(kind), place);
		}
		size_t org = zipf_draw(&org_z);
		char orgname[160];
		uint64_t keep = rng_state;
		rng_state = 0x5eed0000ULL + org;     /* an organisation's name is its own */
		switch (org % 4) {
		case 0:
			snprintf(orgname, sizeof orgname, "%s %s, %s", PICK(org_start),
				 PICK(org_kind), w->towns[org % w->ntowns].label);
			break;
		case 1:
			snprintf(orgname, sizeof orgname, "%s %s %zu", PICK(surname),
				 PICK(org_kind), org);
			break;
		case 2:
			snprintf(orgname, sizeof orgname, "%s %s", w->towns[org % w->ntowns].label,
				 PICK(org_kind));
			if (org >= w->ntowns * 4)
				snprintf(orgname + strlen(orgname), sizeof orgname - strlen(orgname),
					 " (%zu)", org);
			break;
		default:
			snprintf(orgname, sizeof orgname, "Friends of %s %s %zu",
				 w->hoods[org % w->nhoods].label, PICK(venue), org);
		}
		rng_state = keep;
		char orgslug[160];
		slugify(orgname, orgslug, sizeof orgslug);

		char id[80];
		snprintf(id, sizeof id, "a%06zu-%s", a + 1, hood->id);
		id[64] = '\0';
		while (id[strlen(id) - 1] == '-')
			id[strlen(id) - 1] = '\0';

		double pick = rng_unit() * sector_sum;
		size_t sector = 0;
		while (sector + 1 < w->sectors.count && pick >= sector_w[sector])
			pick -= sector_w[sector++];

		fprintf(f, "  - id: %s\n    name: ", id);
		yq(f, name);
		if (rng_chance(0.9)) {
			fprintf(f, "\n    organisation: ");
			yq(f, orgname);
		}
		fprintf(f, "\n    sector: %s\n    description: ", w->sectors.item[sector].id);
		write_description(f, w, needs, nneeds, place, rare_used);
		fprintf(f, "\n    needs: [");
		for (size_t i = 0; i < nneeds; i++)
			fprintf(f, "%s%s", i ? ", " : "", w->needs.item[needs[i]].id);
		if (where < 0.02)
			fprintf(f, "]\n    localities: [%s]\n", w->region.id);
		else if (where < 0.17)
			fprintf(f, "]\n    localities: [%s]\n", town->id);
		else if (where < 0.77)
			fprintf(f, "]\n    localities: [%s, %s]\n", hood->id, town->id);
		else
			fprintf(f, "]\n    localities: [%s]\n", hood->id);
		fprintf(f, "    address: \"%ld %s, %s\"\n", rng_between(1, 240), PICK(street),
			town->label);
		fprintf(f, "    postcode: \"Z%c%ld %ld%c%c\"\n", 'A' + (int)(t % 26),
			rng_between(1, 29), rng_between(0, 9), 'A' + (int)rng_below(26),
			'A' + (int)rng_below(26));
		if (rng_chance(0.85))
			fprintf(f, "    phone: \"01632 960%03ld\"\n", rng_between(0, 999));
		if (rng_chance(0.7))
			fprintf(f, "    email: info.%zu@example.org\n", a + 1);
		if (rng_chance(0.6))
			fprintf(f, "    website: https://example.org/%.60s/%s\n", orgslug, id);
		/* Sessions: one to three, over every day of the week. */
		size_t nsessions = (size_t)rng_between(1, 3);
		fprintf(f, "    sessions:\n");
		for (size_t s = 0; s < nsessions; s++) {
			double d = rng_unit();
			unsigned set;
			if (d < 0.55)
				set = 1u << rng_below(7);
			else if (d < 0.75)
				set = 0x1f;
			else if (d < 0.95)
				set = (1u << rng_below(7)) | (1u << rng_below(7));
			else
				set = 0x60;
			days_seen |= set;
			fprintf(f, "      - days: [");
			int first = 1;
			for (int i = 0; i < 7; i++)
				if (set & (1u << i)) {
					fprintf(f, "%s%s", first ? "" : ", ", day_name[i]);
					first = 0;
				}
			long start = rng_between(16, 38);     /* half hours: 08:00 to 19:00 */
			long len = rng_between(2, 6);
			fprintf(f, "]\n        start: \"%02ld:%02ld\"\n        end: \"%02ld:%02ld\"\n",
				start / 2, start % 2 * 30, (start + len) / 2, (start + len) % 2 * 30);
			if (rng_chance(0.15))
				fprintf(f, "        note: first and third week of the month\n");
		}
		double c = rng_unit();
		fprintf(f, "    cost: %s\n", c < 0.55 ? "free" : c < 0.85 ? "low" : "paid");
		if (rng_chance(0.3))
			fprintf(f, "    cost_note: \"%s\"\n", c < 0.55 ? "Donations welcome" :
				"Pay what you can; nobody is turned away");
		if (rng_chance(0.6))
			fprintf(f, "    accessibility: \"Step-free access, accessible toilet%s\"\n",
				rng_chance(0.5) ? ", hearing loop" : "");
		if (rng_chance(0.4))
			fprintf(f, "    eligibility: \"%s\"\n", rng_chance(0.5) ?
				"Adults aged 18 and over" : "Open to everyone");
		fprintf(f, "    referral: [%s]\n", rng_chance(0.6) ? "self, link-worker" :
			rng_chance(0.5) ? "self, link-worker, professional" : "link-worker");
		double st = rng_unit();
		fprintf(f, "    status: %s\n", st < 0.80 ? "open" : st < 0.88 ? "waiting-list" :
			st < 0.93 ? "full" : st < 0.97 ? "temporarily-closed" : "closed");
		if (rng_chance(0.85)) {
			char day[DATE_LEN];
			date_from_days(date_days(BENCH_TODAY) - rng_between(0, 900), day);
			fprintf(f, "    verified: %s\n    verified_by: \"%s\"\n", day,
				PICK(verifier));
		}
		if (rng_chance(0.01))
			fprintf(f, "    archived: true\n");
		fputc('\n', f);
	}
	if (fclose(f) != 0)
		die("%s: cannot write", path);
	if (days_seen != 0x7f)
		die("internal: not every day has a session");

	/* What the benchmark's queries name. */
	size_t big = 0;
	for (size_t t = 1; t < w->ntowns; t++)
		if (town_assets[t] > town_assets[big])
			big = t;
	FILE *facts = fopen(facts_path, "w");
	if (!facts)
		die("%s: cannot write", facts_path);
	fprintf(facts, "# Made by tests/bench/gen.\nBENCH_ASSETS=%zu\nBENCH_TOWN=%s\n"
		"BENCH_HOOD=%s\nBENCH_RARE=%s\nBENCH_RARE_ASSETS=%d\n", count, w->towns[big].id,
		w->hoods[w->town_first[big]].id, rare[0], rare_used[0]);
	if (fclose(facts) != 0)
		die("%s: cannot write", facts_path);
	free(town_assets);
	free(sector_w);
	zipf_free(&need_z);
	zipf_free(&town_z);
	zipf_free(&org_z);
}

/* ---- Referrals ------------------------------------------------------------- */

struct bench_asset {
	char *id;
	char *name;
	char *needs[3];
	int nneeds;
	char *locality;         /* its main one */
};

/* One referral as it stands at BENCH_TODAY, with its events. */
enum { MAX_EVENTS = 8 };
struct event {
	long day;
	int second;              /* of the day */
	enum referral_status from, to;  /* from == to: a new follow-up only */
	int first;               /* the referral was made */
	long follow_up;          /* day, or -1 */
};

struct gen_referral {
	long created;
	unsigned asset;
	unsigned client;
	unsigned short worker;
	unsigned char nevents;
	unsigned char open;
	struct event ev[MAX_EVENTS];
};

static void day_text(long day, char out[DATE_LEN])
{
	date_from_days(day, out);
}

static void at_text(long day, int second, char out[TIMESTAMP_LEN])
{
	char d[DATE_LEN];
	unsigned s = (unsigned)second % 86400u;
	date_from_days(day, d);
	snprintf(out, TIMESTAMP_LEN, "%.10sT%02u:%02u:%02uZ", d, s / 3600u % 24u,
		 s / 60u % 60u, s % 60u);
}

static void add_event(struct gen_referral *r, long day, enum referral_status from,
		      enum referral_status to, long follow_up)
{
	if (r->nevents >= MAX_EVENTS)
		die("internal: too many events");
	struct event *e = &r->ev[r->nevents];
	const struct event *prev = r->nevents ? &r->ev[r->nevents - 1] : NULL;
	e->day = day;
	e->second = 9 * 3600 + (int)rng_below(8 * 3600);
	if (prev && prev->day == day && e->second <= prev->second)
		e->second = prev->second + 60;
	e->from = from;
	e->to = to;
	e->first = r->nevents == 0;
	e->follow_up = follow_up;
	if (!e->first && from != to && !referral_can_move(from, to))
		die("internal: a move the core refuses (%s to %s)",
		    referral_status_name(from), referral_status_name(to));
	r->nevents++;
}

/* The referral's story from its creation, cut at today: what has not
 * happened yet leaves it open, with a follow-up date. */
static void story(struct gen_referral *r, long today)
{
	long day = r->created;
	long fu = day + rng_between(7, 21);
	add_event(r, day, REFERRAL_REFERRED, REFERRAL_REFERRED, fu);
	enum referral_status at = REFERRAL_REFERRED;
	double path = rng_unit();
	/* A few are forgotten: nobody follows them up. */
	int forgotten = rng_chance(0.02);
	enum referral_status outcome;
	int steps;      /* open statuses reached before the outcome */
	if (path < 0.58) {
		outcome = REFERRAL_COMPLETED;
		steps = 2;
	} else if (path < 0.70) {
		outcome = REFERRAL_DECLINED;
		steps = (int)rng_below(2);
	} else if (path < 0.80) {
		outcome = REFERRAL_NOT_ATTENDED;
		steps = (int)rng_below(2);
	} else if (path < 0.87) {
		outcome = REFERRAL_UNSUITABLE;
		steps = (int)rng_below(3);
	} else {
		outcome = REFERRAL_LOST_CONTACT;
		steps = (int)rng_below(3);
	}
	for (int s = 0; s <= steps; s++) {
		int closing = s == steps;
		if (forgotten && s >= 1)
			break;
		/* Sometimes a follow-up moves on with no change of status. */
		if (rng_chance(0.15)) {
			long when = day + rng_between(3, 14);
			if (when > today)
				break;
			day = when;
			fu = day + rng_between(7, 21);
			add_event(r, day, at, at, fu);
		}
		long when = day + (closing ? rng_between(2, outcome == REFERRAL_COMPLETED ?
							  90 : 30) : rng_between(1, 21));
		if (when > today)
			break;
		day = when;
		if (closing) {
			add_event(r, day, at, outcome, -1);
			at = outcome;
		} else {
			enum referral_status next = at == REFERRAL_REFERRED ? REFERRAL_CONTACTED :
				REFERRAL_ATTENDING;
			fu = day + rng_between(7, 28);
			add_event(r, day, at, next, fu);
			at = next;
		}
	}
	r->open = referral_status_is_open(at);
}

struct timed {
	unsigned referral;
	unsigned char event;
	long day;
	int second;
};

static int by_time(const void *a, const void *b)
{
	const struct timed *x = a, *y = b;
	if (x->day != y->day)
		return x->day < y->day ? -1 : 1;
	if (x->second != y->second)
		return x->second < y->second ? -1 : 1;
	if (x->referral != y->referral)
		return x->referral < y->referral ? -1 : 1;
	return x->event < y->event ? -1 : x->event > y->event;
}

static sqlite3_stmt *prep(sqlite3 *db, const char *sql)
{
	sqlite3_stmt *stmt;
	if (sqlite3_prepare_v2(db, sql, -1, &stmt, NULL) != SQLITE_OK)
		die("cannot prepare: %s", sqlite3_errmsg(db));
	return stmt;
}

static void step(sqlite3 *db, sqlite3_stmt *stmt)
{
	if (sqlite3_step(stmt) != SQLITE_DONE)
		die("cannot write: %s", sqlite3_errmsg(db));
	sqlite3_reset(stmt);
	sqlite3_clear_bindings(stmt);
}

static void text(sqlite3_stmt *stmt, int i, const char *s)
{
	sqlite3_bind_text(stmt, i, s, -1, SQLITE_TRANSIENT);
}

static void client_ref(unsigned client, char out[16])
{
	snprintf(out, 16, "%c%c-%04u", 'A' + client % 26, 'A' + client / 26 % 26,
		 client / 676);
}

static struct bench_asset *read_assets(struct store *dir, size_t *count)
{
	sqlite3 *db = store_db(dir);
	sqlite3_stmt *stmt = prep(db,
		"SELECT a.id, a.name,"
		" (SELECT group_concat(need, ' ') FROM (SELECT need FROM asset_need"
		"   WHERE asset = a.num ORDER BY position)),"
		" (SELECT locality FROM asset_locality WHERE asset = a.num ORDER BY position"
		"   LIMIT 1)"
		" FROM asset a WHERE a.archived = 0 ORDER BY a.num");
	size_t cap = 1024, n = 0;
	struct bench_asset *a = xmalloc(cap * sizeof *a);
	while (sqlite3_step(stmt) == SQLITE_ROW) {
		if (n == cap)
			if (!(a = realloc(a, (cap *= 2) * sizeof *a)))
				die("out of memory");
		struct bench_asset *x = &a[n++];
		memset(x, 0, sizeof *x);
		x->id = xstrdup((const char *)sqlite3_column_text(stmt, 0));
		x->name = xstrdup((const char *)sqlite3_column_text(stmt, 1));
		char *needs = xstrdup((const char *)sqlite3_column_text(stmt, 2));
		for (char *tok = strtok(needs, " "); tok && x->nneeds < 3; tok = strtok(NULL, " "))
			x->needs[x->nneeds++] = xstrdup(tok);
		free(needs);
		x->locality = xstrdup((const char *)sqlite3_column_text(stmt, 3));
	}
	sqlite3_finalize(stmt);
	if (!n)
		die("the directory has no assets: import them first");
	*count = n;
	return a;
}

static char **read_ids(struct store *dir, const char *sql, size_t *count)
{
	sqlite3_stmt *stmt = prep(store_db(dir), sql);
	size_t cap = 64, n = 0;
	char **ids = xmalloc(cap * sizeof *ids);
	while (sqlite3_step(stmt) == SQLITE_ROW) {
		if (n == cap && !(ids = realloc(ids, (cap *= 2) * sizeof *ids)))
			die("out of memory");
		ids[n++] = xstrdup((const char *)sqlite3_column_text(stmt, 0));
	}
	sqlite3_finalize(stmt);
	*count = n;
	return ids;
}

/* Reads some referrals back through the core and checks them against
 * its rules. */
static void check_sample(struct store *p, size_t count)
{
	struct error err = ERROR_INIT;
	for (size_t k = 0; k < 200; k++) {
		long id = (long)(1 + (k * 7919 + 13) % count);
		struct referral r;
		if (referral_load(p, id, &r, &err) < 0)
			die("referral %ld: %s", id, error_message(&err));
		int open = referral_status_is_open(r.status);
		if ((int)r.history_count != r.version || !r.history_count ||
		    open != (r.closed_on == NULL) || open != (r.follow_up != NULL) ||
		    strcmp(r.history[r.history_count - 1].to, referral_status_name(r.status)) ||
		    strcmp(r.history[r.history_count - 1].at, r.updated_at) ||
		    strcmp(r.history[0].at, r.created_at) || r.history[0].from ||
		    !r.needs.count)
			die("referral %ld does not follow the core's rules", id);
		for (size_t i = 1; i < r.history_count; i++) {
			enum referral_status from, to;
			if (referral_status_parse(r.history[i].from, &from) < 0 ||
			    referral_status_parse(r.history[i].to, &to) < 0 ||
			    (from != to && !referral_can_move(from, to)) ||
			    strcmp(r.history[i - 1].at, r.history[i].at) >= 0)
				die("referral %ld: a history the core would not write", id);
		}
		referral_free(&r);
	}
}

static void gen_referrals(const char *dbpath, size_t count, const char *worker,
			  size_t worker_open)
{
	struct store *dir, *p;
	struct error err = ERROR_INIT;
	if (directory_open(dbpath, STORE_READ_ONLY, &dir, &err) < 0)
		die("%s", error_message(&err));
	size_t nassets, nneeds, nlocalities;
	struct bench_asset *assets = read_assets(dir, &nassets);
	char **need_ids = read_ids(dir, "SELECT id FROM need ORDER BY position", &nneeds);
	char **locality_ids = read_ids(dir, "SELECT id FROM locality WHERE kind <> 'region'"
				       " ORDER BY position", &nlocalities);
	store_close(dir);

	if (personal_open(dbpath, STORE_CREATE, &p, &err) < 0)
		die("%s", error_message(&err));
	sqlite3 *db = store_db(p);
	sqlite3_stmt *any = prep(db, "SELECT count(*) FROM referral");
	if (sqlite3_step(any) != SQLITE_ROW || sqlite3_column_int64(any, 0) != 0)
		die("%s: the personal-data file already holds referrals", dbpath);
	sqlite3_finalize(any);
	/* One transaction; a cache big enough that the indexes' random
	 * inserts stay in memory. */
	if (store_exec(p, "PRAGMA cache_size = -524288", &err) < 0 ||
	    store_begin(p, &err) < 0)
		die("%s", error_message(&err));

	long today = date_days(BENCH_TODAY), from = date_days(BENCH_FROM);
	long span = today - from;
	size_t nworkers = 300, nclients = count * 2 / 5 + 1;
	struct zipf asset_z, need_z, worker_z;
	zipf_init(&asset_z, nassets, 0.8);
	zipf_init(&need_z, nneeds, 1.0);
	zipf_init(&worker_z, nworkers - 1, 0.3);

	struct gen_referral *refs = xcalloc(count, sizeof *refs);
	size_t open = 0, events = 0;
	for (size_t i = 0; i < count; i++) {
		struct gen_referral *r = &refs[i];
		/* More referrals each year than the last. */
		double u = (double)i / (double)count;
		r->created = from + (long)((double)span * (sqrt(1.0 + 3.0 * u) - 1.0));
		r->asset = (unsigned)zipf_draw(&asset_z);
		r->client = (unsigned)rng_below(nclients);
		r->worker = (unsigned short)(1 + zipf_draw(&worker_z));
		story(r, today);
		open += r->open;
		events += r->nevents;
	}
	if (open < worker_open)
		die("only %zu open referrals: cannot give %s %zu", open, worker, worker_open);
	/* The benchmark's link worker: exactly worker_open of the open
	 * ones (a uniform choice, Knuth's selection sampling), and a share
	 * of the closed ones as any worker has. */
	size_t need = worker_open, left = open;
	for (size_t i = 0; i < count; i++) {
		struct gen_referral *r = &refs[i];
		if (r->open) {
			if (rng_below(left) < need) {
				r->worker = 0;
				need--;
			}
			left--;
		} else if (rng_below(nworkers) == 0) {
			r->worker = 0;
		}
	}

	char **workers = xmalloc(nworkers * sizeof *workers);
	workers[0] = xstrdup(worker);
	for (size_t w = 1; w < nworkers; w++)
		if (asprintf(&workers[w], "lw%03zu", w) < 0)
			die("out of memory");

	sqlite3_stmt *ins = prep(db,
		"INSERT INTO referral (id, client, asset_id, asset_name, worker, status, note,"
		" follow_up, created_at, created_on, contacted_on, closed_on, updated_at, version,"
		" attending_on)"
		" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)");
	sqlite3_stmt *ins_need = prep(db,
		"INSERT INTO referral_need (referral, need, position, created_on)"
		" VALUES (?1, ?2, ?3, ?4)");
	static const char *const notes[] = {
		NULL, NULL, NULL, "Would like someone to go with them the first time",
		"Prefers mornings", "Phoned and left a message", "Keen to start soon",
		"Needs step-free access",
	};
	for (size_t i = 0; i < count; i++) {
		const struct gen_referral *r = &refs[i];
		const struct bench_asset *a = &assets[r->asset];
		const struct event *last = &r->ev[r->nevents - 1];
		enum referral_status status = last->to;
		char cref[16], created_at[TIMESTAMP_LEN], updated_at[TIMESTAMP_LEN];
		char created_on[DATE_LEN], contacted_on[DATE_LEN], closed_on[DATE_LEN];
		char follow_up[DATE_LEN];
		client_ref(r->client, cref);
		at_text(r->ev[0].day, r->ev[0].second, created_at);
		at_text(last->day, last->second, updated_at);
		day_text(r->created, created_on);
		long contacted = -1, attending = -1;
		for (int e = 1; e < r->nevents && contacted < 0; e++)
			if (r->ev[e].to == REFERRAL_CONTACTED || r->ev[e].to == REFERRAL_ATTENDING)
				contacted = r->ev[e].day;
		for (int e = 1; e < r->nevents && attending < 0; e++)
			if (r->ev[e].to == REFERRAL_ATTENDING)
				attending = r->ev[e].day;
		long fu = -1;
		for (int e = 0; e < r->nevents; e++)
			if (referral_status_is_open(r->ev[e].to))
				fu = r->ev[e].follow_up;
		sqlite3_bind_int64(ins, 1, (sqlite3_int64)i + 1);
		text(ins, 2, cref);
		text(ins, 3, a->id);
		text(ins, 4, a->name);
		text(ins, 5, workers[r->worker]);
		text(ins, 6, referral_status_name(status));
		const char *note = notes[(i * 2654435761u) % (sizeof notes / sizeof notes[0])];
		if (note)
			text(ins, 7, note);
		if (r->open) {
			day_text(fu, follow_up);
			text(ins, 8, follow_up);
		}
		text(ins, 9, created_at);
		text(ins, 10, created_on);
		if (contacted >= 0) {
			day_text(contacted, contacted_on);
			text(ins, 11, contacted_on);
		}
		if (!r->open) {
			day_text(last->day, closed_on);
			text(ins, 12, closed_on);
		}
		text(ins, 13, updated_at);
		sqlite3_bind_int(ins, 14, r->nevents);
		char attending_on[DATE_LEN];
		if (attending >= 0) {
			day_text(attending, attending_on);
			text(ins, 15, attending_on);
		}
		step(db, ins);
		/* Its needs: the asset's main one, sometimes more. */
		size_t n = 1 + (size_t)rng_chance(0.25) + (size_t)rng_chance(0.05);
		const char *chosen[3] = { a->needs[0], NULL, NULL };
		for (size_t k = 1; k < n; k++) {
			const char *c = (int)k < a->nneeds && rng_chance(0.7) ? a->needs[k] :
				need_ids[zipf_draw(&need_z)];
			int dup = 0;
			for (size_t j = 0; j < k; j++)
				dup |= strcmp(chosen[j], c) == 0;
			if (dup) {
				n = k;
				break;
			}
			chosen[k] = c;
		}
		for (size_t k = 0; k < n; k++) {
			sqlite3_bind_int64(ins_need, 1, (sqlite3_int64)i + 1);
			text(ins_need, 2, chosen[k]);
			sqlite3_bind_int(ins_need, 3, (int)k);
			text(ins_need, 4, created_on);
			step(db, ins_need);
		}
	}
	sqlite3_finalize(ins);
	sqlite3_finalize(ins_need);

	/* The histories, in the order things happened, as the core would
	 * have written them. */
	struct timed *timeline = xmalloc(events * sizeof *timeline);
	size_t t = 0;
	for (size_t i = 0; i < count; i++)
		for (int e = 0; e < refs[i].nevents; e++) {
			timeline[t].referral = (unsigned)i;
			timeline[t].event = (unsigned char)e;
			timeline[t].day = refs[i].ev[e].day;
			timeline[t].second = refs[i].ev[e].second;
			t++;
		}
	qsort(timeline, events, sizeof *timeline, by_time);
	sqlite3_stmt *hist = prep(db,
		"INSERT INTO referral_history (referral, at, who, from_status, to_status,"
		" follow_up, note) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
	static const char *const event_notes[] = {
		NULL, NULL, "Spoke on the phone", "Went to the first session",
		"Left a voicemail", "Enjoying it", "Not for them after all",
	};
	for (size_t k = 0; k < events; k++) {
		const struct gen_referral *r = &refs[timeline[k].referral];
		const struct event *e = &r->ev[timeline[k].event];
		char at[TIMESTAMP_LEN], fu[DATE_LEN];
		at_text(e->day, e->second, at);
		sqlite3_bind_int64(hist, 1, (sqlite3_int64)timeline[k].referral + 1);
		text(hist, 2, at);
		text(hist, 3, workers[r->worker]);
		if (!e->first)
			text(hist, 4, referral_status_name(e->from));
		text(hist, 5, referral_status_name(e->to));
		if (e->follow_up >= 0) {
			day_text(e->follow_up, fu);
			text(hist, 6, fu);
		}
		const char *note = e->first ? NULL : event_notes[rng_below(sizeof event_notes /
									   sizeof event_notes[0])];
		if (note)
			text(hist, 7, note);
		step(db, hist);
	}
	sqlite3_finalize(hist);
	free(timeline);

	/* Wellbeing: a score at referral for some, and again at completion. */
	sqlite3_stmt *wb = prep(db,
		"INSERT INTO wellbeing (client, on_date, life_satisfaction, worthwhile,"
		" happiness, anxiety, worker, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)");
	size_t nwellbeing = 0;
	for (size_t i = 0; i < count; i++) {
		const struct gen_referral *r = &refs[i];
		if (!rng_chance(0.3))
			continue;
		int base[4] = { (int)rng_between(2, 7), (int)rng_between(2, 7),
				(int)rng_between(2, 7), (int)rng_between(3, 9) };
		const struct event *last = &r->ev[r->nevents - 1];
		int again = last->to == REFERRAL_COMPLETED;
		for (int round = 0; round <= again; round++) {
			long day = round ? last->day : r->created;
			int second = round ? last->second : r->ev[0].second;
			char cref[16], on[DATE_LEN], at[TIMESTAMP_LEN];
			client_ref(r->client, cref);
			day_text(day, on);
			at_text(day, second, at);
			text(wb, 1, cref);
			text(wb, 2, on);
			for (int s = 0; s < 4; s++) {
				int v = base[s] + (round ? (s == 3 ? -(int)rng_below(3) :
							   (int)rng_below(4)) : 0);
				sqlite3_bind_int(wb, 3 + s, v < 0 ? 0 : v > 10 ? 10 : v);
			}
			text(wb, 7, workers[r->worker]);
			text(wb, 8, at);
			step(db, wb);
			nwellbeing++;
		}
	}
	sqlite3_finalize(wb);

	/* Unmet needs: one for every twenty referrals, over the same years. */
	sqlite3_stmt *un = prep(db,
		"INSERT INTO unmet_need (id, locality, note, worker, created_at, created_on)"
		" VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
	sqlite3_stmt *un_need = prep(db,
		"INSERT INTO unmet_need_need (unmet, need) VALUES (?1, ?2)");
	size_t nunmet = count / 20;
	static const char *const unmet_notes[] = {
		NULL, "Nothing within a bus ride", "Only daytime groups; works shifts",
		"Wanted something in the evening", "Waiting lists everywhere",
		"No group for men of this age",
	};
	for (size_t i = 0; i < nunmet; i++) {
		double u = (double)i / (double)nunmet;
		long day = from + (long)((double)span * (sqrt(1.0 + 3.0 * u) - 1.0));
		char on[DATE_LEN], at[TIMESTAMP_LEN];
		day_text(day, on);
		at_text(day, 9 * 3600 + (int)rng_below(8 * 3600), at);
		sqlite3_bind_int64(un, 1, (sqlite3_int64)i + 1);
		if (rng_chance(0.9))
			text(un, 2, locality_ids[rng_below(nlocalities)]);
		const char *note = PICK(unmet_notes);
		if (note)
			text(un, 3, note);
		text(un, 4, workers[1 + zipf_draw(&worker_z)]);
		text(un, 5, at);
		text(un, 6, on);
		step(db, un);
		size_t n = rng_chance(0.3) ? 2 : 1;
		size_t first = zipf_draw(&need_z), second = zipf_draw(&need_z);
		for (size_t k = 0; k < n && !(k == 1 && second == first); k++) {
			sqlite3_bind_int64(un_need, 1, (sqlite3_int64)i + 1);
			text(un_need, 2, need_ids[k ? second : first]);
			step(db, un_need);
		}
	}
	sqlite3_finalize(un);
	sqlite3_finalize(un_need);

	if (store_commit(p, &err) < 0)
		die("%s", error_message(&err));
	if (store_exec(p, "PRAGMA optimize; PRAGMA wal_checkpoint(TRUNCATE)", &err) < 0)
		die("%s", error_message(&err));
	check_sample(p, count);
	store_close(p);
	printf("gen: %zu referrals (%zu open, %zu of them %s's), %zu history rows, "
	       "%zu wellbeing scores, %zu unmet needs\n", count, open, worker_open, worker,
	       events, nwellbeing, nunmet);

	for (size_t i = 0; i < nassets; i++) {
		free(assets[i].id);
		free(assets[i].name);
		for (int k = 0; k < assets[i].nneeds; k++)
			free(assets[i].needs[k]);
		free(assets[i].locality);
	}
	free(assets);
	for (size_t i = 0; i < nneeds; i++)
		free(need_ids[i]);
	free(need_ids);
	for (size_t i = 0; i < nlocalities; i++)
		free(locality_ids[i]);
	free(locality_ids);
	for (size_t w = 0; w < nworkers; w++)
		free(workers[w]);
	free(workers);
	free(refs);
	zipf_free(&asset_z);
	zipf_free(&need_z);
	zipf_free(&worker_z);
}

/* ---- Peak memory without GNU time -------------------------------------------- */

/* gen rusage OUT COMMAND...: runs COMMAND and writes "ELAPSED USER SYS
 * MAXRSS_KIB" to OUT, as `/usr/bin/time -f '%e %U %S %M'` would. */
static int rusage_of(const char *out, char **argv)
{
	struct timespec t0, t1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	pid_t pid = fork();
	if (pid < 0)
		die("cannot fork");
	if (pid == 0) {
		execvp(argv[0], argv);
		_exit(127);
	}
	int status;
	struct rusage ru;
	if (wait4(pid, &status, 0, &ru) < 0)
		die("cannot wait");
	clock_gettime(CLOCK_MONOTONIC, &t1);
	FILE *f = fopen(out, "w");
	if (!f)
		die("%s: cannot write", out);
	fprintf(f, "%.2f %.2f %.2f %ld\n",
		(double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9,
		(double)ru.ru_utime.tv_sec + (double)ru.ru_utime.tv_usec / 1e6,
		(double)ru.ru_stime.tv_sec + (double)ru.ru_stime.tv_usec / 1e6,
		ru.ru_maxrss);
	fclose(f);
	return WIFEXITED(status) ? WEXITSTATUS(status) : 1;
}

/* ---- The command line ------------------------------------------------------ */

static void usage(void)
{
	fprintf(stderr,
		"usage: %s yaml --taxonomy FILE [--assets N] [--seed S] --out DIR\n"
		"       %s referrals --db FILE [--referrals M] [--seed S] [--worker LOGIN]"
		" [--worker-open K]\n"
		"       %s rusage OUT COMMAND [ARGS...]\n", program, program, program);
	exit(2);
}

static size_t number(const char *s)
{
	char *end;
	unsigned long long v = strtoull(s, &end, 10);
	if (!*s || *end)
		die("'%s' is not a whole number", s);
	return (size_t)v;
}

int main(int argc, char **argv)
{
	if (argc < 2)
		usage();
	if (!strcmp(argv[1], "rusage")) {
		if (argc < 4)
			usage();
		return rusage_of(argv[2], argv + 3);
	}
	const char *taxonomy = NULL, *out = NULL, *db = NULL, *worker = "bench-lw";
	size_t assets = 200000, referrals = 1000000, worker_open = 2000;
	uint64_t seed = 1;
	for (int i = 2; i < argc; i++) {
		const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
		if (!v)
			usage();
		if (!strcmp(a, "--taxonomy"))
			taxonomy = v;
		else if (!strcmp(a, "--out"))
			out = v;
		else if (!strcmp(a, "--db"))
			db = v;
		else if (!strcmp(a, "--worker"))
			worker = v;
		else if (!strcmp(a, "--assets"))
			assets = number(v);
		else if (!strcmp(a, "--referrals"))
			referrals = number(v);
		else if (!strcmp(a, "--worker-open"))
			worker_open = number(v);
		else if (!strcmp(a, "--seed"))
			seed = number(v);
		else
			usage();
		i++;
	}
	/* Dates checked against "today" (verified dates) use the benchmark's. */
	setenv("SIGNPOST_TODAY", BENCH_TODAY, 1);
	rng_state = seed * 0x2545f4914f6cdd1dULL;
	if (!strcmp(argv[1], "yaml")) {
		if (!taxonomy || !out || !assets)
			usage();
		struct world w;
		memset(&w, 0, sizeof w);
		read_taxonomy(taxonomy, out, &w);
		make_places(&w);
		char *tax = NULL, *ass = NULL, *facts = NULL;
		if (asprintf(&tax, "%s/taxonomy.yaml", out) < 0 ||
		    asprintf(&ass, "%s/assets.yaml", out) < 0 ||
		    asprintf(&facts, "%s/facts.sh", out) < 0)
			die("out of memory");
		write_taxonomy(&w, tax);
		write_assets(&w, assets, ass, facts);
		printf("gen: %zu needs, %zu sectors, %zu towns, %zu neighbourhoods, "
		       "%zu assets\n", w.needs.count, w.sectors.count, w.ntowns, w.nhoods,
		       assets);
		free(tax);
		free(ass);
		free(facts);
		return 0;
	}
	if (!strcmp(argv[1], "referrals")) {
		if (!db || !referrals)
			usage();
		gen_referrals(db, referrals, worker, worker_open);
		return 0;
	}
	usage();
}
