// Catalyst adaptor: ParaView's legacy in-situ API driven from the observer callbacks.
#include "output/catalyst/catalyst_adaptor.hpp"

#include <vtkCPDataDescription.h>
#include <vtkCPInputDataDescription.h>
#include <vtkCPProcessor.h>
#include <vtkCPPythonScriptV2Pipeline.h>
#include <vtkNew.h>
#include <vtkPythonInterpreter.h>
#include <vtkSmartPointer.h>

#include <array>
#include <csignal>
#include <exception>
#include <string>
#include <system_error>
#include <utility>

#include "agents/lesion.hpp"
#include "model/errors.hpp"
#include "output/catalyst/catalyst_grids.hpp"
#include "scenarios/simulation.hpp"

namespace isv::output::catalyst {
namespace {

namespace fs = std::filesystem;

// Starting ParaView's Python (and importing some modules) installs Python's own SIGINT handler,
// which would swallow the Ctrl-C that asks isvsim to stop cleanly. The host's handlers are put
// back after every call into ParaView.
class SignalGuard {
 public:
  SignalGuard() {
    sigaction(SIGINT, nullptr, &interrupt_);
    sigaction(SIGTERM, nullptr, &terminate_);
  }
  ~SignalGuard() {
    sigaction(SIGINT, &interrupt_, nullptr);
    sigaction(SIGTERM, &terminate_, nullptr);
  }
  SignalGuard(const SignalGuard&) = delete;
  SignalGuard& operator=(const SignalGuard&) = delete;

 private:
  struct sigaction interrupt_ {};
  struct sigaction terminate_ {};
};

// A script calling sys.exit() would end the whole process (Python turns an uncaught SystemExit
// into exit()). ParaView runs every script entry point through these helpers of its own; wrapped,
// SystemExit becomes an ordinary error that the adaptor reports like any other.
constexpr const char* kSystemExitGuard = R"py(
import paraview.catalyst.v2_internals as _isv_v2
def _isv_guard(function):
    def guarded(*args, **kwargs):
        try:
            return function(*args, **kwargs)
        except SystemExit as e:
            raise RuntimeError("the Catalyst script called sys.exit(%r)" % (e.code,)) from e
    return guarded
for _isv_name in ("import_and_validate", "do_request_data_description",
                  "do_catalyst_initialize", "do_catalyst_execute", "do_catalyst_finalize"):
    if hasattr(_isv_v2, _isv_name):
        setattr(_isv_v2, _isv_name, _isv_guard(getattr(_isv_v2, _isv_name)))
)py";

// The channels of one lesion: its lattice under the lesion's name, its immune cells under the
// name with a suffix.
struct Channel {
  const char* suffix;
  vtkSmartPointer<vtkDataObject> (*make)(const agents::Lesion&);
};
constexpr std::array<Channel, 3> kChannels{{
    {"", [](const agents::Lesion& l) -> vtkSmartPointer<vtkDataObject> { return lesion_grid(l); }},
    {"_tcells",
     [](const agents::Lesion& l) -> vtkSmartPointer<vtkDataObject> { return tcell_points(l); }},
    {"_dcs",
     [](const agents::Lesion& l) -> vtkSmartPointer<vtkDataObject> { return dc_points(l); }},
}};

}  // namespace

struct CatalystAdaptor::Impl {
  fs::path script;
  std::int64_t every_steps = 1;
  std::FILE* log = stderr;
  vtkSmartPointer<vtkCPProcessor> processor;
  bool first_call = true;
  bool failed = false;
  std::int64_t processed = 0;

  void start(const scenarios::Simulation& sim);
  void process(const scenarios::Simulation& sim);
  void finish() noexcept;
  // Reports the first failure and switches Catalyst off for the rest of the run.
  void fail(const scenarios::Simulation& sim, const std::string& what) noexcept;
};

void CatalystAdaptor::Impl::fail(const scenarios::Simulation& sim,
                                 const std::string& what) noexcept {
  if (failed) return;
  failed = true;
  std::fprintf(log,
               "isvsim: warning: Catalyst script '%s' failed at step %lld (t = %g h): %s; "
               "Catalyst is off for the rest of the run, the HDF5 output goes on\n",
               script.c_str(), static_cast<long long>(sim.step()), sim.time_h(), what.c_str());
  std::fflush(log);
}

