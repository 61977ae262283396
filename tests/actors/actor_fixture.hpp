#pragma once

// A deterministic CAF world for actor tests: the testing scheduler runs only when told
// (`sched.run()`), timers fire only on `advance_time`, and a real store in a temp dir.

#include "actors/actors.hpp"
#include "actors/tokens.hpp"
#include "store/node_store.hpp"

#include <caf/all.hpp>
#include <caf/scheduler/test_coordinator.hpp>

#include <gtest/gtest.h>

#include <filesystem>
#include <random>

namespace crm::test {

class deterministic_config : public caf::actor_system_config {
public:
  deterministic_config() {
    add_message_types<caf::id_block::crm>();
    set("scheduler.policy", caf::atom("testing"));
  }
};

struct actor_fixture : ::testing::Test {
  deterministic_config cfg;
  caf::actor_system sys{cfg};
  caf::scheduler::test_coordinator& sched =
      dynamic_cast<caf::scheduler::test_coordinator&>(sys.scheduler());
  caf::scoped_actor self{sys, true};
  std::filesystem::path dir;
  std::unique_ptr<store::node_store> store;

  actor_fixture() {
    dir = std::filesystem::temp_directory_path() /
          ("crm-actors-" + std::to_string(std::random_device{}()));
    store::store_options options;
    options.data_dir = dir.string();
    options.master_key = std::string(32, 'k');
    std::error_code ec;
    store = store::node_store::open(options, ec);
    if (ec) throw std::runtime_error("store: " + ec.message());
  }

  ~actor_fixture() override {
    store.reset();
    std::filesystem::remove_all(dir);
  }

  static store::inbound_message message(std::string id, std::string customer = "c1") {
    store::inbound_message m;
    m.event_token = "tok-" + id;
    m.tenant = "default";
    m.channel = "api";
    m.message_id = std::move(id);
    m.customer_id = std::move(customer);
    m.type = "text";
    m.text = "hello";
    m.received_at_ms = now_ms();
    return m;
  }
};

} // namespace crm::test
