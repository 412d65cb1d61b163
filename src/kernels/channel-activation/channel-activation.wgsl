// In-place activation of an NCHW tensor: a conv's fused Relu/Prelu/Sigmoid when the conv kernel cannot apply
// it itself (per-channel PReLU). The tensor is the only buffer bound, read and written by the same invocation.
// Activation: ACTIVATION/NEGATIVE_SLOPE from common/activation.wgsl, or a per-channel PReLU in main_prelu.
struct Params {
  channels: u32,
  pixels: u32,
}

override WORKGROUP_SIZE: u32 = 64u;

@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read_write> data: array<f32>;
@group(1) @binding(0) var<storage, read> alpha: array<f32>;  // [C], main_prelu only

fn flat_index(gid: vec3<u32>, groups: vec3<u32>) -> u32 {
  return gid.x + gid.y * groups.x * WORKGROUP_SIZE;
}

@compute @workgroup_size(WORKGROUP_SIZE)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) groups: vec3<u32>) {
  let i = flat_index(gid, groups);
  if (i >= params.channels * params.pixels) { return; }
  data[i] = activate(data[i]);
}

@compute @workgroup_size(WORKGROUP_SIZE)
fn main_prelu(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) groups: vec3<u32>) {
  let i = flat_index(gid, groups);
  if (i >= params.channels * params.pixels) { return; }
  let v = data[i];
  data[i] = select(v * alpha[i / params.pixels], v, v >= 0.0);
}
