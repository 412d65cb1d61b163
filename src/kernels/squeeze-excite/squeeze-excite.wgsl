// The tail of an IR-SE block after its second conv (BN folded in), fused into one pass:
//   h    = PReLU_se(mean · W1 + b1)              W1 [C, R] (Paddle Linear [in, out]), R = C/16
//   g[c] = sigmoid(h · W2[:, c] + b2[c])         W2 [R, C]
//   out  = PReLU_block(branch · g[c] + shortcut)   (+ optional per-channel affine: the head's BatchNorm)
// `mean` is the channel mean of `branch` (global-avg-pool, one dispatch earlier). Every workgroup recomputes
// the R hidden units (C·R ≤ 16 K MACs), which is cheaper than another dispatch; each invocation then forms
// its own channel's gate (R MACs) and writes one element.
// se_weights packs the SE's own parameters: [W1 (C·R) | b1 (R) | se slope (1) | W2 (R·C) | b2 (C)].
struct Params {
  channels: u32,
  reduced: u32,
  pixels: u32,
  out_offset: u32,
}

const WORKGROUP_SIZE: u32 = 256u;

@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> mean: array<f32>;      // [C]
@group(0) @binding(2) var<storage, read> branch: array<f32>;    // [C, H·W], the residual branch
@group(0) @binding(3) var<storage, read> shortcut: array<f32>;  // [C, H·W]
@group(0) @binding(4) var<storage, read_write> output: array<f32>;
@group(1) @binding(0) var<storage, read> se_weights: array<f32>;
@group(1) @binding(1) var<storage, read> slope: array<f32>;       // [1], the block's PReLU
@group(1) @binding(2) var<storage, read> out_affine: array<f32>;  // [2, C] scale, shift (main_affine)

var<workgroup> hidden: array<f32, 256>;

fn prelu(v: f32, a: f32) -> f32 {
  return select(v * a, v, v >= 0.0);
}

fn compute_hidden(lane: u32) {
  let c_count = params.channels;
  let r_count = params.reduced;
  let b1 = c_count * r_count;
  let se_slope = se_weights[b1 + r_count];
  for (var r = lane; r < r_count; r += WORKGROUP_SIZE) {
    var h = se_weights[b1 + r];
    for (var c = 0u; c < c_count; c++) { h += mean[c] * se_weights[c * r_count + r]; }
    hidden[r] = prelu(h, se_slope);
  }
}

fn excite(i: u32) -> f32 {
  let c_count = params.channels;
  let r_count = params.reduced;
  let c = i / params.pixels;
  let w2 = c_count * r_count + r_count + 1u;
  var z = se_weights[w2 + r_count * c_count + c];
  for (var r = 0u; r < r_count; r++) { z += hidden[r] * se_weights[w2 + r * c_count + c]; }
  let g = 1.0 / (1.0 + exp(-z));
  return prelu(branch[i] * g + shortcut[i], slope[0]);
}

@compute @workgroup_size(256)
fn main(@builtin(local_invocation_index) lane: u32, @builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) groups: vec3<u32>) {
  compute_hidden(lane);
  workgroupBarrier();
  let i = gid.x + gid.y * groups.x * WORKGROUP_SIZE;
  if (i >= params.channels * params.pixels) { return; }
  output[params.out_offset + i] = excite(i);
}

@compute @workgroup_size(256)
fn main_affine(@builtin(local_invocation_index) lane: u32, @builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) groups: vec3<u32>) {
  compute_hidden(lane);
  workgroupBarrier();
  let i = gid.x + gid.y * groups.x * WORKGROUP_SIZE;
  if (i >= params.channels * params.pixels) { return; }
  let c = i / params.pixels;
  output[params.out_offset + i] = excite(i) * out_affine[c] + out_affine[params.channels + c];
}
