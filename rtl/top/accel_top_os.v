// Accelerator top, output-stationary dataflow: R x C array of accel_cell_os (accel_array_os),
// the same weight and activation buffers (banked_sram), DMA write port and host port as
// accel_top (the weight-stationary top, unchanged), accel_controller_os, two
// accel_row_streamers (the K-step's X column and W row) and the same accel_output_unit.
// Every port and public parameter is accel_top's, so the harness (rtl/harness/top/) drives
// both the same way; the command fields and the buffer layouts differ:
//  - activations are K-major per M-block (sim/mapping/tile_plan.cpp activation_address), so a
//    K-step's X column (mt activations of A_WIDTH / 8 bytes) is contiguous;
//  - weights: each K-row of a tile's ct weights is whole bytes (ceil(ct*W/8) = w_step bytes,
//    element c at bit c*W of the row), row k at the tile's address + k*w_step (the addresses
//    the simulator's access_cost reads).
// A tile's sums drain through the array's shadow/drain registers while the next tile
// computes; the drain sequencer below tags each row (R-1 first, rows >= mt skipped) for the
// output unit, whose group accumulation, dequant and events are the weight-stationary top's.
`default_nettype none
module accel_top_os #(
  parameter integer ROWS /*verilator public*/ = 16,
  parameter integer COLS /*verilator public*/ = 8,
  parameter integer A_WIDTH /*verilator public*/ = 8,  // stored activation width (8 or 16)
  parameter integer W_WIDTH /*verilator public*/ = 4,  // stored weight width (4, 8 or 16)
  parameter integer MUL_SHIFT_ADD /*verilator public*/ = 1,  // 1: MixPE shift-and-add cells, 0: MAC cells
  // 1: FP32 cells (accel_cell_os FLOAT_LANE; A_FORMAT / W_FORMAT as accel_top's), FP32 group
  // accumulation and float-scale dequant in the output unit; 0: integer lanes.
  parameter integer FLOAT_LANE /*verilator public*/ = 0,
  parameter integer A_FORMAT /*verilator public*/ = 0,
  parameter integer W_FORMAT /*verilator public*/ = 0,
  // Weight decode between the W row and the cells, as accel_top's (accel_array): 0 none,
  // 1 LUT-GEMM 3-bit binary codes -> odd INT4 2u - 7, 2 FP4 E2M1 -> twice-values (the X column
  // too), 3 dequant-mac INT4 -> FP16 with the weight group's scale, per K-step
  // (accel_weight_dequant_os; float lanes with W_FORMAT 0), 4 slim-mixed: a W row holds its
  // columns' 2/3/4-bit codes back to back (column c at the sum of the widths before it, each
  // column's width from the width tags of the tile's scale row), sign-extended to W_WIDTH bits.
  parameter integer W_DECODE /*verilator public*/ = 0,
  // 1: the output unit's dequant is FP32 float-scale (y = y + s*P) also for integer lanes.
  parameter integer FLOAT_DEQUANT = 0,
  parameter integer ACC_WIDTH = 32,                     // per-cell accumulator (<= 256 K-steps)
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
  parameter integer DMA_BYTES /*verilator public*/ = 64,  // DMA write port, bytes per cycle
  parameter integer FAULT_NO_MIN_R = 0,                 // self-check: see accel_controller_os
  parameter integer FAULT_DQ_GROUP = 0,  // self-check: see accel_weight_dequant_os FAULT_NO_GROUP_STEP
  parameter integer HOST_BITS = (COLS * 32 > 180) ? COLS * 32 : 180
) (
  input  wire                 clk,
  input  wire                 rst,
  input  wire                 host_clk,
  input  wire                 host_we,
  // 0 command, 1 output scale row, as accel_top; W_DECODE 3 only: 2 a row of FP16 weight-group
  // scales, 3 a tile's weight-scale entry (accel_weight_dequant_os); W_DECODE 4 only: 2 a row of
  // column width tags (width - 1 in bits [2c +: 2]) at the scale row host_addr.
  input  wire [1:0]           host_sel,
  input  wire [15:0]          host_addr,
  input  wire [HOST_BITS-1:0] host_data,
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
  localparam integer WWORDS = WBUF_BANKS * WBUF_PORTS, AWORDS = ABUF_BANKS * ABUF_PORTS;
  localparam integer WROW_BYTES = (COLS * W_WIDTH + 7) / 8;  // one K-row of weights
  localparam integer A_BYTES = A_WIDTH / 8;
  generate
    if (A_WIDTH != 8 && A_WIDTH != 16) begin : g_narrow_activations
      initial $fatal(1, "accel_top_os: A_WIDTH must be 8 or 16 (INT4 activations are stored as bytes)");
    end
    if (W_DECODE == 3 && (FLOAT_LANE == 0 || W_FORMAT != 0 || W_WIDTH > 8)) begin : g_bad_dequant
      initial $fatal(1, "accel_top_os: W_DECODE 3 (dequant-mac) needs float lanes with W_FORMAT 0 (FP16) and W_WIDTH <= 8");
    end
    if (ROWS * A_BYTES > 255 || WROW_BYTES > 255) begin : g_too_wide
      initial $fatal(1, "accel_top_os: a K-step's X column and W row must each be <= 255 bytes");
    end
  endgenerate

  reg [15:0] n_cmds_q, ready_q;
  always @(posedge clk) begin
    n_cmds_q <= n_cmds;
    ready_q <= rst ? 16'd0 : ready_count;
  end

  wire        rd_active, rd_first, x_last, w_last, in_valid, in_end;
  wire [31:0] x_addr, w_addr, a_rd_word, w_rd_word;
  wire [7:0]  x_bytes, w_bytes, cols, end_rows;
  wire [15:0] end_tile, end_acc_row, end_scale_row, step_k;
  wire [3:0]  end_flags;
  accel_controller_os #(.ROWS(ROWS), .MAX_CMDS(MAX_CMDS), .FAULT_NO_MIN_R(FAULT_NO_MIN_R)) u_ctrl (
    .clk(clk), .rst(rst), .host_clk(host_clk), .cmd_we(host_we && host_sel == 2'd0),
    .cmd_addr(host_addr), .cmd_data(host_data[179:0]), .n_cmds(n_cmds_q), .ready_count(ready_q),
    .rd_active(rd_active), .rd_first(rd_first), .x_addr(x_addr), .x_bytes(x_bytes), .x_last(x_last),
    .w_addr(w_addr), .w_bytes(w_bytes), .w_last(w_last), .cols(cols), .step_k(step_k), .in_valid(in_valid),
    .in_end(in_end), .end_tile(end_tile), .end_acc_row(end_acc_row), .end_scale_row(end_scale_row),
    .end_flags(end_flags), .end_rows(end_rows), .load_done(load_done),
    .load_done_tile(load_done_tile), .stream_done(stream_done), .stream_done_tile(stream_done_tile)
  );

  wire [WWORDS*WBUF_WIDTH*8-1:0] w_rd_data;
  wire [AWORDS*ABUF_WIDTH*8-1:0] a_rd_data;
  banked_sram #(.BANKS(WBUF_BANKS), .PORTS(WBUF_PORTS), .WIDTH_BYTES(WBUF_WIDTH),
                .DEPTH_BYTES(WBUF_BYTES), .WR_BYTES(DMA_BYTES)) u_wbuf (
    .clk(clk), .wr_en(dma_we && !dma_sel), .wr_addr(dma_addr), .wr_len(dma_len), .wr_data(dma_data),
    .rd_word(w_rd_word), .rd_data(w_rd_data));
  banked_sram #(.BANKS(ABUF_BANKS), .PORTS(ABUF_PORTS), .WIDTH_BYTES(ABUF_WIDTH),
                .DEPTH_BYTES(ABUF_BYTES), .WR_BYTES(DMA_BYTES)) u_abuf (
    .clk(clk), .wr_en(dma_we && dma_sel), .wr_addr(dma_addr), .wr_len(dma_len), .wr_data(dma_data),
    .rd_word(a_rd_word), .rd_data(a_rd_data));

  // The K-step's X column (row r of the M-tile in bytes [r*A_BYTES +: A_BYTES]) and W row (bytes
  // of packed weights).
  wire [ROWS*A_WIDTH-1:0] x_col;
  wire [WROW_BYTES*8-1:0] w_row;
  accel_row_streamer #(.ROWS(ROWS), .WINDOW_WORDS(AWORDS), .WIDTH_BYTES(ABUF_WIDTH), .A_BYTES(A_BYTES)) u_x (
    .clk(clk), .active(rd_active), .first(rd_first), .row_addr(x_addr), .row_bytes(x_bytes),
    .rd_word(a_rd_word), .rd_data(a_rd_data), .last(x_last), .row_data(x_col));
  accel_row_streamer #(.ROWS(WROW_BYTES), .WINDOW_WORDS(WWORDS), .WIDTH_BYTES(WBUF_WIDTH)) u_w (
    .clk(clk), .active(rd_active), .first(rd_first), .row_addr(w_addr), .row_bytes(w_bytes),
    .rd_word(w_rd_word), .rd_data(w_rd_data), .last(w_last), .row_data(w_row));
  // Column c's weight: bits [c*W +: W] of the row; 0 beyond the tile's ct columns. CW: the width
  // a cell multiplies after the decode (W_DECODE).
  localparam integer CW = W_DECODE == 1 ? 4 : W_DECODE == 2 ? 5 : W_DECODE == 3 ? 16 : W_WIDTH;
  wire [COLS*W_WIDTH-1:0] w_col;
  wire [COLS*CW-1:0]      w_cells;
  wire [ROWS*A_WIDTH-1:0] a_cells;
  genvar c, r;
  generate
    for (c = 0; c < COLS; c = c + 1) begin : g_w
      assign w_col[c*W_WIDTH +: W_WIDTH] = (8'(c) < cols) ? w_row[c*W_WIDTH +: W_WIDTH] : {W_WIDTH{1'b0}};
      if (W_DECODE == 1) begin : g_bcq
        assign w_cells[c*4 +: 4] = {w_col[c*W_WIDTH +: 3], 1'b0} - 4'd7;  // 2u - 7
      end else if (W_DECODE == 2) begin : g_fp4
        fp4_e2m1_decode u_w (.code(w_col[c*W_WIDTH +: 4]), .twice(w_cells[c*5 +: 5]));
      end else if (W_DECODE != 3 && W_DECODE != 4) begin : g_plain
        assign w_cells[c*W_WIDTH +: W_WIDTH] = w_col[c*W_WIDTH +: W_WIDTH];
      end
    end
    if (W_DECODE == 4) begin : g_slim
      // The step's tile's column widths (its scale row: one group per output-stationary tile).
      localparam integer TAG_ROW_BITS = $clog2(SCALE_ROWS);
      reg [COLS*2-1:0] tag_rows [0:SCALE_ROWS-1];
      always @(posedge host_clk)
        if (host_we && host_sel == 2'd2) tag_rows[host_addr[TAG_ROW_BITS-1:0]] <= host_data[COLS*2-1:0];
      wire [COLS*2-1:0] tags = tag_rows[end_scale_row[TAG_ROW_BITS-1:0]];
      wire [WROW_BYTES*8+3:0] row_ext = {4'd0, w_row};  // a narrow last code reads past the row
      reg [COLS*W_WIDTH-1:0] slim_cells;
      reg [31:0] at;
      reg [3:0] code;
      integer sc;
      always @* begin
        at = 32'd0;
        for (sc = 0; sc < COLS; sc = sc + 1) begin
          code = row_ext[at +: 4];
          case (tags[2*sc +: 2])
            2'd0: code = {4{code[0]}};
            2'd1: code = {{2{code[1]}}, code[1:0]};
            2'd2: code = {code[2], code[2:0]};
            default: ;
          endcase
          slim_cells[sc*W_WIDTH +: W_WIDTH] = (8'(sc) < cols) ? W_WIDTH'($signed(code)) : {W_WIDTH{1'b0}};
          at = at + {30'd0, tags[2*sc +: 2]} + 32'd1;
        end
      end
      assign w_cells = slim_cells;
      /* verilator lint_off UNUSEDSIGNAL */
      wire [COLS*W_WIDTH-1:0] unused_w_col = w_col;
      /* verilator lint_on UNUSEDSIGNAL */
    end
    if (W_DECODE == 3) begin : g_dequant
      // dequant-mac: the step's codes x their column's scale of the step's weight group; in the
      // cycle the step enters the array (end_tile / step_k name the step, as in_valid does).
      localparam integer TABLE_BITS = COLS * 16 > 36 ? COLS * 16 : 36;
      accel_weight_dequant_os #(.COLS(COLS), .C_WIDTH(W_WIDTH), .SCALE_ROWS(SCALE_ROWS), .MAX_TILES(MAX_CMDS),
                                .TABLE_BITS(TABLE_BITS), .FAULT_NO_GROUP_STEP(FAULT_DQ_GROUP)) u_dequant (
        .host_clk(host_clk), .table_we(host_we && host_sel[1]), .table_sel(host_sel[0]),
        .table_addr(host_addr), .table_data(host_data[TABLE_BITS-1:0]), .step_tile(end_tile),
        .step_k(step_k), .codes(w_col), .w16(w_cells));
    end else begin : g_no_dequant
      /* verilator lint_off UNUSEDSIGNAL */
      wire [15:0] unused_step_k = step_k;
      /* verilator lint_on UNUSEDSIGNAL */
    end
    if (W_DECODE == 2) begin : g_fp4_act  // E2M1 activations in the low nibble of their byte
      for (r = 0; r < ROWS; r = r + 1) begin : g_a
        wire signed [4:0] twice;
        fp4_e2m1_decode u_a (.code(x_col[r*A_WIDTH +: 4]), .twice(twice));
        assign a_cells[r*A_WIDTH +: A_WIDTH] = A_WIDTH'(twice);
      end
    end else begin : g_plain_a
      assign a_cells = x_col;
    end
    if (W_DECODE == 2 || (W_DECODE == 1 && W_WIDTH > 3)) begin : g_unused_codes  // high nibbles, spare code bits
      /* verilator lint_off UNUSEDSIGNAL */
      wire [COLS*W_WIDTH+ROWS*A_WIDTH-1:0] unused_codes = {w_col, x_col};
      /* verilator lint_on UNUSEDSIGNAL */
    end
    if (WROW_BYTES * 8 > COLS * W_WIDTH) begin : g_pad
      /* verilator lint_off UNUSEDSIGNAL */
      wire [WROW_BYTES*8-COLS*W_WIDTH-1:0] unused_pad = w_row[WROW_BYTES*8-1:COLS*W_WIDTH];
      /* verilator lint_on UNUSEDSIGNAL */
    end
  endgenerate

  wire [COLS*ACC_WIDTH-1:0] out_sum;
  accel_array_os #(
    .ROWS(ROWS), .COLS(COLS), .A_WIDTH(A_WIDTH), .W_WIDTH(CW), .ACC_WIDTH(ACC_WIDTH),
    .MUL_SHIFT_ADD(MUL_SHIFT_ADD), .FLOAT_LANE(FLOAT_LANE), .A_FORMAT(A_FORMAT), .W_FORMAT(W_FORMAT)
  ) u_array (
    .clk(clk), .rst(rst), .in_valid(in_valid), .in_end(in_end), .a_in(a_cells), .w_in(w_cells),
    .out_sum(out_sum)
  );

  // Drain sequencer: the tile's tag, taken at its end cycle e_end, reaches it R + C cycles
  // later, when row R-1 leaves the array's deskew (accel_array_os); then one row per cycle down
  // to row 0. Tiles end at least R cycles apart, so one sequence never overlaps the next.
  localparam integer DRAIN_DELAY = ROWS + COLS;
  localparam integer END_BITS = 16 + 16 + 16 + 4 + 8;
  wire [END_BITS-1:0] end_tag;
  delay_line #(.WIDTH(END_BITS), .DEPTH(DRAIN_DELAY)) u_end_pipe (
    .clk(clk), .d({end_tile, end_acc_row, end_scale_row, end_flags, end_rows}), .q(end_tag));
  reg [DRAIN_DELAY-1:0] end_pipe;  // reset valid bits beside the tag
  always @(posedge clk) begin
    if (rst) end_pipe <= {DRAIN_DELAY{1'b0}};
    else     end_pipe <= {end_pipe[DRAIN_DELAY-2:0], in_end};
  end
  wire seq_start = end_pipe[DRAIN_DELAY-1];
  reg                drain_busy;
  reg [15:0]         drain_row;
  reg [END_BITS-1:0] drain_tag;
  wire [15:0]         row_now = seq_start ? 16'(ROWS - 1) : drain_row;
  wire [END_BITS-1:0] tag_now = seq_start ? end_tag : drain_tag;
  wire                seq_active = seq_start || drain_busy;
  always @(posedge clk) begin
    if (rst) begin
      drain_busy <= 1'b0;
      drain_row <= 16'd0;
    end else if (seq_active) begin
      drain_busy <= row_now != 16'd0;
      drain_row <= row_now - 16'd1;
    end
    if (seq_active) drain_tag <= tag_now;
  end
  wire [15:0] t_tile = tag_now[59:44], t_acc_row = tag_now[43:28], t_scale_row = tag_now[27:12];
  wire [3:0]  t_flags = tag_now[11:8];
  wire [7:0]  t_rows = tag_now[7:0];
  wire        row_valid = seq_active && row_now < {8'd0, t_rows};
  // Output-unit tag: tile, row, output-buffer row, scale row, {last row, flags}.
  wire [68:0] out_tag = {t_tile, row_now, t_acc_row + row_now, t_scale_row, row_now == 16'd0, t_flags};

  accel_output_unit #(
    .COLS(COLS), .PSUM_WIDTH(ACC_WIDTH), .DQ_LATENCY(DQ_LATENCY), .OUT_ROWS(OUT_ROWS),
    .SCALE_ROWS(SCALE_ROWS), .FLOAT_LANE(FLOAT_LANE), .FLOAT_DEQUANT(FLOAT_DEQUANT)
  ) u_out (
    .clk(clk), .rst(rst), .host_clk(host_clk), .scale_we(host_we && host_sel == 2'd1),
    .scale_addr(host_addr), .scale_data(host_data[COLS*32-1:0]),
    .in_valid(row_valid), .in_tag(out_tag), .in_psum(out_sum),
    .done_a(done_a), .done_a_tile(done_a_tile), .done_b(done_b), .done_b_tile(done_b_tile),
    .grp_valid(grp_valid), .grp_tile(grp_tile), .grp_row(grp_row), .grp_p(grp_p),
    .y_valid(y_valid), .y_tile(y_tile), .y_row(y_row), .y_data(y_data)
  );
endmodule
`default_nettype wire
