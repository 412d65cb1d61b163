// The IDN's first operation: x = (data − 0.5) / 0.5, taking the [0, 1] RGB crop to [−1, 1].
struct Params {
  count: u32,
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
  if (i >= params.count) { return; }
  output[params.out_offset + i] = (input[params.in_offset + i] - 0.5) / 0.5;
}
