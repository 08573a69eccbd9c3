/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The body figure, drawn in code from a few capsules and quads, front or
 * back, with the step's region highlighted.
 *
 * Coordinates are in figure units: the figure is 1.0 tall, x = 0 is its
 * middle.  Paired shapes are given for the screen's left and mirrored.
 * Seen from the front the person's left is on the screen's right; seen
 * from the back it is on the screen's left (as a therapist's chart).
 */
#include "ui/draw.h"

#include <string.h>

#include "util/i18n.h"
#include "util/util.h"

enum shape_kind { SHAPE_CAPSULE, SHAPE_ELLIPSE, SHAPE_QUAD };

struct shape {
    enum shape_kind kind;
    bool mirror;    /* paired: also drawn mirrored */
    /* capsule: x1 y1 r1 x2 y2 r2; ellipse: cx cy rx ry; quad: 4 points */
    float a[8];
};

static const struct shape base_shapes[] = {
    { SHAPE_ELLIPSE, false, { 0, .07f, .055f, .065f } },              /* head */
    { SHAPE_CAPSULE, false, { 0, .12f, .028f, 0, .16f, .03f } },      /* neck */
    { SHAPE_QUAD, false, { -.13f, .17f, .13f, .17f, .105f, .47f,
                           -.105f, .47f } },                         /* trunk */
    { SHAPE_ELLIPSE, true, { -.125f, .195f, .045f, .035f } },     /* shoulder */
    { SHAPE_QUAD, false, { -.105f, .46f, .105f, .46f, .125f, .56f,
                           -.125f, .56f } },                        /* pelvis */
    { SHAPE_CAPSULE, true, { -.155f, .20f, .038f, -.185f, .37f, .032f } },
    { SHAPE_CAPSULE, true, { -.185f, .37f, .032f, -.21f, .52f, .026f } },
    { SHAPE_ELLIPSE, true, { -.215f, .565f, .025f, .04f } },          /* hand */
    { SHAPE_CAPSULE, true, { -.065f, .56f, .06f, -.07f, .76f, .042f } },
    { SHAPE_CAPSULE, true, { -.07f, .77f, .042f, -.07f, .94f, .028f } },
    { SHAPE_ELLIPSE, true, { -.075f, .965f, .032f, .026f } },         /* foot */
};

struct body_region {
    const char *ids;        /* region ids and aliases, space-separated */
    bool back;              /* best seen from the back */
    bool paired;
    struct shape shapes[2];
    int count;
};

#define CAP(x1, y1, r1, x2, y2, r2) \
    { SHAPE_CAPSULE, true, { x1, y1, r1, x2, y2, r2 } }
#define ELL(cx, cy, rx, ry) { SHAPE_ELLIPSE, true, { cx, cy, rx, ry } }
#define QUAD(...) { SHAPE_QUAD, false, { __VA_ARGS__ } }

static const struct body_region regions[] = {
    { "calves calf", true, true,
      { CAP(-.07f, .78f, .043f, -.07f, .89f, .033f) }, 1 },
    { "shins shin tibialis", false, true,
      { CAP(-.07f, .78f, .032f, -.07f, .92f, .024f) }, 1 },
    { "hamstrings hamstring", true, true,
      { CAP(-.067f, .60f, .052f, -.07f, .735f, .04f) }, 1 },
    { "quadriceps quads quad", false, true,
      { CAP(-.067f, .59f, .054f, -.07f, .735f, .04f) }, 1 },
    { "adductors adductor inner-thigh", false, true,
      { CAP(-.03f, .60f, .024f, -.05f, .72f, .02f) }, 1 },
    { "lateral-thigh it-band itb outer-thigh", false, true,
      { CAP(-.115f, .60f, .019f, -.104f, .74f, .016f) }, 1 },
    { "glutes glute piriformis buttocks", true, true,
      { ELL(-.06f, .535f, .058f, .042f) }, 1 },
    { "hip-flexors hip-flexor tfl hips hip", false, true,
      { CAP(-.095f, .50f, .022f, -.078f, .56f, .022f) }, 1 },
    { "upper-back thoracic thoracic-spine mid-back", true, false,
      { QUAD(-.09f, .20f, .09f, .20f, .08f, .36f, -.08f, .36f) }, 1 },
    { "lower-back lumbar", true, false,
      { QUAD(-.08f, .38f, .08f, .38f, .09f, .46f, -.09f, .46f) }, 1 },
    { "lats lat latissimus", true, true,
      { CAP(-.108f, .25f, .03f, -.09f, .40f, .022f) }, 1 },
    { "pecs pec chest pectorals", false, true,
      { ELL(-.06f, .24f, .056f, .036f) }, 1 },
    { "forearms forearm wrists", false, true,
      { CAP(-.186f, .38f, .031f, -.209f, .51f, .025f) }, 1 },
    { "biceps upper-arm", false, true,
      { CAP(-.157f, .22f, .036f, -.183f, .35f, .031f) }, 1 },
    { "triceps", true, true,
      { CAP(-.157f, .22f, .036f, -.183f, .35f, .031f) }, 1 },
    { "shoulders shoulder deltoids", false, true,
      { ELL(-.14f, .205f, .045f, .04f) }, 1 },
    { "plantar-fascia feet foot soles", true, true,
      { ELL(-.075f, .965f, .036f, .03f) }, 1 },
    { "upper-trapezius traps trapezius upper-traps neck-shoulders", true,
      true, { CAP(-.03f, .155f, .022f, -.115f, .18f, .022f) }, 1 },
    { "jaw masseter temples", false, true,
      { ELL(-.032f, .10f, .024f, .022f) }, 1 },
};

