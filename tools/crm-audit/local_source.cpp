#include "audit_source.hpp"

#include "store/node_store.hpp"

namespace crm::audit_tool {

namespace {

class local_source final : public audit_source {
public:
  explicit local_source(std::unique_ptr<store::node_store> store) : store_(std::move(store)) {}

  bool verify(store::chain_verdict& out, std::string&) override {
    out = store_->verify();
    return true;
  }

  bool query(const store::audit_filter& filter, store::audit_page& out, std::string&) override {
    out = store_->query(filter);
    return true;
  }

private:
  std::unique_ptr<store::node_store> store_;
};

} // namespace

std::unique_ptr<audit_source> make_local_source(const std::string& data_dir, std::string& error) {
  store::store_options options;
  options.data_dir = data_dir;
  options.read_only = true;
  options.map_size_bytes = 0; // take the size the node recorded in the file
  std::error_code ec;
  auto store = store::node_store::open(options, ec);
  if (!store) {
    error = "cannot open data dir '" + data_dir + "': " + ec.message();
    return nullptr;
  }
  return std::make_unique<local_source>(std::move(store));
}

std::unique_ptr<audit_source> make_source(const cli_options& options, std::string& error) {
  if (!options.data_dir.empty()) return make_local_source(options.data_dir, error);
  return make_remote_source(options.url, options.admin_token, error);
}

} // namespace crm::audit_tool
