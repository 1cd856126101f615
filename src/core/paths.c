#include "config.h"

#include "core/paths.h"
#include "core/strbuf.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static char *xdg_dir(const char *var, const char *fallback, struct error *err)
{
	struct strbuf sb = STRBUF_INIT;
	const char *base = getenv(var);
	/* The XDG spec says a relative value is to be ignored. */
	if (base && base[0] == '/') {
		strbuf_puts(&sb, base);
	} else {
		const char *home = getenv("HOME");
		if (!home || home[0] != '/') {
			error_set(err, ERROR_NOT_FOUND,
				  "neither %s nor HOME is set: name the directory file "
				  "with --db or SIGNPOST_DB", var);
			return NULL;
		}
		strbuf_printf(&sb, "%s/%s", home, fallback);
	}
	strbuf_puts(&sb, "/signpost");
	char *s = strbuf_detach(&sb);
	if (!s)
		error_nomem(err);
	return s;
}

static char *join(const char *dir, const char *name, struct error *err)
{
	struct strbuf sb = STRBUF_INIT;
	strbuf_printf(&sb, "%s/%s", dir, name);
	char *s = strbuf_detach(&sb);
	if (!s)
		error_nomem(err);
	return s;
}

char *paths_data_dir(struct error *err)
{
	return xdg_dir("XDG_DATA_HOME", ".local/share", err);
}

char *paths_config_file(struct error *err)
{
	char *dir = xdg_dir("XDG_CONFIG_HOME", ".config", err);
	if (!dir)
		return NULL;
	char *path = join(dir, "config.yaml", err);
	free(dir);
	return path;
}

int paths_is_default(const char *option)
{
	const char *env = getenv("SIGNPOST_DB");
	return !(option && *option) && !(env && *env);
}

char *paths_directory_file(const char *option, struct error *err)
{
	const char *env = getenv("SIGNPOST_DB");
	const char *chosen = option && *option ? option : env && *env ? env : NULL;
	if (chosen) {
		char *s = strdup(chosen);
		if (!s)
			error_nomem(err);
		return s;
	}
	char *dir = paths_data_dir(err);
	if (!dir)
		return NULL;
	char *path = join(dir, "directory.db", err);
	free(dir);
	return path;
}

char *paths_personal_file(const char *directory_file)
{
	size_t n = strlen(directory_file);
	if (n > 3 && strcmp(directory_file + n - 3, ".db") == 0)
		n -= 3;
	struct strbuf sb = STRBUF_INIT;
	strbuf_add(&sb, directory_file, n);
	strbuf_puts(&sb, ".personal.db");
	return strbuf_detach(&sb);
}

int paths_make_parent(const char *path, struct error *err)
{
	char *copy = strdup(path);
	if (!copy)
		return error_nomem(err);
	char *slash = strrchr(copy, '/');
	if (!slash || slash == copy) {
		free(copy);
		return 0;
	}
	*slash = '\0';
	for (char *p = copy + 1;; p++) {
		char c = *p;
		if (c != '/' && c != '\0')
			continue;
		*p = '\0';
		if (mkdir(copy, 0700) < 0 && errno != EEXIST) {
			error_set(err, errno == EACCES ? ERROR_DENIED : ERROR_STORAGE,
				  "%s: cannot make the folder: %s", copy, strerror(errno));
			free(copy);
			return -1;
		}
		*p = c;
		if (c == '\0')
			break;
	}
	free(copy);
	return 0;
}
