// MixPE processing element for W4A16: INT4 x FP16 shift-and-add product (exact, FP32) and an
// FP32 group accumulator. Per valid input: part <= fl32(part + a*q) (round half to even), with
// part = +0 at the start of each group - the order of models/golden_gemms.hpp's W4A16 golden
// ("for k in g: part = fl32(part + x16[m][k] * (q[n][k] - z[n][g]))"). After GROUP_SIZE inputs
// the group's part is emitted on group_valid for one cycle (the per-group scale multiply
// happens once per group, outside the PE) and the accumulator restarts at +0.
`default_nettype none
module mixpe_fp16_pe #(
  parameter integer W_WIDTH = 4,
  parameter integer GROUP_SIZE = 128
) (
  input  wire                      clk,
  input  wire                      rst,        // synchronous, active high
  input  wire                      in_valid,
  input  wire        [15:0]        a_fp16,
  input  wire signed [W_WIDTH-1:0] w,
  output reg                       group_valid,
  output reg         [31:0]        group_part  // FP32 bit pattern
);
  localparam integer CNT_WIDTH = (GROUP_SIZE > 1) ? $clog2(GROUP_SIZE) : 1;
  localparam [CNT_WIDTH-1:0] LAST_INDEX = CNT_WIDTH'(GROUP_SIZE - 1);

  wire [31:0] product;
  shift_add_mul_fp16 #(.W_WIDTH(W_WIDTH)) u_mul (.a_fp16(a_fp16), .w(w), .p_fp32(product));

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
