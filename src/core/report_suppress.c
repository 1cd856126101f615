/* report_suppress: small-number suppression for exports.
 *
 * Why: a count of 1 to 4 people in a small place or a rare need can be
 * enough to tell who someone is, and referral data is health data.  So
 * an export writes such a count as "<5".  Hiding the cell is not
 * enough when a total is shown beside it: the total minus the others
 * gives it back.  So, line by line (a list and its total, a matrix's
 * rows and columns, a path's steps), we check what someone holding the
 * export could work out, and hide more until they cannot.
 *
 * What they know: a "<5" is 1, 2, 3 or 4; a "*" (hidden here to
 * protect another) is 5 or more, for only counts above 4 are chosen
 * for it; a 0 is shown, as it tells nothing about anyone.  In a line
 * whose total is shown, the hidden parts add up to S = total - the
 * shown parts.  With p parts "<5" and q parts "*", one "<5" part a is
 * S - (the others), so
 *   a >= S - 4(p - 1)        when q = 0 (the others at most 4 each),
 *   a <= S - (p - 1) - 5q    (the others at least 1 or 5 each).
 * The line is safe when that still leaves a every value from 1 to 4:
 *   S - (p - 1) - 5q >= 4, and, when q = 0, S - 4(p - 1) <= 1.
 * Otherwise the smallest shown part above 0 is hidden too, or the total
 * when none is left; and again, over every line, link and derived
 * figure, until nothing changes.
 *
 * A hidden figure is not always unknown: when every other figure of a
 * line is known, it is the total less the others (or the sum of the
 * parts), and that can chain from line to line.  So before the check,
 * what can be worked out this way counts as known: a "<5" that can be
 * is hidden in vain, and a hidden total that can be is no protection;
 * then the line that gives it away has another figure hidden.
 *
 * This checks lines, and chains of them, as statistical offices'
 * cell-suppression rules do; it does not solve every line of a matrix
 * at once (that needs linear programming, as tau-argus does), which is
 * why the margins of a matrix are lines too. */
#include "config.h"

#include "core/report.h"

#include <stddef.h>
#include <stdlib.h>

/* Which cells someone holding the export can know, table by table. */
struct known {
	unsigned char **cell;
	size_t ntable;
};

static struct report_cell *cell_of(struct report *r, struct report_ref ref)
{
	if (ref.table >= r->ntable)
		return NULL;
	struct report_table *t = r->table[ref.table];
	return ref.cell < t->nrow * t->ncol ? &t->cell[ref.cell] : NULL;
}

static unsigned char *known_of(struct known *k, struct report_ref ref)
{
	static unsigned char yes = 1;
	return ref.table < k->ntable && k->cell[ref.table] ? &k->cell[ref.table][ref.cell] : &yes;
}

static int hidden(const struct report_cell *c)
{
	return c && (c->state == REPORT_SMALL || c->state == REPORT_HIDDEN);
}

static void hide(struct report_cell *c)
{
	c->state = c->value >= 1 && c->value <= 4 ? REPORT_SMALL : REPORT_HIDDEN;
}

/* Marks what is shown as known, then what lines and links give away,
 * until nothing more can be worked out. */
static void work_out(struct report *r, struct known *k)
{
	for (size_t ti = 0; ti < r->ntable; ti++) {
		struct report_table *t = r->table[ti];
		for (size_t i = 0; i < t->nrow * t->ncol; i++)
			k->cell[ti][i] = !hidden(&t->cell[i]);
	}
	int changed;
	do {
		changed = 0;
		for (size_t i = 0; i < r->nline; i++) {
			const struct report_line *l = &r->line[i];
			unsigned char *unknown = NULL;
			size_t count = 0;
			if (!*known_of(k, l->total)) {
				unknown = known_of(k, l->total);
				count++;
			}
			for (size_t p = 0; p < l->nparts && count < 2; p++)
				if (!*known_of(k, l->part[p])) {
					unknown = known_of(k, l->part[p]);
					count++;
				}
			if (count == 1) {
				*unknown = 1;
				changed = 1;
			}
		}
		for (size_t i = 0; i < r->nlink; i++) {
			unsigned char *a = known_of(k, r->link[i].a), *b = known_of(k, r->link[i].b);
			if (*a != *b) {
				*a = *b = 1;
				changed = 1;
			}
		}
	} while (changed);
}

