#!/bin/sh
# Run one ZMQ_STREAM interop scenario (interop_stream.c) between two
# programs in separate processes:
#   interop_stream_run.sh <server-program> <client-program> <workdir>
# The server starts first and publishes its endpoint in <workdir>/endpoint;
# the client waits for it. Both must exit 0 within the time limit.
set -u
SERVER=$1
CLIENT=$2
WORK=$3
LIMIT=50

rm -rf "$WORK"
mkdir -p "$WORK" || exit 1
EP="$WORK/endpoint"

TO=""
if command -v timeout >/dev/null 2>&1; then
  TO="timeout -k 5 $LIMIT"
fi

echo "interop STREAM: server=$(basename "$SERVER")  client=$(basename "$CLIENT")"
$TO "$SERVER" server "$EP" >"$WORK/server.log" 2>&1 &
PID_S=$!
$TO "$CLIENT" client "$EP" >"$WORK/client.log" 2>&1 &
PID_C=$!
wait $PID_S
RC_S=$?
wait $PID_C
RC_C=$?

cat "$WORK/server.log" "$WORK/client.log"
if [ $RC_S -ne 0 ] || [ $RC_C -ne 0 ]; then
  echo "interop STREAM FAILED: server exit $RC_S, client exit $RC_C"
  exit 1
fi
echo "interop STREAM OK"
exit 0
