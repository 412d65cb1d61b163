// Bilinear ×2 up-sampling (align_corners=True), NCHW, one invocation per output element.
// The IDN normally fuses this into the depthwise conv that follows; this standalone kernel serves the
// unfused plan and checks the fused path against a plain one.
struct Params {
  channels: u32,
  in_h: u32,
  in_w: u32,
  in_offset: u32,
  out_offset: u32,
}

override WORKGROUP_SIZE: u32 = 64u;

@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> input: array<f32>;
@group(0) @binding(2) var<storage, read_write> output: array<f32>;

@compute @workgroup_size(WORKGROUP_SIZE)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) groups: vec3<u32>) {
  let index = gid.x + gid.y * groups.x * WORKGROUP_SIZE;
  let out_h = 2u * params.in_h;
  let out_w = 2u * params.in_w;
  let plane = out_h * out_w;
  if (index >= params.channels * plane) { return; }
  let c = index / plane;
  let p = index - c * plane;
  let oy = p / out_w;
  let ox = p - oy * out_w;
  let ty = align_corners_tap(oy, params.in_h, out_h);
  let tx = align_corners_tap(ox, params.in_w, out_w);
  let base = params.in_offset + c * params.in_h * params.in_w;
  let r0 = base + ty.i0 * params.in_w;
  let r1 = base + ty.i1 * params.in_w;
  let top = mix(input[r0 + tx.i0], input[r0 + tx.i1], tx.frac);
  let bottom = mix(input[r1 + tx.i0], input[r1 + tx.i1], tx.frac);
  output[params.out_offset + index] = mix(top, bottom, ty.frac);
}
