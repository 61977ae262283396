#pragma once

// The crm-audit commands; each writes its result to `out`, diagnostics to `err`, and returns
// the process exit code (cli_options.hpp).

#include "audit_source.hpp"
#include "cli_options.hpp"

#include <iosfwd>

namespace crm::audit_tool {

/// Prints {"ok","records","head_hash"[,"first_bad_seq"]}; exit_tampered when not ok.
int run_verify(audit_source& source, std::ostream& out, std::ostream& err);

/// Prints {"records":[...],"next_since_seq":N} for one page of `options.filter`.
int run_query(audit_source& source, const cli_options& options, std::ostream& out,
              std::ostream& err);

/// Writes every record, oldest first, one JSON object a line, to `options.out` or `out`.
int run_export(audit_source& source, const cli_options& options, std::ostream& out,
               std::ostream& err);

} // namespace crm::audit_tool
