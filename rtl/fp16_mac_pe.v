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
  wire [31:0] product;  // exact (fp16_mul)
  fp16_mul u_mul (.a(a), .w(w), .p(product));

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
