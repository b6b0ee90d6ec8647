// Weight loader: reads one tile's packed weights (tile_bytes at byte address tile_addr of the
// weight buffer) one bank window per cycle into staging bytes. `last` marks the cycle that reads
// the tile's final window; the tile is complete at the end of that cycle (load_end in
// sim/array/tile_timeline.hpp), when it is unpacked into w_flat for the array: cell (r, c) gets
// element r*cols + c of a rows x cols tile (W_WIDTH bits each, W_WIDTH = 3, 4, 8 or 16; element
// e at bits [e*W +: W] of the tile's bytes, little-endian), zero outside.
// w_flat holds the last complete tile, which the array takes while the next tile is read into
// the staging bytes (the controller starts a load only once the previous tile is taken, so the
// take and the next tile's last window can fall in one cycle: the array gets the old w_flat).
// Both the staging writes and the unpack run only in cycles that read a window: the logic of a
// loader that is idle costs nothing per cycle in simulation.
`default_nettype none
module accel_weight_loader #(
  parameter integer WINDOW_WORDS = 8,    // BANKS * PORTS of the weight buffer
  parameter integer WIDTH_BYTES = 16,
  parameter integer ROWS = 32,
  parameter integer COLS = 8,
  parameter integer W_WIDTH = 4,
  parameter integer STAGE_BYTES = (ROWS * COLS * W_WIDTH + 7) / 8
) (
  input  wire                          clk,
  input  wire                          active,     // a window is read this cycle
  input  wire                          first,      // ... and it is a new tile's first window
  input  wire [31:0]                   tile_addr,
  input  wire [15:0]                   tile_bytes,
  output wire [31:0]                   rd_word,
  input  wire [WINDOW_WORDS*WIDTH_BYTES*8-1:0] rd_data,
  output wire                          last,
  input  wire [7:0]                    rows,       // K rows of the tile being read
  input  wire [7:0]                    cols,       // N columns of the tile being read
  output reg  [ROWS*COLS*W_WIDTH-1:0]  w_flat      // cell (r, c) in bits [(r*COLS + c)*W +: W]
);
  localparam integer WINDOW_BYTES = WINDOW_WORDS * WIDTH_BYTES;
  reg [31:0] next_word;
  wire [31:0] first_word = tile_addr / WIDTH_BYTES;
  wire [31:0] last_word = (tile_addr + {16'd0, tile_bytes} - 32'd1) / WIDTH_BYTES;
  assign rd_word = first ? first_word : next_word;
  assign last = rd_word + WINDOW_WORDS > last_word;
  always @(posedge clk) begin
    if (active) next_word <= rd_word + WINDOW_WORDS;
  end

  // Staging bytes: tile byte b = window byte (tile_addr + b - window start), written in the
  // cycle whose window covers it (a window byte to any staging byte: the byte-granular
  // multiplexers that let tiles start at any byte). Blocking writes in the clocked block, so the
  // unpack of the last cycle sees the window that completes the tile. An idle loader (no window
  // read) does nothing, which keeps its simulation cost to the cycles that read.
  localparam integer FLAT_BITS = ROWS * COLS * W_WIDTH;
  localparam integer IDX_BITS = $clog2(STAGE_BYTES), E_BITS = $clog2(ROWS * COLS);
  reg [STAGE_BYTES*8-1:0] stage;
  reg [31:0] b;
  reg [E_BITS-1:0] e;
  integer j, r, c;
  /* verilator lint_off BLKSEQ */
  always @(posedge clk) begin
    if (active) begin
      for (j = 0; j < WINDOW_BYTES; j = j + 1) begin
        b = rd_word * WIDTH_BYTES + j - tile_addr;  // wraps above tile_bytes before the tile
        if (b < {16'd0, tile_bytes}) stage[IDX_BITS'(b)*8 +: 8] = rd_data[j*8 +: 8];
      end
      if (last) begin
        if (cols == 8'(COLS)) begin
          // Full-width tile: element r*COLS + c is already at cell (r, c)'s bits.
          w_flat <= stage[FLAT_BITS-1:0] & ~({FLAT_BITS{1'b1}} << (32'(rows) * COLS * W_WIDTH));
        end else begin
          for (r = 0; r < ROWS; r = r + 1)
            for (c = 0; c < COLS; c = c + 1) begin
              e = E_BITS'(r * {24'd0, cols} + c);
              if (r >= {24'd0, rows} || c >= {24'd0, cols})
                w_flat[(r*COLS + c)*W_WIDTH +: W_WIDTH] <= {W_WIDTH{1'b0}};
              else
                w_flat[(r*COLS + c)*W_WIDTH +: W_WIDTH] <= stage[32'(e) * W_WIDTH +: W_WIDTH];
            end
        end
      end
    end
  end
  /* verilator lint_on BLKSEQ */
endmodule
`default_nettype wire
