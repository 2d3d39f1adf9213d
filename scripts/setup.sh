#!/usr/bin/env bash
# Installs the Debian packages isvsim needs to build, test and plot. Idempotent: packages
# already installed are skipped, and apt is not touched at all when nothing is missing.
#   scripts/setup.sh            build + test + plotting dependencies
set -euo pipefail

packages=(
  cmake g++ make
  libboost-dev libtbb-dev libhdf5-dev hdf5-tools libtomlplusplus-dev libcli11-dev
  libgtest-dev libbenchmark-dev
  python3-h5py python3-matplotlib python3-numpy
)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "setup: all ${#packages[@]} packages already installed"
  exit 0
fi

echo "setup: installing ${missing[*]}"
sudo_cmd=()
if [ "$(id -u)" -ne 0 ]; then sudo_cmd=(sudo); fi
export DEBIAN_FRONTEND=noninteractive
"${sudo_cmd[@]}" apt-get update -qq
"${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
echo "setup: done"
