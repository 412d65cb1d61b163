// Dense 2-D convolution (cross-correlation, Paddle semantics), NCHW, batch 1, as an implicit GEMM:
//   out[co, p] = act(Σ_k W[co, k] · col[k, p] + b[co])
// with M = C_out, N = OH·OW output pixels, K = C_in·KH·KW and col[k, p] the input value that reduction
// index k = (input channel c, kernel tap i, j) meets under output pixel p. col is never stored: values are
// gathered straight into workgroup memory, zero where the window leaves the image, so padding costs nothing.
// The reduction runs tap-major (for each tap, 16 channels at a time), so the gather needs no integer
// division (slow on CPU emulators) and a channel step is one multiply-add of the address. A layer with C_in
// not a multiple of 16 wastes part of its last step per tap (the 3-channel stem runs 9 steps for 27 taps):
// cheap next to the 7.5 GMAC of the deep layers.
// Tiling as pointwise-conv: 16×16 invocations, a 64 (C_out) × 64 (pixels) tile, 4×4 outputs per invocation
// strided by 16 (neighbouring invocations touch neighbouring pixels), K steps of 16 through 8 KiB of
// workgroup memory. Maps of at most 32 pixels (the IIN's 4×4 and 3×3) take the narrow tile instead,
// PIXELS_PER_THREAD = 1: 64 × 16 outputs per workgroup, so a 16-pixel map does not waste 3/4 of a wide tile.
//
// Optional parts are entry points, because a binding an entry point touches is a binding it must be given:
//   _affine  a per-input-channel scale/shift applied to in-image taps only (a BatchNorm in front of a
//            zero-padded conv: folding it into the weights would be wrong at the borders);
//   _bias    per-output-channel bias (where folded BatchNorms land);
//   _prelu   PReLU with one learned slope read from a 1-element buffer (instead of ACTIVATION).
struct Params {
  c_in: u32,
  c_out: u32,
  in_h: u32,
  in_w: u32,
  out_h: u32,
  out_w: u32,
  kernel_h: u32,
  kernel_w: u32,
  stride: u32,
  pad: u32,
  in_offset: u32,
  out_offset: u32,
}

const TILE_CO: u32 = 64u;
const TILE_K: u32 = 16u;
const PER_THREAD: u32 = 4u;  // output channels per invocation
override PIXELS_PER_THREAD: u32 = 4u;  // 4 (wide tile) or 1 (narrow tile)
override TILE_P: u32 = 16u * PIXELS_PER_THREAD;

@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> input: array<f32>;
@group(0) @binding(2) var<storage, read_write> output: array<f32>;
@group(1) @binding(0) var<storage, read> weight: array<f32>;     // [C_out, C_in, KH, KW]
@group(1) @binding(1) var<storage, read> bias: array<f32>;       // [C_out]           (_bias)
@group(1) @binding(2) var<storage, read> slope: array<f32>;      // [1]               (_prelu)
@group(1) @binding(3) var<storage, read> in_affine: array<f32>;  // [2, C_in] scale, shift (_affine)

var<workgroup> weight_tile: array<f32, 1024>;  // [TILE_CO][TILE_K]
var<workgroup> input_tile: array<f32, 1024>;   // [TILE_K][TILE_P], TILE_P ≤ 64
var<private> acc: array<array<f32, 4>, 4>;

// Top-left input corner of an output pixel's window (may be negative with padding).
struct Window {
  y: i32,
  x: i32,
  valid: bool,
}

fn window_of(p: u32) -> Window {
  let oy = p / params.out_w;
  let ox = p % params.out_w;
  return Window(i32(oy * params.stride) - i32(params.pad), i32(ox * params.stride) - i32(params.pad), p < params.out_h * params.out_w);
}

// Kernel tap (i, j) of a window: the input index of channel 0 there, and whether it lies inside the image.
// Channel c is then index + c·H·W: no division is left in the reduction loop.
struct Tap {
  index: u32,
  inside: bool,
}

