// Linear-quadratic radiosensitivity of HCC tumour cells: one alpha/beta and one alpha shared by
// every radiation modality (external radiotherapy `sbrt`, radioembolization `tare`), so that a
// gray means the same thing whichever way it is delivered. Sources and derivation:
// docs/parameters.md ("Radiobiology of HCC"); checked by validation/radiobiology_cases.cpp.
#pragma once

namespace isv::model::radiobiology {

// alpha/beta of HCC: 15.0 +/- 2.0 Gy, fitted to local control after conformal radiotherapy
// (Tai et al., Int J Radiat Oncol Biol Phys 2008;70:900-907).
inline constexpr double kHccAlphaBetaGy = 15.0;

// Surviving fraction at 2 Gy taken as 0.5: the middle of the range 0.28-0.78 measured by
// clonogenic assay in 29 primary HCC cultures (Liu et al., World J Gastroenterol
// 2005;11:7040-7043). With alpha/beta = 15 Gy, -ln 0.5 = alpha (2 + 4/15) gives
// alpha = 0.306 /Gy, rounded to 0.3 /Gy (SF2 = 0.507). A per-cell (clonogenic) value: the
// model draws survival cell by cell, so Tai's clinical effective alpha (0.010 /Gy, a
// tumour-control fit over whole tumours) is not used.
inline constexpr double kHccAlphaPerGy = 0.3;
inline constexpr double kHccBetaPerGy2 = kHccAlphaPerGy / kHccAlphaBetaGy;  // 0.02 /Gy^2

}  // namespace isv::model::radiobiology
