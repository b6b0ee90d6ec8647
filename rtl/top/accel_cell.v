// One cell of the accelerator top's weight-stationary array (accel_array).
// The activation moves right and the partial sum moves down, one cell per cycle, as in
// mixpe_array_cell. What differs is the weight store: a small register file indexed by a tile
// tag that travels with the activation. The SystemC timing model (sim/array/tile_timeline.hpp)
// lets tile i+1's stream start the cycle after tile i's last row entered the array, and lets a
// new tile's weights arrive while earlier tiles' activations are still in flight (in decode a
// tile streams one row, so up to R+C-1 tiles are in the array at once). A cell therefore
// needs the weight of every tile still passing it: SLOTS >= R + C entries, written when the
// controller starts a tile (w_we, w_slot) and read by the tag of the activation in the cell.
// MUL_SHIFT_ADD = 1: the MixPE shift-and-add product (shift_add_mul); 0: a multiplier (the
// INT8/INT4 MAC baselines).
`default_nettype none
module accel_cell #(
  parameter integer A_WIDTH = 8,
  parameter integer W_WIDTH = 4,
  parameter integer PSUM_WIDTH = 17,
  parameter integer SLOT_WIDTH = 6,
  parameter integer MUL_SHIFT_ADD = 1,
  parameter integer WRITE_THROUGH = 1   // 1 for cell (0, 0) only: see weight below
) (
  input  wire                         clk,
  input  wire                         w_we,
  input  wire [SLOT_WIDTH-1:0]        w_slot,
  input  wire signed [W_WIDTH-1:0]    w_in,
  input  wire signed [A_WIDTH-1:0]    a_in,
  input  wire [SLOT_WIDTH-1:0]        slot_in,
  input  wire signed [PSUM_WIDTH-1:0] psum_in,
  output reg  signed [A_WIDTH-1:0]    a_out,
  output reg  [SLOT_WIDTH-1:0]        slot_out,
  output reg  signed [PSUM_WIDTH-1:0] psum_out
);
  localparam integer P_WIDTH = A_WIDTH + W_WIDTH;
  localparam integer SLOTS = 1 << SLOT_WIDTH;
  reg  signed [W_WIDTH-1:0] weights [0:SLOTS-1];
  // Write-through: the first row of a tile reaches cell (0, 0) in the cycle its weights are
  // written (the controller's take cycle); every other cell (r, c) sees it r + c cycles later,
  // after the write, so only cell (0, 0) needs the bypass.
  wire signed [W_WIDTH-1:0] weight;
  generate
    if (WRITE_THROUGH != 0) begin : g_write_through
      assign weight = (w_we && w_slot == slot_in) ? w_in : weights[slot_in];
    end else begin : g_registered
      assign weight = weights[slot_in];
    end
  endgenerate
  wire signed [P_WIDTH-1:0] product;
  generate
    if (MUL_SHIFT_ADD != 0) begin : g_shift_add
      shift_add_mul #(.A_WIDTH(A_WIDTH), .W_WIDTH(W_WIDTH)) u_mul (.a(a_in), .w(weight), .p(product));
    end else begin : g_multiplier
      assign product = P_WIDTH'(a_in) * P_WIDTH'(weight);
    end
  endgenerate
  wire signed [PSUM_WIDTH-1:0] product_ext = {{(PSUM_WIDTH - P_WIDTH){product[P_WIDTH-1]}}, product};
  // The weight file is written with a blocking assignment: nothing else reads it at the edge
  // (the product reads it combinationally, after the edge), so the hardware is the same (Yosys
  // maps both forms to the same cells), and Verilator then skips the delayed-update bookkeeping
  // of an array written by a non-blocking assignment (a flag, an index and a value per cell per
  // cycle; the 32 x 32 top simulates about 1.2x faster).
  always @(posedge clk) begin
    /* verilator lint_off BLKSEQ */
    if (w_we) weights[w_slot] = w_in;
    /* verilator lint_on BLKSEQ */
    a_out    <= a_in;
    slot_out <= slot_in;
    psum_out <= psum_in + product_ext;
  end
endmodule
`default_nettype wire
