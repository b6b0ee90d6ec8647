// Weight loader: reads one tile's packed weights (tile_bytes at byte address tile_addr of the
// weight buffer) one bank window per cycle into staging bytes. `last` marks the cycle that reads
// the tile's final window; the tile is complete at the end of that cycle (load_end in
// sim/array/tile_timeline.hpp). w_flat unpacks the complete tile for the array: cell (r, c) gets
// element r*cols + c of a rows x cols tile (W_WIDTH bits each, W_WIDTH = 3, 4, 8 or 16; 16-bit
// elements little-endian, 3-bit elements at bit 3e of the tile's bytes), zero outside.
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
  input  wire [7:0]                    rows,       // K rows of the staged tile
  input  wire [7:0]                    cols,       // N columns of the staged tile
  output reg  [ROWS*COLS*W_WIDTH-1:0]  w_flat      // cell (r, c) in bits [(r*COLS + c)*W +: W]
);
  localparam integer WINDOW_BYTES = WINDOW_WORDS * WIDTH_BYTES;
  // stage: the bytes of the tile being read; tile: the last complete tile, copied when its final
  // window arrives, which the array takes while the next tile is read into stage.
  reg [7:0]  stage [0:STAGE_BYTES-1];
  reg [7:0]  tile  [0:STAGE_BYTES-1];
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
  // Tile byte b lies in this cycle's window / its value there.
  function automatic in_window(input integer b);
    reg [31:0] addr;
    addr = tile_addr + b;
    in_window = b < {16'd0, tile_bytes} && addr >= window_start && addr - window_start < WINDOW_BYTES;
  endfunction
  localparam integer WINDOW_BITS = $clog2(WINDOW_BYTES);
  function automatic [7:0] window_byte(input integer b);
    reg [WINDOW_BITS-1:0] offset;
    offset = WINDOW_BITS'(tile_addr + b - window_start);  // < WINDOW_BYTES where used
    window_byte = rd_data[offset*8 +: 8];
  endfunction
  genvar b;
  generate
    for (b = 0; b < STAGE_BYTES; b = b + 1) begin : g_stage
      // Evaluated at clock edges only (no continuous logic per staging byte).
      always @(posedge clk) begin
        if (active && in_window(b)) stage[b] <= window_byte(b);
        if (active && last) tile[b] <= in_window(b) ? window_byte(b) : stage[b];
      end
    end
  endgenerate
  // Unpack: element e of the tile is byte e*W/8 (the low nibble first when W = 4).
  localparam integer IDX_BITS = $clog2(STAGE_BYTES), E_BITS = $clog2(ROWS * COLS);
  integer r, c;
  reg [E_BITS-1:0] e;
  generate
    if (W_WIDTH == 16) begin : g_unpack16
      always @* begin
        for (r = 0; r < ROWS; r = r + 1)
          for (c = 0; c < COLS; c = c + 1) begin
            e = E_BITS'(r * {24'd0, cols} + c);
            if (r >= {24'd0, rows} || c >= {24'd0, cols})
              w_flat[(r*COLS + c)*16 +: 16] = 16'd0;
            else
              w_flat[(r*COLS + c)*16 +: 16] = {tile[IDX_BITS'({e, 1'b1})], tile[IDX_BITS'({e, 1'b0})]};
          end
      end
    end else if (W_WIDTH == 3) begin : g_unpack3
      reg [IDX_BITS:0] byte_index;
      reg [15:0] pair;
      always @* begin
        for (r = 0; r < ROWS; r = r + 1)
          for (c = 0; c < COLS; c = c + 1) begin
            e = E_BITS'(r * {24'd0, cols} + c);
            byte_index = (IDX_BITS + 1)'((32'(e) * 3) >> 3);
            pair = {(32'(byte_index) + 1 < STAGE_BYTES) ? tile[IDX_BITS'(32'(byte_index) + 1)] : 8'd0,
                    tile[IDX_BITS'(byte_index)]};
            if (r >= {24'd0, rows} || c >= {24'd0, cols})
              w_flat[(r*COLS + c)*3 +: 3] = 3'd0;
            else
              w_flat[(r*COLS + c)*3 +: 3] = 3'(pair >> ((32'(e) * 3) & 7));
          end
      end
    end else begin : g_unpack_byte
      reg [7:0] byte_value;
      always @* begin
        for (r = 0; r < ROWS; r = r + 1)
          for (c = 0; c < COLS; c = c + 1) begin
            e = E_BITS'(r * {24'd0, cols} + c);
            byte_value = tile[(W_WIDTH == 8) ? IDX_BITS'(e) : IDX_BITS'(e >> 1)];
            if (r >= {24'd0, rows} || c >= {24'd0, cols})
              w_flat[(r*COLS + c)*W_WIDTH +: W_WIDTH] = {W_WIDTH{1'b0}};
            else if (W_WIDTH == 8)
              w_flat[(r*COLS + c)*W_WIDTH +: W_WIDTH] = byte_value[W_WIDTH-1:0];
            else
              w_flat[(r*COLS + c)*W_WIDTH +: W_WIDTH] = e[0] ? byte_value[7:8-W_WIDTH] : byte_value[W_WIDTH-1:0];
          end
      end
    end
  endgenerate
endmodule
`default_nettype wire
