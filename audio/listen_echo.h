/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Acoustic echo cancellation for the listener: what the coach plays (the
 * far end, known exactly) is removed from the microphone signal, so that
 * a person speaking over the coach can be detected (barge-in).  Built on
 * Debian's speexdsp (speex_echo: a frequency-domain adaptive filter, plus
 * its preprocessor's residual echo suppression; no noise suppression or
 * gain control, which would change what the recogniser hears).
 *
 * The reference frame must be the far-end samples played at the time of
 * the microphone frame (or earlier): the filter models the speaker, the
 * room and any output delay up to LISTEN_ECHO_TAIL_MS; a reference that
 * arrives later than its echo cannot be cancelled.
 *
 * One canceller per listener, used by one thread; echo_open returns one
 * freed by echo_close (NULL ok).
 */
#ifndef UNKNOT_AUDIO_LISTEN_ECHO_H
#define UNKNOT_AUDIO_LISTEN_ECHO_H

#include <stddef.h>
#include <stdint.h>

/* The echo path the filter can model: output delay plus the room's
 * reverberation that matters (a living room's RT60 is longer, but the
 * tail beyond 250 ms is 30 dB or more down). */
#define LISTEN_ECHO_TAIL_MS 250

struct listen_echo;

/* frame: samples per call (the listener's 10 ms = 160); rate in Hz. */
struct listen_echo *echo_open(int frame, int rate);
void echo_close(struct listen_echo *e);
/* out = mic with the echo of ref removed (frame samples each; out may
 * not alias mic or ref).  *echo_db: the energy of the echo the filter
 * predicted (vad_frame_db's scale); *resid_db: what is left after the
 * filter, before the residual suppressor.  Speech over the echo shows as
 * a residual close to or above the predicted echo. */
void echo_cancel(struct listen_echo *e, const int16_t *mic,
                 const int16_t *ref, int16_t *out, double *echo_db,
                 double *resid_db);

#endif
