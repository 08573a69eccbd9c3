/* SPDX-License-Identifier: GPL-3.0-or-later */
/* See fhir.h; the mapping is explained in docs/fhir.md. */
#include "export/fhir.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "coach/screening.h"
#include "export/known.h"
#include "history/history.h"
#include "routines/region.h"
#include "util/util.h"

#define SNOMED "http://snomed.info/sct"
#define LOINC "http://loinc.org"
/* Local code systems for what no standard code names: our question and
 * region ids, session numbers.  URNs, so they never pretend to be a web
 * address someone owns. */
#define SYS_QUESTION "urn:unknot:question"
#define SYS_REGION "urn:unknot:region"
#define SYS_SESSION "urn:unknot:session"

/*
 * SNOMED CT body structures, checked against DICOM's table of common
 * anatomic regions (PS3.16 CID 4031) and the FHIR body-site value set.
 * Several regions are muscles inside one coded area (the four thigh
 * regions are all "Thigh structure"); the second coding (SYS_REGION)
 * keeps the exact region.  docs/fhir.md says which codes are exact.
 */
static const struct fhir_body_site sites[] = {
    { "calves", "53840002", "Calf of leg structure" },
    { "hamstrings", "68367000", "Thigh structure" },
    { "quadriceps", "68367000", "Thigh structure" },
    { "adductors", "68367000", "Thigh structure" },
    { "glutes", "46862004", "Buttock structure" },
    { "hip-flexors", "29836001", "Hip region structure" },
    { "lateral-thigh", "68367000", "Thigh structure" },
    { "upper-back", "77568009", "Back structure, including back of neck" },
    { "lats", "77568009", "Back structure, including back of neck" },
    { "pecs", "78904004", "Chest wall structure" },
    { "forearms", "14975008", "Forearm structure" },
    { "feet", "56459004", "Foot structure" },
    { "upper-traps", "16982005", "Shoulder region structure" },
    { "jaw", "661005", "Jaw region structure" },
};

const struct fhir_body_site *fhir_body_site(const char *region)
{
    for (size_t i = 0; region && i < ARRAY_LEN(sites); i++)
        if (!strcmp(sites[i].region, region))
            return &sites[i];
    return NULL;
}

/* ---- small helpers ---- */

/* A JSON string from text that may come from the database: made valid
 * UTF-8 first (jansson refuses anything else). */
static json_t *jstr(const char *s)
{
    char *c = known_clean_utf8(s);
    json_t *j = json_string(c);
    free(c);
    return j;
}

static json_t *jtime(long long t)
{
    char buf[40];
    known_iso_time(buf, sizeof buf, t);
    return json_string(buf);
}

static uint64_t fnv1a(const char *s, uint64_t h)
{
    for (; *s; s++) {
        h ^= (unsigned char)*s;
        h *= 0x100000001b3ull;
    }
    return h;
}

/* A stable UUID (version 8, RFC 9562: application-defined) from a key such
 * as "session:12:1700000000", so a second export of the same history
 * gives every resource the same id. */
static void make_uuid(char out[37], const char *key)
{
    uint64_t a = fnv1a(key, 0xcbf29ce484222325ull);
    uint64_t b = fnv1a(key, a ^ 0x9e3779b97f4a7c15ull);
    a = (a & ~0xf000ull) | 0x8000ull;                   /* version 8 */
    b = (b & ~(0xc000ull << 48)) | (0x8000ull << 48);   /* variant 10 */
    snprintf(out, 37, "%08x-%04x-%04x-%04x-%012llx",
             (unsigned)(a >> 32), (unsigned)(a >> 16) & 0xffff,
             (unsigned)a & 0xffff, (unsigned)(b >> 48) & 0xffff,
             (unsigned long long)(b & 0xffffffffffffull));
}

struct ctx {
    json_t *entries;
    char patient_ref[48];       /* "urn:uuid:..." */
    char questionnaire_url[48];
    struct history *h;
    bool failed;
};

