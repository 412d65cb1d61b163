#!/usr/bin/env bash
# Installs the system packages WebGPU needs on a GPU-less Debian 12 machine:
#   - lavapipe (Mesa >= 25 from bookworm-backports; Debian-stable Mesa 22 is rejected by Dawn)
#   - Debian's Chromium (headless WebGPU on SwiftShader) for the browser tests.
# Idempotent: it does nothing when everything is already there. Needs root (or sudo).
set -euo pipefail
export XDG_RUNTIME_DIR=${XDG_RUNTIME_DIR:-/tmp}
export DEBIAN_FRONTEND=noninteractive

SUDO=""
if [ "$(id -u)" != 0 ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
    echo "install-system-deps: needs root to apt-get install libvulkan1, chromium and mesa-vulkan-drivers (bookworm-backports)." >&2
    exit 1
  fi
fi

have_pkg() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed"; }
mesa_major() { dpkg-query -W -f='${Version}' mesa-vulkan-drivers 2>/dev/null | sed -E 's/^([0-9]+:)?([0-9]+).*/\2/'; }

need_update=1
apt_update() { if [ $need_update = 1 ]; then $SUDO apt-get update -qq; need_update=0; fi; }

if ! have_pkg libvulkan1 || ! have_pkg chromium; then
  apt_update
  $SUDO apt-get install -y -qq --no-install-recommends libvulkan1 chromium
fi

major=$(mesa_major || true)
if [ -z "$major" ] || [ "$major" -lt 25 ]; then
  if [ ! -f /etc/apt/sources.list.d/bookworm-backports.sources ] && grep -q bookworm /etc/os-release; then
    URI=$(awk '/^URIs:/{print $2; exit}' /etc/apt/sources.list.d/debian.sources 2>/dev/null || true)
    URI=${URI:-http://deb.debian.org/debian}
    printf 'Types: deb\nURIs: %s\nSuites: bookworm-backports\nComponents: main\nSigned-By: /usr/share/keyrings/debian-archive-keyring.gpg\n' "$URI" \
      | $SUDO tee /etc/apt/sources.list.d/bookworm-backports.sources >/dev/null
    need_update=1
  fi
  apt_update
  $SUDO apt-get install -y -qq --no-install-recommends -t bookworm-backports mesa-vulkan-drivers
fi

echo "install-system-deps: libvulkan1 $(dpkg-query -W -f='${Version}' libvulkan1), mesa-vulkan-drivers $(dpkg-query -W -f='${Version}' mesa-vulkan-drivers), chromium $(dpkg-query -W -f='${Version}' chromium)"
