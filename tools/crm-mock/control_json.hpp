#pragma once

// JSON helpers every module's control paths (/mock/...) share: answers and body parsing, in
// crmd's error shape.

#include "net/http_types.hpp"

#include <boost/json/object.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <optional>
#include <string_view>

namespace crm::mock {

inline net::http_response json_ok(const boost::json::object& body) {
  net::http_response response;
  response.body = boost::json::serialize(body);
  return response;
}

inline net::http_response method_not_allowed() {
  return net::json_error(405, "method_not_allowed", "this control path does not take that method");
}

inline net::http_response bad_field(std::string_view key, std::string_view detail) {
  return net::json_error(400, "invalid_field", detail, key);
}

/// Parses a control body as an object; on failure fills `error` with the response to send.
inline std::optional<boost::json::object> object_body(const net::http_request& request,
                                                      net::http_response& error) {
  boost::system::error_code ec;
  auto value = boost::json::parse(request.body, ec);
  if (ec || !value.is_object()) {
    error = net::json_error(400, "invalid_json", "the body must be a JSON object");
    return std::nullopt;
  }
  return std::move(value.get_object());
}

} // namespace crm::mock
