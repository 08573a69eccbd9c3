/* SPDX-License-Identifier: GPL-3.0-or-later */
/* See voices.h. */
#include "audio/voices.h"

#include <dirent.h>
#include <glob.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "util/paths.h"
#include "util/util.h"

static bool search(const char *dir, const char *id, int depth)
{
    DIR *d = opendir(dir);
    if (!d)
        return false;
    bool found = false;
    struct dirent *e;
    while (!found && (e = readdir(d))) {
        if (e->d_name[0] == '.')
            continue;
        char *p = path_join(dir, e->d_name);
        if (path_is_dir(p))
            found = depth < 4 && search(p, id, depth + 1);
        else
            found = !strcasecmp(e->d_name, id);
        free(p);
    }
    closedir(d);
    return found;
}

static char *data_dir(void)
{
    const char *env = getenv("ESPEAK_DATA_PATH");
    if (env && *env) {
        char *p = path_join(env, "espeak-ng-data");
        if (path_is_dir(p))
            return p;
        free(p);
    }
    glob_t g;
    char *found = NULL;
    if (glob("/usr/lib/*/espeak-ng-data", 0, NULL, &g) == 0) {
        for (size_t i = 0; i < g.gl_pathc && !found; i++)
            if (path_is_dir(g.gl_pathv[i]))
                found = xstrdup(g.gl_pathv[i]);
        globfree(&g);
    }
    if (found)
        return found;
    static const char *const dirs[] = {
        "/usr/share/espeak-ng-data", "/usr/local/share/espeak-ng-data",
    };
    for (size_t i = 0; i < ARRAY_LEN(dirs); i++)
        if (path_is_dir(dirs[i]))
            return xstrdup(dirs[i]);
    return NULL;
}

int voices_have(const char *id)
{
    if (!id || !*id)
        return 0;
    char *dir = data_dir();
    if (!dir)
        return -1;
    char *lang = path_join(dir, "lang");
    int rc = path_is_dir(lang) ? search(lang, id, 0) : -1;
    free(lang);
    free(dir);
    return rc;
}
