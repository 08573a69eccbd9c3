/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The history as a FHIR R4 Bundle of type "collection" (docs/fhir.md):
 *   - a Patient only when the user entered a name or an id (settings
 *     patient_name / patient_id); never anything invented;
 *   - one Procedure per session (self-administered myofascial release:
 *     routine, period, status, the rules that fired as notes);
 *   - one Observation per session answer: pain ratings (soreness,
 *     soreness-*, recent-soreness) with LOINC 72514-3, valueInteger 0-10
 *     and the body region as a SNOMED CT bodySite; other answers with the
 *     question's own id (valueBoolean for yes-no questions);
 *   - the health screening as a Questionnaire (its questions, with the
 *     follow-up conditions) and one QuestionnaireResponse per screening.
 * Resource ids are stable (derived from the history's own ids and times),
 * so exporting the same history twice gives the same references.
 * Not thread-safe with the same history handle.
 */
#ifndef UNKNOT_EXPORT_FHIR_H
#define UNKNOT_EXPORT_FHIR_H

#include <stdio.h>

struct history;

struct fhir_options {
    const char *patient_name;   /* "" or NULL: none */
    const char *patient_id;     /* "" or NULL: none */
    long long now_s;            /* Bundle.timestamp; 0: now */
};

/* Writes the bundle as JSON to out.  0, or -1 with *err set (caller
 * frees) when the history could not be read or writing failed. */
int fhir_export(struct history *h, const struct fhir_options *o, FILE *out,
                char **err);

/* The SNOMED CT body structure for a region id (routines/region.c), or
 * NULL when the region has none (docs/fhir.md lists them and how exact
 * each is). */
struct fhir_body_site {
    const char *region;
    const char *code;       /* SNOMED CT concept id */
    const char *display;
};
const struct fhir_body_site *fhir_body_site(const char *region);

#endif
