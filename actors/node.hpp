#pragma once

// One crmd node: the store, the actors and the HTTP front door, started and stopped in order.
//
// Start: open LMDB -> create the `default` tenant on a fresh data dir (importing secrets from the
// environment or `.env` once) -> spawn the writer (detached) and ingress -> listen.
// Stop: stop listening -> let accepted messages finish (bounded wait) -> stop the actors (the
// writer commits what it holds) -> close LMDB.

#include "config/node_config.hpp"

#include <cstdint>
#include <memory>
#include <system_error>

namespace crm {

class node {
public:
  explicit node(config::node_config config);
  ~node();
  node(const node&) = delete;
  node& operator=(const node&) = delete;

  std::error_code start();
  /// The HTTP port actually bound (useful with port 0).
  uint16_t port() const;
  void stop();

private:
  struct impl;
  std::unique_ptr<impl> impl_;
};

} // namespace crm