static bool id_in(const char *ids, const char *id)
{
    size_t n = strlen(id);
    const char *p = ids;
    while (*p) {
        const char *end = strchr(p, ' ');
        size_t len = end ? (size_t)(end - p) : strlen(p);
        if (len == n && !strncmp(p, id, n))
            return true;
        if (!end)
            break;
        p = end + 1;
    }
    return false;
}

static const struct body_region *find_region(const char *id)
{
    if (!id)
        return NULL;
    for (size_t i = 0; i < ARRAY_LEN(regions); i++)
        if (id_in(regions[i].ids, id))
            return &regions[i];
    return NULL;
}

bool ui_body_knows(const char *region_id, bool *back)
{
    const struct body_region *r = find_region(region_id);
    if (r && back)
        *back = r->back;
    return r != NULL;
}

struct frame {
    float cx, top, scale;
};

static void grow(SDL_Rect *acc, bool *any, float x0, float y0, float x1,
                 float y1)
{
    SDL_Rect r = { (int)x0, (int)y0, (int)(x1 - x0) + 1, (int)(y1 - y0) + 1 };
    if (!*any)
        *acc = r;
    else
        SDL_UnionRect(acc, &r, acc);
    *any = true;
}

/* Draws one shape; `flip` mirrors it.  Grows *box by its bounds. */
static void draw_shape(struct ui *ui, const struct frame *fr,
                       const struct shape *s, bool flip, SDL_Color c,
                       SDL_Rect *box, bool *any)
{
    float m = flip ? -1.0f : 1.0f;
    const float *a = s->a;
    float k = fr->scale;
#define X(v) (fr->cx + m * (v) * k)
#define Y(v) (fr->top + (v) * k)
    switch (s->kind) {
    case SHAPE_CAPSULE: {
        float x1 = X(a[0]), y1 = Y(a[1]), r1 = a[2] * k;
        float x2 = X(a[3]), y2 = Y(a[4]), r2 = a[5] * k;
        ui_fill_capsule(ui, x1, y1, r1, x2, y2, r2, c);
        float l = (x1 - r1 < x2 - r2) ? x1 - r1 : x2 - r2;
        float r = (x1 + r1 > x2 + r2) ? x1 + r1 : x2 + r2;
        float t = (y1 - r1 < y2 - r2) ? y1 - r1 : y2 - r2;
        float b = (y1 + r1 > y2 + r2) ? y1 + r1 : y2 + r2;
        grow(box, any, l, t, r, b);
        break;
    }
    case SHAPE_ELLIPSE: {
        float cx = X(a[0]), cy = Y(a[1]), rx = a[2] * k, ry = a[3] * k;
        ui_fill_ellipse(ui, cx, cy, rx, ry, c);
        grow(box, any, cx - rx, cy - ry, cx + rx, cy + ry);
        break;
    }
    case SHAPE_QUAD: {
        float q[8];
        float l = 1e9f, r = -1e9f, t = 1e9f, b = -1e9f;
        for (int i = 0; i < 4; i++) {
            q[2 * i] = X(a[2 * i]);
            q[2 * i + 1] = Y(a[2 * i + 1]);
            if (q[2 * i] < l) l = q[2 * i];
            if (q[2 * i] > r) r = q[2 * i];
            if (q[2 * i + 1] < t) t = q[2 * i + 1];
            if (q[2 * i + 1] > b) b = q[2 * i + 1];
        }
        ui_fill_quad(ui, q, c);
        grow(box, any, l, t, r, b);
        break;
    }
    }
#undef X
#undef Y
}

