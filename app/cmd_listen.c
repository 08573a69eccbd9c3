/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * unknot listen [--wav FILE] [--device D] [--expect CONTEXT]
 *
 * Prints each word the listener recognises with its confidence, to set up
 * a microphone (or, with --wav, to check a recording through the same
 * detector and recogniser).  Rejected words are shown too, marked, since
 * seeing them is how one finds a microphone too quiet or a room too loud.
 * Runs until Ctrl-C, or the end of the file.
 */
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/cmd_opts.h"
#include "app/commands.h"
#include "audio/listen.h"
#include "config/settings.h"
#include "util/util.h"
#include "util/i18n.h"

int cmd_listen(int argc, char **argv);

static volatile sig_atomic_t interrupted;

static void on_sigint(int sig)
{
    (void)sig;
    interrupted = 1;
}

static long long zero_clock(void *user)
{
    (void)user;
    return 0;
}

static void usage(FILE *out)
{
    fprintf(out,
            _("usage: unknot listen [--wav FILE] [--device D] "
            "[--expect CONTEXT]\n\n"
            "Prints what the microphone hears: each word of the vocabulary "
            "(zero to ten,\nyes, no, stop, pause, resume, next, skip, "
            "repeat) with its confidence.\nWords below the rejection "
            "threshold are shown as rejected; answers below\nthe "
            "confirmation threshold would be confirmed by the coach.\n\n"
            "  --wav FILE   run a recording (16-bit PCM WAV) through the "
            "same pipeline\n"
            "  --device D   input device name or index (default: "
            "input_device setting;\n"
            "               'unknot devices' lists them)\n"
            "  --expect C   listen as the coach does while waiting for: "
            "yes-no (yes, no),\n"
            "               scale (zero to ten), reason (the stop reason: "
            "zero to four,\n"
            "               done, tingling, numbness, sharp, dizzy, chest, "
            "breathless)\n"
            "               or command (commands only); the commands are "
            "heard in each.\n"
            "               Default: all, every word but the reasons.\n"));
}

static void print_heard(const struct heard *h, long long t0)
{
    if (h->kind == HEARD_INTERRUPT)
        return;     /* no echo reference here: never happens */
    printf("%7.2f s  %-7s confidence %.2f%s\n",
           (double)(h->start_ms - t0) / 1000.0, h->word, h->confidence,
           h->rejected ? "  (rejected: not taken as an answer)"
           : h->low_confidence && h->kind != HEARD_COMMAND ?
           "  (would be confirmed)" : "");
    fflush(stdout);
}

int cmd_listen(int argc, char **argv)
{
    const char *wav = NULL, *device = NULL;
    enum listen_context ctx = LISTEN_CTX_ALL;
    enum { O_WAV = 1, O_DEVICE, O_EXPECT };
    static const struct option longopts[] = {
        { "wav", required_argument, NULL, O_WAV },
        { "device", required_argument, NULL, O_DEVICE },
        { "expect", required_argument, NULL, O_EXPECT },
        CMD_OPTS_COMMON,
    };
    struct cmd_opts op;
    cmd_opts_begin(&op, "listen", argc, argv, "", longopts);
    int c;
    while ((c = cmd_opts_next(&op)) != -1) {
        switch (c) {
        case 'h': usage(stdout); return EXIT_DONE;
        case O_WAV: wav = op.arg; break;
        case O_DEVICE: device = op.arg; break;
        case O_EXPECT:
            if (!listen_context_parse(op.arg, &ctx)) {
                fprintf(stderr, _("unknot listen: --expect '%s': use yes-no, "
                        "scale, reason, command or all\n"), op.arg);
                return EXIT_USAGE;
            }
            break;
        default: usage(stderr); return EXIT_USAGE;
        }
    }
    if (op.first < argc) {
        fprintf(stderr, _("unknot listen: unexpected argument '%s'\n"),
                argv[op.first]);
        usage(stderr);
        return EXIT_USAGE;
    }
    struct settings s;
    if (settings_load_for_app(&s, unknot_config_path) != 0)
        return EXIT_USAGE;
    struct listener_options o = {
        .backend = wav ? "wav" : "portaudio",
        .wav_path = wav,
        .device = device ? device : s.input_device,
        .report_rejected = true,
        /* A recording's clock starts at 0, so times are file offsets. */
        .now_ms = wav ? zero_clock : NULL,
        .context = ctx,
    };
    char *err = NULL;
    struct listener *l = listener_open(&o, &err);
    if (!l) {
        fprintf(stderr, "unknot listen: %s\n", err);
        free(err);
        return wav ? EXIT_USAGE : EXIT_RUNTIME;
    }
    if (!listener_has_input(l)) {
        fprintf(stderr, _("unknot listen: no microphone to listen to; check "
                "'unknot devices', or try --wav FILE\n"));
        listener_close(l);
        return EXIT_RUNTIME;
    }
    long long t0 = 0;
    struct heard h;
    int count = 0;
    if (wav) {
        for (;;) {
            if (listener_poll(l, &h)) {
                print_heard(&h, 0);
                count++;
            } else if (listener_at_end(l)) {
                break;
            }
        }
    } else {
        t0 = util_now_ms();
        signal(SIGINT, on_sigint);
        printf(_("Listening (%s); say a number, yes, no or a command.  "
               "Ctrl-C ends.\n"), listen_context_name(ctx));
        fflush(stdout);
        struct pollfd p = { .fd = listener_event_fd(l), .events = POLLIN };
        while (!interrupted) {
            poll(&p, 1, 200);
            while (listener_poll(l, &h)) {
                print_heard(&h, t0);
                count++;
            }
        }
    }
    if (wav && count == 0)
        printf(_("nothing heard\n"));
    listener_close(l);
    return EXIT_DONE;
}
