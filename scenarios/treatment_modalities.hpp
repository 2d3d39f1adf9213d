// Factories of the built-in treatment modalities (listed in scenarios/treatment_registry.cpp).
#pragma once

#include <memory>
#include <string_view>

#include "scenarios/treatment.hpp"

namespace isv::scenarios {

// Thermal ablation; `name` is "rfa" or "mwa" (same model, separate names for the record).
std::unique_ptr<Treatment> make_thermal_ablation(std::string_view name);
std::unique_ptr<Treatment> make_cryoablation(std::string_view name);
std::unique_ptr<Treatment> make_electroporation(std::string_view name);
std::unique_ptr<Treatment> make_radiotherapy(std::string_view name);
std::unique_ptr<Treatment> make_biopsy(std::string_view name);
// Embolization (scenarios/treatment_embolization.cpp) and injection (treatment_injection.cpp).
std::unique_ptr<Treatment> make_bland_embolization(std::string_view name);
std::unique_ptr<Treatment> make_chemoembolization(std::string_view name);
std::unique_ptr<Treatment> make_radioembolization(std::string_view name);
std::unique_ptr<Treatment> make_injection(std::string_view name);

}  // namespace isv::scenarios
