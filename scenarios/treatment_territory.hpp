// The territory of a locoregional treatment (embolization, TACE, TARE): either the whole lesion
// as it stands when treated (every voxel holding a tumour cell or debris), or a sphere /
// ellipsoid given like any treatment zone (centre in mm from the lattice centre, radius in mm).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "agents/lesion.hpp"
#include "scenarios/treatment.hpp"
#include "scenarios/treatment_geometry.hpp"

namespace isv::scenarios {

struct TerritoryParams {
  std::string territory = "lesion";  // "lesion" or "zone"
  ZoneParams zone;

  template <class V>
  void visit(V&& v) {
    v(territory, model::ParamInfo{"territory", model::Bounds::any(), "",
                                  "\"lesion\" (every tumour and debris voxel when treated) or "
                                  "\"zone\" (the sphere/ellipsoid centre_mm, radius_mm)"});
    zone.visit(v, "radius of the territory when territory = \"zone\"");
  }

  bool whole_lesion() const { return territory == "lesion"; }
  // Territory name known; zone geometry checked when it is used.
  void check(const agents::LesionConfig& lesion, const TreatmentFail& fail) const;
  // The territory's voxels on `lesion` now (ascending).
  std::vector<std::int32_t> voxels(const agents::Lesion& lesion) const;
};

// What lies in a set of voxels (ascending): the event tally of a territory treatment.
agents::ZoneTally tally_voxels(const agents::Lesion& lesion,
                               const std::vector<std::int32_t>& voxels);

}  // namespace isv::scenarios
