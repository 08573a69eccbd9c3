/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * unknot say [OPTIONS] TEXT...    speaks a line, to check the voice and the
 *                                 volume on a new set-up
 *   --wav FILE      write it to a WAV file instead (as fast as possible)
 *   --realtime      with --wav: take as long as the speech does
 *   --voice V  --rate WPM  --volume N  --device D  --output BACKEND
 * Defaults come from the settings.  With no sound device it says so once
 * and prints the text instead.
 */
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/cmd_opts.h"
#include "app/commands.h"
#include "audio/audio.h"
#include "config/settings.h"
#include "util/util.h"
#include "util/i18n.h"

int cmd_say(int argc, char **argv);

static void say_usage(FILE *out)
{
    fputs(_("usage: unknot say [--voice V] [--rate WPM] [--volume N]\n"
          "                  [--device NAME|INDEX] [--output BACKEND]\n"
          "                  [--wav FILE [--realtime]] TEXT...\n\n"
          "Speaks TEXT through the output in the settings (PortAudio by\n"
          "default), to check the voice and the volume.  --wav writes the\n"
          "sound to a WAV file instead, as fast as it is synthesised (or in\n"
          "real time with --realtime).  Options override the settings;\n"
          "`unknot devices` lists the devices.\n"), out);
}

static int int_option(const char *name, const char *v, long lo, long hi,
                      int *out)
{
    long n;
    if (!v || !str_to_int(v, &n) || n < lo || n > hi) {
        fprintf(stderr, _("unknot say: %s needs a number from %ld to %ld\n"),
                name, lo, hi);
        return -1;
    }
    *out = (int)n;
    return 0;
}

int cmd_say(int argc, char **argv)
{
    enum { O_WAV = 1, O_REALTIME, O_VOICE, O_DEVICE, O_OUTPUT, O_RATE,
           O_VOLUME };
    static const struct option longopts[] = {
        { "wav", required_argument, NULL, O_WAV },
        { "realtime", no_argument, NULL, O_REALTIME },
        { "voice", required_argument, NULL, O_VOICE },
        { "device", required_argument, NULL, O_DEVICE },
        { "output", required_argument, NULL, O_OUTPUT },
        { "rate", required_argument, NULL, O_RATE },
        { "volume", required_argument, NULL, O_VOLUME },
        CMD_OPTS_COMMON,
    };
    /* The options override the settings, which --config (anywhere) names:
     * collect them first, load the settings, then apply them. */
    const char *wav = NULL, *voice = NULL, *device = NULL, *output = NULL;
    const char *rate = NULL, *volume = NULL;
    bool realtime = false;
    struct cmd_opts op;
    cmd_opts_begin(&op, "say", argc, argv, "", longopts);
    int c;
    while ((c = cmd_opts_next(&op)) != -1) {
        switch (c) {
        case 'h': say_usage(stdout); return EXIT_DONE;
        case O_WAV: wav = op.arg; break;
        case O_REALTIME: realtime = true; break;
        case O_VOICE: voice = op.arg; break;
        case O_DEVICE: device = op.arg; break;
        case O_OUTPUT: output = op.arg; break;
        case O_RATE: rate = op.arg; break;
        case O_VOLUME: volume = op.arg; break;
        default: say_usage(stderr); return EXIT_USAGE;
        }
    }
    struct settings s;
    if (settings_load_for_app(&s, unknot_config_path) != 0)
        return EXIT_USAGE;
    struct audio_options o = {
        .backend = s.audio_output,
        .device = s.output_device,
        .wav_path = s.wav_file,
        .voice = s.voice,
        .rate_wpm = s.rate_wpm,
        .volume = s.volume,
    };
    if (output)
        o.backend = output;
    if (wav) {
        o.backend = "wav";
        o.wav_path = wav;
    }
    o.wav_realtime = realtime;
    if (voice)
        o.voice = voice;
    if (device)
        o.device = device;
    if ((rate && int_option("--rate", rate, 80, 450, &o.rate_wpm) < 0) ||
        (volume && int_option("--volume", volume, 0, 100, &o.volume) < 0)) {
        say_usage(stderr);
        return EXIT_USAGE;
    }
    size_t textlen = 0;
    char *text = xstrdup("");
    int i = op.first;
    for (; i < argc; i++) {
        size_t n = strlen(argv[i]);
        text = xrealloc(text, textlen + n + 2);
        if (textlen)
            text[textlen++] = ' ';
        memcpy(text + textlen, argv[i], n + 1);
        textlen += n;
    }
    if (!textlen) {
        fprintf(stderr, _("unknot say: nothing to say\n"));
        goto usage;
    }
    if (!utf8_valid(text, textlen, NULL)) {
        fprintf(stderr, _("unknot say: the text is not valid UTF-8\n"));
        free(text);
        return EXIT_USAGE;
    }

    char *err = NULL;
    struct audio *a = audio_open(&o, &err);
    if (!a) {
        fprintf(stderr, "unknot say: %s\n", err);
        free(err);
        free(text);
        return EXIT_USAGE;
    }
    if (!audio_has_device(a) && strcmp(o.backend, "wav") != 0)
        printf("%s\n", text);
    int rc = EXIT_DONE;
    long ms = audio_speech_ms(text, o.voice, o.rate_wpm);
    if (audio_say(a, text, 1) < 0) {
        rc = EXIT_RUNTIME;
    } else {
        /* Bounded: the spoken length, with room for a slow start. */
        long long end = util_now_ms() + (ms > 0 ? ms : 0) * 2 + 10000;
        uint32_t id;
        bool done = false;
        while (!done && util_now_ms() < end) {
            struct pollfd p = { audio_event_fd(a), POLLIN, 0 };
            poll(&p, 1, 200);
            while (audio_poll_done(a, &id))
                done = done || id == 1;
        }
        if (!done) {
            fprintf(stderr, _("unknot say: the audio output did not finish\n"));
            rc = EXIT_RUNTIME;
        }
    }
    audio_close(a);
    free(text);
    return rc;
usage:
    say_usage(stderr);
    free(text);
    return EXIT_USAGE;
}
