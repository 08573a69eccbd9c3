/* SPDX-License-Identifier: GPL-3.0-or-later */
/* See speech.h. */
#include "audio/speech.h"

#include <pthread.h>
#include <string.h>

#include <espeak-ng/speak_lib.h>

#include "audio/audio.h"
#include "util/log.h"

static pthread_mutex_t speech_mutex = PTHREAD_MUTEX_INITIALIZER;
static int sample_rate;             /* 0 before init, <0 after a failure */
static char current_voice[64];      /* "" when unknown */
static int current_rate;

struct job {
    speech_sink_fn sink;
    void *user;
    bool stopped;
};

/* eSpeak NG has one global callback; each synthesis passes its job as the
 * user data of its events, so this just forwards. */
static int speech_callback(short *wav, int n, espeak_EVENT *ev)
{
    struct job *job = ev ? ev->user_data : NULL;
    if (!job || job->stopped)
        return 1;
    if (wav && n > 0 && job->sink((const int16_t *)wav, (size_t)n, job->user))
        job->stopped = true;
    return job->stopped ? 1 : 0;
}

static int init_locked(const char **msg)
{
    if (sample_rate == 0) {
        /* 20 ms blocks: the first samples reach the ring soon after the
         * request, which is what the latency target is about. */
        int r = espeak_Initialize(AUDIO_OUTPUT_SYNCHRONOUS, 20, NULL,
                                  espeakINITIALIZE_DONT_EXIT);
        /* A data folder without data returns 0, not -1 (platform notes). */
        sample_rate = r > 0 ? r : -1;
        if (r > 0)
            espeak_SetSynthCallback(speech_callback);
        else
            log_msg(LOG_ERROR, "audio", "eSpeak NG failed to start (%d): "
                    "is espeak-ng-data installed?", r);
    }
    if (sample_rate < 0 && msg)
        *msg = "eSpeak NG failed to start; is espeak-ng-data installed?";
    return sample_rate;
}

int speech_init(const char **msg)
{
    pthread_mutex_lock(&speech_mutex);
    int r = init_locked(msg);
    pthread_mutex_unlock(&speech_mutex);
    return r;
}

int speech_rate(void)
{
    return speech_init(NULL);
}

static int set_voice_locked(const char *voice)
{
    if (!voice || !*voice)
        voice = "en";
    if (!strcmp(voice, current_voice))
        return 0;
    if (strlen(voice) >= sizeof current_voice)
        return AUDIO_ERR_VOICE;
    if (espeak_SetVoiceByName(voice) != EE_OK) {
        /* eSpeak may have half-switched: force a re-select next time. */
        current_voice[0] = '\0';
        return AUDIO_ERR_VOICE;
    }
    strcpy(current_voice, voice);
    return 0;
}

int speech_check_voice(const char *voice)
{
    pthread_mutex_lock(&speech_mutex);
    int r = init_locked(NULL) > 0 ? set_voice_locked(voice) : AUDIO_ERR_SYNTH;
    pthread_mutex_unlock(&speech_mutex);
    return r;
}

int speech_synth(const char *text, const char *voice, int rate_wpm,
                 speech_sink_fn sink, void *user)
{
    int r = 0;
    pthread_mutex_lock(&speech_mutex);
    if (init_locked(NULL) <= 0) {
        r = AUDIO_ERR_SYNTH;
        goto out;
    }
    if ((r = set_voice_locked(voice)) < 0)
        goto out;
    if (rate_wpm != current_rate) {
        espeak_SetParameter(espeakRATE, rate_wpm, 0);
        current_rate = rate_wpm;
    }
    struct job job = { .sink = sink, .user = user };
    /* eSpeak NG 1.51 (Debian 12's) can read on past the end of a word in
     * its own clause buffer, up the stack, until it meets a space (its
     * MatchRule; Spanish words ending in -s, "calves" read by the Spanish
     * voice).  On a thread with a shallow stack that walk left the mapping
     * and crashed the synthesis thread.  A run of spaces in this frame,
     * above all of eSpeak NG's, ends such a walk here. */
    char stop_walk[1024];
    memset(stop_walk, ' ', sizeof stop_walk);
    __asm__ volatile("" : : "r"(stop_walk) : "memory");
    espeak_ERROR e = espeak_Synth(text, strlen(text) + 1, 0, POS_CHARACTER,
                                  0, espeakCHARS_UTF8, NULL, &job);
    __asm__ volatile("" : : "r"(stop_walk) : "memory");
    if (e != EE_OK && !job.stopped)
        r = AUDIO_ERR_SYNTH;
out:
    pthread_mutex_unlock(&speech_mutex);
    return r;
}
