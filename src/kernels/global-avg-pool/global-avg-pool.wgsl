// Global average pool (the squeeze of squeeze-and-excitation): out[c] = mean over the H·W plane of channel c.
// One workgroup per channel: strided partial sums, then a tree reduction in workgroup memory.
struct Params {
  channels: u32,
  pixels: u32,
  in_offset: u32,
  out_offset: u32,
}

const THREADS: u32 = 64u;

@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> input: array<f32>;
@group(0) @binding(2) var<storage, read_write> output: array<f32>;

var<workgroup> partial: array<f32, 64>;

@compute @workgroup_size(64)
fn main(@builtin(local_invocation_index) lane: u32, @builtin(workgroup_id) wid: vec3<u32>) {
  let c = wid.x;
  let base = params.in_offset + c * params.pixels;
  var s = 0.0;
  for (var i = lane; i < params.pixels; i += THREADS) { s += input[base + i]; }
  partial[lane] = s;
  workgroupBarrier();
  for (var half = THREADS / 2u; half > 0u; half /= 2u) {
    if (lane < half) { partial[lane] += partial[lane + half]; }
    workgroupBarrier();
  }
  if (lane == 0u) { output[params.out_offset + c] = partial[0] / f32(params.pixels); }
}
