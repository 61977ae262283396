#include "commands.hpp"

#include "store/audit_json.hpp"

#include <fstream>
#include <ostream>

namespace crm::audit_tool {

namespace {

/// Records fetched per round trip: the store's page cap.
constexpr size_t export_page = 1000;

} // namespace

int run_export(audit_source& source, const cli_options& options, std::ostream& out,
               std::ostream& err) {
  std::ofstream file;
  if (!options.out.empty()) {
    file.open(options.out, std::ios::binary | std::ios::trunc);
    if (!file) {
      err << "crm-audit: cannot write '" << options.out << "'\n";
      return exit_failure;
    }
  }
  std::ostream& sink = options.out.empty() ? out : file;
  store::audit_filter filter; // export is the whole log: no filters
  filter.limit = export_page;
  uint64_t written = 0;
  for (;;) {
    store::audit_page page;
    std::string error;
    if (!source.query(filter, page, error)) {
      err << "crm-audit: " << error << '\n';
      return exit_failure;
    }
    if (page.records.empty()) break;
    for (const auto& record : page.records)
      sink << store::to_json(record) << '\n';
    written += page.records.size();
    // A page must move forward, or a misbehaving source would keep us here forever.
    if (page.next_since_seq <= filter.since_seq) {
      err << "crm-audit: paging did not advance past seq " << filter.since_seq << '\n';
      return exit_failure;
    }
    filter.since_seq = page.next_since_seq;
  }
  sink.flush();
  if (!sink) {
    err << "crm-audit: write failed after " << written << " records\n";
    return exit_failure;
  }
  return exit_ok;
}

} // namespace crm::audit_tool