/* Adds resource r (taking it) under a new entry; returns its reference. */
static void add_entry(struct ctx *c, json_t *r, const char *key,
                      char ref[48])
{
    char id[37];
    make_uuid(id, key);
    json_object_set_new(r, "id", json_string(id));
    snprintf(ref, 48, "urn:uuid:%s", id);
    json_t *e = json_object();
    json_object_set_new(e, "fullUrl", json_string(ref));
    json_object_set_new(e, "resource", r);
    json_array_append_new(c->entries, e);
}

static json_t *reference(const char *ref)
{
    return json_pack("{s:s}", "reference", ref);
}

static json_t *coding(const char *system, const char *code,
                      const char *display)
{
    json_t *c = json_object();
    json_object_set_new(c, "system", json_string(system));
    json_object_set_new(c, "code", jstr(code));
    if (display)
        json_object_set_new(c, "display", jstr(display));
    return c;
}

static json_t *body_site(const char *region)
{
    const struct region_info *ri = region_find(region);
    const struct fhir_body_site *s = fhir_body_site(region);
    json_t *codings = json_array();
    if (s)
        json_array_append_new(codings, coding(SNOMED, s->code, s->display));
    json_array_append_new(codings, coding(SYS_REGION, region,
                                          ri ? ri->name : NULL));
    json_t *cc = json_object();
    json_object_set_new(cc, "coding", codings);
    json_object_set_new(cc, "text", jstr(ri ? ri->name : region));
    return cc;
}

/* ---- the patient ---- */

static void add_patient(struct ctx *c, const struct fhir_options *o)
{
    json_t *p = json_pack("{s:s}", "resourceType", "Patient");
    if (o->patient_id && *o->patient_id)
        json_object_set_new(p, "identifier",
                            json_pack("[{s:o}]", "value",
                                      jstr(o->patient_id)));
    if (o->patient_name && *o->patient_name)
        json_object_set_new(p, "name", json_pack("[{s:o}]", "text",
                                                 jstr(o->patient_name)));
    add_entry(c, p, "patient", c->patient_ref);
}

/* ---- the screening ---- */

static void add_questionnaire(struct ctx *c)
{
    json_t *items = json_array();
    for (size_t i = 0; i < screening_count(SCREEN_FULL); i++) {
        const struct screening_item *it = screening_at(SCREEN_FULL, i);
        json_t *q = json_object();
        json_object_set_new(q, "linkId", jstr(it->q.id));
        json_object_set_new(q, "text", jstr(it->q.text));
        json_object_set_new(q, "type", json_string("boolean"));
        json_object_set_new(q, "required", json_false());
        if (it->follow_up_of)
            json_object_set_new(q, "enableWhen",
                json_pack("[{s:o,s:s,s:b}]", "question",
                          jstr(it->follow_up_of), "operator", "=",
                          "answerBoolean", 1));
        json_array_append_new(items, q);
    }
    json_t *r = json_pack("{s:s,s:s,s:s,s:s,s:[s]}",
                          "resourceType", "Questionnaire",
                          "name", "UnknotHealthScreening",
                          "title", "Unknot health screening",
                          "status", "active", "subjectType", "Patient");
    json_object_set_new(r, "item", items);
    char ref[48];
    add_entry(c, r, "questionnaire:screening", ref);
    /* The canonical URL is the entry's own URN: the response points at
     * the questionnaire carried in the same bundle. */
    snprintf(c->questionnaire_url, sizeof c->questionnaire_url, "%s", ref);
    json_object_set_new(r, "url", json_string(ref));
}

struct screening_acc {
    struct ctx *c;
    int64_t id;
    long long t_s;
    json_t *items;
};

static void flush_screening(struct screening_acc *a)
{
    if (!a->items)
        return;
    json_t *r = json_pack("{s:s,s:s,s:s}", "resourceType",
                          "QuestionnaireResponse", "questionnaire",
                          a->c->questionnaire_url, "status", "completed");
    json_object_set_new(r, "subject", reference(a->c->patient_ref));
    json_object_set_new(r, "authored", jtime(a->t_s));
    json_object_set_new(r, "item", a->items);
    char key[64], ref[48];
    snprintf(key, sizeof key, "screening:%lld:%lld", (long long)a->id,
             a->t_s);
    add_entry(a->c, r, key, ref);
    a->items = NULL;
}

