// dequant-mac's weight dequantizer in the accelerator top (accel_array with W_DEQUANT = 1): the
// INT4 weight codes of a tile become FP16 weights on their way into the cells' weight registers,
// w16 = fl16(s * q) (models/pe/mac_pes.hpp DequantMacPe::dequantize, symmetric codes: z = 0),
// one dequantizer per cell, in the take cycle. q is converted to FP16 exactly (int8_to_fp16), the
// product of the FP16 scale and q is exact in FP32 (fp16_mul) and rounded once to FP16
// (fp32_to_fp16, half to even): the simulator's fl16(fl32(s * q)) with fl32 exact.
// Scales: scale row r holds the FP16 group scales of COLS weight columns (column c in bits
// [c*16 +: 16]); tile_scale_row[i] is the row of the i-th tile taken (one weight group per tile,
// so the array's rows must divide the group size). The host writes both before a run through the
// top's host port (table_sel 0: scale row table_addr, 1: entry table_addr of tile_scale_row). The
// tiles are taken in command order, so a counter of takes indexes the table.
`default_nettype none
module accel_weight_dequant #(
  parameter integer ROWS = 8,
  parameter integer COLS = 8,
  parameter integer C_WIDTH = 4,
  parameter integer SCALE_ROWS = 1024,
  parameter integer MAX_TILES = 4096
) (
  input  wire                          clk,
  input  wire                          rst,
  input  wire                          host_clk,
  input  wire                          table_we,
  input  wire                          table_sel,
  input  wire [15:0]                   table_addr,
  input  wire [COLS*16-1:0]            table_data,
  input  wire                          take,
  input  wire [ROWS*COLS*C_WIDTH-1:0]  codes,
  output wire [ROWS*COLS*16-1:0]       w16
);
  localparam integer ROW_BITS = $clog2(SCALE_ROWS), TILE_BITS = $clog2(MAX_TILES);
  reg [COLS*16-1:0] scales [0:SCALE_ROWS-1];
  reg [15:0] tile_scale_row [0:MAX_TILES-1];
  always @(posedge host_clk) begin
    if (table_we && !table_sel) scales[table_addr[ROW_BITS-1:0]] <= table_data;
    if (table_we && table_sel) tile_scale_row[table_addr[TILE_BITS-1:0]] <= table_data[15:0];
  end
  reg [TILE_BITS-1:0] taken;
  always @(posedge clk) begin
    if (rst) taken <= {TILE_BITS{1'b0}};
    else if (take) taken <= taken + 1'b1;
  end
  wire [15:0] row_index = tile_scale_row[taken];
  wire [COLS*16-1:0] row = scales[row_index[ROW_BITS-1:0]];
  genvar r, c;
  generate
    for (r = 0; r < ROWS; r = r + 1) begin : g_row
      for (c = 0; c < COLS; c = c + 1) begin : g_col
        wire [15:0] q16;
        wire [31:0] product;
        int8_to_fp16 #(.WIDTH(C_WIDTH)) u_code (.v(codes[(r*COLS + c)*C_WIDTH +: C_WIDTH]), .h(q16));
        fp16_mul u_mul (.a(row[c*16 +: 16]), .w(q16), .p(product));
        fp32_to_fp16 u_round (.f(product), .h(w16[(r*COLS + c)*16 +: 16]));
      end
    end
    if (ROW_BITS < 16) begin : g_unused_row_bits
      /* verilator lint_off UNUSEDSIGNAL */
      wire [15:0] unused_row = row_index;
      wire [15:0] unused_addr = table_addr;
      /* verilator lint_on UNUSEDSIGNAL */
    end
  endgenerate
endmodule
`default_nettype wire
