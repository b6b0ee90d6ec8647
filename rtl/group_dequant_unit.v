// Per-column group dequantization unit, integer-scale form (one per array column).
// For each group partial sum P_g arriving from the column (psum_valid), it multiplies by the
// group's integer scale s_int = round(s * 2^alpha) and accumulates: acc += s_int * P_g.
// With `last` (the output's final group) it emits the exact integer y_int = sum_g s_int*P_g and
// y_shifted = y_int >>> shift (arithmetic shift = floor division by 2^alpha), then clears.
// One multiply per GROUP instead of one dequantization per weight: this is where MixPE puts
// the scale. The remaining float factor s_a * 2^(-alpha) (per token) is applied downstream.
`default_nettype none
module group_dequant_unit #(
  parameter integer PSUM_WIDTH = 19,  // mixpe_pe ACC_WIDTH
  // Unsigned integer scale: 32 bits hold any s_int of the INT32 integer-scale contract
  // (models/integer_scale.hpp: alpha is chosen so that every s_int * P fits INT32).
  parameter integer S_WIDTH = 32,
  // Exact for up to 2^(OUT_WIDTH - PSUM_WIDTH - S_WIDTH - 1) = 2^12 groups per output.
  parameter integer OUT_WIDTH = 64,
  parameter integer SHIFT_WIDTH = 6
) (
  input  wire                         clk,
  input  wire                         rst,        // synchronous, active high
  input  wire                         psum_valid,
  input  wire                         last,       // with psum_valid: final group of this output
  input  wire signed [PSUM_WIDTH-1:0] psum,
  input  wire        [S_WIDTH-1:0]    s_int,
  input  wire        [SHIFT_WIDTH-1:0] shift,     // alpha, sampled with the last group
  output reg                          out_valid,
  output reg  signed [OUT_WIDTH-1:0]  y_int,
  output reg  signed [OUT_WIDTH-1:0]  y_shifted
);
  localparam integer M_WIDTH = PSUM_WIDTH + S_WIDTH + 1;  // signed x unsigned product
  wire signed [M_WIDTH-1:0] scaled = psum * $signed({1'b0, s_int});
  wire signed [OUT_WIDTH-1:0] scaled_ext = {{(OUT_WIDTH - M_WIDTH){scaled[M_WIDTH-1]}}, scaled};

  reg  signed [OUT_WIDTH-1:0] acc;
  wire signed [OUT_WIDTH-1:0] acc_next = acc + scaled_ext;

  always @(posedge clk) begin
    if (rst) begin
      acc       <= {OUT_WIDTH{1'b0}};
      out_valid <= 1'b0;
      y_int     <= {OUT_WIDTH{1'b0}};
      y_shifted <= {OUT_WIDTH{1'b0}};
    end else begin
      out_valid <= 1'b0;
      if (psum_valid) begin
        if (last) begin
          y_int     <= acc_next;
          y_shifted <= acc_next >>> shift;
          out_valid <= 1'b1;
          acc       <= {OUT_WIDTH{1'b0}};
        end else begin
          acc <= acc_next;
        end
      end
    end
  end
endmodule
`default_nettype wire
