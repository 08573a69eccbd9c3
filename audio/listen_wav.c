/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The WAV input backend and the resampler; see listen_input.h. */
#include "audio/listen_input.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "audio/listen.h"
#include "audio/listen_vad.h"
#include "util/log.h"
#include "util/util.h"

#ifndef M_PI
#define M_PI 3.14159265358979323846
#endif

int16_t *listen_resample(const int16_t *in, size_t n, int rate_in,
                         int rate_out, size_t *n_out)
{
    size_t m = (size_t)((double)n * rate_out / rate_in);
    int16_t *out = xmalloc((m ? m : 1) * sizeof *out);
    if (rate_in == rate_out) {
        memcpy(out, in, n * sizeof *out);
        *n_out = n;
        return out;
    }
    /* Windowed sinc, cut off a little under the lower Nyquist so that
     * eSpeak's energy above 8 kHz does not fold back as hiss. */
    double step = (double)rate_in / rate_out;
    double fc = 0.45 * (rate_out < rate_in ? (double)rate_out / rate_in : 1);
    const long half = 24;
    for (size_t i = 0; i < m; i++) {
        double x = (double)i * step;
        long c = (long)floor(x);
        double acc = 0, wsum = 0;
        for (long k = c - half + 1; k <= c + half; k++) {
            double d = x - (double)k;
            double t = d / (double)half;
            if (fabs(t) >= 1)
                continue;
            double w = 0.5 + 0.5 * cos(M_PI * t);
            double s = d == 0 ? 2 * fc : sin(2 * M_PI * fc * d) / (M_PI * d);
            double v = k >= 0 && (size_t)k < n ? in[k] : 0;
            acc += v * s * w;
            wsum += s * w;
        }
        acc = wsum != 0 ? acc / wsum : 0;
        out[i] = (int16_t)(acc > 32767 ? 32767 : acc < -32768 ? -32768
                                                               : lrint(acc));
    }
    *n_out = m;
    return out;
}

static unsigned le16(const unsigned char *p)
{
    return (unsigned)p[0] | (unsigned)p[1] << 8;
}

static unsigned long le32(const unsigned char *p)
{
    return le16(p) | (unsigned long)le16(p + 2) << 16;
}

int listen_wav_load(const char *path, int16_t **samples, size_t *count,
                    char **err)
{
    struct stat pre;
    if (stat(path, &pre) == 0 && !S_ISREG(pre.st_mode)) {
        *err = xasprintf("%s: not a regular file", path);   /* a FIFO */
        return LISTEN_ERR_INPUT;
    }
    FILE *f = fopen(path, "rb");
    if (!f) {
        *err = xasprintf("%s: cannot open", path);
        return LISTEN_ERR_INPUT;
    }
    struct stat sb;
    if (fstat(fileno(f), &sb) != 0 || !S_ISREG(sb.st_mode)) {
        *err = xasprintf("%s: not a regular file", path);
        fclose(f);
        return LISTEN_ERR_INPUT;
    }
    unsigned long fsize = (unsigned long)sb.st_size;
    unsigned char h[12];
    int rc = LISTEN_ERR_INPUT;
    int channels = 0, rate = 0;
    int16_t *pcm = NULL;
    size_t n = 0;
    if (fread(h, 1, 12, f) != 12 || memcmp(h, "RIFF", 4) ||
        memcmp(h + 8, "WAVE", 4)) {
        *err = xasprintf("%s: not a WAV file", path);
        goto out;
    }
    for (;;) {
        unsigned char ch[8];
        if (fread(ch, 1, 8, f) != 8) {
            *err = xasprintf("%s: no audio data in the file", path);
            goto out;
        }
        unsigned long len = le32(ch + 4);
        if (!memcmp(ch, "fmt ", 4)) {
            unsigned char fmt[16];
            if (len < 16 || fread(fmt, 1, 16, f) != 16) {
                *err = xasprintf("%s: bad format chunk", path);
                goto out;
            }
            unsigned tag = le16(fmt), bits = le16(fmt + 14);
            channels = (int)le16(fmt + 2);
            rate = (int)le32(fmt + 4);
            if ((tag != 1 && tag != 0xFFFE) || bits != 16 || channels < 1 ||
                channels > 8 || rate < 8000 || rate > 192000) {
                *err = xasprintf("%s: not 16-bit PCM (convert it with "
                                 "sox FILE -b 16 out.wav)", path);
                goto out;
            }
            if (fseek(f, (long)(len - 16 + (len & 1)), SEEK_CUR) != 0)
                goto out;
        } else if (!memcmp(ch, "data", 4)) {
            if (!channels) {
                *err = xasprintf("%s: data before format", path);
                goto out;
            }
            /* The header's length is a claim: never allocate past what
             * the file holds (a 108-byte file may claim 4 GiB). */
            long here = ftell(f);
            unsigned long left = here >= 0 && (unsigned long)here < fsize
                                 ? fsize - (unsigned long)here : 0;
            if (len > left) {
                if (left < 2u * (unsigned)channels) {
                    *err = xasprintf("%s: truncated: the header announces "
                                     "%lu bytes of audio, the file holds "
                                     "none", path, len);
                    goto out;
                }
                log_msg(LOG_WARN, "listen", "%s: truncated: the header "
                        "announces %lu bytes of audio, the file holds %lu; "
                        "using those", path, len, left);
                len = left;
            }
            size_t frames;
            unsigned char *raw = xmalloc(len ? len : 1);
            size_t got = fread(raw, 1, len, f);
            frames = got / (2u * (unsigned)channels);
            pcm = xmalloc((frames ? frames : 1) * sizeof *pcm);
            for (size_t i = 0; i < frames; i++) {
                long sum = 0;
                for (int c = 0; c < channels; c++)
                    sum += (int16_t)le16(raw + 2 * (i * (size_t)channels +
                                                     (size_t)c));
                pcm[i] = (int16_t)(sum / channels);
            }
            free(raw);
            n = frames;
            break;
        } else if (fseek(f, (long)(len + (len & 1)), SEEK_CUR) != 0) {
            *err = xasprintf("%s: truncated", path);
            goto out;
        }
    }
    *samples = listen_resample(pcm, n, rate, LISTEN_RATE, count);
    rc = 0;
out:
    free(pcm);
    fclose(f);
    return rc;
}

