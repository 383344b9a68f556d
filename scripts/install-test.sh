#!/usr/bin/env bash
# Install like libzmq 4.3.5 and use the installed tree as libzmq's users do.
#
#   cmake -B B && cmake --build B && cmake --install B --prefix P
#
# with B and P under a fresh mktemp -d (the cargo build itself is the usual
# target/release one, so this is quick once the library is built), then:
#  - the installed files are exactly the expected ones: libzmq.so.5.2.5 (a
#    real file, SONAME libzmq.so.5, the cargo-built library), the links
#    libzmq.so.5 -> libzmq.so.5.2.5 and libzmq.so -> libzmq.so.5, zmq.h,
#    zmq_utils.h, libzmq.pc, the ZeroMQ CMake package and zmq_tls.7;
#  - zmq_utils.h compiles (C and C++, -Wpedantic -Werror) and prints its
#    deprecation note;
#  - capi-tests/install/consumer.c, built with `pkg-config --cflags --libs
#    libzmq` and with find_package(ZeroMQ) + target_link_libraries(libzmq)
#    (capi-tests/install/CMakeLists.txt), runs without LD_LIBRARY_PATH and
#    proves it runs on P's library (dladdr, /proc/self/maps, zmq_has("tls"),
#    zmq_version 4.3.5) with inproc and tcp REQ/REP round trips; the same
#    binary run on another libzmq must fail those checks;
#  - the tree still works after being moved (CMake package: relative to
#    itself; pkg-config: --define-prefix), and DESTDIR staging works.
# Exits non-zero if any check fails. KEEP=1 keeps the temporary directory.
set -u
cd "$(dirname "$0")/.."
ROOT=$(pwd)

T=$(mktemp -d "${TMPDIR:-/tmp}/zmq-install-test.XXXXXX")
B=$T/build
P=$T/prefix
LOG=$T/log
mkdir -p "$LOG"

