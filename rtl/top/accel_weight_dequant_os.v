// dequant-mac's weight dequantizer in the output-stationary top (accel_top_os with W_DECODE = 3):
// the ct INT4 codes of a K-step's W row become FP16 weights on their way into the array's skew,
// w16 = fl16(s * q) (models/pe/mac_pes.hpp DequantMacPe::dequantize, symmetric codes: z = 0), one
// dequantizer per column, combinational in the cycle the step enters the array (the same
// int8_to_fp16 -> fp16_mul -> fp32_to_fp16 datapath as accel_weight_dequant, the
// weight-stationary top's, which dequantizes a whole tile at its take).
// An output-stationary K-tile of dequant-mac is up to 256 K-steps (its dequant group is K), so it
// can span several weight groups, and the scale changes inside the tile: K-step k of tile i uses
// scale row  row0_i + ((kg0_i + k) >> gshift_i),  where (written by the host before the run)
//   row0_i   = the scale row of the tile's first K-step's weight group,
//   kg0_i    = that K-step's offset inside its group (k0 mod G),
//   gshift_i = log2 of the weight group G (a power of two),
// so the scale rows of one N-tile's weight groups must be consecutive (the harness lays them
// out as n_tile * groups + g). Scale row r holds the FP16 group scales of COLS weight columns
// (column c in bits [c*16 +: 16]). Host port, on host_clk: table_sel 0 writes scale row
// table_addr, table_sel 1 the entry of tile table_addr = {gshift[3:0], kg0[15:0], row0[15:0]}.
// FAULT_NO_GROUP_STEP (harness self-check only; 0 = correct): every K-step uses row0, the scale
// of the tile's first weight group.
`default_nettype none
module accel_weight_dequant_os #(
  parameter integer COLS = 8,
  parameter integer C_WIDTH = 4,
  parameter integer SCALE_ROWS = 1024,
  parameter integer MAX_TILES = 4096,
  parameter integer TABLE_BITS = COLS * 16 > 36 ? COLS * 16 : 36,
  parameter integer FAULT_NO_GROUP_STEP = 0
) (
  input  wire                     host_clk,
  input  wire                     table_we,
  input  wire                     table_sel,
  input  wire [15:0]              table_addr,
  input  wire [TABLE_BITS-1:0]    table_data,
  input  wire [15:0]              step_tile,  // the tile whose K-step enters the array now
  input  wire [15:0]              step_k,     // that K-step's index in the tile
  input  wire [COLS*C_WIDTH-1:0]  codes,      // the W row's codes, column c in bits [c*C_WIDTH +: C_WIDTH]
  output wire [COLS*16-1:0]       w16
);
  localparam integer ROW_BITS = $clog2(SCALE_ROWS), TILE_BITS = $clog2(MAX_TILES);
  reg [COLS*16-1:0] scales [0:SCALE_ROWS-1];
  reg [35:0] tile_entry [0:MAX_TILES-1];
  always @(posedge host_clk) begin
    if (table_we && !table_sel) scales[table_addr[ROW_BITS-1:0]] <= table_data[COLS*16-1:0];
    if (table_we && table_sel) tile_entry[table_addr[TILE_BITS-1:0]] <= table_data[35:0];
  end
  wire [35:0] entry = tile_entry[step_tile[TILE_BITS-1:0]];
  wire [16:0] k_in_group = {1'b0, entry[31:16]} + {1'b0, step_k};
  wire [16:0] group_step = FAULT_NO_GROUP_STEP != 0 ? 17'd0 : k_in_group >> entry[35:32];
  wire [16:0] row_index = {1'b0, entry[15:0]} + group_step;
  wire [COLS*16-1:0] row = scales[row_index[ROW_BITS-1:0]];
  genvar c;
  generate
    for (c = 0; c < COLS; c = c + 1) begin : g_col
      wire [15:0] q16;
      wire [31:0] product;
      int8_to_fp16 #(.WIDTH(C_WIDTH)) u_code (.v(codes[c*C_WIDTH +: C_WIDTH]), .h(q16));
      fp16_mul u_mul (.a(row[c*16 +: 16]), .w(q16), .p(product));
      fp32_to_fp16 u_round (.f(product), .h(w16[c*16 +: 16]));
    end
    /* verilator lint_off UNUSEDSIGNAL */
    if (ROW_BITS < 17) begin : g_unused_row_bits  // rows above the table's depth
      wire [16:0] unused_row = row_index;
    end
    if (TILE_BITS < 16) begin : g_unused_tile_bits  // tiles above the command buffer's depth
      wire [15:0] unused_tile = step_tile;
    end
    if (TABLE_BITS > COLS * 16) begin : g_unused_data  // entry bits beyond a narrow scale row
      wire [TABLE_BITS-1:0] unused_data = table_data;
    end
    if (TABLE_BITS > 36) begin : g_unused_entry_data  // scale-row bits beyond an entry
      wire [TABLE_BITS-1:0] unused_entry_data = table_data;
    end
    wire [15:0] unused_addr = table_addr;  // addresses above the tables' depth
    /* verilator lint_on UNUSEDSIGNAL */
  endgenerate
endmodule
`default_nettype wire
