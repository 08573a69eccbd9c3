/* SPDX-License-Identifier: GPL-3.0-or-later */
/* See atomic_file.h. */
#include "util/atomic_file.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/util.h"

FILE *atomic_file_open(struct atomic_file *af, const char *path, mode_t mode,
                       char **err)
{
    memset(af, 0, sizeof *af);
    *err = NULL;
    if (!strcmp(path, "-")) {
        af->f = stdout;
        af->path = xstrdup(path);
        return af->f;
    }
    af->path = xstrdup(path);
    const char *slash = strrchr(path, '/');
    char *dir = slash ? xstrndup(path, (size_t)(slash - path + 1))
                      : xstrdup("");
    af->tmp = xasprintf("%s.%s.XXXXXX", dir, slash ? slash + 1 : path);
    free(dir);
    int fd = mkstemp(af->tmp);
    if (fd < 0) {
        *err = xasprintf("%s: cannot write: %s", path, strerror(errno));
        free(af->tmp);
        free(af->path);
        memset(af, 0, sizeof *af);
        return NULL;
    }
    /* mkstemp makes it 0600; the caller says what it should be (health
     * data stays 0600, routines 0644). */
    (void)fchmod(fd, mode);
    af->f = fdopen(fd, "wb");
    if (!af->f) {
        *err = xasprintf("%s: cannot write: %s", path, strerror(errno));
        close(fd);
        unlink(af->tmp);
        free(af->tmp);
        free(af->path);
        memset(af, 0, sizeof *af);
    }
    return af->f;
}

int atomic_file_commit(struct atomic_file *af, char **err)
{
    *err = NULL;
    if (!af->f)
        return -1;
    int rc = 0;
    if (!af->tmp) {
        if (fflush(af->f) != 0 || ferror(af->f)) {
            *err = xasprintf("-: cannot write: %s", strerror(errno));
            rc = -1;
        }
        free(af->path);
        memset(af, 0, sizeof *af);
        return rc;
    }
    int e = 0;
    if (fflush(af->f) != 0 || ferror(af->f) || fsync(fileno(af->f)) != 0)
        e = errno ? errno : EIO;
    if (fclose(af->f) != 0 && !e)
        e = errno;
    af->f = NULL;
    if (!e && rename(af->tmp, af->path) != 0)
        e = errno;
    if (e) {
        unlink(af->tmp);
        *err = xasprintf("%s: cannot write: %s", af->path, strerror(e));
        rc = -1;
    }
    free(af->tmp);
    free(af->path);
    memset(af, 0, sizeof *af);
    return rc;
}

void atomic_file_abort(struct atomic_file *af)
{
    if (af->f && af->tmp) {
        fclose(af->f);
        unlink(af->tmp);
    }
    free(af->tmp);
    free(af->path);
    memset(af, 0, sizeof *af);
}
