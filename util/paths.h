/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Where Unknot keeps things, following the XDG base directory spec.
 * Every function returns a new string the caller frees.  Thread-safe.
 */
#ifndef UNKNOT_UTIL_PATHS_H
#define UNKNOT_UTIL_PATHS_H

#include <stdbool.h>

/* The data folder (history, the user's routines/): the one set with
 * paths_set_data_dir (the settings' [paths] data_dir), else
 * $XDG_DATA_HOME/unknot, else $HOME/.local/share/unknot. */
char *paths_data_dir(void);
/* Sets the data folder for the rest of the process (copied; NULL or ""
 * goes back to the XDG default).  Call it at start, before other threads
 * look (settings_load_for_app does). */
void paths_set_data_dir(const char *dir);
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
