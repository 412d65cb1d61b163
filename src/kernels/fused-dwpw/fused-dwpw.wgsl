// The IDN's fused stage: [input normalisation] → [bilinear ×2 up-sampling] → [depthwise conv (+bias)] →
// pointwise conv (+bias) → activation, written at an element offset of the activation arena (so a decoder
// stage lands directly in its concatenation slot). Nothing between the stage's input and output touches memory:
// the depthwise result is computed straight into the GEMM's input tile in workgroup memory.
//
// One dispatch may run two independent jobs (e.g. decoder stage j and mask-head stage j, which both read
// the previous level only): workgroups [0, a_groups) run job a, the rest job b. Per-job choices are uniforms
// (uniform per workgroup, so branches cost little); the conv geometry shared by both jobs is an override.
//
// GEMM tiling: 256 invocations as 16 × 16, each owning ROWS_PER_THREAD output channels × PIXELS_PER_THREAD
// pixels, so a workgroup covers TILE_CO = 16·ROWS_PER_THREAD channels × TILE_P = 16·PIXELS_PER_THREAD pixels;
// K step 16. Large micro-tiles (4 × 4) suit CPU emulators, where every workgroup has a high fixed cost; 1 × 1
// suits real GPUs on the small, deep stages, which otherwise fill only a few dozen workgroups. Every invocation
// loads the same pixel of the input tile at each K step (256 is a multiple of TILE_P), so it works out that
// pixel's depthwise tap positions once, before the K loop.
struct Params {
  a_cin: u32, a_cout: u32, a_src_h: u32, a_src_w: u32, a_in_h: u32, a_in_w: u32, a_out_h: u32, a_out_w: u32,
  a_in_offset: u32, a_out_offset: u32, a_dw_w_offset: u32, a_pw_w_offset: u32, a_dw_b_offset: u32, a_pw_b_offset: u32,
  a_flags: u32, a_activation: u32, a_tiles_p: u32, a_groups: u32,
  b_cin: u32, b_cout: u32, b_src_h: u32, b_src_w: u32, b_in_h: u32, b_in_w: u32, b_out_h: u32, b_out_w: u32,
  b_in_offset: u32, b_out_offset: u32, b_dw_w_offset: u32, b_pw_w_offset: u32, b_dw_b_offset: u32, b_pw_b_offset: u32,
  b_flags: u32, b_activation: u32, b_tiles_p: u32, b_groups: u32,
}

struct Job {
  cin: u32, cout: u32, src_h: u32, src_w: u32, in_h: u32, in_w: u32, out_h: u32, out_w: u32,
  in_offset: u32, out_offset: u32, dw_w_offset: u32, pw_w_offset: u32, dw_b_offset: u32, pw_b_offset: u32,
  flags: u32, activation: u32, tiles_p: u32, groups: u32,
}

const FLAG_DEPTHWISE: u32 = 1u;
const FLAG_UPSAMPLE: u32 = 2u;
const FLAG_DW_BIAS: u32 = 4u;
const FLAG_PW_BIAS: u32 = 8u;
const FLAG_NORMALIZE: u32 = 16u;

override KERNEL_SIZE: u32 = 3u;
override STRIDE: u32 = 1u;
override PAD: u32 = 1u;
override ROWS_PER_THREAD: u32 = 4u;
override PIXELS_PER_THREAD: u32 = 4u;

const TILE_K: u32 = 16u;
const THREADS: u32 = 256u;
const MAX_TAPS: u32 = 16u;

@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read_write> activations: array<f32>;
@group(1) @binding(0) var<storage, read> a_dw_weight: array<f32>;
@group(1) @binding(1) var<storage, read> a_pw_weight: array<f32>;
@group(1) @binding(2) var<storage, read> b_dw_weight: array<f32>;
@group(1) @binding(3) var<storage, read> b_pw_weight: array<f32>;
@group(1) @binding(4) var<storage, read> biases: array<f32>;

