#!/usr/bin/env bash
# Installs the Debian 12 packages crmd builds and tests with. Idempotent and quiet when
# everything is already there; needs root (or sudo) only when something is missing.
set -euo pipefail

packages=(
  build-essential cmake ccache pkg-config git curl clang-format openssl
  libcaf-dev libboost1.81-all-dev libboost-json1.81-dev libsimdjson-dev libhyperscan-dev
  liblmdb-dev libssl-dev libtomlplusplus-dev libgtest-dev libbenchmark-dev libspdlog-dev
  prometheus wrk
)
# Hyperscan is x86-only; Vectorscan is its API-compatible fork elsewhere.
if [[ "$(dpkg --print-architecture)" != amd64 ]]; then
  packages=("${packages[@]/libhyperscan-dev/libvectorscan-dev}")
fi
for extra in "$@"; do packages+=("$extra"); done

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[[ ${#missing[@]} -eq 0 ]] && exit 0

echo "installing: ${missing[*]}" >&2
sudo_cmd=()
[[ $(id -u) -ne 0 ]] && sudo_cmd=(sudo)
export DEBIAN_FRONTEND=noninteractive
"${sudo_cmd[@]}" apt-get update -qq
"${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
