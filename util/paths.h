/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Where Unknot keeps things, following the XDG base directory spec.
 * Every function returns a new string the caller frees.  Thread-safe.
 */
#ifndef UNKNOT_UTIL_PATHS_H
#define UNKNOT_UTIL_PATHS_H

#include <stdbool.h>

/* $XDG_DATA_HOME/unknot, else $HOME/.local/share/unknot. */
char *paths_data_dir(void);
/* $XDG_CONFIG_HOME/unknot/config.ini, else $HOME/.config/unknot/config.ini */
char *paths_config_file(void);
/* Installed data (routines, default settings): UNKNOT_DATADIR at build. */
const char *paths_install_data_dir(void);
/* The source tree's top folder when the running binary lives in one (it has
 * a routines/ folder and a Makefile beside it or one level up), else NULL. */
char *paths_source_tree(void);
char *path_join(const char *dir, const char *name);
/* mkdir -p with mode 0700 for new folders; 0 or -1 with errno set. */
int paths_mkdir_p(const char *path);
bool path_is_dir(const char *path);
bool path_is_file(const char *path);

#endif
