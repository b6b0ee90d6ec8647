// Float-lane cell of the accelerator top's weight-stationary array (accel_array with
// FLOAT_LANE = 1): the FP32 counterpart of accel_cell, for the PE types whose array lane is
// Lane::Float32 (sim/pe/pe_type.hpp). Same movement (activation right, partial sum down, one
// cell per cycle) and the same tile-tag weight file (see accel_cell); the partial sum is an FP32
// bit pattern and each cell does psum_out <= fl32(psum_in + a*w), round half to even (fp32_add),
// with a*w exact in FP32 - the register update of sim/array/wavefront.hpp for float lanes
// ("psum <- psum_above + a*w": product, then add).
// Operand formats (as the buffers store them and the weight register holds them):
//   A_FORMAT: 0 FP16, 1 BF16, 2 FP8 E4M3, 3 FP8 E5M2, 4 INT8 (A_WIDTH = 16 for FP16/BF16, else 8)
//   W_FORMAT: 0 FP16, 2 FP8 E4M3, 3 FP8 E5M2 (float weights: both operands widened to FP16,
//             exactly, and multiplied by fp16_mul - fp16-mac, fp8-mac, dequant-mac),
//             5 signed W_WIDTH-bit integer (the MixPE float-activation shift-and-add product,
//             shift_add_mul_fp16 with the activation format's field widths: w4a16, w4abf16,
//             w4afp8).
// Operand contract: finite values whose partial sums stay zero or FP32-normal (fp32_add's).
`default_nettype none
module accel_cell_float #(
  parameter integer A_WIDTH = 16,
  parameter integer W_WIDTH = 16,
  parameter integer SLOT_WIDTH = 6,
  parameter integer A_FORMAT = 0,
  parameter integer W_FORMAT = 0,
  // Harness self-check hook ONLY: 1 = the cell's adder rounds ties away from zero (fp32_add's
  // FAULT_TIES_AWAY). 0 (the default) is correct.
  parameter integer FAULT_TIES_AWAY = 0
) (
  input  wire                  clk,
  input  wire                  w_we,
  input  wire [SLOT_WIDTH-1:0] w_slot,
  input  wire [W_WIDTH-1:0]    w_in,
  input  wire [A_WIDTH-1:0]    a_in,
  input  wire [SLOT_WIDTH-1:0] slot_in,
  input  wire [31:0]           psum_in,
  output reg  [A_WIDTH-1:0]    a_out,
  output reg  [SLOT_WIDTH-1:0] slot_out,
  output reg  [31:0]           psum_out
);
  localparam integer SLOTS = 1 << SLOT_WIDTH;
  reg  [W_WIDTH-1:0] weights [0:SLOTS-1];
  // Write-through, as in accel_cell: the first row of a tile reaches cell (0, 0) in the take cycle.
  wire [W_WIDTH-1:0] weight = (w_we && w_slot == slot_in) ? w_in : weights[slot_in];

  wire [31:0] product;
  generate
    if (W_FORMAT == 5) begin : g_shift_add
      localparam integer EXP_WIDTH = A_FORMAT == 1 ? 8 : A_FORMAT == 2 ? 4 : 5;
      localparam integer MAN_WIDTH = A_FORMAT == 1 ? 7 : A_FORMAT == 2 ? 3 : 10;
      shift_add_mul_fp16 #(.W_WIDTH(W_WIDTH), .EXP_WIDTH(EXP_WIDTH), .MAN_WIDTH(MAN_WIDTH)) u_mul (
        .a_float(a_in[EXP_WIDTH+MAN_WIDTH:0]), .w(weight), .p_fp32(product));
      if (EXP_WIDTH + MAN_WIDTH + 1 < A_WIDTH) begin : g_unused_a
        /* verilator lint_off UNUSEDSIGNAL */
        wire [A_WIDTH-1:0] unused_a = a_in;
        /* verilator lint_on UNUSEDSIGNAL */
      end
    end else begin : g_fp16_mul
      wire [15:0] a16, w16;
      if (A_FORMAT == 0) begin : g_a_fp16
        assign a16 = a_in[15:0];
      end else if (A_FORMAT == 2 || A_FORMAT == 3) begin : g_a_fp8
        fp8_to_fp16 #(.FORMAT(A_FORMAT - 2)) u_widen (.c(a_in[7:0]), .h(a16));
      end else begin : g_a_int8
        int8_to_fp16 #(.WIDTH(8)) u_widen (.v(a_in[7:0]), .h(a16));  // exact
      end
      if (W_FORMAT == 0) begin : g_w_fp16
        assign w16 = weight[15:0];
      end else begin : g_w_fp8
        fp8_to_fp16 #(.FORMAT(W_FORMAT - 2)) u_widen (.c(weight[7:0]), .h(w16));
      end
      fp16_mul u_mul (.a(a16), .w(w16), .p(product));
      if (A_WIDTH > 16 || (A_WIDTH > 8 && A_FORMAT != 0) || W_WIDTH > 16 ||
          (W_WIDTH > 8 && W_FORMAT != 0)) begin : g_unused_bits
        /* verilator lint_off UNUSEDSIGNAL */
        wire [A_WIDTH+W_WIDTH-1:0] unused_bits = {a_in, weight};
        /* verilator lint_on UNUSEDSIGNAL */
      end
    end
  endgenerate

  wire [31:0] sum;
  fp32_add #(.FAULT_TIES_AWAY(FAULT_TIES_AWAY)) u_add (.x(psum_in), .y(product), .sum(sum));
  always @(posedge clk) begin
    if (w_we) weights[w_slot] <= w_in;
    a_out    <= a_in;
    slot_out <= slot_in;
    psum_out <= sum;
  end
endmodule
`default_nettype wire
