// A texture (the caller's frame, or our copy of a video frame) → the engine's frame buffer: one packed RGBA8
// u32 per pixel (R in the low byte), row-major. textureLoad returns logical RGBA for any float format
// (bgra8unorm included), so no swizzle is needed here.
struct Params {
  width: u32,
  height: u32,
}

@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var source: texture_2d<f32>;
@group(0) @binding(2) var<storage, read_write> frame: array<u32>;

@compute @workgroup_size(8, 8)
fn main(@builtin(global_invocation_id) gid: vec3<u32>) {
  if (gid.x >= params.width || gid.y >= params.height) { return; }
  frame[gid.y * params.width + gid.x] = pack4x8unorm(textureLoad(source, vec2<u32>(gid.x, gid.y), 0));
}
