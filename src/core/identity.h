/* identity: who is using signpost, as the system knows them. */
#ifndef SIGNPOST_IDENTITY_H
#define SIGNPOST_IDENTITY_H

/* The login name of the real user (from the password database, not from
 * the environment, which anyone can set).  Newly allocated; NULL only
 * when out of memory. */
char *identity_login(void);

#endif
