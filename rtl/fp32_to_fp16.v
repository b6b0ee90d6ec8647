// FP32 -> FP16 rounding, round half to even, overflow to Inf: models/pe/mac_pes.hpp's
// round_to_fp16 on zeros and normal FP32 inputs (subnormal FP32 inputs, Inf and NaN are outside
// the contract). FP16 subnormal results are produced exactly (quantum 2^-24). Used by the
// accelerator top's dequant-mac weight dequantizer: w16 = fl16(s * (q - z)).
// The 24-bit significand is shifted right by 13 (FP16 normal) or more (subnormal); kept bits,
// guard and sticky round to even. With e16 = e32 - 112 the FP16 exponent field, the result's low
// 15 bits are (max(e16, 1) - 1) * 2^10 + rounded significand: a carry out of the significand
// (or a subnormal rounding up to 2^10) moves into the exponent field by itself.
`default_nettype none
module fp32_to_fp16 (
  input  wire [31:0] f,
  output wire [15:0] h
);
  wire        sign = f[31];
  wire [7:0]  e32 = f[30:23];
  wire [23:0] sig = {1'b1, f[22:0]};
  // FP16 exponent field if normal: e32 - 127 + 15; subnormal when below 1.
  wire signed [9:0] e16 = $signed({2'b00, e32}) - 10'sd112;
  wire        subnormal = e16 < 10'sd1;
  // Right shift of the 24-bit significand: 13 for normals, 13 + (1 - e16) below; >= 25 gives 0.
  wire signed [9:0] shift_s = subnormal ? 10'sd14 - e16 : 10'sd13;
  wire [5:0]  shift = shift_s > 10'sd26 ? 6'd26 : shift_s[5:0];
  wire [49:0] wide = {sig, 26'd0} >> shift;  // kept bits above bit 26, guard at 25, sticky below
  wire [23:0] kept = wide[49:26];
  wire        guard = wide[25];
  wire        sticky = wide[24:0] != 25'd0;
  wire        round_up = guard & (sticky | kept[0]);
  wire [11:0] rounded = kept[11:0] + {11'd0, round_up};  // <= 2^11 for normals, 2^10 below
  wire [15:0] base = subnormal ? 16'd0 : {e16[5:0] - 6'd1, 10'd0};
  wire [15:0] magnitude = base + {4'd0, rounded};
  wire        overflow = !subnormal && (e16 > 10'sd30 || magnitude >= 16'h7C00);
  assign h = e32 == 8'd0 ? {sign, 15'd0} : overflow ? {sign, 15'h7C00} : {sign, magnitude[14:0]};
  // kept's high bits are zero after a shift of 13 or more; magnitude's top bit is covered by
  // the overflow test.
  /* verilator lint_off UNUSEDSIGNAL */
  wire [12:0] unused_kept = {kept[23:12], magnitude[15]};
  /* verilator lint_on UNUSEDSIGNAL */
endmodule
`default_nettype wire
