#include "graph/status_webhook.hpp"

#include "graph/graph_replies.hpp"
#include "net/http_client.hpp"
#include "net/signature.hpp"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>

namespace crm::mock::graph {

bool is_status_name(std::string_view name) {
  return name == "sent" || name == "delivered" || name == "read" || name == "failed";
}

std::string status_webhook_body(const status_update& update) {
  auto timestamp = update.timestamp;
  if (timestamp == 0)
    timestamp = std::chrono::duration_cast<std::chrono::seconds>(
                    std::chrono::system_clock::now().time_since_epoch())
                    .count();
  boost::json::object status{{"id", update.wamid},
                             {"status", update.status},
                             {"timestamp", std::to_string(timestamp)},
                             {"recipient_id", update.recipient_id}};
  if (update.error_code)
    status["errors"] =
        boost::json::array{{{"code", *update.error_code}, {"title", title_of(*update.error_code)}}};
  boost::json::object value{
      {"messaging_product", "whatsapp"},
      {"metadata",
       {{"display_phone_number", update.display_phone_number},
        {"phone_number_id", update.phone_number_id}}},
      {"statuses", boost::json::array{std::move(status)}},
  };
  boost::json::object change{{"field", "messages"}, {"value", std::move(value)}};
  boost::json::object entry{{"id", update.waba_id},
                            {"changes", boost::json::array{std::move(change)}}};
  return boost::json::serialize(boost::json::object{
      {"object", "whatsapp_business_account"}, {"entry", boost::json::array{std::move(entry)}}});
}

delivery_result post_signed(const std::string& url, const std::string& app_secret,
                            const std::string& body, std::chrono::milliseconds timeout) {
  delivery_result out;
  std::string host;
  uint16_t port = 0;
  net::client_request request;
  if (!net::split_http_url(url, host, port, request.target)) {
    out.ec = std::make_error_code(std::errc::invalid_argument);
    return out;
  }
  if (request.target.empty()) request.target = "/";
  request.method = "POST";
  request.body = body;
  if (!app_secret.empty())
    request.headers.emplace_back("X-Hub-Signature-256",
                                 "sha256=" + net::hmac_sha256_hex(app_secret, body));
  auto response = net::http_call(host, port, request, out.ec, timeout);
  if (!out.ec) {
    out.status = response.status;
    out.body = std::move(response.body);
  }
  return out;
}

} // namespace crm::mock::graph
