/* SPDX-License-Identifier: GPL-3.0-or-later */
/* PocketSphinx behind the listener; see listen_recognizer.h. */
#include "audio/listen_recognizer.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <pocketsphinx.h>
#include <err.h>        /* sphinxbase's err.h: err_set_logfp */
#include <fsg_model.h>

#include "audio/listen.h"
#include "util/log.h"
#include "util/paths.h"
#include "util/util.h"

struct recognizer {
    ps_decoder_t *ps;
    bool in_utt;
    bool want_margin;
    int ctx;            /* the search selected, -1 none yet */
};

/* CMUdict pronunciations of the vocabulary, with their variants.  Keeping
 * them here avoids loading the 130 000-word dictionary at start-up. */
static const struct {
    const char *word, *phones;
} prons[] = {
    { "zero", "Z IH R OW" }, { "zero(2)", "Z IY R OW" },
    { "one", "W AH N" }, { "one(2)", "HH W AH N" },
    { "two", "T UW" }, { "three", "TH R IY" }, { "four", "F AO R" },
    { "five", "F AY V" }, { "six", "S IH K S" },
    { "seven", "S EH V AH N" }, { "eight", "EY T" }, { "nine", "N AY N" },
    { "ten", "T EH N" }, { "yes", "Y EH S" }, { "no", "N OW" },
    { "stop", "S T AA P" }, { "pause", "P AO Z" },
    { "resume", "R IH Z UW M" }, { "resume(2)", "R IY Z UW M" },
    { "next", "N EH K S T" }, { "next(2)", "N EH K S" },
    { "skip", "S K IH P" },
    { "repeat", "R IH P IY T" }, { "repeat(2)", "R IY P IY T" },
    { "done", "D AH N" }, { "tingling", "T IH NG G L IH NG" },
    { "tingling(2)", "T IH NG L IH NG" }, { "numbness", "N AH M N AH S" },
    { "sharp", "SH AA R P" }, { "dizzy", "D IH Z IY" },
    { "chest", "CH EH S T" }, { "breathless", "B R EH TH L AH S" },
    { "breathing", "B R IY DH IH NG" }, { "coughing", "K AA F IH NG" },
    { "blood", "B L AH D" }, { "fainting", "F EY N T IH NG" },
};

/* Other words, CMUdict pronunciations: a "garbage" branch of the grammar.
 * Speech that is not a command tends to match one of them better than any
 * command, and is then rejected; each is much less likely than a command
 * (decoy_weight), so real commands keep winning.  None sounds like a word
 * of the vocabulary ("for", "to", "know", "ate" are left out). */
