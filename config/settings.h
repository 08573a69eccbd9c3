/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * User settings: every key, its default and its allowed range is defined
 * once, in config/settings.def (an X-macro table), which also generates the
 * commented default file config/unknot.ini and `unknot config`.
 *
 * Settings are read from $XDG_CONFIG_HOME/unknot/config.ini, or the file
 * given with --config.  Errors are "FILE:LINE: error: ..." diagnostics.
 * A struct settings is a plain value: copy it freely; not shared between
 * threads while being loaded.
 */
#ifndef UNKNOT_CONFIG_SETTINGS_H
#define UNKNOT_CONFIG_SETTINGS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "util/diag.h"

enum prompt_detail { DETAIL_CONCISE, DETAIL_DETAILED };

enum setting_source { SOURCE_DEFAULT, SOURCE_FILE, SOURCE_COMMAND_LINE };

/* One id per key, in settings.def order: SETTING_voice, SETTING_keymap...
 * Indexes source[] and source_line[], so a module that checks a value
 * further (the UI checks keymap names) can report the right line. */
enum setting_id {
#define SETTING(section, key, ...) SETTING_##key,
#include "config/settings.def"
#undef SETTING
    SETTING_COUNT
};

struct settings {
    char voice[64];           /* eSpeak NG voice; a routine's language wins */
    char language[32];        /* "system" or a code: util/i18n.h */
    int rate_wpm;             /* speech rate, words per minute */
    int volume;               /* 0..100 */
    char audio_output[16];    /* portaudio | wav | null */
    char output_device[128];  /* "" default, else a name or an index */
    char wav_file[256];       /* where the wav backend writes */
    bool voice_input;         /* listen for spoken answers */
    char input_device[128];
    bool fullscreen;
    double text_scale;
    int lead_in_s;            /* seconds to get into position */
    enum prompt_detail detail;
    int soreness_stop;        /* stop a region at soreness >= this */
    char data_dir[256];       /* "" = $XDG_DATA_HOME/unknot */
    char keymap[256];         /* extra key bindings, "key=command,..." */
    char patient_name[128];   /* "" = none: reports and exports omit it */
    char patient_id[64];      /* "" = none */
    /* Where each value came from, indexed like settings.def; filled by
     * settings_load. */
    enum setting_source source[32];
    char source_file[256];
    /* Line of the file each SOURCE_FILE value was read from. */
    int source_line[32];
    /* The settings file looked at, and whether it was there to read. */
    bool file_found;
};

/* Lines longer than this many bytes (not counting the line end) are
 * reported, never cut: Debian's inih silently splits longer lines. */
#define SETTINGS_MAX_LINE 197

/* Fills s with the built-in defaults. */
void settings_defaults(struct settings *s);
/* Loads `path` (or the default location when path is NULL) over the
 * defaults.  A missing default file is fine; a missing --config file is an
 * error.  Returns 0, or -1 when diags holds an error. */
int settings_load(struct settings *s, const char *path,
                  struct diag_list *diags);
/* Parses settings text held in memory over s; `name` is used in
 * diagnostics and as the source file.  Returns 0, or -1 when diags holds
 * an error.  Used by settings_load and by the fuzz target. */
int settings_load_string(struct settings *s, const char *text, size_t len,
                         const char *name, struct diag_list *diags);
/* What every command calls: defaults, then `config_path` (the global
 * --config option, unknot_config_path) or, when NULL, the default file.
 * Prints diagnostics to stderr.  Returns 0, or -1 on error (callers exit
 * with status 2). */
int settings_load_for_app(struct settings *s, const char *config_path);
/* Sets one key from the command line ("volume", "60"); the key may also be
 * written "speech.volume".  -1 on bad value or unknown key. ("volume", "60"); -1 on bad value. */
int settings_set(struct settings *s, const char *key, const char *value,
                 struct diag_list *diags);
/* Prints the effective settings and where each came from. */
void settings_print(const struct settings *s, FILE *out);
/* Writes the commented default file (config/unknot.ini is this output). */
void settings_write_defaults(FILE *out);
/* Writes the Markdown table of every key for docs/settings.md. */
void settings_write_markdown(FILE *out);
/* The data folder, resolved: data_dir with a leading ~/ expanded, or
 * $XDG_DATA_HOME/unknot when empty (caller frees). */
char *settings_data_dir(const struct settings *s);

#endif
