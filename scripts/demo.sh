#!/usr/bin/env bash
# Build the library and run a REQ/REP exchange over it.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/build.sh >/dev/null
out=target/demo
mkdir -p "$out"
cc -O2 -o "$out/demo" docs/examples/demo.c -Iinclude -Ltarget/release -lzmq -Wl,-rpath,"$PWD/target/release"
"$out/demo"
