# Preflight — two commands do everything on a fresh Debian 12 machine:
#   make run    install what is missing, build, open the app
#   make test   install what is missing, then every check and test (lints, unit, UI, end-to-end)
# Also: make build (release .deb and binary), make bindings (regenerate TypeScript types and
#       the project file's JSON Schema),
#       make bench (full PDF report timings against headless Chromium),
#       make bench-import (Markdown and project-file import times and memory),
#       make bench-sharing (team sharing: document size, load and merge times),
#       make bench-workshop (30 simulated phones against the workshop server),
#       make fuzz (fuzz the project-file importer, the workshop API and team sharing's loader; needs the nightly
#       toolchain and cargo-fuzz).

SHELL := /bin/bash
.SHELLFLAGS := -euo pipefail -c
CARGO ?= cargo
NPM ?= npm
UI := ui
APP_DEBUG := target/debug/preflight
BINDINGS := $(UI)/src/lib/bindings

.PHONY: run test samples build package-docs package-check setup-run setup-test ui-build app-debug lint rust-test bindings bench-workshop bench-sharing \
        bindings-check ui-check e2e bench bench-app bench-import fuzz icons clean

run: setup-run ui-build app-debug
	$(APP_DEBUG)

test: samples setup-test lint rust-test bindings-check ui-check ui-build app-debug e2e package-check
	@echo "make test: all checks passed"

# The Markdown importer's tests read the published LaunchPad templates beside the repository
# (never copied into it); without them, stop at once with one line instead of 8 failing tests.
SAMPLES := $(or $(PREFLIGHT_SAMPLES),../shared/samples/launchpad-docs)
LENS_SAMPLES := $(or $(PREFLIGHT_LENS_SAMPLES),../shared/samples/aws-lenses)

samples:
	@test -d "$(SAMPLES)" || { echo "make test: the Markdown import tests read the LaunchPad templates from $(SAMPLES), which is missing (set PREFLIGHT_SAMPLES to their folder)" >&2; exit 1; }
	@test -d "$(LENS_SAMPLES)" || { echo "make test: the lens tests read the published AWS custom lenses from $(LENS_SAMPLES), which is missing (set PREFLIGHT_LENS_SAMPLES to their folder)" >&2; exit 1; }

# The Tauri CLI is fetched on demand rather than kept in ui/package.json: its lock entries for
# other platforms' binaries make `npm ci` fail where the registry lacks them.
TAURI_CLI := npm exec --yes --package=@tauri-apps/cli@2.12.5 -- tauri

# The one version, set in the workspace's Cargo.toml; tauri.conf.json takes it from the app
# crate, and a test keeps ui/package.json in step.
VERSION := $(shell sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -1)

# The documents the packages carry (copyright with every linked crate's licence, changelog).
package-docs:
	python3 scripts/package_docs.py target/package

# The release packages: .deb and .rpm (fat LTO, about 13 minutes on 2 cores). Tauri bundles the
# window program; the `preflight` command beside it is staged in target/package/bin.
build: setup-run $(UI)/node_modules/.package-lock.json package-docs
	$(CARGO) build --release -p preflight-cli
	install -D target/release/preflight target/package/bin/preflight
	$(TAURI_CLI) build --config src-tauri/tauri.conf.json
	@echo "packages: target/release/bundle/deb/Preflight_$(VERSION)_amd64.deb and target/release/bundle/rpm/"

# Proves packaging in CI without the release build: bundles the debug app already built for
# the tests as a .deb and checks it (scripts/package-check.sh).
package-check: app-debug package-docs
	install -D $(APP_DEBUG) target/package/bin/preflight
	$(TAURI_CLI) build --debug --bundles deb --config src-tauri/tauri.conf.json
	scripts/package-check.sh target/debug/bundle/deb/Preflight_$(VERSION)_amd64.deb $(VERSION)

setup-run:
	scripts/setup.sh run

setup-test:
	scripts/setup.sh test

# npm ci only when the lock file changed since the last install.
$(UI)/node_modules/.package-lock.json: $(UI)/package-lock.json $(UI)/package.json
	cd $(UI) && $(NPM) ci --no-audit --no-fund
	touch $@

ui-build: $(UI)/node_modules/.package-lock.json
	cd $(UI) && $(NPM) run build

# The real app serves ui/dist from inside the binary (feature custom-protocol): the window
# program, and the `preflight` command that starts it.
app-debug: ui-build
	$(CARGO) build -p preflight --features custom-protocol
	$(CARGO) build -p preflight-cli

lint:
	$(CARGO) fmt --all -- --check
	$(CARGO) clippy --workspace --all-targets -- -D warnings

# Unit and integration tests of core and the shell (headless). ts-rs writes the TypeScript types
# into target/ here, so a stale committed copy is caught by bindings-check below.
rust-test:
	TS_RS_EXPORT_DIR="$(CURDIR)/target/bindings" $(CARGO) test

bindings-check: rust-test
	@diff -ru $(BINDINGS) target/bindings || { \
	  echo "Generated TypeScript types are out of date: run 'make bindings' and commit $(BINDINGS)"; \
	  exit 1; }