static const struct {
    const char *word, *phones;
} decoys[] = {
    { "the", "DH AH" },
    { "the(2)", "DH IY" },
    { "and", "AH N D" },
    { "and(2)", "AE N D" },
    { "that", "DH AE T" },
    { "that(2)", "DH AH T" },
    { "have", "HH AE V" },
    { "with", "W IH DH" },
    { "with(2)", "W IH TH" },
    { "you", "Y UW" },
    { "this", "DH IH S" },
    { "but", "B AH T" },
    { "his", "HH IH Z" },
    { "from", "F R AH M" },
    { "they", "DH EY" },
    { "say", "S EY" },
    { "her", "HH ER" },
    { "she", "SH IY" },
    { "will", "W IH L" },
    { "will(2)", "W AH L" },
    { "my", "M AY" },
    { "all", "AO L" },
    { "would", "W UH D" },
    { "there", "DH EH R" },
    { "their", "DH EH R" },
    { "so", "S OW" },
    { "up", "AH P" },
    { "out", "AW T" },
    { "if", "IH F" },
    { "about", "AH B AW T" },
    { "who", "HH UW" },
    { "get", "G EH T" },
    { "get(2)", "G IH T" },
    { "which", "W IH CH" },
    { "which(2)", "HH W IH CH" },
    { "when", "W EH N" },
    { "when(2)", "HH W EH N" },
    { "when(3)", "W IH N" },
    { "when(4)", "HH W IH N" },
    { "make", "M EY K" },
    { "can", "K AE N" },
    { "can(2)", "K AH N" },
    { "like", "L AY K" },
    { "time", "T AY M" },
    { "just", "JH AH S T" },
    { "just(2)", "JH IH S T" },
    { "him", "HH IH M" },
    { "him(2)", "IH M" },
    { "take", "T EY K" },
    { "people", "P IY P AH L" },
    { "into", "IH N T UW" },
    { "into(2)", "IH N T AH" },
    { "year", "Y IH R" },
    { "your", "Y AO R" },
    { "your(2)", "Y UH R" },
    { "good", "G UH D" },
    { "good(2)", "G IH D" },
    { "some", "S AH M" },
    { "could", "K UH D" },
    { "them", "DH EH M" },
    { "them(2)", "DH AH M" },
    { "see", "S IY" },
    { "other", "AH DH ER" },
    { "look", "L UH K" },
    { "only", "OW N L IY" },
    { "come", "K AH M" },
    { "its", "IH T S" },
    { "over", "OW V ER" },
    { "think", "TH IH NG K" },
    { "also", "AO L S OW" },
    { "back", "B AE K" },
    { "after", "AE F T ER" },
    { "use", "Y UW S" },
    { "use(2)", "Y UW Z" },
    { "how", "HH AW" },
    { "our", "AW ER" },
    { "our(2)", "AW R" },
    { "our(3)", "AA R" },
    { "work", "W ER K" },
    { "first", "F ER S T" },
    { "well", "W EH L" },
    { "way", "W EY" },
    { "even", "IY V IH N" },
    { "new", "N UW" },
    { "new(2)", "N Y UW" },
    { "want", "W AA N T" },
    { "want(2)", "W AO N T" },
    { "because", "B IH K AO Z" },
    { "because(2)", "B IH K AH Z" },
    { "because(3)", "B IH K AA Z" },
    { "any", "EH N IY" },
    { "these", "DH IY Z" },
    { "give", "G IH V" },
    { "day", "D EY" },
    { "most", "M OW S T" },
    { "most(2)", "M OW S" },
    { "us", "AH S" },
    { "us(2)", "Y UW EH S" },
};

static char *write_dict(char **err)
{
    char path[] = "/tmp/unknot-words-XXXXXX";
    int fd = mkstemp(path);
    if (fd < 0) {
        *err = xasprintf("cannot create a dictionary file in /tmp");
        return NULL;
    }
    FILE *f = fdopen(fd, "w");
    if (!f) {
        *err = xasprintf("cannot write %s", path);
        return NULL;
    }
    for (size_t i = 0; i < ARRAY_LEN(prons); i++)
        fprintf(f, "%s %s\n", prons[i].word, prons[i].phones);
    for (size_t i = 0; i < ARRAY_LEN(decoys); i++)
        fprintf(f, "%s %s\n", decoys[i].word, decoys[i].phones);
    if (fclose(f) != 0) {
        remove(path);
        *err = xasprintf("cannot write %s", path);
        return NULL;
    }
    return xstrdup(path);
}

/* The grammar "one word of the vocabulary", built as a finite-state
 * grammar directly: two states and one transition per word, all equally
 * likely.  (Debian's sphinxbase leaks its JSGF parser's tokens on every
 * ps_set_jsgf_string, which the sanitizer build reports; the FSG is the
 * same search without the parser.) */
