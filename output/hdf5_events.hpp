// /events in the run's HDF5 file: one row per applied treatment (parallel datasets sharing the
// row index), written as the run goes. Private to output/ (includes hdf5.h).
//   /events/time_h, dose_gy                      float64 [event]
//   /events/lesion, modality                     fixed-length string [event]
//   /events/treatment, application, zone_voxels, tumor_viable, tumor_dead, tcells, dcs,
//          tumor_killed, tcells_killed, dcs_killed, vessels_cut   int64 [event]
// Counts are what the zone held before the treatment and what it killed (docs/treatments.md).
#pragma once

#include <vector>

#include "output/hdf5_dataset.hpp"
#include "scenarios/treatment_event.hpp"

namespace isv::output {

class EventsTable {
 public:
  // Creates the /events group and its (empty) datasets.
  explicit EventsTable(const h5::FileObjects& objects);

  void append(const scenarios::TreatmentEvent& event);
  // Keeps the first `rows` events (resuming from a checkpoint).
  void truncate(hsize_t rows);

 private:
  h5::Handle name_type_;  // fixed-length string type of lesion and modality names
  std::vector<h5::GrowingDataset> reals_;
  std::vector<h5::GrowingDataset> names_;
  std::vector<h5::GrowingDataset> counts_;
};

}  // namespace isv::output