/* Whether the line lets a hidden count of 1 to 4 be worked out, or
 * narrowed to fewer than its four values (see the top of the file). */
static int line_unsafe(struct report *r, struct known *k, const struct report_line *l)
{
	const struct report_cell *total = cell_of(r, l->total);
	if (!total || !*known_of(k, l->total))
		return 0;
	if (total->state == REPORT_SMALL)
		return 1;
	long p = 0, q = 0;
	double s = 0;
	for (size_t i = 0; i < l->nparts; i++) {
		const struct report_cell *c = cell_of(r, l->part[i]);
		if (!hidden(c))
			continue;
		int is_known = *known_of(k, l->part[i]);
		if (c->state == REPORT_SMALL && is_known)
			return 1;
		if (is_known)
			continue;
		if (c->state == REPORT_SMALL)
			p++;
		else
			q++;
		s += c->value;
	}
	if (p == 0)
		return 0;
	if (s - (double)(p - 1) - 5.0 * (double)q < 4)
		return 1;
	if (q == 0 && s - 4.0 * (double)(p - 1) > 1)
		return 1;
	return 0;
}

/* The smallest figure above 0 still shown among the line's members
 * (its parts first, then its total), leaving out skip. */
static struct report_cell *smallest_shown(struct report *r, const struct report_line *l,
					  const struct report_cell *skip)
{
	struct report_cell *best = NULL;
	for (size_t i = 0; i < l->nparts; i++) {
		struct report_cell *c = cell_of(r, l->part[i]);
		if (c && c != skip && c->state == REPORT_SHOWN && c->value > 0 &&
		    (!best || c->value < best->value))
			best = c;
	}
	struct report_cell *t = cell_of(r, l->total);
	if (!best && t && t != skip && t->state == REPORT_SHOWN && t->value > 0)
		best = t;
	return best;
}

static int in_line(const struct report_line *l, struct report_ref ref)
{
	if (l->total.table == ref.table && l->total.cell == ref.cell)
		return 1;
	for (size_t i = 0; i < l->nparts; i++)
		if (l->part[i].table == ref.table && l->part[i].cell == ref.cell)
			return 1;
	return 0;
}

/* Hides one more figure so that an unsafe line is safe, or nearer it.
 * Returns 0 when there was nothing left to hide. */
static int protect(struct report *r, const struct report_line *l)
{
	struct report_cell *c = smallest_shown(r, l, NULL);
	if (c) {
		hide(c);
		return 1;
	}
	/* The total is hidden, yet can be worked out from another line (or
	 * through a link): hide a figure of that one. */
	struct report_cell *total = cell_of(r, l->total);
	for (size_t i = 0; i < r->nline; i++) {
		const struct report_line *other = &r->line[i];
		if (other == l || !in_line(other, l->total))
			continue;
		if ((c = smallest_shown(r, other, total))) {
			hide(c);
			return 1;
		}
	}
	for (size_t i = 0; i < r->nlink; i++) {
		struct report_cell *a = cell_of(r, r->link[i].a), *b = cell_of(r, r->link[i].b);
		if ((a == total && b && b->state == REPORT_SHOWN) ||
		    (b == total && a && a->state == REPORT_SHOWN)) {
			hide(a == total ? b : a);
			return 1;
		}
	}
	/* Worked out along a longer chain: hide the smallest figure shown in
	 * any line.  Crude, but it always gets there. */
	struct report_cell *best = NULL;
	for (size_t i = 0; i < r->nline; i++)
		if ((c = smallest_shown(r, &r->line[i], NULL)) && (!best || c->value < best->value))
			best = c;
	if (best) {
		hide(best);
		return 1;
	}
	return 0;
}

