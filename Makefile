# SPDX-License-Identifier: GPL-3.0-or-later
# Unknot build.  Sources are found by folder, so a new module needs no edit
# here: drop foo.c into its subsystem folder and tests/test_foo.c beside the
# other tests.
#
#   make            build ./unknot
#   make check      unit + CLI tests, then the same under ASan+UBSan, then a
#                   short fuzz run of the parsers (when clang is installed)
#   make bench      benchmarks that print figures (never asserted)
#   make install    PREFIX=/usr/local DESTDIR=
#   make SAN=1      sanitizer build into build-san/

PREFIX  ?= /usr/local
BINDIR  ?= $(PREFIX)/bin
DATADIR ?= $(PREFIX)/share
SYSCONFDIR ?= /etc
MANDIR  ?= $(DATADIR)/man
DOCDIR  ?= $(DATADIR)/doc/unknot
DESTDIR ?=

CC      ?= cc
PKG_CONFIG ?= pkg-config
PKGS    := portaudio-2.0 espeak-ng sdl2 SDL2_ttf inih sqlite3 pocketsphinx sphinxbase alsa speexdsp \
           cairo pangocairo fontconfig jansson

BUILD ?= build
ifeq ($(SAN),1)
OUT     := $(BUILD)-san
SANFLAGS := -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
OPT     := -O1 -g
# Libraries loaded at run time (ALSA's plugins) stay loaded, so the leak
# check names their frames and sees what they hold; the suppressions match
# only libraries we do not own (tests/san/keep_modules.c says why).
SAN_OBJ := $(OUT)/tests/san/keep_modules.o
export LSAN_OPTIONS := suppressions=$(CURDIR)/tests/san/lsan.supp:print_suppressions=0$(if $(LSAN_OPTIONS),:$(LSAN_OPTIONS))
else
OUT     := $(BUILD)
SANFLAGS :=
SAN_OBJ :=
OPT     ?= -O2 -g
endif

# Library headers are system headers: their warnings are not ours to fix.
PKG_CFLAGS := $(patsubst -I%,-isystem %,$(shell $(PKG_CONFIG) --cflags $(PKGS)))
PKG_LIBS   := $(shell $(PKG_CONFIG) --libs $(PKGS))

WARN := -Wall -Wextra -Wshadow -Wundef -Wvla -Wstrict-prototypes \
        -Wmissing-prototypes -Wformat=2 -Wno-format-nonliteral -Werror
CPPFLAGS += -I. -D_DEFAULT_SOURCE -D_POSIX_C_SOURCE=200809L \
            -DUNKNOT_DATADIR='"$(DATADIR)/unknot"' \
            -DUNKNOT_LOCALEDIR='"$(DATADIR)/locale"' \
            -DUNKNOT_SYSCONFDIR='"$(SYSCONFDIR)"'
CFLAGS  ?=
ALL_CFLAGS := -std=c11 $(OPT) $(WARN) $(SANFLAGS) $(PKG_CFLAGS) -MMD -MP $(CFLAGS)
LDLIBS  += $(PKG_LIBS) -lpthread -lm

# Quiet by default; `make V=1` shows the full command lines.
ifeq ($(V),1)
Q :=
SAY := @true
else
Q := @
SAY := @printf '  %-6s %s\n'
endif

