#!/bin/sh
# Run one interop scenario between two peer programs (separate processes).
#   interop_run.sh <peer-A> <peer-B> <pair> <binder: A|B> <count> <workdir> [ipc]
# The binder starts first and publishes its endpoint in <workdir>/endpoint;
# the other side waits for it. Both must exit 0 within the time limit.
set -u
PEER_A=$1
PEER_B=$2
PAIR=$3
BINDER=$4
COUNT=$5
WORK=$6
TRANSPORT=${7:-tcp}
LIMIT=50

rm -rf "$WORK"
mkdir -p "$WORK" || exit 1
EP="$WORK/endpoint"
if [ "$TRANSPORT" = curve ]; then
  INTEROP_CURVE=1
  export INTEROP_CURVE
fi
if [ "$TRANSPORT" = plain ]; then
  INTEROP_PLAIN=1
  export INTEROP_PLAIN
fi
if [ "$TRANSPORT" = ipc ]; then
  INTEROP_BIND="ipc://$WORK/sock"
  export INTEROP_BIND
fi

if [ "$BINDER" = A ]; then
  MODE_A=bind; MODE_B=connect
else
  MODE_A=connect; MODE_B=bind
fi

TO=""
if command -v timeout >/dev/null 2>&1; then
  TO="timeout -k 5 $LIMIT"
fi

echo "interop ($TRANSPORT): $PAIR  A=$(basename "$PEER_A") ($MODE_A)  B=$(basename "$PEER_B") ($MODE_B)  count=$COUNT"
$TO "$PEER_A" "$PAIR" A "$MODE_A" "$EP" "$COUNT" >"$WORK/A.log" 2>&1 &
PID_A=$!
$TO "$PEER_B" "$PAIR" B "$MODE_B" "$EP" "$COUNT" >"$WORK/B.log" 2>&1 &
PID_B=$!
wait $PID_A
RC_A=$?
wait $PID_B
RC_B=$?

cat "$WORK/A.log" "$WORK/B.log"
if [ $RC_A -ne 0 ] || [ $RC_B -ne 0 ]; then
  echo "interop FAILED: A exit $RC_A, B exit $RC_B"
  exit 1
fi
echo "interop OK"
exit 0
