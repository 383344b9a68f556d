#!/usr/bin/env bash
# Compare our libzmq replacement against the system (Debian) libzmq.
#
# Builds bench/zmqbench.c twice into build/bench/:
#   zmqbench-ours    against $OURS_INCLUDE/zmq.h + $OURS_LIB_DIR/libzmq.so
#   zmqbench-libzmq  against /usr/include/zmq.h + libzmq.so.5 (Debian)
# then runs throughput (thr) and latency (lat) tests for 16 B, 1 KiB and
# 64 KiB messages, alternating libzmq/ours, and prints a comparison table.
#
# Environment:
#   OURS_LIB_DIR    dir containing our libzmq.so   (default: $ROOT/target/release)
#   OURS_INCLUDE    dir containing our zmq.h       (default: $ROOT/include)
#   SYS_LIB_DIR     dir containing system libzmq.so.5 (default: /usr/lib/x86_64-linux-gnu)
#   SYS_INCLUDE     dir containing system zmq.h    (default: /usr/include)
#   BENCH_SCALE     multiply all message / round-trip counts (default 1; e.g. 0.1 for a smoke run)
#   BENCH_REPS      repetitions per test and library; table shows the median (default 3)
#   BENCH_TIMEOUT   per-run timeout in seconds (default 60)
#   BENCH_ENDPOINT  bind endpoint passed to zmqbench (default tcp://127.0.0.1:*)
#   BENCH_TESTS     space separated subset of tests, e.g. "thr:16 lat:1024"
#                   (default: thr:16 thr:1024 thr:65536 lat:16 lat:1024 lat:65536)
#   CC, CFLAGS      compiler and flags (default: cc, -O2)
#
# Validate the script before our library exists by pointing "ours" at Debian's:
#   OURS_LIB_DIR=/usr/lib/x86_64-linux-gnu OURS_INCLUDE=/usr/include bash scripts/bench.sh
#
# Ratios: throughput ratio = ours/libzmq, latency ratio = libzmq/ours,
# so > 1.00 always means "ours is better".
# Raw result lines: build/bench/results.txt; per-run logs: build/bench/logs/.

set -u

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT" || exit 1

OURS_LIB_DIR="${OURS_LIB_DIR:-$ROOT/target/release}"
OURS_INCLUDE="${OURS_INCLUDE:-$ROOT/include}"
SYS_LIB_DIR="${SYS_LIB_DIR:-/usr/lib/x86_64-linux-gnu}"
SYS_INCLUDE="${SYS_INCLUDE:-/usr/include}"
BENCH_SCALE="${BENCH_SCALE:-1}"
BENCH_REPS="${BENCH_REPS:-3}"
BENCH_TIMEOUT="${BENCH_TIMEOUT:-60}"
BENCH_ENDPOINT="${BENCH_ENDPOINT:-tcp://127.0.0.1:*}"
BENCH_TESTS="${BENCH_TESTS:-thr:16 thr:1024 thr:65536 lat:16 lat:1024 lat:65536}"
CC="${CC:-cc}"
CFLAGS="${CFLAGS:--O2}"

OUT="$ROOT/build/bench"
LOGS="$OUT/logs"
RESULTS="$OUT/results.txt"
mkdir -p "$OUT" "$LOGS"

# Make sure LD_LIBRARY_PATH / LD_PRELOAD can't silently swap libraries.
unset LD_LIBRARY_PATH LD_PRELOAD

# Base counts, tuned for ~1-3 s per run on a 2-core machine with libzmq 4.3.
base_count() {
    case "$1" in
        thr:16)    echo 10000000 ;;
        thr:1024)  echo 1500000 ;;
        thr:65536) echo 40000 ;;
        lat:16)    echo 20000 ;;
        lat:1024)  echo 20000 ;;
        lat:65536) echo 15000 ;;
        thr:*)     echo 1000000 ;;
        lat:*)     echo 10000 ;;
    esac
}

scaled_count() {
    awk -v n="$1" -v s="$BENCH_SCALE" 'BEGIN { c = int(n * s); if (c < 2) c = 2; print c }'
}

# ---------------------------------------------------------------- build