MODULE_DIRS := util config routines coach audio history session app ui report export
MODULE_SRC  := $(filter-out app/main.c,$(wildcard $(addsuffix /*.c,$(MODULE_DIRS))))
MODULE_OBJ  := $(MODULE_SRC:%.c=$(OUT)/%.o)
TEST_SRC    := $(wildcard tests/test_*.c)
TEST_BIN    := $(TEST_SRC:tests/%.c=$(OUT)/tests/%)
TEST_SUPPORT_SRC := $(filter-out $(TEST_SRC),$(wildcard tests/*.c))
TEST_SUPPORT_OBJ := $(TEST_SUPPORT_SRC:%.c=$(OUT)/%.o)
BENCH_SRC   := $(wildcard bench/bench_*.c)
BENCH_BIN   := $(BENCH_SRC:bench/%.c=$(OUT)/bench/%)
LIB         := $(OUT)/libunknot.a
LINGUAS := $(shell sed -e 's/\#.*//' po/LINGUAS 2>/dev/null)
MO      := $(LINGUAS:%=$(OUT)/locale/%/LC_MESSAGES/unknot.mo)

# Keep test and bench objects: they are intermediate files to make.
.SECONDARY:

.PHONY: mo update-po deb FORCE check-arm64 check-pi-vm pi-vm-bins pi-vm-bins-here all check test test-san bench fuzz install uninstall clean run deps
all: unknot

$(OUT)/%.o: %.c
	@mkdir -p $(dir $@)
	$(SAY) CC $@
	$(Q)$(CC) $(CPPFLAGS) $(ALL_CFLAGS) -c $< -o $@

# The installed data folder is compiled into util/paths.o (UNKNOT_DATADIR):
# a stamp holding the value, rewritten only when it differs, rebuilds that
# object when PREFIX or DATADIR changes, so `make install PREFIX=/usr` after
# a plain `make` installs a binary that looks in /usr/share/unknot.
$(OUT)/datadir.stamp: FORCE
	@mkdir -p $(dir $@)
	@echo '$(DATADIR)/unknot $(SYSCONFDIR)' | cmp -s - $@ || \
	  echo '$(DATADIR)/unknot $(SYSCONFDIR)' > $@
$(OUT)/util/paths.o $(OUT)/util/i18n.o: $(OUT)/datadir.stamp
FORCE:

$(LIB): $(MODULE_OBJ)
	@rm -f $@
	$(SAY) AR $@
	$(Q)$(AR) rcs $@ $^

$(OUT)/unknot: $(OUT)/app/main.o $(SAN_OBJ) $(LIB)
	$(SAY) LINK $@
	$(Q)$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $^ $(LDLIBS)

unknot: $(OUT)/unknot $(MO)
	@[ "$(SAN)" = 1 ] || cp $< $@

# Translations (po/, GNU gettext).  The catalogues are built into
# $(OUT)/locale, where the binary and the tests find them without
# installing (util/i18n.h); `make install` puts them under
# $(DATADIR)/locale.  `make update-po` re-extracts po/unknot.pot from the
# sources in po/POTFILES.in and merges it into every po/LANG.po.
mo: $(MO)
$(OUT)/locale/%/LC_MESSAGES/unknot.mo: po/%.po
	@mkdir -p $(dir $@)
	$(SAY) MSGFMT $@
	$(Q)msgfmt --check -o $@ $<
XGETTEXT_FLAGS := --from-code=UTF-8 --language=C --keyword=_ --keyword=N_ \
	--keyword=ngettext:1,2 --keyword=C_:1c,2 --add-comments=TRANSLATORS: \
	--package-name=unknot --msgid-bugs-address=maintainers@users.noreply.r-seed-5f2358ea.example
update-po:
	xgettext $(XGETTEXT_FLAGS) -f po/POTFILES.in -o po/unknot.pot
	@for l in $(LINGUAS); do printf '%s: ' $$l; \
	  msgmerge --update --backup=none --previous po/$$l.po po/unknot.pot || exit 1; done

$(OUT)/tests/%: $(OUT)/tests/%.o $(TEST_SUPPORT_OBJ) $(SAN_OBJ) $(LIB)
	$(SAY) LINK $@
	$(Q)$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $^ $(LDLIBS)

# Sanitizer build: a probe that leaks on purpose (tests/cli/san.sh).
$(OUT)/tests/san/leak_probe: $(OUT)/tests/san/leak_probe.o $(SAN_OBJ)
	$(SAY) LINK $@
	$(Q)$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $^ $(LDLIBS)

$(OUT)/bench/%: $(OUT)/bench/%.o $(SAN_OBJ) $(LIB)
	$(SAY) LINK $@
	$(Q)$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $^ $(LDLIBS)

# The tests run against the binary of the same build, so CLI tests exercise
# the sanitized binary in the sanitizer pass.
# TEST_WRAP runs foreign binaries (the arm64 build under qemu): the tests
# and the CLI scripts then call a small wrapper script instead of the binary.
TEST_WRAP ?=
test: $(OUT)/unknot $(TEST_BIN) $(MO) $(if $(SAN_OBJ),$(OUT)/tests/san/leak_probe)
ifeq ($(TEST_WRAP),)
	@LSAN_OPTIONS=suppressions=$(CURDIR)/tests/lsan.supp \
	  UNKNOT_BIN=$(CURDIR)/$(OUT)/unknot BUILD=$(OUT) sh tests/run.sh $(TEST_BIN)
else
	@printf '#!/bin/sh\nexec %s %s "$$@"\n' "$(TEST_WRAP)" "$(CURDIR)/$(OUT)/unknot" > $(OUT)/unknot-wrapped
	@chmod +x $(OUT)/unknot-wrapped
	@UNKNOT_BIN=$(CURDIR)/$(OUT)/unknot-wrapped TEST_WRAP="$(TEST_WRAP)" \
	  CLI_TESTS="$(ARM64_CLI_TESTS)" BUILD=$(OUT) sh tests/run.sh \
	  $(addprefix $(OUT)/tests/,$(ARM64_TESTS))
endif

# The Raspberry Pi build: cross-compiled for arm64 against Debian's :arm64
# libraries (multiarch), its tests run under qemu user emulation.
# scripts/install-deps --arm64 installs what it needs.
#
# qemu runs the binaries with Debian's arm64 loader and libraries
# (/lib/ld-linux-aarch64.so.1, libc6:arm64, installed with the :arm64 -dev
# packages).  It used to be given -L /usr/aarch64-linux-gnu, which loads
# the cross toolchain's ld.so (libc6-arm64-cross, another glibc build) with
# libc6:arm64's libc.so.6: eSpeak NG's initialisation then spun forever in
# glibc and SDL_Quit hung, which is why the run below covers only the tests
# that need neither.  make check-pi-vm runs the rest on a whole emulated
# arm64 machine.  All test binaries are cross-built.
ARM64_TESTS := test_routine test_question test_settings test_engine \
	test_engine_props test_ui_front test_ui_home test_ui_input
ARM64_CLI_TESTS := tests/cli/check.sh tests/cli/config.sh tests/cli/install.sh
# pulse.sh runs in the emulated machine too, with its real-time budgets
# (a summary screen under 3.5% of a core, utterances paced as spoken,
# "stop" heard over the coach within seconds) reported rather than held:
# software emulation, many times slower than a Pi, misses them by
# construction (UNKNOT_BUDGETS=report, scripts/pi-vm/guest.sh).
PI_VM_HOST_CLI_TESTS :=
ARM64_VARS := CC=aarch64-linux-gnu-gcc AR=aarch64-linux-gnu-ar \
	PKG_CONFIG=aarch64-linux-gnu-pkg-config BUILD=build-arm64 \
	TEST_WRAP="qemu-aarch64-static"
check-arm64:
	@$(MAKE) --no-print-directory $(ARM64_VARS) test

# The Raspberry Pi for real: a whole emulated arm64 machine (qemu-system,
# Debian 12 arm64 built from Debian's archive) installs the arm64 .deb and
# runs a whole session with speech and the window, and the tests above
# leave out (scripts/check-pi-vm; scripts/install-deps --pi-vm).
# PI_VM_ARGS=--short for the part CI runs, --bench for docs/pi-bench.md.
PI_VM_ARGS ?=
check-pi-vm:
	@scripts/check-pi-vm $(PI_VM_ARGS)
# What it copies into the machine: the arm64 build of check-arm64, with
# the lists of the tests that need a whole machine.
pi-vm-bins:
	@$(MAKE) --no-print-directory $(ARM64_VARS) pi-vm-bins-here
pi-vm-bins-here: $(OUT)/unknot $(TEST_BIN) $(OUT)/bench/pi_session $(MO)
	@echo $(filter-out $(addprefix $(OUT)/tests/,$(ARM64_TESTS)),$(TEST_BIN)) \
	  > $(OUT)/pi-vm-tests
	@echo $(filter-out $(ARM64_CLI_TESTS) $(PI_VM_HOST_CLI_TESTS) tests/cli/lib.sh,$(wildcard tests/cli/*.sh)) \
	  > $(OUT)/pi-vm-cli-tests

test-san:
	@$(MAKE) --no-print-directory SAN=1 test

check: unknot
	@$(MAKE) --no-print-directory test
	@$(MAKE) --no-print-directory SAN=1 test
	@$(MAKE) --no-print-directory fuzz FUZZ_SECONDS=10
	@sh tests/total.sh

bench: $(OUT)/unknot $(BENCH_BIN)
	@for b in $(BENCH_BIN); do echo "== $$b"; UNKNOT_BIN=$(CURDIR)/$(OUT)/unknot $$b || exit 1; done
	@[ ! -f bench/run.sh ] || UNKNOT_BIN=$(CURDIR)/$(OUT)/unknot sh bench/run.sh

FUZZ_SECONDS ?= 60
fuzz:
	@if [ -f fuzz/Makefile ]; then $(MAKE) --no-print-directory -f fuzz/Makefile FUZZ_SECONDS=$(FUZZ_SECONDS); \
	else echo "fuzz: no targets yet"; fi

run: unknot
	./unknot

deps:
	sh scripts/install-deps

# The binary `make install` copies: the package build and the install test
# name one already built.
INSTALL_BIN ?= unknot
install: $(INSTALL_BIN) $(MO)
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(DATADIR)/unknot/routines
	install -m 755 $(INSTALL_BIN) $(DESTDIR)$(BINDIR)/unknot
	install -m 644 routines/*.ini $(DESTDIR)$(DATADIR)/unknot/routines/
	[ ! -f config/unknot.ini ] || { install -d $(DESTDIR)$(DATADIR)/unknot; \
	  install -m 644 config/unknot.ini $(DESTDIR)$(DATADIR)/unknot/config.ini.example; }
	install -d $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(MANDIR)/man5 \
	  $(DESTDIR)$(DATADIR)/applications \
	  $(DESTDIR)$(DATADIR)/icons/hicolor/scalable/apps
	install -m 644 docs/unknot.1 $(DESTDIR)$(MANDIR)/man1/unknot.1
	install -d $(DESTDIR)$(DOCDIR)
	install -m 644 README.md docs/*.md $(DESTDIR)$(DOCDIR)/
	install -m 644 docs/unknot-kiosk.1 $(DESTDIR)$(MANDIR)/man1/unknot-kiosk.1
	install -m 644 docs/unknot-routine.5 $(DESTDIR)$(MANDIR)/man5/unknot-routine.5
	install -m 644 dist/unknot.desktop $(DESTDIR)$(DATADIR)/applications/unknot.desktop
	install -m 644 dist/unknot.svg $(DESTDIR)$(DATADIR)/icons/hicolor/scalable/apps/unknot.svg
	install -m 644 dist/unknot-kiosk.desktop $(DESTDIR)$(DATADIR)/unknot/unknot-kiosk.desktop
	sed 's|@UNKNOT_DATADIR@|$(DATADIR)/unknot|' dist/unknot-kiosk > $(DESTDIR)$(BINDIR)/unknot-kiosk
	chmod 755 $(DESTDIR)$(BINDIR)/unknot-kiosk
	for l in $(LINGUAS); do \
	  install -d $(DESTDIR)$(DATADIR)/locale/$$l/LC_MESSAGES; \
	  install -m 644 $(OUT)/locale/$$l/LC_MESSAGES/unknot.mo \
	    $(DESTDIR)$(DATADIR)/locale/$$l/LC_MESSAGES/unknot.mo; done

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/unknot $(DESTDIR)$(BINDIR)/unknot-kiosk
	rm -f $(DESTDIR)$(MANDIR)/man1/unknot.1 $(DESTDIR)$(MANDIR)/man1/unknot-kiosk.1
	rm -f $(DESTDIR)$(MANDIR)/man5/unknot-routine.5
	rm -rf $(DESTDIR)$(DOCDIR)
	rm -f $(DESTDIR)$(DATADIR)/applications/unknot.desktop
	rm -f $(DESTDIR)$(DATADIR)/icons/hicolor/scalable/apps/unknot.svg
	rm -rf $(DESTDIR)$(DATADIR)/unknot
	for l in $(LINGUAS); do \
	  rm -f $(DESTDIR)$(DATADIR)/locale/$$l/LC_MESSAGES/unknot.mo; done

# The Debian package (debian/, binary only, unsigned) into $(OUT)/deb/.
# dpkg-buildpackage leaves its files beside the tree; they are moved here.
# scripts/install-deps --deb installs the tools.
# DEB_ARCH=arm64 cross-builds the Raspberry Pi package (without its tests,
# which cannot run here; scripts/install-deps --arm64 --deb):
#   make deb DEB_ARCH=arm64 BUILD=build-arm64
DEB_ENV := env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL
DEB_ARCH ?=
deb:
	$(DEB_ENV) $(if $(DEB_ARCH),DEB_BUILD_OPTIONS="nocheck $$DEB_BUILD_OPTIONS") \
	  dpkg-buildpackage -us -uc -b $(if $(DEB_ARCH),-a$(DEB_ARCH))
	@mkdir -p $(OUT)/deb
	@v=$$(dpkg-parsechangelog -S Version); a=$(or $(DEB_ARCH),$$(dpkg-architecture -qDEB_HOST_ARCH)); \
	  for f in ../unknot_$${v}_$$a.deb ../unknot-dbgsym_$${v}_$$a.deb \
	    ../unknot_$${v}_$$a.buildinfo ../unknot_$${v}_$$a.changes; do \
	    [ ! -f $$f ] || mv -f $$f $(OUT)/deb/; done; \
	  echo "deb: $(OUT)/deb/unknot_$${v}_$$a.deb"

clean:
	rm -rf build build-san build-fuzz build-arm64 build-pi-vm unknot

-include $(MODULE_OBJ:.o=.d) $(OUT)/app/main.d $(TEST_BIN:=.d) \
	$(TEST_SUPPORT_OBJ:.o=.d) $(BENCH_BIN:=.d)
