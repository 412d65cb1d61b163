// Paddle Linear as a split-K GEMV: y = x·W (+ b), W stored [in, out] (the transpose of PyTorch's).
// The reduction over `in` is cut into `splits` chunks (workgroup y); each chunk writes its partial sums to
// row `split` of output [splits, out], so a 25088-long reduction runs on many workgroups. With one split the
// output is y itself; otherwise l2-normalize (or any consumer) adds the rows. main_bias puts b into row 0.
// Workgroup 64 × 4: x = 64 neighbouring outputs (coalesced reads of a W row), y = 4 interleaved K lanes.
struct Params {
  in_features: u32,
  out_features: u32,
  chunk: u32,        // K elements per split
  in_offset: u32,
  out_offset: u32,
}

const TILE_OUT: u32 = 64u;
const K_LANES: u32 = 4u;

@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> input: array<f32>;
@group(0) @binding(2) var<storage, read_write> output: array<f32>;  // [splits, out]
@group(1) @binding(0) var<storage, read> weight: array<f32>;        // [in, out]
@group(1) @binding(1) var<storage, read> bias: array<f32>;          // [out] (main_bias)

var<workgroup> lanes: array<f32, 256>;  // [K_LANES][TILE_OUT]

// The chunk's partial sum for output o, reduced over the 4 K lanes; valid in lane 0.
fn chunk_sum(lid: vec3<u32>, wid: vec3<u32>) -> f32 {
  let o = wid.x * TILE_OUT + lid.x;
  let k_begin = wid.y * params.chunk;
  let k_end = min(k_begin + params.chunk, params.in_features);
  var s = 0.0;
  if (o < params.out_features) {
    for (var k = k_begin + lid.y; k < k_end; k += K_LANES) {
      s += input[params.in_offset + k] * weight[k * params.out_features + o];
    }
  }
  lanes[lid.y * TILE_OUT + lid.x] = s;
  workgroupBarrier();
  return lanes[lid.x] + lanes[TILE_OUT + lid.x] + lanes[2u * TILE_OUT + lid.x] + lanes[3u * TILE_OUT + lid.x];
}

@compute @workgroup_size(64, 4)
fn main(@builtin(local_invocation_id) lid: vec3<u32>, @builtin(workgroup_id) wid: vec3<u32>) {
  let s = chunk_sum(lid, wid);
  let o = wid.x * TILE_OUT + lid.x;
  if (lid.y == 0u && o < params.out_features) {
    output[params.out_offset + wid.y * params.out_features + o] = s;
  }
}

@compute @workgroup_size(64, 4)
fn main_bias(@builtin(local_invocation_id) lid: vec3<u32>, @builtin(workgroup_id) wid: vec3<u32>) {
  let s = chunk_sum(lid, wid);
  let o = wid.x * TILE_OUT + lid.x;
  if (lid.y == 0u && o < params.out_features) {
    output[params.out_offset + wid.y * params.out_features + o] = s + select(0.0, bias[o], wid.y == 0u);
  }
}
