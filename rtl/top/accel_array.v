// R x C weight-stationary array of accel_cell with input skew and output deskew (the timing of
// mixpe_array): a row of R activations presented with in_valid in cycle e leaves as C column
// sums in cycle e + LATENCY, LATENCY = R + C - 1. Each row carries the tile tag of the weights
// it must meet (in_slot); tile weights are written into every cell at once (w_we, w_slot,
// w_flat: cell (r, c) in bits [(r*C + c)*W +: W]).
`default_nettype none
module accel_array #(
  parameter integer ROWS = 4,
  parameter integer COLS = 4,
  parameter integer A_WIDTH = 8,
  parameter integer W_WIDTH = 4,
  parameter integer PSUM_WIDTH = A_WIDTH + W_WIDTH + $clog2(ROWS),
  parameter integer SLOT_WIDTH = 6,
  parameter integer MUL_SHIFT_ADD = 1
) (
  input  wire                        clk,
  input  wire                        w_we,
  input  wire [SLOT_WIDTH-1:0]       w_slot,
  input  wire [ROWS*COLS*W_WIDTH-1:0] w_flat,
  input  wire [ROWS*A_WIDTH-1:0]     a_in,      // row r in bits [r*A +: A]
  input  wire [SLOT_WIDTH-1:0]       in_slot,
  output wire [COLS*PSUM_WIDTH-1:0]  out_psum   // column c in bits [c*P +: P]
);
  localparam integer T_WIDTH = A_WIDTH + SLOT_WIDTH;  // activation + its tile tag
  wire [A_WIDTH-1:0]    a_h [0:ROWS-1][0:COLS];
  wire [SLOT_WIDTH-1:0] s_h [0:ROWS-1][0:COLS];
  wire [PSUM_WIDTH-1:0] p_v [0:ROWS][0:COLS-1];
  genvar r, c;
  generate
    for (r = 0; r < ROWS; r = r + 1) begin : g_skew
      delay_line #(.WIDTH(T_WIDTH), .DEPTH(r)) u_skew (
        .clk(clk), .d({in_slot, a_in[r*A_WIDTH +: A_WIDTH]}), .q({s_h[r][0], a_h[r][0]}));
    end
    for (c = 0; c < COLS; c = c + 1) begin : g_top
      assign p_v[0][c] = {PSUM_WIDTH{1'b0}};
    end
    for (r = 0; r < ROWS; r = r + 1) begin : g_row
      for (c = 0; c < COLS; c = c + 1) begin : g_col
        accel_cell #(
          .A_WIDTH(A_WIDTH), .W_WIDTH(W_WIDTH), .PSUM_WIDTH(PSUM_WIDTH),
          .SLOT_WIDTH(SLOT_WIDTH), .MUL_SHIFT_ADD(MUL_SHIFT_ADD),
          .WRITE_THROUGH((r == 0 && c == 0) ? 1 : 0)
        ) u_cell (
          .clk(clk), .w_we(w_we), .w_slot(w_slot), .w_in(w_flat[(r*COLS + c)*W_WIDTH +: W_WIDTH]),
          .a_in(a_h[r][c]), .slot_in(s_h[r][c]), .psum_in(p_v[r][c]),
          .a_out(a_h[r][c+1]), .slot_out(s_h[r][c+1]), .psum_out(p_v[r+1][c])
        );
      end
    end
    for (c = 0; c < COLS; c = c + 1) begin : g_deskew
      delay_line #(.WIDTH(PSUM_WIDTH), .DEPTH(COLS - 1 - c)) u_deskew (
        .clk(clk), .d(p_v[ROWS][c]), .q(out_psum[c*PSUM_WIDTH +: PSUM_WIDTH]));
    end
  endgenerate
  // Activations and tags leaving the right edge go nowhere (no array to the right).
  /* verilator lint_off UNUSEDSIGNAL */
  wire [T_WIDTH-1:0] unused_right_edge [0:ROWS-1];
  /* verilator lint_on UNUSEDSIGNAL */
  generate
    for (r = 0; r < ROWS; r = r + 1) begin : g_unused
      assign unused_right_edge[r] = {s_h[r][COLS], a_h[r][COLS]};
    end
  endgenerate
endmodule
`default_nettype wire
