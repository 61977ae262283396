#pragma once

// Where crm-audit reads records from: a data dir opened read-only (safe while a node runs;
// LMDB readers never block the writer) or a running node's admin API.

#include "cli_options.hpp"
#include "store/records.hpp"

#include <memory>
#include <string>

namespace crm::audit_tool {

class audit_source {
public:
  virtual ~audit_source() = default;
  /// Walks the chain; false with `error` when the source cannot answer.
  virtual bool verify(store::chain_verdict& out, std::string& error) = 0;
  /// One page of records; false with `error` when the source cannot answer.
  virtual bool query(const store::audit_filter& filter, store::audit_page& out,
                     std::string& error) = 0;
};

/// A local source for --data-dir or a remote one for --url; nullptr with `error` on failure.
std::unique_ptr<audit_source> make_source(const cli_options& options, std::string& error);

std::unique_ptr<audit_source> make_local_source(const std::string& data_dir, std::string& error);
std::unique_ptr<audit_source>
make_remote_source(const std::string& url, const std::string& admin_token, std::string& error);

} // namespace crm::audit_tool
