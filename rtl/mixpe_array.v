// R x C weight-stationary systolic array of MixPE cells, with input skew and output deskew.
// Rows run along K (the reduction), columns along N: cell (r, c) holds W[n = c][k = r].
// A token's R activations enter together (in_valid, a_in); row r is delayed r cycles (skew) so
// that the partial sum flowing down column c meets row r's activation exactly when it arrives.
// Column c's sum leaves the bottom row at input cycle + R + c; the deskew delays column c by
// C-1-c more cycles so that all C sums of one token leave together:
//   out_valid / out_psum appear LATENCY = R + C - 1 cycles after the token's input cycle.
// With R equal to the quantization group size G, out_psum is the group partial sum P[m][n][g]
// that the per-column group_dequant_unit scales. Weights are written one row per cycle
// (w_load, w_row, w_data); there are no shadow weight registers, so a tile's load does not
// overlap the previous tile's stream. A tile of M tokens takes, counting clock edges from its
// first weight-load edge to the edge at which the next stage captures its last output:
//   R (load) + M (inputs) + LATENCY = 2R + C + M - 1   (checked by the harness).
`default_nettype none
module mixpe_array #(
  parameter integer ROWS = 4,
  parameter integer COLS = 4,
  parameter integer A_WIDTH = 8,
  parameter integer W_WIDTH = 4,
  // Exact column sum: R products of A+W bits need clog2(R) more bits.
  parameter integer PSUM_WIDTH = A_WIDTH + W_WIDTH + $clog2(ROWS),
  parameter integer FAULT_SHIFT_BIT = -1  // harness self-check hook, see shift_add_mul
) (
  input  wire                             clk,
  input  wire                             rst,      // synchronous, active high (valid pipe)
  input  wire                             w_load,
  input  wire [ROW_BITS-1:0]              w_row,
  input  wire [COLS*W_WIDTH-1:0]          w_data,   // column c in bits [c*W +: W]
  input  wire                             in_valid,
  input  wire [ROWS*A_WIDTH-1:0]          a_in,     // row r in bits [r*A +: A]
  output wire                             out_valid,
  output wire [COLS*PSUM_WIDTH-1:0]       out_psum  // column c in bits [c*P +: P]
);
  localparam integer ROW_BITS = (ROWS > 1) ? $clog2(ROWS) : 1;
  localparam integer LATENCY = ROWS + COLS - 1;

  // a_h[r][c]: activation entering cell (r, c) from the left; a_h[r][COLS] leaves the array.
  wire [A_WIDTH-1:0]    a_h [0:ROWS-1][0:COLS];
  // p_v[r][c]: partial sum entering cell (r, c) from above; p_v[ROWS][c] leaves the array.
  wire [PSUM_WIDTH-1:0] p_v [0:ROWS][0:COLS-1];

  genvar r, c;
  generate
    // Input skew: row r passes through r registers.
    for (r = 0; r < ROWS; r = r + 1) begin : g_skew
      delay_line #(.WIDTH(A_WIDTH), .DEPTH(r)) u_skew (
        .clk(clk), .d(a_in[r*A_WIDTH +: A_WIDTH]), .q(a_h[r][0]));
    end

    for (c = 0; c < COLS; c = c + 1) begin : g_top
      assign p_v[0][c] = {PSUM_WIDTH{1'b0}};
    end

    for (r = 0; r < ROWS; r = r + 1) begin : g_row
      for (c = 0; c < COLS; c = c + 1) begin : g_col
        wire load_this = w_load && (w_row == ROW_BITS'(r));
        mixpe_array_cell #(
          .A_WIDTH(A_WIDTH), .W_WIDTH(W_WIDTH), .PSUM_WIDTH(PSUM_WIDTH),
          .FAULT_SHIFT_BIT(FAULT_SHIFT_BIT)
        ) u_cell (
          .clk(clk), .w_load(load_this), .w_in(w_data[c*W_WIDTH +: W_WIDTH]),
          .a_in(a_h[r][c]), .psum_in(p_v[r][c]),
          .a_out(a_h[r][c+1]), .psum_out(p_v[r+1][c])
        );
      end
    end

    // Output deskew: column c passes through COLS-1-c registers.
    for (c = 0; c < COLS; c = c + 1) begin : g_deskew
      delay_line #(.WIDTH(PSUM_WIDTH), .DEPTH(COLS - 1 - c)) u_deskew (
        .clk(clk), .d(p_v[ROWS][c]), .q(out_psum[c*PSUM_WIDTH +: PSUM_WIDTH]));
    end
  endgenerate

  // The activations leaving the right edge are not needed (no array to the right).
  /* verilator lint_off UNUSEDSIGNAL */
  wire [A_WIDTH-1:0] unused_right_edge [0:ROWS-1];
  /* verilator lint_on UNUSEDSIGNAL */
  generate
    for (r = 0; r < ROWS; r = r + 1) begin : g_unused
      assign unused_right_edge[r] = a_h[r][COLS];
    end
  endgenerate

  // Valid travels with the skew + array + deskew latency.
  reg [LATENCY-1:0] valid_pipe;
  always @(posedge clk) begin
    if (rst) valid_pipe <= {LATENCY{1'b0}};
    else     valid_pipe <= {valid_pipe[LATENCY-2:0], in_valid};
  end
  assign out_valid = valid_pipe[LATENCY-1];
endmodule
`default_nettype wire
