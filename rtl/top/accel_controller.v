// Controller of the accelerator top: executes the command stream of one mapped GEMM (one
// command per array tile, in the simulator's tile order; rtl/harness/top/top_commands.cpp
// builds it from sim/mapping/tile_plan.hpp). It runs the schedule of sim/array/tile_timeline.hpp
// in hardware:
//   load  tile i  when its bytes are in the weight buffer (ready_count > i, the DMA's word) and
//                 the staging bytes are free (tile i-1 has started streaming);
//   stream tile i when it is loaded and tile i-1's last row has been read;
// one X row per cycle, more when a row's bytes span more bank windows than one cycle reads.
// Every row enters the array with a tag (tile, row, output-buffer row, group flags) that
// travels with it to the output unit. Events (load done, stream done) are registered pulses
// visible in the cycle they denote (load_end, stream_end), which the harness's DMA model uses to
// free buffer slots.
// Fault parameters (harness self-checks only; 0 = correct): FAULT_K_LOOP drops the last K row
// of every tile, FAULT_GROUP_END misses the first group boundary of every output, FAULT_NO_STALL
// reads every row in one cycle whatever its bank conflicts.
`default_nettype none
module accel_controller #(
  parameter integer MAX_CMDS = 4096,
  parameter integer SLOT_WIDTH = 6,
  parameter integer FAULT_K_LOOP = 0,
  parameter integer FAULT_GROUP_END = 0,
  parameter integer FAULT_NO_STALL = 0
) (
  input  wire        clk,
  input  wire        rst,          // synchronous, active high
  // command buffer write port (the harness loads the stream before the run)
  input  wire        host_clk,
  input  wire        cmd_we,
  /* verilator lint_off UNUSEDSIGNAL */
  input  wire [15:0] cmd_addr,     // bits above the buffer's depth unused
  /* verilator lint_on UNUSEDSIGNAL */
  input  wire [179:0] cmd_data,    // the fields of command(), same positions
  input  wire [15:0] n_cmds,
  input  wire [15:0] ready_count,  // tiles whose operands have arrived (the DMA model)
  // weight loader
  output wire        ld_active,
  output wire        ld_first,
  output wire [31:0] ld_addr,
  output wire [15:0] ld_bytes,
  input  wire        ld_last,
  output wire [7:0]  ld_rows,      // K rows of the tile being loaded (unpacked at its last window)
  output wire [7:0]  ld_cols,      // N columns of the tile being loaded
  output wire [15:0] ld_scale_row, // its scale row (slim-mixed: the row of its columns' widths)
  // take: the staged tile's weights go into the array (slot = tile tag)
  output wire        take,
  output wire [SLOT_WIDTH-1:0] take_slot,
  // activation row streamer
  output wire        st_active,
  output wire        st_first,
  output wire [31:0] st_row_addr,
  output wire [7:0]  st_row_bytes,
  input  wire        st_last,
  // row into the array, with its tag
  output wire        in_valid,
  output wire [SLOT_WIDTH-1:0] in_slot,
  output wire [15:0] tag_tile,
  output wire [15:0] tag_row,      // row of the tile (0 .. mt-1)
  output wire [15:0] tag_acc_row,  // output-buffer row of its accumulators
  output wire [15:0] tag_scale_row,
  output wire [4:0]  tag_flags,    // {last row, block end, first group of output, group end, group start}
  // events
  output reg         load_done,
  output reg  [15:0] load_done_tile,
  output reg         stream_done,
  output reg  [15:0] stream_done_tile
);
  localparam integer F_GROUP_START = 0, F_GROUP_END = 1, F_Y_FIRST = 2, F_BLOCK_END = 3;
  // The command buffer, one packed command per tile (field positions below).
  localparam integer CMD_BITS = 32 + 16 + 8 + 8 + 16 + 32 + 32 + 16 + 16 + 4;
  reg [CMD_BITS-1:0] cmds [0:MAX_CMDS-1];
  localparam integer IDX_BITS = $clog2(MAX_CMDS);
  always @(posedge host_clk)
    if (cmd_we) cmds[cmd_addr[IDX_BITS-1:0]] <= cmd_data;

  reg [15:0] ld_tile, staged_tile, st_tile, st_row;
  reg        ld_busy, staged, st_busy, st_row_first;

  // Command registers: the loader's next command, the staged tile's and the streaming tile's.
  // The command buffer is read only at clock edges (one read per tile), so nothing downstream
  // depends combinationally on the buffer.
  function automatic [CMD_BITS-1:0] command(input [IDX_BITS-1:0] i);
    command = cmds[i];
  endfunction
  reg [CMD_BITS-1:0] ld_cmd;
  reg [131:0]        staged_cmd, st_cmd;  // past the loader: kt .. flags only
  // Field positions: w_addr [179:148], w_bytes [147:132], kt [131:124], ct [123:116],
  // mt [115:100], x_addr [99:68], x_stride [67:36], acc_row [35:20], scale_row [19:4], flags [3:0].

  // No logic here depends combinationally on rst (in reset staged = 0 and the registered
  // ready count is 0, so nothing starts): a port in a combinational path would make Verilator
  // re-evaluate the whole array at every eval.
  // Loader: next tile when its operands are in and the staging bytes are free (or freed now).
  wire ld_go = !ld_busy && (!staged || take) && ld_tile < n_cmds && ready_count > ld_tile;
  assign ld_active = ld_busy || ld_go;
  assign ld_first = ld_go;
  assign ld_addr = ld_cmd[179:148];
  assign ld_bytes = ld_cmd[147:132];
  // The broken controller with an off-by-one K loop: the tile's last K row of weights is dropped.
  assign ld_rows = (FAULT_K_LOOP != 0) ? ld_cmd[131:124] - 8'd1 : ld_cmd[131:124];
  assign ld_cols = ld_cmd[123:116];
  assign ld_scale_row = ld_cmd[19:4];

  // Streamer: the staged tile starts when the previous tile's rows are all read.
  assign take = staged && !st_busy;
  assign take_slot = staged_tile[SLOT_WIDTH-1:0];
  assign st_active = st_busy || take;
  wire [15:0] cur_tile = st_busy ? st_tile : staged_tile;
  wire [15:0] cur_row = st_busy ? st_row : 16'd0;
  // The streaming tile's fields (mt .. flags, bits [131:124] and [115:0]).
  wire [7:0]   cur_kt = st_busy ? st_cmd[131:124] : staged_cmd[131:124];
  /* verilator lint_off UNUSEDSIGNAL */
  wire [7:0]   unused_ct = st_cmd[123:116];  // ct is taken with the weights, not streamed
  /* verilator lint_on UNUSEDSIGNAL */
  wire [115:0] cur = st_busy ? st_cmd[115:0] : staged_cmd[115:0];
  assign st_first = take || st_row_first;
  assign st_row_addr = cur[99:68] + {16'd0, cur_row} * cur[67:36];
  assign st_row_bytes = cur_kt;
  wire row_last = (FAULT_NO_STALL != 0) ? 1'b1 : st_last;
  wire tile_last_row = cur_row == cur[115:100] - 16'd1;

  assign in_valid = st_active && row_last;
  assign in_slot = cur_tile[SLOT_WIDTH-1:0];
  assign tag_tile = cur_tile;
  assign tag_row = cur_row;
  assign tag_acc_row = cur[35:20] + cur_row;
  assign tag_scale_row = cur[19:4];
  wire [3:0] flags = cur[3:0];
  // The broken controller that misses a group boundary: an output's first group does not end.
  wire group_end = flags[F_GROUP_END] && !(FAULT_GROUP_END != 0 && flags[F_Y_FIRST]);
  assign tag_flags = {tile_last_row, flags[F_BLOCK_END], flags[F_Y_FIRST], group_end, flags[F_GROUP_START]};

  wire [15:0] ld_next = ld_tile + 16'd1;
  always @(posedge clk) begin
    if (rst) ld_cmd <= command({IDX_BITS{1'b0}});
    else if (ld_active && ld_last) ld_cmd <= command(ld_next[IDX_BITS-1:0]);
    if (ld_active && ld_last) staged_cmd <= ld_cmd[131:0];
    if (take) st_cmd <= staged_cmd[131:0];
  end

  always @(posedge clk) begin
    load_done <= 1'b0;
    stream_done <= 1'b0;
    if (rst) begin
      ld_tile <= 16'd0;
      ld_busy <= 1'b0;
      staged <= 1'b0;
      staged_tile <= 16'd0;
      st_busy <= 1'b0;
      st_tile <= 16'd0;
      st_row <= 16'd0;
      st_row_first <= 1'b0;
    end else begin
      if (ld_active && ld_last) begin
        ld_busy <= 1'b0;
        staged <= 1'b1;
        staged_tile <= ld_tile;
        ld_tile <= ld_next;
        load_done <= 1'b1;
        load_done_tile <= ld_tile;
      end else begin
        if (ld_active) ld_busy <= 1'b1;
        if (take) staged <= 1'b0;
      end
      if (st_active) begin
        st_tile <= cur_tile;
        if (row_last) begin
          st_row <= cur_row + 16'd1;
          st_row_first <= 1'b1;
          if (tile_last_row) begin
            st_busy <= 1'b0;
            stream_done <= 1'b1;
            stream_done_tile <= cur_tile;
          end else begin
            st_busy <= 1'b1;
          end
        end else begin
          st_busy <= 1'b1;
          st_row <= cur_row;
          st_row_first <= 1'b0;
        end
      end
    end
  end
endmodule
`default_nettype wire
