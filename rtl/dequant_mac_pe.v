// Conventional "dequantize first" PE (the dequant-mac baseline), integer-scale form.
// Every weight is dequantized before it is used: w_hat = (q - z) * s_int (a multiplier), then
// multiplied by the activation (a second multiplier) and accumulated:
//   acc <= (clear ? 0 : acc) + a * ((q - z) * s_int)
// Over a dot product this equals sum_g s_int[g] * sum_{k in g} a_k (q_k - z_g), the same integer
// the MixPE path (mixpe_pe + group_dequant_unit) produces, but with two multipliers per PE and
// a wide accumulator instead of a shift-add tree and a narrow group accumulator.
// q and z are unsigned W_WIDTH-bit codes (a symmetric signed code maps to q + 2^(W-1) with
// z = 2^(W-1)); s_int is an unsigned S_WIDTH-bit integer scale.
`default_nettype none
module dequant_mac_pe #(
  parameter integer A_WIDTH = 8,
  parameter integer W_WIDTH = 4,
  parameter integer S_WIDTH = 8,
  parameter integer ACC_WIDTH = 32
) (
  input  wire                        clk,
  input  wire                        rst,       // synchronous, active high
  input  wire                        in_valid,
  input  wire                        clear,     // with in_valid: this input starts a new sum
  input  wire signed [A_WIDTH-1:0]   a,
  input  wire        [W_WIDTH-1:0]   q,
  input  wire        [W_WIDTH-1:0]   z,
  input  wire        [S_WIDTH-1:0]   s_int,
  output reg  signed [ACC_WIDTH-1:0] acc
);
  localparam integer C_WIDTH = W_WIDTH + 1;            // q - z in [-(2^W-1), 2^W-1]
  localparam integer D_WIDTH = C_WIDTH + S_WIDTH + 1;  // (q - z) * s_int, signed
  localparam integer P_WIDTH = A_WIDTH + D_WIDTH;

  wire signed [C_WIDTH-1:0] centred = $signed({1'b0, q}) - $signed({1'b0, z});
  // Dequantize: a signed x unsigned multiply, the scale zero-extended to stay positive.
  wire signed [D_WIDTH-1:0] w_hat = centred * $signed({1'b0, s_int});
  wire signed [P_WIDTH-1:0] product = a * w_hat;
  wire signed [ACC_WIDTH-1:0] product_acc =
      {{(ACC_WIDTH - P_WIDTH){product[P_WIDTH-1]}}, product};

  always @(posedge clk) begin
    if (rst) begin
      acc <= {ACC_WIDTH{1'b0}};
    end else if (in_valid) begin
      acc <= (clear ? {ACC_WIDTH{1'b0}} : acc) + product_acc;
    end
  end
endmodule
`default_nettype wire
