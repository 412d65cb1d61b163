// The official paste-back (reference §1.5 steps 6–7), in place on the RGBA8 frame (one packed u32 per
// pixel, R in the low byte): each frame pixel samples the generated crop (planar f32 RGB [3, S, S] in
// [0, 1], ×255) and the paste alpha ([S, S]) bilinearly at the crop position M·(X, Y, 1) (what warpAffine
// with the back matrix reads; taps outside the crop = 0), blends gen·m + frame·(1 − m), clips to [0, 255]
// and truncates to uint8. The frame's alpha byte is kept. Only the frame box that can see the crop is
// dispatched: one invocation per box pixel, the box origin and the matrix rebased onto it come as uniforms.
struct Params {
  // Frame → crop, row-major 2×3, already rebased so (0, 0) is the box origin (box_x0, box_y0).
  m00: f32,
  m01: f32,
  m02: f32,
  m10: f32,
  m11: f32,
  m12: f32,
  box_x0: u32,
  box_y0: u32,
  box_w: u32,
  box_h: u32,
  frame_w: u32,
  size: u32,
  crop_offset: u32,
  alpha_offset: u32,
}

override WG_X: u32 = 16u;
override WG_Y: u32 = 16u;

@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> crop: array<f32>;
@group(0) @binding(2) var<storage, read> alpha: array<f32>;
@group(0) @binding(3) var<storage, read_write> frame: array<u32>;

// (R·255, G·255, B·255, alpha) at crop pixel (x, y); zero outside the crop (warpAffine's zero border).
fn crop_tap(x: i32, y: i32) -> vec4<f32> {
  let s = i32(params.size);
  if (x < 0 || y < 0 || x >= s || y >= s) {
    return vec4<f32>(0.0);
  }
  let plane = params.size * params.size;
  let i = u32(y) * params.size + u32(x);
  let c = params.crop_offset + i;
  return vec4<f32>(crop[c] * 255.0, crop[c + plane] * 255.0, crop[c + 2u * plane] * 255.0, alpha[params.alpha_offset + i]);
}

@compute @workgroup_size(WG_X, WG_Y)
fn main(@builtin(global_invocation_id) gid: vec3<u32>) {
  if (gid.x >= params.box_w || gid.y >= params.box_h) { return; }
  let u = params.m00 * f32(gid.x) + params.m01 * f32(gid.y) + params.m02;
  let v = params.m10 * f32(gid.x) + params.m11 * f32(gid.y) + params.m12;
  // Outside (−1, S)² no tap lands in the crop: alpha is 0 and the frame pixel stays as it is.
  let s = f32(params.size);
  if (!(u > -1.0 && v > -1.0 && u < s && v < s)) { return; }
  let x0 = floor(u);
  let y0 = floor(v);
  let tx = u - x0;
  let ty = v - y0;
  let ix = i32(x0);
  let iy = i32(y0);
  let top = crop_tap(ix, iy) * (1.0 - tx) + crop_tap(ix + 1, iy) * tx;
  let bottom = crop_tap(ix, iy + 1) * (1.0 - tx) + crop_tap(ix + 1, iy + 1) * tx;
  let g = top * (1.0 - ty) + bottom * ty;
  let m = g.a;
  let idx = (params.box_y0 + gid.y) * params.frame_w + params.box_x0 + gid.x;
  let p = frame[idx];
  let f = vec3<f32>(f32(p & 0xffu), f32((p >> 8u) & 0xffu), f32((p >> 16u) & 0xffu));
  // numpy's astype(uint8) after clip: truncation toward zero.
  let o = vec3<u32>(clamp(g.rgb * m + f * (1.0 - m), vec3<f32>(0.0), vec3<f32>(255.0)));
  frame[idx] = o.r | (o.g << 8u) | (o.b << 16u) | (p & 0xff000000u);
}
