// MixPE processing element for float activations (W4A16, and with EXP_WIDTH / MAN_WIDTH BF16 or
// FP8 E4M3; named for its default format): the low-bit weight x float shift-and-add product
// (exact, FP32) and an FP32 group accumulator. Per valid input: part <= fl32(part + a*q) (round
// half to even), with part = +0 at the start of each group - the order of models/
// golden_gemms.hpp's W4A16 golden ("for k in g: part = fl32(part + x16[m][k] * (q[n][k] -
// z[n][g]))"). After GROUP_SIZE inputs the group's part is emitted on group_valid for one cycle
// (the per-group scale multiply, and E4M3's per-token scale, happen outside the PE) and the
// accumulator restarts at +0. fp32_add handles zeros and normal numbers: FP16 and E4M3 group
// sums are, and the BF16 range bounds of models/float_activation.hpp keep BF16 sums so.
`default_nettype none
module mixpe_fp16_pe #(
  parameter integer W_WIDTH = 4,
  parameter integer GROUP_SIZE = 128,
  parameter integer EXP_WIDTH = 5,
  parameter integer MAN_WIDTH = 10,
  parameter integer FAULT_SUBNORMAL_EXP = 0  // test hook, see shift_add_mul_fp16
) (
  input  wire                              clk,
  input  wire                              rst,        // synchronous, active high
  input  wire                              in_valid,
  input  wire        [EXP_WIDTH+MAN_WIDTH:0] a_float,  // sign, exponent, mantissa bit pattern
  input  wire signed [W_WIDTH-1:0]         w,
  output reg                               group_valid,
  output reg         [31:0]                group_part  // FP32 bit pattern
);
  localparam integer CNT_WIDTH = (GROUP_SIZE > 1) ? $clog2(GROUP_SIZE) : 1;
  localparam [CNT_WIDTH-1:0] LAST_INDEX = CNT_WIDTH'(GROUP_SIZE - 1);

  wire [31:0] product;
  shift_add_mul_fp16 #(.W_WIDTH(W_WIDTH), .EXP_WIDTH(EXP_WIDTH), .MAN_WIDTH(MAN_WIDTH),
                       .FAULT_SUBNORMAL_EXP(FAULT_SUBNORMAL_EXP))
      u_mul (.a_float(a_float), .w(w), .p_fp32(product));

  reg  [31:0] part;
  wire [31:0] part_next;
  fp32_add u_add (.x(part), .y(product), .sum(part_next));

  reg [CNT_WIDTH-1:0] count;
  always @(posedge clk) begin
    if (rst) begin
      part        <= 32'd0;
      count       <= {CNT_WIDTH{1'b0}};
      group_valid <= 1'b0;
      group_part  <= 32'd0;
    end else begin
      group_valid <= 1'b0;
      if (in_valid) begin
        if (count == LAST_INDEX) begin
          group_part  <= part_next;
          group_valid <= 1'b1;
          part        <= 32'd0;
          count       <= {CNT_WIDTH{1'b0}};
        end else begin
          part  <= part_next;
          count <= count + 1'b1;
        end
      end
    end
  end
endmodule
`default_nettype wire
