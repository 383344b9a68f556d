#!/usr/bin/env bash
# Checks the dynamic symbol table of our built libzmq.so against Debian's
# libzmq.so.5 (libzmq 4.3.4).
#
# usage: scripts/check-symbols.sh [-v] LIB [REF_LIB]
#        scripts/check-symbols.sh --update-list [REF_LIB]
#
#   LIB      our library, e.g. target/release/libzmq.so
#   REF_LIB  reference library (default /usr/lib/x86_64-linux-gnu/libzmq.so.5);
#            if it is missing, the list in docs/debian-libzmq5-symbols.txt
#            is used instead.
#
# Checks:
#   1. every function the reference exports (`nm -D --defined-only` type T,
#      name zmq_*) is exported by LIB as a defined T symbol;
#   2. LIB exports nothing else except other zmq_* functions (reported) and
#      linker-generated symbols (_init, _fini, _edata, _end, __bss_start);
#      anything else (leaked Rust/C helpers, data) fails;
#   3. `readelf -d LIB` shows SONAME libzmq.so.5.
#
# --update-list rewrites docs/debian-libzmq5-symbols.txt from REF_LIB.
# Exit status: 0 if nothing failed, 1 otherwise (2 on usage/setup errors).

set -u
export LC_ALL=C

root=$(cd "$(dirname "$0")/.." && pwd)
list_file=$root/docs/debian-libzmq5-symbols.txt
default_ref=/usr/lib/x86_64-linux-gnu/libzmq.so.5
soname_expected=libzmq.so.5
linker_symbols='^(_init|_fini|_edata|_end|__bss_start|_DYNAMIC|_GLOBAL_OFFSET_TABLE_)$'

verbose=0
update=0
args=()
for a in "$@"; do
    case "$a" in
    -v | --verbose) verbose=1 ;;
    --update-list) update=1 ;;
    -h | --help)
        sed -n '2,/^$/s/^# \{0,1\}//p' "$0"
        exit 0
        ;;
    -*)
        echo "unknown option: $a" >&2
        exit 2
        ;;
    *) args+=("$a") ;;
    esac
done

for tool in nm readelf; do
    if ! command -v "$tool" >/dev/null; then
        echo "error: $tool not found (binutils)" >&2
        exit 2
    fi
done

# Defined dynamic symbols of a library: "TYPE NAME" (version suffix removed).
dynsyms() {
    nm -D --defined-only "$1" | awk 'NF >= 3 { name = $3; sub(/@.*$/, "", name); print $2, name }'
}
ref_functions() { # lib
    dynsyms "$1" | awk '$1 == "T" && $2 ~ /^zmq_/ { print $2 }' | sort -u
}

if [ "$update" = 1 ]; then
    ref=${args[0]:-$default_ref}
    [ -f "$ref" ] || {
        echo "error: $ref not found" >&2
        exit 2
    }
    ref_functions "$ref" >"$list_file"
    echo "wrote $list_file ($(wc -l <"$list_file") symbols from $ref)"
    exit 0
fi

if [ "${#args[@]}" -lt 1 ]; then
    echo "usage: $0 [-v] LIB [REF_LIB]" >&2
    exit 2
fi
lib=${args[0]}
ref=${args[1]:-$default_ref}
if [ ! -f "$lib" ]; then
    echo "error: $lib not found" >&2
    exit 2
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

pass=0
fail=0
ok() {
    pass=$((pass + 1))
    if [ "$verbose" = 1 ]; then echo "ok    $*"; fi
}
bad() {
    fail=$((fail + 1))
    echo "FAIL  $*"
}
note() { echo "note  $*"; }

if [ -f "$ref" ]; then
    ref_functions "$ref" >"$tmp/ref"
    echo "reference: $ref ($(wc -l <"$tmp/ref") zmq_* functions)"
    if [ -f "$list_file" ] && ! cmp -s "$tmp/ref" "$list_file"; then
        note "$list_file differs from $ref; run: $0 --update-list"
    fi
elif [ -f "$list_file" ]; then
    sort -u "$list_file" >"$tmp/ref"
    echo "reference: $list_file ($(wc -l <"$tmp/ref") zmq_* functions; $ref not found)"
else
    echo "error: neither $ref nor $list_file exists" >&2
    exit 2
fi
echo "library:   $lib"

dynsyms "$lib" >"$tmp/ours.all"
if [ ! -s "$tmp/ours.all" ]; then
    bad "$lib exports no dynamic symbols (nm -D failed or not a shared library?)"
fi

# 1. Every reference function exported as a defined T symbol.
while read -r name; do
    type=$(awk -v n="$name" '$2 == n { print $1; exit }' "$tmp/ours.all")
    case "$type" in
    T) ok "$name exported" ;;
    "") bad "$name: not exported" ;;
    *) bad "$name: exported with type '$type', expected T (function)" ;;
    esac
done <"$tmp/ref"

# 2. Nothing else leaks.
extra_zmq=()
while read -r type name; do
    if grep -qx "$name" "$tmp/ref"; then
        continue
    fi
    if [[ "$name" =~ $linker_symbols ]]; then
        ok "$name ($type): linker-generated symbol, allowed"
    elif [[ "$name" == zmq_* ]] && [ "$type" = T ]; then
        extra_zmq+=("$name")
    else
        case "$type" in
        T | t | W | w | i) kind="function" ;;
        *) kind="symbol" ;;
        esac
        bad "$name: exported $kind (type $type) that is not part of the libzmq API"
    fi
done <"$tmp/ours.all"
if [ "${#extra_zmq[@]}" -gt 0 ]; then
    note "${#extra_zmq[@]} zmq_* function(s) exported that the reference does not export:"
    printf '%s\n' "${extra_zmq[@]}" | fmt -w 76 | sed 's/^/      /'
fi

# 3. SONAME.
soname=$(readelf -d "$lib" 2>/dev/null | sed -n 's/.*(SONAME).*\[\(.*\)\].*/\1/p')
if [ "$soname" = "$soname_expected" ]; then
    ok "SONAME $soname"
else
    bad "SONAME is '${soname:-<none>}', expected $soname_expected"
fi

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
