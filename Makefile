# pq-explorer: `make serve` and `make test` do everything, installing what is missing first.
# Installs are skipped when the right version is already on PATH, so re-runs are quick.

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := serve

CARGO_HOME ?= $(HOME)/.cargo
export PATH := $(CARGO_HOME)/bin:$(CURDIR)/node_modules/.bin:$(PATH)

TRUNK_VERSION := 0.21.14
# wasm-bindgen-cli must match the wasm-bindgen that Cargo.toml pins (and Trunk.toml names).
WASM_BINDGEN_VERSION := $(shell sed -n 's/^wasm-bindgen = "=\([0-9.]*\)".*/\1/p' Cargo.toml)

CORPUS := assets/corpus.json
DATA := $(sort $(wildcard data/*.txt data/*.json))
RUST_SOURCES := $(shell find src -name '*.rs') Cargo.toml Cargo.lock

.PHONY: serve test build corpus tools rust-tools browser-tools node-tools \
        test-native test-wasm test-e2e lint fuzz bench clean

## serve: build the corpus and the app, and serve it on http://127.0.0.1:8080
serve: rust-tools corpus
	trunk serve --release

## test: every test: native, wasm in headless Chromium, end-to-end in headless Chromium
test: tools corpus
	$(MAKE) --no-print-directory test-native test-wasm test-e2e

## build: the release app in dist/
build: rust-tools corpus
	trunk build --release

## corpus: the bundled corpus asset, built from data/ by the project's own parser
corpus: $(CORPUS)
$(CORPUS): $(DATA) $(RUST_SOURCES)
	cargo run --quiet --bin pqx -- build data -o $@

tools: rust-tools browser-tools node-tools

rust-tools:
	@if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then \
	  echo "installing the wasm32-unknown-unknown target"; \
	  rustup target add wasm32-unknown-unknown; \
	fi
	@if ! trunk --version 2>/dev/null | grep -qx "trunk $(TRUNK_VERSION)"; then \
	  echo "installing trunk $(TRUNK_VERSION)"; \
	  cargo install --locked trunk --version $(TRUNK_VERSION); \
	fi
	@if ! wasm-bindgen --version 2>/dev/null | grep -qx "wasm-bindgen $(WASM_BINDGEN_VERSION)"; then \
	  echo "installing wasm-bindgen-cli $(WASM_BINDGEN_VERSION)"; \
	  cargo install wasm-bindgen-cli --version $(WASM_BINDGEN_VERSION); \
	fi
	@cargo fetch --quiet

browser-tools:
	@if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then \
	  if [ "$$(id -u)" != 0 ]; then \
	    echo "Chromium and chromedriver are missing; run as root or: apt-get install -y chromium chromium-driver" >&2; \
	    exit 1; \
	  fi; \
	  echo "installing chromium and chromium-driver"; \
	  apt-get update -qq; \
	  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null; \
	fi
	@chromium --version 2>/dev/null | grep -q Chromium || { echo "chromium does not start" >&2; exit 1; }

node-tools: node_modules/.package-lock.json
node_modules/.package-lock.json: package.json package-lock.json
	@if ! command -v npm >/dev/null; then \
	  echo "installing nodejs and npm"; \
	  apt-get update -qq; \
	  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm >/dev/null; \
	fi
	npm ci --no-audit --no-fund --loglevel=error

test-native: corpus lint
	cargo run --quiet --bin pqx -- build data -o $(CORPUS) --check
	cargo test --quiet --tests

test-wasm: rust-tools browser-tools
	CHROMEDRIVER=$$(command -v chromedriver) \
	  cargo test --target wasm32-unknown-unknown --test browser

# Synthetic corpora for the end-to-end tests, generated (deterministically) when the code
# changes: tens of megabytes for the large-download tests (as JSON and as a bundle), 1,000 records
# for the benchmark smoke.
E2E_LARGE := target/e2e/large-corpus.json
E2E_BUNDLE := target/e2e/large-corpus.pqx
E2E_SMALL := target/e2e/synth-1000.json
E2E_SMALL_BUNDLE := target/e2e/synth-1000.pqx
$(E2E_LARGE): $(RUST_SOURCES)
	mkdir -p $(dir $@)
	cargo run --quiet --bin pqx -- synth --records 12000 --seed 7 -o $@
$(E2E_BUNDLE) $(E2E_SMALL_BUNDLE): %.pqx: %.json $(RUST_SOURCES)
	cargo run --quiet --bin pqx -- bundle $< -o $@
$(E2E_SMALL): $(RUST_SOURCES)
	mkdir -p $(dir $@)
	cargo run --quiet --bin pqx -- synth --records 1000 --seed 1 -o $@

test-e2e: build node-tools browser-tools $(E2E_LARGE) $(E2E_BUNDLE) $(E2E_SMALL) $(E2E_SMALL_BUNDLE)
	node --test tests/e2e/

lint: rust-tools
	cargo fmt --check
	cargo clippy --quiet --all-targets -- -D warnings
	cargo clippy --quiet --target wasm32-unknown-unknown --all-targets -- -D warnings

## bench: the engine natively and in headless Chromium beside MiniSearch, FlexSearch and Orama, on a
## year of real Commons questions and synthetic corpora, and each corpus's bundle opened (500k from
## its bundle alone); the app at 100k from JSON and from a bundle; the 600k sharding simulation
BENCH_SIZES := 10000 100000
# Measured natively, and in Chromium from its bundle alone: no peer indexes it in a tab, and from
# JSON it takes about 30 s (see bench/RESULTS.md).
BENCH_NATIVE_SIZES := 500000
REAL_YEAR := target/bench/real-year.json
$(REAL_YEAR): $(wildcard bench/data/*.json.gz)
	mkdir -p target/bench/real
	for f in bench/data/*.json.gz; do gunzip -c $$f > target/bench/real/$$(basename $$f .gz); done
	cargo run --release --quiet --bin pqx -- build target/bench/real -o $@

bench: build node-tools browser-tools $(REAL_YEAR)
	cargo build --release --quiet --bin pqx
	mkdir -p target/bench
	for n in $(BENCH_SIZES) $(BENCH_NATIVE_SIZES); do \
	  [ -f target/bench/synth-$$n.json ] || ./target/release/pqx synth --records $$n --seed 1 -o target/bench/synth-$$n.json; \
	done
	for f in $(REAL_YEAR) $(foreach n,$(BENCH_SIZES) $(BENCH_NATIVE_SIZES),target/bench/synth-$(n).json); do ./target/release/pqx bench $$f; done
	for f in $(REAL_YEAR) $(foreach n,$(BENCH_SIZES) $(BENCH_NATIVE_SIZES),target/bench/synth-$(n).json); do ./target/release/pqx bundle $$f -o $${f%.json}.pqx; done
	node bench/browser.mjs --app target/bench/synth-100000.json --app target/bench/synth-100000.pqx --app-rate 40 --app-saved \
	  $(REAL_YEAR) $(foreach n,$(BENCH_SIZES),target/bench/synth-$(n).json) $(foreach n,$(BENCH_NATIVE_SIZES),target/bench/synth-$(n).pqx)
	./target/release/pqx shards --records 600000

## fuzz: the parser and URL codec property tests at a million cases each (takes a long time)
fuzz:
	PROPTEST_CASES=1000000 cargo test --release --test parser_props --test url_props

clean:
	cargo clean
	rm -rf dist node_modules $(CORPUS) test-output
