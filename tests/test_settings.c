/* SPDX-License-Identifier: GPL-3.0-or-later */
/* User settings: defaults, the default file, every error class at its
 * line, Windows files, sources, the command line and the data folder. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config/settings.h"
#include "tests/check.h"
#include "util/diag.h"
#include "util/util.h"

/* Everything `fn` writes to a FILE, as a string (caller frees). */
static char *capture(void (*fn)(FILE *))
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    fn(f);
    fclose(f);
    return buf;
}

static void print_defaults(FILE *f)
{
    struct settings s;
    settings_defaults(&s);
    settings_print(&s, f);
}

/* Loads text over the defaults; returns the load's result. */
static int load(struct settings *s, const char *text,
                struct diag_list *dl)
{
    settings_defaults(s);
    diag_init(dl);
    return settings_load_string(s, text, strlen(text), "t.ini", dl);
}

/* The diagnostics as one string, one per line (caller frees). */
static char *diags_text(const struct diag_list *dl)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    diag_print(dl, f);
    fclose(f);
    return buf;
}

/* Loads text that must give exactly one error, on `line`, containing
 * `want`. */
static void expect_error(const char *text, int line, const char *want)
{
    struct settings s;
    struct diag_list dl;
    int rc = load(&s, text, &dl);
    char *all = diags_text(&dl);
    CHECK_INT(rc, ==, -1);
    CHECK_INT(dl.errors, ==, 1);
    if (dl.count >= 1) {
        char *prefix = xasprintf("t.ini:%d: error: ", line);
        CHECK(str_starts_with(all, prefix));
        if (!str_starts_with(all, prefix))
            fprintf(stderr, "    got: %s    for: %s\n", all, text);
        free(prefix);
        CHECK_CONTAINS(all, want);
    }
    free(all);
    diag_free(&dl);
}

static void test_defaults(void)
{
    struct settings s;
    settings_defaults(&s);
    CHECK_STR(s.voice, "en");
    CHECK_INT(s.rate_wpm, ==, 150);
    CHECK_INT(s.volume, ==, 80);
    CHECK_STR(s.audio_output, "portaudio");
    CHECK_STR(s.output_device, "");
    CHECK(s.voice_input);
    CHECK(!s.fullscreen);
    CHECK(s.text_scale == 1.0);
    CHECK_INT(s.lead_in_s, ==, 5);
    CHECK_INT(s.detail, ==, DETAIL_DETAILED);
    CHECK_INT(s.soreness_stop, ==, 7);
    CHECK_STR(s.data_dir, "");
    CHECK_STR(s.patient_name, "");
    CHECK_STR(s.patient_id, "");
    CHECK_STR(s.language, "system");
    CHECK_INT(SETTING_COUNT, ==, 18);
    for (int i = 0; i < SETTING_COUNT; i++)
        CHECK_INT(s.source[i], ==, SOURCE_DEFAULT);
}

/* config/unknot.ini is committed; it must be what the table generates. */
static void test_default_file_matches_table(void)
{
    size_t len = 0;
    char *file = check_read_file("config/unknot.ini", &len);
    CHECK(file != NULL);
    char *gen = capture(settings_write_defaults);
    if (file && gen) {
        CHECK_INT(len, ==, strlen(gen));
        CHECK(strcmp(file, gen) == 0);
        if (strcmp(file, gen))
            fprintf(stderr, "    config/unknot.ini is stale: run "
                    "./unknot config --defaults > config/unknot.ini\n");
    }
    free(file);
    free(gen);
}

/* The default file loads cleanly as it is (every key commented out), and
 * with every key uncommented it sets each key to its default. */
