// MixPE processing element: shift-and-add INT4 x INT8 product and a group accumulator.
// The PE sums a*q over GROUP_SIZE consecutive valid inputs (one quantization group along K)
// and emits the exact integer group partial sum P = sum_{k in g} a_k * q_k on group_valid for
// one cycle, one cycle after the group's last input; the accumulator then restarts at zero,
// so dequantization (s * P) happens once per group outside the PE (group_dequant_unit).
//
// Accumulator width: |a*q| <= 2^(A-1) * 2^(W-1) (reached by a = -2^(A-1), q = -2^(W-1)), so a
// group sum needs A + W - 1 + clog2(G) magnitude bits plus a sign bit:
// ACC_WIDTH = A_WIDTH + W_WIDTH + clog2(GROUP_SIZE) (19 for INT8 x INT4, G = 128). One bit less
// overflows on a full-scale group (all a = -128, q = -8: 128 * 1024 = 2^17 > 2^17 - 1); the
// harness verilates an ACC_WIDTH - 1 copy and shows that overflow.
`default_nettype none
module mixpe_pe #(
  parameter integer A_WIDTH = 8,
  parameter integer W_WIDTH = 4,
  parameter integer GROUP_SIZE = 128,
  parameter integer ACC_WIDTH = A_WIDTH + W_WIDTH + $clog2(GROUP_SIZE),
  parameter integer FAULT_SHIFT_BIT = -1  // harness self-check hook, see shift_add_mul
) (
  input  wire                        clk,
  input  wire                        rst,        // synchronous, active high
  input  wire                        in_valid,
  input  wire signed [A_WIDTH-1:0]   a,
  input  wire signed [W_WIDTH-1:0]   w,
  output reg                         group_valid,
  output reg  signed [ACC_WIDTH-1:0] group_sum
);
  localparam integer P_WIDTH = A_WIDTH + W_WIDTH;
  // Counter width that can hold GROUP_SIZE - 1 (at least one bit for GROUP_SIZE == 1).
  localparam integer CNT_WIDTH = (GROUP_SIZE > 1) ? $clog2(GROUP_SIZE) : 1;
  localparam [CNT_WIDTH-1:0] LAST_INDEX = CNT_WIDTH'(GROUP_SIZE - 1);

  wire signed [P_WIDTH-1:0] product;
  shift_add_mul #(
    .A_WIDTH(A_WIDTH), .W_WIDTH(W_WIDTH), .FAULT_SHIFT_BIT(FAULT_SHIFT_BIT)
  ) u_mul (.a(a), .w(w), .p(product));

  reg  signed [ACC_WIDTH-1:0] acc;
  reg         [CNT_WIDTH-1:0] count;  // inputs of the current group seen so far
  // The product sign-extended (or truncated, for a deliberately too-narrow ACC_WIDTH) to the
  // accumulator width: a narrow accumulator wraps exactly as the hardware would.
  wire signed [ACC_WIDTH-1:0] product_acc;
  generate
    if (ACC_WIDTH >= P_WIDTH) begin : g_extend
      assign product_acc = {{(ACC_WIDTH - P_WIDTH){product[P_WIDTH-1]}}, product};
    end else begin : g_truncate
      assign product_acc = product[ACC_WIDTH-1:0];
    end
  endgenerate
  wire signed [ACC_WIDTH-1:0] acc_next = acc + product_acc;

  always @(posedge clk) begin
    if (rst) begin
      acc         <= {ACC_WIDTH{1'b0}};
      count       <= {CNT_WIDTH{1'b0}};
      group_valid <= 1'b0;
      group_sum   <= {ACC_WIDTH{1'b0}};
    end else begin
      group_valid <= 1'b0;
      if (in_valid) begin
        if (count == LAST_INDEX) begin
          group_sum   <= acc_next;
          group_valid <= 1'b1;
          acc         <= {ACC_WIDTH{1'b0}};
          count       <= {CNT_WIDTH{1'b0}};
        end else begin
          acc   <= acc_next;
          count <= count + 1'b1;
        end
      end
    end
  end
endmodule
`default_nettype wire
