// The agent lesion's step plan (agents/lesion_plan.hpp). Adding a phase: write it as a free
// function over LesionState in its module, then add one row here at its place in the order
// (a cell-type module's phases are rows of its kPhases instead, agents/cell_module.hpp).
#include "agents/lesion_plan.hpp"

#include <algorithm>
#include <array>

#include "agents/dc_phases.hpp"
#include "agents/field_phases.hpp"
#include "agents/local_therapy_phase.hpp"
#include "agents/tcell_phases.hpp"
#include "agents/tumor_phases.hpp"

namespace isv::agents {
namespace {

bool local_therapy_active(const LesionState& s) { return s.local.active(); }
bool tcells_arriving(const LesionState& s) {
  std::int64_t total = 0;
  for (const std::int32_t n : s.inputs.arriving_tcells) total += n;
  return total != 0;
}
bool tcells_present(const LesionState& s) { return s.tcells.size() != 0; }

constexpr std::string_view kEvery = "every step";

constexpr std::array<LesionPhase, 14> kCorePlan{{
    {"perfusion", &update_perfusion, nullptr, kEvery,
     "tumor_at, debris_clear_h, perfusion_ceiling, local.occlusion",
     "vessels, flow_multiplier, perfusion"},
    {"oxygen", &solve_oxygen, nullptr, kEvery, "perfusion, tumor_at, oxygen_mmHg",
     "oxygen_mmHg, oxygen_sink_per_h, oxygen_source_per_h, oxygen_report"},
    {"immune_fields", &advance_immune_fields, nullptr, kEvery, "perfusion, inputs.drugs, fields",
     "fields"},
    {"local_therapy", &apply_local_therapy, &local_therapy_active,
     "while a local therapy is active", "local, perfusion, tumor",
     "local, tumor, tumor_at, debris_clear_h, fields, deaths"},
    {"tumor.pdl1", &update_pdl1, nullptr, kEvery, "fields.ifng, tumor", "tumor.pdl1"},
    {"tumor.decide", &decide_tumor_fates, nullptr, kEvery,
     "tumor, oxygen_mmHg, tumor_at, debris_clear_h", "intents"},
    {"tumor.commit", &commit_tumor_fates, nullptr, kEvery, "intents, tumor",
     "tumor, tumor_at, debris_clear_h, fields, deaths, next_cell_id"},
    {"tcell.enter", &place_arriving_tcells, &tcells_arriving, "when T cells arrive from blood",
     "inputs.arriving_tcells, perfusion, fields.chemokine, tcell_count",
     "tcells, tcell_count, outputs.unplaced_tcells, next_tcell_id"},
    {"tcell.move", &move_tcells, &tcells_present, "when T cells are present",
     "tcells, tcell_count, tumor, tumor_at, fields", "tcells.voxel, tcell_count"},
    {"tcell.act", &act_tcells, &tcells_present, "when T cells are present",
     "tcells, tumor, tumor_at, fields, tcell_count",
     "tcells, tcell_count, fields.ifng, tumor, tumor_at, debris_clear_h, deaths"},
    {"tcell.age", &age_tcells, &tcells_present, "when T cells are present", "tcells.death_h",
     "tcells, tcell_count"},
    {"dc.recruit", &recruit_dcs, nullptr, kEvery, "fields.damp, local (adjuvant), perfusion",
     "dcs, next_dc_id"},
    {"dc.update", &update_dcs, nullptr, kEvery, "dcs, fields.damp, fields.antigen, local",
     "dcs, fields.antigen, outputs.dc_antigen_export"},
    {"debris", &clear_debris, nullptr, kEvery, "debris_clear_h", "debris_clear_h"},
}};

// The core plan with every module row inserted after the core phase it names; a row naming no
// core phase leaves a slot empty, which fails the build below.
constexpr auto merge_plan() {
  std::array<LesionPhase, kCorePlan.size() + CellModules::kPhaseCount> out{};
  constexpr auto rows = CellModules::phases();
  std::size_t n = 0;
  for (const LesionPhase& core : kCorePlan) {
    out[n++] = core;
    for (const ModulePhase& row : rows)
      if (row.after == core.name) out[n++] = row.phase;
  }
  return out;
}
constexpr auto kPlan = merge_plan();
// (Checked on the names: comparing function pointers is not a constant expression in
// sanitizer builds.)
static_assert(std::ranges::all_of(kPlan, [](const LesionPhase& p) { return !p.name.empty(); }),
              "every cell-module phase must name a core phase of kCorePlan in `after`");

}  // namespace

std::span<const LesionPhase> lesion_plan() noexcept { return kPlan; }

}  // namespace isv::agents
