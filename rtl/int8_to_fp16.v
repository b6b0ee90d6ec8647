// Signed integer (up to 8 bits, two's complement) -> the FP16 bit pattern of the same value,
// exact (|v| <= 128 < 2^11). Zero is +0, as a C++ int -> float conversion gives. Used for
// dequant-mac's INT8 activations and its centred weight codes (rtl/top/).
`default_nettype none
module int8_to_fp16 #(
  parameter integer WIDTH = 8
) (
  input  wire [WIDTH-1:0] v,
  output wire [15:0]      h
);
  wire       neg = v[WIDTH-1];
  wire [7:0] v8 = {{(8 - WIDTH){v[WIDTH-1]}}, v};  // sign-extended
  wire [7:0] mag = neg ? 8'd0 - v8 : v8;
  reg  [3:0] lead;
  integer i;
  always @* begin
    lead = 4'd0;
    for (i = 0; i < 8; i = i + 1) if (mag[i]) lead = i[3:0];
  end
  // The leading one lands at bit 10 (implicit in FP16, so that bit is unused).
  /* verilator lint_off UNUSEDSIGNAL */
  wire [17:0] aligned = {10'd0, mag} << (4'd10 - lead);
  /* verilator lint_on UNUSEDSIGNAL */
  assign h = mag == 8'd0 ? 16'd0 : {neg, 5'd15 + {1'b0, lead}, aligned[9:0]};
endmodule
`default_nettype wire