static void test_default_file_loads(void)
{
    char *gen = capture(settings_write_defaults);
    struct settings s, d;
    struct diag_list dl;
    settings_defaults(&d);
    CHECK_INT(load(&s, gen, &dl), ==, 0);
    CHECK_INT(dl.count, ==, 0);
    diag_free(&dl);

    /* Uncomment "; key =" lines. */
    char *un = xstrdup(gen);
    int keys = 0;
    for (char *p = un; (p = strstr(p, "\n; ")); p++) {
        char *q = p + 3;
        while ((*q >= 'a' && *q <= 'z') || *q == '_')
            q++;
        if (q > p + 3 && str_starts_with(q, " =")) {
            memmove(p + 1, p + 3, strlen(p + 3) + 1);
            keys++;
        }
    }
    CHECK_INT(keys, ==, 18);
    CHECK_INT(load(&s, un, &dl), ==, 0);
    CHECK_INT(dl.count, ==, 0);
    diag_free(&dl);
    CHECK_STR(s.voice, d.voice);
    CHECK_INT(s.rate_wpm, ==, d.rate_wpm);
    CHECK_INT(s.soreness_stop, ==, d.soreness_stop);
    CHECK(s.text_scale == d.text_scale);
    CHECK_INT(s.detail, ==, d.detail);
    for (int i = 0; i < SETTING_COUNT; i++) {
        CHECK_INT(s.source[i], ==, SOURCE_FILE);
        CHECK_INT(s.source_line[i], >, 10);
    }
    free(un);
    free(gen);
}

static void test_values_and_sources(void)
{
    struct settings s;
    struct diag_list dl;
    const char *text =
        "; mine\n"
        "[speech]\n"
        "rate = 120\n"
        "voice = en-gb   ; inline comment\n"
        "[coach]\n"
        "soreness_stop = 5\n"
        "prompt_detail = concise\n"
        "lead_in: 12\n"
        "[display]\n"
        "  fullscreen = YES\n"
        "text_scale = 1.25\n"
        "keymap = PageDown=next, Page Up = Repeat ,b=pause,F5=10\n"
        "[audio]\n"
        "output = wav\n"
        "wav_file = séance en français.wav\n";
    CHECK_INT(load(&s, text, &dl), ==, 0);
    CHECK_INT(dl.count, ==, 0);
    diag_free(&dl);
    CHECK_INT(s.rate_wpm, ==, 120);
    CHECK_STR(s.voice, "en-gb");
    CHECK_INT(s.soreness_stop, ==, 5);
    CHECK_INT(s.detail, ==, DETAIL_CONCISE);
    CHECK_INT(s.lead_in_s, ==, 12);
    CHECK(s.fullscreen);
    CHECK(s.text_scale == 1.25);
    CHECK_STR(s.audio_output, "wav");
    CHECK_STR(s.wav_file, "séance en français.wav");
    CHECK_STR(s.keymap, "PageDown=next, Page Up = Repeat ,b=pause,F5=10");
    CHECK_INT(s.volume, ==, 80);
    CHECK_INT(s.source[SETTING_rate], ==, SOURCE_FILE);
    CHECK_INT(s.source_line[SETTING_rate], ==, 3);
    CHECK_INT(s.source[SETTING_soreness_stop], ==, SOURCE_FILE);
    CHECK_INT(s.source_line[SETTING_soreness_stop], ==, 6);
    CHECK_INT(s.source_line[SETTING_keymap], ==, 12);
    CHECK_INT(s.source[SETTING_volume], ==, SOURCE_DEFAULT);
    CHECK_STR(s.source_file, "t.ini");
}

static void test_windows_file(void)
{
    struct settings s;
    struct diag_list dl;
    const char *text = "\xEF\xBB\xBF[speech]\r\nrate = 100\r\n\r\n"
                       "[coach]\r\nlead_in = 9\r\nvolume = 5\r\n";
    CHECK_INT(load(&s, text, &dl), ==, -1);
    char *all = diags_text(&dl);
    /* The BOM and CRs change nothing, line numbers included. */
    CHECK_STR(all, "t.ini:6: error: 'volume' belongs in [speech], not "
              "[coach]: move it\n");
    CHECK_INT(s.rate_wpm, ==, 100);
    CHECK_INT(s.lead_in_s, ==, 9);
    free(all);
    diag_free(&dl);
}

