#include "actors/guardrails/screen_result.hpp"

#include <gtest/gtest.h>

namespace crm::guardrails {
namespace {

TEST(screen_result, names_classifications_as_the_api_does) {
  EXPECT_EQ(to_string(classification::in_scope), "in_scope");
  EXPECT_EQ(to_string(classification::out_of_scope), "out_of_scope");
  EXPECT_EQ(to_string(classification::security_violation), "security_violation");
}

TEST(screen_result, names_categories) {
  EXPECT_EQ(to_string(category::political), "political");
  EXPECT_EQ(to_string(category::legal), "legal");
  EXPECT_EQ(to_string(category::medical), "medical");
  EXPECT_EQ(to_string(category::injection), "injection");
  EXPECT_EQ(to_string(category::forbidden), "forbidden");
}

TEST(screen_result, picks_the_tenants_canned_reply_by_verdict) {
  config::tenant_config tenant;
  tenant.neutral_response = "neutral";
  tenant.out_of_scope_response = "elsewhere";
  EXPECT_EQ(*canned_response(classification::security_violation, tenant), "neutral");
  EXPECT_EQ(*canned_response(classification::out_of_scope, tenant), "elsewhere");
  EXPECT_EQ(canned_response(classification::in_scope, tenant), nullptr);
}

TEST(screen_result, severity_orders_classifications) {
  EXPECT_LT(classification::in_scope, classification::out_of_scope);
  EXPECT_LT(classification::out_of_scope, classification::security_violation);
  screen_result result;
  EXPECT_FALSE(result.flagged());
  result.verdict = classification::out_of_scope;
  EXPECT_TRUE(result.flagged());
}

} // namespace
} // namespace crm::guardrails
