// Whether a lesion's tumour has reached the outer voxel layer of its lattice: from then on the
// tumour cannot grow past the domain, so the run must say so (scenarios/simulation.cpp checks
// after every step; docs/readouts.md, "Domain boundary").
#include "agents/lesion.hpp"

namespace isv::agents {

// Scans only the outer layer (6 n^2 voxels of an n^3 lattice, the four edges of a 2-D one), so
// the cost does not grow with the number of cells. The answer depends on the state alone.
bool Lesion::tumor_on_boundary() const noexcept {
  const model::Lattice& g = s_.lattice;
  const auto occupied = [&](int x, int y, int z) {
    const std::int32_t v = g.index(x, y, z);
    return s_.tumor_at[v] >= 0 || s_.debris_clear_h[v] >= 0.0f;
  };
  const int nx = g.nx(), ny = g.ny(), nz = g.nz();
  for (int z = 0; z < nz; ++z) {
    // A 2-D lattice's only z layer is all of it: its boundary is the edge of the plane.
    const bool z_face = !g.is_2d() && (z == 0 || z == nz - 1);
    for (int y = 0; y < ny; ++y) {
      if (z_face || y == 0 || y == ny - 1) {
        for (int x = 0; x < nx; ++x)
          if (occupied(x, y, z)) return true;
      } else if (occupied(0, y, z) || occupied(nx - 1, y, z)) {
        return true;
      }
    }
  }
  return false;
}

}  // namespace isv::agents
