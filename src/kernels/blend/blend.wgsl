// The IDN's in-crop blend: gen = (tanh_out + 1) / 2, out = gen·m + crop·(1 − m), with the [0, 1] input crop
// (not the normalised one) and the sigmoid mask m broadcast over the three channels.
struct Params {
  pixels: u32,
}

override WORKGROUP_SIZE: u32 = 64u;

@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> tanh_image: array<f32>;  // [3, H, W] in [−1, 1]
@group(0) @binding(2) var<storage, read> mask: array<f32>;        // [1, H, W] in [0, 1]
@group(0) @binding(3) var<storage, read> crop: array<f32>;        // [3, H, W] in [0, 1]
@group(0) @binding(4) var<storage, read_write> output: array<f32>; // [3, H, W]

@compute @workgroup_size(WORKGROUP_SIZE)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) groups: vec3<u32>) {
  let i = gid.x + gid.y * groups.x * WORKGROUP_SIZE;
  if (i >= 3u * params.pixels) { return; }
  let m = mask[i % params.pixels];
  let generated = (tanh_image[i] + 1.0) * 0.5;
  output[i] = generated * m + crop[i] * (1.0 - m);
}
