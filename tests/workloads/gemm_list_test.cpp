// GEMM-list CSV files (workloads/gemm_list.hpp): the mixsim form, a SCALE-Sim GEMM topology,
// and every rejected input named by file, line and column.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "workloads/gemm_list.hpp"

namespace mixsim::workloads {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;

std::string error_of(const std::string& text) {
  try {
    parse_gemm_list(text, "list.csv");
  } catch (const GemmListError& e) {
    return e.what();
  }
  return "";
}

TEST(GemmList, ReadsRowsWithCountAndDerivedSizes) {
  const GemmList list = parse_gemm_list(
      "# shapes of one block\n"
      "name, M, N, K, count\n"
      "q_proj, 1, 4096, 4096, 1\n"
      "\n"
      "qk,     4,  256,  128, 32\r\n",
      "list.csv");
  ASSERT_EQ(list.gemms.size(), 2u);
  EXPECT_EQ(list.lines, (std::vector<int>{3, 5}));
  const GemmShape& qk = list.gemms[1];
  EXPECT_EQ(qk.name, "qk");
  EXPECT_EQ(qk.m, 4);
  EXPECT_EQ(qk.n, 256);
  EXPECT_EQ(qk.k, 128);
  EXPECT_EQ(qk.count, 32);
  EXPECT_EQ(qk.macs, 32LL * 4 * 256 * 128);
  EXPECT_EQ(qk.bytes, 32LL * 2 * (256 * 128 + 4 * 128 + 4 * 256));  // FP16 W, X, Y once
  EXPECT_EQ(list.gemms[0].count, 1);
}

TEST(GemmList, ColumnsInAnyOrderAndCountOptional) {
  const GemmList list = parse_gemm_list("K,N,M,Name\n64,32,2,a\n", "list.csv");
  ASSERT_EQ(list.gemms.size(), 1u);
  EXPECT_EQ(list.gemms[0].m, 2);
  EXPECT_EQ(list.gemms[0].n, 32);
  EXPECT_EQ(list.gemms[0].k, 64);
  EXPECT_EQ(list.gemms[0].count, 1);
}

TEST(GemmList, LoadsAScaleSimGemmTopology) {
  // SCALE-Sim's GEMM (M, N, K) topology form: "Layer" header, a trailing comma on every line.
  const GemmList list = parse_gemm_list(
      "Layer, M, N, K,\n"
      "attn_scores, 512, 512, 64,\n"
      "ffn_up, 512, 2048, 512,\n",
      "topology.csv");
  ASSERT_EQ(list.gemms.size(), 2u);
  EXPECT_EQ(list.gemms[0].name, "attn_scores");
  EXPECT_EQ(list.gemms[1].n, 2048);
  EXPECT_EQ(list.gemms[1].k, 512);
}

TEST(GemmList, MissingColumnNamesFileLineAndColumn) {
  const std::string e = error_of("name, M, N\na, 1, 2\n");
  EXPECT_THAT(e, StartsWith("list.csv:1:1: missing column 'K'"));
  EXPECT_THAT(e, HasSubstr("name, M, N, K, count"));
}

TEST(GemmList, NonIntegerDimensionNamesLineColumnAndAllowedValues) {
  const std::string e = error_of("name,M,N,K\na,1,2,128\nb,1,x2,128\n");
  EXPECT_THAT(e, StartsWith("list.csv:3:5: column 'N': 'x2' is not an integer"));
  EXPECT_THAT(e, HasSubstr("allowed: integers 1..2147483647"));
  EXPECT_THAT(error_of("name,M,N,K\na,1.5,2,128\n"), StartsWith("list.csv:2:3: column 'M': '1.5' is not an integer"));
}

TEST(GemmList, ZeroOrNegativeDimensionIsOutOfRange) {
  EXPECT_THAT(error_of("name,M,N,K\na,1,2,0\n"), StartsWith("list.csv:2:7: column 'K': 0 is out of range"));
  EXPECT_THAT(error_of("name,M,N,K,count\na,1,2,8,-3\n"), StartsWith("list.csv:2:9: column 'count': -3 is out of range"));
}

TEST(GemmList, DuplicateNameNamesBothLines) {
  const std::string e = error_of("name,M,N,K\nq,1,2,128\nk,1,2,128\n  q ,1,2,128\n");
  EXPECT_THAT(e, StartsWith("list.csv:4:3: column 'name': duplicate name 'q' (first on line 2)"));
}

TEST(GemmList, OtherProblems) {
  EXPECT_THAT(error_of("name,M,N,K,flops\n"), StartsWith("list.csv:1:12: unknown column 'flops'"));
  EXPECT_THAT(error_of("name,M,N,K\na,1,2\n"), StartsWith("list.csv:2:5: 3 fields, but the header has 4 columns"));
  EXPECT_THAT(error_of("name,M,N,K\n"), HasSubstr("no GEMM rows"));
  EXPECT_THAT(error_of(""), HasSubstr("empty file"));
  EXPECT_THAT(error_of("name,M,N,K\n,1,2,3\n"), StartsWith("list.csv:2:1: column 'name': empty"));
  try {
    load_gemm_list("/nonexistent/list.csv");
    ADD_FAILURE() << "no error";
  } catch (const GemmListError& e) {
    EXPECT_THAT(std::string(e.what()), StartsWith("/nonexistent/list.csv: cannot open"));
  }
}

TEST(GemmList, SyntheticOperandsFollowTheSeedAndTheName) {
  const GemmList list = parse_gemm_list("name,M,N,K\na,3,5,64\nb,3,5,64\n", "list.csv");
  const GemmOperandPair a = synthetic_gemm_list_instance(list.gemms[0], 11);
  EXPECT_EQ(a.x.rows(), 3);
  EXPECT_EQ(a.x.cols(), 64);
  EXPECT_EQ(a.w.rows(), 5);
  EXPECT_EQ(a.w.cols(), 64);
  EXPECT_EQ(synthetic_gemm_list_instance(list.gemms[0], 11).w.storage(), a.w.storage());
  EXPECT_NE(synthetic_gemm_list_instance(list.gemms[0], 12).w.storage(), a.w.storage());
  EXPECT_NE(synthetic_gemm_list_instance(list.gemms[1], 11).x.storage(), a.x.storage());
}

}  // namespace
}  // namespace mixsim::workloads
