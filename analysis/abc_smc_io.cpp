// Saving and restoring an ABC-SMC run (analysis/abc_smc.hpp). The text holds every value as a
// hexadecimal float, so a restored run continues with exactly the bits it stopped with; the
// last line is an FNV-1a checksum of everything before it, so a torn or edited file is refused.
//
//   isvsim-abc-smc 1
//   isvsim_version 0.1.0
//   seed 42
//   particles 1000
//   quantile 1p-1
//   target_epsilon 0p+0
//   parameter mu normal 0p+0 1p+0
//   generation 0 epsilon inf proposals 1000
//   <weight> <distance> <theta...>           (one line per particle)
//   checksum 0123456789abcdef
#include <charconv>
#include <cstdio>
#include <fstream>
#include <span>
#include <sstream>
#include <stdexcept>
#include <vector>

#include "analysis/abc_smc.hpp"
#include "model/errors.hpp"
#include "model/hash.hpp"
#include "model/safe_file.hpp"

namespace isv::analysis {
namespace {

constexpr std::string_view kMagic = "isvsim-abc-smc 1";

std::string hex(double x) {
  char buffer[64];
  const auto r = std::to_chars(buffer, buffer + sizeof buffer, x, std::chars_format::hex);
  return std::string(buffer, r.ptr);
}

const char* kind_name(DistributionKind k) {
  return k == DistributionKind::kUniform  ? "uniform"
         : k == DistributionKind::kNormal ? "normal"
                                          : "lognormal";
}

// The lines that fix the result: a restore compares them with its own configuration.
std::string config_text(const AbcConfig& c) {
  std::string s;
  s += "seed " + std::to_string(c.seed) + "\n";
  s += "particles " + std::to_string(c.particles) + "\n";
  s += "quantile " + hex(c.quantile) + "\n";
  s += "target_epsilon " + hex(c.target_epsilon) + "\n";
  for (const AbcParameter& p : c.parameters) {
    s += "parameter " + p.name + " " + kind_name(p.prior.kind) + " " + hex(p.prior.a) + " " +
         hex(p.prior.b) + "\n";
  }
  return s;
}

std::string checksum_line(std::string_view body) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "checksum %016llx\n",
                static_cast<unsigned long long>(model::fnv1a64(body)));
  return buffer;
}

// Reads the text line by line, numbering lines for messages.
class Lines {
 public:
  Lines(std::string_view text, const std::string& source) : text_(text), source_(source) {}
  bool done() const { return pos_ >= text_.size(); }
  std::string_view next() {
    if (done()) fail("unexpected end of file");
    const std::size_t end = text_.find('\n', pos_);
    if (end == std::string_view::npos) fail("the last line is not terminated (torn file?)");
    const std::string_view line = text_.substr(pos_, end - pos_);
    pos_ = end + 1;
    ++line_;
    return line;
  }
  std::size_t offset() const { return pos_; }
  [[noreturn]] void fail(const std::string& what) const {
    throw std::runtime_error(source_ + ":" + std::to_string(line_) + ": " + what);
  }

 private:
  std::string_view text_;
  std::string source_;
  std::size_t pos_ = 0;
  std::size_t line_ = 0;
};

std::vector<std::string_view> words(std::string_view line) {
  std::vector<std::string_view> out;
  std::size_t i = 0;
  while (i < line.size()) {
    const std::size_t end = std::min(line.find(' ', i), line.size());
    if (end > i) out.push_back(line.substr(i, end - i));
    i = end + 1;
  }
  return out;
}

double parse_hex(std::string_view word, const Lines& lines) {
  double x = 0.0;
  const auto r = std::from_chars(word.data(), word.data() + word.size(), x, std::chars_format::hex);
  if (r.ec != std::errc() || r.ptr != word.data() + word.size()) {
    lines.fail("'" + std::string(word) + "' is not a hexadecimal floating-point value");
  }
  return x;
}

