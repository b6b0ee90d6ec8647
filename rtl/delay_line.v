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
      reg [WIDTH-1:0] stage [0:DEPTH-1];
      always @(posedge clk) stage[0] <= d;
      genvar s;
      for (s = 1; s < DEPTH; s = s + 1) begin : g_stage
        always @(posedge clk) stage[s] <= stage[s-1];
      end
      assign q = stage[DEPTH-1];
    end
  endgenerate
endmodule
`default_nettype wire
