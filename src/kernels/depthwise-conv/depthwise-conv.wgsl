// Depthwise convolution, NCHW, one invocation per output element.
// KERNEL_SIZE/STRIDE/PAD are compile-time facts: (4,2,1) in the IDN encoder, (3,1,1) in its decoder and mask head.
// With UPSAMPLE the input is first up-sampled ×2 (bilinear, align_corners) on the fly: the conv reads the
// virtual 2·src image, so the up-sampled tensor never exists in memory.
struct Params {
  channels: u32,
  src_h: u32,      // stored input height (before the optional ×2)
  src_w: u32,
  in_h: u32,       // conv input height (= 2·src_h with UPSAMPLE, else src_h)
  in_w: u32,
  out_h: u32,
  out_w: u32,
  in_offset: u32,  // element offsets, so a tensor can live at a channel offset of a larger buffer
  out_offset: u32,
}

override KERNEL_SIZE: u32 = 3u;
override STRIDE: u32 = 1u;
override PAD: u32 = 1u;
override UPSAMPLE: bool = false;
override WORKGROUP_SIZE: u32 = 64u;

@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> input: array<f32>;
@group(0) @binding(2) var<storage, read_write> output: array<f32>;
@group(1) @binding(0) var<storage, read> weight: array<f32>;  // [C, 1, K, K]
@group(1) @binding(1) var<storage, read> bias: array<f32>;    // [C], only in main_bias

fn load_input(c: u32, y: u32, x: u32) -> f32 {
  let base = params.in_offset + c * params.src_h * params.src_w;
  if (!UPSAMPLE) {
    return input[base + y * params.src_w + x];
  }
  let ty = align_corners_tap(y, params.src_h, params.in_h);
  let tx = align_corners_tap(x, params.src_w, params.in_w);
  let r0 = base + ty.i0 * params.src_w;
  let r1 = base + ty.i1 * params.src_w;
  let top = mix(input[r0 + tx.i0], input[r0 + tx.i1], tx.frac);
  let bottom = mix(input[r1 + tx.i0], input[r1 + tx.i1], tx.frac);
  return mix(top, bottom, ty.frac);
}

// The un-biased convolution at channel c, output pixel (oy, ox).
fn depthwise_at(c: u32, oy: u32, ox: u32) -> f32 {
  var acc = 0.0;
  let wbase = c * KERNEL_SIZE * KERNEL_SIZE;
  for (var ky = 0u; ky < KERNEL_SIZE; ky++) {
    let iy = i32(oy * STRIDE + ky) - i32(PAD);
    if (iy < 0 || iy >= i32(params.in_h)) { continue; }
    for (var kx = 0u; kx < KERNEL_SIZE; kx++) {
      let ix = i32(ox * STRIDE + kx) - i32(PAD);
      if (ix < 0 || ix >= i32(params.in_w)) { continue; }
      acc += weight[wbase + ky * KERNEL_SIZE + kx] * load_input(c, u32(iy), u32(ix));
    }
  }
  return acc;
}

// Invocations are laid out over a 2-D grid of workgroups so large tensors stay under the 65535 limit per axis.
fn flat_index(gid: vec3<u32>, groups: vec3<u32>) -> u32 {
  return gid.x + gid.y * groups.x * WORKGROUP_SIZE;
}

// (channel, y, x) of a flat NCHW output index.
fn output_coords(index: u32) -> vec3<u32> {
  let plane = params.out_h * params.out_w;
  let c = index / plane;
  let p = index - c * plane;
  let oy = p / params.out_w;
  return vec3<u32>(c, oy, p - oy * params.out_w);
}

@compute @workgroup_size(WORKGROUP_SIZE)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) groups: vec3<u32>) {
  let index = flat_index(gid, groups);
  if (index >= params.channels * params.out_h * params.out_w) { return; }
  let q = output_coords(index);
  output[params.out_offset + index] = activate(depthwise_at(q.x, q.y, q.z));
}

@compute @workgroup_size(WORKGROUP_SIZE)
fn main_bias(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) groups: vec3<u32>) {
  let index = flat_index(gid, groups);
  if (index >= params.channels * params.out_h * params.out_w) { return; }
  let q = output_coords(index);
  output[params.out_offset + index] = activate(depthwise_at(q.x, q.y, q.z) + bias[q.x]);
}
