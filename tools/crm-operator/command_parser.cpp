#include "command_parser.hpp"

#include <array>
#include <charconv>

namespace crm::op {

namespace {

std::string_view trim(std::string_view s) {
  auto first = s.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) return {};
  auto last = s.find_last_not_of(" \t\r\n");
  return s.substr(first, last - first + 1);
}

/// Splits off the first word; `rest` keeps the remainder (trimmed) verbatim, for free text.
std::string_view next_word(std::string_view& rest) {
  rest = trim(rest);
  auto end = rest.find_first_of(" \t");
  auto word = rest.substr(0, end);
  rest = end == std::string_view::npos ? std::string_view{} : trim(rest.substr(end));
  return word;
}

struct verb {
  std::string_view short_name;
  std::string_view long_name;
  command_kind kind;
};

constexpr std::array<verb, 9> verbs{{
    {"l", "list", command_kind::list},
    {"s", "show", command_kind::show},
    {"a", "approve", command_kind::approve},
    {"e", "edit", command_kind::edit},
    {"r", "reject", command_kind::reject},
    {"c", "claim", command_kind::claim},
    {"u", "release", command_kind::release},
    {"q", "quit", command_kind::quit},
    {"h", "help", command_kind::help},
}};

bool takes_number(command_kind kind) {
  return kind != command_kind::list && kind != command_kind::quit && kind != command_kind::help;
}

bool can_force(command_kind kind) {
  return kind == command_kind::approve || kind == command_kind::edit ||
         kind == command_kind::reject || kind == command_kind::claim;
}

} // namespace

std::optional<command> parse_command(std::string_view line, std::string& error) {
  std::string_view rest = line;
  auto word = next_word(rest);
  command out;
  if (word.empty()) return out;
  if (word.back() == '!') {
    out.force = true;
    word.remove_suffix(1);
  }
  const verb* found = nullptr;
  for (const auto& v : verbs)
    if (word == v.short_name || word == v.long_name) found = &v;
  if (found == nullptr) {
    error = "unknown command '" + std::string{line.substr(0, 40)} + "' (h for help)";
    return std::nullopt;
  }
  out.kind = found->kind;
  if (out.force && !can_force(out.kind)) {
    error = std::string{found->short_name} + " takes no '!'";
    return std::nullopt;
  }
  if (!takes_number(out.kind)) {
    if (!rest.empty()) {
      error = std::string{found->short_name} + " takes no arguments";
      return std::nullopt;
    }
    return out;
  }
  auto number = next_word(rest);
  if (!number.empty() && number.front() == '#') number.remove_prefix(1);
  auto [ptr, ec] = std::from_chars(number.data(), number.data() + number.size(), out.number);
  if (number.empty() || ec != std::errc{} || ptr != number.data() + number.size() ||
      out.number == 0) {
    error = std::string{found->short_name} + " needs a review number (see l)";
    return std::nullopt;
  }
  out.text = std::string{rest};
  if (out.kind == command_kind::edit && out.text.empty()) {
    error = "e needs a review number and the new text: e N TEXT";
    return std::nullopt;
  }
  bool free_text = out.kind == command_kind::edit || out.kind == command_kind::reject;
  if (!free_text && !out.text.empty()) {
    error = std::string{found->short_name} + " takes only a review number";
    return std::nullopt;
  }
  return out;
}

const char* command_help() {
  return "commands:\n"
         "  l            list pending reviews      s N         show review N in full\n"
         "  a N          approve the draft         e N TEXT    send TEXT instead of the draft\n"
         "  r N [REASON] reject                    c N         claim (a 60 s lease)\n"
         "  u N          release a claim           q           quit\n"
         "  h            this help\n"
         "  a! N, e! N TEXT, r! N, c! N: force past another operator's claim\n";
}

} // namespace crm::op