fn tap_of(win: Window, i: u32, j: u32) -> Tap {
  let iy = win.y + i32(i);
  let ix = win.x + i32(j);
  let inside = win.valid && iy >= 0 && iy < i32(params.in_h) && ix >= 0 && ix < i32(params.in_w);
  return Tap(params.in_offset + u32(max(iy, 0)) * params.in_w + u32(max(ix, 0)), inside);
}

// Every invocation stages 4 weights: rows flat/16 + 16·r of the C_out tile, input channel c0 + flat % 16,
// at kernel tap `tap` (weights stay in Paddle's [C_out, C_in, KH, KW] order; the reduction walks it tap-major).
fn stage_weights(flat: u32, co0: u32, c0: u32, tap: u32) {
  let taps = params.kernel_h * params.kernel_w;
  let c = c0 + flat % TILE_K;
  for (var r = 0u; r < 4u; r++) {
    let row = flat / TILE_K + 16u * r;
    let co = co0 + row;
    var w = 0.0;
    if (co < params.c_out && c < params.c_in) { w = weight[(co * params.c_in + c) * taps + tap]; }
    weight_tile[row * TILE_K + flat % TILE_K] = w;
  }
}

// 16 K steps of the 4 × PIXELS_PER_THREAD outputs this invocation owns.
fn multiply_tiles(lid: vec3<u32>) {
  for (var k = 0u; k < TILE_K; k++) {
    var xs: array<f32, 4>;
    for (var j = 0u; j < PIXELS_PER_THREAD; j++) { xs[j] = input_tile[k * TILE_P + lid.x + 16u * j]; }
    for (var i = 0u; i < PER_THREAD; i++) {
      let w = weight_tile[(lid.y + 16u * i) * TILE_K + k];
      for (var j = 0u; j < PIXELS_PER_THREAD; j++) { acc[i][j] += w * xs[j]; }
    }
  }
}

// The reduction runs tap by tap, 16 input channels at a time. Every invocation stages one pixel column
// (flat % TILE_P) of the input tile, channels flat/TILE_P + (256/TILE_P)·r: its window is decoded once,
// each tap once.
fn accumulate(lid: vec3<u32>, wid: vec3<u32>) {
  let flat = lid.y * 16u + lid.x;
  let win = window_of(wid.x * TILE_P + flat % TILE_P);
  let plane = params.in_h * params.in_w;
  var tap_index = 0u;
  for (var i = 0u; i < params.kernel_h; i++) {
    for (var j = 0u; j < params.kernel_w; j++) {
      let tap = tap_of(win, i, j);
      for (var c0 = 0u; c0 < params.c_in; c0 += TILE_K) {
        stage_weights(flat, wid.y * TILE_CO, c0, tap_index);
        for (var r = 0u; r < PIXELS_PER_THREAD; r++) {
          let row = flat / TILE_P + (256u / TILE_P) * r;
          let c = c0 + row;
          var x = 0.0;
          if (tap.inside && c < params.c_in) { x = input[tap.index + c * plane]; }
          input_tile[row * TILE_P + flat % TILE_P] = x;
        }
        workgroupBarrier();
        multiply_tiles(lid);
        workgroupBarrier();
      }
      tap_index++;
    }
  }
}

// The same reduction with the input affine applied to in-image taps (padding stays exactly zero).
fn accumulate_affine(lid: vec3<u32>, wid: vec3<u32>) {
  let flat = lid.y * 16u + lid.x;
  let win = window_of(wid.x * TILE_P + flat % TILE_P);
  let plane = params.in_h * params.in_w;
  var tap_index = 0u;
  for (var i = 0u; i < params.kernel_h; i++) {
    for (var j = 0u; j < params.kernel_w; j++) {
      let tap = tap_of(win, i, j);
      for (var c0 = 0u; c0 < params.c_in; c0 += TILE_K) {
        stage_weights(flat, wid.y * TILE_CO, c0, tap_index);
        for (var r = 0u; r < PIXELS_PER_THREAD; r++) {
          let row = flat / TILE_P + (256u / TILE_P) * r;
          let c = c0 + row;
          var x = 0.0;
          if (tap.inside && c < params.c_in) { x = input[tap.index + c * plane] * in_affine[c] + in_affine[params.c_in + c]; }
          input_tile[row * TILE_P + flat % TILE_P] = x;
        }
        workgroupBarrier();
        multiply_tiles(lid);
        workgroupBarrier();
      }
      tap_index++;
    }
  }
}

