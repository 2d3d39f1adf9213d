// Nesting pre-scan of TOML text (see toml_nesting.hpp).
#include "scenarios/toml_nesting.hpp"

#include <string>
#include <vector>

#include "model/errors.hpp"
#include "scenarios/message_text.hpp"

namespace isv::scenarios {

namespace {

class NestingScan {
 public:
  NestingScan(std::string_view text, std::string_view source, int max_depth)
      : s_(text), source_(source), max_(max_depth) {}

  void run() {
    while (i_ < s_.size()) {
      const char c = s_[i_];
      if (c == '\n') {
        newline();
      } else if (c == '#') {
        skip_comment();
        continue;
      } else if (c == '"' || c == '\'') {
        skip_string();
        continue;
      } else if (in_key()) {
        key_char(c);
      } else {
        value_char(c);
      }
      ++i_;
    }
  }

 private:
  // Inside a value, `open_` holds '[' or '{' per open container; keys are read at the top
  // level (outside any value) and right after '{' or ',' in an inline table.
  bool in_key() const { return key_; }

  void newline() {
    ++line_;
    if (open_.empty()) start_key(header_depth_);
  }

  void start_key(int base) {
    key_ = true;
    key_base_ = base;
    segments_ = 1;
    line_start_ = open_.empty();
  }

  void key_char(char c) {
    if (c == '[' && line_start_ && open_.empty()) {
      read_header();
      return;
    }
    if (c == ' ' || c == '\t' || c == '\r') return;
    if (c == '}' && !open_.empty()) {  // an empty inline table, or a trailing brace
      close();
      return;
    }
    line_start_ = false;
    if (c == '.') {
      ++segments_;
      check(key_base_ + segments_, "dotted key");
    } else if (c == '=') {
      key_ = false;
      value_depth_ = key_base_ + segments_;
      check(value_depth_, "key");
    }
  }

  // value_depth_ is the level of the value being read; an array's elements and an inline
  // table's keys sit one level below it.
  void value_char(char c) {
    if (c == '[' || c == '{') {
      open_.push_back(c);
      depths_.push_back(value_depth_);
      check(value_depth_ + 1, "array or inline table");
      if (c == '[') {
        ++value_depth_;
      } else {
        start_key(value_depth_);
      }
    } else if (c == ']' || c == '}') {
      close();
    } else if (c == ',' && !open_.empty()) {
      if (open_.back() == '{') {
        start_key(depths_.back());
      } else {
        value_depth_ = depths_.back() + 1;
      }
    }
  }

  void close() {
    if (open_.empty()) return;  // unbalanced: the parser reports it
    value_depth_ = depths_.back();
    open_.pop_back();
    depths_.pop_back();
    key_ = false;
  }

  // [a.b.c] or [[a.b.c]]: the header's segments are the base depth of the keys below it.
  void read_header() {
    ++i_;
    if (i_ < s_.size() && s_[i_] == '[') ++i_;
    int segments = 1;
    while (i_ < s_.size() && s_[i_] != ']' && s_[i_] != '\n') {
      if (s_[i_] == '"' || s_[i_] == '\'') {
        skip_string();
        continue;
      }
      if (s_[i_] == '.') check(++segments, "table header");
      ++i_;
    }
    header_depth_ = segments;
    while (i_ < s_.size() && s_[i_] == ']') ++i_;
    key_ = true;  // the rest of the line may only be a comment
    line_start_ = false;
    --i_;  // run() steps past the last character read
  }

  void skip_comment() {
    while (i_ < s_.size() && s_[i_] != '\n') ++i_;
  }

  // Basic and literal strings, one-line or multi-line (triple quotes); newlines inside count.
  void skip_string() {
    const char q = s_[i_];
    const bool triple = s_.substr(i_, 3) == std::string(3, q);
    i_ += triple ? 3 : 1;
    while (i_ < s_.size()) {
      const char c = s_[i_];
      if (c == '\\' && q == '"') {
        if (i_ + 1 < s_.size() && s_[i_ + 1] == '\n') ++line_;
        i_ += 2;
        continue;
      }
      if (c == '\n') {
        if (!triple) return;  // unterminated: the parser reports it
        ++line_;
      }
      if (c == q && (!triple || s_.substr(i_, 3) == std::string(3, q))) {
        i_ += triple ? 3 : 1;
        while (triple && i_ < s_.size() && s_[i_] == q) ++i_;  // """a"""" ends with a quote
        return;
      }
      ++i_;
    }
  }

  void check(int depth, const char* what) const {
    if (depth <= max_) return;
    throw model::ConfigError(printable(source_, kMessagePathChars) + ":" + std::to_string(line_) +
                             ": " + what + " nested deeper than " + std::to_string(max_) +
                             " levels (isvsim's limit for TOML nesting)");
  }

  std::string_view s_;
  std::string_view source_;
  int max_;
  std::size_t i_ = 0;
  int line_ = 1;
  bool key_ = true;
  bool line_start_ = true;
  int header_depth_ = 0;
  int key_base_ = 0;
  int segments_ = 1;
  int value_depth_ = 0;
  std::vector<char> open_;   // bounded by max_: each entry adds a level
  std::vector<int> depths_;  // the level of each open container
};

}  // namespace

void check_toml_nesting(std::string_view text, std::string_view source, int max_depth) {
  NestingScan(text, source, max_depth).run();
}

void check_key_path_depth(std::string_view dotted_key, std::string_view source, int max_depth) {
  int segments = 1;
  for (const char c : dotted_key) segments += c == '.' ? 1 : 0;
  if (segments > max_depth)
    throw model::ConfigError(std::string(source) + " " + printable(dotted_key) + ": key has " +
                             std::to_string(segments) + " levels; the limit is " +
                             std::to_string(max_depth));
}

}  // namespace isv::scenarios
