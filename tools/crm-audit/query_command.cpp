#include "commands.hpp"

#include "store/audit_json.hpp"

#include <ostream>

namespace crm::audit_tool {

int run_query(audit_source& source, const cli_options& options, std::ostream& out,
              std::ostream& err) {
  store::audit_page page;
  std::string error;
  if (!source.query(options.filter, page, error)) {
    err << "crm-audit: " << error << '\n';
    return exit_failure;
  }
  out << "{\"records\":[";
  for (size_t i = 0; i < page.records.size(); ++i) {
    if (i > 0) out << ',';
    out << store::to_json(page.records[i]);
  }
  out << "],\"next_since_seq\":" << page.next_since_seq << "}\n";
  return exit_ok;
}

} // namespace crm::audit_tool
