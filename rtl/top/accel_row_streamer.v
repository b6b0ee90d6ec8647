// Activation row streamer: gathers one X row of a tile (row_bytes bytes from byte address
// row_addr of the activation buffer) one bank window per cycle. A row that spans more words than
// one window takes several cycles (bank conflicts: the array gets a bubble for each extra cycle);
// `last` marks the row's final window, in which row_data (the assembled row, zero above
// row_bytes) goes into the array.
`default_nettype none
module accel_row_streamer #(
  parameter integer ROWS = 32,
  parameter integer WINDOW_WORDS = 8,
  parameter integer WIDTH_BYTES = 16
) (
  input  wire                          clk,
  input  wire                          active,
  input  wire                          first,      // first window of a new row
  input  wire [31:0]                   row_addr,
  input  wire [7:0]                    row_bytes,
  output wire [31:0]                   rd_word,
  input  wire [WINDOW_WORDS*WIDTH_BYTES*8-1:0] rd_data,
  output wire                          last,
  output reg  [ROWS*8-1:0]             row_data
);
  localparam integer WINDOW_BYTES = WINDOW_WORDS * WIDTH_BYTES;
  reg [7:0]  held [0:ROWS-1];
  reg [31:0] next_word;
  wire [31:0] first_word = row_addr / WIDTH_BYTES;
  wire [31:0] last_word = (row_addr + {24'd0, row_bytes} - 32'd1) / WIDTH_BYTES;
  assign rd_word = first ? first_word : next_word;
  assign last = rd_word + WINDOW_WORDS > last_word;
  integer r;
  reg [31:0] byte_addr, offset;
  always @* begin
    for (r = 0; r < ROWS; r = r + 1) begin
      byte_addr = row_addr + r;
      offset = byte_addr - rd_word * WIDTH_BYTES;
      if (r >= {24'd0, row_bytes})
        row_data[r*8 +: 8] = 8'd0;
      else if (byte_addr >= rd_word * WIDTH_BYTES && offset < WINDOW_BYTES)
        row_data[r*8 +: 8] = rd_data[offset[$clog2(WINDOW_BYTES)-1:0]*8 +: 8];
      else
        row_data[r*8 +: 8] = held[r];
    end
  end
  always @(posedge clk) begin
    if (active) begin
      next_word <= rd_word + WINDOW_WORDS;
      for (r = 0; r < ROWS; r = r + 1) held[r] <= row_data[r*8 +: 8];
    end
  end
endmodule
`default_nettype wire
