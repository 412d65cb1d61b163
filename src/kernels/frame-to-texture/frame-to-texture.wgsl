// The engine's frame buffer (packed RGBA8 u32 per pixel) → an rgba8unorm storage texture, for callers that
// want the swapped frame as a texture (render it, or copy it into their own).
struct Params {
  width: u32,
  height: u32,
}

@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> frame: array<u32>;
@group(0) @binding(2) var target_texture: texture_storage_2d<rgba8unorm, write>;

@compute @workgroup_size(8, 8)
fn main(@builtin(global_invocation_id) gid: vec3<u32>) {
  if (gid.x >= params.width || gid.y >= params.height) { return; }
  textureStore(target_texture, vec2<u32>(gid.x, gid.y), unpack4x8unorm(frame[gid.y * params.width + gid.x]));
}
