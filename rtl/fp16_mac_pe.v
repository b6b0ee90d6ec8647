// FP16 x FP16 multiply, FP32 accumulate PE (the tensor-core-like fp16-mac baseline of
// models/pe/mac_pes.hpp, Fp16MacPe): acc <= fl32(acc + a*w). The product of two FP16 values is
// exact in FP32 (11 x 11 significant bits <= 24; its exponent lies in [2^-48, 2^32), always
// FP32-normal), so the only rounding is the FP32 addition (fp32_add: round half to even).
// `clear` with in_valid starts a new sum from +0 (acc <= fl32(+0 + a*w), as the model's column
// starts from psum = 0). Operand contract: finite FP16 (normal, subnormal, zero); no Inf/NaN,
// and sums stay zero or normal (fp32_add's contract: multiples of 2^-48 below 2^128).
`default_nettype none
module fp16_mac_pe (
  input  wire        clk,
  input  wire        rst,       // synchronous, active high
  input  wire        in_valid,
  input  wire        clear,     // with in_valid: this input starts a new sum
  input  wire [15:0] a,         // FP16 activation
  input  wire [15:0] w,         // FP16 weight
  output reg  [31:0] acc        // FP32 sum
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
  wire [31:0] product = sig_product == 22'd0 ? {product_sign, 31'b0}
                                             : {product_sign, product_exp, aligned[22:0]};

  wire [31:0] sum;
  fp32_add adder (.x(clear ? 32'h0000_0000 : acc), .y(product), .sum(sum));

  always @(posedge clk) begin
    if (rst) begin
      acc <= 32'h0000_0000;
    end else if (in_valid) begin
      acc <= sum;
    end
  end
endmodule
`default_nettype wire
