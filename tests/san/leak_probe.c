/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Sanitizer build only: proves the leak check still catches our own leaks
 * with tests/san/keep_modules.c and tests/san/lsan.supp in force.  It opens
 * and closes ALSA's default device (loading, with libasound2-plugins,
 * the PulseAudio plugin as `unknot devices` does), then, when given
 * "leak", loses a block of LEAK_PROBE_BYTES on purpose.  tests/cli/san.sh
 * expects exactly that one leak, named by this file, and nothing else.
 */
#include <alsa/asoundlib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define LEAK_PROBE_BYTES 4321

static void *keep;

int main(int argc, char **argv)
{
    snd_lib_error_set_handler(NULL);
    snd_pcm_t *pcm = NULL;
    int rc = snd_pcm_open(&pcm, "default", SND_PCM_STREAM_PLAYBACK,
                          SND_PCM_NONBLOCK);
    printf("alsa default: %s\n", rc == 0 ? "opened" : snd_strerror(rc));
    if (rc == 0)
        snd_pcm_close(pcm);
    snd_config_update_free_global();
    if (argc > 1 && !strcmp(argv[1], "leak")) {
        keep = malloc(LEAK_PROBE_BYTES);
        memset(keep, 1, LEAK_PROBE_BYTES);
        keep = NULL;    /* lost: the leak check must report it */
    }
    return 0;
}
