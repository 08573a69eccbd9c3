/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Which voices eSpeak NG has, read from its data folder on disk
 * (espeak-ng-data/lang/, one file per voice) instead of asking the
 * library: espeak_ListVoices() needs eSpeak NG initialised, and its
 * initialisation never returns under qemu-user, where the arm64 build's
 * `unknot check` is tested.  The folder is $ESPEAK_DATA_PATH/espeak-ng-data
 * (as eSpeak NG reads it), else Debian's /usr/lib/TRIPLE/espeak-ng-data,
 * else /usr/share/espeak-ng-data or /usr/local/share/espeak-ng-data.
 *
 * A voice id matches a voice file's name without regard to case ("de",
 * "en-us" for lang/gmw/en-US), as espeak_SetVoiceByName(), which speaks
 * the session, matches it: a code that is only a "language" line of a
 * file ("en-gb" and "fr-fr" in eSpeak NG 1.51) is not a voice it finds.
 * Thread-safe (no state).
 */
#ifndef UNKNOT_AUDIO_VOICES_H
#define UNKNOT_AUDIO_VOICES_H

/* 1 eSpeak NG has the voice, 0 it has not, -1 no voice data was found
 * (nothing can be said). */
int voices_have(const char *id);

#endif
