// FP16 x FP16 product, exact, as an FP32 bit pattern, for the accelerator top's float-lane cell
// (rtl/top/accel_cell_float.v) and dequant-mac weight dequantizer. The same datapath as the
// product inside fp16_mac_pe (a copy: fp16_mac_pe keeps its inline version because instantiating
// this module there changes its Yosys result - 5156 instead of 5372 cells - and with it the
// shipped tables models/area_table.cpp and sim/run/design_costs.cpp; switching it is a one-line
// change plus a `mixsim area` re-run).
// 11 x 11 significant bits <= 24, and the value lies in [2^-48, 2^32): always FP32-normal, so no
// rounding. A zero product is a zero with the XOR of the operand signs (IEEE). Operand contract:
// finite FP16 (normal, subnormal, zero); Inf/NaN codes are outside it.
`default_nettype none
module fp16_mul (
  input  wire [15:0] a,
  input  wire [15:0] w,
  output wire [31:0] p
);
  // value = sig * 2^(max(e,1) - 25): subnormals have sig = mantissa, normals 1024 + mantissa.
  wire        a_normal = a[14:10] != 5'd0;
  wire        w_normal = w[14:10] != 5'd0;
  wire [10:0] a_sig = {a_normal, a[9:0]};
  wire [10:0] w_sig = {w_normal, w[9:0]};
  wire [5:0]  a_exp = a_normal ? {1'b0, a[14:10]} : 6'd1;
  wire [5:0]  w_exp = w_normal ? {1'b0, w[14:10]} : 6'd1;
  wire [21:0] sig_product = a_sig * w_sig;  // < 2^22, exact
  wire        product_sign = a[15] ^ w[15];

  // Leading one of the 22-bit product: position p, value = 1.f * 2^(p + ea + ew - 50).
  reg  [4:0] lead;
  integer i;
  always @* begin
    lead = 5'd0;
    for (i = 0; i < 22; i = i + 1) begin
      if (sig_product[i]) lead = i[4:0];
    end
  end
  // FP32 exponent field = p + (ea - 25) + (ew - 25) + 127 = p + ea + ew + 77 (>= 79: normal).
  wire [7:0]  product_exp = {3'b0, lead} + {2'b0, a_exp} + {2'b0, w_exp} + 8'd77;
  // The shift puts the leading one at bit 23; it is implicit in FP32, so that bit is unused.
  /* verilator lint_off UNUSEDSIGNAL */
  wire [23:0] aligned = {2'b0, sig_product} << (5'd23 - lead);
  /* verilator lint_on UNUSEDSIGNAL */
  assign p = sig_product == 22'd0 ? {product_sign, 31'b0} : {product_sign, product_exp, aligned[22:0]};
endmodule
`default_nettype wire
