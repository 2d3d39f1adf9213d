// Exits of blood effectors to lesions and to the body compartment (docs/systemic.md).
#include "model/systemic_body.hpp"

#include <cmath>
#include <stdexcept>
#include <string>

namespace isv::model {

namespace {

void require_non_negative(double v, const char* what) {
  if (!(v >= 0.0) || !std::isfinite(v))
    throw std::invalid_argument(std::string(what) + " must be finite and >= 0");
}

}  // namespace

double body_entry_weight_cm3(double body_weight_kg, double tissue_cm3_per_kg,
                             double relative_entry_weight) {
  require_non_negative(body_weight_kg, "body weight");
  require_non_negative(tissue_cm3_per_kg, "body tissue volume per kg");
  require_non_negative(relative_entry_weight, "relative entry weight of body tissue");
  return body_weight_kg * tissue_cm3_per_kg * relative_entry_weight;
}

EffectorExits effector_exits(double pool_cells, double entry_per_cell_per_cm3_per_h,
                             std::span<const double> lesion_weight_cm3, double body_weight_cm3,
                             double dt_h) {
  EffectorExits out;
  out.lesion_mean_cells.resize(lesion_weight_cm3.size(), 0.0);
  const double rate = entry_per_cell_per_cm3_per_h;
  if (!(body_weight_cm3 > 0.0)) {
    for (std::size_t l = 0; l < lesion_weight_cm3.size(); ++l)
      out.lesion_mean_cells[l] = rate * pool_cells * lesion_weight_cm3[l] * dt_h;
    return out;
  }
  double total_cm3 = body_weight_cm3;
  for (const double w : lesion_weight_cm3) total_cm3 += w;
  // -expm1(-x) = 1 - exp(-x) without cancellation when x is small (short steps, weak entry).
  const double leaving = pool_cells * -std::expm1(-rate * total_cm3 * dt_h);
  for (std::size_t l = 0; l < lesion_weight_cm3.size(); ++l)
    out.lesion_mean_cells[l] = leaving * (lesion_weight_cm3[l] / total_cm3);
  out.body_cells = leaving * (body_weight_cm3 / total_cm3);
  return out;
}

}  // namespace isv::model
