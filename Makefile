# Corridor: the two commands of the README, and a few more.
#   make run    install what is missing, build (Release), open the shell
#   make test   install what is missing, build, run every test through ctest
#   make fuzz SECONDS=N   build the libFuzzer targets with clang (build-fuzz/)
#               and run each for N seconds (tests/fuzz/README.md)
BUILD_DIR ?= build
BUILD_TYPE ?= Release
JOBS ?= $(shell nproc)
SHARED_DIR ?= $(abspath $(CURDIR)/../shared)

# Debian 12 packages the build and the tests need.
PACKAGES := g++ cmake make pkg-config libgtest-dev librocksdb-dev libserd-dev \
            libboost-dev libfmt-dev libedit-dev zlib1g-dev libicu-dev libssl-dev \
            libhowardhinnant-date-dev libexpat1-dev

SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: all deps configure build run test test-asan fuzz fuzz-deps clean install

all: build

# Installs, with apt-get, those of the Debian packages $(1) that are not
# installed yet (nothing when all are).
define install_missing
	@missing=""; for p in $(1); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  $(SUDO) apt-get update && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y --no-install-recommends $$missing; \
	fi
endef

deps:
	$(call install_missing,$(PACKAGES))

configure: deps
	cmake -S . -B $(BUILD_DIR) -DCMAKE_BUILD_TYPE=$(BUILD_TYPE) -DCORRIDOR_SHARED_DIR=$(SHARED_DIR) $(CMAKE_EXTRA)

build: configure
	cmake --build $(BUILD_DIR) -j $(JOBS)

run: build
	$(BUILD_DIR)/repl/corridor

test: build
	cd $(BUILD_DIR) && ctest --output-on-failure -j $(JOBS)

# Sanitizer findings must fail the tests: ASan errors and leaks abort,
# UBSan stops at the first report (the build adds -fno-sanitize-recover).
# Exported to the whole sub-make, so the test discovery runs at build time
# and ctest (and what the tests start) all see them.
ASAN_RUN_OPTIONS := detect_leaks=1:abort_on_error=1
UBSAN_RUN_OPTIONS := print_stacktrace=1:halt_on_error=1

test-asan:
	ASAN_OPTIONS=$(ASAN_RUN_OPTIONS) UBSAN_OPTIONS=$(UBSAN_RUN_OPTIONS) \
	  $(MAKE) test BUILD_DIR=build-asan BUILD_TYPE=RelWithDebInfo \
	  CMAKE_EXTRA=-DCORRIDOR_SANITIZE=ON

# libFuzzer targets: clang with its runtime (libclang-rt-dev), ASan and
# UBSan, in their own build folder; each target runs SECONDS seconds
# (tests/fuzz/run.sh seeds them from the W3C suites).
SECONDS ?= 60
FUZZ_DIR ?= build-fuzz
FUZZ_PACKAGES := clang libclang-rt-dev
FUZZ_TARGETS := sparql_query_fuzz sparql_update_fuzz rdf_ntriples_fuzz rdf_nquads_fuzz \
                rdf_turtle_fuzz rdf_trig_fuzz query_eval_fuzz

fuzz-deps: deps
	$(call install_missing,$(FUZZ_PACKAGES))

fuzz: fuzz-deps
	CC=clang CXX=clang++ cmake -S . -B $(FUZZ_DIR) -DCMAKE_BUILD_TYPE=RelWithDebInfo \
	  -DCORRIDOR_FUZZ=ON -DCORRIDOR_SHARED_DIR=$(SHARED_DIR)
	cmake --build $(FUZZ_DIR) -j $(JOBS) --target $(FUZZ_TARGETS)
	tests/fuzz/run.sh $(FUZZ_DIR) $(SECONDS) $(SHARED_DIR)/conformance $(FUZZ_TARGETS)

install: build
	cmake --install $(BUILD_DIR)

clean:
	rm -rf $(BUILD_DIR) build-asan $(FUZZ_DIR)
