// Population files (analysis/population_file.hpp).
#include "analysis/population_file.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "analysis/priors.hpp"
#include "model/errors.hpp"
#include "model/safe_file.hpp"

namespace isv::analysis {
namespace {

constexpr std::string_view kMagic = "# isvsim virtual population";
constexpr std::string_view kWeight = "weight";

bool valid_key(std::string_view key) {
  return !key.empty() && std::all_of(key.begin(), key.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_' || c == '.' || c == '-';
  });
}

std::vector<std::string_view> split(std::string_view line, char sep) {
  std::vector<std::string_view> out;
  std::size_t start = 0;
  while (true) {
    const std::size_t end = line.find(sep, start);
    out.push_back(line.substr(start, end == std::string_view::npos ? end : end - start));
    if (end == std::string_view::npos) return out;
    start = end + 1;
  }
}

void check(const Population& p) {
  for (const auto& [key, value] : p.provenance) {
    if (!valid_key(key) || value.find_first_of("\r\n") != std::string::npos) {
      throw std::invalid_argument("population provenance '" + key +
                                  "': keys are letters, digits, '_', '.', '-'; values one line");
    }
  }
  if (p.names.empty()) throw std::invalid_argument("population: no parameter columns");
  for (const std::string& name : p.names) {
    if (!valid_key(name) || name == kWeight) {
      throw std::invalid_argument("population: bad parameter name '" + name + "'");
    }
  }
  if (p.values.size() != p.weights.size() * p.names.size()) {
    throw std::invalid_argument("population: " + std::to_string(p.values.size()) + " values for " +
                                std::to_string(p.weights.size()) + " rows of " +
                                std::to_string(p.names.size()) + " parameters");
  }
  for (const double w : p.weights) {
    if (!std::isfinite(w) || w < 0.0) throw std::invalid_argument("population: bad weight");
  }
  for (const double v : p.values) {
    if (!std::isfinite(v)) throw std::invalid_argument("population: a value is not finite");
  }
}

}  // namespace

const std::string* Population::find(const std::string& key) const {
  for (const auto& [k, v] : provenance) {
    if (k == key) return &v;
  }
  return nullptr;
}

std::string population_text(const Population& population) {
  check(population);
  std::string s(kMagic);
  s += "\n";
  if (population.find("isvsim_version") == nullptr) s += "# isvsim_version: " ISV_VERSION "\n";
  for (const auto& [key, value] : population.provenance) s += "# " + key + ": " + value + "\n";
  for (const std::string& name : population.names) s += name + ",";
  s += std::string(kWeight) + "\n";
  const std::size_t d = population.names.size();
  for (std::size_t r = 0; r < population.size(); ++r) {
    for (std::size_t c = 0; c < d; ++c) s += exact_decimal(population.values[r * d + c]) + ",";
    s += exact_decimal(population.weights[r]) + "\n";
  }
  return s;
}

void write_population(const std::filesystem::path& path, const Population& population) {
  const std::string text = population_text(population);
  model::write_text_file_atomically(path, text, "virtual population");
}

Population parse_population(std::string_view text, const std::string& source) {
  Population p;
  std::size_t line_no = 0;
  auto fail = [&](const std::string& what) {
    throw model::ConfigError(source + ":" + std::to_string(line_no) + ": " + what);
  };
  bool header_seen = false;
  std::size_t pos = 0;
  while (pos < text.size()) {
    std::size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(pos, end - pos);
    pos = end + 1;
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line_no == 1) {
      if (line != kMagic)
        fail("not an isvsim virtual population (first line must be '" + std::string(kMagic) + "')");
      continue;
    }
    if (!header_seen && line.starts_with("# ")) {
      const std::size_t colon = line.find(": ");
      if (colon == std::string_view::npos || !valid_key(line.substr(2, colon - 2))) {
        fail("provenance lines read '# key: value'");
      }
      p.provenance.emplace_back(std::string(line.substr(2, colon - 2)),
                                std::string(line.substr(colon + 2)));
      continue;
    }
    const auto cells = split(line, ',');
    if (!header_seen) {
      if (cells.size() < 2 || cells.back() != kWeight) {
        fail("the column header must name the parameters and end with 'weight'");
      }
      for (std::size_t c = 0; c + 1 < cells.size(); ++c) {
        if (!valid_key(cells[c]) || cells[c] == kWeight) {
          fail("bad parameter column name '" + std::string(cells[c]) + "'");
        }
        if (std::find(p.names.begin(), p.names.end(), cells[c]) != p.names.end()) {
          fail("parameter column '" + std::string(cells[c]) + "' appears twice");
        }
        p.names.emplace_back(cells[c]);
      }
      header_seen = true;
      continue;
    }
    if (line.empty() && pos >= text.size()) break;
    if (cells.size() != p.names.size() + 1) {
      fail("expected " + std::to_string(p.names.size() + 1) + " values, found " +
           std::to_string(cells.size()));
    }
    for (std::size_t c = 0; c < cells.size(); ++c) {
      double x = 0.0;
      const auto r = std::from_chars(cells[c].data(), cells[c].data() + cells[c].size(), x);
      const std::string column = c < p.names.size() ? p.names[c] : std::string(kWeight);
      if (r.ec != std::errc() || r.ptr != cells[c].data() + cells[c].size() || !std::isfinite(x)) {
        fail("column '" + column + "': '" + std::string(cells[c]) + "' is not a finite number");
      }
      if (c < p.names.size()) {
        p.values.push_back(x);
      } else if (x < 0.0) {
        fail("column 'weight': negative weight " + std::string(cells[c]));
      } else {
        p.weights.push_back(x);
      }
    }
  }
  if (!header_seen) fail("no column header");
  return p;
}

Population read_population(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw model::IoError(path.string() + ": cannot open the virtual population file");
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) throw model::IoError(path.string() + ": cannot read the virtual population file");
  return parse_population(text.str(), path.string());
}

}  // namespace isv::analysis