void CatalystAdaptor::Impl::start(const scenarios::Simulation& sim) {
  SignalGuard guard;
  processor = vtkSmartPointer<vtkCPProcessor>::New();
  if (processor->Initialize() == 0) {
    fail(sim, "ParaView Catalyst could not be initialised");
    return;
  }
  if (vtkPythonInterpreter::RunSimpleString(kSystemExitGuard) != 0) {
    fail(sim, "ParaView's Python could not be prepared");
    return;
  }
  auto pipeline = vtkSmartPointer<vtkCPPythonScriptV2Pipeline>::New();
  if (!pipeline->Initialize(script.c_str())) {
    fail(sim, "the script could not be loaded");
    return;
  }
  processor->AddPipeline(pipeline);
}

void CatalystAdaptor::Impl::process(const scenarios::Simulation& sim) {
  if (failed || !processor) return;
  SignalGuard guard;
  vtkNew<vtkCPDataDescription> description;
  for (const scenarios::PatientLesion& patient_lesion : sim.lesions()) {
    if (patient_lesion.agent() == nullptr) continue;  // mean-field lesions have no grid
    for (const Channel& channel : kChannels)
      description->AddInput((patient_lesion.name() + channel.suffix).c_str());
  }
  description->SetTimeData(sim.time_h(), static_cast<vtkIdType>(sim.step()));
  // RequestDataDescription cannot tell "not this step" from "the script failed to import", so
  // the first call forces the script to run: a script that cannot run is noticed at step 0.
  if (first_call)
    description->ForceOutputOn();
  else if (processor->RequestDataDescription(description) == 0)
    return;
  first_call = false;
  for (const scenarios::PatientLesion& patient_lesion : sim.lesions()) {
    if (patient_lesion.agent() == nullptr) continue;
    const agents::Lesion& lesion = *patient_lesion.agent();
    for (const Channel& channel : kChannels) {
      const std::string name = lesion.name() + channel.suffix;
      if (description->GetForceOutput() || description->GetIfGridIsNecessary(name.c_str()))
        description->GetInputDescriptionByName(name.c_str())->SetGrid(channel.make(lesion));
    }
  }
  if (processor->CoProcess(description) == 0) {
    fail(sim, "the script raised an error (see the message above)");
    return;
  }
  ++processed;
}

void CatalystAdaptor::Impl::finish() noexcept {
  if (!processor) return;
  SignalGuard guard;
  processor->Finalize();
  processor = nullptr;
}

CatalystAdaptor::CatalystAdaptor(fs::path script, std::int64_t every_steps, std::FILE* log)
    : impl_(std::make_unique<Impl>()) {
  std::error_code ec;
  if (!fs::is_regular_file(script, ec))
    throw model::ConfigError("Catalyst script '" + script.string() + "' does not exist");
  if (every_steps < 1)
    throw model::ConfigError("--catalyst-every must be at least 1 (got " +
                             std::to_string(every_steps) + ")");
  impl_->script = std::move(script);
  impl_->every_steps = every_steps;
  impl_->log = log;
}

CatalystAdaptor::~CatalystAdaptor() { impl_->finish(); }

void CatalystAdaptor::on_start(const scenarios::Simulation& sim) {
  try {
    impl_->start(sim);
    impl_->process(sim);
  } catch (const std::exception& e) {
    impl_->fail(sim, e.what());
  }
}

void CatalystAdaptor::on_step(const scenarios::Simulation& sim) {
  if (sim.step() % impl_->every_steps != 0) return;
  try {
    impl_->process(sim);
  } catch (const std::exception& e) {
    impl_->fail(sim, e.what());
  }
}

void CatalystAdaptor::on_finish(const scenarios::Simulation& /*sim*/,
                                scenarios::RunOutcome /*outcome*/) {
  impl_->finish();
}

bool CatalystAdaptor::failed() const noexcept { return impl_->failed; }
std::int64_t CatalystAdaptor::steps_processed() const noexcept { return impl_->processed; }

}  // namespace isv::output::catalyst