build_one() { # name include_dir lib_dir link_flag
    local name="$1" inc="$2" libdir="$3" linkflag="$4"
    local exe="$OUT/zmqbench-$name"
    echo "building $exe (include=$inc lib=$libdir)"
    # --disable-new-dtags: emit DT_RPATH (takes precedence over LD_LIBRARY_PATH).
    if ! $CC $CFLAGS -Wall -o "$exe" "$ROOT/bench/zmqbench.c" \
            -I"$inc" -L"$libdir" "$linkflag" -lpthread -ldl \
            -Wl,--disable-new-dtags -Wl,-rpath,"$libdir"; then
        echo "error: failed to build $exe" >&2
        return 1
    fi
    # Show what the binary actually loads.
    local ver
    if ! ver=$(timeout 10 "$exe" version); then
        echo "error: $exe does not run" >&2
        return 1
    fi
    echo "  $name: $ver"
}

if [ ! -f "$OURS_INCLUDE/zmq.h" ]; then
    echo "error: $OURS_INCLUDE/zmq.h not found (set OURS_INCLUDE)" >&2
    exit 1
fi
if [ ! -e "$OURS_LIB_DIR/libzmq.so" ] && [ ! -e "$OURS_LIB_DIR/libzmq.so.5" ]; then
    echo "error: no libzmq.so in $OURS_LIB_DIR (build it with cargo build --release," >&2
    echo "       or validate with OURS_LIB_DIR=$SYS_LIB_DIR OURS_INCLUDE=$SYS_INCLUDE)" >&2
    exit 1
fi
# Link ours by exact file if only the SONAME file exists (e.g. system dir).
if [ -e "$OURS_LIB_DIR/libzmq.so" ]; then ours_link="-lzmq"; else ours_link="-l:libzmq.so.5"; fi

# A build/link failure of one side (e.g. a missing symbol in ours) doesn't
# abort: that side's runs are reported as FAILED.
declare -A BUILD_OK
for name in libzmq ours; do
    rm -f "$OUT/zmqbench-$name"
    if [ $name = libzmq ]; then
        build_one libzmq "$SYS_INCLUDE" "$SYS_LIB_DIR" "-l:libzmq.so.5"
    else
        build_one ours "$OURS_INCLUDE" "$OURS_LIB_DIR" "$ours_link"
    fi && BUILD_OK[$name]=1 || BUILD_OK[$name]=0
done

# ---------------------------------------------------------------- run

# run_one name mode size count -> prints metric value or FAILED; logs to $LOGS
run_one() {
    local name="$1" mode="$2" size="$3" count="$4" rep="$5"
    local log="$LOGS/$mode-$size-$name-$rep.log"
    local line rc
    if [ "${BUILD_OK[$name]}" != 1 ]; then echo FAILED; return; fi
    timeout -k 5 "$BENCH_TIMEOUT" "$OUT/zmqbench-$name" "$mode" "$size" "$count" \
        "$BENCH_ENDPOINT" >"$log" 2>&1
    rc=$?
    line=$(grep -m1 "^$mode " "$log")
    if [ $rc -ne 0 ] || [ -z "$line" ]; then
        if [ $rc -eq 124 ] || [ $rc -eq 137 ]; then
            echo "  $name $mode $size: TIMEOUT after ${BENCH_TIMEOUT}s (see $log)" >&2
        else
            echo "  $name $mode $size: FAILED rc=$rc (see $log)" >&2
        fi
        echo "FAILED"
        return
    fi
    echo "$name $line" >>"$RESULTS"
    if [ "$mode" = thr ]; then
        sed -n 's/.* msgs_per_s=\([0-9.]*\).*/\1/p' <<<"$line"
    else
        sed -n 's/.* latency_us=\([0-9.]*\).*/\1/p' <<<"$line"
    fi
}

median() { # values... (any FAILED -> FAILED)
    local v
    for v in "$@"; do
        if [ "$v" = FAILED ] || [ -z "$v" ]; then echo FAILED; return; fi
    done
    printf '%s\n' "$@" | sort -g | awk '{ a[NR] = $1 }
        END { if (NR % 2) print a[(NR + 1) / 2]; else print (a[NR / 2] + a[NR / 2 + 1]) / 2 }'
}

