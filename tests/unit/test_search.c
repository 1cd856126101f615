#include <criterion/criterion.h>
Test(placeholder, search) { cr_assert(1); }