static int hide_derived(struct report_table *t)
{
	int changed = 0;
	size_t n = t->nrow * t->ncol;
	for (size_t i = 0; i < n; i++) {
		struct report_cell *c = &t->cell[i];
		if (c->state != REPORT_SHOWN)
			continue;
		int statistic = t->col[i % t->ncol].flags & REPORT_COL_STATISTIC;
		for (int d = 0; d < 3; d++) {
			const struct report_cell *dep = c->dep[d] >= 0 && (size_t)c->dep[d] < n
				? &t->cell[c->dep[d]] : NULL;
			if (dep && (statistic ? dep->state == REPORT_SMALL : hidden(dep))) {
				c->state = REPORT_HIDDEN;
				changed = 1;
				break;
			}
		}
	}
	return changed;
}

static int personal_count(const struct report_table *t, size_t i)
{
	const struct report_column *col = &t->col[i % t->ncol];
	return col->kind == REPORT_COUNT && (col->flags & REPORT_COL_PERSONAL);
}

void report_suppress(struct report *r)
{
	if (r->suppression == REPORT_NOTHING_PERSONAL)
		return;
	/* 1. Counts of 1 to 4. */
	size_t cells = 0;
	for (size_t ti = 0; ti < r->ntable; ti++) {
		struct report_table *t = r->table[ti];
		cells += t->nrow * t->ncol;
		for (size_t i = 0; i < t->nrow * t->ncol; i++)
			if (personal_count(t, i) && t->cell[i].state == REPORT_SHOWN &&
			    t->cell[i].value >= 1 && t->cell[i].value <= 4)
				t->cell[i].state = REPORT_SMALL;
	}
	struct known k = { calloc(r->ntable ? r->ntable : 1, sizeof *k.cell), r->ntable };
	int failed = !k.cell;
	for (size_t ti = 0; !failed && ti < r->ntable; ti++) {
		size_t n = r->table[ti]->nrow * r->table[ti]->ncol;
		failed = !(k.cell[ti] = calloc(n ? n : 1, 1));
	}
	/* 2 and 3, until nothing changes.  Each round hides one more cell,
	 * so this ends; the bound is only a guard. */
	for (size_t round = 0; !failed && round <= cells; round++) {
		int changed = 0;
		for (size_t i = 0; i < r->nlink; i++) {
			struct report_cell *a = cell_of(r, r->link[i].a);
			struct report_cell *b = cell_of(r, r->link[i].b);
			if (!a || !b || hidden(a) == hidden(b))
				continue;
			struct report_cell *shown = hidden(a) ? b : a;
			shown->state = (hidden(a) ? a : b)->state;
			changed = 1;
		}
		for (size_t ti = 0; ti < r->ntable; ti++)
			changed |= hide_derived(r->table[ti]);
		if (changed)
			continue;
		work_out(r, &k);
		for (size_t i = 0; i < r->nline && !changed; i++)
			if (line_unsafe(r, &k, &r->line[i]) && protect(r, &r->line[i]))
				changed = 1;
		if (!changed)
			break;
	}
	if (failed) {
		/* Out of memory: hide every count of people above 0, which is
		 * safe if crude. */
		for (size_t ti = 0; ti < r->ntable; ti++) {
			struct report_table *t = r->table[ti];
			for (size_t i = 0; i < t->nrow * t->ncol; i++)
				if (personal_count(t, i) && t->cell[i].state == REPORT_SHOWN &&
				    t->cell[i].value > 0)
					hide(&t->cell[i]);
			hide_derived(t);
		}
	}
	for (size_t ti = 0; k.cell && ti < r->ntable; ti++)
		free(k.cell[ti]);
	free(k.cell);
	r->suppression = REPORT_SUPPRESSED;
}