static void test_errors_each_at_its_line(void)
{
    expect_error("rate = 100\n", 1, "outside any section; put it under "
                 "[speech]");
    expect_error("[speech]\nvolme = 50\n", 2, "did you mean 'volume'?");
    expect_error("[speech]\nzzzzzzz = 1\n", 2, "the keys here are voice, "
                 "language, rate or volume");
    expect_error("[speech]\n\nrate = 90\nrate = 100\n", 4,
                 "'rate' is set twice (first on line 3)");
    expect_error("[speech]\n[coach]\n[speech]\n", 3,
                 "section [speech] appears twice (first on line 1)");
    expect_error("[spech]\nrate = 1\n", 1, "unknown section [spech]; did "
                 "you mean [speech]?");
    expect_error("[colours]\n", 1, "the sections are [speech] [audio]");
    expect_error("[speech\nrate = 100\n", 1, "unterminated section header: "
                 "add ']'");
    expect_error("[speech] rate = 100\n", 1, "text after the section "
                 "header");
    expect_error("[speech]\nrate 100\n", 2, "expected 'key = value'");
    expect_error("[speech]\n= 100\n", 2, "missing key name");
    expect_error("[speech]\nrate = fast\n", 2, "'fast' is not a whole "
                 "number; allowed 80 to 260 words per minute");
    expect_error("[speech]\nrate = 300\n", 2, "300 is out of range; "
                 "allowed 80 to 260");
    expect_error("[speech]\nrate =\n", 2, "allowed 80 to 260");
    expect_error("[speech]\nvolume = -1\n", 2, "allowed 0 to 100");
    expect_error("[speech]\nvoice = en us\n", 2, "is not a voice id");
    expect_error("[speech]\nvoice =\n", 2, "name a voice");
    expect_error("[audio]\noutput = pulseaudio\n", 2,
                 "use portaudio, wav or null");
    expect_error("[audio]\noutput = wave\n", 2, "did you mean 'wav'?");
    expect_error("[input]\nvoice_input = maybe\n", 2, "write yes or no");
    expect_error("[display]\ntext_scale = 0.5\n", 2,
                 "allowed 0.75 to 2.0");
    expect_error("[display]\ntext_scale = big\n", 2, "is not a number");
    expect_error("[display]\nkeymap = a=next,b\n", 2, "'b' has no '='");
    expect_error("[display]\nkeymap = a=next,\n", 2, "ends with a comma");
    expect_error("[display]\nkeymap = =next\n", 2, "no key before '='");
    expect_error("[display]\nkeymap = a=\n", 2, "no command after '='");
    expect_error("[display]\nkeymap = a=Next!\n", 2, "must be one word");
    expect_error("[coach]\nlead_in = 2\n", 2, "allowed 3 to 30 seconds");
    expect_error("[coach]\nprompt_detail = short\n", 2,
                 "use concise or detailed");
    expect_error("[speech]\nrate = 100\x01\n", 2, "control character 0x01");
    expect_error("[speech]\nvoice = \xC3\x28\n", 2, "not valid UTF-8");
    expect_error("[speech]\n  rate = 120\n  volume = 30x\n", 3,
                 "'30x' is not a whole number");
}

/* The built-in rule stops at soreness 7; the setting may only be
 * stricter. */
