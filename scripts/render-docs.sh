#!/usr/bin/env bash
# Render the zmq_tls(7) man page from its AsciiDoc source:
#
#   docs/zmq_tls.7.adoc  ->  docs/zmq_tls.7       (roff: man -l docs/zmq_tls.7)
#                        ->  docs/zmq_tls.7.html
#
# Both outputs are committed; edit the .adoc and run this script.
#
# usage: scripts/render-docs.sh            write docs/zmq_tls.7 and docs/zmq_tls.7.html
#        scripts/render-docs.sh --check    render into a temporary directory and diff
#                                          against the committed files (exit 1 if they differ)
#
# Tool chain (as libzmq's own man pages): asciidoc (Python, pip) turns the
# source into DocBook 4.5 and HTML; xsltproc with the DocBook XSL "manpages"
# stylesheet (Debian: xsltproc, docbook-xsl; docbook-xml provides the DTD so
# that nothing is fetched from the network) turns the DocBook into roff.
# Missing tools are installed: asciidoc with pip (Debian's asciidoc-base if
# pip refuses), the rest with apt-get. The output is reproducible: the date
# is the page's :revdate: (bump it when the content changes), not the clock.
set -euo pipefail

ASCIIDOC_VERSION=10.2.1   # the version the committed files were made with
XSL=/usr/share/xml/docbook/stylesheet/docbook-xsl/manpages/docbook.xsl

root=$(cd "$(dirname "$0")/.." && pwd)
docs=$root/docs
page=zmq_tls.7

check=0
case "${1:-}" in
"") ;;
--check) check=1 ;;
-h | --help) sed -n '2,/^set -e/{/^set -e/d;s/^# \{0,1\}//p}' "$0"; exit 0 ;;
*) echo "usage: $0 [--check]" >&2; exit 2 ;;
esac

as_root() {
    if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

apt_install() {
    echo "== installing with apt-get: $*" >&2
    export DEBIAN_FRONTEND=noninteractive
    as_root apt-get install -y --no-install-recommends "$@" >/dev/null ||
        { as_root apt-get update -qq && as_root apt-get install -y --no-install-recommends "$@" >/dev/null; }
}

need_apt=()
command -v xsltproc >/dev/null || need_apt+=(xsltproc)
[ -f "$XSL" ] || need_apt+=(docbook-xsl)
[ -d /usr/share/xml/docbook/schema/dtd/4.5 ] || need_apt+=(docbook-xml)
command -v groff >/dev/null || need_apt+=(groff-base)
[ ${#need_apt[@]} -eq 0 ] || apt_install "${need_apt[@]}"
if ! command -v asciidoc >/dev/null; then
    echo "== installing asciidoc $ASCIIDOC_VERSION with pip" >&2
    python3 -m pip install --quiet "asciidoc==$ASCIIDOC_VERSION" || apt_install asciidoc-base
    hash -r
fi
have=$(asciidoc --version | awk '{print $2}')
if [ "$have" != "$ASCIIDOC_VERSION" ]; then
    echo "note: asciidoc $have, the committed files were made with $ASCIIDOC_VERSION;" \
        "the output may differ slightly (pip install asciidoc==$ASCIIDOC_VERSION)" >&2
fi

# Footer of the man page: "zmq-rs-compat VERSION", as libzmq's say "0MQ 4.3.x".
version=$(sed -n 's/^version *= *"\(.*\)"/\1/p' "$root/Cargo.toml" | head -n 1)

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
if [ $check -eq 1 ]; then out=$tmp/out; mkdir "$out"; else out=$docs; fi

# asciidoc warns (it does not fail) on broken markup: treat warnings as errors.
run_asciidoc() {
    local log=$tmp/asciidoc.log
    (cd "$docs" && asciidoc -f asciidoc.conf -d manpage "$@" "$page.adoc") 2>"$log" || { cat "$log" >&2; exit 1; }
    if [ -s "$log" ]; then cat "$log" >&2; echo "render-docs: asciidoc warnings (above)" >&2; exit 1; fi
}

# Man page: AsciiDoc -> DocBook -> roff.
run_asciidoc -b docbook -a mansource=zmq-rs-compat -a "manversion=$version" \
    -a "manmanual=0MQ Manual" -o "$tmp/$page.xml"
xsltproc --nonet \
    --stringparam man.output.base.dir "$tmp/man/" \
    --stringparam man.output.in.separate.dir 1 \
    --stringparam man.output.subdirs.enabled 0 \
    --stringparam man.output.quietly 1 \
    --stringparam man.authors.section.enabled 0 \
    "$XSL" "$tmp/$page.xml"
cp "$tmp/man/$page" "$out/$page"

# HTML.
run_asciidoc -b html5 -a footer-style=revdate -o "$out/$page.html"

# The roff must format without a single groff warning, and no AsciiDoc
# markup may be left in it.
if ! groff -t -man -Tutf8 -ww -z "$out/$page" 2>"$tmp/groff.log" || [ -s "$tmp/groff.log" ]; then
    cat "$tmp/groff.log" >&2; echo "render-docs: groff warnings for $page (above)" >&2; exit 1
fi
if groff -t -man -Tutf8 "$out/$page" 2>/dev/null | grep -nE 'linkzmq:|^\[horizontal\]|^(----|~~~~|====)' >&2; then
    echo "render-docs: AsciiDoc markup left in $page (above)" >&2; exit 1
fi

if [ $check -eq 1 ]; then
    status=0
    for f in "$page" "$page.html"; do
        if diff -u "$docs/$f" "$out/$f"; then
            echo "docs/$f: up to date"
        else
            echo "docs/$f: differs from its rendering (run scripts/render-docs.sh)" >&2; status=1
        fi
    done
    exit $status
fi
echo "wrote docs/$page and docs/$page.html"
