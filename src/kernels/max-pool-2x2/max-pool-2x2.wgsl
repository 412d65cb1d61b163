// Max pool, 2×2 window, stride 2, no padding (ArcFace's stem: 110 → 55). A trailing odd row or column is
// dropped, as Paddle's MaxPool2D(2, 2) does. One invocation per output element.
struct Params {
  channels: u32,
  in_h: u32,
  in_w: u32,
  out_h: u32,
  out_w: u32,
  in_offset: u32,
  out_offset: u32,
}

override WORKGROUP_SIZE: u32 = 64u;

@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> input: array<f32>;
@group(0) @binding(2) var<storage, read_write> output: array<f32>;

@compute @workgroup_size(WORKGROUP_SIZE)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) groups: vec3<u32>) {
  let i = gid.x + gid.y * groups.x * WORKGROUP_SIZE;
  let plane = params.out_h * params.out_w;
  if (i >= params.channels * plane) { return; }
  let c = i / plane;
  let oy = (i % plane) / params.out_w;
  let ox = i % params.out_w;
  let top = params.in_offset + (c * params.in_h + 2u * oy) * params.in_w + 2u * ox;
  let bottom = top + params.in_w;
  output[params.out_offset + i] = max(max(input[top], input[top + 1u]), max(input[bottom], input[bottom + 1u]));
}
