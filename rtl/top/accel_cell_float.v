// Float-lane cell of the accelerator top's weight-stationary array (accel_array with
// FLOAT_LANE = 1): the FP32 counterpart of accel_cell, for the PE types whose array lane is
// Lane::Float32 (sim/pe/pe_type.hpp). Same movement (activation right, partial sum down, one
// cell per cycle) and the same tile-tag weight file (see accel_cell); the partial sum is an FP32
// bit pattern and each cell does psum_out <= fl32(psum_in + a*w), round half to even (fp32_add),
// with a*w exact in FP32 - the register update of sim/array/wavefront.hpp for float lanes
// ("psum <- psum_above + a*w": product, then add).
// Operand formats (as the buffers store them and the weight register holds them): see
// accel_float_product (A_FORMAT, W_FORMAT).
// Operand contract: finite values whose partial sums stay zero or FP32-normal (fp32_add's).
`default_nettype none
module accel_cell_float #(
  parameter integer A_WIDTH = 16,
  parameter integer W_WIDTH = 16,
  parameter integer SLOT_WIDTH = 6,
  parameter integer A_FORMAT = 0,
  parameter integer W_FORMAT = 0,
  // Harness self-check hook ONLY: 1 = the cell's adder rounds ties away from zero (fp32_add's
  // FAULT_TIES_AWAY). 0 (the default) is correct.
  parameter integer FAULT_TIES_AWAY = 0
) (
  input  wire                  clk,
  input  wire                  w_we,
  input  wire [SLOT_WIDTH-1:0] w_slot,
  input  wire [W_WIDTH-1:0]    w_in,
  input  wire [A_WIDTH-1:0]    a_in,
  input  wire [SLOT_WIDTH-1:0] slot_in,
  input  wire [31:0]           psum_in,
  output reg  [A_WIDTH-1:0]    a_out,
  output reg  [SLOT_WIDTH-1:0] slot_out,
  output reg  [31:0]           psum_out
);
  localparam integer SLOTS = 1 << SLOT_WIDTH;
  reg  [W_WIDTH-1:0] weights [0:SLOTS-1];
  // Write-through, as in accel_cell: the first row of a tile reaches cell (0, 0) in the take cycle.
  wire [W_WIDTH-1:0] weight = (w_we && w_slot == slot_in) ? w_in : weights[slot_in];

  wire [31:0] product;
  accel_float_product #(.A_WIDTH(A_WIDTH), .W_WIDTH(W_WIDTH), .A_FORMAT(A_FORMAT), .W_FORMAT(W_FORMAT))
    u_product (.a(a_in), .w(weight), .product(product));

  wire [31:0] sum;
  fp32_add #(.FAULT_TIES_AWAY(FAULT_TIES_AWAY)) u_add (.x(psum_in), .y(product), .sum(sum));
  always @(posedge clk) begin
    if (w_we) weights[w_slot] <= w_in;
    a_out    <= a_in;
    slot_out <= slot_in;
    psum_out <= sum;
  end
endmodule
`default_nettype wire
