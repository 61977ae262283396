#pragma once

// The bodies the mock LLM sends: OpenAI chat-completion answers, OpenAI-shaped errors, and the
// deliberately broken variants behind each fault mode. Pure functions: no state, no I/O.

#include "llm/answer_script.hpp"
#include "net/http_types.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace crm::mock::llm {

/// What the next request suffers (`POST /mock/faults {"mode"}`); `none` answers normally.
enum class fault_mode {
  none,
  status_500,     ///< 500 with an OpenAI error body.
  status_429,     ///< 429 with `Retry-After: <retry_after_s>`.
  hang,           ///< Never answers; dropped after the hang timeout or at shutdown.
  malformed_json, ///< 200 whose body is not JSON.
  prose,          ///< The answer object wrapped in chatty prose.
  fenced,         ///< The answer object inside ```json fences.
  no_usage,       ///< A normal answer without `usage`.
  empty_content,  ///< `content: ""`.
  close,          ///< The connection closes with no response at all.
};

std::optional<fault_mode> parse_fault_mode(std::string_view name);
std::string_view name_of(fault_mode mode);
/// Every mode name, comma-separated, for error messages and --help.
std::string_view fault_mode_names();

/// Rough token count: whitespace-separated words.
uint64_t word_count(std::string_view text);

/// Everything that goes into one chat-completion answer.
struct completion {
  std::string id; ///< `chatcmpl-mock-<seq>`
  std::string model;
  const answer* what = nullptr;
  uint64_t prompt_tokens = 0;
  fault_mode mode = fault_mode::none;
  uint32_t retry_after_s = 1;
};

/// The HTTP response for `c` (for `hang` and `close` the caller sends nothing at all).
net::http_response completion_response(const completion& c);

/// `{"error":{"message","type","code"}}`, as OpenAI (and LM Studio, vLLM) send errors.
net::http_response openai_error(int status, std::string_view message, std::string_view type,
                                std::string_view code);

} // namespace crm::mock::llm
