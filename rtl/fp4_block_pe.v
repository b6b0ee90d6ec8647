// Block-scaled FP4 PE (mx-fp4 / nv-fp4): FP4 E2M1 activation x FP4 E2M1 weight, summed exactly
// over one block of BLOCK_SIZE elements (32 for MXFP4, 16 for NVFP4). Each code is decoded to
// TWICE its value, a signed integer in [-12, 12] (magnitudes 0, 0.5, 1, 1.5, 2, 3, 4, 6 -> 0, 1,
// 2, 3, 4, 6, 8, 12), so the product (|p| <= 144) and the block dot D = sum (2a)(2w) are exact
// integers: the model is models/pe/fp4_block_pe.hpp. After BLOCK_SIZE valid inputs D is emitted
// on block_valid for one cycle and the accumulator restarts at zero; the block scales (E8M0 or
// E4M3) are applied once per block outside the PE, like MixPE's group dequantization.
// ACC_WIDTH: |D| <= 144 * BLOCK_SIZE (4608 for 32: 14 signed bits; 2304 for 16: 13).
`default_nettype none
module fp4_block_pe #(
  parameter integer BLOCK_SIZE = 32,
  parameter integer ACC_WIDTH = 14,
  // Harness self-check hook ONLY: 1 decodes magnitude code 5 (3.0) as 2.0 (a wrong table
  // entry). 0 (the default) is the correct decoder.
  parameter integer FAULT_DECODE = 0
) (
  input  wire                        clk,
  input  wire                        rst,        // synchronous, active high
  input  wire                        in_valid,
  input  wire        [3:0]           a_code,     // E2M1: sign, 2 exponent bits, 1 mantissa bit
  input  wire        [3:0]           w_code,
  output reg                         block_valid,
  output reg  signed [ACC_WIDTH-1:0] block_dot
);
  localparam integer CNT_WIDTH = (BLOCK_SIZE > 1) ? $clog2(BLOCK_SIZE) : 1;
  localparam [CNT_WIDTH-1:0] LAST_INDEX = CNT_WIDTH'(BLOCK_SIZE - 1);

  // 2 x |value| of the magnitude bits; the sign bit negates.
  function automatic signed [4:0] twice_value(input [3:0] code);
    reg [3:0] magnitude;
    begin
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
      twice_value = code[3] ? -$signed({1'b0, magnitude}) : $signed({1'b0, magnitude});
    end
  endfunction

  wire signed [4:0] a_val = twice_value(a_code);
  wire signed [4:0] w_val = twice_value(w_code);
  wire signed [9:0] product = a_val * w_val;  // |product| <= 144
  wire signed [ACC_WIDTH-1:0] product_acc = {{(ACC_WIDTH - 10){product[9]}}, product};

  reg  signed [ACC_WIDTH-1:0] acc;
  reg         [CNT_WIDTH-1:0] count;
  wire signed [ACC_WIDTH-1:0] acc_next = acc + product_acc;

  always @(posedge clk) begin
    if (rst) begin
      acc         <= {ACC_WIDTH{1'b0}};
      count       <= {CNT_WIDTH{1'b0}};
      block_valid <= 1'b0;
      block_dot   <= {ACC_WIDTH{1'b0}};
    end else begin
      block_valid <= 1'b0;
      if (in_valid) begin
        if (count == LAST_INDEX) begin
          block_dot   <= acc_next;
          block_valid <= 1'b1;
          acc         <= {ACC_WIDTH{1'b0}};
          count       <= {CNT_WIDTH{1'b0}};
        end else begin
          acc   <= acc_next;
          count <= count + 1'b1;
        end
      end
    end
  end
endmodule
`default_nettype wire
