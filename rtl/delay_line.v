// DEPTH registers in a row (DEPTH = 0: a wire): the input skew and output deskew of the
// systolic arrays, and the tag and dequant pipelines of the accelerator top. One always block
// per stage (Verilator cannot delay-assign wide array elements inside a procedural loop).
`default_nettype none
module delay_line #(
  parameter integer WIDTH = 8,
  parameter integer DEPTH = 1
) (
  input  wire             clk,
  input  wire [WIDTH-1:0] d,
  output wire [WIDTH-1:0] q
);
  generate
    if (DEPTH == 0) begin : g_wire
      assign q = d;
      /* verilator lint_off UNUSEDSIGNAL */
      wire unused_clk = clk;  // no register at depth 0
      /* verilator lint_on UNUSEDSIGNAL */
    end else begin : g_regs
      // One register per stage (not an array): Verilator keeps each as a plain variable.
      genvar s;
      for (s = 0; s < DEPTH; s = s + 1) begin : g_stage
        reg [WIDTH-1:0] q_r;
        if (s == 0) begin : g_first
          always @(posedge clk) q_r <= d;
        end else begin : g_next
          always @(posedge clk) q_r <= g_stage[s-1].q_r;
        end
      end
      assign q = g_stage[DEPTH-1].q_r;
    end
  endgenerate
endmodule
`default_nettype wire