static void on_screening(int64_t id, long long t_s, const char *question,
                         int value, void *user)
{
    struct screening_acc *a = user;
    if (a->items && a->id != id)
        flush_screening(a);
    if (!a->items) {
        a->items = json_array();
        a->id = id;
        a->t_s = t_s;
    }
    const struct question *q = known_question(question);
    json_t *it = json_object();
    json_object_set_new(it, "linkId", jstr(question));
    if (q)
        json_object_set_new(it, "text", jstr(q->text));
    json_object_set_new(it, "answer", value == 0 || value == 1
        ? json_pack("[{s:b}]", "valueBoolean", value)
        : json_pack("[{s:i}]", "valueInteger", value));
    json_array_append_new(a->items, it);
}

/* ---- sessions and their answers ---- */

static const char *procedure_status(const char *outcome, bool not_started)
{
    if (not_started)
        return "not-done";
    if (!strcmp(outcome, "completed"))
        return "completed";
    if (!strcmp(outcome, "stopped") || !strcmp(outcome, "quit"))
        return "stopped";
    return "unknown";   /* interrupted: it never ended */
}

struct rules_acc {
    json_t *notes;
    bool not_started;
};

static void on_rule(const struct history_rule_event *e, void *user)
{
    struct rules_acc *a = user;
    char when[40];
    known_iso_time(when, sizeof when, e->t_s);
    const struct region_info *ri = region_find(e->region);
    char *text = xasprintf("%s: rule %s fired; the coach did: %s%s%s", when,
                           e->rule, e->action, e->region ? ", region " : "",
                           e->region ? (ri ? ri->name : e->region) : "");
    json_t *n = json_object();
    json_object_set_new(n, "time", jtime(e->t_s));
    json_object_set_new(n, "text", jstr(text));
    free(text);
    json_array_append_new(a->notes, n);
    if (!strcmp(e->action, "not-start"))
        a->not_started = true;
}

struct answer_acc {
    struct ctx *c;
    const char *procedure_ref;
    int64_t session;
    int index;
};

static void on_answer(const struct history_answer *a, void *user)
{
    struct answer_acc *acc = user;
    struct ctx *c = acc->c;
    const struct question *q = known_question(a->question);
    json_t *o = json_pack("{s:s,s:s}", "resourceType", "Observation",
                          "status", "final");
    json_object_set_new(o, "category", json_pack(
        "[{s:[{s:s,s:s,s:s}]}]", "coding", "system",
        "http://terminology.hl7.org/CodeSystem/observation-category",
        "code", "survey", "display", "Survey"));
    json_t *codings = json_array();
    if (known_is_pain(a->question))
        json_array_append_new(codings, coding(LOINC, "72514-3",
            "Pain severity - 0-10 verbal numeric rating [Score] - "
            "Reported"));
    json_array_append_new(codings, coding(SYS_QUESTION, a->question,
                                          q ? q->text : NULL));
    json_t *code = json_object();
    json_object_set_new(code, "coding", codings);
    json_object_set_new(code, "text", jstr(q ? q->text : a->question));
    json_object_set_new(o, "code", code);
    json_object_set_new(o, "subject", reference(c->patient_ref));
    json_object_set_new(o, "partOf",
                        json_pack("[o]", reference(acc->procedure_ref)));
    json_object_set_new(o, "effectiveDateTime", jtime(a->t_s));
    if (q && q->kind == ANSWER_YES_NO)
        json_object_set_new(o, "valueBoolean", json_boolean(a->value));
    else
        json_object_set_new(o, "valueInteger", json_integer(a->value));
    if (a->region)
        json_object_set_new(o, "bodySite", body_site(a->region));
    if (a->step) {
        char *t = xasprintf("Asked after routine step %s.", a->step);
        json_object_set_new(o, "note", json_pack("[{s:o}]", "text",
                                                 jstr(t)));
        free(t);
    }
    char key[96], ref[48];
    snprintf(key, sizeof key, "answer:%lld:%d", (long long)acc->session,
             acc->index++);
    add_entry(c, o, key, ref);
}

