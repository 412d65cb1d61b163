// The IIN's Mod2Weight (StyleGAN2 modulation/demodulation) for one pointwise layer of the IDN:
//   s       = e · W_style + b_style                  e [S] (the L2-normalised embedding), W_style [S, C_in]
//   w̃[o, c] = W[o, c] · (1 + s[c])
//   w[o, c] = w̃[o, c] / sqrt(Σ_c w̃[o, c]² + 1e-16)   every output filter gets unit L2 norm
// written as [C_out, C_in] into the IDN's own weight buffer. A workgroup handles 32 output rows: it first
// forms 1 + s for all C_in into workgroup memory (S MACs each), then 8 invocations per row reduce the
// row's squares and write the row.
struct Params {
  style_features: u32,
  in_channels: u32,
  out_channels: u32,
  out_offset: u32,
}

const THREADS: u32 = 256u;
const ROWS: u32 = 32u;
const LANES: u32 = 8u;  // THREADS / ROWS
const DEMOD_EPS: f32 = 1e-16;

@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> embedding: array<f32>;     // [S]
@group(0) @binding(2) var<storage, read_write> output: array<f32>;  // [C_out, C_in]
@group(1) @binding(0) var<storage, read> style_weight: array<f32>;  // [S, C_in] (Paddle Linear [in, out])
@group(1) @binding(1) var<storage, read> style_bias: array<f32>;    // [C_in]
@group(1) @binding(2) var<storage, read> weight: array<f32>;        // [C_out, C_in] (1×1 kernel)

var<workgroup> gain: array<f32, 1024>;   // 1 + s[c]
var<workgroup> squares: array<f32, 256>;

@compute @workgroup_size(256)
fn main(@builtin(local_invocation_index) lane: u32, @builtin(workgroup_id) wid: vec3<u32>) {
  let cin = params.in_channels;
  for (var c = lane; c < cin; c += THREADS) {
    var s = style_bias[c];
    for (var e = 0u; e < params.style_features; e++) { s += embedding[e] * style_weight[e * cin + c]; }
    gain[c] = 1.0 + s;
  }
  workgroupBarrier();

  let row = wid.x * ROWS + lane / LANES;
  let sub = lane % LANES;
  let live = row < params.out_channels;
  var sq = 0.0;
  if (live) {
    for (var c = sub; c < cin; c += LANES) {
      let v = weight[row * cin + c] * gain[c];
      sq += v * v;
    }
  }
  squares[lane] = sq;
  workgroupBarrier();
  if (!live) { return; }
  let first = lane - sub;
  var total = 0.0;
  for (var l = 0u; l < LANES; l++) { total += squares[first + l]; }
  let inv = 1.0 / sqrt(total + DEMOD_EPS);
  for (var c = sub; c < cin; c += LANES) {
    output[params.out_offset + row * cin + c] = weight[row * cin + c] * gain[c] * inv;
  }
}
