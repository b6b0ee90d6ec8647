// IEEE binary32 multiplication, round half to even, for zeros and normal numbers whose product
// is zero or normal (the NVFP4 output step: accumulator x fl32(tensor_x * tensor_w), both in
// FP32's normal range for the quantizer's scales; subnormal, infinite and NaN operands or
// results are outside this unit's contract). Combinational.
// The 24 x 24-bit significand product has its leading one at bit 47 or 46; the 24 bits from it
// are kept, the next bit is the guard and everything below is sticky. Zero times anything is a
// zero with the XOR of the signs.
`default_nettype none
module fp32_mul (
  input  wire [31:0] x,
  input  wire [31:0] y,
  output wire [31:0] product
);
  wire        sign = x[31] ^ y[31];
  wire [7:0]  x_exp = x[30:23];
  wire [7:0]  y_exp = y[30:23];
  wire        is_zero = (x_exp == 8'd0) | (y_exp == 8'd0);
  wire [47:0] full = {1'b1, x[22:0]} * {1'b1, y[22:0]};

  wire        high = full[47];  // the product of two significands in [1, 2) is in [1, 4)
  wire [23:0] kept = high ? full[47:24] : full[46:23];
  wire        guard = high ? full[23] : full[22];
  wire        sticky = high ? (full[22:0] != 23'd0) : (full[21:0] != 22'd0);
  wire        round_up = guard & (sticky | kept[0]);
  wire [24:0] rounded = {1'b0, kept} + {24'd0, round_up};
  wire        carry = rounded[24];  // 1.111...1 rounded up to 10.000...0
  // Biased exponent: x_exp + y_exp - 127 (+1 when the product is in [2, 4) or rounding carried).
  wire [9:0]  exp_sum = {2'b00, x_exp} + {2'b00, y_exp} - 10'd127 + {9'd0, high} + {9'd0, carry};
  wire [22:0] mantissa = carry ? 23'd0 : rounded[22:0];

  assign product = is_zero ? {sign, 31'd0} : {sign, exp_sum[7:0], mantissa};

  // The exponent's top bits and the hidden one are dropped by the contract (normal results).
  /* verilator lint_off UNUSEDSIGNAL */
  wire [1:0] unused_exp_top = exp_sum[9:8];
  wire       unused_hidden = rounded[23];
  /* verilator lint_on UNUSEDSIGNAL */
endmodule
`default_nettype wire