var<workgroup> weight_tile: array<f32, 1024>;  // [TILE_CO][TILE_K]
var<workgroup> input_tile: array<f32, 1024>;   // [TILE_K][TILE_P], TILE_P ≤ 64
var<workgroup> dw_tile: array<f32, 256>;       // [TILE_K][KERNEL_SIZE²]
var<private> acc: array<array<f32, 4>, 4>;

// This invocation's pixel and its depthwise taps: for each tap, two source rows/columns and the blend factor.
var<private> tap_row0: array<i32, 4>;
var<private> tap_row1: array<i32, 4>;
var<private> tap_fy: array<f32, 4>;
var<private> tap_col0: array<i32, 4>;
var<private> tap_col1: array<i32, 4>;
var<private> tap_fx: array<f32, 4>;
// Up-sampled 3×3 taps touch at most 3 source rows and 3 source columns: the window's origin.
var<private> window_row: i32;
var<private> window_col: i32;

fn job_a() -> Job {
  return Job(params.a_cin, params.a_cout, params.a_src_h, params.a_src_w, params.a_in_h, params.a_in_w, params.a_out_h, params.a_out_w,
    params.a_in_offset, params.a_out_offset, params.a_dw_w_offset, params.a_pw_w_offset, params.a_dw_b_offset, params.a_pw_b_offset,
    params.a_flags, params.a_activation, params.a_tiles_p, params.a_groups);
}

fn job_b() -> Job {
  return Job(params.b_cin, params.b_cout, params.b_src_h, params.b_src_w, params.b_in_h, params.b_in_w, params.b_out_h, params.b_out_w,
    params.b_in_offset, params.b_out_offset, params.b_dw_w_offset, params.b_pw_w_offset, params.b_dw_b_offset, params.b_pw_b_offset,
    params.b_flags, params.b_activation, params.b_tiles_p, params.b_groups);
}

fn activate_job(v: f32, code: u32) -> f32 {
  if (code == 1u) { return select(v * 0.1, v, v >= 0.0); }
  return v;
}

// One axis of one tap: conv input coordinate `i` (virtual, after the optional ×2) → stored rows and blend factor.
// A coordinate in the zero padding gives row −1.
fn axis_tap(i: i32, in_size: u32, src_size: u32, upsample: bool) -> vec3<f32> {
  if (i < 0 || i >= i32(in_size)) { return vec3<f32>(-1.0, -1.0, 0.0); }
  if (!upsample) { return vec3<f32>(f32(i), f32(i), 0.0); }
  let t = align_corners_tap(u32(i), src_size, in_size);
  return vec3<f32>(f32(t.i0), f32(t.i1), t.frac);
}

fn prepare_taps(job: Job, p: u32) {
  let oy = p / job.out_w;
  let ox = p - oy * job.out_w;
  let upsample = (job.flags & FLAG_UPSAMPLE) != 0u;
  let depthwise = (job.flags & FLAG_DEPTHWISE) != 0u;
  for (var k = 0u; k < KERNEL_SIZE; k++) {
    // Without a depthwise conv the "kernel" is the single centre tap.
    var iy = i32(oy);
    var ix = i32(ox);
    if (depthwise) {
      iy = i32(oy * STRIDE + k) - i32(PAD);
      ix = i32(ox * STRIDE + k) - i32(PAD);
    }
    let ty = axis_tap(iy, job.in_h, job.src_h, upsample);
    let tx = axis_tap(ix, job.in_w, job.src_w, upsample);
    tap_row0[k] = i32(ty.x);
    tap_row1[k] = i32(ty.y);
    tap_fy[k] = ty.z;
    tap_col0[k] = i32(tx.x);
    tap_col1[k] = i32(tx.y);
    tap_fx[k] = tx.z;
  }
  // Window origin: the smallest valid source row/column any tap reads.
  window_row = 1 << 30;
  window_col = 1 << 30;
  for (var k = 0u; k < KERNEL_SIZE; k++) {
    if (tap_row0[k] >= 0) { window_row = min(window_row, tap_row0[k]); }
    if (tap_col0[k] >= 0) { window_col = min(window_col, tap_col0[k]); }
  }
}

