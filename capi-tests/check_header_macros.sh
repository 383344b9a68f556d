#!/bin/sh
# Compare every #define of the stable part of real libzmq's zmq.h with the
# zmq.h under test: each macro must exist with the same value.
#   check_header_macros.sh <cc> <real zmq.h> <zmq.h under test> <workdir>
# ZMQ_VERSION_PATCH may be 4 or 5 (ZMQ_VERSION accordingly); macros with an
# empty body (ZMQ_HAVE_TIMERS) must merely be defined; function-like
# macros (ZMQ_MAKE_VERSION) are compared by evaluating them.
set -eu
CC=$1
REAL=$2
OURS=$3
WORK=$4
mkdir -p "$WORK"

# Names #defined in the real header before the draft section.
awk '/ifdef ZMQ_BUILD_DRAFT_API/ { exit } { print }' "$REAL" \
  | sed -n 's/^[[:space:]]*#[[:space:]]*define[[:space:]]\{1,\}\([A-Za-z_][A-Za-z0-9_]*\).*/\1/p' \
  | sort -u > "$WORK/names.txt"

# What the preprocessor makes of them (real header).
printf '#include "%s"\n' "$REAL" > "$WORK/real_dm.c"
"$CC" -dM -E "$WORK/real_dm.c" > "$WORK/real_dm.txt"

SKIP='^(__ZMQ_H_INCLUDED__|ZMQ_EXPORT|ZMQ_DEFINED_STDINT|_WIN32_WINNT|ZMQ_VERSION_PATCH|ZMQ_VERSION)$'

gen=$WORK/real_values.c
{
  printf '#include <stdio.h>\n#include "%s"\nint main (void) {\n' "$REAL"
  while read -r name; do
    echo "$name" | grep -Eq "$SKIP" && continue
    line=$(grep -E "^#define $name[ (]|^#define $name$" "$WORK/real_dm.txt" | sed "s/[[:space:]]*$//" || true)
    [ -n "$line" ] || continue          # platform-conditional, not defined here
    case $line in
      "#define $name("*) ;;              # function-like: handled below
      "#define $name") printf '  printf ("%s EMPTY\\n");\n' "$name" ;;
      *) printf '  printf ("%s %%lld\\n", (long long) (%s));\n' "$name" "$name" ;;
    esac
  done < "$WORK/names.txt"
  printf '  return 0;\n}\n'
} > "$gen"
"$CC" -o "$WORK/real_values" "$gen"
"$WORK/real_values" > "$WORK/real_values.txt"

chk=$WORK/check_ours.c
{
  printf '#include <stdio.h>\n#include "%s"\nint main (void) {\n  int bad = 0;\n' "$OURS"
  while read -r name value; do
    if [ "$value" = EMPTY ]; then
      printf '#ifndef %s\n  printf ("missing: %s\\n"); bad = 1;\n#endif\n' "$name" "$name"
    else
      printf '#ifndef %s\n  printf ("missing: %s\\n"); bad = 1;\n#else\n' "$name" "$name"
      printf '  if ((long long) (%s) != %sLL) { printf ("%s: %%lld, expected %s\\n", (long long) (%s)); bad = 1; }\n#endif\n' \
        "$name" "$value" "$name" "$value" "$name"
    fi
  done < "$WORK/real_values.txt"
  cat <<'EOC'
#ifndef ZMQ_MAKE_VERSION
  printf ("missing: ZMQ_MAKE_VERSION\n"); bad = 1;
#else
  if (ZMQ_MAKE_VERSION (1, 2, 3) != 10203) { printf ("ZMQ_MAKE_VERSION wrong\n"); bad = 1; }
#endif
#if !defined ZMQ_VERSION_MAJOR || !defined ZMQ_VERSION_MINOR || !defined ZMQ_VERSION_PATCH || !defined ZMQ_VERSION
  printf ("missing: ZMQ_VERSION*\n"); bad = 1;
#else
  if (ZMQ_VERSION_MAJOR != 4 || ZMQ_VERSION_MINOR != 3
      || (ZMQ_VERSION_PATCH != 4 && ZMQ_VERSION_PATCH != 5)
      || ZMQ_VERSION != 40300 + ZMQ_VERSION_PATCH) {
    printf ("ZMQ_VERSION* wrong: %d.%d.%d / %d\n", ZMQ_VERSION_MAJOR,
            ZMQ_VERSION_MINOR, ZMQ_VERSION_PATCH, ZMQ_VERSION);
    bad = 1;
  }
#endif
EOC
  printf '  return bad;\n}\n'
} > "$chk"
"$CC" -Wall -Wextra -Werror -o "$WORK/check_ours" "$chk"
n=$(wc -l < "$WORK/real_values.txt")
if "$WORK/check_ours"; then
  echo "header_macros: $n macros of $REAL match $OURS"
else
  echo "header_macros: FAILED (see above)"
  exit 1
fi
