// The exact FP32 product a*w of the accelerator top's float-lane cells (accel_cell_float,
// weight-stationary; accel_cell_os with FLOAT_LANE = 1, output-stationary), for the operand
// formats the buffers store:
//   A_FORMAT: 0 FP16, 1 BF16, 2 FP8 E4M3, 3 FP8 E5M2, 4 INT8 (A_WIDTH = 16 for FP16/BF16, else 8)
//   W_FORMAT: 0 FP16, 2 FP8 E4M3, 3 FP8 E5M2 (float weights: both operands widened to FP16,
//             exactly, and multiplied by fp16_mul - fp16-mac, fp8-mac, dequant-mac),
//             5 signed W_WIDTH-bit integer (the MixPE float-activation shift-and-add product,
//             shift_add_mul_fp16 with the activation format's field widths: w4a16, w4abf16,
//             w4afp8).
// Combinational; every product is exact in FP32 (no rounding).
`default_nettype none
module accel_float_product #(
  parameter integer A_WIDTH = 16,
  parameter integer W_WIDTH = 16,
  parameter integer A_FORMAT = 0,
  parameter integer W_FORMAT = 0
) (
  input  wire [A_WIDTH-1:0] a,
  input  wire [W_WIDTH-1:0] w,
  output wire [31:0]        product
);
  generate
    if (W_FORMAT == 5) begin : g_shift_add
      localparam integer EXP_WIDTH = A_FORMAT == 1 ? 8 : A_FORMAT == 2 ? 4 : 5;
      localparam integer MAN_WIDTH = A_FORMAT == 1 ? 7 : A_FORMAT == 2 ? 3 : 10;
      shift_add_mul_fp16 #(.W_WIDTH(W_WIDTH), .EXP_WIDTH(EXP_WIDTH), .MAN_WIDTH(MAN_WIDTH)) u_mul (
        .a_float(a[EXP_WIDTH+MAN_WIDTH:0]), .w(w), .p_fp32(product));
      if (EXP_WIDTH + MAN_WIDTH + 1 < A_WIDTH) begin : g_unused_a
        /* verilator lint_off UNUSEDSIGNAL */
        wire [A_WIDTH-1:0] unused_a = a;
        /* verilator lint_on UNUSEDSIGNAL */
      end
    end else begin : g_fp16_mul
      wire [15:0] a16, w16;
      if (A_FORMAT == 0) begin : g_a_fp16
        assign a16 = a[15:0];
      end else if (A_FORMAT == 2 || A_FORMAT == 3) begin : g_a_fp8
        fp8_to_fp16 #(.FORMAT(A_FORMAT - 2)) u_widen (.c(a[7:0]), .h(a16));
      end else begin : g_a_int8
        int8_to_fp16 #(.WIDTH(8)) u_widen (.v(a[7:0]), .h(a16));  // exact
      end
      if (W_FORMAT == 0) begin : g_w_fp16
        assign w16 = w[15:0];
      end else begin : g_w_fp8
        fp8_to_fp16 #(.FORMAT(W_FORMAT - 2)) u_widen (.c(w[7:0]), .h(w16));
      end
      fp16_mul u_mul (.a(a16), .w(w16), .p(product));
      if (A_WIDTH > 16 || (A_WIDTH > 8 && A_FORMAT != 0) || W_WIDTH > 16 ||
          (W_WIDTH > 8 && W_FORMAT != 0)) begin : g_unused_bits
        /* verilator lint_off UNUSEDSIGNAL */
        wire [A_WIDTH+W_WIDTH-1:0] unused_bits = {a, w};
        /* verilator lint_on UNUSEDSIGNAL */
      end
    end
  endgenerate
endmodule
`default_nettype wire
