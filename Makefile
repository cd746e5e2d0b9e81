# Lastmile. The quick start is `make run` and `make test`; see README.md.

GO      ?= go
TAGS    := migrated_fynedo
BIN     := bin
VERSION := $(shell sed -n 's/^Version = "\(.*\)"/\1/p' FyneApp.toml)
APP_ID  := $(shell sed -n 's/^ID = "\(.*\)"/\1/p' FyneApp.toml)
# fyne package target: linux, windows or darwin (each needs its own C toolchain).
PKG_OS  ?= linux
export CGO_ENABLED := 1

.PHONY: run build test lint smoke fuzz bench bench-guard package deps test-deps bench-deps golden clean

## run: install missing system packages, build, and open the app (the demo on first start)
run: build
	./$(BIN)/lastmile

## build: compile the desktop app and the CLI into bin/
build: deps
	$(GO) build -tags $(TAGS) -o $(BIN)/lastmile ./cmd/lastmile
	$(GO) build -tags $(TAGS) -o $(BIN)/lastmile-cli ./cmd/lastmile-cli

## test: format and vet checks, every test with the race detector, the parsers fuzzed briefly, then the desktop smoke test
test: test-deps lint
	$(GO) test -race -tags $(TAGS) ./...
	$(MAKE) --no-print-directory fuzz FUZZTIME=3s
	$(MAKE) --no-print-directory smoke

## fuzz: fuzz each parser for FUZZTIME (default 1m); new crashers land in import/testdata/fuzz
FUZZTIME ?= 1m
FUZZ_TARGETS := FuzzDecode FuzzCSV FuzzParseNumber FuzzParseDate FuzzRead
fuzz:
	@for t in $(FUZZ_TARGETS); do \
		echo "fuzz $$t for $(FUZZTIME)"; \
		$(GO) test -tags $(TAGS) -run '^$$' -fuzz "^$$t\$$" -fuzztime $(FUZZTIME) ./import || exit 1; \
	done

## lint: gofmt, go vet and a tidy go.mod
lint: deps
	@out=$$(gofmt -l .); if [ -n "$$out" ]; then echo "gofmt: these files need formatting:"; echo "$$out"; exit 1; fi
	$(GO) vet -tags $(TAGS) ./...
	$(GO) mod tidy -diff

## smoke: start the real desktop binary under Xvfb, screenshot it, quit it
smoke: build test-deps
	LASTMILE_SMOKE=1 LASTMILE_BIN=$(CURDIR)/$(BIN)/lastmile $(GO) test -tags $(TAGS) -count=1 -run TestSmoke ./cmd/lastmile

## bench: the benchmarks (dashboard refresh, imports against sqlite3 and excelize, start-up); figures go to stdout
bench: build bench-deps
	$(GO) test -tags $(TAGS) -run '^$$' -bench . -benchmem -timeout 60m ./data/...
	$(GO) test -tags $(TAGS) -run '^$$' -bench . -benchtime 1x -timeout 60m ./cmd/lastmile-cli
	LASTMILE_SMOKE=1 LASTMILE_BIN=$(CURDIR)/$(BIN)/lastmile $(GO) test -tags $(TAGS) -count=1 -run '^$$' -bench Startup -benchtime 5x ./cmd/lastmile

## bench-guard: the import and the report at 100,000 lines against their same-run baselines (sqlite3 .import, reading the order values); fails when the report's ratio or the import's memory passes its target by more than 25%, or the import's ratio by more than 50% (CI runs it)
bench-guard: bench-deps
	LASTMILE_BENCH_GUARD=1 $(GO) test -tags $(TAGS) -short -count=1 -run '^$$' -bench 'BenchmarkImportShopifyCSV$$' -benchtime 5x -timeout 30m ./cmd/lastmile-cli
	LASTMILE_BENCH_GUARD=1 $(GO) test -tags $(TAGS) -count=1 -run '^$$' -bench 'BenchmarkGuardReport$$' -benchtime 20x -timeout 30m ./data

## package: a release package for PKG_OS (linux by default) with fyne package
# fyne package reads FyneApp.toml from the main package's folder, so a copy
# (icon path adjusted) is placed there for the build and removed after.
package: deps
	sed 's|^Icon = "resources/|Icon = "../../resources/|' FyneApp.toml > cmd/lastmile/FyneApp.toml
	cd cmd/lastmile && $(GO) tool fyne package --os $(PKG_OS) --release --tags $(TAGS); \
		status=$$?; rm -f FyneApp.toml; exit $$status
	@mkdir -p dist && mv -f cmd/lastmile/Lastmile.* dist/
	@ls -l dist

## golden: rewrite the golden files (UI markup, import previews) from the current output; review the diff!
golden:
	$(GO) test -tags $(TAGS) ./ui/... ./import/... -update

deps:
	@scripts/deps.sh build

test-deps:
	@scripts/deps.sh build test

bench-deps:
	@scripts/deps.sh build test bench

clean:
	rm -rf $(BIN) dist
