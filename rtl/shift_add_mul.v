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

  // Term i is the shifted activation ANDed with weight bit i (the AND gates of the header); the
  // running sum over terms 0..i is an adder chain (synthesis rebalances it into a tree), and the
  // sign bit's term, weighing -2^(W-1), is subtracted. Written as AND masks and named wires of
  // each generate block (not `b[i] ? a<<i : 0` in an unpacked array summed by a procedural loop):
  // the logic is the same, but Verilator then emits branch-free code (random weight bits made
  // every select a mispredicted branch; the 32 x 32 top simulates about twice as fast) and keeps
  // the terms as temporaries. ABC maps the AND form of mixpe_pe to 880 cells / 3866 transistors
  // (597.4 um^2 with the standard cells) where the select form gave 880 / 3870 (592.6 um^2).
  genvar i;
  generate
    for (i = 0; i < W_WIDTH; i = i + 1) begin : g_term
      localparam integer SHIFT = (i == FAULT_SHIFT_BIT) ? i + 1 : i;
      wire signed [P_WIDTH-1:0] partial = (a_ext <<< SHIFT) & {P_WIDTH{w[i]}};
      wire signed [P_WIDTH-1:0] sum;
      if (i == 0 && W_WIDTH == 1) begin : g_sign_only
        assign sum = -partial;
      end else if (i == 0) begin : g_first
        assign sum = partial;
      end else if (i < W_WIDTH - 1) begin : g_magnitude
        assign sum = g_term[i - 1].sum + partial;
      end else begin : g_sign
        assign sum = g_term[i - 1].sum - partial;
      end
    end
  endgenerate
  assign p = g_term[W_WIDTH - 1].sum;
endmodule
`default_nettype wire
