// Accelerator top: R x C weight-stationary array, weight and activation buffers (banked,
// behavioural), the controller that runs one mapped GEMM's command stream, and the output unit
// (group accumulators + per-column group dequant). The DRAM and the DMA are the harness's C++
// model (rtl/harness/top/, the simulator's DramTiming): it writes the buffers' bytes through the
// DMA port (DMA_BYTES per cycle), raises ready_count as tiles' operands arrive, and frees buffer
// slots on the load/stream events. Commands, output scales and dequant-mac's weight-scale tables
// are written through the host port before the run.
// Weights are packed per tile, element (r, c) of a kt x ct tile at bit (r*ct + c) * W_WIDTH,
// as the simulator counts a tile's bytes (ceil(kt*ct*W/8)).
`default_nettype none
module accel_top #(
  parameter integer ROWS /*verilator public*/ = 32,
  parameter integer COLS /*verilator public*/ = 8,
  parameter integer A_WIDTH /*verilator public*/ = 8,  // stored activation width (8 or 16)
  parameter integer W_WIDTH /*verilator public*/ = 4,  // stored weight width (3, 4, 8, 16)
  parameter integer MUL_SHIFT_ADD /*verilator public*/ = 1,  // 1: MixPE shift-and-add cells, 0: MAC cells
  // 1: FP32 lanes (accel_cell_float; A_FORMAT / W_FORMAT: its operand formats), 0: integer lanes.
  parameter integer FLOAT_LANE /*verilator public*/ = 0,
  parameter integer A_FORMAT /*verilator public*/ = 0,
  parameter integer W_FORMAT /*verilator public*/ = 0,
  // Weight decode between the loader and the cells (accel_array): 0 none, 1 LUT-GEMM 3-bit
  // binary codes, 2 FP4 E2M1 (activations too), 3 dequant-mac INT4 -> FP16; 4 slim-mixed: codes
  // of 2, 3 or 4 bits per (row, group), unpacked by the loader to W_WIDTH-bit cell codes.
  parameter integer W_DECODE /*verilator public*/ = 0,
  // 1: the output unit's dequant is FP32 float-scale (y = y + s*P) also for integer lanes.
  parameter integer FLOAT_DEQUANT = 0,
  parameter integer PSUM_WIDTH = FLOAT_LANE != 0 ? 32 : A_WIDTH + W_WIDTH + $clog2(ROWS),
  parameter integer WBUF_BANKS /*verilator public*/ = 8,
  parameter integer WBUF_PORTS /*verilator public*/ = 1,
  parameter integer WBUF_WIDTH /*verilator public*/ = 16,
  parameter integer WBUF_BYTES /*verilator public*/ = 65536,
  parameter integer ABUF_BANKS /*verilator public*/ = 8,
  parameter integer ABUF_PORTS /*verilator public*/ = 1,
  parameter integer ABUF_WIDTH /*verilator public*/ = 16,
  parameter integer ABUF_BYTES /*verilator public*/ = 65536,
  parameter integer DQ_LATENCY /*verilator public*/ = 3,
  parameter integer OUT_ROWS = 1024,
  parameter integer SCALE_ROWS = 1024,
  parameter integer MAX_CMDS = 4096,
  parameter integer FAULT_K_LOOP = 0,
  parameter integer FAULT_GROUP_END = 0,
  parameter integer FAULT_NO_STALL = 0,
  parameter integer FAULT_FLOAT_TIES = 0,  // float cells round ties away (harness self-check)
  parameter integer DMA_BYTES /*verilator public*/ = 64,  // DMA write port, bytes per cycle
  parameter integer HOST_BITS = (COLS * 32 > 180) ? COLS * 32 : 180
) (
  input  wire                 clk,
  input  wire                 rst,
  // Host port, used before a run: on a host_clk edge, host_data is written as a command
  // (host_sel 0) at index host_addr, a row of output scales (1) at row host_addr, or, for
  // dequant-mac (W_DECODE 3), a row of FP16 weight-group scales (2) or the weight-scale row of
  // the host_addr-th tile taken (3); for slim-mixed (W_DECODE 4), a row of column width tags (2:
  // width - 1 in bits [2c +: 2]) at the scale row host_addr.
  input  wire                 host_clk,
  input  wire                 host_we,
  input  wire [1:0]           host_sel,
  input  wire [15:0]          host_addr,
  input  wire [HOST_BITS-1:0] host_data,
  // DMA write port (the harness's DMA over the simulator's DRAM timing): dma_len bytes of
  // dma_data at byte dma_addr of the weight (dma_sel 0) or activation (1) buffer, this cycle.
  input  wire                 dma_we,
  input  wire                 dma_sel,
  input  wire [31:0]          dma_addr,
  input  wire [7:0]           dma_len,
  input  wire [DMA_BYTES*8-1:0] dma_data,
  input  wire [15:0]          n_cmds,
  input  wire [15:0]          ready_count,  // tiles whose operands are in by the NEXT cycle
  output wire                 load_done,
  output wire [15:0]          load_done_tile,
  output wire                 stream_done,
  output wire [15:0]          stream_done_tile,
  output wire                 done_a,
  output wire [15:0]          done_a_tile,
  output wire                 done_b,
  output wire [15:0]          done_b_tile,
  output wire                 grp_valid,
  output wire [15:0]          grp_tile,
  output wire [15:0]          grp_row,
  output wire [COLS*32-1:0]   grp_p,
  output wire                 y_valid,
  output wire [15:0]          y_tile,
  output wire [15:0]          y_row,
  output wire [COLS*64-1:0]   y_data
);
  // Tile tags: up to R + C - 1 tiles can be in the array at once (one row each in decode).
  localparam integer SLOT_WIDTH = $clog2(ROWS + COLS);
  localparam integer LATENCY = ROWS + COLS - 1;
  localparam integer WWORDS = WBUF_BANKS * WBUF_PORTS, AWORDS = ABUF_BANKS * ABUF_PORTS;

  wire        ld_active, ld_first, ld_last, take, st_active, st_first, st_last, in_valid;
  wire [31:0] ld_addr, st_row_addr, w_rd_word, a_rd_word;
  wire [15:0] ld_bytes;
  wire [7:0]  ld_rows, ld_cols, st_row_bytes;
  /* verilator lint_off UNUSEDSIGNAL */
  wire [15:0] ld_scale_row;  // the width-tag row of the tile being loaded (slim-mixed only)
  /* verilator lint_on UNUSEDSIGNAL */
  wire [SLOT_WIDTH-1:0] take_slot, in_slot;
  wire [15:0] tag_tile, tag_row, tag_acc_row, tag_scale_row;
  wire [4:0]  tag_flags;
  wire [WWORDS*WBUF_WIDTH*8-1:0] w_rd_data;
  wire [AWORDS*ABUF_WIDTH*8-1:0] a_rd_data;
  wire [ROWS*A_WIDTH-1:0] row_data;

  // Registered inputs: the DMA's tile count is a counter in the clock domain (the harness drives
  // the count for the next cycle), so no logic depends combinationally on a port.
  reg [15:0] n_cmds_q, ready_q;
  always @(posedge clk) begin
    n_cmds_q <= n_cmds;
    ready_q <= rst ? 16'd0 : ready_count;
  end

  accel_controller #(
    .MAX_CMDS(MAX_CMDS), .SLOT_WIDTH(SLOT_WIDTH), .FAULT_K_LOOP(FAULT_K_LOOP),
    .FAULT_GROUP_END(FAULT_GROUP_END), .FAULT_NO_STALL(FAULT_NO_STALL)
  ) u_ctrl (
    .clk(clk), .rst(rst), .host_clk(host_clk), .cmd_we(host_we && host_sel == 2'd0),
    .cmd_addr(host_addr), .cmd_data(host_data[179:0]),
    .n_cmds(n_cmds_q), .ready_count(ready_q),
    .ld_active(ld_active), .ld_first(ld_first), .ld_addr(ld_addr), .ld_bytes(ld_bytes),
    .ld_last(ld_last), .ld_rows(ld_rows), .ld_cols(ld_cols), .ld_scale_row(ld_scale_row), .take(take),
    .take_slot(take_slot), .st_active(st_active), .st_first(st_first),
    .st_row_addr(st_row_addr), .st_row_bytes(st_row_bytes), .st_last(st_last),
    .in_valid(in_valid), .in_slot(in_slot), .tag_tile(tag_tile), .tag_row(tag_row),
    .tag_acc_row(tag_acc_row), .tag_scale_row(tag_scale_row), .tag_flags(tag_flags),
    .load_done(load_done), .load_done_tile(load_done_tile), .stream_done(stream_done),
    .stream_done_tile(stream_done_tile)
  );
  banked_sram #(.BANKS(WBUF_BANKS), .PORTS(WBUF_PORTS), .WIDTH_BYTES(WBUF_WIDTH),
                .DEPTH_BYTES(WBUF_BYTES), .WR_BYTES(DMA_BYTES)) u_wbuf (
    .clk(clk), .wr_en(dma_we && !dma_sel), .wr_addr(dma_addr), .wr_len(dma_len), .wr_data(dma_data),
    .rd_word(w_rd_word), .rd_data(w_rd_data));
  banked_sram #(.BANKS(ABUF_BANKS), .PORTS(ABUF_PORTS), .WIDTH_BYTES(ABUF_WIDTH),
                .DEPTH_BYTES(ABUF_BYTES), .WR_BYTES(DMA_BYTES)) u_abuf (
    .clk(clk), .wr_en(dma_we && dma_sel), .wr_addr(dma_addr), .wr_len(dma_len), .wr_data(dma_data),
    .rd_word(a_rd_word), .rd_data(a_rd_data));
  // slim-mixed: the width tags of each scale row's columns (written by the host, like the
  // scales), read by the loader at the row of the tile it unpacks.
  localparam integer VAR_WIDTH = W_DECODE == 4 ? 1 : 0;
  wire [COLS*2-1:0] ld_tags;
  generate
    if (VAR_WIDTH != 0) begin : g_width_tags
      localparam integer TAG_ROW_BITS = $clog2(SCALE_ROWS);
      reg [COLS*2-1:0] tag_rows [0:SCALE_ROWS-1];
      always @(posedge host_clk)
        if (host_we && host_sel == 2'd2) tag_rows[host_addr[TAG_ROW_BITS-1:0]] <= host_data[COLS*2-1:0];
      assign ld_tags = tag_rows[ld_scale_row[TAG_ROW_BITS-1:0]];
    end else begin : g_no_width_tags
      assign ld_tags = {COLS*2{1'b0}};
    end
  endgenerate
  wire [ROWS*COLS*W_WIDTH-1:0] w_flat;
  accel_weight_loader #(.WINDOW_WORDS(WWORDS), .WIDTH_BYTES(WBUF_WIDTH), .ROWS(ROWS), .COLS(COLS),
                        .W_WIDTH(W_WIDTH), .VAR_WIDTH(VAR_WIDTH))
    u_loader (.clk(clk), .active(ld_active), .first(ld_first), .tile_addr(ld_addr),
              .tile_bytes(ld_bytes), .rd_word(w_rd_word), .rd_data(w_rd_data), .last(ld_last),
              .rows(ld_rows), .cols(ld_cols), .col_tags(ld_tags), .w_flat(w_flat));
  accel_row_streamer #(.ROWS(ROWS), .WINDOW_WORDS(AWORDS), .WIDTH_BYTES(ABUF_WIDTH), .A_BYTES(A_WIDTH / 8))
    u_streamer (.clk(clk), .active(st_active), .first(st_first), .row_addr(st_row_addr),
                .row_bytes(st_row_bytes), .rd_word(a_rd_word), .rd_data(a_rd_data),
                .last(st_last), .row_data(row_data));

  wire [COLS*PSUM_WIDTH-1:0] out_psum;
  accel_array #(
    .ROWS(ROWS), .COLS(COLS), .A_WIDTH(A_WIDTH), .W_WIDTH(W_WIDTH), .PSUM_WIDTH(PSUM_WIDTH),
    .SLOT_WIDTH(SLOT_WIDTH), .MUL_SHIFT_ADD(MUL_SHIFT_ADD), .FLOAT_LANE(FLOAT_LANE),
    .A_FORMAT(A_FORMAT), .W_FORMAT(W_FORMAT), .W_DECODE(VAR_WIDTH != 0 ? 0 : W_DECODE), .TABLE_ROWS(SCALE_ROWS),
    .TABLE_TILES(MAX_CMDS), .FAULT_FLOAT_TIES(FAULT_FLOAT_TIES)
  ) u_array (
    .clk(clk), .rst(rst), .host_clk(host_clk), .table_we(host_we && host_sel[1]),
    .table_sel(host_sel[0]), .table_addr(host_addr), .table_data(host_data[COLS*16-1:0]),
    .w_we(take), .w_slot(take_slot), .w_flat(w_flat), .a_in(row_data),
    .in_slot(in_slot), .out_psum(out_psum)
  );
  // Activations are whole bytes; A_WIDTH < 8 (W4A4) uses the low bits of each byte.
  generate
    if (A_WIDTH != 8 && A_WIDTH != 16) begin : g_narrow_activations
      initial $fatal(1, "accel_top: A_WIDTH must be 8 or 16 (INT4 activations are stored as bytes)");
    end
  endgenerate

  // The row's tag travels beside it through skew, array and deskew; valid is reset.
  localparam integer TAG_BITS = 16 + 16 + 16 + 16 + 5;
  wire [TAG_BITS-1:0] out_tag;
  delay_line #(.WIDTH(TAG_BITS), .DEPTH(LATENCY)) u_tag_pipe (
    .clk(clk), .d({tag_tile, tag_row, tag_acc_row, tag_scale_row, tag_flags}), .q(out_tag));
  reg [LATENCY-1:0] valid_pipe;
  always @(posedge clk) begin
    if (rst) valid_pipe <= {LATENCY{1'b0}};
    else     valid_pipe <= {valid_pipe[LATENCY-2:0], in_valid};
  end

  accel_output_unit #(
    .COLS(COLS), .PSUM_WIDTH(PSUM_WIDTH), .DQ_LATENCY(DQ_LATENCY), .OUT_ROWS(OUT_ROWS),
    .SCALE_ROWS(SCALE_ROWS), .FLOAT_LANE(FLOAT_LANE), .FLOAT_DEQUANT(FLOAT_DEQUANT)
  ) u_out (
    .clk(clk), .rst(rst), .host_clk(host_clk), .scale_we(host_we && host_sel == 2'd1),
    .scale_addr(host_addr), .scale_data(host_data[COLS*32-1:0]),
    .in_valid(valid_pipe[LATENCY-1]), .in_tag(out_tag), .in_psum(out_psum),
    .done_a(done_a), .done_a_tile(done_a_tile), .done_b(done_b), .done_b_tile(done_b_tile),
    .grp_valid(grp_valid), .grp_tile(grp_tile), .grp_row(grp_row), .grp_p(grp_p),
    .y_valid(y_valid), .y_tile(y_tile), .y_row(y_row), .y_data(y_data)
  );
endmodule
`default_nettype wire
