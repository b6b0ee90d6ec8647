// Behavioural on-chip buffer: BANKS banks of WIDTH_BYTES-wide words, PORTS read ports per bank,
// words interleaved over the banks (word w in bank w % BANKS), as sim/memory/sram_banks.hpp.
// One access per cycle reads a window of BANKS*PORTS consecutive words: such a window holds
// exactly PORTS words of every bank, the most the banks can serve in a cycle, so an access to a
// byte range of `words` words takes ceil(words / (BANKS*PORTS)) windows = the simulator's
// ceil(ceil(words / BANKS) / PORTS) cycles. The read is combinational (data in the cycle it is
// addressed). The DMA writes through its own port, up to WR_BYTES bytes per cycle at any byte
// address (wr_len bytes at wr_addr), beside the banks' read ports: the simulator's DMA writes do
// not occupy the banks either.
`default_nettype none
module banked_sram #(
  parameter integer BANKS = 8,
  parameter integer PORTS = 1,
  parameter integer WIDTH_BYTES = 16,
  parameter integer DEPTH_BYTES = 4096,
  parameter integer WR_BYTES = 64
) (
  input  wire                                         clk,
  input  wire                                         wr_en,
  input  wire [31:0]                                  wr_addr,
  input  wire [7:0]                                   wr_len,     // 1 .. WR_BYTES
  input  wire [WR_BYTES*8-1:0]                        wr_data,    // byte j -> wr_addr + j
  input  wire [31:0]                                  rd_word,
  output wire [BANKS*PORTS*WIDTH_BYTES*8-1:0]         rd_data   // byte j: word rd_word + j/W
);
  localparam integer WINDOW_BYTES = BANKS * PORTS * WIDTH_BYTES;
  localparam integer ADDR_BITS = $clog2(DEPTH_BYTES);
  reg [7:0] mem [0:DEPTH_BYTES-1];
  wire [ADDR_BITS-1:0] base = ADDR_BITS'(rd_word * WIDTH_BYTES);
  genvar j;
  generate
    for (j = 0; j < WR_BYTES; j = j + 1) begin : g_write
      always @(posedge clk)
        if (wr_en && 8'(j) < wr_len) mem[ADDR_BITS'(wr_addr + j)] <= wr_data[j*8 +: 8];
    end
    for (j = 0; j < WINDOW_BYTES; j = j + 1) begin : g_byte
      assign rd_data[j*8 +: 8] = mem[base + ADDR_BITS'(j)];
    end
  endgenerate
endmodule
`default_nettype wire