static int set_grammar(ps_decoder_t *ps, enum listen_context ctx)
{
    cmd_ln_t *cfg = ps_get_config(ps);
    logmath_t *lmath = ps_get_logmath(ps);
    float lw = (float)cmd_ln_float32_r(cfg, "-lw");
    const char *name = listen_context_name(ctx);
    fsg_model_t *fsg = fsg_model_init(name, lmath, lw, 2);
    if (!fsg)
        return -1;
    fsg->start_state = 0;
    fsg->final_state = 1;
    size_t nw = 0;
    for (size_t i = 0; i < listen_word_count(); i++)
        nw += listen_word_in_context(i, ctx);
    int32 logp = logmath_log(lmath, 1.0 / (double)nw);
    for (size_t i = 0; i < listen_word_count(); i++) {
        if (!listen_word_in_context(i, ctx))
            continue;
        int wid = fsg_model_word_add(fsg, listen_word_at(i));
        fsg_model_trans_add(fsg, 0, 1, logp, wid);
    }
    const char *dw = getenv("UNKNOT_LISTEN_DECOY");
    double weight = dw ? atof(dw) : RECOGNIZER_DECOY_WEIGHT;
    if (weight > 0) {
        int32 dlogp = logmath_log(lmath, weight / (double)nw);
        for (size_t i = 0; i < ARRAY_LEN(decoys); i++) {
            if (strchr(decoys[i].word, '('))
                continue;   /* a variant: the base word is already in */
            int wid = fsg_model_word_add(fsg, decoys[i].word);
            fsg_model_trans_add(fsg, 0, 1, dlogp, wid);
        }
    }
    int rc = ps_set_fsg(ps, name, fsg);
    fsg_model_free(fsg);    /* the decoder keeps its own reference */
    return rc;
}

struct recognizer *recognizer_open(const char *model_dir, char **err)
{
    *err = NULL;
    if (!model_dir)
        model_dir = LISTEN_MODEL_DIR;
    char *hmm = path_join(model_dir, "en-us");
    if (!path_is_dir(hmm)) {
        *err = xasprintf("no speech model in %s (install "
                         "pocketsphinx-en-us)", hmm);
        free(hmm);
        return NULL;
    }
    char *dict = write_dict(err);
    if (!dict) {
        free(hmm);
        return NULL;
    }
    /* Its log would print ~200 lines per start; our log says what
     * matters. */
    err_set_logfp(NULL);
    /* Wider beams than the defaults (1e-48, 7e-29, 1e-48) and more
     * likely silence, fewer fillers: measured with the bench, they keep
     * 77% of real words at under 9% of foreign ones accepted, against
     * 68% at 10% with the defaults (docs/voice.md).  A grammar of single
     * words is small enough for the wide beams to cost nothing noticeable. */
    cmd_ln_t *cfg = cmd_ln_init(NULL, ps_args(), TRUE, "-hmm", hmm,
                                "-dict", dict, "-logfn", "/dev/null",
                                "-samprate", "16000",
                                "-beam", "1e-80", "-wbeam", "1e-60",
                                "-pbeam", "1e-80", "-silprob", "0.2",
                                "-fillprob", "1e-3", NULL);
    /* UNKNOT_LISTEN_PS: extra decoder options ("-beam 1e-60 ..."), for
     * measuring alternatives with the bench; not for everyday use. */
    const char *extra = getenv("UNKNOT_LISTEN_PS");
    if (cfg && extra && *extra) {
        char *copy = xstrdup(extra), *argv[32], *save = NULL;
        int argc = 0;
        for (char *tok = strtok_r(copy, " ", &save); tok && argc < 32;
             tok = strtok_r(NULL, " ", &save))
            argv[argc++] = tok;
        if (!cmd_ln_parse_r(cfg, ps_args(), argc, argv, FALSE))
            log_msg(LOG_WARN, "listen", "UNKNOT_LISTEN_PS not understood");
        free(copy);
    }
    ps_decoder_t *ps = cfg ? ps_init(cfg) : NULL;
    cmd_ln_free_r(cfg);     /* the decoder holds its own reference */
    remove(dict);
    free(dict);
    if (!ps) {
        *err = xasprintf("PocketSphinx could not load the model in %s",
                         hmm);
        free(hmm);
        return NULL;
    }
    free(hmm);
    for (int c = 0; c < LISTEN_CTX_COUNT; c++) {
        if (set_grammar(ps, (enum listen_context)c) < 0) {
            ps_free(ps);
            *err = xasprintf("PocketSphinx rejected the %s grammar",
                             listen_context_name((enum listen_context)c));
            return NULL;
        }
    }
    struct recognizer *r = xcalloc(1, sizeof *r);
    r->ps = ps;
    r->ctx = -1;
    return r;
}

