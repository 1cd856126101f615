#include <criterion/criterion.h>
Test(placeholder, records) { cr_assert(1); }
