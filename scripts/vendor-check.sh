#!/usr/bin/env bash
# Compare the committed front-end assets with the pinned packages on the npm registry.
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
tmp="$(mktemp -d)"; trap 'rm -rf "$tmp"' EXIT
cd "$tmp"
npm pack --silent htmx.org@2.0.11 >/dev/null
tar xzf htmx.org-2.0.11.tgz
cmp package/dist/htmx.min.js "$here/src/hearth/static/vendor/htmx-2.0.11.min.js"
echo "htmx 2.0.11 matches the npm registry."
