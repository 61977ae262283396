#pragma once

#include "crmd_process.hpp"

#include <gtest/gtest.h>

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
};

} // namespace crm::test
