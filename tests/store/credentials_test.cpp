#include "store/credentials.hpp"

#include "store/digest.hpp"
#include "store/errc.hpp"
#include "store_fixture.hpp"

#include <gtest/gtest.h>

using namespace crm::store;
using namespace crm::store::testing;

namespace {

credential_row operator_row(const std::string& id) {
  credential_row row;
  row.id = id;
  row.tenant = "default";
  row.kind = "operator";
  row.name = "Alice";
  row.created_at_ms = 1'700'000'000'000;
  return row;
}

} // namespace

TEST(credentials, found_by_the_hash_of_the_secret_only) {
  temp_dir dir;
  auto store = open_store(dir.path());
  std::error_code ec;
  auto batch = store->begin_write(ec);
  ASSERT_FALSE(batch.put_credential(operator_row("op-1"), sha256_hex("secret-1")));
  ASSERT_FALSE(batch.commit());
  auto found = store->find_credential(sha256_hex("secret-1"));
  ASSERT_TRUE(found);
  EXPECT_EQ(found->id, "op-1");
  EXPECT_EQ(found->kind, "operator");
  EXPECT_EQ(found->name, "Alice");
  EXPECT_EQ(found->created_at_ms, 1'700'000'000'000);
  EXPECT_FALSE(found->revoked);
  EXPECT_FALSE(store->find_credential(sha256_hex("secret-2")));
  EXPECT_FALSE(store->find_credential("secret-1"));
}

TEST(credentials, revoked_credentials_are_still_found_but_marked) {
  temp_dir dir;
  auto store = open_store(dir.path());
  std::error_code ec;
  {
    auto batch = store->begin_write(ec);
    ASSERT_FALSE(batch.put_credential(operator_row("op-1"), sha256_hex("s1")));
    ASSERT_FALSE(batch.put_credential(operator_row("op-2"), sha256_hex("s2")));
    ASSERT_FALSE(batch.commit());
  }
  auto batch = store->begin_write(ec);
  ASSERT_FALSE(batch.revoke_credential("op-1"));
  EXPECT_EQ(batch.revoke_credential("op-404"), errc::not_found);
  ASSERT_FALSE(batch.commit()) << "an unknown id does not spoil the batch";
  EXPECT_TRUE(store->find_credential(sha256_hex("s1"))->revoked);
  EXPECT_FALSE(store->find_credential(sha256_hex("s2"))->revoked);
}

TEST(credentials, row_codec_rejects_malformed_rows) {
  auto row = operator_row("op-1");
  row.revoked = true;
  auto back = credentials::decode(credentials::encode(row));
  ASSERT_TRUE(back);
  EXPECT_TRUE(back->revoked);
  EXPECT_FALSE(credentials::decode("{}"));
  EXPECT_FALSE(credentials::decode("nope"));
  EXPECT_FALSE(credentials::decode(R"({"id":"x","tenant":"t","kind":"k","name":"n",)"
                                   R"("created_at_ms":"soon","revoked":false})"));
}
