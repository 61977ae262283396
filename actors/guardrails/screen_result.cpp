#include "actors/guardrails/screen_result.hpp"

namespace crm::guardrails {

std::string_view to_string(classification value) {
  switch (value) {
  case classification::in_scope:
    return "in_scope";
  case classification::out_of_scope:
    return "out_of_scope";
  case classification::security_violation:
    return "security_violation";
  }
  return "security_violation";
}

std::string_view to_string(category value) {
  switch (value) {
  case category::political:
    return "political";
  case category::legal:
    return "legal";
  case category::medical:
    return "medical";
  case category::injection:
    return "injection";
  case category::forbidden:
    return "forbidden";
  }
  return "forbidden";
}

const std::string* canned_response(classification verdict, const config::tenant_config& tenant) {
  switch (verdict) {
  case classification::security_violation:
    return &tenant.neutral_response;
  case classification::out_of_scope:
    return &tenant.out_of_scope_response;
  case classification::in_scope:
    return nullptr;
  }
  return &tenant.neutral_response;
}

} // namespace crm::guardrails
