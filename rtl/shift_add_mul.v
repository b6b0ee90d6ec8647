// INT4 x INT8 multiplication by shift-and-add (the MixPE datapath, no multiplier).
// A signed W_WIDTH-bit weight q = -2^(W-1)*b[W-1] + sum_{i<W-1} b[i]*2^i, so
//   a*q = sum_{i<W-1} b[i]*(a<<i) - b[W-1]*(a<<(W-1)):
// each weight bit selects a shifted copy of the activation (an AND gate per bit, the shift is
// wiring), the sign bit's term is subtracted, and an adder tree sums the partial products.
// Combinational; the exact product always fits A_WIDTH+W_WIDTH bits.
`default_nettype none
module shift_add_mul #(
  parameter integer A_WIDTH = 8,  // signed activation width
  parameter integer W_WIDTH = 4,  // signed weight width (5 for asymmetric centred codes q-z)
  // Test hook for the harness self-check ONLY: when 0 <= FAULT_SHIFT_BIT < W_WIDTH-1, the
  // partial product of that weight bit is shifted one position too far (a<<(i+1) instead of
  // a<<i), a one-bit wiring error. -1 (the default) is the correct datapath.
  parameter integer FAULT_SHIFT_BIT = -1
) (
  input  wire signed [A_WIDTH-1:0]         a,
  input  wire signed [W_WIDTH-1:0]         w,
  output wire signed [A_WIDTH+W_WIDTH-1:0] p
);
  localparam integer P_WIDTH = A_WIDTH + W_WIDTH;

  // Sign-extended activation: every partial product lives in the full product width.
  wire signed [P_WIDTH-1:0] a_ext = {{W_WIDTH{a[A_WIDTH-1]}}, a};

  // partial[i] = b[i] ? a<<i : 0
  wire signed [P_WIDTH-1:0] partial [0:W_WIDTH-1];

  genvar i;
  generate
    for (i = 0; i < W_WIDTH; i = i + 1) begin : g_partial
      localparam integer SHIFT = (i == FAULT_SHIFT_BIT) ? i + 1 : i;
      assign partial[i] = w[i] ? (a_ext <<< SHIFT) : {P_WIDTH{1'b0}};
    end
  endgenerate

  // Adder chain over the magnitude bits' terms (synthesis rebalances it into a tree).
  reg signed [P_WIDTH-1:0] magnitude_sum;
  integer k;
  always @* begin
    magnitude_sum = {P_WIDTH{1'b0}};
    for (k = 0; k < W_WIDTH - 1; k = k + 1) magnitude_sum = magnitude_sum + partial[k];
  end

  // The sign bit weighs -2^(W-1): its term is subtracted, not added.
  assign p = magnitude_sum - partial[W_WIDTH-1];
endmodule
`default_nettype wire