static void test_soreness_stop_only_stricter(void)
{
    struct settings s;
    struct diag_list dl;
    CHECK_INT(load(&s, "[coach]\nsoreness_stop = 3\n", &dl), ==, 0);
    CHECK_INT(s.soreness_stop, ==, 3);
    diag_free(&dl);
    expect_error("[coach]\nsoreness_stop = 8\n", 2,
                 "8 is looser than the built-in safety rule, which stops a "
                 "region at soreness 7; allowed 3 to 7");
    expect_error("[coach]\nsoreness_stop = 10\n", 2, "allowed 3 to 7");
    expect_error("[coach]\nsoreness_stop = 2\n", 2, "allowed 3 to 7");
    /* A bad value leaves the default in force. */
    CHECK_INT(load(&s, "[coach]\nsoreness_stop = 9\n", &dl), ==, -1);
    CHECK_INT(s.soreness_stop, ==, 7);
    diag_free(&dl);
}

/* Debian's inih cuts lines over 200 bytes without a word; they must be
 * reported, and later line numbers must not shift. */
static void test_long_lines(void)
{
    struct settings s;
    struct diag_list dl;
    char ok[400], bad[400];
    /* "wav_file = " is 11 bytes. */
    snprintf(ok, sizeof ok, "[audio]\nwav_file = %0*d\r\n", 186, 0);
    CHECK_INT(load(&s, ok, &dl), ==, 0);
    CHECK_INT(strlen(s.wav_file), ==, 186);
    diag_free(&dl);
    snprintf(bad, sizeof bad, "[audio]\nwav_file = %0*d\n[speech]\n"
             "rate = 1\n", 187, 0);
    CHECK_INT(load(&s, bad, &dl), ==, -1);
    char *all = diags_text(&dl);
    CHECK_STR(all, "t.ini:2: error: line is 198 bytes long; the longest "
              "allowed is 197: shorten it\n"
              "t.ini:4: error: rate = 1: 1 is out of range; allowed 80 to "
              "260 words per minute\n");
    CHECK_STR(s.wav_file, "unknot.wav");
    free(all);
    diag_free(&dl);
}

static void test_many_errors_are_capped_in_line_order(void)
{
    char *text = xstrdup("[speech]\n");
    for (int i = 0; i < 40; i++) {
        char *next = xasprintf("%s%s", text, i % 2 ? "junk\n" : "x = 1\n");
        free(text);
        text = next;
    }
    struct settings s;
    struct diag_list dl;
    CHECK_INT(load(&s, text, &dl), ==, -1);
    CHECK_INT(dl.count, ==, 21);
    if (dl.count == 21) {
        for (size_t i = 0; i < 20; i++)
            CHECK_INT(dl.items[i].line, ==, (int)i + 2);
        CHECK_CONTAINS(dl.items[20].message, "too many errors");
    }
    free(text);
    diag_free(&dl);
}

static void test_binary_garbage(void)
{
    struct settings s;
    struct diag_list dl;
    const char bin[] = "\x7f" "ELF\x02\x01\x01\0\0\0\n\xff\xfe\n[\0]\n";
    settings_defaults(&s);
    diag_init(&dl);
    CHECK_INT(settings_load_string(&s, bin, sizeof bin - 1, "b.ini", &dl),
              ==, -1);
    CHECK_INT(dl.errors, ==, 3);
    diag_free(&dl);
}

/* The text is given with its length and need not end in NUL: under
 * AddressSanitizer, reading one byte past it fails this test. */
static void test_text_without_nul(void)
{
    const char text[] = "\xEF\xBB\xBF[speech]\nrate = 90";
    size_t len = sizeof text - 1;
    char *exact = xmalloc(len);
    memcpy(exact, text, len);
    struct settings s;
    struct diag_list dl;
    settings_defaults(&s);
    diag_init(&dl);
    CHECK_INT(settings_load_string(&s, exact, len, "t.ini", &dl), ==, 0);
    CHECK_INT(s.rate_wpm, ==, 90);
    diag_free(&dl);
    /* Only the byte-order mark. */
    CHECK_INT(settings_load_string(&s, exact, 3, "t.ini", &dl), ==, 0);
    CHECK_INT(dl.count, ==, 0);
    diag_free(&dl);
    free(exact);
}

