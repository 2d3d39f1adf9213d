#!/usr/bin/env bash
# ctest install.find_package: installs this build into a scratch prefix, then configures, builds
# and runs tests/install/example (a project outside the tree: find_package(isvsim), one layer).
#   install_test.sh BUILD_DIR EXAMPLE_SRC WORK_DIR
set -euo pipefail
build="$1" example="$2" work="$3"
rm -rf "$work"
mkdir -p "$work"
prefix="$work/prefix"

cmake --install "$build" --prefix "$prefix" >"$work/install.log"
for f in bin/isvsim include/isvsim/model/checkpoint_io.hpp include/isvsim/agents/lesion.hpp \
         include/isvsim/scenarios/scenario_loader.hpp include/isvsim/output/hdf5_writer.hpp \
         include/isvsim/analysis/abc_smc.hpp include/isvsim/analysis/sobol_sensitivity.hpp; do
  [ -e "$prefix/$f" ] || { echo "install: $f missing under $prefix" >&2; exit 1; }
done
# Only headers are installed from the layer directories, and no optional adaptor's.
if find "$prefix/include" -type f ! -name '*.hpp' | grep -q . ||
   [ -e "$prefix/include/isvsim/output/catalyst" ]; then
  echo "install: unexpected files under $prefix/include:" >&2
  find "$prefix/include" -type f ! -name '*.hpp' >&2
  exit 1
fi

# A plain consumer: no isvsim source tree on its include path, only the prefix.
launcher=()
if command -v ccache >/dev/null; then launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache); fi
cmake -S "$example" -B "$work/example" -DCMAKE_PREFIX_PATH="$prefix" \
  -DCMAKE_BUILD_TYPE=Release "${launcher[@]}" >"$work/configure.log" ||
  { cat "$work/configure.log" >&2; exit 1; }
cmake --build "$work/example" >"$work/build.log" 2>&1 || { cat "$work/build.log" >&2; exit 1; }
out=$("$work/example/isvsim_example")
echo "$out"

version=$("$prefix/bin/isvsim" --version)
echo "$version"
# The library and the program carry the same version (one definition: project() VERSION).
lib_version=$(sed -nE 's/^isvsim ([^:]+):.*/\1/p' <<<"$out" | head -1)
[ "$version" = "isvsim $lib_version" ] ||
  { echo "install: version mismatch: '$version' vs library '$lib_version'" >&2; exit 1; }
grep -q "1 lesion(s), 72 steps, first lesion 'liver'" <<<"$out" ||
  { echo "install: the example read the scenario wrongly" >&2; exit 1; }
grep -q "refused: .*bad.toml.*no_such_key" <<<"$out" ||
  { echo "install: the bad key was not refused with a message naming file and key" >&2; exit 1; }
grep -q "sobol: 0.5 0.75 0.25" <<<"$out" ||
  { echo "install: isvsim::analysis did not give the Sobol sequence" >&2; exit 1; }
echo "install: ok"
