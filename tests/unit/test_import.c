#include <criterion/criterion.h>
Test(placeholder, import) { cr_assert(1); }