static void test_files(void)
{
    struct settings s;
    struct diag_list dl;
    const char *dir = check_tmpdir();

    /* No default file: the defaults, silently. */
    char *cfg = xasprintf("%s/config-home", dir);
    setenv("XDG_CONFIG_HOME", cfg, 1);
    settings_defaults(&s);
    diag_init(&dl);
    CHECK_INT(settings_load(&s, NULL, &dl), ==, 0);
    CHECK_INT(dl.count, ==, 0);
    CHECK(!s.file_found);
    char *want = xasprintf("%s/unknot/config.ini", cfg);
    CHECK_STR(s.source_file, want);
    diag_free(&dl);

    /* The default file, when there is one. */
    char *cmd = xasprintf("mkdir -p '%s/unknot' && printf '[speech]\\n"
                          "rate = 111\\n' > '%s'", cfg, want);
    CHECK_INT(system(cmd), ==, 0);
    settings_defaults(&s);
    diag_init(&dl);
    CHECK_INT(settings_load(&s, NULL, &dl), ==, 0);
    CHECK(s.file_found);
    CHECK_INT(s.rate_wpm, ==, 111);
    diag_free(&dl);

    /* A missing --config file is an error. */
    char *missing = xasprintf("%s/nope.ini", dir);
    settings_defaults(&s);
    diag_init(&dl);
    CHECK_INT(settings_load(&s, missing, &dl), ==, -1);
    char *all = diags_text(&dl);
    CHECK_CONTAINS(all, "nope.ini: error: no such settings file");
    free(all);
    diag_free(&dl);

    /* A folder is not a settings file. */
    settings_defaults(&s);
    diag_init(&dl);
    CHECK_INT(settings_load(&s, dir, &dl), ==, -1);
    all = diags_text(&dl);
    CHECK_CONTAINS(all, "is a folder");
    free(all);
    diag_free(&dl);

    /* Errors in a --config file name the file. */
    char *path = check_write_file("bad.ini", "[speech]\nrate = 1\n", 18);
    settings_defaults(&s);
    diag_init(&dl);
    CHECK_INT(settings_load(&s, path, &dl), ==, -1);
    all = diags_text(&dl);
    char *line = xasprintf("%s:2: error: rate = 1:", path);
    CHECK(str_starts_with(all, line));
    free(line);
    free(all);
    diag_free(&dl);

    /* settings_load_for_app starts from the defaults. */
    s.rate_wpm = 99;
    CHECK_INT(settings_load_for_app(&s, NULL), ==, 0);
    CHECK_INT(s.rate_wpm, ==, 111);
    CHECK_INT(settings_load_for_app(&s, path), ==, -1);

    unsetenv("XDG_CONFIG_HOME");
    free(path);
    free(missing);
    free(cmd);
    free(want);
    free(cfg);
}

static void test_command_line(void)
{
    struct settings s;
    struct diag_list dl;
    settings_defaults(&s);
    diag_init(&dl);
    CHECK_INT(settings_set(&s, "volume", "60", &dl), ==, 0);
    CHECK_INT(settings_set(&s, "coach.lead_in", " 10 ", &dl), ==, 0);
    CHECK_INT(s.volume, ==, 60);
    CHECK_INT(s.lead_in_s, ==, 10);
    CHECK_INT(s.source[SETTING_volume], ==, SOURCE_COMMAND_LINE);
    CHECK_INT(dl.count, ==, 0);
    CHECK_INT(settings_set(&s, "volme", "60", &dl), ==, -1);
    CHECK_INT(settings_set(&s, "speech.lead_in", "6", &dl), ==, -1);
    CHECK_INT(settings_set(&s, "soreness_stop", "8", &dl), ==, -1);
    CHECK_INT(s.soreness_stop, ==, 7);
    char *all = diags_text(&dl);
    CHECK_CONTAINS(all, "command line: error: unknown setting 'volme'; did "
                   "you mean 'volume'?");
    CHECK_CONTAINS(all, "unknown setting 'speech.lead_in'");
    CHECK_CONTAINS(all, "allowed 3 to 7");
    free(all);
    diag_free(&dl);
}

