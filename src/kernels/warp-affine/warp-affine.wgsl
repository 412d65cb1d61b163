// cv2.warpAffine(frame, M, (S, S), INTER_LINEAR, BORDER_CONSTANT 0) into the IDN's input layout: each crop
// pixel (x, y) samples the RGBA8 frame (one packed u32 per pixel, R in the low byte) bilinearly at
// M⁻¹·(x, y, 1), integer coordinates being pixel centres, taps outside the frame reading 0. The value is
// rounded to uint8 as OpenCV's crop is, then written ÷255 as planar f32 RGB [3, S, S] at out_offset.
// One invocation per crop pixel.
struct Params {
  // M⁻¹ (crop → frame), row-major 2×3.
  m00: f32,
  m01: f32,
  m02: f32,
  m10: f32,
  m11: f32,
  m12: f32,
  frame_w: u32,
  frame_h: u32,
  size: u32,
  out_offset: u32,
}

override WG_X: u32 = 8u;
override WG_Y: u32 = 8u;

const INV_255: f32 = 1.0 / 255.0;

@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> frame: array<u32>;
@group(0) @binding(2) var<storage, read_write> output: array<f32>;

fn texel(x: i32, y: i32) -> vec3<f32> {
  if (x < 0 || y < 0 || x >= i32(params.frame_w) || y >= i32(params.frame_h)) {
    return vec3<f32>(0.0);
  }
  let p = frame[u32(y) * params.frame_w + u32(x)];
  return vec3<f32>(f32(p & 0xffu), f32((p >> 8u) & 0xffu), f32((p >> 16u) & 0xffu));
}

@compute @workgroup_size(WG_X, WG_Y)
fn main(@builtin(global_invocation_id) gid: vec3<u32>) {
  let size = params.size;
  if (gid.x >= size || gid.y >= size) { return; }
  let x = f32(gid.x);
  let y = f32(gid.y);
  let sx = params.m00 * x + params.m01 * y + params.m02;
  let sy = params.m10 * x + params.m11 * y + params.m12;
  var v = vec3<f32>(0.0);
  // Far outside the frame every tap is border: skip, and never convert a huge float to i32.
  if (sx > -1.0 && sy > -1.0 && sx < f32(params.frame_w) && sy < f32(params.frame_h)) {
    let x0 = floor(sx);
    let y0 = floor(sy);
    let tx = sx - x0;
    let ty = sy - y0;
    let ix = i32(x0);
    let iy = i32(y0);
    let top = texel(ix, iy) * (1.0 - tx) + texel(ix + 1, iy) * tx;
    let bottom = texel(ix, iy + 1) * (1.0 - tx) + texel(ix + 1, iy + 1) * tx;
    v = top * (1.0 - ty) + bottom * ty;
  }
  // Round half up to uint8, as OpenCV's fixed-point bilinear does.
  let rgb = floor(v + 0.5) * INV_255;
  let plane = size * size;
  let i = params.out_offset + gid.y * size + gid.x;
  output[i] = rgb.r;
  output[i + plane] = rgb.g;
  output[i + 2u * plane] = rgb.b;
}
