// ArcFace's source preprocessing (reference §1.4) from an aligned RGBA8 crop (one packed u32 per pixel,
// R in the low byte): 2×2 box average rounded as OpenCV's exact halving does on uint8,
// (a + b + c + d + 2) >> 2, then /255 and ImageNet mean/std per channel, written as NCHW [3, H/2, W/2].
// One invocation per output pixel (all three channels).
struct Params {
  out_h: u32,
  out_w: u32,
  out_offset: u32,
}

const MEAN = vec3<f32>(0.485, 0.456, 0.406);
const STD = vec3<f32>(0.229, 0.224, 0.225);

override WORKGROUP_SIZE: u32 = 64u;

@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> rgba: array<u32>;  // [2·out_h, 2·out_w]
@group(0) @binding(2) var<storage, read_write> output: array<f32>;

fn rgb(pixel: u32) -> vec3<u32> {
  return vec3<u32>(pixel & 0xffu, (pixel >> 8u) & 0xffu, (pixel >> 16u) & 0xffu);
}

@compute @workgroup_size(WORKGROUP_SIZE)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) groups: vec3<u32>) {
  let i = gid.x + gid.y * groups.x * WORKGROUP_SIZE;
  let plane = params.out_h * params.out_w;
  if (i >= plane) { return; }
  let y = i / params.out_w;
  let x = i % params.out_w;
  let in_w = 2u * params.out_w;
  let top = 2u * y * in_w + 2u * x;
  let sum = rgb(rgba[top]) + rgb(rgba[top + 1u]) + rgb(rgba[top + in_w]) + rgb(rgba[top + in_w + 1u]);
  let v = (vec3<f32>((sum + vec3<u32>(2u)) >> vec3<u32>(2u)) / 255.0 - MEAN) / STD;
  output[params.out_offset + i] = v.r;
  output[params.out_offset + plane + i] = v.g;
  output[params.out_offset + 2u * plane + i] = v.b;
}
