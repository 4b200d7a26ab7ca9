# Greenlight — the two set-up commands are `make run` and `make test`.
PRESET    ?= release
BUILD_DIR := build/$(PRESET)
JOBS      ?= $(shell nproc)
DEMO_OUT  ?= build/demo-project

.PHONY: all deps configure build run demo test bench package format format-check clean

all: build

deps:
	@packaging/install-deps.sh

configure: deps
	@cmake --preset $(PRESET) >/dev/null

build: configure
	@cmake --build --preset $(PRESET) -j $(JOBS)

# Opens the GUI on the bundled demo project; with no display, runs the same demo headlessly.
run: build
	@if [ -n "$$DISPLAY$$WAYLAND_DISPLAY" ]; then \
		$(BUILD_DIR)/app/greenlight-cli demo resources/demo --out $(DEMO_OUT) && \
		$(BUILD_DIR)/app/greenlight $(DEMO_OUT) --review latest; \
	else \
		echo "No display found: running the demo headlessly."; \
		$(BUILD_DIR)/app/greenlight-cli demo resources/demo --out $(DEMO_OUT); \
	fi

demo: build
	@$(BUILD_DIR)/app/greenlight-cli demo resources/demo --out $(DEMO_OUT)

test: build
	@tests/services/start-test-services.sh
	@ctest --preset $(PRESET) -j $(JOBS)

# The Debian package, into build/<preset>/package/ (install: sudo apt install ./<file>.deb).
package: build
	@cmake --build --preset $(PRESET) --target package >/dev/null
	@ls -1 $(BUILD_DIR)/package/*.deb

bench: build
	@tests/bench/run-benchmarks.sh $(BUILD_DIR)

format:
	@git ls-files '*.cpp' '*.h' | xargs clang-format -i

format-check:
	@git ls-files '*.cpp' '*.h' | xargs clang-format --dry-run --Werror

clean:
	@rm -rf build
