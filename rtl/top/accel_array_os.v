// R x C output-stationary array of accel_cell_os for the accelerator top (accel_top_os).
// Cell (r, c) accumulates output (m0 + r, n0 + c) of the tile in flight. One K-step enters per
// in_valid: the K-column of the M-tile's X (a_in, row r = X[m0 + r][k]) and the K-row of the
// N-tile's W (w_in, column c = W[n0 + c][k]); row r of X is delayed r cycles and column c of W
// c cycles (skew), so cell (r, c) sees the step in cycle e + r + c. in_end marks the tile's
// last cycle in the array (the cycle of or after its last in_valid); it travels with X.
// Output: the tile's sums leave the bottom of each column, row R-1 first, one row per cycle;
// column c is delayed C-1-c cycles (deskew), so all C sums of row r are on out_sum together in
// cycle e_end + 2R + C - 1 - r (e_end: the in_end cycle). Row 0, the last, is out in cycle
// e_end + 2R + C - 1 = stream_end + 2R + C - 2: the output unit's registered event is then
// visible at stream_end + 2R + C - 1, the simulator's output-stationary pipeline latency.
`default_nettype none
module accel_array_os #(
  parameter integer ROWS = 4,
  parameter integer COLS = 4,
  parameter integer A_WIDTH = 8,
  parameter integer W_WIDTH = 4,
  parameter integer ACC_WIDTH = 32,
  parameter integer MUL_SHIFT_ADD = 1,
  parameter integer FLOAT_LANE = 0,  // FP32 cells (accel_cell_os FLOAT_LANE), operand formats:
  parameter integer A_FORMAT = 0,
  parameter integer W_FORMAT = 0
) (
  input  wire                        clk,
  input  wire                        rst,
  input  wire                        in_valid,
  input  wire                        in_end,
  input  wire [ROWS*A_WIDTH-1:0]     a_in,      // row r in bits [r*A +: A]
  input  wire [COLS*W_WIDTH-1:0]     w_in,      // column c in bits [c*W +: W]
  output wire [COLS*ACC_WIDTH-1:0]   out_sum    // column c in bits [c*ACC +: ACC]
);
  wire [A_WIDTH-1:0]   a_h [0:ROWS-1][0:COLS];
  wire                 v_h [0:ROWS-1][0:COLS];
  wire                 e_h [0:ROWS-1][0:COLS];
  wire [W_WIDTH-1:0]   w_v [0:ROWS][0:COLS-1];
  wire [ACC_WIDTH-1:0] d_v [0:ROWS][0:COLS-1];
  genvar r, c, s;
  generate
    for (r = 0; r < ROWS; r = r + 1) begin : g_skew_x
      delay_line #(.WIDTH(A_WIDTH), .DEPTH(r)) u_skew (
        .clk(clk), .d(a_in[r*A_WIDTH +: A_WIDTH]), .q(a_h[r][0]));
      // The valid and end flags gate the accumulators: their skew registers are reset.
      if (r == 0) begin : g_flags0
        assign v_h[0][0] = in_valid;
        assign e_h[0][0] = in_end;
      end else begin : g_flags
        for (s = 0; s < r; s = s + 1) begin : g_stage
          reg [1:0] q_r;
          if (s == 0) begin : g_first
            always @(posedge clk) q_r <= rst ? 2'b00 : {in_end, in_valid};
          end else begin : g_next
            always @(posedge clk) q_r <= rst ? 2'b00 : g_stage[s-1].q_r;
          end
        end
        assign {e_h[r][0], v_h[r][0]} = g_stage[r-1].q_r;
      end
    end
    for (c = 0; c < COLS; c = c + 1) begin : g_skew_w
      delay_line #(.WIDTH(W_WIDTH), .DEPTH(c)) u_skew (
        .clk(clk), .d(w_in[c*W_WIDTH +: W_WIDTH]), .q(w_v[0][c]));
      assign d_v[0][c] = {ACC_WIDTH{1'b0}};
    end
    for (r = 0; r < ROWS; r = r + 1) begin : g_row
      for (c = 0; c < COLS; c = c + 1) begin : g_col
        accel_cell_os #(
          .A_WIDTH(A_WIDTH), .W_WIDTH(W_WIDTH), .ACC_WIDTH(ACC_WIDTH), .MUL_SHIFT_ADD(MUL_SHIFT_ADD),
          .FLOAT_LANE(FLOAT_LANE), .A_FORMAT(A_FORMAT), .W_FORMAT(W_FORMAT)
        ) u_cell (
          .clk(clk), .rst(rst), .a_in(a_h[r][c]), .valid_in(v_h[r][c]), .end_in(e_h[r][c]),
          .w_in(w_v[r][c]),
          // Column c drains when the tile end leaves its bottom cell (R-1, c).
          .drain_load(e_h[ROWS-1][c+1]), .drain_in(d_v[r][c]),
          .a_out(a_h[r][c+1]), .valid_out(v_h[r][c+1]), .end_out(e_h[r][c+1]),
          .w_out(w_v[r+1][c]), .drain_out(d_v[r+1][c])
        );
      end
    end
    for (c = 0; c < COLS; c = c + 1) begin : g_deskew
      delay_line #(.WIDTH(ACC_WIDTH), .DEPTH(COLS - 1 - c)) u_deskew (
        .clk(clk), .d(d_v[ROWS][c]), .q(out_sum[c*ACC_WIDTH +: ACC_WIDTH]));
    end
  endgenerate
  // Activations and flags leaving the right edge, weights leaving the bottom: no neighbour.
  /* verilator lint_off UNUSEDSIGNAL */
  wire [A_WIDTH+1-1:0] unused_right_edge [0:ROWS-1];
  wire [W_WIDTH-1:0]   unused_bottom_edge [0:COLS-1];
  /* verilator lint_on UNUSEDSIGNAL */
  generate
    for (r = 0; r < ROWS; r = r + 1) begin : g_unused_r
      assign unused_right_edge[r] = {v_h[r][COLS], a_h[r][COLS]};
    end
    for (c = 0; c < COLS; c = c + 1) begin : g_unused_c
      assign unused_bottom_edge[c] = w_v[ROWS][c];
    end
  endgenerate
endmodule
`default_nettype wire
