#pragma once

// Just enough HTTP/1.1 response parsing for a load generator that talks to servers we control:
// status line, Content-Length or chunked framing, and whether the server will close. Stateless:
// it is given everything received so far for the current response and says whether that is a
// whole response yet. Responses are small, so re-reading the head on a partial read is cheap.

#include <cstddef>
#include <string_view>

namespace crm::bench {

enum class parse_state {
  incomplete, ///< Need more bytes.
  complete,   ///< One whole response; `consumed` bytes belong to it.
  error,      ///< Not HTTP we understand, or larger than the limit.
};

struct parsed_response {
  parse_state state = parse_state::incomplete;
  int status = 0;           ///< HTTP status code, when complete.
  bool close = false;       ///< The server closes after this response.
  std::size_t consumed = 0; ///< Length of the response, when complete.
  std::string_view error;   ///< What was wrong, when error.
};

/// Largest response head crm-bench accepts; a server sending more is broken.
inline constexpr std::size_t kMaxResponseHead = 16 * 1024;

/// Parses the response at the front of `bytes`; anything longer than `max_bytes` is an error.
parsed_response parse_response(std::string_view bytes, std::size_t max_bytes);

} // namespace crm::bench
