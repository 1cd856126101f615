/* paths: where signpost keeps its files.
 *
 * The directory file is named by --db, else SIGNPOST_DB, else
 * $XDG_DATA_HOME/signpost/directory.db.  The personal-data file (the
 * referrals) sits next to it, its name derived from the directory's:
 * "NAME.db" -> "NAME.personal.db", and any other "NAME" ->
 * "NAME.personal.db", so two directories in one folder never share one. */
#ifndef SIGNPOST_PATHS_H
#define SIGNPOST_PATHS_H

#include "core/error.h"

/* $XDG_DATA_HOME/signpost, or ~/.local/share/signpost. */
char *paths_data_dir(struct error *err);
/* $XDG_CONFIG_HOME/signpost/config.yaml, or ~/.config/signpost/... */
char *paths_config_file(struct error *err);

/* The directory file: option (may be NULL), else SIGNPOST_DB, else the
 * default under the data folder. */
char *paths_directory_file(const char *option, struct error *err);
/* Whether the directory file came from the default location, which
 * signpost may create folders for. */
int paths_is_default(const char *option);

char *paths_personal_file(const char *directory_file);

/* Makes the folder that will hold path (and its parents), 0700. */
int paths_make_parent(const char *path, struct error *err);

#endif
