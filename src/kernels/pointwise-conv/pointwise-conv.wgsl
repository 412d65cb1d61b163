// Pointwise (1×1) convolution as a tiled GEMM over NCHW: out[co, p] = act(Σ_ci W[co, ci]·x[ci, p] + b[co]).
// Each 16×16 workgroup computes a (16·ROWS_PER_THREAD output channels) × (16·PIXELS_PER_THREAD pixels) tile;
// every invocation owns a ROWS × PIXELS block of it, strided by 16 so that neighbouring invocations touch
// neighbouring pixels (coalesced loads and stores). 4 × 4 (64 × 64 tiles) suits CPU emulators; smaller blocks
// give real GPUs enough workgroups on small layers. The reduction over input channels walks 16 at a time
// through workgroup memory (≤ 8 KiB).
// Folded BatchNorm arrives as the weights and bias (see weights/batchnorm.ts); the activation is an override.
struct Params {
  c_in: u32,
  c_out: u32,
  pixels: u32,
  in_offset: u32,
  out_offset: u32,
}

override ROWS_PER_THREAD: u32 = 4u;
override PIXELS_PER_THREAD: u32 = 4u;
const TILE_K: u32 = 16u;
const THREADS: u32 = 256u;  // 16 × 16

@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> input: array<f32>;
@group(0) @binding(2) var<storage, read_write> output: array<f32>;
@group(1) @binding(0) var<storage, read> weight: array<f32>;  // [C_out, C_in]
@group(1) @binding(1) var<storage, read> bias: array<f32>;    // [C_out], only in main_bias

var<workgroup> weight_tile: array<f32, 1024>;  // [16·ROWS][TILE_K]
var<workgroup> input_tile: array<f32, 1024>;   // [TILE_K][16·PIXELS]
var<private> acc: array<array<f32, 4>, 4>;

fn accumulate_tile(lid: vec3<u32>, wid: vec3<u32>) {
  let flat = lid.y * 16u + lid.x;
  let tile_co = 16u * ROWS_PER_THREAD;
  let tile_p = 16u * PIXELS_PER_THREAD;
  let co0 = wid.y * tile_co;
  let p0 = wid.x * tile_p;
  for (var k0 = 0u; k0 < params.c_in; k0 += TILE_K) {
    // The weight tile holds 256·ROWS values and the input tile 256·PIXELS: one per invocation per pass.
    for (var r = 0u; r < ROWS_PER_THREAD; r++) {
      let e = flat + THREADS * r;
      let co = co0 + e / TILE_K;
      let kw = k0 + e % TILE_K;
      var w = 0.0;
      if (co < params.c_out && kw < params.c_in) { w = weight[co * params.c_in + kw]; }
      weight_tile[e] = w;
    }
    for (var r = 0u; r < PIXELS_PER_THREAD; r++) {
      let e = flat + THREADS * r;
      let kx = k0 + e / tile_p;
      let p = p0 + e % tile_p;
      var x = 0.0;
      if (kx < params.c_in && p < params.pixels) { x = input[params.in_offset + kx * params.pixels + p]; }
      input_tile[e] = x;
    }
    workgroupBarrier();
    for (var k = 0u; k < TILE_K; k++) {
      var xs: array<f32, 4>;
      for (var j = 0u; j < PIXELS_PER_THREAD; j++) { xs[j] = input_tile[k * tile_p + lid.x + 16u * j]; }
      for (var i = 0u; i < ROWS_PER_THREAD; i++) {
        let w = weight_tile[(lid.y + 16u * i) * TILE_K + k];
        for (var j = 0u; j < PIXELS_PER_THREAD; j++) { acc[i][j] += w * xs[j]; }
      }
    }
    workgroupBarrier();
  }
}

@compute @workgroup_size(16, 16)
fn main(@builtin(local_invocation_id) lid: vec3<u32>, @builtin(workgroup_id) wid: vec3<u32>) {
  accumulate_tile(lid, wid);
  for (var i = 0u; i < ROWS_PER_THREAD; i++) {
    let co = wid.y * 16u * ROWS_PER_THREAD + lid.y + 16u * i;
    for (var j = 0u; j < PIXELS_PER_THREAD; j++) {
      let p = wid.x * 16u * PIXELS_PER_THREAD + lid.x + 16u * j;
      if (co < params.c_out && p < params.pixels) {
        output[params.out_offset + co * params.pixels + p] = activate(acc[i][j]);
      }
    }
  }
}

@compute @workgroup_size(16, 16)
fn main_bias(@builtin(local_invocation_id) lid: vec3<u32>, @builtin(workgroup_id) wid: vec3<u32>) {
  accumulate_tile(lid, wid);
  for (var i = 0u; i < ROWS_PER_THREAD; i++) {
    let co = wid.y * 16u * ROWS_PER_THREAD + lid.y + 16u * i;
    if (co >= params.c_out) { continue; }
    let b = bias[co];
    for (var j = 0u; j < PIXELS_PER_THREAD; j++) {
      let p = wid.x * 16u * PIXELS_PER_THREAD + lid.x + 16u * j;
      if (p < params.pixels) {
        output[params.out_offset + co * params.pixels + p] = activate(acc[i][j] + b);
      }
    }
  }
}
