# liqtop — terminal monitor for crypto-derivatives market stress.
#
#   make            build ./liqtop
#   make run        install missing build dependencies, build, start the live monitor
#   make demo       the same, with the built-in simulated market (no network)
#   make check      install missing dependencies, build with -Werror, run every test
#   make asan       the test suite under AddressSanitizer + UndefinedBehaviorSanitizer
#   make fuzz       each libFuzzer target briefly (clang); make fuzz-long SECONDS=N
#   make bench      performance figures (never fails on timing)
#   make install    PREFIX=/usr/local DESTDIR= (binary, man page, themes)
#   make deps       install missing Debian packages (apt-get, through sudo if needed)
#
# V=1 shows the compiler command lines.

VERSION    := 0.1.0
PKG_CONFIG ?= pkg-config
PREFIX     ?= /usr/local
BINDIR     ?= $(PREFIX)/bin
MANDIR     ?= $(PREFIX)/share/man
DATADIR    ?= $(PREFIX)/share/liqtop
CC         ?= cc
BUILD      ?= build
BIN        ?= liqtop

OPT    ?= -O2 -g
CFLAGS ?= $(OPT)
WARN   := -Wall -Wextra -Wpedantic -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
          -Wformat=2 -Wcast-qual -Wpointer-arith -Wundef -Wwrite-strings
# CI and `make check` add -Werror; plain `make` keeps warnings as warnings.
WERROR ?=
SANFLAGS ?=

