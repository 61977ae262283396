#include "actors/guardrails/pattern_syntax.hpp"

namespace crm::guardrails {

namespace {

/// A space, then up to three words each followed by a space: `take him to court`, `take my
/// former landlord to court`. A word is anything but a space (non-ASCII letters included).
constexpr std::string_view short_gap = " (?:[^ ]+ ){0,3}";

} // namespace

std::string expand_pattern(std::string_view pattern, bool word_edges) {
  std::string out;
  out.reserve(pattern.size() * 2 + 16);
  if (word_edges) out += " (?:";
  bool in_class = false; // inside [...], a space is a literal space
  for (size_t i = 0; i < pattern.size(); ++i) {
    if (in_class) {
      in_class = pattern[i] != ']' || pattern[i - 1] == '\\';
      out += pattern[i];
    } else if (pattern[i] == '[' && (i == 0 || pattern[i - 1] != '\\')) {
      in_class = true;
      out += pattern[i];
    } else if (pattern.substr(i, 3) == " ~ ") {
      out += short_gap;
      i += 2;
    } else if (pattern.substr(i, 2) == " ?") {
      out += "(?: )?";
      ++i;
    } else {
      out += pattern[i];
    }
  }
  if (word_edges) out += ") ";
  return out;
}

std::vector<std::string_view> split_alternatives(std::string_view pattern) {
  std::vector<std::string_view> out;
  int depth = 0;
  bool in_class = false;
  size_t start = 0;
  for (size_t i = 0; i < pattern.size(); ++i) {
    char c = pattern[i];
    if (c == '\\') {
      ++i; // the escaped character is never syntax
    } else if (in_class) {
      in_class = c != ']';
    } else if (c == '[') {
      in_class = true;
    } else if (c == '(') {
      ++depth;
    } else if (c == ')') {
      --depth;
    } else if (c == '|' && depth == 0) {
      out.push_back(pattern.substr(start, i - start));
      start = i + 1;
    }
  }
  out.push_back(pattern.substr(start));
  return out;
}

} // namespace crm::guardrails