// ×2 up-sampling followed by a 3×3 depthwise conv, for one channel: load the (at most) 3×3 source window once,
// interpolate along x for each window row, then along y while accumulating the taps — 9 loads instead of 36.
fn upsampled_depthwise3(job: Job, plane: u32, k_local: u32) -> f32 {
  let w = i32(job.src_w);
  let max_row = i32(job.src_h) - 1;
  let max_col = w - 1;
  var window: array<f32, 9>;
  for (var r = 0; r < 3; r++) {
    let row = min(window_row + r, max_row);
    for (var c = 0; c < 3; c++) {
      window[r * 3 + c] = activations[plane + u32(row * w + min(window_col + c, max_col))];
    }
  }
  var across: array<f32, 9>;  // [window row][tap column]
  for (var r = 0; r < 3; r++) {
    for (var kx = 0; kx < 3; kx++) {
      let c0 = tap_col0[kx] - window_col;
      let c1 = tap_col1[kx] - window_col;
      across[r * 3 + kx] = mix(window[r * 3 + max(c0, 0)], window[r * 3 + max(c1, 0)], tap_fx[kx]);
    }
  }
  var v = 0.0;
  for (var ky = 0; ky < 3; ky++) {
    if (tap_row0[ky] < 0) { continue; }
    let r0 = tap_row0[ky] - window_row;
    let r1 = tap_row1[ky] - window_row;
    for (var kx = 0; kx < 3; kx++) {
      if (tap_col0[kx] < 0) { continue; }
      let value = mix(across[r0 * 3 + kx], across[r1 * 3 + kx], tap_fy[ky]);
      v += dw_tile[k_local * 9u + u32(ky * 3 + kx)] * value;
    }
  }
  return v;
}

fn sample(job: Job, plane: u32, ky: u32, kx: u32) -> f32 {
  let r0 = tap_row0[ky];
  let c0 = tap_col0[kx];
  if (r0 < 0 || c0 < 0) { return 0.0; }
  let w = i32(job.src_w);
  var v = activations[plane + u32(r0 * w + c0)];
  if ((job.flags & FLAG_UPSAMPLE) != 0u) {
    let r1 = tap_row1[ky];
    let c1 = tap_col1[kx];
    let top = mix(v, activations[plane + u32(r0 * w + c1)], tap_fx[kx]);
    let bottom = mix(activations[plane + u32(r1 * w + c0)], activations[plane + u32(r1 * w + c1)], tap_fx[kx]);
    v = mix(top, bottom, tap_fy[ky]);
  }
  if ((job.flags & FLAG_NORMALIZE) != 0u) { v = (v - 0.5) / 0.5; }
  return v;
}

// The depthwise output (or the plain/up-sampled input) of channel c at this invocation's pixel.
fn stage_input(job: Job, c: u32, k_local: u32) -> f32 {
  let plane = job.in_offset + c * job.src_h * job.src_w;
  if ((job.flags & FLAG_DEPTHWISE) == 0u) {
    return sample(job, plane, 0u, 0u);
  }
  var v = 0.0;
  if (KERNEL_SIZE == 3u && (job.flags & FLAG_UPSAMPLE) != 0u) {
    v = upsampled_depthwise3(job, plane, k_local);
    if ((job.flags & FLAG_DW_BIAS) != 0u) { v += biases[job.dw_b_offset + c]; }
    return v;
  }
  for (var ky = 0u; ky < KERNEL_SIZE; ky++) {
    for (var kx = 0u; kx < KERNEL_SIZE; kx++) {
      v += dw_tile[k_local * KERNEL_SIZE * KERNEL_SIZE + ky * KERNEL_SIZE + kx] * sample(job, plane, ky, kx);
    }
  }
  if ((job.flags & FLAG_DW_BIAS) != 0u) { v += biases[job.dw_b_offset + c]; }
  return v;
}

