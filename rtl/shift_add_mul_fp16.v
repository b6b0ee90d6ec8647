// Low-bit weight x float activation product by shift-and-add (the MixPE float-activation
// datapath), exact, FP32 result. Named for its default format, FP16; EXP_WIDTH / MAN_WIDTH select
// BF16 (8 / 7) or FP8 E4M3 (4 / 3) (models/float_activation.hpp).
// The activation's signed significand (MAN_WIDTH bits + the hidden one + the sign) goes through
// the same multiplier-free shift-and-add datapath as INT8 activations (shift_add_mul: weight bits
// select shifted copies, the sign bit's term is subtracted); the exponent is added once at the
// end by a single normalizer (leading-one detect, shift, exponent add) instead of aligning
// W_WIDTH floating-point terms. |significand * q| < 2^(MAN_WIDTH + W_WIDTH) <= 2^15 fits FP32's 24
// significant bits, so the result is exactly a*q (no rounding) - the value of models/pe/
// shift_add_float.hpp's shift_add_multiply_float.
// FP16 and E4M3 products are always FP32-normal. BF16 has FP32's exponent range, so for it (and
// only where the format can reach them: UNDERFLOW / OVERFLOW below are elaboration constants)
// a product below 2^-126 leaves as an FP32 subnormal (exact: no bits are lost, BF16 values are
// multiples of 2^-133) and a product of 2^128 or more as Inf, as fl32(a*q) gives.
// Signed zeros follow the term order ((t0 + t1) + t2) - t3: with a = -0 the terms of set bits are
// -0 and the others +0, so the FP32 sum is -0 only for q = 2^(W-1)-1 (all magnitude bits set,
// sign bit clear); every other zero product is +0.
// Finite activations only (Inf/NaN codes are outside the PE's contract, as in models/).
`default_nettype none
module shift_add_mul_fp16 #(
  parameter integer W_WIDTH = 4,
  parameter integer EXP_WIDTH = 5,
  parameter integer MAN_WIDTH = 10,
  // Test hook for the harness self-check ONLY: 1 = the normalizer's exponent offset is one too
  // small for subnormal activations (they are scaled as if their exponent field were 0, not 1),
  // a classic decoder slip. 0 (the default) is the correct datapath.
  parameter integer FAULT_SUBNORMAL_EXP = 0
) (
  input  wire        [EXP_WIDTH+MAN_WIDTH:0] a_float,  // sign, exponent, mantissa bit pattern
  input  wire signed [W_WIDTH-1:0]           w,
  output wire        [31:0]                  p_fp32    // IEEE binary32 bit pattern of a*w (exact)
);
  localparam integer BIAS = (1 << (EXP_WIDTH - 1)) - 1;
  localparam integer S_WIDTH = MAN_WIDTH + 2;       // signed significand
  localparam integer P_WIDTH = S_WIDTH + W_WIDTH;
  // FP32 biased exponent of magnitude * 2^(e - BIAS - MAN_WIDTH) with its leading one at bit
  // `lead`: lead + e + EXP_OFFSET (FP16: e + 102 + lead).
  localparam integer EXP_OFFSET = 127 - BIAS - MAN_WIDTH;
  localparam integer MAX_LEAD = P_WIDTH - 2;
  localparam integer UNDERFLOW = (1 + EXP_OFFSET <= 0) ? 1 : 0;
  localparam integer OVERFLOW = ((1 << EXP_WIDTH) - 1 + EXP_OFFSET + MAX_LEAD >= 255) ? 1 : 0;
  localparam integer X_WIDTH = 11;  // signed exponent arithmetic: |values| < 2^10
  localparam integer A_WIDTH = 23 + P_WIDTH;

  wire                 a_sign   = a_float[EXP_WIDTH+MAN_WIDTH];
  wire [EXP_WIDTH-1:0] a_exp    = a_float[EXP_WIDTH+MAN_WIDTH-1:MAN_WIDTH];
  wire                 a_normal = a_exp != {EXP_WIDTH{1'b0}};
  wire [MAN_WIDTH:0]   significand = {a_normal, a_float[MAN_WIDTH-1:0]};
  wire signed [S_WIDTH-1:0] sig_unsigned = $signed({1'b0, significand});
  wire signed [S_WIDTH-1:0] sig_signed = a_sign ? -sig_unsigned : sig_unsigned;

  wire signed [P_WIDTH-1:0] product;
  shift_add_mul #(.A_WIDTH(S_WIDTH), .W_WIDTH(W_WIDTH)) u_mul (
    .a(sig_signed), .w(w), .p(product)
  );

  wire               negative  = product[P_WIDTH-1];
  wire [P_WIDTH-1:0] magnitude = negative ? -product : product;

  // Position of the leading one (the magnitude is below 2^(P_WIDTH-2)).
  reg [4:0] lead;
  integer i;
  always @* begin
    lead = 5'd0;
    for (i = 0; i < P_WIDTH; i = i + 1) if (magnitude[i]) lead = i[4:0];
  end

  // exp_base = e + EXP_OFFSET; subnormal activations scale like exponent field 1.
  localparam integer SUB_EXP = (FAULT_SUBNORMAL_EXP != 0) ? 0 : 1;
  wire signed [X_WIDTH-1:0] exp_base =
      a_normal ? $signed({{(X_WIDTH - EXP_WIDTH){1'b0}}, a_exp}) + X_WIDTH'(EXP_OFFSET)
               : X_WIDTH'(SUB_EXP + EXP_OFFSET);
  wire signed [X_WIDTH-1:0] exp_fp32 = exp_base + $signed({{(X_WIDTH - 5){1'b0}}, lead});
  // Left-align the bits below the leading one into the 23-bit mantissa field.
  wire [A_WIDTH-1:0] aligned = {{23{1'b0}}, magnitude} << (5'd23 - lead);
  wire [22:0] normal_mantissa = aligned[22:0];

  wire is_zero = magnitude == {P_WIDTH{1'b0}};
  wire all_magnitude_bits = w == {1'b0, {(W_WIDTH - 1){1'b1}}};
  wire zero_sign = a_sign & all_magnitude_bits;
  wire [31:0] normal = {negative, exp_fp32[7:0], normal_mantissa};

  wire [31:0] in_range;
  generate
    if (UNDERFLOW != 0) begin : g_subnormal
      // value < 2^-126: mantissa field = magnitude * 2^(exp_base + 22), a left shift (BF16:
      // exp_base + 22 = e + 15 >= 16; below 23 because the value is below 2^-126).
      wire signed [X_WIDTH-1:0] sub_shift = exp_base + X_WIDTH'(22);
      wire [A_WIDTH-1:0] sub_aligned = {{23{1'b0}}, magnitude} << sub_shift[4:0];
      assign in_range = (exp_fp32 <= 0) ? {negative, 8'd0, sub_aligned[22:0]} : normal;
      /* verilator lint_off UNUSEDSIGNAL */
      wire [A_WIDTH-1:0] unused_sub = sub_aligned;
      wire [X_WIDTH-1:0] unused_shift = sub_shift;
      /* verilator lint_on UNUSEDSIGNAL */
    end else begin : g_normal_only
      assign in_range = normal;
    end
  endgenerate

  wire [31:0] finite;
  generate
    if (OVERFLOW != 0) begin : g_overflow
      assign finite = (exp_fp32 >= 255) ? {negative, 8'hff, 23'd0} : in_range;
    end else begin : g_no_overflow
      assign finite = in_range;
    end
  endgenerate

  assign p_fp32 = is_zero ? {zero_sign, 31'd0} : finite;

  // aligned's top bits hold the leading one and zeros (the mantissa field drops the hidden bit);
  // the exponent's top bits are constant for formats that cannot leave FP32's normal range.
  /* verilator lint_off UNUSEDSIGNAL */
  wire [A_WIDTH-1:0] unused_aligned = aligned;
  wire [X_WIDTH-1:0] unused_exp = exp_fp32;
  /* verilator lint_on UNUSEDSIGNAL */
endmodule
`default_nettype wire
