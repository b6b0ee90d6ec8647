// INT4 x FP16 product by shift-and-add (the MixPE W4A16 datapath), exact, FP32 result.
// The FP16 activation's signed significand (11 bits with the hidden one, 12 with the sign) goes
// through the same multiplier-free shift-and-add datapath as INT8 activations (shift_add_mul:
// weight bits select shifted copies, the sign bit's term is subtracted); the exponent is added
// once at the end by a single normalizer (leading-one detect, shift, exponent add) instead of
// aligning four floating-point terms. |significand * q| <= 2047 * 8 < 2^14 and the scale
// 2^(e-25) keeps every result a normal FP32 number, so the FP32 output is exactly a*q with no
// rounding - the same value as models/shift_add.hpp's shift_add_multiply_int4_fp16, which sums
// the terms a*2^i in FP32 in the order ((t0 + t1) + t2) - t3.
// Signed zeros follow that order too: with a = -0 the terms of set bits are -0 and the others
// +0, so the FP32 sum is -0 only for q = 2^(W-1)-1 (all magnitude bits set, sign bit clear);
// every other zero product is +0.
// Finite activations only (Inf/NaN are outside the PE's contract, as in models/).
`default_nettype none
module shift_add_mul_fp16 #(
  parameter integer W_WIDTH = 4
) (
  input  wire        [15:0]        a_fp16,  // IEEE binary16 bit pattern
  input  wire signed [W_WIDTH-1:0] w,
  output wire        [31:0]        p_fp32   // IEEE binary32 bit pattern of a*w (exact)
);
  localparam integer S_WIDTH = 12;              // signed significand
  localparam integer P_WIDTH = S_WIDTH + W_WIDTH;

  wire        a_sign   = a_fp16[15];
  wire [4:0]  a_exp    = a_fp16[14:10];
  wire        a_normal = a_exp != 5'd0;
  wire [10:0] significand = {a_normal, a_fp16[9:0]};
  wire signed [S_WIDTH-1:0] sig_unsigned = $signed({1'b0, significand});
  wire signed [S_WIDTH-1:0] sig_signed = a_sign ? -sig_unsigned : sig_unsigned;

  wire signed [P_WIDTH-1:0] product;
  shift_add_mul #(.A_WIDTH(S_WIDTH), .W_WIDTH(W_WIDTH)) u_mul (
    .a(sig_signed), .w(w), .p(product)
  );

  wire              negative  = product[P_WIDTH-1];
  wire [P_WIDTH-1:0] magnitude = negative ? -product : product;

  // Position of the leading one (the magnitude is below 2^(P_WIDTH-2)).
  reg [4:0] lead;
  integer i;
  always @* begin
    lead = 5'd0;
    for (i = 0; i < P_WIDTH; i = i + 1) if (magnitude[i]) lead = i[4:0];
  end

  // value = magnitude * 2^(E), E = e - 25 (normal) or -24 (subnormal); FP32 biased exponent of
  // 2^lead * 2^E is lead + E + 127.
  wire [7:0] exp_base = a_normal ? ({3'b000, a_exp} + 8'd102) : 8'd103;
  wire [7:0] exp_fp32 = exp_base + {3'b000, lead};
  // Left-align the bits below the leading one into the 23-bit mantissa field.
  wire [38:0] aligned = {{(39 - P_WIDTH){1'b0}}, magnitude} << (5'd23 - lead);
  wire [22:0] mantissa = aligned[22:0];

  wire is_zero = magnitude == {P_WIDTH{1'b0}};
  wire all_magnitude_bits = w == {1'b0, {(W_WIDTH - 1){1'b1}}};
  wire zero_sign = a_sign & all_magnitude_bits;

  assign p_fp32 = is_zero ? {zero_sign, 31'd0} : {negative, exp_fp32, mantissa};

  // aligned[38:23] holds the leading one and zeros (the mantissa field drops the hidden bit).
  /* verilator lint_off UNUSEDSIGNAL */
  wire [15:0] unused_aligned_top = aligned[38:23];
  /* verilator lint_on UNUSEDSIGNAL */
endmodule
`default_nettype wire
