// The /events table of the HDF5 file (layout in hdf5_events.hpp).
#include "output/hdf5_events.hpp"

#include <array>
#include <cstdint>
#include <cstring>
#include <string>
#include <variant>

namespace isv::output {
namespace {

using agents::ZoneTally;
using scenarios::TreatmentEvent;

// Lesion names are at most 64 characters (scenario rule); modality names are shorter.
constexpr std::size_t kNameBytes = 72;
constexpr hsize_t kEventChunk = 64;

struct RealColumn {
  const char* name;
  const char* unit;
  double TreatmentEvent::*member;
};
constexpr auto kReals = std::to_array<RealColumn>({
    {"time_h", "h", &TreatmentEvent::time_h},
    {"dose_gy", "Gy", &TreatmentEvent::dose_gy},
});

struct NameColumn {
  const char* name;
  std::string TreatmentEvent::*member;
};
constexpr auto kNames = std::to_array<NameColumn>({
    {"lesion", &TreatmentEvent::lesion},
    {"modality", &TreatmentEvent::modality},
});

// Integer columns: the entry and application indices, then the zone tally.
struct CountColumn {
  const char* name;
  const char* unit;
  std::variant<int TreatmentEvent::*, std::int64_t ZoneTally::*> member;
};
constexpr auto kCounts = std::to_array<CountColumn>({
    {"treatment", "index of the [[treatment]] entry", &TreatmentEvent::treatment},
    {"application", "index among the entry's applications", &TreatmentEvent::application},
    {"zone_voxels", "voxels", &ZoneTally::zone_voxels},
    {"tumor_viable", "cells", &ZoneTally::tumor_viable},
    {"tumor_dead", "voxels", &ZoneTally::tumor_dead},
    {"tcells", "cells", &ZoneTally::tcells},
    {"dcs", "cells", &ZoneTally::dcs},
    {"tumor_killed", "cells", &ZoneTally::tumor_killed},
    {"tcells_killed", "cells", &ZoneTally::tcells_killed},
    {"dcs_killed", "cells", &ZoneTally::dcs_killed},
    {"vessels_cut", "voxels", &ZoneTally::vessels_cut},
});

}  // namespace

EventsTable::EventsTable(const h5::FileObjects& objects) {
  const std::string& path = objects.path();
  name_type_ = h5::checked(H5Tcopy(H5T_C_S1), H5Tclose, path, "H5Tcopy");
  h5::check(H5Tset_size(name_type_.get(), kNameBytes), path, "H5Tset_size");
  h5::check(H5Tset_strpad(name_type_.get(), H5T_STR_NULLTERM), path, "H5Tset_strpad");
  objects.create_group("/events");
  const std::vector<hsize_t> chunk{kEventChunk};
  for (const RealColumn& c : kReals) {
    reals_.emplace_back(objects, std::string("/events/") + c.name, H5T_IEEE_F64LE,
                        H5T_NATIVE_DOUBLE, std::vector<hsize_t>{}, chunk);
    objects.write_attribute(reals_.back().name(), "units", std::string_view(c.unit));
  }
  for (const NameColumn& c : kNames)
    names_.emplace_back(objects, std::string("/events/") + c.name, name_type_.get(),
                        name_type_.get(), std::vector<hsize_t>{}, chunk);
  for (const CountColumn& c : kCounts) {
    counts_.emplace_back(objects, std::string("/events/") + c.name, H5T_STD_I64LE, H5T_NATIVE_INT64,
                         std::vector<hsize_t>{}, chunk);
    objects.write_attribute(counts_.back().name(), "units", std::string_view(c.unit));
  }
}

void EventsTable::append(const TreatmentEvent& event) {
  for (std::size_t i = 0; i < kReals.size(); ++i) reals_[i].append(&(event.*kReals[i].member));
  for (std::size_t i = 0; i < kNames.size(); ++i) {
    std::array<char, kNameBytes> buffer{};
    const std::string& text = event.*kNames[i].member;
    std::memcpy(buffer.data(), text.data(), std::min(text.size(), kNameBytes - 1));
    names_[i].append(buffer.data());
  }
  for (std::size_t i = 0; i < kCounts.size(); ++i) {
    const std::int64_t value = std::visit(
        [&](auto member) -> std::int64_t {
          if constexpr (std::is_same_v<decltype(member), int TreatmentEvent::*>)
            return event.*member;
          else
            return event.tally.*member;
        },
        kCounts[i].member);
    counts_[i].append(&value);
  }
}

void EventsTable::truncate(hsize_t rows) {
  for (auto* columns : {&reals_, &names_, &counts_})
    for (h5::GrowingDataset& d : *columns) d.truncate(rows);
}

}  // namespace isv::output
