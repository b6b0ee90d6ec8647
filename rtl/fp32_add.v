// IEEE binary32 addition, round half to even, for the operands the INT4 x FP16 MixPE group
// accumulator sees: zeros and normal numbers. (Every product is a multiple of 2^-24 and at most
// 2^19 in magnitude, so the sums of a group are never subnormal, infinite or NaN; those inputs
// are outside this unit's contract.) Combinational.
// Alignment keeps guard, round and sticky bits below the 24-bit significand, which is enough
// for correctly rounded addition and subtraction. Zero results follow IEEE: x + (-x) = +0,
// (-0) + (-0) = -0.
`default_nettype none
module fp32_add #(
  // Test hook for the harness self-check ONLY: 1 rounds ties away from zero instead of to even
  // (a plausible rounding bug that random tests must catch). 0 is the IEEE behaviour.
  parameter integer FAULT_TIES_AWAY = 0
) (
  input  wire [31:0] x,
  input  wire [31:0] y,
  output reg  [31:0] sum
);
  // Larger magnitude first (exponent, then significand: the bit patterns compare like numbers).
  wire        swap = y[30:0] > x[30:0];
  wire [31:0] larger   = swap ? y : x;
  wire [31:0] smaller = swap ? x : y;

  wire       larger_sign = larger[31];
  wire       smaller_sign = smaller[31];
  wire [7:0] larger_exp = larger[30:23];
  wire [7:0] smaller_exp = smaller[30:23];
  wire       larger_zero = larger_exp == 8'd0;
  wire       smaller_zero = smaller_exp == 8'd0;
  wire [7:0] exp_diff = larger_exp - smaller_exp;

  // Significands with the hidden one and three extra bits (guard, round, sticky): 27 bits.
  wire [26:0] larger_sig = {1'b1, larger[22:0], 3'b000};
  wire [26:0] smaller_full = {1'b1, smaller[22:0], 3'b000};
  reg  [26:0] smaller_sig;
  reg  [53:0] shifted;  // smaller_full followed by 27 zeros, shifted right by exp_diff
  always @* begin
    shifted = {smaller_full, 27'd0} >> exp_diff;
    if (exp_diff >= 8'd27) begin
      smaller_sig = 27'd1;  // everything below the sticky bit
    end else begin
      smaller_sig = {shifted[53:28], shifted[27] | (|shifted[26:0])};
    end
  end

  // Sum or difference in 28 bits (carry out of an addition lands in bit 27).
  wire        subtract = larger_sign ^ smaller_sign;
  wire [27:0] raw = subtract ? ({1'b0, larger_sig} - {1'b0, smaller_sig})
                             : ({1'b0, larger_sig} + {1'b0, smaller_sig});

  // Normalize so that the leading one is at bit 26.
  reg  [4:0]  lead;  // position of the leading one in raw
  integer i;
  always @* begin
    lead = 5'd0;
    for (i = 0; i < 28; i = i + 1) if (raw[i]) lead = i[4:0];
  end
  reg  [26:0] norm;
  reg  [8:0]  norm_exp;  // one extra bit: never negative for this unit's inputs
  always @* begin
    if (lead == 5'd27) begin
      norm = {raw[27:2], raw[1] | raw[0]};  // carry: shift right once, keep the sticky
      norm_exp = {1'b0, larger_exp} + 9'd1;
    end else begin
      norm = raw[26:0] << (5'd26 - lead);
      norm_exp = {1'b0, larger_exp} - {4'd0, 5'd26 - lead};
    end
  end

  // Round half to even on guard (bit 2), round (bit 1), sticky (bit 0).
  wire [23:0] kept = norm[26:3];
  wire        tie_breaker = (FAULT_TIES_AWAY != 0) ? 1'b1 : kept[0];
  wire        round_up = norm[2] & (norm[1] | norm[0] | tie_breaker);
  wire [24:0] rounded = {1'b0, kept} + {24'd0, round_up};
  wire [22:0] frac = rounded[24] ? rounded[23:1] : rounded[22:0];
  wire [8:0]  exp_out = rounded[24] ? norm_exp + 9'd1 : norm_exp;

  always @* begin
    if (larger_zero) begin
      sum = {larger_sign & smaller_sign, 31'd0};  // both zero: -0 only for (-0) + (-0)
    end else if (smaller_zero) begin
      sum = larger;
    end else if (raw == 28'd0) begin
      sum = 32'd0;  // exact cancellation: +0
    end else begin
      sum = {larger_sign, exp_out[7:0], frac};
    end
  end

  // exp_out[8] is never set: this unit's inputs cannot overflow the exponent.
  /* verilator lint_off UNUSEDSIGNAL */
  wire unused = exp_out[8];
  /* verilator lint_on UNUSEDSIGNAL */
endmodule
`default_nettype wire
