/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Linked into the sanitizer build only (make SAN=1): dlclose() does
 * nothing, so libraries loaded at run time stay mapped until the leak
 * check at exit.
 *
 * Why: ALSA loads its plugins (libasound_module_pcm_pulse.so and the
 * PulseAudio client libraries behind it, from libasound2-plugins) with
 * dlopen and unloads them at snd_config_update_free_global / snd_pcm_close.
 * Once unloaded, LeakSanitizer cannot name their frames (they show as
 * <unknown module>, which no suppression matches) and cannot see the
 * pointers their globals still hold, so memory they keep on purpose is
 * reported as leaked.  Kept loaded, that memory is reachable and not
 * reported at all, and anything they really leak is named by library, for
 * tests/san/lsan.supp to match.  Our own code is untouched: a leak of ours
 * is still reported (tests/cli/san.sh proves it with a deliberate leak).
 *
 * The executable's definition takes precedence over libc's for every
 * library in the process (ELF symbol interposition).
 */
#include <dlfcn.h>

int dlclose(void *handle);

int dlclose(void *handle)
{
    (void)handle;
    return 0;
}
