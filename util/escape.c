/* SPDX-License-Identifier: GPL-3.0-or-later */
/* See escape.h. */
#include "util/escape.h"

#include <stdlib.h>
#include <string.h>

#include "util/util.h"

size_t utf8_decode(const unsigned char *s, size_t n, uint32_t *cp)
{
    if (n == 0)
        return 0;
    unsigned char c = s[0];
    size_t len;
    uint32_t v, min;
    if (c < 0x80) {
        *cp = c;
        return 1;
    } else if ((c & 0xe0) == 0xc0) {
        len = 2, v = c & 0x1f, min = 0x80;
    } else if ((c & 0xf0) == 0xe0) {
        len = 3, v = c & 0x0f, min = 0x800;
    } else if ((c & 0xf8) == 0xf0) {
        len = 4, v = c & 0x07, min = 0x10000;
    } else {
        return 0;
    }
    if (n < len)
        return 0;
    for (size_t i = 1; i < len; i++) {
        if ((s[i] & 0xc0) != 0x80)
            return 0;
        v = (v << 6) | (s[i] & 0x3f);
    }
    if (v < min || v > 0x10ffff || (v >= 0xd800 && v <= 0xdfff))
        return 0;
    *cp = v;
    return len;
}

size_t utf8_width(const char *s)
{
    size_t n = 0;
    for (; *s; s++)
        if (((unsigned char)*s & 0xc0) != 0x80)
            n++;
    return n;
}

const char *text_forbidden_char(uint32_t cp)
{
    if (cp == 0x7f || (cp >= 0x80 && cp <= 0x9f))
        return "a C1 control character";
    if (cp == 0x061c || cp == 0x200e || cp == 0x200f
        || (cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069))
        return "a bidirectional control character";
    if ((cp >= 0x200b && cp <= 0x200d) || cp == 0x2060 || cp == 0xfeff
        || cp == 0x180e || cp == 0x00ad || cp == 0x2028 || cp == 0x2029
        || (cp >= 0x2061 && cp <= 0x2064) || (cp >= 0xfff9 && cp <= 0xfffb))
        return "an invisible (zero-width) character";
    return NULL;
}

char *term_escape_ex(const char *s, bool keep_lines)
{
    if (!s)
        return xstrdup("");
    size_t n = strlen(s), cap = n + 1, len = 0;
    char *out = xmalloc(cap);
    const unsigned char *p = (const unsigned char *)s, *end = p + n;
    while (p < end) {
        uint32_t cp = 0;
        size_t k = utf8_decode(p, (size_t)(end - p), &cp);
        char tmp[16];
        const char *rep = NULL;
        if (k == 0) {
            snprintf(tmp, sizeof tmp, "\\x%02X", *p);
            rep = tmp;
            k = 1;
        } else if (cp == '\n' && keep_lines) {
            rep = NULL;
        } else if (cp < 0x20) {
            switch (cp) {
            case '\n': rep = "\\n"; break;
            case '\t': rep = "\\t"; break;
            case '\r': rep = "\\r"; break;
            case 0x1b: rep = "\\e"; break;
            default:
                snprintf(tmp, sizeof tmp, "\\x%02X", (unsigned)cp);
                rep = tmp;
            }
        } else if (text_forbidden_char(cp)) {
            snprintf(tmp, sizeof tmp, "\\u{%04X}", (unsigned)cp);
            rep = tmp;
        }
        size_t add = rep ? strlen(rep) : k;
        out = xgrow(out, &cap, len + add + 1, 1);
        memcpy(out + len, rep ? rep : (const char *)p, add);
        len += add;
        p += k;
    }
    out[len] = '\0';
    return out;
}

char *term_escape(const char *s)
{
    return term_escape_ex(s, false);
}

void term_fputs(const char *s, FILE *f)
{
    char *e = term_escape(s);
    fputs(e, f);
    free(e);
}

static const char *ring_keep(char *e)
{
    static _Thread_local char *ring[8];
    static _Thread_local unsigned next;
    unsigned i = next++ % 8;
    free(ring[i]);
    ring[i] = e;
    return e;
}

const char *term_safe(const char *s)
{
    return ring_keep(term_escape_ex(s, false));
}

const char *term_safe_lines(const char *s)
{
    return ring_keep(term_escape_ex(s, true));
}
