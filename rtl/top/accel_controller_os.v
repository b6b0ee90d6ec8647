// Controller of the output-stationary accelerator top (accel_top_os): executes the command
// stream of one mapped GEMM, one command per array tile (an M-tile of up to R rows x an N-tile
// of up to C columns x a K-tile of kt steps), in the simulator's tile order
// (rtl/harness/top/top_program.cpp builds it from sim/mapping/tile_plan.hpp). The schedule is
// sim/array/tile_timeline.hpp with the output-stationary costs of
// sim/array/systolic_array.cpp (access_cost): no weight preload; tile i occupies the array from
//   stream_start = max(ready_i, stream_end of tile i-1)       (ready_count > i, registered)
// for max(sum of its K-step cycles, R) cycles. K-step k reads, at the same time, the tile's
// X column (mt bytes at x_addr + k * x_stride, contiguous: activations are K-major) and its
// W row (w_step bytes at w_addr + k * w_step) one bank window per cycle; the step enters the
// array in the cycle both reads are complete (max of the two access cycle counts). The tile's
// last cycle in the array carries the tile-end flag; its tag (tile, output-buffer row, scale
// row, group flags, mt) goes to the drain sequencer of accel_top_os.
// Events: stream_done at stream_end (registered pulse, visible in that cycle), and load_done
// in the same cycle: an output-stationary tile's weights are read while it streams, so its
// weight slot is free at stream_end (the simulator's weights_free for this dataflow).
// FAULT_NO_MIN_R (harness self-check only; 0 = correct): a tile leaves the array after its last
// K-step even when that is sooner than R cycles.
`default_nettype none
module accel_controller_os #(
  parameter integer ROWS = 32,
  parameter integer MAX_CMDS = 4096,
  parameter integer FAULT_NO_MIN_R = 0
) (
  input  wire        clk,
  input  wire        rst,          // synchronous, active high
  input  wire        host_clk,
  input  wire        cmd_we,
  /* verilator lint_off UNUSEDSIGNAL */
  input  wire [15:0] cmd_addr,     // bits above the buffer's depth unused
  /* verilator lint_on UNUSEDSIGNAL */
  input  wire [179:0] cmd_data,    // fields below, same positions
  input  wire [15:0] n_cmds,
  input  wire [15:0] ready_count,  // tiles whose operands have arrived (the DMA model)
  // X column and W row gatherers (accel_row_streamer x 2), one K-step at a time
  output wire        rd_active,
  output wire        rd_first,
  output wire [31:0] x_addr,
  output wire [7:0]  x_bytes,
  input  wire        x_last,
  output wire [31:0] w_addr,
  output wire [7:0]  w_bytes,
  input  wire        w_last,
  output wire [7:0]  cols,         // ct of the streaming tile (weights of columns >= ct are 0)
  output wire [15:0] step_k,       // index in its tile of the K-step being read (end_tile's tile)
  // into the array
  output wire        in_valid,     // a K-step enters the array
  output wire        in_end,       // the tile's last cycle in the array
  output wire [15:0] end_tile,
  output wire [15:0] end_acc_row,  // output-buffer row of the tile's row 0
  output wire [15:0] end_scale_row,
  output wire [3:0]  end_flags,    // {block end, first group of output, group end, group start}
  output wire [7:0]  end_rows,     // mt
  // events
  output reg         load_done,
  output reg  [15:0] load_done_tile,
  output reg         stream_done,
  output reg  [15:0] stream_done_tile
);
  // Command fields: w_addr [179:148], w_step [147:140], ct [139:132], kt [131:116],
  // mt [115:100], x_addr [99:68], x_stride [67:36], acc_row [35:20], scale_row [19:4],
  // flags [3:0] (group start, group end, first group of the output, block end).
  localparam integer CMD_BITS = 180;
  reg [CMD_BITS-1:0] cmds [0:MAX_CMDS-1];
  localparam integer IDX_BITS = $clog2(MAX_CMDS);
  always @(posedge host_clk)
    if (cmd_we) cmds[cmd_addr[IDX_BITS-1:0]] <= cmd_data;
  function automatic [CMD_BITS-1:0] command(input [IDX_BITS-1:0] i);
    command = cmds[i];
  endfunction

  // next_cmd: the command of tile `tile` (the next to start), read at clock edges only;
  // cmd: the streaming tile's.
  reg [CMD_BITS-1:0] next_cmd, cmd;
  reg [15:0] tile, cur_tile, k, cyc;
  reg        busy, steps_done, step_first;

  wire start = !busy && tile < n_cmds && ready_count > tile;
  wire active = busy || start;
  wire [CMD_BITS-1:0] c = busy ? cmd : next_cmd;
  wire [15:0] tile_now = busy ? cur_tile : tile;
  wire [15:0] k_now = busy ? k : 16'd0;
  wire [15:0] cyc_now = busy ? cyc : 16'd0;
  wire        all_issued = busy && steps_done;   // every K-step of the tile is in the array
  wire [15:0] kt = c[131:116];
  /* verilator lint_off UNUSEDSIGNAL */
  wire [7:0]  unused_mt_high = c[115:108];       // mt <= R <= 255: the field's high byte
  /* verilator lint_on UNUSEDSIGNAL */

  assign rd_active = active && !all_issued;
  assign rd_first = start || (busy && step_first);
  assign x_addr = c[99:68] + {16'd0, k_now} * c[67:36];
  assign x_bytes = c[107:100];
  assign w_addr = c[179:148] + {16'd0, k_now} * {24'd0, c[147:140]};
  assign w_bytes = c[147:140];
  assign cols = c[139:132];
  assign step_k = k_now;
  wire step_done = rd_active && x_last && w_last;
  wire last_step = step_done && k_now == kt - 16'd1;
  // The tile leaves the array once all its steps are in and it has been there R cycles.
  wire min_rows = (FAULT_NO_MIN_R != 0) || cyc_now >= 16'(ROWS - 1);
  wire tile_end = active && (all_issued || last_step) && min_rows;

  assign in_valid = step_done;
  assign in_end = tile_end;
  assign end_tile = tile_now;
  assign end_acc_row = c[35:20];
  assign end_scale_row = c[19:4];
  assign end_flags = c[3:0];
  assign end_rows = c[107:100];

  wire [15:0] tile_next = tile + 16'd1;
  always @(posedge clk) begin
    if (rst) next_cmd <= command({IDX_BITS{1'b0}});
    else if (start) next_cmd <= command(tile_next[IDX_BITS-1:0]);
    if (start) cmd <= next_cmd;
  end

  always @(posedge clk) begin
    load_done <= 1'b0;
    stream_done <= 1'b0;
    if (rst) begin
      tile <= 16'd0;
      cur_tile <= 16'd0;
      busy <= 1'b0;
      k <= 16'd0;
      cyc <= 16'd0;
      steps_done <= 1'b0;
      step_first <= 1'b0;
    end else if (active) begin
      if (start) begin
        tile <= tile_next;
        cur_tile <= tile;
      end
      busy <= !tile_end;
      cyc <= cyc_now + 16'd1;
      k <= step_done ? k_now + 16'd1 : k_now;
      steps_done <= all_issued || last_step;
      step_first <= step_done;
      if (tile_end) begin
        stream_done <= 1'b1;
        stream_done_tile <= tile_now;
        load_done <= 1'b1;
        load_done_tile <= tile_now;
      end
    end
  end
endmodule
`default_nettype wire