PKGS      := ncursesw libcurl libcjson
PKG_CFLAGS = $(shell $(PKG_CONFIG) --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   = $(shell $(PKG_CONFIG) --libs $(PKGS) 2>/dev/null)
TEST_LIBS  = $(shell $(PKG_CONFIG) --libs cmocka 2>/dev/null)

ALL_CFLAGS = -std=c11 $(WARN) $(WERROR) $(SANFLAGS) $(CFLAGS) -Iinclude $(PKG_CFLAGS) \
             -DLIQTOP_VERSION='"$(VERSION)"' -DLIQTOP_DATADIR='"$(DATADIR)"'
ALL_LDFLAGS = $(SANFLAGS) $(LDFLAGS)
LIBS = $(PKG_LIBS) -lm

ifeq ($(V),1)
Q :=
else
Q := @
endif

LIB_SRC  := $(filter-out src/main.c,$(wildcard src/*.c src/venue/*.c src/ui/*.c))
LIB_OBJ  := $(LIB_SRC:%.c=$(BUILD)/%.o)
MAIN_OBJ := $(BUILD)/src/main.o
LIBA     := $(BUILD)/libliqtop.a

TEST_SRC := $(wildcard tests/test_*.c)
TEST_BIN := $(TEST_SRC:tests/%.c=$(BUILD)/tests/%)
# Support code shared by tests (fixture loading, helpers) and the loopback mock servers.
TESTLIB_SRC := $(wildcard tests/support/*.c)
TESTLIB_OBJ := $(TESTLIB_SRC:%.c=$(BUILD)/%.o)
$(TESTLIB_OBJ): ALL_CFLAGS += -Itests
MOCK_SRC := $(wildcard tests/mock/*.c)
MOCK_BIN := $(MOCK_SRC:tests/mock/%.c=$(BUILD)/tests/%)

.PHONY: all run demo check asan test tests run-tests deps install uninstall clean \
        fuzz fuzz-deps fuzz-long bench valgrind check-deps-present
.DEFAULT_GOAL := all

all: check-deps-present $(BIN)

# Fail early, with the fix, when a library is missing (pkg-config would print nothing).
check-deps-present:
	@for p in $(PKGS); do \
	  $(PKG_CONFIG) --exists $$p 2>/dev/null || { \
	    echo "liqtop: missing build dependency '$$p' (pkg-config cannot find it)."; \
	    echo "        run 'make deps' (Debian: apt-get install libncurses-dev libcurl4-openssl-dev libcjson-dev pkg-config)"; \
	    exit 1; }; \
	done

# Rebuild everything when the compiler flags change (e.g. plain make, then make check with -Werror).
FLAGS_STAMP := $(BUILD)/.flags
$(FLAGS_STAMP): FORCE
	@mkdir -p $(BUILD)
	@echo '$(CC) $(ALL_CFLAGS) $(ALL_LDFLAGS)' | cmp -s - $@ || echo '$(CC) $(ALL_CFLAGS) $(ALL_LDFLAGS)' > $@
FORCE:

$(BUILD)/%.o: %.c $(FLAGS_STAMP)
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  CC      $<")
	$(Q)$(CC) $(ALL_CFLAGS) -MMD -MP -c $< -o $@

$(LIBA): $(LIB_OBJ)
	@$(if $(Q),echo "  AR      $@")
	$(Q)rm -f $@ && ar rcs $@ $^

$(BIN): $(MAIN_OBJ) $(LIBA)
	@$(if $(Q),echo "  LD      $@")
	$(Q)$(CC) $(ALL_LDFLAGS) -o $@ $(MAIN_OBJ) $(LIBA) $(LIBS)

$(BUILD)/tests/test_%: tests/test_%.c $(LIBA) $(TESTLIB_OBJ) $(FLAGS_STAMP)
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  TEST-CC $<")
	$(Q)$(CC) $(ALL_CFLAGS) -Itests -MMD -MP -o $@ $< $(TESTLIB_OBJ) $(LIBA) $(ALL_LDFLAGS) $(LIBS) $(TEST_LIBS)

$(BUILD)/tests/%: tests/mock/%.c $(LIBA) $(FLAGS_STAMP)
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  MOCK-CC $<")
	$(Q)$(CC) $(ALL_CFLAGS) -Itests -MMD -MP -o $@ $< $(LIBA) $(ALL_LDFLAGS) $(LIBS)

tests: $(BIN) $(TEST_BIN) $(MOCK_BIN)

# Unit tests, then the end-to-end scripts (tmux, mock exchange, replay) against the same binary.
run-tests: tests
	$(Q)LIQTOP=$(abspath $(BIN)) BUILD=$(abspath $(BUILD)) tests/run.sh $(TEST_BIN)

test: run-tests

# Each entry: pkg-config module (or command) : Debian package.
DEPS_PC  := ncursesw:libncurses-dev libcurl:libcurl4-openssl-dev libcjson:libcjson-dev cmocka:libcmocka-dev
DEPS_CMD := pkg-config:pkg-config tmux:tmux python3:python3
# `make fuzz` also needs clang and its libFuzzer runtime (a file, checked with dpkg).
DEPS_EXTRA ?=
DEPS_EXTRA_PKGS ?=
FUZZ_DEPS  := clang:clang
FUZZ_PKGS  := libclang-rt-dev
deps:
	@missing=""; \
	for d in $(DEPS_CMD) $(DEPS_EXTRA); do \
	  command -v $${d%%:*} >/dev/null 2>&1 || missing="$$missing $${d#*:}"; done; \
	for d in $(DEPS_PC); do \
	  if command -v $(PKG_CONFIG) >/dev/null 2>&1; then \
	    $(PKG_CONFIG) --exists $${d%%:*} 2>/dev/null || missing="$$missing $${d#*:}"; \
	  else \
	    dpkg-query -W -f='$${Status}' $${d#*:} 2>/dev/null | grep -q 'ok installed' || missing="$$missing $${d#*:}"; \
	  fi; done; \
	for p in $(DEPS_EXTRA_PKGS); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q 'ok installed' || missing="$$missing $$p"; done; \
	[ -z "$$missing" ] && exit 0; \
	echo "liqtop: installing missing packages:$$missing"; \
	if ! command -v apt-get >/dev/null 2>&1; then \
	  echo "liqtop: no apt-get here; install the equivalents of:$$missing"; exit 1; fi; \
	if [ "$$(id -u)" = 0 ]; then SUDO=""; \
	elif command -v sudo >/dev/null 2>&1; then SUDO="sudo"; \
	else echo "liqtop: not root and no sudo; run as root:"; \
	  echo "  apt-get update && apt-get install -y$$missing"; exit 1; fi; \
	{ $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq$$missing; } || { \
	  echo "liqtop: apt-get failed; run this yourself, then retry:"; \
	  echo "  sudo apt-get update && sudo apt-get install -y$$missing"; exit 1; }

run: deps
	$(Q)$(MAKE) --no-print-directory all
	./$(BIN)

demo: deps
	$(Q)$(MAKE) --no-print-directory all
	./$(BIN) --demo

check: deps
	$(Q)$(MAKE) --no-print-directory WERROR=-Werror run-tests

ASAN_FLAGS := -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
asan: deps
	$(Q)$(MAKE) --no-print-directory BUILD=build/asan BIN=build/asan/liqtop \
	    OPT='-O1 -g' SANFLAGS='$(ASAN_FLAGS)' WERROR=-Werror run-tests

# valgrind on the demo (and a replay): no leaks, no errors.
valgrind: tests
	$(Q)tests/valgrind.sh $(abspath $(BIN)) $(abspath $(BUILD))

FUZZ_SECONDS ?= 10
fuzz-deps:
	$(Q)$(MAKE) --no-print-directory deps DEPS_EXTRA='$(FUZZ_DEPS)' DEPS_EXTRA_PKGS='$(FUZZ_PKGS)'

fuzz: fuzz-deps
	$(Q)tests/fuzz/run.sh $(FUZZ_SECONDS)

SECONDS ?= 300
fuzz-long: fuzz-deps
	$(Q)tests/fuzz/run.sh $(SECONDS)

bench: deps
	$(Q)$(MAKE) --no-print-directory all
	$(Q)$(MAKE) --no-print-directory BUILD=build/bench OPT='-O2 -g' tests
	$(Q)tests/bench/run.sh $(abspath $(BIN)) $(abspath build/bench)

install: all
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(DATADIR)/themes
	install -m 755 $(BIN) $(DESTDIR)$(BINDIR)/liqtop
	install -m 644 man/liqtop.1 $(DESTDIR)$(MANDIR)/man1/liqtop.1
	install -m 644 themes/*.theme $(DESTDIR)$(DATADIR)/themes/

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/liqtop $(DESTDIR)$(MANDIR)/man1/liqtop.1
	rm -f $(addprefix $(DESTDIR)$(DATADIR)/themes/,$(notdir $(wildcard themes/*.theme)))
	-rmdir $(DESTDIR)$(DATADIR)/themes $(DESTDIR)$(DATADIR) 2>/dev/null

clean:
	rm -rf build $(BIN)

-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)
