#pragma once

#include "crmd_process.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <thread>

namespace crm::test {

/// One fresh node per test, WhatsApp configured for the default tenant.
struct node_test : ::testing::Test {
  crmd_process node;
  void SetUp() override {
    node.start();
    node.configure_whatsapp();
  }

  /// Audit records of the default tenant in a given state.
  boost::json::array audit(const std::string& query) {
    auto r = node.admin("GET", "/admin/audit?limit=1000&" + query);
    EXPECT_EQ(r.status, 200) << r.body;
    return json_of(r).at("records").as_array();
  }

  /// Polls the audit log until `query` matches at least `count` records (screening and later
  /// steps run after the acknowledgement), or 10 s pass.
  boost::json::array await_audit(const std::string& query, size_t count = 1) {
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds{10};
    for (;;) {
      auto records = audit(query);
      if (records.size() >= count || std::chrono::steady_clock::now() > deadline) return records;
      std::this_thread::sleep_for(std::chrono::milliseconds{10});
    }
  }
};

} // namespace crm::test
