#pragma once

// The Cloud API status webhook the mock sends back to crmd, as Meta would after a send:
// `{"object":"whatsapp_business_account","entry":[{"id","changes":[{"field":"messages",
// "value":{"messaging_product":"whatsapp","metadata":{...},"statuses":[{...}]}}]}]}`, signed
// `X-Hub-Signature-256: sha256=<hex HMAC-SHA256(app_secret, body)>`.

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>

namespace crm::mock::graph {

/// Status names Meta sends: sent, delivered, read, failed.
bool is_status_name(std::string_view name);

struct status_update {
  std::string wamid;
  std::string status; ///< sent, delivered, read, failed
  std::string recipient_id;
  std::string phone_number_id;
  std::string display_phone_number = "15550000000";
  std::string waba_id = "100000000000000";
  std::optional<int64_t> error_code; ///< Adds `errors:[{"code","title"}]`.
  int64_t timestamp = 0;             ///< Unix seconds (sent as a string, like Meta); 0 is now.
};

/// The webhook body for one status.
std::string status_webhook_body(const status_update& update);

struct delivery_result {
  int status = 0;     ///< crmd's HTTP status; 0 when no answer came.
  std::string body;   ///< crmd's answer body.
  std::error_code ec; ///< Connection-level failure (or a URL that is not plain http).
};

/// POSTs `body` to `url` (plain http) signed with `app_secret` (unsigned when empty). Blocks up
/// to `timeout`: call it from a worker thread, never an io thread.
delivery_result post_signed(const std::string& url, const std::string& app_secret,
                            const std::string& body,
                            std::chrono::milliseconds timeout = std::chrono::milliseconds{5'000});

} // namespace crm::mock::graph
