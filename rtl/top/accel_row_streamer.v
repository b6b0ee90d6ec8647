// Activation row streamer: gathers one X row of a tile (row_bytes bytes from byte address
// row_addr of the activation buffer) one bank window per cycle. A row that spans more words than
// one window takes several cycles (bank conflicts: the array gets a bubble for each extra cycle);
// `last` marks the row's final window, in which row_data (the assembled row, zero above
// row_bytes) goes into the array. Activations of A_BYTES bytes (FP16 / BF16: 2): row_bytes counts
// elements (the tile's kt) and the row is A_BYTES * row_bytes bytes, ROWS * A_BYTES at most.
`default_nettype none
module accel_row_streamer #(
  parameter integer ROWS = 32,
  parameter integer WINDOW_WORDS = 8,
  parameter integer WIDTH_BYTES = 16,
  parameter integer A_BYTES = 1
) (
  input  wire                          clk,
  input  wire                          active,
  input  wire                          first,      // first window of a new row
  input  wire [31:0]                   row_addr,
  input  wire [7:0]                    row_bytes,
  output wire [31:0]                   rd_word,
  input  wire [WINDOW_WORDS*WIDTH_BYTES*8-1:0] rd_data,
  output wire                          last,
  output reg  [ROWS*A_BYTES*8-1:0]     row_data
);
  localparam integer WINDOW_BYTES = WINDOW_WORDS * WIDTH_BYTES;
  localparam integer RB = ROWS * A_BYTES;  // bytes of a full row
  reg [RB*8-1:0] held;  // the row as assembled so far (one vector: no per-byte loop at the edge)
  wire [31:0] bytes = {24'd0, row_bytes} * A_BYTES;
  reg [31:0] next_word;
  wire [31:0] first_word = row_addr / WIDTH_BYTES;
  wire [31:0] last_word = (row_addr + bytes - 32'd1) / WIDTH_BYTES;
  assign rd_word = first ? first_word : next_word;
  assign last = rd_word + WINDOW_WORDS > last_word;
  integer r;
  reg [31:0] byte_addr, offset;
  always @* begin
    for (r = 0; r < RB; r = r + 1) begin
      byte_addr = row_addr + r;
      offset = byte_addr - rd_word * WIDTH_BYTES;
      if (r >= bytes)
        row_data[r*8 +: 8] = 8'd0;
      else if (byte_addr >= rd_word * WIDTH_BYTES && offset < WINDOW_BYTES)
        row_data[r*8 +: 8] = rd_data[offset[$clog2(WINDOW_BYTES)-1:0]*8 +: 8];
      else
        row_data[r*8 +: 8] = held[r*8 +: 8];
    end
  end
  always @(posedge clk) begin
    if (active) begin
      next_word <= rd_word + WINDOW_WORDS;
      held <= row_data;
    end
  end
endmodule
`default_nettype wire
