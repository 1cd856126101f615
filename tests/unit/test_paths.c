#include <criterion/criterion.h>
Test(placeholder, paths) { cr_assert(1); }
