// Depthwise convolution with TensorFlow's padding rule, NCHW, batch 1, one invocation per output element.
// TF "SAME" pads (out−1)·stride + K − in in total, the smaller half on top/left, so a stride-2 layer on an even
// input pads only bottom/right: pad_top and pad_left are uniforms and the far side is implied by out_h/out_w
// (taps that leave the image read zero). "VALID" is pad_top = pad_left = 0.
struct Params {
  channels: u32,
  in_h: u32,
  in_w: u32,
  out_h: u32,
  out_w: u32,
  pad_top: u32,
  pad_left: u32,
}

override KERNEL_SIZE: u32 = 3u;
override STRIDE: u32 = 1u;
override WORKGROUP_SIZE: u32 = 64u;

@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> input: array<f32>;
@group(0) @binding(2) var<storage, read_write> output: array<f32>;
@group(1) @binding(0) var<storage, read> weight: array<f32>;  // [C, K, K]

@compute @workgroup_size(WORKGROUP_SIZE)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) groups: vec3<u32>) {
  // A 2-D grid of workgroups keeps large tensors under the 65535-per-axis limit.
  let index = gid.x + gid.y * groups.x * WORKGROUP_SIZE;
  let plane = params.out_h * params.out_w;
  if (index >= params.channels * plane) { return; }
  let c = index / plane;
  let p = index - c * plane;
  let oy = p / params.out_w;
  let ox = p - oy * params.out_w;
  let y0 = i32(oy * STRIDE) - i32(params.pad_top);
  let x0 = i32(ox * STRIDE) - i32(params.pad_left);
  let base = c * params.in_h * params.in_w;
  let wbase = c * KERNEL_SIZE * KERNEL_SIZE;
  var acc = 0.0;
  for (var ky = 0u; ky < KERNEL_SIZE; ky++) {
    let iy = y0 + i32(ky);
    if (iy < 0 || iy >= i32(params.in_h)) { continue; }
    let row = base + u32(iy) * params.in_w;
    for (var kx = 0u; kx < KERNEL_SIZE; kx++) {
      let ix = x0 + i32(kx);
      if (ix < 0 || ix >= i32(params.in_w)) { continue; }
      acc += weight[wbase + ky * KERNEL_SIZE + kx] * input[row + u32(ix)];
    }
  }
  output[index] = acc;
}
