// Escaping and cutting user text for error messages (see message_text.hpp).
#include "scenarios/message_text.hpp"

namespace isv::scenarios {

namespace {

void append_escaped(std::string& out, unsigned char c) {
  constexpr char kHex[] = "0123456789abcdef";
  switch (c) {
    case '\n':
      out += "\\n";
      return;
    case '\t':
      out += "\\t";
      return;
    case '\r':
      out += "\\r";
      return;
    case '\\':
      out += "\\\\";
      return;
    default:
      break;
  }
  if (c < 0x20 || c == 0x7f) {
    out += "\\x";
    out += kHex[c >> 4];
    out += kHex[c & 0xf];
    return;
  }
  out += static_cast<char>(c);
}

}  // namespace

std::string printable(std::string_view text, std::size_t max_chars) {
  std::string out;
  std::size_t i = 0;
  for (; i < text.size() && out.size() < max_chars; ++i)
    append_escaped(out, static_cast<unsigned char>(text[i]));
  if (i < text.size()) {
    // Do not end inside a UTF-8 sequence: drop trailing continuation and lead bytes.
    while (!out.empty() && (static_cast<unsigned char>(out.back()) & 0xc0) == 0x80) out.pop_back();
    if (!out.empty() && (static_cast<unsigned char>(out.back()) & 0xc0) == 0xc0) out.pop_back();
    out += "... (" + std::to_string(text.size()) + " bytes)";
  }
  return out;
}

}  // namespace isv::scenarios