struct wav_priv {
    int16_t *s;
    size_t n, pos;
};

static int wav_open(struct listen_input *in, char **err)
{
    if (!in->wav_path || !*in->wav_path) {
        *err = xstrdup("the wav input needs a file");
        return LISTEN_ERR_ARG;
    }
    struct wav_priv *p = xcalloc(1, sizeof *p);
    int rc = listen_wav_load(in->wav_path, &p->s, &p->n, err);
    if (rc < 0) {
        free(p);
        return rc;
    }
    in->priv = p;
    return 0;
}

static void wav_close(struct listen_input *in)
{
    struct wav_priv *p = in->priv;
    if (p)
        free(p->s);
    free(p);
    in->priv = NULL;
}

static long wav_read(struct listen_input *in, int16_t *buf, size_t max,
                     long long now_ms, long long *t0_ms)
{
    struct wav_priv *p = in->priv;
    if (p->pos >= p->n)
        return -1;
    size_t upto = p->n;
    if (in->realtime) {
        long long el = now_ms - in->open_ms;
        size_t due = el <= 0 ? 0 : (size_t)el * (LISTEN_RATE / 1000);
        upto = due < p->n ? due : p->n;
    }
    size_t k = upto > p->pos ? upto - p->pos : 0;
    if (k > max)
        k = max;
    memcpy(buf, p->s + p->pos, k * sizeof *buf);
    *t0_ms = in->open_ms + (long long)(p->pos / (LISTEN_RATE / 1000));
    p->pos += k;
    return (long)k;
}

static int wav_fd(const struct listen_input *in)
{
    (void)in;
    return -1;
}

const struct listen_input_backend listen_in_wav = {
    .name = "wav",
    .open = wav_open,
    .close = wav_close,
    .read = wav_read,
    .event_fd = wav_fd,
};

/* ---- push: the caller hands over the microphone's samples ------------ */

struct push_priv {
    int16_t *s;
    size_t n, cap, pos;
    long long t0_ms;            /* time of s[pos] */
};

static int push_open(struct listen_input *in, char **err)
{
    (void)err;
    in->priv = xcalloc(1, sizeof(struct push_priv));
    return 0;
}

static void push_close(struct listen_input *in)
{
    struct push_priv *p = in->priv;
    if (p)
        free(p->s);
    free(p);
    in->priv = NULL;
}

static long push_read(struct listen_input *in, int16_t *buf, size_t max,
                      long long now_ms, long long *t0_ms)
{
    (void)now_ms;
    struct push_priv *p = in->priv;
    size_t k = p->n - p->pos < max ? p->n - p->pos : max;
    if (k == 0)
        return 0;
    memcpy(buf, p->s + p->pos, k * sizeof *buf);
    *t0_ms = p->t0_ms;
    p->pos += k;
    p->t0_ms += (long long)(k / (LISTEN_RATE / 1000));
    if (p->pos == p->n)
        p->pos = p->n = 0;
    return (long)k;
}

int listen_push_samples(struct listen_input *in, const int16_t *s, size_t n,
                        long long t0_ms)
{
    if (in->be != &listen_in_push || n % (LISTEN_RATE / 1000))
        return LISTEN_ERR_ARG;
    struct push_priv *p = in->priv;
    if (p->n == p->pos)
        p->t0_ms = t0_ms;
    p->s = xgrow(p->s, &p->cap, p->n + n, sizeof *p->s);
    memcpy(p->s + p->n, s, n * sizeof *s);
    p->n += n;
    return 0;
}

const struct listen_input_backend listen_in_push = {
    .name = "push",
    .open = push_open,
    .close = push_close,
    .read = push_read,
    .event_fd = wav_fd,
};
