/* SPDX-License-Identifier: GPL-3.0-or-later */
/* util/escape: what reaches a terminal from a file or the database. */
#include <stdlib.h>
#include <string.h>

#include "tests/check.h"
#include "util/escape.h"

static void expect(const char *in, const char *out)
{
    char *e = term_escape(in);
    CHECK_STR(e, out);
    free(e);
}

static void test_printable_text_passes(void)
{
    expect("Full-body basic", "Full-body basic");
    expect("\xc3\xa9paules, \xe6\x97\xa5\xe6\x9c\xac, \xf0\x9f\x99\x82",
           "\xc3\xa9paules, \xe6\x97\xa5\xe6\x9c\xac, \xf0\x9f\x99\x82");
    expect("back\\slash", "back\\slash");
    expect(NULL, "");
}

static void test_controls_are_shown(void)
{
    expect("a\x1b[31mred", "a\\e[31mred");
    expect("x\x1b]0;title\x07y", "x\\e]0;title\\x07y");
    expect("tab\tnl\ncr\r", "tab\\tnl\\ncr\\r");
    expect("del\x7f", "del\\u{007F}");
    expect("csi\xc2\x9b" "2J", "csi\\u{009B}2J");      /* C1 CSI */
    expect("osc\xc2\x9d", "osc\\u{009D}");
}

static void test_bidi_and_invisible_are_shown(void)
{
    expect("abc\xe2\x80\xae" "fed", "abc\\u{202E}fed");   /* RLO */
    expect("\xe2\x81\xa6x\xe2\x81\xa9", "\\u{2066}x\\u{2069}");
    expect("a\xe2\x80\x8b" "b", "a\\u{200B}b");           /* ZWSP */
    expect("\xef\xbb\xbfstart", "\\u{FEFF}start");
}

static void test_invalid_utf8_is_shown_bytewise(void)
{
    expect("bad\xff\xfe", "bad\\xFF\\xFE");
    expect("cut\xe2\x80", "cut\\xE2\\x80");
    expect("over\xc0\xaf", "over\\xC0\\xAF");     /* overlong '/' */
}

static void test_lines_kept_when_asked(void)
{
    char *e = term_escape_ex("one\ntwo\x1b", true);
    CHECK_STR(e, "one\ntwo\\e");
    free(e);
    CHECK_STR(term_safe("a\x1b"), "a\\e");
    CHECK_STR(term_safe_lines("a\nb"), "a\nb");
}

static void test_forbidden_classes(void)
{
    CHECK(text_forbidden_char(0x85) != NULL);
    CHECK(text_forbidden_char(0x202e) != NULL);
    CHECK(text_forbidden_char(0x200d) != NULL);
    CHECK(text_forbidden_char(0xe9) == NULL);
    CHECK(text_forbidden_char(0x1f642) == NULL);
}

int main(void)
{
    RUN_TEST(test_printable_text_passes);
    RUN_TEST(test_controls_are_shown);
    RUN_TEST(test_bidi_and_invisible_are_shown);
    RUN_TEST(test_invalid_utf8_is_shown_bytewise);
    RUN_TEST(test_lines_kept_when_asked);
    RUN_TEST(test_forbidden_classes);
    return check_summary("test_escape");
}
