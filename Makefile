# cc-wt build. `make` installs what is missing (Bun itself from npm when it is not on PATH),
# builds the single executable dist/cc-wt and runs it once; `make test` runs every test.
BUN_VERSION := 1.4.5
PREFIX      ?= /usr/local
LOCAL_BUN   := $(CURDIR)/.tools/node_modules/.bin/bun
BUN         ?= $(or $(shell command -v bun 2>/dev/null),$(LOCAL_BUN))
SOURCES     := $(shell find src -name '*.ts') package.json Makefile

.PHONY: all build test test-fast test-client typecheck bench install uninstall clean test-deps

all: build
	@./dist/cc-wt --version

build: dist/cc-wt

$(LOCAL_BUN):
	npm install --prefix .tools --no-save --no-package-lock --no-audit --no-fund bun@$(BUN_VERSION)

# Building needs only the runtime dependencies; the tests also need the devDependencies, among
# them the real claude client the end-to-end tests drive (hundreds of MB), so only `make test`
# installs those. A full install satisfies the build too.
node_modules/.installed-build: package.json bun.lock | $(BUN)
	$(BUN) install --frozen-lockfile --production
	@touch $@

node_modules/.installed: package.json bun.lock | $(BUN)
	$(BUN) install --frozen-lockfile
	@touch $@ node_modules/.installed-build

# Built so that the binary never reads a .env or bunfig.toml from the user's directory at run time.
# Bytecode halves start-up (no parse and compile of the bundle on every launch). Code splitting
# keeps each command, and the language-server library, in its own embedded chunk that only its
# first use loads: a launch reads less of the executable (see the README's Benchmarks). The
# bytecode is then laid out in the order a launch uses it, recorded by running the first build
# once (a client that exits at once, in a scratch repository): a launch touches fewer pages.
# The JIT tier-up thresholds are raised far (x100000): an IDE server's calls take microseconds in
# the baseline tiers, and the optimising compilers would otherwise bring in megabytes of their own
# code and data for good after a busy hour (measured in the README's Benchmarks).
COMPILE := $(BUN) build src/cli/entry.ts --compile --splitting --minify --bytecode --format=esm \
  --compile-jit-policy=100000 --no-compile-autoload-dotenv --no-compile-autoload-bunfig

dist/cc-wt: node_modules/.installed-build $(SOURCES)
	$(COMPILE) --outfile dist/.unordered/cc-wt
	@tmp=$$(mktemp -d) && trap 'rm -rf "$$tmp"' EXIT && mkdir "$$tmp/repo" && \
	(cd "$$tmp/repo" && git init -q 2>/dev/null; env -i PATH="$$PATH" HOME="$$tmp" CLAUDE_CONFIG_DIR="$$tmp/cfg" \
	  CC_WT_CLAUDE=/bin/true BUN_BYTECODE_ORDER_OUT="$$tmp/order" $(CURDIR)/dist/.unordered/cc-wt) >/dev/null 2>&1; \
	order=$$([ -s "$$tmp/order" ] && echo "--bytecode-order=$$tmp/order" || echo "no launch order recorded: default layout" >&2); \
	$(COMPILE) $$order --outfile $@
	@rm -rf dist/.unordered

# The real-client end-to-end tests drive claude in a private tmux server; the editor-recipe
# tests drive vim; the completion tests drive zsh and fish (and bash). Installed from Debian's packages when missing.
TEST_TOOLS := tmux vim zsh fish

test-deps:
	@missing=$$(for t in $(TEST_TOOLS); do command -v $$t >/dev/null || echo $$t; done); \
	if [ -n "$$missing" ]; then echo "installing $$missing for the end-to-end tests"; \
	  (apt-get update -qq && apt-get install -y -qq $$missing) >/dev/null || { echo "the tests need: $$missing" >&2; exit 1; }; fi

test: node_modules/.installed build test-deps typecheck
	$(BUN) test

# The real-client end-to-end tests against another client version (the session record and the
# IDE protocol are not documented APIs): `make test-client CLIENT=latest` or CLIENT=2.1.331.
# The client goes into a temporary prefix; the tests take it from CC_WT_TEST_CLAUDE.
CLIENT ?= latest
test-client: build test-deps
	@prefix=$$(mktemp -d) && trap 'rm -rf "$$prefix"' EXIT && \
	npm install --prefix "$$prefix" --no-save --no-package-lock --no-audit --no-fund "@anthropic-ai/claude-code@$(CLIENT)" >/dev/null && \
	echo "testing against claude $$("$$prefix/node_modules/.bin/claude" --version)" && \
	CC_WT_TEST_CLAUDE="$$prefix/node_modules/.bin/claude" $(BUN) test test/e2e

# Unit and server tests only: no compiled binary, no real claude.
test-fast: node_modules/.installed
	$(BUN) test test/unit test/server

typecheck: node_modules/.installed
	$(BUN) x tsc -p .

bench: node_modules/.installed build
	$(BUN) run bench/run.ts

install: build
	install -d $(DESTDIR)$(PREFIX)/bin
	install -m 0755 dist/cc-wt $(DESTDIR)$(PREFIX)/bin/cc-wt

uninstall:
	rm -f $(DESTDIR)$(PREFIX)/bin/cc-wt

clean:
	rm -rf dist node_modules .tools
