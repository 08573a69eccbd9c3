/* SPDX-License-Identifier: GPL-3.0-or-later */
/* See paths.h. */
#include "util/paths.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/util.h"

#ifndef UNKNOT_DATADIR
#define UNKNOT_DATADIR "/usr/local/share/unknot"
#endif

char *path_join(const char *dir, const char *name)
{
    size_t ld = strlen(dir);
    if (ld && dir[ld - 1] == '/')
        return xasprintf("%s%s", dir, name);
    return xasprintf("%s/%s", dir, name);
}

static char *xdg_dir(const char *var, const char *fallback)
{
    const char *v = getenv(var);
    if (v && v[0] == '/')
        return xstrdup(v);
    const char *home = getenv("HOME");
    if (!home || !*home)
        home = "/tmp";
    return xasprintf("%s/%s", home, fallback);
}

static char *data_dir_override;

void paths_set_data_dir(const char *dir)
{
    free(data_dir_override);
    data_dir_override = dir && *dir ? xstrdup(dir) : NULL;
}

char *paths_data_dir(void)
{
    if (data_dir_override)
        return xstrdup(data_dir_override);
    char *base = xdg_dir("XDG_DATA_HOME", ".local/share");
    char *p = path_join(base, "unknot");
    free(base);
    return p;
}

char *paths_config_file(void)
{
    char *base = xdg_dir("XDG_CONFIG_HOME", ".config");
    char *p = xasprintf("%s/unknot/config.ini", base);
    free(base);
    return p;
}

const char *paths_install_data_dir(void)
{
    return UNKNOT_DATADIR;
}

bool path_is_dir(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

bool path_is_file(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

static bool looks_like_tree(const char *dir)
{
    char *r = path_join(dir, "routines");
    char *m = path_join(dir, "Makefile");
    bool ok = path_is_dir(r) && path_is_file(m);
    free(r);
    free(m);
    return ok;
}

char *paths_source_tree(void)
{
    char exe[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n <= 0)
        return NULL;
    exe[n] = '\0';
    /* The binary sits at the top (./unknot) or one folder down (build). */
    for (int up = 0; up < 2; up++) {
        char *slash = strrchr(exe, '/');
        if (!slash)
            return NULL;
        *slash = '\0';
        if (looks_like_tree(exe))
            return xstrdup(exe);
    }
    return NULL;
}

int paths_mkdir_p(const char *path)
{
    char *p = xstrdup(path);
    for (char *s = p + 1; *s; s++) {
        if (*s != '/')
            continue;
        *s = '\0';
        if (mkdir(p, 0700) != 0 && errno != EEXIST) {
            free(p);
            return -1;
        }
        *s = '/';
    }
    int rc = mkdir(p, 0700);
    free(p);
    if (rc != 0 && errno != EEXIST)
        return -1;
    return path_is_dir(path) ? 0 : -1;
}
