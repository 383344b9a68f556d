#!/usr/bin/env bash
# Render docs/zmq_tls.7 (asciidoc) to docs/zmq_tls.7.html.
set -euo pipefail
cd "$(dirname "$0")/../docs"
command -v asciidoc >/dev/null || pip install -q asciidoc
asciidoc -b html5 -f asciidoc.conf -o zmq_tls.7.html zmq_tls.7
echo "wrote docs/zmq_tls.7.html"
