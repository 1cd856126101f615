/* report_text: a report as a person reads it on a screen: the header,
 * each table aligned in columns with its bars, its column chart or its
 * shading, how each figure is computed, and the notes.  The command line
 * prints it and the browser pages through it: one text, drawn alike. */
#ifndef SIGNPOST_REPORT_TEXT_H
#define SIGNPOST_REPORT_TEXT_H

#include "core/chart.h"
#include "core/error.h"
#include "core/report.h"

struct report_text_options {
	enum chart_style style;  /* blocks, or ASCII where the locale is not UTF-8 */
	int charts;              /* draw the bars, columns and shading */
	int width;               /* fit the tables to this many columns; 0: any */
};

/* The report (or its table with key only, when only is not NULL) as
 * lines of clean text, each ending in a line break.  Newly allocated. */
char *report_text(const struct report *r, const char *only,
		  const struct report_text_options *o, struct error *err);

#endif
