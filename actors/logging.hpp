#pragma once

// Structured logs: one JSON object a line on stderr (spdlog underneath). Callers pass an event
// name and string fields; never a secret, never flagged customer content (zero-echo).

#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>

namespace crm::log {

enum class level { trace, debug, info, warn, error };

using field = std::pair<std::string_view, std::string>;

/// Sets the threshold (`trace|debug|info|warn|error`); call once at start-up.
void init(std::string_view threshold);

void write(level lvl, std::string_view event, std::initializer_list<field> fields = {});

inline void info(std::string_view event, std::initializer_list<field> fields = {}) {
  write(level::info, event, fields);
}
inline void warn(std::string_view event, std::initializer_list<field> fields = {}) {
  write(level::warn, event, fields);
}
inline void error(std::string_view event, std::initializer_list<field> fields = {}) {
  write(level::error, event, fields);
}
inline void debug(std::string_view event, std::initializer_list<field> fields = {}) {
  write(level::debug, event, fields);
}

} // namespace crm::log
