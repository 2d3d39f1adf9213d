#!/usr/bin/env bash
# Installs the Debian packages isvsim needs to build, test and plot. Idempotent: packages
# already installed are skipped, and apt is not touched at all when nothing is missing.
#   scripts/setup.sh                  build + test + plotting dependencies
#   scripts/setup.sh --with-paraview  also ParaView 5.11 (~1.5 GiB): python3-paraview to open runs
#                                     and for the `paraview` tests, paraview-dev and the libraries
#                                     its CMake package asks for (the Catalyst build,
#                                     -DISV_WITH_CATALYST=ON), xvfb + xauth to render without a
#                                     display (xvfb-run)
#   scripts/setup.sh --with-slurm     also Slurm + munge (slurm-wlm, munge) for the real-Slurm
#                                     sweep test (scripts/slurm_local.sh; ~60 MB)
#   scripts/setup.sh --with-fuzz      also clang and its libFuzzer/sanitizer runtimes
#                                     (scripts/fuzz.sh; ~250 MB). The sanitizer build
#                                     (scripts/sanitize.sh) needs nothing beyond g++.
set -euo pipefail

with_paraview=0
with_slurm=0
with_fuzz=0
for arg in "$@"; do
  case "$arg" in
    --with-paraview) with_paraview=1 ;;
    --with-slurm) with_slurm=1 ;;
    --with-fuzz) with_fuzz=1 ;;
    *) echo "setup: unknown option '$arg' (known: --with-paraview, --with-slurm, --with-fuzz)" >&2
       exit 2 ;;
  esac
done

packages=(
  cmake g++ make
  libboost-dev libtbb-dev libhdf5-dev hdf5-tools libtomlplusplus-dev libcli11-dev
  libgtest-dev libbenchmark-dev
  python3-h5py python3-matplotlib python3-numpy
)
if [ "$with_paraview" -eq 1 ]; then
  # ../shared/DEPENDENCIES.md: what find_package(ParaView ... Catalyst PythonCatalyst) needs.
  packages+=(
    paraview-dev python3-paraview libopenmpi-dev libutfcpp-dev liblz4-dev
    libdouble-conversion-dev libglew-dev libnetcdf-dev libfreetype-dev libxml2-dev libx11-dev
    xvfb xauth
  )
fi
if [ "$with_slurm" -eq 1 ]; then
  packages+=(slurm-wlm munge)
fi

if [ "$with_fuzz" -eq 1 ]; then
  # libclang-rt-14-dev holds libFuzzer (libclang_rt.fuzzer) and clang's ASan/UBSan runtimes; it
  # is only recommended by clang, so it is named here.
  packages+=(clang libclang-rt-14-dev)
fi

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