# Regenerates every contract generated from Rust: the TypeScript types and limits in
# ui/src/lib/bindings/, and the project file's JSON Schema in docs/.
bindings:
	rm -rf $(BINDINGS)
	TS_RS_EXPORT_DIR="$(CURDIR)/$(BINDINGS)" $(CARGO) test export_bindings
	PREFLIGHT_UPDATE_SCHEMA=1 $(CARGO) test -p preflight-core committed_json_schema_is_generated

ui-check: $(UI)/node_modules/.package-lock.json
	cd $(UI) && $(NPM) run check && $(NPM) run lint && $(NPM) test

# The end-to-end suite drives the debug app built with custom-protocol through tauri-driver.
e2e: app-debug
	PREFLIGHT_BIN="$(CURDIR)/$(APP_DEBUG)" $(CARGO) test -p preflight-e2e -- --test-threads 2

# Fuzzes the project-file importer, the workshop API and team sharing's loader with libFuzzer,
# FUZZ_SECONDS each (default 300), starting from the committed seeds. Not part of `make test`:
# it needs nightly Rust and cargo-fuzz (`cargo install cargo-fuzz`). Safe Rust needs no
# AddressSanitizer, and without it the build of the PDF stack the core links stays affordable.
# Crashes land in fuzz/artifacts/<target>/.
FUZZ_SECONDS ?= 300
fuzz:
	mkdir -p target/fuzz-corpus/project_file
	cd fuzz && $(CARGO) +nightly fuzz run --sanitizer none project_file ../target/fuzz-corpus/project_file seeds/project_file \
	  -- -max_total_time=$(FUZZ_SECONDS) -max_len=65536
	mkdir -p target/fuzz-corpus/workshop_api
	cd fuzz && $(CARGO) +nightly fuzz run --sanitizer none workshop_api ../target/fuzz-corpus/workshop_api \
	  -- -max_total_time=$(FUZZ_SECONDS) -max_len=8192
	mkdir -p target/fuzz-corpus/shared_document
	cd fuzz && $(CARGO) +nightly fuzz run --sanitizer none shared_document ../target/fuzz-corpus/shared_document seeds/shared_document \
	  -- -max_total_time=$(FUZZ_SECONDS) -max_len=262144

# The report benchmark (issue #6): the full report of a generated project with 300 alignment
# rows and 300 gaps, in-process and as a CLI process, against headless Chromium printing the
# same content. Built with the `benchmark` profile (release without fat LTO). Results go to
# target/bench/report-bench.txt.
BENCH_BIN := target/benchmark/preflight

bench: ui-build
	scripts/setup.sh bench
	$(CARGO) build --profile benchmark -p preflight --features custom-protocol
	$(CARGO) build --profile benchmark -p preflight-cli
	$(CARGO) run --profile benchmark -p preflight-core --example report_bench -- \
	  --cli $(BENCH_BIN) --runs 9 --out target/bench

# The import benchmark (issue #15): Markdown imports of 1k to 100k items and a 60 MB project
# file, with a concurrent writer; results in target/bench/import-bench.txt.
bench-import:
	$(CARGO) run --profile benchmark -p preflight-core --example import_bench -- --out target/bench

# The team-sharing benchmark (issue #22): the shared document's size and load time against the
# project file, merging 1,000 changes, and whole syncs, on 1,000 gaps and 300 rows; results in
# target/bench/sharing-bench.txt.
bench-sharing:
	$(CARGO) run --profile benchmark -p preflight-core --example sharing_bench -- --out target/bench

# The app benchmark (issue #21): launch to interactive, memory per process, opening the Gaps
# tab and the CLI's start, on the sample database and on 100 projects × 1,000 gaps, through
# WebDriver under Xvfb; results in target/bench/app-bench.txt.
bench-app: ui-build
	scripts/setup.sh test
	$(CARGO) build --profile benchmark -p preflight --features custom-protocol
	$(CARGO) build --profile benchmark -p preflight-cli
	PREFLIGHT_BIN="$(CURDIR)/$(BENCH_BIN)" $(CARGO) run --profile benchmark -p preflight-e2e \
	  --features bench --example app_bench -- --runs 5 --out target/bench

# 30 simulated phones on loopback against the workshop server: vote acknowledgement p99, how
# fast a vote reaches the facilitator's view, idle CPU.
bench-workshop:
	$(CARGO) run --profile benchmark -p preflight-workshop --example workshop_bench

# Icons in the hicolor theme's sizes, all drawn from icons/icon.svg (librsvg2-bin).
ICON_SIZES := 32 48 64 128 256 512

icons:
	for s in $(ICON_SIZES); do rsvg-convert -w $$s -h $$s icons/icon.svg -o icons/$${s}x$${s}.png; done
	cp icons/32x32.png $(UI)/public/favicon.png && cp icons/128x128.png $(UI)/public/logo.png

clean:
	$(CARGO) clean
	rm -rf $(UI)/node_modules $(UI)/dist
