#include "store/tenants.hpp"

#include "store/errc.hpp"
#include "store_fixture.hpp"

#include <gtest/gtest.h>

using namespace crm::store;
using namespace crm::store::testing;

TEST(tenants, versions_count_up_from_one) {
  temp_dir dir;
  auto store = open_store(dir.path());
  std::error_code ec;
  auto batch = store->begin_write(ec);
  uint64_t version = 0;
  ASSERT_FALSE(batch.put_tenant("default", R"({"name":"Default"})", std::nullopt, version));
  EXPECT_EQ(version, 1u);
  ASSERT_FALSE(batch.put_tenant("default", R"({"name":"Renamed"})", 1, version));
  EXPECT_EQ(version, 2u);
  ASSERT_FALSE(batch.commit());
  auto row = store->find_tenant("default");
  ASSERT_TRUE(row);
  EXPECT_EQ(row->version, 2u);
  EXPECT_EQ(row->config_json, R"({"name":"Renamed"})");
  EXPECT_FALSE(store->find_tenant("acme"));
}

TEST(tenants, stale_expected_version_conflicts_and_writes_nothing) {
  temp_dir dir;
  auto store = open_store(dir.path());
  std::error_code ec;
  uint64_t version = 0;
  {
    auto batch = store->begin_write(ec);
    ASSERT_FALSE(batch.put_tenant("default", "{}", 0, version)); // 0: must be new
    ASSERT_FALSE(batch.put_tenant("default", R"({"v":2})", std::nullopt, version));
    ASSERT_FALSE(batch.commit());
  }
  auto batch = store->begin_write(ec);
  uint64_t untouched = 99;
  EXPECT_EQ(batch.put_tenant("default", R"({"v":"lost"})", 1, untouched), errc::version_conflict);
  EXPECT_EQ(untouched, 99u);
  EXPECT_EQ(batch.put_tenant("acme", "{}", 3, untouched), errc::version_conflict);
  // A lost compare-and-set does not spoil the rest of the batch.
  ASSERT_FALSE(batch.put_tenant("acme", R"({"name":"Acme"})", 0, version));
  ASSERT_FALSE(batch.commit());
  EXPECT_EQ(store->find_tenant("default")->config_json, R"({"v":2})");
  auto all = store->tenants();
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all[0].id, "acme");
  EXPECT_EQ(all[1].id, "default");
  EXPECT_EQ(all[1].version, 2u);
}

TEST(tenants, empty_id_is_refused) {
  temp_dir dir;
  auto store = open_store(dir.path());
  std::error_code ec;
  auto batch = store->begin_write(ec);
  uint64_t version = 0;
  EXPECT_TRUE(batch.put_tenant("", "{}", std::nullopt, version));
  EXPECT_FALSE(batch.commit());
}
