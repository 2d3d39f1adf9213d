// The one list of treatment modalities a scenario may name. A new modality adds a line here.
#include <array>

#include "scenarios/treatment.hpp"
#include "scenarios/treatment_modalities.hpp"

namespace isv::scenarios {

namespace {
constexpr auto kModalities = std::to_array<ModalityEntry>({
    {"rfa", &make_thermal_ablation},
    {"mwa", &make_thermal_ablation},
    {"cryo", &make_cryoablation},
    {"ire", &make_electroporation},
    {"sbrt", &make_radiotherapy},
    {"biopsy", &make_biopsy},
    {"bland", &make_bland_embolization},
    {"tace", &make_chemoembolization},
    {"tare", &make_radioembolization},
    {"injection", &make_injection},
});
}  // namespace

std::span<const ModalityEntry> modality_registry() { return kModalities; }

}  // namespace isv::scenarios
