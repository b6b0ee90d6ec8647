// FP8 code -> the FP16 bit pattern of the same value (exact), for the accelerator top's float-lane
// cell: the widening function of fp8_mac_pe as a module (fp8_mac_pe keeps its own copy so that its
// synthesized cost in sim/run/design_costs.cpp stays as shipped). FORMAT 0 = E4M3 (OCP OFP8, bias 7, subnormals
// m * 2^-9), 1 = E5M2 (bias 15: FP16's top byte). E4M3's exponents -9..8 lie inside FP16's
// range, so every value is exact. NaN codes are outside the contract (the quantizer never
// produces them).
`default_nettype none
module fp8_to_fp16 #(
  parameter integer FORMAT = 0,
  // Harness self-check hook ONLY: 1 widens E4M3 subnormals as if they were normal (hidden bit
  // set, exponent field 0). 0 (the default) is correct.
  parameter integer FAULT_SUBNORMAL = 0
) (
  input  wire [7:0]  c,
  output reg  [15:0] h
);
  wire [3:0] e = c[6:3];
  wire [2:0] m = c[2:0];
  always @* begin
    if (FORMAT != 0) begin
      h = {c, 8'b0};                                  // E5M2 = FP16's top byte
    end else if (e != 4'd0 || FAULT_SUBNORMAL != 0) begin
      h = {c[7], {1'b0, e} + 5'd8, m, 7'b0};          // 2^(e-7) -> FP16 field e+8
    end else if (m[2]) begin
      h = {c[7], 5'd8, m[1:0], 8'b0};                 // m * 2^-9 = 1.m[1:0] * 2^-7
    end else if (m[1]) begin
      h = {c[7], 5'd7, m[0], 9'b0};                   // 1.m[0] * 2^-8
    end else if (m[0]) begin
      h = {c[7], 5'd6, 10'b0};                        // 2^-9
    end else begin
      h = {c[7], 15'b0};                              // signed zero
    end
  end
endmodule
`default_nettype wire
