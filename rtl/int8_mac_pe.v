// INT8 x INT8 multiply-accumulate PE (the W8A8 baseline): a multiplier and an accumulator.
// acc <= clear ? a*b : acc + a*b on each valid input; `clear` starts a new output (the first
// product of a new dot product replaces the old sum instead of adding to it).
`default_nettype none
module int8_mac_pe #(
  parameter integer A_WIDTH = 8,
  parameter integer B_WIDTH = 8,
  parameter integer ACC_WIDTH = 32
) (
  input  wire                        clk,
  input  wire                        rst,       // synchronous, active high
  input  wire                        in_valid,
  input  wire                        clear,     // with in_valid: this input starts a new sum
  input  wire signed [A_WIDTH-1:0]   a,
  input  wire signed [B_WIDTH-1:0]   b,
  output reg  signed [ACC_WIDTH-1:0] acc
);
  localparam integer P_WIDTH = A_WIDTH + B_WIDTH;
  wire signed [P_WIDTH-1:0]   product = a * b;
  wire signed [ACC_WIDTH-1:0] product_acc =
      {{(ACC_WIDTH - P_WIDTH){product[P_WIDTH-1]}}, product};

  always @(posedge clk) begin
    if (rst) begin
      acc <= {ACC_WIDTH{1'b0}};
    end else if (in_valid) begin
      acc <= clear ? product_acc : acc + product_acc;
    end
  end
endmodule
`default_nettype wire