@compute @workgroup_size(256)
fn main(@builtin(local_invocation_index) flat: u32, @builtin(workgroup_id) wid: vec3<u32>) {
  let is_a = wid.x < params.a_groups;
  var job = job_b();
  var local_group = wid.x - params.a_groups;
  if (is_a) {
    job = job_a();
    local_group = wid.x;
  }
  let tile_co = 16u * ROWS_PER_THREAD;
  let tile_p = 16u * PIXELS_PER_THREAD;
  // Input-tile rows (channels) the 256 invocations fill per pass; TILE_K / k_rows = PIXELS_PER_THREAD passes.
  let k_rows = THREADS / tile_p;
  let pixels = job.out_h * job.out_w;
  let p0 = (local_group % job.tiles_p) * tile_p;
  let co0 = (local_group / job.tiles_p) * tile_co;
  let my_pixel = p0 + flat % tile_p;
  let pixel_valid = my_pixel < pixels;
  if (pixel_valid) { prepare_taps(job, my_pixel); }
  let taps = KERNEL_SIZE * KERNEL_SIZE;
  let tx = flat % 16u;
  let ty = flat / 16u;

  for (var k0 = 0u; k0 < job.cin; k0 += TILE_K) {
    // Depthwise weights of these 16 channels (up to 16 taps each).
    if ((job.flags & FLAG_DEPTHWISE) != 0u && flat < TILE_K * taps) {
      let c = k0 + flat / taps;
      var w = 0.0;
      if (c < job.cin) {
        let index = job.dw_w_offset + c * taps + flat % taps;
        if (is_a) { w = a_dw_weight[index]; } else { w = b_dw_weight[index]; }
      }
      dw_tile[flat] = w;
    }
    for (var r = 0u; r < 4u; r++) {
      let e = flat + THREADS * r;
      let co = co0 + e / TILE_K;
      let kw = k0 + e % TILE_K;
      var w = 0.0;
      if (e < tile_co * TILE_K && co < job.cout && kw < job.cin) {
        let index = job.pw_w_offset + co * job.cin + kw;
        if (is_a) { w = a_pw_weight[index]; } else { w = b_pw_weight[index]; }
      }
      weight_tile[e] = w;
    }
    workgroupBarrier();
    for (var r = 0u; r < PIXELS_PER_THREAD; r++) {
      let k_local = flat / tile_p + k_rows * r;
      let c = k0 + k_local;
      var x = 0.0;
      if (c < job.cin && pixel_valid) { x = stage_input(job, c, k_local); }
      input_tile[k_local * tile_p + flat % tile_p] = x;
    }
    workgroupBarrier();
    for (var k = 0u; k < TILE_K; k++) {
      var xs: array<f32, 4>;
      for (var j = 0u; j < PIXELS_PER_THREAD; j++) { xs[j] = input_tile[k * tile_p + tx + 16u * j]; }
      for (var i = 0u; i < ROWS_PER_THREAD; i++) {
        let w = weight_tile[(ty + 16u * i) * TILE_K + k];
        for (var j = 0u; j < PIXELS_PER_THREAD; j++) { acc[i][j] += w * xs[j]; }
      }
    }
    workgroupBarrier();
  }

  for (var i = 0u; i < ROWS_PER_THREAD; i++) {
    let co = co0 + ty + 16u * i;
    if (co >= job.cout) { continue; }
    var b = 0.0;
    if ((job.flags & FLAG_PW_BIAS) != 0u) { b = biases[job.pw_b_offset + co]; }
    for (var j = 0u; j < PIXELS_PER_THREAD; j++) {
      let p = p0 + tx + 16u * j;
      if (p < pixels) {
        activations[job.out_offset + co * pixels + p] = activate_job(acc[i][j] + b, job.activation);
      }
    }
  }
}
