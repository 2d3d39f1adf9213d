#!/usr/bin/env bash
# Runs every validation case against an existing build and writes validation/report/report.md
# (plus report/convergence.png when /usr/bin/python3 has matplotlib). Builds nothing.
# Usage: validation/run.sh [BUILD_DIR]   (default: build, relative to the repository root)
# Exits non-zero if any case fails.
set -uo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
build="${1:-build}"
[[ -d "$build" ]] || build="$root/$build"
conv_exe="$build/validation/isv_validate_diffusion"
step_exe="$build/validation/isv_validate_diffusion_step"
for exe in "$conv_exe" "$step_exe"; do
  if [[ ! -x "$exe" ]]; then
    echo "validation/run.sh: $exe not found; build first, e.g." >&2
    echo "  cmake -S $root -B $build -DCMAKE_BUILD_TYPE=Release && cmake --build $build" >&2
    exit 2
  fi
done

out="$here/report"
mkdir -p "$out"
csv="$out/diffusion_convergence.csv"
conv_log="$out/diffusion_convergence.txt"
step_log="$out/diffusion_model_step.txt"

"$conv_exe" --csv "$csv" >"$conv_log" 2>&1
conv_status=$?
cat "$conv_log"
echo
"$step_exe" >"$step_log" 2>&1
step_status=$?
cat "$step_log"

plot_note="Plot skipped: /usr/bin/python3 with matplotlib not available."
rm -f "$out/convergence.png"
if [[ -f "$csv" ]] && /usr/bin/python3 -c "import matplotlib" >/dev/null 2>&1; then
  if /usr/bin/python3 "$here/plot_convergence.py" "$csv" "$out/convergence.png"; then
    plot_note="![max error against h, log-log](convergence.png)"
  else
    plot_note="Plot failed (see the runner's output)."
  fi
fi

verdict() { [[ $1 -eq 0 ]] && echo PASS || echo FAIL; }
status=$((conv_status != 0 || step_status != 0))
commit="$(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown)"
dirty="$(git -C "$root" status --porcelain -- model 2>/dev/null | head -1)"
[[ -n "$dirty" ]] && commit="$commit (model/ modified)"
fence='```'

{
  cat <<EOF
# isvsim validation report

- generated: $(date -u '+%Y-%m-%d %H:%M UTC') on $(uname -n)
- commit: $commit; build: \`$build\`
- overall: **$(verdict $status)**

| study | program | result |
|---|---|---|
| field solver: order of convergence | \`isv_validate_diffusion\` | $(verdict $conv_status) |
| field solver: \`advance()\` at the model step | \`isv_validate_diffusion_step\` | $(verdict $step_status) |

## Field solver: convergence against analytic solutions (\`isv_validate_diffusion\`)

What is checked: \`model::DiffusionSolver\` (7-point / 5-point Laplacian; \`advance()\` and
\`relax()\`, see \`model/diffusion.hpp\`) converges to the exact solution at its design order, 2,
under refinement of h with dt ∝ h² (the time schemes are first order, so the time error is
O(h²) too). References are closed-form solutions of the continuous problem, not stored numbers.

| case | problem | exact solution |
|---|---|---|
| transient_dirichlet | \`advance\`, u_t = D∇²u − k u on a cube, u = 0 on the faces, D = 6e6 µm²/h, k = 50 /h, to t = 1/λ | u₀ e^(−λt), u₀ = Π sin(πx/L), λ = 3Dπ²/L² + k |
| transient_noflux | \`advance\`, same equation, zero normal flux on the faces | u₀ e^(−λt), u₀ = Π cos(πx/L), same λ |
| transient_boundary_2d | \`advance\`, same equation on a square, u = 1 on the edges, √(D/k) = L/4, to t = 1/λ | u_s + e^(−λt) sin(πx/L) sin(πy/L), u_s the steady solution below, λ = 2Dπ²/L² + k |
| steady_dirichlet_2d | \`relax\` (tolerance 1e-6), D∇²u = k u on a square, u = 1 on the edges, √(D/k) = L/4 | u_s = 1 − Σ_(m odd) 4/(mπ) sin(mπy/L) g_m(x), g_m a cosh profile (series to m = 2·10⁴) |

Boundary placement: the solver's ghost voxels hold the boundary value, so a Dirichlet
boundary lies one spacing h beyond the outermost voxel centres (L = (n+1)h, n = 2^j − 1);
a no-flux boundary lies on the outer faces (L = n h, n = 2^j). h halves exactly between levels.
Error: max over voxels of |u − u_exact| (field scale 1). The 1-D cosh problem on an n×1 line
cannot be posed (one boundary condition applies to every face, so the single row's y ghosts
pull it to the boundary value too); its 2-D generalisation is used instead.

Tolerance: PASS when every observed order log(e_coarse/e_fine)/log(h_coarse/h_fine) is within
2 ± 0.3. (Placing the Dirichlet boundary half a voxel off, on the outer faces, gives orders ≈ 0.9
and fails, so the test is sensitive to the boundary position.)

EOF
  if [[ -f "$csv" ]]; then
    echo "| case | n | h (µm) | steps / sweeps | max error | observed order | expected | result |"
    echo "|---|---:|---:|---:|---:|---:|---:|---|"
    awk -F, 'NR > 1 {
      if ($6 == "") { order = "–"; res = "" }
      else { order = sprintf("%.3f", $6); d = $6 - 2; if (d < 0) d = -d; res = (d <= 0.3 ? "PASS" : "FAIL") }
      printf "| %s | %d | %.4g | %d | %.3e | %s | %s | %s |\n", $1, $2, $3, $4, $5, order,
             ($6 == "" ? "–" : "2"), res }' "$csv"
    echo
  fi
  cat <<EOF
$plot_note

<details><summary>program output</summary>

$fence
$(cat "$conv_log")
$fence
</details>

## Field solver: \`advance()\` at the model step (\`isv_validate_diffusion_step\`)

The convergence study keeps D dt/h² of order one. The lesion advances its immune fields by one
model step (1 h) on 20 µm voxels, where D dt/h² ≈ 3–90 and k dt ≈ 0.5–1 (defaults of
\`model/immune_params.hpp\`). Two properties that the exact equation and unsplit backward Euler
have at any dt are checked there:

- a uniform equilibrium (f = k u everywhere, boundary value u) stays put: tolerance 1e-5
  (float rounding), 16³ lattice, 24 steps;
- a field with a unit source in a central sphere (radius n/3.2 voxels, u = 0 on the faces),
  stepped 400 times from zero, reaches the steady state computed by \`relax()\` (tolerance 1e-7):
  tolerance 1 % of the steady peak, 64³ lattice.

$fence
$(cat "$step_log")
$fence
EOF
} >"$out/report.md"

echo "validation/run.sh: wrote $out/report.md ($(verdict $status))"
exit $status
