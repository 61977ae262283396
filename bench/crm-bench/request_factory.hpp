#pragma once

// Builds the bytes of each request a scenario sends: request line, headers, body, and for the
// signed scenarios X-Hub-Signature-256 over that exact body. Every webhook request carries a
// unique wamid and every ingest request a unique message_id (run id + thread + sequence), so a
// server's dedupe never short-circuits the work we mean to measure; sender ids rotate through
// --customers values. One factory per thread: it owns an OpenSSL MAC context and is not shared.

#include <cstdint>
#include <memory>
#include <string>

#include "bench/crm-bench/bench_options.hpp"

namespace crm::bench {

/// The seed stack's body.json, byte for byte (the seed scenario's default body).
extern const char* const kSeedBody;

class request_factory;

struct request_factory_result {
  std::unique_ptr<request_factory> factory;
  std::string error; ///< Empty on success.
};

class request_factory {
public:
  /// A factory for thread `thread_index` of `threads`; `run_id` makes ids unique across runs
  /// against the same data directory. Fails for an unreadable --body-file or a broken OpenSSL.
  static request_factory_result create(const bench_options& options, unsigned thread_index,
                                       unsigned threads, const std::string& run_id);

  ~request_factory();
  request_factory(const request_factory&) = delete;
  request_factory& operator=(const request_factory&) = delete;

  /// Replaces `out` with the full HTTP/1.1 request number `seq` of this thread.
  void build(std::uint64_t seq, std::string& out);

  /// The body of request `seq` alone (what build() signs and sends).
  std::string body(std::uint64_t seq) const;

  /// Lower-case hex HMAC-SHA256 of `data` under the factory's app secret.
  std::string sign(std::string_view data);

private:
  struct mac_context;
  request_factory() = default;
  void append_body(std::uint64_t seq, std::string& out) const;

  enum scenario scenario_ = scenario::webhook;
  std::string head_;                  ///< Request line and the headers that never change.
  std::string seed_body_;             ///< The fixed body of the seed scenario.
  std::string seed_signature_header_; ///< Its signature header, computed once.
  std::string text_json_;             ///< --text, JSON-escaped.
  std::string tenant_json_;           ///< --tenant, JSON-escaped.
  std::string phone_number_id_json_;
  std::string run_id_;
  unsigned thread_index_ = 0;
  unsigned threads_ = 1;
  unsigned customers_ = 1;
  std::string timestamp_; ///< Unix seconds at creation, as Meta sends it.
  std::unique_ptr<mac_context> mac_;
  std::string body_scratch_; ///< Reused per request: no allocation in steady state.
};

/// `s` as the inside of a JSON string literal.
std::string json_escape(std::string_view s);

} // namespace crm::bench
