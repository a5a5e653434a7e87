# claimdesk: every target builds with FTS5 (-tags sqlite_fts5) and with Go $(GOTOOLCHAIN).
#
# A machine starts on its own Go and does not follow go.mod's toolchain line
# when its GOTOOLCHAIN says "local", so every target exports the release the
# project is built, tested and shipped with; the go command fetches it once
# per machine (about 76 MB) from the module proxy. `make GOTOOLCHAIN=go1.27.4`
# tries a later patch release.
export GOTOOLCHAIN := go1.27.3

GO      ?= go
TAGS    := sqlite_fts5
GOFLAGS := -tags=$(TAGS)
DB      ?= claimdesk.db
ADDR    ?= 127.0.0.1:8080

# The tools CI runs, pinned. VULNDB_VERSION is the one place that says which
# copy of the Go vulnerability database `make vulncheck` reads (see the
# README, "Known vulnerabilities", for moving it forward).
VULN_VERSION        := v1.9.0
VULNDB_VERSION      := v0.0.0-20261105234957-e22db6528018
STATICCHECK_VERSION := v0.8.2

# Tools and the database are built once per machine, outside the work tree.
CACHE       ?= $(or $(XDG_CACHE_HOME),$(HOME)/.cache)/claimdesk
TOOLS       := $(CACHE)/tools/$(GOTOOLCHAIN)
GOVULNCHECK := $(TOOLS)/govulncheck-$(VULN_VERSION)/govulncheck
INDEXDB     := $(TOOLS)/indexdb-$(VULNDB_VERSION)/indexdb
STATICCHECK := $(TOOLS)/staticcheck-$(STATICCHECK_VERSION)/staticcheck
VULNDB      := $(CACHE)/vulndb/$(VULNDB_VERSION)

.PHONY: run build test test-short bench vet lint vulncheck vulndb tools fmt clean

## run: build, then serve on $(ADDR) with the database $(DB) (demo article loaded on a new database)
run: build
	./bin/claimdesk serve --addr $(ADDR) --db $(DB) --demo

## build: write bin/claimdesk
build:
	$(GO) build $(GOFLAGS) -o bin/claimdesk ./cmd/claimdesk

# The test targets pipe go test's JSON through bin/testprogress, which says
# when each package starts and ends (with its time), names what still runs
# after a minute without news, and prints every failure in full. pipefail
# keeps go test's own exit status, so a failure fails the target whichever
# of the two sees it.
SHELL    := /bin/bash
PROGRESS := $(CURDIR)/bin/testprogress

## test: the whole suite with the race detector, then bench/'s own tests (a
## module of its own, so ./... does not reach it), with progress per package
test: $(PROGRESS)
	set -o pipefail; $(GO) test $(GOFLAGS) -race -count=1 -timeout 30m -json ./... 2>&1 | $(PROGRESS)
	set -o pipefail; cd bench && $(GO) test $(GOFLAGS) -race -count=1 -timeout 10m -json ./... 2>&1 | $(PROGRESS)

## test-short: the suite without the race detector (quicker while working)
test-short: $(PROGRESS)
	set -o pipefail; $(GO) test $(GOFLAGS) -count=1 -json ./... 2>&1 | $(PROGRESS)
	set -o pipefail; cd bench && $(GO) test $(GOFLAGS) -count=1 -json ./... 2>&1 | $(PROGRESS)

$(PROGRESS): $(wildcard internal/testprogress/*.go)
	$(GO) build -o $@ ./internal/testprogress

## bench: the project's benchmarks, then the side-by-side comparisons in bench/
bench:
	$(GO) test $(GOFLAGS) -run '^$$' -bench . -benchmem ./...
	cd bench && $(GO) test $(GOFLAGS) -run '^$$' -bench . -benchmem ./... && $(GO) run $(GOFLAGS) ./cmd/compare

## vet: go vet on both modules
vet:
	$(GO) vet $(GOFLAGS) ./...
	cd bench && $(GO) vet $(GOFLAGS) ./...

## lint: vet, then staticcheck $(STATICCHECK_VERSION) on both modules
lint: vet $(STATICCHECK)
	$(STATICCHECK) $(GOFLAGS) ./...
	cd bench && $(STATICCHECK) $(GOFLAGS) ./...

## vulncheck: fail on any known vulnerability that claimdesk's code reaches,
## read from the local copy of the database ($(VULNDB_VERSION))
vulncheck: $(GOVULNCHECK) $(VULNDB)/index/db.json
	$(GOVULNCHECK) -db file://$(VULNDB) $(GOFLAGS) ./...

## vulndb: build the local vulnerability database (done by vulncheck when missing)
vulndb: $(VULNDB)/index/db.json

## tools: build the pinned tools into $(TOOLS)
tools: $(GOVULNCHECK) $(INDEXDB) $(STATICCHECK)

# Each tool is built with the project's toolchain: govulncheck and
# staticcheck read code with the go/types of the Go that built them.
$(GOVULNCHECK):
	GOBIN=$(@D) GOFLAGS= $(GO) install golang.org/x/vuln/cmd/govulncheck@$(VULN_VERSION)

$(INDEXDB):
	GOBIN=$(@D) GOFLAGS= $(GO) install golang.org/x/vulndb/cmd/indexdb@$(VULNDB_VERSION)

$(STATICCHECK):
	GOBIN=$(@D) GOFLAGS= $(GO) install honnef.co/go/tools/cmd/staticcheck@$(STATICCHECK_VERSION)

# The module golang.org/x/vulndb carries every report as OSV JSON under
# data/osv/; indexdb turns that folder into the layout `govulncheck -db
# file://...` reads. Written to a temporary folder and renamed, so an
# interrupted build is never taken for a finished one.
$(VULNDB)/index/db.json: $(INDEXDB)
	mkdir -p $(CACHE) && cd $(CACHE) && GOFLAGS= $(GO) mod download golang.org/x/vulndb@$(VULNDB_VERSION)
	rm -rf $(VULNDB).tmp
	$(INDEXDB) -vulns "$$(GOFLAGS= $(GO) env GOMODCACHE)/golang.org/x/vulndb@$(VULNDB_VERSION)/data/osv" -out $(VULNDB).tmp
	rm -rf $(VULNDB) && mv $(VULNDB).tmp $(VULNDB)

fmt:
	gofmt -w $$(git ls-files '*.go')

clean:
	rm -rf bin