passed=()
failed=()
pass() { passed+=("$1"); echo "  ok   $1"; }
fail() { failed+=("$1"); echo "  FAIL $1" >&2; }
# check NAME CMD...: runs CMD (output to $LOG/<n>.log), records the result.
n=0
check() {
    local name=$1
    shift
    n=$((n + 1))
    if "$@" >"$LOG/$n.log" 2>&1; then
        pass "$name"
    else
        fail "$name (log: $LOG/$n.log)"
        sed 's/^/       | /' "$LOG/$n.log" | tail -n 20 >&2
    fi
}
finish() {
    echo
    echo "install test: ${#passed[@]} passed, ${#failed[@]} failed"
    if [ ${#failed[@]} -gt 0 ]; then
        printf '  failed: %s\n' "${failed[@]}" >&2
        echo "  (kept $T)" >&2
        exit 1
    fi
    if [ "${KEEP:-0}" = 1 ]; then
        echo "  (kept $T)"
    else
        rm -rf "$T"
    fi
    exit 0
}
# No LD_LIBRARY_PATH / LD_PRELOAD: what runs must come from the binaries'
# own run paths.
run_clean() { env -u LD_LIBRARY_PATH -u LD_PRELOAD "$@"; }

echo "== configure, build (cargo build --release), install into $P"
check "cmake configure" cmake -S "$ROOT" -B "$B"
check "cmake --build" cmake --build "$B"
check "cmake --install --prefix" cmake --install "$B" --prefix "$P"
if [ ${#failed[@]} -gt 0 ]; then finish; fi

echo "== installed files"
expected_files() {
    cat <<EOF
include/zmq.h
include/zmq_utils.h
lib/cmake/ZeroMQ/ZeroMQConfig.cmake
lib/cmake/ZeroMQ/ZeroMQConfigVersion.cmake
lib/cmake/ZeroMQ/ZeroMQTargets.cmake
lib/libzmq.so
lib/libzmq.so.5
lib/libzmq.so.5.2.5
lib/pkgconfig/libzmq.pc
share/man/man7/zmq_tls.7
EOF
}
check "exactly the expected files" \
    diff -u <(expected_files) <(cd "$P" && find . ! -type d | sed 's|^\./||' | LC_ALL=C sort)
check "lib/libzmq.so.5.2.5 is a file, the cargo-built library" \
    bash -c '[ -f "$1" ] && [ ! -L "$1" ] && cmp "$1" "$2"' _ \
    "$P/lib/libzmq.so.5.2.5" "$ROOT/target/release/libzmq.so"
check "lib/libzmq.so.5 -> libzmq.so.5.2.5" \
    test "$(readlink "$P/lib/libzmq.so.5")" = libzmq.so.5.2.5
check "lib/libzmq.so -> libzmq.so.5" \
    test "$(readlink "$P/lib/libzmq.so")" = libzmq.so.5
check "SONAME libzmq.so.5" \
    bash -c 'readelf -d "$1" | grep -F "(SONAME)" | grep -qF "[libzmq.so.5]"' _ \
    "$P/lib/libzmq.so.5.2.5"
check "zmq.h, zmq_utils.h, zmq_tls.7 are the repository's" \
    bash -c 'cmp "$1/include/zmq.h" include/zmq.h &&
             cmp "$1/include/zmq_utils.h" include/zmq_utils.h &&
             cmp "$1/share/man/man7/zmq_tls.7" docs/zmq_tls.7' _ "$P"

echo "== pkg-config"
export PKG_CONFIG_PATH=$P/lib/pkgconfig
check "libzmq.pc: version 4.3.5" test "$(pkg-config --modversion libzmq)" = 4.3.5
check "libzmq.pc: --cflags -I$P/include" \
    test "$(pkg-config --cflags libzmq | xargs)" = "-I$P/include"
check "libzmq.pc: --libs -L$P/lib -lzmq" \
    test "$(pkg-config --libs libzmq | xargs)" = "-L$P/lib -lzmq"
check "libzmq.pc: --static adds -lssl -lcrypto -lsodium -lpthread" \
    bash -c 's=" $(pkg-config --static --libs libzmq) "; for l in -lzmq -lssl -lcrypto -lsodium -lpthread -ldl -lm; do case "$s" in *" $l "*) ;; *) echo "missing $l in$s"; exit 1;; esac; done'

echo "== zmq_utils.h (deprecated) compiles"
utils_c() { # C99, pedantic, -Werror; the note must be printed; then run it
    cc -std=c99 -Wall -Wextra -Wpedantic -Werror \
        capi-tests/install/utils_consumer.c $(pkg-config --cflags --libs libzmq) \
        -Wl,-rpath,"$P/lib" -o "$T/utils_consumer" 2>"$T/utils.err" || {
        cat "$T/utils.err"
        return 1
    }
    cat "$T/utils.err"
    grep -q 'zmq_utils.h is deprecated' "$T/utils.err" &&
        run_clean "$T/utils_consumer"
}
utils_silent() { # -DZMQ_NO_DEPRECATION_MESSAGE: no output at all
    local out
    out=$(cc -std=c99 -Wall -Wextra -Wpedantic -Werror -DZMQ_NO_DEPRECATION_MESSAGE \
        -c capi-tests/install/utils_consumer.c -I"$P/include" -o "$T/u.o" 2>&1) &&
        [ -z "$out" ] || { echo "$out"; return 1; }
}
check "C99 -Wpedantic -Werror: compiles, prints the deprecation note, runs" utils_c
check "C++11 -Wpedantic -Werror: compiles" \
    g++ -std=c++11 -Wall -Wextra -Wpedantic -Werror -x c++ -c \
    capi-tests/install/utils_consumer.c -I"$P/include" -o "$T/utils_consumer_cxx.o"
check "silent with -DZMQ_NO_DEPRECATION_MESSAGE" utils_silent

echo "== consumer built with pkg-config"
check "build: cc consumer.c \$(pkg-config --cflags --libs libzmq)" \
    bash -c 'cc -std=c99 -Wall -Wextra -Wpedantic -Werror capi-tests/install/consumer.c \
             $(pkg-config --cflags --libs libzmq) \
             -Wl,-rpath,"$(pkg-config --variable=libdir libzmq)" -ldl -o "$1" &&
             readelf -d "$1" | grep -F "(NEEDED)" | grep -qF "[libzmq.so.5]"' _ \
    "$T/consumer-pc"
check "run: uses $P/lib/libzmq.so.5.2.5, tls, REQ/REP" run_clean "$T/consumer-pc" "$P"
# The checks can fail: the same program on the repository's build (not P's).
check "run on another libzmq (LD_PRELOAD target/release) fails its checks" \
    bash -c '! LD_PRELOAD="$1" "$2" "$3"' _ \
    "$ROOT/target/release/libzmq.so" "$T/consumer-pc" "$P"

echo "== consumer built with CMake find_package(ZeroMQ)"
cmake_consumer() { # PREFIX BUILDDIR
    cmake -S capi-tests/install -B "$2" -DCMAKE_PREFIX_PATH="$1" \
        -DEXPECTED_PREFIX="$1" && cmake --build "$2"
}
check "configure (package checks) + build" cmake_consumer "$P" "$T/consumer-cmake"
check "run: uses $P/lib/libzmq.so.5.2.5, tls, REQ/REP" \
    run_clean "$T/consumer-cmake/consumer" "$P"

echo "== the installed tree, moved"
M=$T/moved
mv "$P" "$M"
moved_cmake() {
    cmake_consumer "$M" "$T/consumer-cmake-moved" &&
        run_clean "$T/consumer-cmake-moved/consumer" "$M"
}
moved_pc() {
    cc -std=c99 capi-tests/install/consumer.c \
        $(PKG_CONFIG_PATH=$M/lib/pkgconfig pkg-config --define-prefix --cflags --libs libzmq) \
        -Wl,-rpath,"$M/lib" -ldl -o "$T/consumer-pc-moved" &&
        run_clean "$T/consumer-pc-moved" "$M"
}
check "CMake consumer against the moved tree" moved_cmake
check "pkg-config --define-prefix consumer against the moved tree" moved_pc

echo "== DESTDIR staging"
check "DESTDIR=stage --prefix /usr/local: files staged, libzmq.pc says /usr/local" \
    bash -c 'DESTDIR="$1" cmake --install "$2" --prefix /usr/local &&
             test -f "$1/usr/local/lib/libzmq.so.5.2.5" &&
             grep -qx "prefix=/usr/local" "$1/usr/local/lib/pkgconfig/libzmq.pc"' _ \
    "$T/stage" "$B"

finish
