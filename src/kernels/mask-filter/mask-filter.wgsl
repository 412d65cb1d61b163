// One separable pass of the official paste-mask chain (reference §1.5 step 5) on an [H, W] f32 mask:
// OP 0 = dilate (max), 1 = erode (min) over the window clipped to the image (OpenCV's default morphology
// border never erodes or dilates from outside), 2 = box mean with BORDER_REFLECT_101 (cv2.blur's default).
// AXIS 0 runs along x, 1 along y; the window is 2·radius + 1. THRESHOLD applies the official binarisation
// (v > 0.001 → 1, smaller values kept) to what it reads; entry main_fade multiplies the result by the
// precomputed border-fade mask. One invocation per output element.
struct Params {
  height: u32,
  width: u32,
  radius: u32,
  in_offset: u32,
  out_offset: u32,
}

override OP: u32 = 0u;
override AXIS: u32 = 0u;
override THRESHOLD: bool = false;
override WORKGROUP_SIZE: u32 = 64u;

const BINARISE_ABOVE: f32 = 0.001;

@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> input: array<f32>;
@group(0) @binding(2) var<storage, read_write> output: array<f32>;
@group(0) @binding(3) var<storage, read> fade: array<f32>;

fn load_mask(i: u32) -> f32 {
  let v = input[params.in_offset + i];
  if (THRESHOLD && v > BINARISE_ABOVE) { return 1.0; }
  return v;
}

// OpenCV's borderInterpolate for BORDER_REFLECT_101 (…2 1 | 0 1 2 … n−1 | n−2 …), repeated for windows
// wider than the line.
fn reflect101(p: i32, n: i32) -> i32 {
  if (n == 1) { return 0; }
  var q = p;
  loop {
    if (q >= 0 && q < n) { break; }
    if (q < 0) { q = -q; } else { q = 2 * n - 2 - q; }
  }
  return q;
}

fn filtered(i: u32) -> f32 {
  let w = params.width;
  let y = i / w;
  let x = i % w;
  // Position along the filtered axis, its length, and the index step between neighbours.
  var pos = i32(x);
  var len = i32(w);
  var step = 1u;
  if (AXIS == 1u) {
    pos = i32(y);
    len = i32(params.height);
    step = w;
  }
  let base = i - u32(pos) * step;
  let r = i32(params.radius);
  if (OP == 2u) {
    var sum = 0.0;
    for (var k = -r; k <= r; k++) {
      sum += load_mask(base + u32(reflect101(pos + k, len)) * step);
    }
    return sum / f32(2 * r + 1);
  }
  let lo = max(pos - r, 0);
  let hi = min(pos + r, len - 1);
  var acc = load_mask(base + u32(lo) * step);
  for (var k = lo + 1; k <= hi; k++) {
    let v = load_mask(base + u32(k) * step);
    if (OP == 0u) { acc = max(acc, v); } else { acc = min(acc, v); }
  }
  return acc;
}

fn index(gid: vec3<u32>, groups: vec3<u32>) -> u32 {
  return gid.x + gid.y * groups.x * WORKGROUP_SIZE;
}

@compute @workgroup_size(WORKGROUP_SIZE)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) groups: vec3<u32>) {
  let i = index(gid, groups);
  if (i >= params.height * params.width) { return; }
  output[params.out_offset + i] = filtered(i);
}

@compute @workgroup_size(WORKGROUP_SIZE)
fn main_fade(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) groups: vec3<u32>) {
  let i = index(gid, groups);
  if (i >= params.height * params.width) { return; }
  output[params.out_offset + i] = filtered(i) * fade[i];
}
