/* Fuzzes the client-reference guard (src/core/client_ref.h).
 *
 * Input: the reference, as typed (cut at a NUL byte).
 *
 * Properties:
 * - an accepted reference is 1 to CLIENT_REF_MAX letters, digits, '-'
 *   and '_', has no '@', and holds no valid NHS number: no ten digits in
 *   a row (reading through '-' and '_', which people put between the
 *   groups) that pass the modulus 11 check;
 * - a refused one gets an ERROR_INPUT with a message, and the message
 *   never repeats a reference that holds ten or more digits. */
#include "config.h"

#include "tests/fuzz/fuzz.h"
#include "core/client_ref.h"
#include "core/error.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

/* The check is written out again here, from the NHS's definition, so
 * that a mistake in client_ref.c's own cannot hide itself. */
static int nhs_valid(const char *ten)
{
	int sum = 0;
	for (int i = 0; i < 9; i++)
		sum += (ten[i] - '0') * (10 - i);
	int check = 11 - sum % 11;
	if (check == 11)
		check = 0;
	return check != 10 && check == ten[9] - '0';
}

static int holds_nhs_number(const char *ref)
{
	size_t n = strlen(ref), k = 0;
	char *digits = malloc(n + 1);
	if (!digits)
		fuzz_fail("out of memory");
	int found = 0;
	for (size_t i = 0; i <= n && !found; i++) {
		char c = ref[i];
		if (c == '-' || c == '_')
			continue;
		if (c >= '0' && c <= '9') {
			digits[k++] = c;
			if (k >= 10 && nhs_valid(digits + k - 10))
				found = 1;
			continue;
		}
		k = 0;   /* anything else ends a run of digits */
	}
	free(digits);
	return found;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_setup();
	char *ref = fuzz_cstr(data, size);
	struct error err = ERROR_INIT;
	int rc = client_ref_check(ref, &err);
	size_t len = strlen(ref), ndigits = 0;
	for (size_t i = 0; i < len; i++)
		ndigits += ref[i] >= '0' && ref[i] <= '9';

	if (rc == 0) {
		FUZZ_CHECK(err.kind == ERROR_NONE, "accepted, with an error set");
		FUZZ_CHECK(len >= 1 && len <= CLIENT_REF_MAX,
			   "accepted a reference of %zu bytes", len);
		FUZZ_CHECK(!strchr(ref, '@'), "accepted a reference with an '@'");
		FUZZ_CHECK(!holds_nhs_number(ref), "accepted a reference that holds "
			   "a valid NHS number: \"%s\"", ref);
		for (size_t i = 0; i < len; i++)
			FUZZ_CHECK(isalnum((unsigned char)ref[i]) || ref[i] == '-' ||
				   ref[i] == '_', "accepted byte 0x%02x",
				   (unsigned char)ref[i]);
	} else {
		FUZZ_CHECK(rc == -1, "client_ref_check returned %d", rc);
		FUZZ_CHECK(err.kind == ERROR_INPUT && err.message,
			   "refused without an input error");
		FUZZ_CHECK(ndigits < 10 || !strstr(err.message, ref),
			   "the refusal repeats the reference back");
	}
	error_clear(&err);
	free(ref);
	return 0;
}
