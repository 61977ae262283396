#include "commands.hpp"

#include <boost/json.hpp>

#include <ostream>

namespace crm::audit_tool {

int run_verify(audit_source& source, std::ostream& out, std::ostream& err) {
  store::chain_verdict v;
  std::string error;
  if (!source.verify(v, error)) {
    err << "crm-audit: " << error << '\n';
    return exit_failure;
  }
  boost::json::object obj; // keeps insertion order: ok, records, head_hash, first_bad_seq
  obj["ok"] = v.ok;
  obj["records"] = v.records;
  obj["head_hash"] = v.head_hash;
  if (!v.ok) obj["first_bad_seq"] = v.first_bad_seq;
  out << boost::json::serialize(obj) << '\n';
  return v.ok ? exit_ok : exit_tampered;
}

} // namespace crm::audit_tool
