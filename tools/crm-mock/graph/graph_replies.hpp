#pragma once

// The bodies the mock Graph API sends: Meta's send answer, Meta's error shape, and what each
// fault mode turns into. Pure functions: no state, no I/O.

#include "net/http_types.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace crm::mock::graph {

/// What the next send suffers (`POST /mock/graph/faults {"mode"}`); `none` answers normally.
enum class fault_mode {
  none,
  status_500, ///< 500, Meta error code 2 (service temporarily unavailable).
  status_429, ///< 429 with `Retry-After`, Meta error code 130429.
  hang,       ///< Never answers (`timeout` is the same); dropped after the hang timeout.
  close,      ///< The connection closes with no response at all.
  meta_error, ///< Meta's error body with a chosen `code`, at the HTTP status Meta uses for it.
};

/// A queued fault as stored in the shared fault_queue: `mode`, or `meta_error:<code>[:<subcode>]`.
struct graph_fault {
  fault_mode mode = fault_mode::none;
  int64_t code = 0;
  std::optional<int64_t> subcode;
  uint32_t retry_after_s = 1;
};

/// A mode name from the control API (`timeout` is read as `hang`).
std::optional<fault_mode> parse_fault_mode(std::string_view name);
std::string_view name_of(fault_mode mode);
/// Every mode name, comma-separated, for error messages and --help.
std::string_view fault_mode_names();

/// The fault_queue text for `f`, and back (nullopt for text this module never wrote).
std::string encode_fault(const graph_fault& f);
std::optional<graph_fault> decode_fault(std::string_view text, uint32_t retry_after_s);

/// The outcome name counted in stats and recorded: the mode, `meta_error_<code>` for those.
std::string outcome_of(const graph_fault& f);

/// The HTTP status Meta answers an error code with: 401 for 190, 403 for 10, 400 otherwise.
int http_status_of(int64_t code);
/// Meta's short title for an error code (`(#131047) Re-engagement message`, ...).
std::string_view title_of(int64_t code);

/// `{"error":{"message","type":"OAuthException","code","error_subcode"?,"fbtrace_id"}}`.
net::http_response meta_error(int status, int64_t code, std::string_view message,
                              std::optional<int64_t> subcode = std::nullopt);
/// The error response a fault sends (not for hang/close, which send nothing).
net::http_response fault_response(const graph_fault& f);

/// Meta's send answer: `{"messaging_product":"whatsapp","contacts":[{"input","wa_id"}],
/// "messages":[{"id": wamid}]}`; wa_id is `to` with everything but digits dropped.
net::http_response sent_response(std::string_view to, std::string_view wamid);

} // namespace crm::mock::graph
