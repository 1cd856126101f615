#include <criterion/criterion.h>
Test(placeholder, export) { cr_assert(1); }
