// FP8 MAC PE (fp8-mac): FP8 activation x FP8 weight, exact product, FP32 accumulation.
// acc <= fl32((clear ? +0 : acc) + a*w) on each valid input, the order of
// models/fp8_quantizer.hpp's golden_gemm_fp8 (per-row scales are applied outside the PE).
// FORMAT 0 = E4M3 (OCP OFP8, bias 7, subnormals m * 2^-9), 1 = E5M2 (bias 15). Every FP8
// value is exactly an FP16 value (E5M2 is the top byte of FP16; E4M3's exponents -9..8 lie
// inside FP16's range), so the operands are widened to FP16 (fp8_to_fp16) and fed to fp16_mac_pe, whose
// FP16 x FP16 product is exact in FP32. NaN codes (E4M3 S.1111.111, E5M2 exponent 31) are
// outside the PE's contract: the quantizer never produces them.
`default_nettype none
module fp8_mac_pe #(
  parameter integer FORMAT = 0,
  // Harness self-check hook ONLY: 1 widens E4M3 subnormals as if they were normal (hidden bit
  // set, exponent field 0). 0 (the default) is correct.
  parameter integer FAULT_SUBNORMAL = 0
) (
  input  wire        clk,
  input  wire        rst,       // synchronous, active high
  input  wire        in_valid,
  input  wire        clear,     // with in_valid: this input starts a new sum
  input  wire [7:0]  a,         // FP8 activation code
  input  wire [7:0]  w,         // FP8 weight code
  output wire [31:0] acc        // FP32 sum
);
  wire [15:0] a16, w16;
  fp8_to_fp16 #(.FORMAT(FORMAT), .FAULT_SUBNORMAL(FAULT_SUBNORMAL)) u_widen_a (.c(a), .h(a16));
  fp8_to_fp16 #(.FORMAT(FORMAT), .FAULT_SUBNORMAL(FAULT_SUBNORMAL)) u_widen_w (.c(w), .h(w16));
  fp16_mac_pe u_mac (.clk(clk), .rst(rst), .in_valid(in_valid), .clear(clear), .a(a16), .w(w16), .acc(acc));
endmodule
`default_nettype wire
