#!/usr/bin/env bash
# Builds crmd with AddressSanitizer + UndefinedBehaviorSanitizer and runs every test: format
# check, the console's build and component tests, unit tests, actor tests, end-to-end tests
# against the real binaries (crmd, crm-mock; promtool included). Installs missing Debian
# packages first. Usage: scripts/test.sh [ctest args...]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

scripts/install-deps.sh

echo "== format check"
git ls-files -- '*.cpp' '*.hpp' | xargs clang-format --dry-run --Werror

echo "== console (web/): build and component tests"
scripts/build-web.sh
(cd web && npm test --silent)

echo "== build (ASan + UBSan)"
build_dir=${CRMD_TEST_BUILD_DIR:-build-test}
cmake -S . -B "$build_dir" -DCMAKE_BUILD_TYPE=Debug -DCMAKE_CXX_FLAGS_DEBUG="-g -O1" \
  -DCRMD_SANITIZE=address,undefined >/dev/null
cmake --build "$build_dir" -j2

echo "== tests"
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
cd "$build_dir"
ctest --output-on-failure -j2 --timeout 600 "$@"
