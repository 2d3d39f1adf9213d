// Locoregional therapies given to a lesion: embolic occlusion, locally placed drugs and
// implanted radionuclide (state in local_therapy.hpp). The per-step phase in which drug and
// radiation kill tumour cells is in agents/local_therapy_phase.cpp.
#include <utility>

#include "agents/lesion.hpp"

namespace isv::agents {

void Lesion::embolize(Occlusion occlusion) {
  state_changed();
  occlusion.start_h = time_h();
  s_.local.add_occlusion(std::move(occlusion));
}

int Lesion::deposit_drug(DrugDeposit deposit) {
  state_changed();
  return s_.local.add_drug(std::move(deposit));
}

void Lesion::implant_radionuclide(RadionuclideDelivery delivery) {
  state_changed();
  delivery.start_h = time_h();
  s_.local.add_radionuclide(std::move(delivery));
}

std::vector<std::int32_t> Lesion::lesion_voxels() const {
  std::vector<std::int32_t> voxels;
  for (std::int32_t v = 0; v < static_cast<std::int32_t>(s_.lattice.size()); ++v)
    if (s_.tumor_at[v] >= 0 || s_.debris_clear_h[v] >= 0.0f) voxels.push_back(v);
  return voxels;
}

}  // namespace isv::agents
