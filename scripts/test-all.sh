#!/usr/bin/env bash
# The whole test suite: type check, pure-TS unit tests, GPU tests in Node (Dawn on lavapipe) and in Chromium
# (SwiftShader). Installs the system packages WebGPU needs when they are missing (needs root or sudo).
set -euo pipefail
cd "$(dirname "$0")/.."
export XDG_RUNTIME_DIR=${XDG_RUNTIME_DIR:-/tmp}

if [ ! -x /usr/bin/chromium ] || ! dpkg-query -W -f='${Version}' mesa-vulkan-drivers 2>/dev/null | grep -Eq '^(1:)?(2[5-9]|[3-9][0-9])'; then
  bash scripts/install-system-deps.sh
fi
[ -d node_modules ] || npm ci

echo "== typecheck"; npx tsc --noEmit -p tsconfig.json
echo "== unit, gpu (Node/Dawn) and browser (Chromium/SwiftShader) tests"
npx vitest run "$@"
