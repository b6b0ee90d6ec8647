// Signed 32-bit integer -> FP32, round half to even (C++ static_cast<float>(int32_t)): the group
// partial sum P of an integer lane entering the accelerator top's float-scale dequant step
// (models/pe/group_dequant.hpp accumulate_float_scale: term = s * float(P)). Exact below 2^24
// in magnitude; zero is +0. Combinational.
`default_nettype none
module int32_to_fp32 (
  input  wire [31:0] v,
  output wire [31:0] f
);
  wire        neg = v[31];
  wire [31:0] mag = neg ? 32'd0 - v : v;  // -2^31 -> 2^31, still right as unsigned
  reg  [4:0]  lead;
  integer i;
  always @* begin
    lead = 5'd0;
    for (i = 0; i < 32; i = i + 1) if (mag[i]) lead = i[4:0];
  end
  wire [31:0] norm = mag << (5'd31 - lead);  // leading one at bit 31
  wire        guard = norm[7];
  wire        sticky = norm[6:0] != 7'd0;
  wire        round_up = guard & (sticky | norm[8]);
  wire [24:0] rounded = {1'b0, norm[31:8]} + {24'd0, round_up};
  wire        carry = rounded[24];  // 1.11...1 rounded up to 10.0...0
  wire [7:0]  exponent = 8'd127 + {3'd0, lead} + {7'd0, carry};
  wire [22:0] mantissa = carry ? 23'd0 : rounded[22:0];
  assign f = mag == 32'd0 ? 32'd0 : {neg, exponent, mantissa};
  // rounded[23] is the hidden one.
  /* verilator lint_off UNUSEDSIGNAL */
  wire unused_hidden = rounded[23];
  /* verilator lint_on UNUSEDSIGNAL */
endmodule
`default_nettype wire
