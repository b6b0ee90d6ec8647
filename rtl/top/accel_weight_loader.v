// Weight loader: reads one tile's packed weights (tile_bytes at byte address tile_addr of the
// weight buffer) one bank window per cycle into the staging bytes the array's weights are taken
// from. `last` marks the cycle that reads the tile's final window; the tile is complete at the
// end of that cycle (load_end in sim/array/tile_timeline.hpp).
`default_nettype none
module accel_weight_loader #(
  parameter integer WINDOW_WORDS = 8,    // BANKS * PORTS of the weight buffer
  parameter integer WIDTH_BYTES = 16,
  parameter integer STAGE_BYTES = 512    // the largest tile: R * C * W / 8
) (
  input  wire                          clk,
  input  wire                          active,     // a window is read this cycle
  input  wire                          first,      // ... and it is a new tile's first window
  input  wire [31:0]                   tile_addr,
  input  wire [15:0]                   tile_bytes,
  output wire [31:0]                   rd_word,
  input  wire [WINDOW_WORDS*WIDTH_BYTES*8-1:0] rd_data,
  output wire                          last,
  output wire [STAGE_BYTES*8-1:0]      stage_flat
);
  localparam integer WINDOW_BYTES = WINDOW_WORDS * WIDTH_BYTES;
  reg [7:0]  stage [0:STAGE_BYTES-1];
  reg [31:0] next_word;
  wire [31:0] first_word = tile_addr / WIDTH_BYTES;
  wire [31:0] last_word = (tile_addr + {16'd0, tile_bytes} - 32'd1) / WIDTH_BYTES;
  assign rd_word = first ? first_word : next_word;
  assign last = rd_word + WINDOW_WORDS > last_word;
  always @(posedge clk) begin
    if (active) next_word <= rd_word + WINDOW_WORDS;
  end
  // Staging byte b holds tile byte b; it is written in the cycle whose window covers it.
  wire [31:0] window_start = rd_word * WIDTH_BYTES;
  genvar b;
  generate
    for (b = 0; b < STAGE_BYTES; b = b + 1) begin : g_stage
      wire [31:0] addr = tile_addr + b;
      wire [31:0] offset = addr - window_start;
      wire in_window = b < {16'd0, tile_bytes} && addr >= window_start && offset < WINDOW_BYTES;
      always @(posedge clk) begin
        if (active && in_window) stage[b] <= rd_data[offset[$clog2(WINDOW_BYTES)-1:0]*8 +: 8];
      end
      assign stage_flat[b*8 +: 8] = stage[b];
    end
  endgenerate
endmodule
`default_nettype wire