human_size() {
    case "$1" in
        65536) echo "64 KiB" ;;
        1024)  echo "1 KiB" ;;
        *)     echo "$1 B" ;;
    esac
}

: >"$RESULTS"
echo
echo "endpoint=$BENCH_ENDPOINT scale=$BENCH_SCALE reps=$BENCH_REPS timeout=${BENCH_TIMEOUT}s"

declare -A RES_SYS RES_OURS COUNTS
for t in $BENCH_TESTS; do
    mode="${t%%:*}"; size="${t#*:}"
    count=$(scaled_count "$(base_count "$t")")
    COUNTS[$t]=$count
    sys_vals=(); ours_vals=()
    for ((rep = 1; rep <= BENCH_REPS; rep++)); do
        # alternate which library goes first to cancel ordering effects
        if (( rep % 2 )); then order="libzmq ours"; else order="ours libzmq"; fi
        for name in $order; do
            v=$(run_one "$name" "$mode" "$size" "$count" "$rep")
            if [ "$name" = libzmq ]; then sys_vals+=("$v"); else ours_vals+=("$v"); fi
        done
    done
    RES_SYS[$t]=$(median "${sys_vals[@]}")
    RES_OURS[$t]=$(median "${ours_vals[@]}")
    echo "  $mode $(human_size "$size") n=$count: libzmq=[${sys_vals[*]}] ours=[${ours_vals[*]}]"
done

fmt() { # mode value
    if [ "$2" = FAILED ]; then echo FAILED; return; fi
    if [ "$1" = thr ]; then
        awk -v v="$2" 'BEGIN { printf "%.0f", v }'
    else
        awk -v v="$2" 'BEGIN { printf "%.2f", v }'
    fi
}

ratio() { # mode sys ours
    if [ "$2" = FAILED ] || [ "$3" = FAILED ]; then echo "-"; return; fi
    if [ "$1" = thr ]; then
        awk -v a="$2" -v b="$3" 'BEGIN { if (a > 0) printf "%.2f", b / a; else print "-" }'
    else
        awk -v a="$2" -v b="$3" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "-" }'
    fi
}

print_section() { # mode title
    local mode="$1" title="$2" t header=0
    for t in $BENCH_TESTS; do
        [ "${t%%:*}" = "$mode" ] || continue
        if [ $header -eq 0 ]; then
            echo
            echo "$title"
            printf '%-8s | %14s | %14s | %6s\n' size libzmq ours ratio
            printf '%-8s-+-%14s-+-%14s-+-%6s\n' -------- -------------- -------------- ------
            header=1
        fi
        local s="${RES_SYS[$t]}" o="${RES_OURS[$t]}"
        printf '%-8s | %14s | %14s | %6s\n' "$(human_size "${t#*:}")" \
            "$(fmt "$mode" "$s")" "$(fmt "$mode" "$o")" "$(ratio "$mode" "$s" "$o")"
    done
}

print_section thr "Throughput (msgs/s, median of $BENCH_REPS; ratio = ours/libzmq, >1 better)"
print_section lat "Latency (one-way us, median of $BENCH_REPS; ratio = libzmq/ours, >1 better)"
echo
echo "raw results: $RESULTS"

# PUB/SUB against libzmq (BENCH_PUBSUB=0 skips).
if [ "${BENCH_PUBSUB:-1}" = 1 ] && [ "${BUILD_OK[ours]}" = 1 ]; then
    bash "$(dirname "$0")/bench-pubsub.sh"
fi

# The tls tables: tls:// vs libzmq CURVE vs tcp://, set-up rates (BENCH_TLS=0 skips).
if [ "${BENCH_TLS:-1}" = 1 ] && [ "${BUILD_OK[ours]}" = 1 ] && grep -q ZMQ_TLS_CERT_FILE "$OURS_INCLUDE/zmq.h"; then
    bash "$(dirname "$0")/bench-tls.sh"
fi

# Exit non-zero if anything failed, but only after printing the whole table.
for t in $BENCH_TESTS; do
    if [ "${RES_SYS[$t]}" = FAILED ] || [ "${RES_OURS[$t]}" = FAILED ]; then exit 1; fi
done
exit 0
