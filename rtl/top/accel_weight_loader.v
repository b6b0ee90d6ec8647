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
// VAR_WIDTH = 1 (slim-mixed): each column c of the tile has its own width w_c = col_tags[2c +: 2]
// + 1 bits (its (row, group)'s 2, 3 or 4 bits); a K-row is its ct codes back to back (column c
// at bit P_c = sum of the widths before it), the kt K-rows follow each other (element (r, c) at
// bit r*S + P_c, S the row's bits: ceil(kt*S/8) bytes, as the simulator charges the tile,
// TileGeometry::use_group_bits). Codes are sign-extended to the cells' W_WIDTH bits.
`default_nettype none
module accel_weight_loader #(
  parameter integer WINDOW_WORDS = 8,    // BANKS * PORTS of the weight buffer
  parameter integer WIDTH_BYTES = 16,
  parameter integer ROWS = 32,
  parameter integer COLS = 8,
  parameter integer W_WIDTH = 4,
  parameter integer VAR_WIDTH = 0,
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
  /* verilator lint_off UNUSEDSIGNAL */
  input  wire [COLS*2-1:0]             col_tags,   // VAR_WIDTH: width - 1 of each column (else unused)
  /* verilator lint_on UNUSEDSIGNAL */
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

  // Staging bytes: tile byte b = window byte (tile_addr + b - window start). The window is
  // shifted into place by whole bytes (a barrel shifter whose amount has only the bits the
  // offset can need) and merged into the staged bytes; window bytes beyond the tile land above
  // its last byte, where the unpack does not look. Blocking writes in the clocked block, so the
  // unpack of the last cycle sees the window that completes the tile. Staging and unpack run
  // only in cycles that read a window: an idle loader costs nothing per cycle in simulation.
  localparam integer STAGE_BITS = STAGE_BYTES * 8, WIN_BITS = WINDOW_BYTES * 8;
  localparam integer FLAT_BITS = ROWS * COLS * W_WIDTH, WIDE = STAGE_BITS + WIN_BITS;
  localparam integer OFF_BITS = $clog2(STAGE_BYTES + WINDOW_BYTES) + 1;  // |offset| in bytes
  localparam integer E_BITS = $clog2(ROWS * COLS);
  reg [STAGE_BITS-1:0] stage;
  reg [STAGE_BITS-1:0] placed, mask;
  reg [31:0] offset;
  reg [OFF_BITS-1:0] shift;
  reg [E_BITS-1:0] e;
  reg [31:0] row_bits, col_at [0:COLS-1];
  /* verilator lint_off UNUSEDSIGNAL */
  reg [3:0] code;  // a VAR_WIDTH code, sign-extended to 4 bits (a 3-bit W_WIDTH loader has no such path)
  /* verilator lint_on UNUSEDSIGNAL */
  integer r, c;
  /* verilator lint_off BLKSEQ */
  always @(posedge clk) begin
    if (active) begin
      offset = rd_word * WIDTH_BYTES - tile_addr;  // negative: the window starts before the tile
      if (offset[31]) begin
        shift = OFF_BITS'(32'd0 - offset);
        placed = STAGE_BITS'(WIDE'(rd_data) >> {shift, 3'b000});
        mask = STAGE_BITS'(WIDE'({WIN_BITS{1'b1}}) >> {shift, 3'b000});
      end else begin
        shift = OFF_BITS'(offset);
        placed = STAGE_BITS'(WIDE'(rd_data) << {shift, 3'b000});
        mask = STAGE_BITS'(WIDE'({WIN_BITS{1'b1}}) << {shift, 3'b000});
      end
      stage = (stage & ~mask) | placed;
      if (last && VAR_WIDTH != 0) begin
        row_bits = 0;
        for (c = 0; c < COLS; c = c + 1) begin
          col_at[c] = row_bits;
          if (c < {24'd0, cols}) row_bits = row_bits + {30'd0, col_tags[2*c +: 2]} + 32'd1;
        end
        for (r = 0; r < ROWS; r = r + 1)
          for (c = 0; c < COLS; c = c + 1) begin
            code = stage[32'(r) * row_bits + col_at[c] +: 4];
            case (col_tags[2*c +: 2])
              2'd0: code = {4{code[0]}};
              2'd1: code = {{2{code[1]}}, code[1:0]};
              2'd2: code = {code[2], code[2:0]};
              default: ;
            endcase
            w_flat[(r*COLS + c)*W_WIDTH +: W_WIDTH] <=
                (r >= {24'd0, rows} || c >= {24'd0, cols}) ? {W_WIDTH{1'b0}} : W_WIDTH'($signed(code));
          end
      end else if (last) begin
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
