#!/usr/bin/env bash
# The whole test suite, from a fresh Debian machine: installs what it needs,
# builds the library, then runs the Rust unit tests, the header/ABI checks
# and the C API + interop tests (CTest).
set -euo pipefail
cd "$(dirname "$0")/.."

need_apt=()
command -v cmake >/dev/null || need_apt+=(cmake)
command -v cc >/dev/null || need_apt+=(gcc)
command -v g++ >/dev/null || need_apt+=(g++)
command -v socat >/dev/null || need_apt+=(socat)
command -v openssl >/dev/null || need_apt+=(openssl)
command -v readelf >/dev/null || need_apt+=(binutils)
[ -f /usr/include/zmq.h ] || need_apt+=(libzmq3-dev)
[ -f /usr/include/zmq.hpp ] || need_apt+=(cppzmq-dev)
[ -f /usr/include/openssl/ssl.h ] || need_apt+=(libssl-dev)
[ -f /usr/include/sodium.h ] || need_apt+=(libsodium-dev)
command -v pkg-config >/dev/null || need_apt+=(pkg-config)
command -v python3 >/dev/null || need_apt+=(python3)
# pyzmq for python/test_zmq_tls.py: pip, else Debian's (pip refuses an externally managed python3)
python3 -c 'import zmq' 2>/dev/null || python3 -m pip install --quiet pyzmq 2>/dev/null || need_apt+=(python3-zmq)
[ -f /usr/lib/python3/dist-packages/zmq/__init__.py ] || need_apt+=(python3-zmq)
command -v valgrind >/dev/null || need_apt+=(valgrind)
# scripts/pyzmq-suite.sh: patchelf, and a python3 that makes virtualenvs
command -v patchelf >/dev/null || need_apt+=(patchelf)
python3 -c 'import ensurepip, venv' 2>/dev/null || need_apt+=(python3-venv)
if [ ${#need_apt[@]} -gt 0 ]; then
    echo "== installing: ${need_apt[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi

echo "== build"
bash scripts/build.sh

echo "== rustfmt and clippy"
if cargo fmt --version >/dev/null 2>&1; then
    cargo fmt --all -- --check
else
    echo "(rustfmt not installed: skipped)"
fi
if cargo clippy --version >/dev/null 2>&1; then
    cargo clippy --release --all-targets -q -- -D warnings
else
    echo "(clippy not installed: skipped)"
fi

echo "== rust unit tests"
cargo test --release --lib 2>&1 | tail -n 3

echo "== loom model checks of the wake protocol (tools/loom-pipe)"
cargo test --release -p loom-pipe --lib 2>&1 | tail -n 3

echo "== fuzz targets still build (fuzz/; running them: fuzz/README.md)"
cargo check -q --manifest-path fuzz/Cargo.toml --bins

echo "== header is current"
CARGO_TARGET_DIR=target/gen-header cargo run -q -p gen-header -- --check

echo "== header values vs Debian's zmq.h"
bash scripts/check-header-values.sh

echo "== exported symbols and SONAME"
bash scripts/check-symbols.sh target/release/libzmq.so

echo "== C API and interop tests"
bash scripts/run-capi-tests.sh

echo "== install like libzmq (cmake --install into a temp prefix; pkg-config and find_package(ZeroMQ) consumers)"
bash scripts/install-test.sh

echo "== pyzmq's own test suite (pyzmq $(sed -n 's/^PYZMQ_VERSION=//p' scripts/pyzmq-suite.sh)): Debian's libzmq5, ours, and pyzmq built against our installed tree"
bash scripts/pyzmq-suite.sh --compare
