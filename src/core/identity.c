#include "config.h"

#include "core/identity.h"

#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

char *identity_login(void)
{
	uid_t uid = getuid();
	struct passwd *pw = getpwuid(uid);
	if (pw && pw->pw_name && *pw->pw_name)
		return strdup(pw->pw_name);
	char buf[32];
	snprintf(buf, sizeof buf, "uid-%lu", (unsigned long)uid);
	return strdup(buf);
}