/* What `unknot config` prints is itself a valid settings file that gives
 * the same values, and says where each came from. */
static void test_print_round_trip(void)
{
    struct settings s, t;
    struct diag_list dl;
    CHECK_INT(load(&s, "[speech]\nrate = 133\n[display]\ntext_scale = "
                   "1.75\nkeymap = x=next\n", &dl), ==, 0);
    diag_free(&dl);
    diag_init(&dl);
    CHECK_INT(settings_set(&s, "volume", "42", &dl), ==, 0);
    diag_free(&dl);
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    settings_print(&s, f);
    fclose(f);
    CHECK_CONTAINS(buf, "rate = 133");
    CHECK_CONTAINS(buf, "; t.ini:2\n");
    CHECK_CONTAINS(buf, "; command line\n");
    CHECK_CONTAINS(buf, "voice = en ");
    CHECK_CONTAINS(buf, "; default\n");
    CHECK_INT(load(&t, buf, &dl), ==, 0);
    CHECK_INT(dl.count, ==, 0);
    CHECK_INT(t.rate_wpm, ==, 133);
    CHECK_INT(t.volume, ==, 42);
    CHECK(t.text_scale == 1.75);
    CHECK_STR(t.keymap, "x=next");
    diag_free(&dl);
    free(buf);

    char *def = capture(print_defaults);
    CHECK_CONTAINS(def, "soreness_stop = 7");
    free(def);
}

static void test_markdown_lists_every_key(void)
{
    char *md = capture(settings_write_markdown);
    const char *keys[] = { "voice", "rate", "volume", "output",
                           "output_device", "wav_file", "voice_input",
                           "input_device", "fullscreen", "text_scale",
                           "keymap", "lead_in", "prompt_detail",
                           "soreness_stop", "data_dir" };
    for (size_t i = 0; i < ARRAY_LEN(keys); i++) {
        char *cell = xasprintf("| `%s` |", keys[i]);
        CHECK_CONTAINS(md, cell);
        free(cell);
    }
    CHECK_CONTAINS(md, "portaudio, wav or null");
    free(md);
}

static void test_data_dir(void)
{
    struct settings s;
    settings_defaults(&s);
    setenv("XDG_DATA_HOME", "/srv/data", 1);
    char *d = settings_data_dir(&s);
    CHECK_STR(d, "/srv/data/unknot");
    free(d);
    setenv("HOME", "/home/pat", 1);
    strcpy(s.data_dir, "~/unknot-data");
    d = settings_data_dir(&s);
    CHECK_STR(d, "/home/pat/unknot-data");
    free(d);
    strcpy(s.data_dir, "/mnt/usb/unknot");
    d = settings_data_dir(&s);
    CHECK_STR(d, "/mnt/usb/unknot");
    free(d);
    unsetenv("XDG_DATA_HOME");
}

int main(void)
{
    RUN_TEST(test_defaults);
    RUN_TEST(test_default_file_matches_table);
    RUN_TEST(test_default_file_loads);
    RUN_TEST(test_values_and_sources);
    RUN_TEST(test_windows_file);
    RUN_TEST(test_errors_each_at_its_line);
    RUN_TEST(test_soreness_stop_only_stricter);
    RUN_TEST(test_long_lines);
    RUN_TEST(test_many_errors_are_capped_in_line_order);
    RUN_TEST(test_binary_garbage);
    RUN_TEST(test_text_without_nul);
    RUN_TEST(test_files);
    RUN_TEST(test_command_line);
    RUN_TEST(test_print_round_trip);
    RUN_TEST(test_markdown_lists_every_key);
    RUN_TEST(test_data_dir);
    return check_summary("settings");
}