void ui_draw_body(struct ui *ui, SDL_Rect box, bool back_view,
                  const char *region_id, enum ui_side side)
{
    struct frame fr;
    /* Leave room for the L / R labels beside the hands. */
    float label_w = (float)box.w * 0.12f;
    float sw = ((float)box.w - 2.0f * label_w) / 0.52f;
    float sh = (float)box.h / 1.0f;
    fr.scale = sw < sh ? sw : sh;
    fr.cx = (float)box.x + (float)box.w / 2.0f;
    fr.top = (float)box.y + ((float)box.h - fr.scale) / 2.0f;

    SDL_Rect dummy;
    bool none = false;
    for (size_t i = 0; i < ARRAY_LEN(base_shapes); i++) {
        const struct shape *s = &base_shapes[i];
        draw_shape(ui, &fr, s, false, UI_BODY, &dummy, &none);
        if (s->mirror)
            draw_shape(ui, &fr, s, true, UI_BODY, &dummy, &none);
    }
    /* A back view shows the spine as a line, so the two figures are told
     * apart at a glance; the front view shows a face line. */
    if (back_view) {
        ui_fill_capsule(ui, fr.cx, fr.top + .17f * fr.scale, .004f * fr.scale,
                        fr.cx, fr.top + .47f * fr.scale, .004f * fr.scale,
                        UI_BODY_EDGE);
    } else {
        ui_fill_ellipse(ui, fr.cx, fr.top + .085f * fr.scale,
                        .02f * fr.scale, .006f * fr.scale, UI_BODY_EDGE);
    }

    const struct body_region *r = find_region(region_id);
    if (r) {
        SDL_Rect hb = { 0, 0, 0, 0 };
        bool any = false;
        /* Shapes are given on the screen's left; that is the person's
         * right from the front and their left from the back. */
        bool left_on_screen_left = back_view;
        for (int i = 0; i < r->count; i++) {
            const struct shape *s = &r->shapes[i];
            if (!s->mirror || !r->paired || side == UI_SIDE_NONE) {
                draw_shape(ui, &fr, s, false, UI_HIGHLIGHT, &hb, &any);
                if (s->mirror)
                    draw_shape(ui, &fr, s, true, UI_HIGHLIGHT, &hb, &any);
            } else {
                bool want_left = side == UI_SIDE_LEFT;
                bool flip = want_left != left_on_screen_left;
                draw_shape(ui, &fr, s, flip, UI_HIGHLIGHT, &hb, &any);
            }
        }
        if (any) {
            ui->has_highlight = true;
            ui->highlight_box = hb;
        }
    }

    /* L and R beside the figure: which side is which is the question a
     * person on the floor asks first. */
    struct ui_text_style st = {
        .bold = true, .valign_center = true, .align = UI_ALIGN_CENTER,
        .fg = UI_TEXT_DIM, .bg = UI_BG, .role = UI_TEXT_SECONDARY,
    };
    int lw = (int)label_w;
    int ly = (int)(fr.top + .30f * fr.scale);
    int lh = (int)(.12f * fr.scale);
    int px = lh;
    /* TRANSLATORS: L and R mark the figure's left and right side. */
    ui_text(ui, back_view ? _("L") : _("R"), ui_rect(box.x, ly, lw, lh), px, 8,
            &st);
    ui_text(ui, back_view ? _("R") : _("L"),
            ui_rect(box.x + box.w - lw, ly, lw, lh), px, 8, &st);
    /* TRANSLATORS: the body figure seen from the back or the front. */
    ui_text(ui, back_view ? _("BACK") : _("FRONT"),
            ui_rect(box.x, (int)(fr.top + .985f * fr.scale), box.w,
                    box.y + box.h - (int)(fr.top + .985f * fr.scale)),
            lh * 2 / 3, 8, &st);
}
