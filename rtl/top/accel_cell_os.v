// One cell of the accelerator top's output-stationary array (accel_array_os).
// The cell keeps one output: acc accumulates a*w over the K-steps of a tile. The activation
// (with its valid and tile-end flags) moves right and the weight moves down, one cell per
// cycle, so cell (r, c) sees K-step k of a tile in cycle e_k + r + c (e_k: the cycle the step
// entered the array's skew). The tile-end flag (the tile's last cycle in the array, which the
// controller sends with or after the last K-step) moves the finished sum into the shadow
// register and restarts acc, so the next tile's first step can follow in the next cycle.
// Draining: when the tile-end flag leaves cell (R-1, c) (column c's last cell to finish),
// drain_load copies every shadow of the column into the drain chain in one cycle; the chain
// then shifts down one cell per cycle (row R-1 leaves the column first). A tile occupies the
// array for at least R cycles (the simulator's min(R) rule), so a column's drain (R cycles)
// ends before the next tile's drain_load, and a shadow is rewritten only after it was copied.
// MUL_SHIFT_ADD = 1: the MixPE shift-and-add product (shift_add_mul); 0: a multiplier (the
// INT8/INT4 MAC baselines), as in accel_cell.
// FLOAT_LANE = 1: the float lanes (ACC_WIDTH = 32, FP32 bit patterns): acc starts each tile at +0
// and each K-step does acc <= fl32(acc + a*w) (fp32_add, a*w exact: accel_float_product with
// A_FORMAT / W_FORMAT), the register update of the simulator's output-stationary wavefront
// (sim/array/wavefront.cpp run_os_tile: ps zeroed, ps <- ps + a*w).
`default_nettype none
module accel_cell_os #(
  parameter integer A_WIDTH = 8,
  parameter integer W_WIDTH = 4,
  parameter integer ACC_WIDTH = 32,
  parameter integer MUL_SHIFT_ADD = 1,
  parameter integer FLOAT_LANE = 0,
  parameter integer A_FORMAT = 0,
  parameter integer W_FORMAT = 0
) (
  input  wire                        clk,
  input  wire                        rst,
  input  wire [A_WIDTH-1:0]          a_in,
  input  wire                        valid_in,   // a K-step is in this cell now
  input  wire                        end_in,     // the tile's last cycle reaches this cell now
  input  wire [W_WIDTH-1:0]          w_in,
  input  wire                        drain_load, // column's shadows -> drain chain
  input  wire [ACC_WIDTH-1:0]        drain_in,   // drain register of the cell above (0 at row 0)
  output reg  [A_WIDTH-1:0]          a_out,
  output reg                         valid_out,
  output reg                         end_out,
  output reg  [W_WIDTH-1:0]          w_out,
  output reg  [ACC_WIDTH-1:0]        drain_out
);
  reg  [ACC_WIDTH-1:0] acc, shadow;
  wire [ACC_WIDTH-1:0] sum;
  generate
    if (FLOAT_LANE != 0) begin : g_float
      wire [31:0] product, added;
      accel_float_product #(.A_WIDTH(A_WIDTH), .W_WIDTH(W_WIDTH), .A_FORMAT(A_FORMAT), .W_FORMAT(W_FORMAT))
        u_product (.a(a_in), .w(w_in), .product(product));
      fp32_add u_add (.x(acc), .y(product), .sum(added));
      assign sum = valid_in ? added : acc;
      if (ACC_WIDTH != 32) begin : g_bad_acc
        initial $fatal(1, "accel_cell_os: float lanes need ACC_WIDTH = 32");
      end
    end else begin : g_int
      localparam integer P_WIDTH = A_WIDTH + W_WIDTH;
      wire signed [P_WIDTH-1:0] product;
      if (MUL_SHIFT_ADD != 0) begin : g_shift_add
        shift_add_mul #(.A_WIDTH(A_WIDTH), .W_WIDTH(W_WIDTH)) u_mul (.a(a_in), .w(w_in), .p(product));
      end else begin : g_multiplier
        assign product = P_WIDTH'($signed(a_in)) * P_WIDTH'($signed(w_in));
      end
      assign sum = acc + (valid_in ? {{(ACC_WIDTH - P_WIDTH){product[P_WIDTH-1]}}, product}
                                   : {ACC_WIDTH{1'b0}});
    end
  endgenerate
  always @(posedge clk) begin
    a_out     <= a_in;
    valid_out <= valid_in && !rst;
    end_out   <= end_in && !rst;
    w_out     <= w_in;
    if (rst || end_in) acc <= {ACC_WIDTH{1'b0}};
    else               acc <= sum;
    if (end_in) shadow <= sum;
    drain_out <= drain_load ? shadow : drain_in;
  end
endmodule
`default_nettype wire
