// Territories of locoregional treatments (treatment_territory.hpp).
#include "scenarios/treatment_territory.hpp"

namespace isv::scenarios {

void TerritoryParams::check(const agents::LesionConfig& lesion, const TreatmentFail& fail) const {
  if (territory != "lesion" && territory != "zone")
    fail("territory", "unknown territory '" + territory + "' (allowed: \"lesion\", \"zone\")");
  if (!whole_lesion()) zone.check(lesion, fail);
}

std::vector<std::int32_t> TerritoryParams::voxels(const agents::Lesion& lesion) const {
  if (whole_lesion()) return lesion.lesion_voxels();
  const model::Lattice& lattice = lesion.lattice();
  const agents::Ellipsoid e = zone.ellipsoid(lattice);
  std::vector<std::int32_t> out;
  for (std::int32_t v = 0; v < static_cast<std::int32_t>(lattice.size()); ++v)
    if (e.contains(lattice.centre_um(v))) out.push_back(v);
  return out;
}

agents::ZoneTally tally_voxels(const agents::Lesion& lesion,
                               const std::vector<std::int32_t>& voxels) {
  std::vector<std::uint8_t> inside(static_cast<std::size_t>(lesion.lattice().size()), 0);
  for (const std::int32_t v : voxels) inside[v] = 1;
  agents::ZoneTally t;
  t.zone_voxels = static_cast<std::int64_t>(voxels.size());
  for (const std::int32_t v : lesion.tumor().voxel) t.tumor_viable += inside[v];
  const std::vector<std::int32_t> occupied = lesion.lesion_voxels();
  for (const std::int32_t v : occupied) t.tumor_dead += inside[v];
  t.tumor_dead -= t.tumor_viable;  // lesion voxels = tumour cells + debris
  for (const std::int32_t v : lesion.tcells().voxel) t.tcells += inside[v];
  for (const std::int32_t v : lesion.dcs().voxel) t.dcs += inside[v];
  return t;
}

}  // namespace isv::scenarios
