#!/bin/sh
# Build and run the C API test suite (capi-tests/) against our library.
# Assumes the library is already built (cargo build --release), i.e.
# target/release/libzmq.so (+ the libzmq.so.5 link) and include/zmq.h exist.
#
# Environment overrides:
#   ZMQ_INCLUDE_DIR  header under test      (default: <repo>/include)
#   ZMQ_LIB_DIR      library under test     (default: <repo>/target/release)
#   BUILD_DIR        CMake build directory  (default: <repo>/build/capi-tests)
#   CTEST_ARGS       extra ctest arguments  (e.g. "-R interop -j2")
set -eu

ROOT=$(cd "$(dirname "$0")/.." && pwd)
ZMQ_INCLUDE_DIR=${ZMQ_INCLUDE_DIR:-$ROOT/include}
ZMQ_LIB_DIR=${ZMQ_LIB_DIR:-$ROOT/target/release}
BUILD_DIR=${BUILD_DIR:-$ROOT/build/capi-tests}
CTEST_ARGS=${CTEST_ARGS:-}

SUDO=""
if [ "$(id -u)" != 0 ] && command -v sudo >/dev/null 2>&1; then
  SUDO=sudo
fi
need_update=1
apt_install() {
  if [ $need_update = 1 ]; then
    $SUDO apt-get update
    need_update=0
  fi
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y "$@"
}
command -v cmake >/dev/null 2>&1 || apt_install cmake
command -v cc >/dev/null 2>&1 || apt_install build-essential
test -f /usr/include/zmq.h || apt_install libzmq3-dev
command -v nm >/dev/null 2>&1 || apt_install binutils

if [ ! -e "$ZMQ_LIB_DIR/libzmq.so" ] && [ ! -e "$ZMQ_LIB_DIR/libzmq.so.5" ]; then
  echo "run-capi-tests: no libzmq.so in $ZMQ_LIB_DIR - build the library first" >&2
  exit 1
fi
# The test binaries load libzmq.so.5 (the SONAME) from ZMQ_LIB_DIR.
if [ ! -e "$ZMQ_LIB_DIR/libzmq.so.5" ] && [ -e "$ZMQ_LIB_DIR/libzmq.so" ]; then
  ln -s libzmq.so "$ZMQ_LIB_DIR/libzmq.so.5"
fi

cmake -S "$ROOT/capi-tests" -B "$BUILD_DIR" \
  -DZMQ_INCLUDE_DIR="$ZMQ_INCLUDE_DIR" -DZMQ_LIB_DIR="$ZMQ_LIB_DIR"
cmake --build "$BUILD_DIR" -j2
cd "$BUILD_DIR"
# shellcheck disable=SC2086
ctest --output-on-failure $CTEST_ARGS
