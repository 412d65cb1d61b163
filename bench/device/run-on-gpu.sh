#!/usr/bin/env bash
# Runs the Node part of the side-by-side benchmark from the kit that bench/device/pack-kit.mjs made, on a
# linux x64 machine with a GPU and a Vulkan driver but nothing else (no npm, no network):
#
#   bash bench/device/run-on-gpu.sh [.devkit/kit.tar.xz] [-- bench options, e.g. --size 224]
#
# Results go to $OUT (the device tool's output folder) or ./gpu-results. Prints the GPU, the Vulkan driver
# Dawn found, and the benchmark's Markdown report.
set -uo pipefail
KIT_ARCHIVE=${1:-.devkit/kit.tar.xz}
shift || true
[ "${1:-}" = "--" ] && shift
RESULTS=${OUT:-$PWD/gpu-results}
WORK=$(mktemp -d /tmp/mfs-kit.XXXXXX)
mkdir -p "$RESULTS"

if [ ! -f "$KIT_ARCHIVE" ]; then
  echo "run-on-gpu: no kit at $KIT_ARCHIVE — make it with: node bench/device/pack-kit.mjs" >&2
  exit 2
fi
tar -xJf "$KIT_ARCHIVE" -C "$WORK" || { echo "run-on-gpu: could not unpack $KIT_ARCHIVE" >&2; exit 2; }
KIT=$WORK/kit
cat "$KIT/VERSION.txt"

# The Vulkan loader and the glvnd libraries NVIDIA's ICD (libGLX_nvidia.so.0) needs: the system's where it
# has them, else the kit's Debian packages, unpacked beside the kit (never over the system).
for lib in libvulkan.so.1 libGLdispatch.so.0 libGLX.so.0 libEGL.so.1; do
  ldconfig -p 2>/dev/null | grep -q "$lib" && continue
  for deb in "$KIT"/debs/*.deb; do dpkg-deb -x "$deb" "$WORK/loaders"; done
  export LD_LIBRARY_PATH=$WORK/loaders/usr/lib/x86_64-linux-gnu${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}
  echo "run-on-gpu: $lib missing on this system; using the kit's $(ls "$KIT"/debs | tr '\n' ' ')"
  break
done
# The NVIDIA ICD where container images mount the driver.
if [ -z "${VK_DRIVER_FILES:-}" ]; then
  for icd in /usr/local/nvidia/share/vulkan/icd.d/nvidia_icd.json /usr/share/vulkan/icd.d/nvidia_icd.json /etc/vulkan/icd.d/nvidia_icd.json; do
    if [ -f "$icd" ]; then export VK_DRIVER_FILES=$icd; echo "run-on-gpu: Vulkan driver $icd"; break; fi
  done
fi
command -v nvidia-smi >/dev/null && nvidia-smi --query-gpu=name,driver_version,memory.total,clocks.max.sm --format=csv,noheader

cd "$KIT" || exit 2
./node --version
./node -e "import('webgpu').then(async (m) => { const a = await m.create([]).requestAdapter({ powerPreference: 'high-performance' }); const i = a?.info; console.log('Dawn adapter:', i ? [i.vendor, i.architecture, i.device, i.description].join(' / ') : 'none'); process.exit(a ? 0 : 3); })" || { echo "run-on-gpu: Dawn found no adapter (Vulkan loader or driver missing?)" >&2; exit 3; }
case " $* " in
  *" --out "*) ./node bench.mjs --no-browser "$@" ;;
  *) ./node bench.mjs --no-browser --out "$RESULTS" "$@" ;;
esac
