// Behavioural on-chip buffer: BANKS banks of WIDTH_BYTES-wide words, PORTS read ports per bank,
// words interleaved over the banks (word w in bank w % BANKS), as sim/memory/sram_banks.hpp.
// One access per cycle reads a window of BANKS*PORTS consecutive words: such a window holds
// exactly PORTS words of every bank, the most the banks can serve in a cycle, so an access to a
// byte range of `words` words takes ceil(words / (BANKS*PORTS)) windows = the simulator's
// ceil(ceil(words / BANKS) / PORTS) cycles. The read is combinational (data in the cycle it is
// addressed); the DMA fills the bytes from the harness (public array), as the simulator's DMA
// writes do not occupy the banks either.
`default_nettype none
module banked_sram #(
  parameter integer BANKS = 8,
  parameter integer PORTS = 1,
  parameter integer WIDTH_BYTES = 16,
  parameter integer DEPTH_BYTES = 4096
) (
  input  wire [31:0]                                  rd_word,
  output wire [BANKS*PORTS*WIDTH_BYTES*8-1:0]         rd_data   // byte j: word rd_word + j/W
);
  localparam integer WINDOW_BYTES = BANKS * PORTS * WIDTH_BYTES;
  localparam integer ADDR_BITS = $clog2(DEPTH_BYTES);
  reg [7:0] mem [0:DEPTH_BYTES-1] /*verilator public_flat_rw*/;
  wire [ADDR_BITS-1:0] base = ADDR_BITS'(rd_word * WIDTH_BYTES);
  genvar j;
  generate
    for (j = 0; j < WINDOW_BYTES; j = j + 1) begin : g_byte
      assign rd_data[j*8 +: 8] = mem[base + ADDR_BITS'(j)];
    end
  endgenerate
endmodule
`default_nettype wire
