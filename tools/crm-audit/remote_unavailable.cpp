#include "audit_source.hpp"

// Built instead of remote_source.cpp when the crm_net library is not part of the build.

namespace crm::audit_tool {

std::unique_ptr<audit_source> make_remote_source(const std::string&, const std::string&,
                                                 std::string& error) {
  error = "this crm-audit was built without remote mode (no crm_net); use --data-dir";
  return nullptr;
}

} // namespace crm::audit_tool
