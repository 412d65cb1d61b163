// out = act(input + residual), NCHW, one invocation per output element: the tail of a BlazeBlock, where a
// TF graph has AddV2 → Relu/Prelu. The residual may be a 2×2/stride-2 max pool of a larger tensor and may
// cover only some channels (a zero channel Pad), so the pooled and padded shortcut is never stored
// (residual_at, in residual.wgsl).
// Activation: ACTIVATION/NEGATIVE_SLOPE from common/activation.wgsl (ReLU = LeakyReLU with slope 0),
// or a per-channel PReLU in main_prelu.
struct Params {
  channels: u32,
  height: u32,
  width: u32,
  res_channels: u32,
  res_channel_offset: u32,
  res_h: u32,
  res_w: u32,
}

override WORKGROUP_SIZE: u32 = 64u;

@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> input: array<f32>;
@group(0) @binding(2) var<storage, read> residual: array<f32>;
@group(0) @binding(3) var<storage, read_write> output: array<f32>;
@group(1) @binding(0) var<storage, read> alpha: array<f32>;  // [C], main_prelu only

struct Element {
  index: u32,
  c: u32,
  sum: f32,
  valid: bool,
}

fn element(gid: vec3<u32>, groups: vec3<u32>) -> Element {
  let index = gid.x + gid.y * groups.x * WORKGROUP_SIZE;
  let plane = params.height * params.width;
  if (index >= params.channels * plane) { return Element(index, 0u, 0.0, false); }
  let c = index / plane;
  let p = index - c * plane;
  let y = p / params.width;
  return Element(index, c, input[index] + residual_at(c, y, p - y * params.width), true);
}

@compute @workgroup_size(WORKGROUP_SIZE)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) groups: vec3<u32>) {
  let e = element(gid, groups);
  if (!e.valid) { return; }
  output[e.index] = activate(e.sum);
}

@compute @workgroup_size(WORKGROUP_SIZE)
fn main_prelu(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) groups: vec3<u32>) {
  let e = element(gid, groups);
  if (!e.valid) { return; }
  output[e.index] = select(e.sum * alpha[e.c], e.sum, e.sum >= 0.0);
}
