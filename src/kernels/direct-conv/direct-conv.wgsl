// Dense 2-D convolution for few input channels (a network's first layer on an RGB image, small heads), NCHW,
// batch 1, TensorFlow padding: pad_top/pad_left uniforms, the far side implied by the output size (taps
// outside the image read zero). Direct, no tiling: one invocation computes 8 consecutive output channels
// of one output pixel, so every input tap is loaded once per 8 channels and the weights of a tap are two
// vec4 loads. With C_in·K² ≤ ~300 taps this beats a GEMM tile whose reduction would be mostly decoding.
//
// Weights are stored tap-major, [C_in·KH·KW, C_out padded to 8] (plan-time transpose), bias padded to 8.
// Epilogue: + bias [+ residual], then ACTIVATION/NEGATIVE_SLOPE (common/activation.wgsl) or a per-channel
// PReLU (_prelu entry points). The _residual entry points add a shortcut (residual_at in
// add-activation/residual.wgsl: optionally 2×2 max-pooled and channel-padded) before the activation, so a
// BlazeBlock's 1×1 conv, AddV2 and Relu/Prelu are one dispatch.
struct Params {
  c_in: u32,
  c_out: u32,
  in_h: u32,
  in_w: u32,
  out_h: u32,
  out_w: u32,
  pad_top: u32,
  pad_left: u32,
  res_channels: u32,
  res_channel_offset: u32,
  res_h: u32,
  res_w: u32,
}

override KERNEL_H: u32 = 3u;
override KERNEL_W: u32 = 3u;
override STRIDE: u32 = 1u;
override WORKGROUP_SIZE: u32 = 64u;

@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> input: array<f32>;
@group(0) @binding(2) var<storage, read_write> output: array<f32>;
@group(0) @binding(3) var<storage, read> residual: array<f32>;     // _residual entry points only
@group(1) @binding(0) var<storage, read> weight: array<vec4<f32>>;  // [taps, C_out8 / 4]
@group(1) @binding(1) var<storage, read> bias: array<vec4<f32>>;    // [C_out8 / 4]
@group(1) @binding(2) var<storage, read> alpha: array<f32>;         // [C_out], main_prelu only

struct Acc {
  lo: vec4<f32>,
  hi: vec4<f32>,
  pixel: u32,
  co0: u32,
  valid: bool,
}

fn convolve(gid: vec3<u32>, groups: vec3<u32>) -> Acc {
  let pixel = gid.x + gid.y * groups.x * WORKGROUP_SIZE;
  let co0 = gid.z * 8u;
  let pixels = params.out_h * params.out_w;
  if (pixel >= pixels) { return Acc(vec4<f32>(), vec4<f32>(), pixel, co0, false); }
  let oy = pixel / params.out_w;
  let ox = pixel - oy * params.out_w;
  let y0 = i32(oy * STRIDE) - i32(params.pad_top);
  let x0 = i32(ox * STRIDE) - i32(params.pad_left);
  let row4 = (params.c_out + 7u) / 8u * 2u;  // vec4s per tap row
  let g = gid.z * 2u;
  var lo = bias[g];
  var hi = bias[g + 1u];
  for (var ci = 0u; ci < params.c_in; ci++) {
    let plane = ci * params.in_h * params.in_w;
    for (var ky = 0u; ky < KERNEL_H; ky++) {
      let iy = y0 + i32(ky);
      if (iy < 0 || iy >= i32(params.in_h)) { continue; }
      for (var kx = 0u; kx < KERNEL_W; kx++) {
        let ix = x0 + i32(kx);
        if (ix < 0 || ix >= i32(params.in_w)) { continue; }
        let v = input[plane + u32(iy) * params.in_w + u32(ix)];
        let w = ((ci * KERNEL_H + ky) * KERNEL_W + kx) * row4 + g;
        lo += weight[w] * v;
        hi += weight[w + 1u] * v;
      }
    }
  }
  return Acc(lo, hi, pixel, co0, true);
}

fn channel(a: Acc, i: u32) -> f32 {
  if (i < 4u) { return a.lo[i]; }
  return a.hi[i - 4u];
}

fn with_residual(a: Acc, i: u32) -> f32 {
  let y = a.pixel / params.out_w;
  return channel(a, i) + residual_at(a.co0 + i, y, a.pixel - y * params.out_w);
}

fn store(a: Acc, i: u32, v: f32) {
  output[(a.co0 + i) * params.out_h * params.out_w + a.pixel] = v;
}

@compute @workgroup_size(WORKGROUP_SIZE)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) groups: vec3<u32>) {
  let a = convolve(gid, groups);
  if (!a.valid) { return; }
  for (var i = 0u; i < 8u; i++) {
    if (a.co0 + i >= params.c_out) { break; }
    store(a, i, activate(channel(a, i)));
  }
}

@compute @workgroup_size(WORKGROUP_SIZE)
fn main_prelu(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) groups: vec3<u32>) {
  let a = convolve(gid, groups);
  if (!a.valid) { return; }
  for (var i = 0u; i < 8u; i++) {
    let co = a.co0 + i;
    if (co >= params.c_out) { break; }
    let v = channel(a, i);
    store(a, i, select(v * alpha[co], v, v >= 0.0));
  }
}

@compute @workgroup_size(WORKGROUP_SIZE)
fn main_residual(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) groups: vec3<u32>) {
  let a = convolve(gid, groups);
  if (!a.valid) { return; }
  for (var i = 0u; i < 8u; i++) {
    if (a.co0 + i >= params.c_out) { break; }
    store(a, i, activate(with_residual(a, i)));
  }
}

@compute @workgroup_size(WORKGROUP_SIZE)
fn main_residual_prelu(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) groups: vec3<u32>) {
  let a = convolve(gid, groups);
  if (!a.valid) { return; }
  for (var i = 0u; i < 8u; i++) {
    let co = a.co0 + i;
    if (co >= params.c_out) { break; }
    let v = with_residual(a, i);
    store(a, i, select(v * alpha[co], v, v >= 0.0));
  }
}
