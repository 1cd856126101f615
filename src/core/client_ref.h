/* client_ref: the guard on client references.  A referral names a
 * person only by a pseudonymous reference that their service gives
 * them; the directory must never hold who someone is.  So a reference
 * that is, or contains, an NHS number, an email address or a UK phone
 * number is refused, with the reason, and without repeating it back. */
#ifndef SIGNPOST_CLIENT_REF_H
#define SIGNPOST_CLIENT_REF_H

#include "core/error.h"

enum { CLIENT_REF_MAX = 32 };

/* 0 when ref is an acceptable reference: 1 to 32 letters, digits, '-'
 * and '_', and nothing that identifies a person.  Otherwise -1 with an
 * ERROR_INPUT that says why. */
int client_ref_check(const char *ref, struct error *err);

/* Whether the ten digits d[0..9] form a valid NHS number (modulus 11). */
int nhs_number_valid(const int d[10]);

#endif
