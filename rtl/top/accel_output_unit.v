// Output unit of the accelerator top: the group accumulators (output buffer) and the
// per-column group dequant units of sim/array/group_dequant_unit.hpp, for C columns at once.
// A row's C column sums leave the array with the row's tag. Within a group they are added to
// the group accumulators of its output-buffer row (cleared at the group's first K-tile). At a
// group end the exact group partial sums P go through DQ_LATENCY pipeline stages into the dequant
// step: y = (first group ? 0 : y) + s_int * P with the group's unsigned integer scales (the
// INT32 integer-scale contract of models/integer_scale.hpp; scale rows filled by the harness).
// Every finished group leaves on grp_* (P, the value every recipe's epilogue folds), every
// finished output on y_*, and the last row of each tile raises done_a (no group end) or
// done_b (after the dequant step): registered, so visible in the cycle the simulator calls
// out_done = stream_end + R + C - 1 (+ DQ_LATENCY at a group end).
// FLOAT_LANE = 1 (FP32 column sums, PSUM_WIDTH = 32): the group accumulators are FP32 and add
// in the simulator's order, acc = fl32(acc + column sum) with acc = +0 at the group's first
// K-tile (fp32_add, round half to even; sim/array/systolic_array.cpp compute_values); grp_p
// carries the FP32 bit patterns, and the dequant step is the float-scale one in FP32:
// y = fl32((first group ? +0 : y) + fl32(s * P)) with the group's FP32 scales s from the scale
// rows (fp32_mul, fp32_add: round half to even) - models/pe/group_dequant.hpp
// accumulate_float_acts, the order of the simulator's FloatActivationEpilogue (W4A16, BF16, E4M3
// activations; s = 1 for the PE types without group scales). y_data holds y in the low 32 bits of
// each column. The float lanes' per-token / per-row output multiply (E4M3, fp8-mac, w4a8
// dequant-mac) is not in the RTL.
// FLOAT_DEQUANT = 1 with integer lanes: the same FP32 step on the integer P,
// y = fl32((first ? +0 : y) + fl32(s * fl32(P))) (int32_to_fp32, round half to even):
// GroupDequant::accumulate_float_scale, the FloatScaleEpilogue's order (lut-gemm, w8a8), and
// the per-token activation scale of those recipes: Y = fl32(y * s_a) (fp32_mul;
// finish_float_scale) in the high 32 bits of each column of y_data, with s_a from a table of one
// FP32 per output-buffer row (the row's token), written through the scale port at scale_addr
// with bit 15 set.
`default_nettype none
module accel_output_unit #(
  parameter integer COLS = 4,
  parameter integer PSUM_WIDTH = 17,
  parameter integer DQ_LATENCY = 3,
  parameter integer OUT_ROWS = 1024,
  parameter integer SCALE_ROWS = 1024,
  parameter integer FLOAT_LANE = 0,
  parameter integer FLOAT_DEQUANT = 0
) (
  input  wire                      clk,
  input  wire                      rst,
  input  wire                      host_clk,    // scale rows written by the harness
  input  wire                      scale_we,
  /* verilator lint_off UNUSEDSIGNAL */
  input  wire [15:0]               scale_addr,  // bits above the scale memory's depth unused
  /* verilator lint_on UNUSEDSIGNAL */
  input  wire [COLS*32-1:0]        scale_data,
  input  wire                      in_valid,
  // The row's tag (accel_controller): tile [68:53], row [52:37], output-buffer row [36:21],
  // scale row [20:5], flags [4:0] = {last row, block end, first group, group end, group start}.
  input  wire [68:0]               in_tag,
  input  wire [COLS*PSUM_WIDTH-1:0] in_psum,
  output reg                       done_a,
  output reg  [15:0]               done_a_tile,
  output reg                       done_b,
  output reg  [15:0]               done_b_tile,
  output reg                       grp_valid,
  output reg  [15:0]               grp_tile,
  output reg  [15:0]               grp_row,
  output reg  [COLS*32-1:0]        grp_p,
  output reg                       y_valid,
  output reg  [15:0]               y_tile,
  output reg  [15:0]               y_row,
  output reg  [COLS*64-1:0]        y_data
);
  localparam integer OUT_BITS = $clog2(OUT_ROWS), SCALE_BITS = $clog2(SCALE_ROWS);
  reg [COLS*32-1:0] gacc   [0:OUT_ROWS-1];
  reg [COLS*64-1:0] yacc   [0:OUT_ROWS-1];
  reg [COLS*32-1:0] scales [0:SCALE_ROWS-1];
  always @(posedge host_clk)
    if (scale_we && !scale_addr[15]) scales[scale_addr[SCALE_BITS-1:0]] <= scale_data;

  // Group accumulation (capture stage).
  wire [15:0] in_tile = in_tag[68:53];
  wire group_start = in_tag[0], group_end = in_tag[1], last_row = in_tag[4];
  wire [OUT_BITS-1:0] acc_i = in_tag[21 +: OUT_BITS];
  wire [COLS*32-1:0] sum;
  genvar gc;
  generate
    if (FLOAT_LANE != 0) begin : g_float_acc
      wire [COLS*32-1:0] acc_row = gacc[acc_i];
      for (gc = 0; gc < COLS; gc = gc + 1) begin : g_col
        fp32_add u_add (.x(group_start ? 32'd0 : acc_row[gc*32 +: 32]), .y(in_psum[gc*PSUM_WIDTH +: 32]),
                        .sum(sum[gc*32 +: 32]));
      end
    end else begin : g_int_acc
      reg [COLS*32-1:0] int_sum;
      integer c;
      always @* begin
        for (c = 0; c < COLS; c = c + 1)
          int_sum[c*32 +: 32] = 32'($signed(in_psum[c*PSUM_WIDTH +: PSUM_WIDTH])) +
                                (group_start ? 32'd0 : gacc[acc_i][c*32 +: 32]);
      end
      assign sum = int_sum;
    end
  endgenerate
  always @(posedge clk) begin
    done_a <= 1'b0;
    if (!rst && in_valid) begin
      if (!group_end) gacc[acc_i] <= sum;
      if (last_row && !group_end) begin
        done_a <= 1'b1;
        done_a_tile <= in_tile;
      end
    end
  end

  // Dequant pipeline: DQ_LATENCY register stages between the group end and the dequant step.
  localparam integer TAG_BITS = 69;
  wire                 dq_valid;
  // Row fields above the buffers' depth and the spent group flags are not read after the pipe
  // (the harness rejects command streams whose rows do not fit).
  /* verilator lint_off UNUSEDSIGNAL */
  wire [TAG_BITS-1:0]  dq_tag;
  /* verilator lint_on UNUSEDSIGNAL */
  wire [COLS*32-1:0]   dq_p;
  delay_line #(.WIDTH(1 + TAG_BITS + COLS * 32), .DEPTH(DQ_LATENCY)) u_dequant_pipe (
    .clk(clk), .d({in_valid && group_end, in_tag, sum}), .q({dq_valid, dq_tag, dq_p}));
  // Tag fields: tile [68:53], row [52:37], output-buffer row [36:21], scale row [20:5],
  // flags [4:0] (group start/end are spent by now).
  wire [15:0] dq_tile = dq_tag[68:53], dq_row = dq_tag[52:37];
  wire [OUT_BITS-1:0] dq_acc_i = dq_tag[21 +: OUT_BITS];
  wire [SCALE_BITS-1:0] dq_scale_i = dq_tag[5 +: SCALE_BITS];
  wire [4:2] dq_flags = dq_tag[4:2];
  // Token scales (FLOAT_DEQUANT with integer lanes): one FP32 per output-buffer row.
  localparam integer TOKEN_SCALES = FLOAT_DEQUANT != 0 && FLOAT_LANE == 0 ? 1 : 0;
  /* verilator lint_off UNUSEDSIGNAL */
  wire [31:0] token_row;  // read by the float-scale dequant's token multiply only
  /* verilator lint_on UNUSEDSIGNAL */
  generate
    if (TOKEN_SCALES != 0) begin : g_token_table
      reg [31:0] token_scale [0:OUT_ROWS-1];
      always @(posedge host_clk)
        if (scale_we && scale_addr[15]) token_scale[scale_addr[OUT_BITS-1:0]] <= scale_data[31:0];
      assign token_row = token_scale[dq_acc_i];
    end else begin : g_no_token_table
      assign token_row = 32'd0;
    end
  endgenerate
  wire [COLS*64-1:0] y_next;
  generate
    if (FLOAT_LANE != 0 || FLOAT_DEQUANT != 0) begin : g_float_dequant
      wire [COLS*64-1:0] y_prev = yacc[dq_acc_i];
      wire [COLS*32-1:0] s_row = scales[dq_scale_i];
      for (gc = 0; gc < COLS; gc = gc + 1) begin : g_col
        wire [31:0] term, y32, p32;
        if (FLOAT_LANE != 0) begin : g_p_float
          assign p32 = dq_p[gc*32 +: 32];
        end else begin : g_p_int
          int32_to_fp32 u_convert (.v(dq_p[gc*32 +: 32]), .f(p32));
        end
        fp32_mul u_mul (.x(s_row[gc*32 +: 32]), .y(p32), .product(term));
        fp32_add u_add (.x(dq_flags[2] ? 32'd0 : y_prev[gc*64 +: 32]), .y(term), .sum(y32));
        if (TOKEN_SCALES != 0) begin : g_token
          wire [31:0] y_out;
          fp32_mul u_token (.x(y32), .y(token_row), .product(y_out));
          assign y_next[gc*64 +: 64] = {y_out, y32};
        end else begin : g_no_token
          assign y_next[gc*64 +: 64] = {32'd0, y32};
        end
      end
      /* verilator lint_off UNUSEDSIGNAL */
      wire [COLS*32-1:0] unused_y_high;
      for (gc = 0; gc < COLS; gc = gc + 1) begin : g_unused
        assign unused_y_high[gc*32 +: 32] = y_prev[gc*64 + 32 +: 32];
      end
      /* verilator lint_on UNUSEDSIGNAL */
    end else begin : g_int_dequant
      reg [COLS*64-1:0] int_y;
      integer c;
      always @* begin
        for (c = 0; c < COLS; c = c + 1)
          int_y[c*64 +: 64] = (dq_flags[2] ? 64'd0 : yacc[dq_acc_i][c*64 +: 64]) +
                              64'($signed(dq_p[c*32 +: 32])) * {32'd0, scales[dq_scale_i][c*32 +: 32]};
      end
      assign y_next = int_y;
    end
  endgenerate
  always @(posedge clk) begin
    done_b <= 1'b0;
    grp_valid <= 1'b0;
    y_valid <= 1'b0;
    if (!rst && dq_valid) begin
      yacc[dq_acc_i] <= y_next;
      grp_valid <= 1'b1;
      grp_tile <= dq_tile;
      grp_row <= dq_row;
      grp_p <= dq_p;
      if (dq_flags[3]) begin
        y_valid <= 1'b1;
        y_tile <= dq_tile;
        y_row <= dq_row;
        y_data <= y_next;
      end
      if (dq_flags[4]) begin
        done_b <= 1'b1;
        done_b_tile <= dq_tile;
      end
    end
  end
endmodule
`default_nettype wire