std::size_t parse_count(std::string_view word, const Lines& lines) {
  std::size_t x = 0;
  const auto r = std::from_chars(word.data(), word.data() + word.size(), x);
  if (r.ec != std::errc() || r.ptr != word.data() + word.size()) {
    lines.fail("'" + std::string(word) + "' is not a count");
  }
  return x;
}

}  // namespace

std::string AbcSmc::serialize() const {
  std::string s(kMagic);
  s += "\nisvsim_version " ISV_VERSION "\n";
  s += config_text(config_);
  for (std::size_t g = 0; g < generations_.size(); ++g) {
    const AbcGeneration& gen = generations_[g];
    s += "generation " + std::to_string(g) + " epsilon " + hex(gen.epsilon) + " proposals " +
         std::to_string(gen.proposals) + "\n";
    const std::size_t dim = config_.parameters.size();
    for (std::size_t i = 0; i < gen.weights.size(); ++i) {
      s += hex(gen.weights[i]);
      s += ' ';
      s += hex(gen.distances[i]);
      for (std::size_t k = 0; k < dim; ++k) {
        s += ' ';
        s += hex(gen.particles[i * dim + k]);
      }
      s += '\n';
    }
  }
  return s + checksum_line(s);
}

void AbcSmc::restore(std::string_view text, const std::string& source) {
  if (!generations_.empty()) {
    throw std::runtime_error(source + ": restore needs a fresh ABC-SMC run (this one has " +
                             std::to_string(generations_.size()) + " generations)");
  }
  const std::size_t tail = text.rfind("checksum ");
  if (tail == std::string_view::npos || checksum_line(text.substr(0, tail)) != text.substr(tail)) {
    throw std::runtime_error(source + ": checksum missing or wrong (a torn or edited state file)");
  }
  Lines lines(text.substr(0, tail), source);
  if (lines.next() != kMagic) lines.fail("not an isvsim ABC-SMC state file");
  // The version is informative: the configuration lines decide compatibility.
  if (!lines.next().starts_with("isvsim_version ")) lines.fail("expected 'isvsim_version <v>'");
  const std::string expected = config_text(config_);
  Lines want(expected, "configuration");
  while (!want.done()) {
    const std::string_view line = lines.next();
    const std::string_view own = want.next();
    if (line != own) {
      lines.fail("saved '" + std::string(line) + "' but this run has '" + std::string(own) +
                 "': not the same calibration");
    }
  }
  const std::size_t dim = config_.parameters.size();
  std::vector<AbcGeneration> loaded;
  while (!lines.done()) {
    const auto head = words(lines.next());
    if (head.size() != 6 || head[0] != "generation" || head[2] != "epsilon" ||
        head[4] != "proposals" || parse_count(head[1], lines) != loaded.size()) {
      lines.fail("expected 'generation " + std::to_string(loaded.size()) +
                 " epsilon <e> proposals <n>'");
    }
    AbcGeneration gen;
    gen.epsilon = parse_hex(head[3], lines);
    gen.proposals = parse_count(head[5], lines);
    for (std::size_t i = 0; i < config_.particles; ++i) {
      const auto row = words(lines.next());
      if (row.size() != 2 + dim) {
        lines.fail("expected " + std::to_string(2 + dim) + " values, found " +
                   std::to_string(row.size()));
      }
      gen.weights.push_back(parse_hex(row[0], lines));
      gen.distances.push_back(parse_hex(row[1], lines));
      for (std::size_t k = 0; k < dim; ++k) gen.particles.push_back(parse_hex(row[2 + k], lines));
    }
    if (gen.proposals < config_.particles) lines.fail("fewer proposals than particles");
    loaded.push_back(std::move(gen));
  }
  generations_ = std::move(loaded);
}

void AbcSmc::save(const std::filesystem::path& path) const {
  const std::string text = serialize();
  model::write_text_file_atomically(path, text, "ABC-SMC state");
}

void AbcSmc::load(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw model::IoError(path.string() + ": cannot open the ABC-SMC state file");
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) throw model::IoError(path.string() + ": cannot read the ABC-SMC state file");
  restore(text.str(), path.string());
}

}  // namespace isv::analysis
