#pragma once

// Bearer credentials: the admin token (from the node config) and tenant-scoped ingest keys
// (stored as SHA-256 only). Comparisons run in constant time.

#include "actors/api/context.hpp"
#include "net/http_types.hpp"
#include "store/records.hpp"

#include <optional>
#include <string_view>

namespace crm::api {

/// The token of `Authorization: Bearer <token>`, or empty.
std::string_view bearer_token(const net::http_request& request);

/// True when the request carries the node's admin token. Without a configured admin token,
/// nobody is admin.
bool is_admin(const api_context& context, const net::http_request& request);

/// The live (not revoked) credential of the given kind the request's bearer token belongs to.
std::optional<store::credential_row> find_credential(const api_context& context,
                                                     const net::http_request& request,
                                                     std::string_view kind);

/// `401 unauthorized` with a sentence.
net::http_response unauthorized(std::string_view detail);

} // namespace crm::api
