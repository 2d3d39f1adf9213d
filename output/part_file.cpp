// The partial output file (see part_file.hpp).
#include "output/part_file.hpp"

#include <unistd.h>

#include <cstdio>
#include <string>
#include <vector>

#include "model/errors.hpp"
#include "model/hash.hpp"
#include "model/safe_file.hpp"
#include "output/hdf5_handle.hpp"

namespace isv::output {
namespace fs = std::filesystem;

void prepare_part_path(const fs::path& part, const fs::path& final_path) {
  try {
    model::FileDescriptor probe(model::create_fresh_file(part, "partial output file"));
    probe.close(part);
  } catch (const model::IoError& e) {
    throw model::IoError("cannot write output file '" + final_path.string() + "': " + e.what());
  }
  ::unlink(part.c_str());  // HDF5 creates it with O_EXCL, so a link planted now is refused
}

std::optional<std::uint64_t> output_scenario_hash(const fs::path& h5) {
  H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
  std::optional<std::uint64_t> hash;
  if (H5Fis_hdf5(h5.c_str()) <= 0) {
    H5Eclear2(H5E_DEFAULT);
    return hash;
  }
  const h5::Handle file(H5Fopen(h5.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT), H5Fclose);
  const h5::Handle attr(
      file ? H5Aopen_by_name(file.get(), "/", "scenario_toml", H5P_DEFAULT, H5P_DEFAULT)
           : H5I_INVALID_HID,
      H5Aclose);
  const h5::Handle type(attr ? H5Aget_type(attr.get()) : H5I_INVALID_HID, H5Tclose);
  if (type && H5Tis_variable_str(type.get()) > 0) {
    char* text = nullptr;
    if (H5Aread(attr.get(), type.get(), &text) >= 0 && text != nullptr) {
      hash = model::fnv1a64(text);
      const h5::Handle space(H5Aget_space(attr.get()), H5Sclose);
      H5Dvlen_reclaim(type.get(), space.get(), H5P_DEFAULT, &text);
    }
  }
  H5Eclear2(H5E_DEFAULT);
  return hash;
}

void install_checkpoint_image(const model::CheckpointImage& image, const fs::path& part,
                              std::uint64_t scenario_hash,
                              const model::CheckpointReader& position) {
  if (image.size == 0) position.fail("holds no copy of the output (written by a damaged run?)");
  std::error_code ec;
  const fs::file_status status = fs::symlink_status(part, ec);
  if (fs::exists(status)) {
    model::require_replaceable(part, "partial output file");
    const std::optional<std::uint64_t> owner = output_scenario_hash(part);
    if (owner && *owner != scenario_hash)
      position.fail("belongs to another run than '" + part.string() +
                    "' (another scenario, --set value or seed); both are left as they are: "
                    "resume '" +
                    part.string() + "' with its own checkpoint, or move it away");
    if (!owner) {
      const fs::path kept = part.string() + ".unreadable";
      model::rename_into_place(part, kept, "damaged partial output");
      std::fprintf(stderr,
                   "isvsim: '%s' could not be read (damaged by a crash?); kept as '%s', "
                   "resuming from the checkpoint's copy\n",
                   part.c_str(), kept.c_str());
    }
  }
  const fs::path tmp = part.string() + ".resume.tmp";
  model::extract_checkpoint_image(image, tmp);
  try {
    model::rename_into_place(tmp, part, "partial output file");
  } catch (...) {
    ::unlink(tmp.c_str());
    throw;
  }
}

}  // namespace isv::output