static void on_session(const struct history_session_row *s, void *user)
{
    struct ctx *c = user;
    struct rules_acc rules = { json_array(), false };
    if (history_each_rule(c->h, s->id, on_rule, &rules) < 0)
        c->failed = true;
    json_t *p = json_pack("{s:s,s:s}", "resourceType", "Procedure",
                          "status", procedure_status(s->outcome,
                                                     rules.not_started));
    char sid[32];
    snprintf(sid, sizeof sid, "%lld", (long long)s->id);
    json_object_set_new(p, "identifier",
                        json_pack("[{s:s,s:s}]", "system", SYS_SESSION,
                                  "value", sid));
    char *reason = NULL;
    if (!strcmp(s->outcome, "quit"))
        reason = xstrdup("Stopped by the user.");
    else if (!strcmp(s->outcome, "stopped"))
        reason = xasprintf("Stopped by the coach's safety rule %s.",
                           s->rule ? s->rule : "(not recorded)");
    else if (!strcmp(s->outcome, "interrupted"))
        reason = xstrdup("The session never ended (the program was "
                         "stopped or the power went).");
    if (reason) {
        json_object_set_new(p, "statusReason",
                            json_pack("{s:o}", "text", jstr(reason)));
        free(reason);
    }
    char *what = xasprintf("Self-myofascial release (foam roller, massage "
                           "ball), guided routine: %s (%s)",
                           *s->title ? s->title : s->routine, s->routine);
    json_object_set_new(p, "code", json_pack("{s:o}", "text", jstr(what)));
    free(what);
    json_object_set_new(p, "subject", reference(c->patient_ref));
    json_t *period = json_object();
    json_object_set_new(period, "start", jtime(s->start_s));
    if (s->end_s)
        json_object_set_new(period, "end", jtime(s->end_s));
    json_object_set_new(p, "performedPeriod", period);
    if (json_array_size(rules.notes))
        json_object_set_new(p, "note", rules.notes);
    else
        json_decref(rules.notes);
    char key[64], ref[48];
    snprintf(key, sizeof key, "session:%lld:%lld", (long long)s->id,
             s->start_s);
    add_entry(c, p, key, ref);
    struct answer_acc acc = { c, ref, s->id, 0 };
    if (history_session_answers(c->h, s->id, on_answer, &acc) < 0)
        c->failed = true;
}

int fhir_export(struct history *h, const struct fhir_options *o, FILE *out,
                char **err)
{
    *err = NULL;
    struct ctx c = { .entries = json_array(), .h = h };
    add_patient(&c, o);
    add_questionnaire(&c);
    struct screening_acc sa = { &c, 0, 0, NULL };
    if (history_each_screening(h, on_screening, &sa) < 0)
        c.failed = true;
    flush_screening(&sa);
    if (history_each_session(h, 0, on_session, &c) < 0)
        c.failed = true;
    if (c.failed) {
        *err = xasprintf("cannot read the history: %s", history_error(h));
        json_decref(c.entries);
        return -1;
    }
    json_t *b = json_pack("{s:s,s:s}", "resourceType", "Bundle",
                          "type", "collection");
    char id[37];
    make_uuid(id, "bundle");
    json_object_set_new(b, "id", json_string(id));
    json_object_set_new(b, "timestamp",
                        jtime(o->now_s ? o->now_s : util_wall_s()));
    json_object_set_new(b, "entry", c.entries);
    int rc = json_dumpf(b, out, JSON_INDENT(1) | JSON_PRESERVE_ORDER);
    json_decref(b);
    if (rc != 0 || fputc('\n', out) == EOF || fflush(out) != 0
        || ferror(out)) {
        *err = xstrdup("cannot write the export");
        return -1;
    }
    return 0;
}
