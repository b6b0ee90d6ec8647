// LUT-GEMM PE (lut-gemm): binary-coded 3-bit weights x INT8 activations without a multiplier.
// Each valid input carries a chunk of 4 activations (a_chunk, lane j in bits 8j+7..8j) and the 3
// bit-planes of the 4 weights of that chunk (planes, plane i in bits 4i+3..4i; bit j of a plane
// is b_ij = +1). The PE forms the 16-entry table T[p] = sum_j (p_j ? +a_j : -a_j) of the chunk,
// looks up one entry per plane and adds T[p0] + 2 T[p1] + 4 T[p2] = sum_j a_j c_j (c_j the odd
// code 4 b_2j + 2 b_1j + b_0j in [-7, 7]) to the group accumulator; after GROUP_SIZE / 4 chunks it
// emits the exact group sum on group_valid for one cycle (models/pe/lut_gemm_pe.hpp).
// ACC_WIDTH: |sum| <= 128 * 7 * GROUP_SIZE (114688 for 128: 18 signed bits).
`default_nettype none
module lut_gemm_pe #(
  parameter integer GROUP_SIZE = 128,
  parameter integer ACC_WIDTH = 18,
  // Harness self-check hook ONLY: 1 weighs plane 1 by 1 instead of 2. 0 (default) is correct.
  parameter integer FAULT_PLANE_WEIGHT = 0
) (
  input  wire                        clk,
  input  wire                        rst,        // synchronous, active high
  input  wire                        in_valid,
  input  wire        [31:0]          a_chunk,    // 4 signed INT8 activations
  input  wire        [11:0]          planes,     // 3 bit-planes x 4 weights
  output reg                         group_valid,
  output reg  signed [ACC_WIDTH-1:0] group_sum
);
  localparam integer CHUNKS = GROUP_SIZE / 4;
  localparam integer CNT_WIDTH = (CHUNKS > 1) ? $clog2(CHUNKS) : 1;
  localparam [CNT_WIDTH-1:0] LAST_INDEX = CNT_WIDTH'(CHUNKS - 1);

  wire signed [7:0] a0 = a_chunk[7:0];
  wire signed [7:0] a1 = a_chunk[15:8];
  wire signed [7:0] a2 = a_chunk[23:16];
  wire signed [7:0] a3 = a_chunk[31:24];

  // T[p] for the 16 patterns: signed sums of 4 INT8 values, |T| <= 512: 11 signed bits.
  reg signed [10:0] table_entry [0:15];
  integer p;
  always @* begin
    for (p = 0; p < 16; p = p + 1) begin
      table_entry[p] = (p[0] ? {{3{a0[7]}}, a0} : -{{3{a0[7]}}, a0})
                     + (p[1] ? {{3{a1[7]}}, a1} : -{{3{a1[7]}}, a1})
                     + (p[2] ? {{3{a2[7]}}, a2} : -{{3{a2[7]}}, a2})
                     + (p[3] ? {{3{a3[7]}}, a3} : -{{3{a3[7]}}, a3});
    end
  end

  wire signed [10:0] t0 = table_entry[planes[3:0]];
  wire signed [10:0] t1 = table_entry[planes[7:4]];
  wire signed [10:0] t2 = table_entry[planes[11:8]];
  // T[p0] + 2 T[p1] + 4 T[p2]: |value| <= 7 * 512 = 3584, 13 signed bits.
  wire signed [12:0] t1_weighted = (FAULT_PLANE_WEIGHT != 0) ? {{2{t1[10]}}, t1} : {t1[10], t1, 1'b0};
  wire signed [12:0] chunk_sum = {{2{t0[10]}}, t0} + t1_weighted + {t2, 2'b0};
  wire signed [ACC_WIDTH-1:0] chunk_acc = {{(ACC_WIDTH - 13){chunk_sum[12]}}, chunk_sum};

  reg  signed [ACC_WIDTH-1:0] acc;
  reg         [CNT_WIDTH-1:0] count;
  wire signed [ACC_WIDTH-1:0] acc_next = acc + chunk_acc;

  always @(posedge clk) begin
    if (rst) begin
      acc         <= {ACC_WIDTH{1'b0}};
      count       <= {CNT_WIDTH{1'b0}};
      group_valid <= 1'b0;
      group_sum   <= {ACC_WIDTH{1'b0}};
    end else begin
      group_valid <= 1'b0;
      if (in_valid) begin
        if (count == LAST_INDEX) begin
          group_sum   <= acc_next;
          group_valid <= 1'b1;
          acc         <= {ACC_WIDTH{1'b0}};
          count       <= {CNT_WIDTH{1'b0}};
        end else begin
          acc   <= acc_next;
          count <= count + 1'b1;
        end
      end
    end
  end
endmodule
`default_nettype wire
