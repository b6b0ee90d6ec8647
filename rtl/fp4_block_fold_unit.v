// Per-column block-scale fold unit of the block-scaled FP4 PEs (mx-fp4, nv-fp4; one per array
// column, like group_dequant_unit for the MixPE). For each finished block dot D from the column
// (fp4_block_pe: D = sum (2 ex)(2 ew), an exact integer) it forms the block's term
//   t = D / 4 * sx * sw
// exactly in FP32 and accumulates acc = fl32(acc + t) from +0; with `last` (the output's final
// block) it emits Y = acc (MXFP4) or Y = fl32(acc * tensor_scale) (NVFP4, tensor_scale =
// fl32(tx * tw), one FP32 register per GEMM, held while Y is computed) and restarts - the order of models/pe/
// fp4_block_pe.hpp's fp4_fold_block / fp4_finish and golden_gemm_block_scaled, bit for bit.
// The term needs no rounding: it is an integer P = |D| * Sx * Sw times a power of two, with
// E8M0 scales Sx = Sw = 1 and 2^(cx - 127) (P < 2^13), E4M3 scales the 4-bit significands
// (P < 4608 * 15 * 15 < 2^20) - both within FP32's 24 bits; a leading-one normalizer places it.
// Contract (as fp32_add / fp32_mul): terms, sums and Y are zero or FP32-normal. E4M3 terms
// always are (2^-20 <= |t| < 2^30); E8M0 terms are for scale exponents with
// 1 <= cx + cw - 129 + lead(|D|) <= 254, which the quantizer's scales of finite LLM tensors
// meet. Scale codes are positive and not NaN (what models/block_scaled_quantizer produces).
// The unit folds the blocks of one output at a time (a column of a weight-stationary array
// interleaves tokens, so it would hold one accumulator per token: the same arithmetic).
`default_nettype none
module fp4_block_fold_unit #(
  parameter integer SCALE_FORMAT = 0,  // 0: E8M0 (MXFP4), 1: E4M3 (NVFP4)
  parameter integer DOT_WIDTH = 14,    // fp4_block_pe ACC_WIDTH (|D| <= 144 * block size)
  // Test hook for the harness self-check ONLY: 1 decodes E4M3 subnormal scale codes as normal
  // ones (hidden bit set), a decoder slip. 0 (the default) is the correct unit.
  parameter integer FAULT_SUBNORMAL_SCALE = 0
) (
  input  wire                        clk,
  input  wire                        rst,          // synchronous, active high
  input  wire                        in_valid,     // a finished block of the current output
  input  wire                        last,         // with in_valid: the output's final block
  input  wire signed [DOT_WIDTH-1:0] block_dot,
  input  wire        [7:0]           x_scale,      // scale codes of the block (E8M0 or E4M3)
  input  wire        [7:0]           w_scale,
  input  wire        [31:0]          tensor_scale, // NVFP4: fl32(tx * tw); unused for MXFP4
  output reg                         out_valid,
  output reg         [31:0]          y             // FP32 bit pattern
);
  localparam integer NV = (SCALE_FORMAT != 0) ? 1 : 0;
  localparam integer S_WIDTH = (SCALE_FORMAT != 0) ? 4 : 1;  // scale significand bits
  localparam integer P_WIDTH = DOT_WIDTH - 1 + 2 * S_WIDTH;  // |D| * Sx * Sw
  localparam integer X_WIDTH = 11;                       // signed exponent arithmetic

  // Scale decode: significand S and the exponent part that enters the FP32 exponent.
  //   E8M0: S = 1, contributes code (the biases are folded into EXP_OFFSET).
  //   E4M3: S = {normal, m} (subnormal scales scale like exponent field 1).
  function automatic [S_WIDTH-1:0] scale_significand(input [6:0] code);
    begin
      if (NV != 0)
        scale_significand = S_WIDTH'({(code[6:3] != 4'd0) || (FAULT_SUBNORMAL_SCALE != 0), code[2:0]});
      else
        scale_significand = S_WIDTH'(1);
    end
  endfunction
  function automatic signed [X_WIDTH-1:0] scale_exponent(input [7:0] code);
    begin
      if (NV != 0)
        scale_exponent = (code[6:3] != 4'd0) ? $signed({7'd0, code[6:3]}) : X_WIDTH'(1);
      else
        scale_exponent = $signed({3'd0, code});
    end
  endfunction
  // FP32 biased exponent = lead + ex + ew + EXP_OFFSET:
  //   E8M0: (cx - 127) + (cw - 127) - 2 + 127 = cx + cw - 129;
  //   E4M3: (ex - 10) + (ew - 10) - 2 + 127 = ex + ew + 105 (S carries 3 fraction bits each).
  localparam integer EXP_OFFSET = (SCALE_FORMAT != 0) ? 105 : -129;

  wire                       d_negative = block_dot[DOT_WIDTH-1];
  wire signed [DOT_WIDTH-1:0] d_abs = d_negative ? -block_dot : block_dot;
  wire [DOT_WIDTH-2:0]       d_magnitude = d_abs[DOT_WIDTH-2:0];  // |D| < 2^(DOT_WIDTH-1)
  wire [S_WIDTH-1:0]         sx = scale_significand(x_scale[6:0]);
  wire [S_WIDTH-1:0]         sw = scale_significand(w_scale[6:0]);
  wire [P_WIDTH-1:0]         magnitude = P_WIDTH'(d_magnitude) * P_WIDTH'(sx) * P_WIDTH'(sw);

  reg [4:0] lead;
  integer i;
  always @* begin
    lead = 5'd0;
    for (i = 0; i < P_WIDTH; i = i + 1) if (magnitude[i]) lead = i[4:0];
  end
  wire signed [X_WIDTH-1:0] exp_fp32 = scale_exponent(x_scale) + scale_exponent(w_scale) +
                                       X_WIDTH'(EXP_OFFSET) + $signed({6'd0, lead});
  wire [P_WIDTH+22:0] aligned = {23'd0, magnitude} << (5'd23 - lead);
  wire [31:0] term = (magnitude == {P_WIDTH{1'b0}}) ? 32'd0
                                                    : {d_negative, exp_fp32[7:0], aligned[22:0]};

  reg  [31:0] acc;
  wire [31:0] acc_next;
  fp32_add u_add (.x(acc), .y(term), .sum(acc_next));

  // The output step is a second stage, so that the FP32 multiply (NVFP4) does not sit behind
  // the term and the adder in one cycle: Y leaves two cycles after the last block's edge.
  reg         done_valid;
  reg  [31:0] done_sum;
  wire [31:0] y_next;
  generate
    if (NV != 0) begin : g_tensor_scale
      fp32_mul u_mul (.x(done_sum), .y(tensor_scale), .product(y_next));
    end else begin : g_no_tensor_scale
      assign y_next = done_sum;  // MXFP4 has no tensor scale (1 x 1)
      /* verilator lint_off UNUSEDSIGNAL */
      wire [31:0] unused_tensor_scale = tensor_scale;
      /* verilator lint_on UNUSEDSIGNAL */
    end
  endgenerate

  always @(posedge clk) begin
    if (rst) begin
      acc        <= 32'd0;
      done_valid <= 1'b0;
      done_sum   <= 32'd0;
      out_valid  <= 1'b0;
      y          <= 32'd0;
    end else begin
      done_valid <= 1'b0;
      if (in_valid) begin
        if (last) begin
          done_sum   <= acc_next;
          done_valid <= 1'b1;
          acc        <= 32'd0;
        end else begin
          acc <= acc_next;
        end
      end
      out_valid <= done_valid;
      if (done_valid) y <= y_next;
    end
  end

  // The exponent's top bits (contract: normal terms), aligned's leading one and zeros, and the
  // sign bits of the E4M3 scale codes (positive) are not used.
  /* verilator lint_off UNUSEDSIGNAL */
  wire [X_WIDTH-1:0] unused_exp = exp_fp32;
  wire [P_WIDTH+22:0] unused_aligned = aligned;
  wire [1:0] unused_scale_signs = {x_scale[7], w_scale[7]};
  wire       unused_abs_top = d_abs[DOT_WIDTH-1];
  /* verilator lint_on UNUSEDSIGNAL */
endmodule
`default_nettype wire
