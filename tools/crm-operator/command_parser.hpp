#pragma once

// Interactive commands: one line each, `<verb> [N] [text]`. Pure parsing; the session acts.
//   l            list the queue          s N        show review N in full
//   a N          approve                 e N TEXT   edit: send TEXT instead of the draft
//   r N [REASON] reject                  c N / u N  claim / release (unclaim)
//   q            quit                    h          help
// A `!` after the verb (`a! 3`) sends `force`, for a review someone else has claimed.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace crm::op {

enum class command_kind { nothing, list, show, approve, edit, reject, claim, release, quit, help };

struct command {
  command_kind kind = command_kind::nothing;
  uint64_t number = 0; ///< The review's number, as `l` shows it.
  std::string text;    ///< edit: the new reply; reject: the reason (may be empty).
  bool force = false;
};

/// nullopt with a one-line `error` (e.g. "e needs a review number and the new text").
/// A blank line parses as `nothing`.
std::optional<command> parse_command(std::string_view line, std::string& error);

/// The `h` text.
const char* command_help();

} // namespace crm::op
