// FP4 E2M1 code -> twice its value, a signed integer in [-12, 12] (magnitudes 0, 0.5, 1, 1.5,
// 2, 3, 4, 6 -> 0, 1, 2, 3, 4, 6, 8, 12), for the accelerator top's FP4 block lanes
// (models/pe/fp4_block_pe.hpp fp4_twice_value): fp4_block_pe's decoder function as a module
// (fp4_block_pe keeps its own copy so that its shipped synthesized cost stays valid).
`default_nettype none
module fp4_e2m1_decode #(
  // Harness self-check hook ONLY: 1 decodes magnitude code 5 (3.0) as 2.0 (a wrong table
  // entry). 0 (the default) is the correct decoder.
  parameter integer FAULT_DECODE = 0
) (
  input  wire [3:0]        code,   // sign, 2 exponent bits, 1 mantissa bit
  output wire signed [4:0] twice
);
  reg [3:0] magnitude;
  always @* begin
    case (code[2:0])
      3'd0: magnitude = 4'd0;
      3'd1: magnitude = 4'd1;
      3'd2: magnitude = 4'd2;
      3'd3: magnitude = 4'd3;
      3'd4: magnitude = 4'd4;
      3'd5: magnitude = (FAULT_DECODE != 0) ? 4'd4 : 4'd6;
      3'd6: magnitude = 4'd8;
      default: magnitude = 4'd12;
    endcase
  end
  assign twice = code[3] ? -$signed({1'b0, magnitude}) : $signed({1'b0, magnitude});
endmodule
`default_nettype wire
