// One cell of the weight-stationary MixPE systolic array (mixpe_array).
// The cell holds one INT4 weight; the activation passes through to the right and the partial
// sum passes down, both registered, so data moves one cell per cycle:
//   a_out <= a_in ;  psum_out <= psum_in + a_in * w   (shift-and-add product, no multiplier)
`default_nettype none
module mixpe_array_cell #(
  parameter integer A_WIDTH = 8,
  parameter integer W_WIDTH = 4,
  parameter integer PSUM_WIDTH = 14,
  parameter integer FAULT_SHIFT_BIT = -1  // harness self-check hook, see shift_add_mul
) (
  input  wire                         clk,
  input  wire                         w_load,    // capture w_in as this cell's weight
  input  wire signed [W_WIDTH-1:0]    w_in,
  input  wire signed [A_WIDTH-1:0]    a_in,
  input  wire signed [PSUM_WIDTH-1:0] psum_in,
  output reg  signed [A_WIDTH-1:0]    a_out,
  output reg  signed [PSUM_WIDTH-1:0] psum_out
);
  localparam integer P_WIDTH = A_WIDTH + W_WIDTH;
  reg  signed [W_WIDTH-1:0] weight;
  wire signed [P_WIDTH-1:0] product;
  shift_add_mul #(
    .A_WIDTH(A_WIDTH), .W_WIDTH(W_WIDTH), .FAULT_SHIFT_BIT(FAULT_SHIFT_BIT)
  ) u_mul (.a(a_in), .w(weight), .p(product));
  wire signed [PSUM_WIDTH-1:0] product_ext =
      {{(PSUM_WIDTH - P_WIDTH){product[P_WIDTH-1]}}, product};

  always @(posedge clk) begin
    if (w_load) weight <= w_in;
    a_out    <= a_in;
    psum_out <= psum_in + product_ext;
  end
endmodule
`default_nettype wire
