#!/usr/bin/env bash
# Installs a pinned code-server (the VS Code server with the same web workbench and Node extension host
# as the desktop app) from the npm registry alone, into a cache directory outside the repository.
# The end-to-end tests and `npm run editor` run the extension in it.
#
# usage:   scripts/install-code-server.sh [CACHE_DIR]
#          CACHE_DIR defaults to $PIPELINE_SEAMS_E2E_CACHE, else ${XDG_CACHE_HOME:-$HOME/.cache}/pipeline-seams-e2e
# prints:  the absolute path of the code-server launcher (the last line of stdout; logs go to stderr)
# env:     SKIP_APT=1   do not apt-get the build prerequisites (they must then be present already)
#
# Idempotent: a finished install is marked and reused in well under a second. It is keyed on the
# code-server version, the Node ABI and the CPU architecture, because its native modules are built for
# the running Node (code-server 4.100 wants Node 20). The first install takes about a minute.
#
# Why not a plain `npm install code-server`: its postinstall downloads ripgrep from outside the npm
# registry and refuses to run as root, so the steps it would run are done here, with Debian's ripgrep.
set -euo pipefail

# Pinned together with playwright-core (package.json) and Debian's chromium: bump them together and
# rerun `npm run test:e2e`.
VERSION="4.100.3"   # = VS Code 1.100.3

CACHE_DIR="${1:-${PIPELINE_SEAMS_E2E_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/pipeline-seams-e2e}}"
NODE_ABI="$(node -p 'process.versions.modules')"
DEST="$CACHE_DIR/code-server-$VERSION-node-abi$NODE_ABI-$(uname -m)"
LAUNCHER="$DEST/node_modules/.bin/code-server"

log() { echo "[install-code-server] $*" >&2; }

if [[ -f "$DEST/.install-complete" && -x "$LAUNCHER" ]]; then
  log "cached: $DEST"
  echo "$LAUNCHER"
  exit 0
fi

node_major="$(node -p 'process.versions.node.split(".")[0]')"
if [[ "$node_major" != "20" ]]; then
  log "warning: code-server $VERSION declares engines.node 20; this is node $(node -v)"
fi

# Native modules are compiled (node-gyp: a C++ toolchain, python3, pkg-config, Kerberos headers), and
# VS Code's search runs ripgrep.
if [[ "${SKIP_APT:-0}" != "1" ]] && command -v dpkg >/dev/null; then
  missing=()
  for p in build-essential python3 pkg-config libkrb5-dev ripgrep; do
    dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
  done
  if ((${#missing[@]})); then
    log "apt-get install ${missing[*]}"
    SUDO=""; [[ $(id -u) -ne 0 ]] && SUDO="sudo"
    $SUDO apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
  fi
fi
command -v rg >/dev/null || { log "ripgrep (rg) is required"; exit 1; }

# node-gyp compiles against the running Node's own headers when they are installed, instead of
# downloading them.
node_prefix="$(dirname "$(dirname "$(command -v node)")")"
if [[ -z "${npm_config_nodedir:-}" && -f "$node_prefix/include/node/node.h" ]]; then
  export npm_config_nodedir="$node_prefix"
fi
export npm_config_audit=false npm_config_fund=false npm_config_update_notifier=false

# Build in a scratch directory and move it into place at the end, so an interrupted install is never
# mistaken for a finished one.
mkdir -p "$CACHE_DIR"
WORK="$(mktemp -d "$CACHE_DIR/.code-server-$VERSION.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT
start=$(date +%s)
cd "$WORK"
printf '{"name":"pipeline-seams-code-server","version":"1.0.0","private":true}\n' > package.json

log "npm install code-server@$VERSION"
npm install "code-server@$VERSION" --ignore-scripts >&2
# argon2 (loaded at start-up) ships N-API prebuilds; the rebuild picks them or compiles.
npm rebuild argon2 >&2

# What code-server's postinstall would do: VS Code's production dependencies and native modules.
VSC="$WORK/node_modules/code-server/lib/vscode"
cd "$VSC"
log "npm install (VS Code production dependencies)"
npm install --omit=dev --ignore-scripts >&2
log "building native modules"
npm rebuild @vscode/spdlog kerberos native-watchdog @parcel/watcher @vscode/deviceid >&2
# node-pty's install script runs a pinned node-gyp through npx, fetched from the npm registry.
npm_config_yes=true npm rebuild node-pty >&2
# @vscode/ripgrep would download its binary from outside the registry: use the system's.
mkdir -p node_modules/@vscode/ripgrep/bin
cp "$(command -v rg)" node_modules/@vscode/ripgrep/bin/rg
ln -sfn node_modules node_modules.asar
(cd bin/remote-cli && ln -sfn code-linux.sh code-server)
(cd bin/helpers && ln -sfn browser-linux.sh browser.sh)
log "npm install (built-in extensions)"
(cd extensions && npm install --omit=dev --ignore-scripts >&2)

for f in @vscode/spdlog/build/Release/spdlog.node native-watchdog/build/Release/watchdog.node \
         node-pty/build/Release/pty.node kerberos/build/Release/kerberos.node; do
  [[ -f "$VSC/node_modules/$f" ]] || { log "native module missing after the build: $f"; exit 1; }
done
"$WORK/node_modules/.bin/code-server" --version >&2

cd "$CACHE_DIR"
rm -rf "$DEST"
mv "$WORK" "$DEST"
trap - EXIT
touch "$DEST/.install-complete"
log "installed into $DEST in $(( $(date +%s) - start ))s ($(du -sh "$DEST" | cut -f1))"
echo "$LAUNCHER"
