// Timing probe for tests/rtl/cell_flow_test.cpp: DEPTH chained 16-bit add-and-rotate stages
// between input and output registers. A larger DEPTH is a strictly longer register-to-register
// path, so the flow must report a lower f_max for it.
`default_nettype none
module path_probe #(
  parameter integer DEPTH = 2
) (
  input  wire        clk,
  input  wire [15:0] a,
  input  wire [15:0] b,
  output reg  [15:0] y
);
  reg [15:0] a_q, b_q;
  reg [15:0] stage [0:DEPTH];
  integer i;
  always @* begin
    stage[0] = a_q;
    for (i = 0; i < DEPTH; i = i + 1) begin
      stage[i + 1] = (stage[i] + b_q) ^ {stage[i][14:0], stage[i][15]};
    end
  end
  always @(posedge clk) begin
    a_q <= a;
    b_q <= b;
    y <= stage[DEPTH];
  end
endmodule
`default_nettype wire
