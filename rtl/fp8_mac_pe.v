// FP8 MAC PE (fp8-mac): FP8 activation x FP8 weight, exact product, FP32 accumulation.
// acc <= fl32((clear ? +0 : acc) + a*w) on each valid input, the order of
// models/fp8_quantizer.hpp's golden_gemm_fp8 (per-row scales are applied outside the PE).
// FORMAT 0 = E4M3 (OCP OFP8, bias 7, subnormals m * 2^-9), 1 = E5M2 (bias 15). Every FP8
// value is exactly an FP16 value (E5M2 is the top byte of FP16; E4M3's exponents -9..8 lie
// inside FP16's range), so the operands are widened to FP16 and fed to fp16_mac_pe, whose
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
  function automatic [15:0] to_fp16(input [7:0] c);
    reg [3:0] e;
    reg [2:0] m;
    begin
      e = c[6:3];
      m = c[2:0];
      if (FORMAT != 0) begin
        to_fp16 = {c, 8'b0};                                  // E5M2 = FP16's top byte
      end else if (e != 4'd0 || FAULT_SUBNORMAL != 0) begin
        to_fp16 = {c[7], {1'b0, e} + 5'd8, m, 7'b0};          // 2^(e-7) -> FP16 field e+8
      end else if (m[2]) begin
        to_fp16 = {c[7], 5'd8, m[1:0], 8'b0};                 // m * 2^-9 = 1.m[1:0] * 2^-7
      end else if (m[1]) begin
        to_fp16 = {c[7], 5'd7, m[0], 9'b0};                   // 1.m[0] * 2^-8
      end else if (m[0]) begin
        to_fp16 = {c[7], 5'd6, 10'b0};                        // 2^-9
      end else begin
        to_fp16 = {c[7], 15'b0};                              // signed zero
      end
    end
  endfunction

  fp16_mac_pe u_mac (.clk(clk), .rst(rst), .in_valid(in_valid), .clear(clear),
                     .a(to_fp16(a)), .w(to_fp16(w)), .acc(acc));
endmodule
`default_nettype wire
