#include "actors/api/json_io.hpp"

#include "store/errc.hpp"

namespace crm::api {

net::http_response json_response(int status, const boost::json::value& body) {
  net::http_response response;
  response.status = status;
  response.body = boost::json::serialize(body);
  return response;
}

std::optional<boost::json::object> parse_object(const std::string& body,
                                                net::http_response& error) {
  boost::system::error_code ec;
  auto value = boost::json::parse(body, ec);
  if (ec) {
    error = net::json_error(400, "malformed_json", "The body is not valid JSON: " + ec.message());
    return std::nullopt;
  }
  if (!value.is_object()) {
    error = net::json_error(400, "malformed_json", "The body must be a JSON object.");
    return std::nullopt;
  }
  return std::move(value.as_object());
}

std::optional<std::string> required_string(const boost::json::object& object, std::string_view key,
                                           net::http_response& error) {
  auto it = object.find(key);
  if (it == object.end() || it->value().is_null()) {
    error = net::json_error(400, "missing_field",
                            "The field '" + std::string{key} + "' is required.", key);
    return std::nullopt;
  }
  if (!it->value().is_string()) {
    error = net::json_error(400, "invalid_field",
                            "The field '" + std::string{key} + "' must be a string.", key);
    return std::nullopt;
  }
  auto& s = it->value().get_string();
  if (s.empty()) {
    error = net::json_error(400, "missing_field", "The field '" + std::string{key} + "' is empty.",
                            key);
    return std::nullopt;
  }
  return std::string{s};
}

net::http_response store_error(std::error_code ec) {
  using store::errc;
  if (ec == errc::not_found) return net::json_error(404, "not_found", "No such item.");
  if (ec == errc::version_conflict)
    return net::json_error(409, "version_conflict", "The item changed since you read it.");
  if (ec == errc::map_full)
    return net::json_error(507, "storage_full", "The node's storage is full.");
  auto response = net::json_error(503, "store_unavailable",
                                  "The node could not make this durable; nothing was accepted.");
  response.headers.emplace_back("Retry-After", "1");
  return response;
}

size_t utf8_length(std::string_view text) {
  size_t count = 0;
  for (unsigned char c : text)
    if ((c & 0xC0) != 0x80) ++count; // count lead bytes only
  return count;
}

} // namespace crm::api
