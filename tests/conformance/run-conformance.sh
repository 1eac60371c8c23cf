#!/bin/bash
# Runs one conformance test file for meson: run-conformance.sh NODE FILE.js
#
# `node --test --test-reporter=tap FILE.js`, with its nested subtest lines turned into TAP
# comments so that meson's TAP parser sees one result per top-level test (Node 20) or per file
# (Node 18). Refuses loudly when something it needs is missing: in CI (CI=true) that is a
# failure; elsewhere it is a skip that says why.
set -u
node=${1:-}
file=${2:?usage: run-conformance.sh NODE FILE.js}
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

missing() {
  echo "conformance: $*" >&2
  if [ "${CI:-}" = "true" ]; then
    echo "Bail out! $*"
    exit 1
  fi
  echo "1..0 # SKIP $*"
  exit 0
}

if [ -z "$node" ] || ! command -v "$node" >/dev/null 2>&1; then
  missing "node not found: install Node.js >= 18 and npm (Debian: apt-get install nodejs npm), or configure with -Dconformance=disabled"
fi
major=$("$node" -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)
if [ "$major" -lt 18 ]; then
  missing "Node.js >= 18 is needed (node:test with --test-reporter), found $("$node" --version 2>/dev/null)"
fi
if [ ! -f "$here/node_modules/@alicloud/openapi-client/package.json" ] || \
   [ ! -f "$here/node_modules/@alicloud/pop-core/package.json" ]; then
  missing "the pinned SDKs are not installed: run 'npm ci' in tests/conformance (build-aux/dev test does it)"
fi
if ! command -v curl >/dev/null 2>&1; then
  missing "curl not found (the TiDB Cloud Digest checks use it): apt-get install curl"
fi
if [ -z "${LW_SIM_EXE:-}" ] || [ ! -x "$LW_SIM_EXE" ]; then
  missing "LW_SIM_EXE (${LW_SIM_EXE:-unset}) is not an executable linkwright-sim: build src/sim/linkwright-sim first"
fi

set -o pipefail
cd "$here"
"$node" --test --test-reporter=tap "$here/$file" | "$node" "$here/lib/tap-filter.js"
