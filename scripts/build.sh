#!/usr/bin/env bash
# Build target/release/libzmq.so (SONAME libzmq.so.5) and give it its
# libzmq.so.5 name beside it, so LD_LIBRARY_PATH=target/release swaps it in
# for Debian's libzmq5.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release
ln -sf libzmq.so target/release/libzmq.so.5
echo "built $(pwd)/target/release/libzmq.so.5"