void recognizer_want_margin(struct recognizer *r, bool on)
{
    r->want_margin = on;
}

void recognizer_close(struct recognizer *r)
{
    if (!r)
        return;
    if (r->in_utt)
        ps_end_utt(r->ps);
    ps_free(r->ps);
    free(r);
}

int recognizer_begin(struct recognizer *r, enum listen_context ctx)
{
    if (r->in_utt)
        ps_end_utt(r->ps);
    r->in_utt = false;
    /* One search per context, all loaded at open: switching between
     * utterances costs nothing measurable. */
    if ((int)ctx != r->ctx) {
        if (ps_set_search(r->ps, listen_context_name(ctx)) < 0)
            return -1;
        r->ctx = (int)ctx;
    }
    r->in_utt = ps_start_utt(r->ps) == 0;
    return r->in_utt ? 0 : -1;
}

int recognizer_feed(struct recognizer *r, const int16_t *s, size_t n)
{
    if (!r->in_utt)
        return -1;
    return ps_process_raw(r->ps, s, n, FALSE, FALSE) < 0 ? -1 : 0;
}

double recognizer_confidence(double spf)
{
    double c = (spf - RECOGNIZER_SCORE_LOW) /
               (RECOGNIZER_SCORE_HIGH - RECOGNIZER_SCORE_LOW);
    return c < 0 ? 0 : c > 1 ? 1 : c;
}

/* The best hypothesis's lead over the best one naming another word, per
 * frame, from the N-best list of the utterance's lattice (well under a
 * millisecond for a word; more for seconds of talk). */
static double margin_over_next(ps_decoder_t *ps, const char *hyp,
                               int32 score, int frames)
{
    double m = RECOGNIZER_MARGIN_CAP;
    ps_nbest_t *nb = ps_nbest(ps);
    for (int k = 0; nb && k < RECOGNIZER_NBEST; k++) {
        int32 sc = 0;
        const char *h = ps_nbest_hyp(nb, &sc);
        if (h && *h && strcmp(h, hyp) != 0) {
            m = (double)(score - sc) / frames;
            break;
        }
        nb = ps_nbest_next(nb);     /* frees the list at its end */
    }
    if (nb)
        ps_nbest_free(nb);
    return m < 0 ? 0 : m > RECOGNIZER_MARGIN_CAP ? RECOGNIZER_MARGIN_CAP : m;
}

int recognizer_end(struct recognizer *r, struct recognizer_result *res)
{
    memset(res, 0, sizeof *res);
    if (!r->in_utt)
        return -1;
    r->in_utt = false;
    if (ps_end_utt(r->ps) < 0)
        return -1;
    int32 score = 0;
    const char *hyp = ps_get_hyp(r->ps, &score);
    int frames = ps_get_n_frames(r->ps);
    if (!hyp || !*hyp || frames <= 0)
        return 0;
    /* One word is expected; a grammar of single words gives one. */
    snprintf(res->word, sizeof res->word, "%s", hyp);
    res->frames = frames;
    res->score_per_frame = (double)score / frames;
    res->confidence = recognizer_confidence(res->score_per_frame);
    if (r->want_margin)
        res->margin = margin_over_next(r->ps, hyp, score, frames);
    return 0;
}

void recognizer_abort(struct recognizer *r)
{
    if (r->in_utt)
        ps_end_utt(r->ps);
    r->in_utt = false;
}
