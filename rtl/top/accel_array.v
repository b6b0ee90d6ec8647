// R x C weight-stationary array of accel_cell with input skew and output deskew (the timing of
// mixpe_array): a row of R activations presented with in_valid in cycle e leaves as C column
// sums in cycle e + LATENCY, LATENCY = R + C - 1. Each row carries the tile tag of the weights
// it must meet (in_slot); tile weights are written into every cell at once (w_we, w_slot,
// w_flat: cell (r, c) in bits [(r*C + c)*W +: W]).
// FLOAT_LANE = 0: integer cells (accel_cell, PSUM_WIDTH-bit two's complement sums);
// FLOAT_LANE = 1: FP32 cells (accel_cell_float, A_FORMAT / W_FORMAT select the operand formats,
// PSUM_WIDTH must be 32). The float column starts from -0 (0x80000000), the identity of IEEE
// addition (-0 + x = x for every x, zeros included), so row 0 holds exactly a*w, as the
// simulator's row 0 does (sim/array/wavefront.cpp: p = a*w, no add).
// W_DECODE: what the weight registers hold when it is not the stored code (w_flat, W_WIDTH bits):
//   0 the code itself;
//   1 LUT-GEMM's binary-coded 3-bit weights (bit i = plane i, 1 = +1): the odd code
//     2u - 7 = sum_i 2^i (+-1) in [-7, 7], 4 signed bits (models/bcq_quantizer.hpp);
//   2 FP4 E2M1 codes (mx-fp4, nv-fp4): twice the value, 5 signed bits (fp4_e2m1_decode); the
//     activations are E2M1 codes in the low nibble of their byte and are decoded the same way
//     (to 8 signed bits) before the skew;
//   3 dequant-mac: INT4 codes dequantized to FP16 in the take cycle (accel_weight_dequant, its
//     scale tables written before the run through the table_* port, on host_clk; the port is
//     unused for the other decodes).
`default_nettype none
module accel_array #(
  parameter integer ROWS = 4,
  parameter integer COLS = 4,
  parameter integer A_WIDTH = 8,
  parameter integer W_WIDTH = 4,
  parameter integer PSUM_WIDTH = A_WIDTH + W_WIDTH + $clog2(ROWS),
  parameter integer SLOT_WIDTH = 6,
  parameter integer MUL_SHIFT_ADD = 1,
  parameter integer FLOAT_LANE = 0,
  parameter integer A_FORMAT = 0,
  parameter integer W_FORMAT = 0,
  parameter integer W_DECODE = 0,
  parameter integer TABLE_ROWS = 1024,   // W_DECODE 3: weight-scale rows
  parameter integer TABLE_TILES = 4096,  // W_DECODE 3: tiles with a weight-scale row index
  parameter integer FAULT_FLOAT_TIES = 0  // self-check hook: float cells round ties away (0: correct)
) (
  input  wire                        clk,
  input  wire                        rst,
  input  wire                        host_clk,
  input  wire                        table_we,
  input  wire                        table_sel,
  input  wire [15:0]                 table_addr,
  input  wire [COLS*16-1:0]          table_data,
  input  wire                        w_we,
  input  wire [SLOT_WIDTH-1:0]       w_slot,
  input  wire [ROWS*COLS*W_WIDTH-1:0] w_flat,
  input  wire [ROWS*A_WIDTH-1:0]     a_in,      // row r in bits [r*A +: A]
  input  wire [SLOT_WIDTH-1:0]       in_slot,
  output wire [COLS*PSUM_WIDTH-1:0]  out_psum   // column c in bits [c*P +: P]
);
  localparam integer T_WIDTH = A_WIDTH + SLOT_WIDTH;  // activation + its tile tag
  // Width of a weight register.
  localparam integer CW = W_DECODE == 1 ? 4 : W_DECODE == 2 ? 5 : W_DECODE == 3 ? 16 : W_WIDTH;
  wire [ROWS*COLS*CW-1:0] w_cells;
  wire [ROWS*A_WIDTH-1:0] a_cells;
  wire [A_WIDTH-1:0]    a_h [0:ROWS-1][0:COLS];
  wire [SLOT_WIDTH-1:0] s_h [0:ROWS-1][0:COLS];
  wire [PSUM_WIDTH-1:0] p_v [0:ROWS][0:COLS-1];
  genvar r, c;
  generate
    for (r = 0; r < ROWS; r = r + 1) begin : g_skew
      delay_line #(.WIDTH(T_WIDTH), .DEPTH(r)) u_skew (
        .clk(clk), .d({in_slot, a_cells[r*A_WIDTH +: A_WIDTH]}), .q({s_h[r][0], a_h[r][0]}));
    end
    // Weight and activation decoders (W_DECODE).
    if (W_DECODE == 1) begin : g_bcq
      for (c = 0; c < ROWS * COLS; c = c + 1) begin : g_w
        assign w_cells[c*4 +: 4] = {w_flat[c*W_WIDTH +: 3], 1'b0} - 4'd7;  // 2u - 7
      end
      if (W_WIDTH > 3) begin : g_unused_w
        /* verilator lint_off UNUSEDSIGNAL */
        wire [ROWS*COLS*W_WIDTH-1:0] unused_w = w_flat;
        /* verilator lint_on UNUSEDSIGNAL */
      end
    end else if (W_DECODE == 2) begin : g_fp4
      for (c = 0; c < ROWS * COLS; c = c + 1) begin : g_w
        fp4_e2m1_decode u_w (.code(w_flat[c*W_WIDTH +: 4]), .twice(w_cells[c*5 +: 5]));
      end
    end else if (W_DECODE == 3) begin : g_dequant
      accel_weight_dequant #(.ROWS(ROWS), .COLS(COLS), .C_WIDTH(W_WIDTH), .SCALE_ROWS(TABLE_ROWS),
                             .MAX_TILES(TABLE_TILES)) u_dequant (
        .clk(clk), .rst(rst), .host_clk(host_clk), .table_we(table_we), .table_sel(table_sel),
        .table_addr(table_addr), .table_data(table_data), .take(w_we), .codes(w_flat), .w16(w_cells));
    end else begin : g_plain_w
      assign w_cells = w_flat;
    end
    if (W_DECODE == 2) begin : g_fp4_act
      for (r = 0; r < ROWS; r = r + 1) begin : g_a
        wire signed [4:0] twice;
        fp4_e2m1_decode u_a (.code(a_in[r*A_WIDTH +: 4]), .twice(twice));
        assign a_cells[r*A_WIDTH +: A_WIDTH] = A_WIDTH'(twice);
      end
      /* verilator lint_off UNUSEDSIGNAL */
      wire [ROWS*A_WIDTH-1:0] unused_a = a_in;
      /* verilator lint_on UNUSEDSIGNAL */
    end else begin : g_plain_a
      assign a_cells = a_in;
    end
    if (W_DECODE != 3) begin : g_unused_rst
      /* verilator lint_off UNUSEDSIGNAL */
      wire unused_rst = rst;
      wire [COLS*16+19-1:0] unused_table = {host_clk, table_we, table_sel, table_addr, table_data};
      /* verilator lint_on UNUSEDSIGNAL */
    end
    for (c = 0; c < COLS; c = c + 1) begin : g_top
      assign p_v[0][c] = FLOAT_LANE != 0 ? {1'b1, {(PSUM_WIDTH - 1){1'b0}}} : {PSUM_WIDTH{1'b0}};
    end
    for (r = 0; r < ROWS; r = r + 1) begin : g_row
      for (c = 0; c < COLS; c = c + 1) begin : g_col
        if (FLOAT_LANE != 0) begin : g_float
          accel_cell_float #(
            .A_WIDTH(A_WIDTH), .W_WIDTH(CW), .SLOT_WIDTH(SLOT_WIDTH), .A_FORMAT(A_FORMAT),
            .W_FORMAT(W_FORMAT), .FAULT_TIES_AWAY(FAULT_FLOAT_TIES)
          ) u_cell (
            .clk(clk), .w_we(w_we), .w_slot(w_slot), .w_in(w_cells[(r*COLS + c)*CW +: CW]),
            .a_in(a_h[r][c]), .slot_in(s_h[r][c]), .psum_in(p_v[r][c]),
            .a_out(a_h[r][c+1]), .slot_out(s_h[r][c+1]), .psum_out(p_v[r+1][c])
          );
        end else begin : g_int
          accel_cell #(
            .A_WIDTH(A_WIDTH), .W_WIDTH(CW), .PSUM_WIDTH(PSUM_WIDTH),
            .SLOT_WIDTH(SLOT_WIDTH), .MUL_SHIFT_ADD(MUL_SHIFT_ADD),
            .WRITE_THROUGH((r == 0 && c == 0) ? 1 : 0)
          ) u_cell (
            .clk(clk), .w_we(w_we), .w_slot(w_slot), .w_in(w_cells[(r*COLS + c)*CW +: CW]),
            .a_in(a_h[r][c]), .slot_in(s_h[r][c]), .psum_in(p_v[r][c]),
            .a_out(a_h[r][c+1]), .slot_out(s_h[r][c+1]), .psum_out(p_v[r+1][c])
          );
        end
      end
    end
    for (c = 0; c < COLS; c = c + 1) begin : g_deskew
      delay_line #(.WIDTH(PSUM_WIDTH), .DEPTH(COLS - 1 - c)) u_deskew (
        .clk(clk), .d(p_v[ROWS][c]), .q(out_psum[c*PSUM_WIDTH +: PSUM_WIDTH]));
    end
    if (FLOAT_LANE != 0 && PSUM_WIDTH != 32) begin : g_bad_psum
      initial $fatal(1, "accel_array: float lanes need PSUM_WIDTH = 32");
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
