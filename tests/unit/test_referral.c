#include <criterion/criterion.h>
Test(placeholder, referral) { cr_assert(1); }
