// Injected antibody leak -> systemic PK (injected_antibody.hpp).
#include "scenarios/injected_antibody.hpp"

#include <cmath>

namespace isv::scenarios {
namespace {
constexpr double kLitresPerUm3 = 1.0e-15;
// nmol of a molecule of W kDa weighs W * 1e-3 mg.
constexpr double kMgPerNmolPerKda = 1.0e-3;
}  // namespace

double add_leaked_antibody(const agents::Lesion& lesion, model::SystemicModel& systemic) {
  const agents::LocalTherapy& local = lesion.local_therapy();
  const double voxel_L = std::pow(lesion.lattice().voxel_um(), 3) * kLitresPerUm3;
  double added_mg = 0.0;
  for (int k = 0; k < local.drug_count(); ++k) {
    const agents::DrugDeposit& spec = local.drug_spec(k);
    if (spec.systemic_drug.empty()) continue;
    for (int d = 0; d < systemic.drug_count(); ++d) {
      if (systemic.drug(d).name != spec.systemic_drug) continue;
      // The field is in nM: (nM x voxels) x (L per voxel) = nmol.
      const double nmol = local.drug(k).ledger().to_blood_last_step * voxel_L;
      const double mg = nmol * systemic.drug(d).molecular_weight_kDa * kMgPerNmolPerKda;
      if (mg > 0.0) systemic.add_to_central_mg(d, mg);
      added_mg += mg;
      break;
    }
  }
  return added_mg;
}

}  // namespace isv::scenarios
