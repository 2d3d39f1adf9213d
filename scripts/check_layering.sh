#!/usr/bin/env bash
# Checks the layering of DESIGN.md: model -> agents -> scenarios -> output -> cli, with
# analysis/ beside agents/ (it uses model/ only; scenarios/ and above may use it). A file in a
# layer may include headers of its own layer and of the layers it is allowed, nothing else, and
# no "../" paths around the rule. Prints one line per offending #include and exits 1.
#   scripts/check_layering.sh [ROOT]     check the tree at ROOT (default: the repository)
#   scripts/check_layering.sh --self-test  show that a violation in a scratch tree is caught
set -euo pipefail
layers=(model analysis agents scenarios output cli)
# What each layer may include besides itself.
declare -A allowed_of=(
  [model]="model"
  [analysis]="model analysis"
  [agents]="model agents"
  [scenarios]="model analysis agents scenarios"
  [output]="model analysis agents scenarios output"
  [cli]="model analysis agents scenarios output cli"
)

check_tree() {
  local root="$1" bad=0 i dir allowed target layer
  for i in "${!layers[@]}"; do
    dir="$root/${layers[$i]}"
    [ -d "$dir" ] || continue
    allowed="${allowed_of[${layers[$i]}]}"
    # file:line:#include "x/..." for every include naming a directory or going up.
    while IFS= read -r hit; do
      target=$(sed -E 's/^[^:]*:[0-9]+:[[:space:]]*#[[:space:]]*include[[:space:]]*["<]([^">]*)[">].*/\1/' <<<"$hit")
      case "$target" in
        ../* | */../*)
          echo "${hit%%:#*}: '#include \"$target\"': no ../ includes; name the layer" ; bad=1; continue ;;
      esac
      for layer in "${layers[@]}"; do
        if [[ "$target" == "$layer/"* ]] && [[ " $allowed " != *" $layer "* ]]; then
          echo "${hit%%:#*}: includes $target, but ${layers[$i]}/ may include only: $allowed"
          bad=1
        fi
      done
    done < <(cd "$root" && grep -rnE --include='*.hpp' --include='*.cpp' \
               '^[[:space:]]*#[[:space:]]*include[[:space:]]*["<][^">]*/' "${layers[$i]}" || true)
  done
  return "$bad"
}

if [ "${1:-}" = "--self-test" ]; then
  scratch=$(mktemp -d)
  trap 'rm -rf "$scratch"' EXIT
  mkdir -p "$scratch/model" "$scratch/agents"
  printf '#include "model/b.hpp"\n' >"$scratch/agents/a.hpp"
  printf '#include "model/b.hpp"\n' >"$scratch/model/ok.hpp"
  check_tree "$scratch" >/dev/null || { echo "self-test: a clean tree was refused" >&2; exit 1; }
  printf '#include <vector>\n#include "agents/a.hpp"\n' >"$scratch/model/up.hpp"
  if out=$(check_tree "$scratch"); then
    echo "self-test: model/ including agents/ was not caught" >&2; exit 1
  fi
  grep -q '^model/up.hpp:2: includes agents/a.hpp' <<<"$out" ||
    { echo "self-test: unexpected report: $out" >&2; exit 1; }
  echo "self-test: upward include caught: $out"
  # analysis/ sits beside agents/: neither may include the other.
  rm "$scratch/model/up.hpp"
  mkdir -p "$scratch/analysis"
  printf '#include "model/b.hpp"\n#include "agents/a.hpp"\n' >"$scratch/analysis/x.hpp"
  if out=$(check_tree "$scratch"); then
    echo "self-test: analysis/ including agents/ was not caught" >&2; exit 1
  fi
  grep -q '^analysis/x.hpp:2: includes agents/a.hpp' <<<"$out" ||
    { echo "self-test: unexpected report: $out" >&2; exit 1; }
  echo "self-test: sideways include caught: $out"
  exit 0
fi

root="${1:-$(cd "$(dirname "$0")/.." && pwd)}"
if check_tree "$root"; then
  echo "layering: ok (${layers[*]})"
else
  exit 1
fi
