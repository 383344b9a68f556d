#!/usr/bin/env bash
# libzmq's own test suite (tests/ of Debian's libzmq 4.3.4 source package)
# run on libzmq itself, then on ours, and compared.
#
#   bash scripts/libzmq-suite.sh            # build (once), run both, compare
#   LIBZMQ_SUITE_ARGS="-R test_pair" ...    # extra ctest arguments
#
# The source comes from Debian's archive (`apt-get source`, verified by
# apt against the signed index), is built with its own CMake build (the
# library and its tests), and run with ctest twice: once as built, once
# with the build's lib/libzmq.so.5 replaced by a copy of ours (the test
# binaries find libzmq.so.5 there through their RUNPATH). A test that
# passes on libzmq and not on ours fails the run unless docs/compat.md
# names it as `libzmq:<test>`. Each test has a 60 s timeout. Results:
# build/libzmq-suite/{real,ours}.results.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
WORK=$ROOT/build/libzmq-suite
LIB=${LIBZMQ_SUITE_LIB:-$ROOT/target/release/libzmq.so}
mkdir -p "$WORK"

[ -f "$LIB" ] || {
    echo "libzmq-suite: no library at $LIB (build it first: bash scripts/build.sh)" >&2
    exit 1
}

# --- the source ---------------------------------------------------------------
src=$(find "$WORK" -maxdepth 2 -name CMakeLists.txt -path '*/libzmq-4.3.*/*' 2>/dev/null | head -1)
if [ -z "$src" ]; then
    list=/etc/apt/sources.list.d/zmq-rs-compat-deb-src.sources
    if ! apt-get source --help >/dev/null 2>&1; then
        echo "libzmq-suite: apt-get is needed to fetch Debian's libzmq source" >&2
        exit 1
    fi
    # deb-src entries for the suites the machine already uses, for the
    # time of the download.
    if [ -f /etc/apt/sources.list.d/debian.sources ] && [ ! -f "$list" ]; then
        sed 's/^Types: deb$/Types: deb-src/' /etc/apt/sources.list.d/debian.sources >"$list"
        trap 'rm -f "$list"; apt-get update -qq >/dev/null 2>&1 || true' EXIT
        apt-get update -qq >/dev/null
    fi
    (cd "$WORK" && apt-get source -qq --download-only zeromq3 >/dev/null 2>&1)
    orig=$(ls "$WORK"/zeromq3_4.3.*.orig.tar.gz | head -1)
    tar -xzf "$orig" -C "$WORK"
    src=$(find "$WORK" -maxdepth 2 -name CMakeLists.txt -path '*/libzmq-4.3.*/*' | head -1)
fi
src=$(dirname "$src")
build=$WORK/build

# --- its build (library and tests), once ----------------------------------------
if [ ! -x "$build/bin/test_pair_tcp" ]; then
    echo "== building libzmq $(basename "$src") and its tests (a few minutes)"
    cmake -S "$src" -B "$build" -DBUILD_TESTS=ON -DENABLE_DRAFTS=OFF \
        -DWITH_LIBSODIUM=ON -DENABLE_CURVE=ON -DBUILD_STATIC=OFF \
        -DWITH_DOCS=OFF -DCMAKE_BUILD_TYPE=Release >"$WORK/build.log" 2>&1
    cmake --build "$build" -j2 >>"$WORK/build.log" 2>&1 || {
        echo "libzmq-suite: build failed; see $WORK/build.log" >&2
        exit 1
    }
fi
real=$(readlink -f "$build/lib/libzmq.so.5")
case "$real" in
*/lib/libzmq.so.5.*) cp "$real" "$WORK/real-libzmq.so.5" ;;
esac

# --- runs -----------------------------------------------------------------------
# name, library file: lib/libzmq.so.5 in the build becomes that file.
run() {
    local name=$1 libfile=$2
    ln -sf "$libfile" "$build/lib/libzmq.so.5"
    echo "== libzmq's tests on $name ($(readlink -f "$build/lib/libzmq.so.5"))"
    set +e
    # shellcheck disable=SC2086
    (cd "$build" && ctest -j2 --timeout 60 --output-junit "$WORK/$name.xml" \
        ${LIBZMQ_SUITE_ARGS:-} >"$WORK/$name.log" 2>&1)
    set -e
    python3 - "$WORK/$name.xml" "$WORK/$name.results" <<'EOF'
import sys, xml.etree.ElementTree as ET
out = open(sys.argv[2], "w")
for tc in ET.parse(sys.argv[1]).getroot().iter("testcase"):
    status = tc.get("status", "")
    outcome = {"run": "passed", "fail": "failed", "notrun": "skipped"}.get(status, status)
    if tc.find("failure") is not None:
        outcome = "failed"
    out.write(f"{outcome} {tc.get('name')}\n")
EOF
    echo "libzmq-suite ($name): $(grep -c '^passed ' "$WORK/$name.results") passed," \
        "$(grep -c '^failed ' "$WORK/$name.results") failed," \
        "$(grep -c '^skipped ' "$WORK/$name.results") not run; log: $WORK/$name.log"
}

cp "$LIB" "$WORK/ours-libzmq.so.5"
run real "$WORK/real-libzmq.so.5"
run ours "$WORK/ours-libzmq.so.5"
# Leave the build on libzmq itself.
ln -sf "$WORK/real-libzmq.so.5" "$build/lib/libzmq.so.5"

python3 - "$ROOT/docs/compat.md" "$WORK/real.results" "$WORK/ours.results" <<'EOF'
import sys
def load(path):
    return dict(reversed(line.split(maxsplit=1)) for line in open(path).read().split("\n") if line)
compat = open(sys.argv[1]).read()
real, ours = load(sys.argv[2]), load(sys.argv[3])
regressions = []
for test, outcome in sorted(real.items()):
    if outcome == "passed" and ours.get(test) != "passed":
        if f"`libzmq:{test}`" in compat:
            print(f"libzmq-suite: differs by design (docs/compat.md): {test}")
        else:
            regressions.append(test)
for test, outcome in sorted(ours.items()):
    if outcome == "passed" and real.get(test) != "passed":
        print(f"libzmq-suite: passes on ours only: {test}")
for test in regressions:
    print(f"libzmq-suite: REGRESSION (passes on libzmq, not on ours): {test}")
print(f"libzmq-suite: {len(regressions)} regressions")
sys.exit(1 if regressions else 0)
EOF
