# claimdesk: every target builds with FTS5 (-tags sqlite_fts5).
GO      ?= go
TAGS    := sqlite_fts5
GOFLAGS := -tags=$(TAGS)
DB      ?= claimdesk.db
ADDR    ?= 127.0.0.1:8080

.PHONY: run build test test-short bench vet fmt clean

## run: build, then serve on $(ADDR) with the database $(DB) (demo article loaded on a new database)
run: build
	./bin/claimdesk serve --addr $(ADDR) --db $(DB) --demo

## build: write bin/claimdesk
build:
	$(GO) build $(GOFLAGS) -o bin/claimdesk ./cmd/claimdesk

## test: the whole suite, with the race detector
test:
	$(GO) test $(GOFLAGS) -race -count=1 -timeout 30m ./...

## test-short: the suite without the race detector (quicker while working)
test-short:
	$(GO) test $(GOFLAGS) -count=1 ./...

## bench: the project's benchmarks, then the side-by-side comparisons in bench/
bench:
	$(GO) test $(GOFLAGS) -run '^$$' -bench . -benchmem ./...
	cd bench && $(GO) test $(GOFLAGS) -run '^$$' -bench . -benchmem ./... && $(GO) run $(GOFLAGS) ./cmd/compare

vet:
	$(GO) vet $(GOFLAGS) ./...

fmt:
	gofmt -w $$(git ls-files '*.go')

clean:
	rm -rf bin
