/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The command table.  Keep it in the order `unknot help` should list. */
#include <stddef.h>

#include "app/commands.h"
#include "util/i18n.h"

/* Each command's entry point, defined in app/cmd_<name>.c. */
int cmd_run(int argc, char **argv);
int cmd_show(int argc, char **argv);
int cmd_screen(int argc, char **argv);
int cmd_config(int argc, char **argv);
int cmd_check(int argc, char **argv);
int cmd_list(int argc, char **argv);
int cmd_history(int argc, char **argv);
int cmd_say(int argc, char **argv);
int cmd_devices(int argc, char **argv);
int cmd_listen(int argc, char **argv);
int cmd_screenshots(int argc, char **argv);
int cmd_home(int argc, char **argv);
int cmd_export(int argc, char **argv);
int cmd_report(int argc, char **argv);
int cmd_install_routine(int argc, char **argv);

const struct command unknot_commands[] = {
    { "home", N_("the home screen (the default with no command); with no "
      "display, the default routine in the terminal"), cmd_home },
    { "run", N_("run a routine in the terminal (--headless, --answers, "
      "--virtual-time, --transcript)"), cmd_run },
    { "show", N_("print a routine's timeline as the coach will speak it"),
      cmd_show },
    { "screen", N_("answer the health screening again; saved for the next "
      "sessions"), cmd_screen },
    { "config", N_("print the settings in effect and where each came from"),
      cmd_config },
    { "check", N_("check routine files: FILE:LINE: error: ... for each problem"),
      cmd_check },
    { "list", N_("list the routines by body region, with their length"),
      cmd_list },
    { "history", N_("recent sessions; --csv exports every answer for a "
      "therapist"), cmd_history },
    { "report", N_("a printable PDF report for a therapist: adherence, "
      "soreness charts, rules that fired"), cmd_report },
    { "export", N_("the history as a FHIR R4 Bundle (--fhir FILE.json)"),
      cmd_export },
    { "install-routine", N_("check routine files and install the good ones "
      "into your routine folder"), cmd_install_routine },
    { "say", N_("speak a line to check the voice and volume; --wav FILE "
      "writes it to a file"), cmd_say },
    { "devices", N_("list the audio output and input devices"), cmd_devices },
    { "listen", N_("print the words the microphone hears, with confidence; "
      "--wav FILE checks a recording, --expect yes-no|scale|reason|command"),
      cmd_listen },
    { "screenshots", N_("write every screen as BMP images into DIR, for "
      "review"), cmd_screenshots },
    { NULL, NULL, NULL },
};