fn bias_rows(lid: vec3<u32>, wid: vec3<u32>) -> array<f32, 4> {
  var b: array<f32, 4>;
  for (var i = 0u; i < PER_THREAD; i++) {
    let co = wid.y * TILE_CO + lid.y + 16u * i;
    if (co < params.c_out) { b[i] = bias[co]; }
  }
  return b;
}

// Writes the invocation's outputs: + bias, then PReLU(neg_slope) when use_prelu, else the ACTIVATION override.
fn store(lid: vec3<u32>, wid: vec3<u32>, b: array<f32, 4>, use_prelu: bool, neg_slope: f32) {
  let pixels = params.out_h * params.out_w;
  for (var i = 0u; i < PER_THREAD; i++) {
    let co = wid.y * TILE_CO + lid.y + 16u * i;
    if (co >= params.c_out) { continue; }
    for (var j = 0u; j < PIXELS_PER_THREAD; j++) {
      let p = wid.x * TILE_P + lid.x + 16u * j;
      if (p >= pixels) { continue; }
      let v = acc[i][j] + b[i];
      var y: f32;
      if (use_prelu) { y = select(v * neg_slope, v, v >= 0.0); } else { y = activate(v); }
      output[params.out_offset + co * pixels + p] = y;
    }
  }
}

const NO_BIAS = array<f32, 4>(0.0, 0.0, 0.0, 0.0);

@compute @workgroup_size(16, 16)
fn main(@builtin(local_invocation_id) lid: vec3<u32>, @builtin(workgroup_id) wid: vec3<u32>) {
  accumulate(lid, wid);
  store(lid, wid, NO_BIAS, false, 0.0);
}

@compute @workgroup_size(16, 16)
fn main_bias(@builtin(local_invocation_id) lid: vec3<u32>, @builtin(workgroup_id) wid: vec3<u32>) {
  accumulate(lid, wid);
  store(lid, wid, bias_rows(lid, wid), false, 0.0);
}

@compute @workgroup_size(16, 16)
fn main_prelu(@builtin(local_invocation_id) lid: vec3<u32>, @builtin(workgroup_id) wid: vec3<u32>) {
  accumulate(lid, wid);
  store(lid, wid, NO_BIAS, true, slope[0]);
}

@compute @workgroup_size(16, 16)
fn main_bias_prelu(@builtin(local_invocation_id) lid: vec3<u32>, @builtin(workgroup_id) wid: vec3<u32>) {
  accumulate(lid, wid);
  store(lid, wid, bias_rows(lid, wid), true, slope[0]);
}

@compute @workgroup_size(16, 16)
fn main_affine(@builtin(local_invocation_id) lid: vec3<u32>, @builtin(workgroup_id) wid: vec3<u32>) {
  accumulate_affine(lid, wid);
  store(lid, wid, NO_BIAS, false, 0.0);
}

@compute @workgroup_size(16, 16)
fn main_affine_bias(@builtin(local_invocation_id) lid: vec3<u32>, @builtin(workgroup_id) wid: vec3<u32>) {
  accumulate_affine(lid, wid);
  store(lid, wid, bias_rows(lid, wid), false, 0.0);
}

@compute @workgroup_size(16, 16)
fn main_affine_prelu(@builtin(local_invocation_id) lid: vec3<u32>, @builtin(workgroup_id) wid: vec3<u32>) {
  accumulate_affine(lid, wid);
  store(lid, wid, NO_BIAS, true, slope[0]);
}

@compute @workgroup_size(16, 16)
fn main_affine_bias_prelu(@builtin(local_invocation_id) lid: vec3<u32>, @builtin(workgroup_id) wid: vec3<u32>) {
  accumulate_affine(lid, wid);
  store(lid, wid, bias_rows(lid, wid), true, slope[0]);
}
