// The IDN's last two dispatches: small dense 3×3 convs (pad 1, bias with BatchNorm folded) over the
// activation arena, two independent jobs per dispatch (the RGB head and the mask head), each with its own
// activation. A job may end with the in-crop blend: gen = (tanh+1)/2, out = gen·m + crop·(1−m), so the
// head's last conv, the blend and the network output are one pass over the image.
struct Params {
  a_cin: u32, a_cout: u32, a_height: u32, a_width: u32, a_in_offset: u32, a_out_offset: u32,
  a_w_offset: u32, a_b_offset: u32, a_activation: u32, a_blend: u32, a_mask_offset: u32, a_crop_offset: u32, a_groups: u32,
  b_cin: u32, b_cout: u32, b_height: u32, b_width: u32, b_in_offset: u32, b_out_offset: u32,
  b_w_offset: u32, b_b_offset: u32, b_activation: u32, b_blend: u32, b_mask_offset: u32, b_crop_offset: u32, b_groups: u32,
}

struct Job {
  cin: u32, cout: u32, height: u32, width: u32, in_offset: u32, out_offset: u32,
  w_offset: u32, b_offset: u32, activation: u32, blend: u32, mask_offset: u32, crop_offset: u32, groups: u32,
}

@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read_write> activations: array<f32>;
@group(1) @binding(0) var<storage, read> weights: array<f32>;  // [C_out, C_in, 3, 3] at w_offset, bias [C_out] at b_offset

fn job_a() -> Job {
  return Job(params.a_cin, params.a_cout, params.a_height, params.a_width, params.a_in_offset, params.a_out_offset,
    params.a_w_offset, params.a_b_offset, params.a_activation, params.a_blend, params.a_mask_offset, params.a_crop_offset, params.a_groups);
}

fn job_b() -> Job {
  return Job(params.b_cin, params.b_cout, params.b_height, params.b_width, params.b_in_offset, params.b_out_offset,
    params.b_w_offset, params.b_b_offset, params.b_activation, params.b_blend, params.b_mask_offset, params.b_crop_offset, params.b_groups);
}

// 0 = identity, 1 = LeakyReLU 0.1, 2 = tanh, 3 = sigmoid (per job, so not an override).
fn activate_code(v: f32, code: u32) -> f32 {
  switch code {
    case 1u: { return select(v * 0.1, v, v >= 0.0); }
    case 2u: { return tanh(v); }
    case 3u: { return 1.0 / (1.0 + exp(-v)); }
    default: { return v; }
  }
}

@compute @workgroup_size(64)
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
  var job = job_b();
  var group = wid.x - params.a_groups;
  if (wid.x < params.a_groups) {
    job = job_a();
    group = wid.x;
  }
  let plane = job.height * job.width;
  let p = group * 64u + lid;
  if (p >= plane) { return; }
  let y = i32(p / job.width);
  let x = i32(p % job.width);
  var m = 0.0;
  if (job.blend != 0u) { m = activations[job.mask_offset + p]; }
  for (var co = 0u; co < job.cout; co++) {
    var acc = weights[job.b_offset + co];
    for (var ci = 0u; ci < job.cin; ci++) {
      let in_base = job.in_offset + ci * plane;
      let w_base = job.w_offset + (co * job.cin + ci) * 9u;
      for (var ky = 0; ky < 3; ky++) {
        let iy = y + ky - 1;
        if (iy < 0 || iy >= i32(job.height)) { continue; }
        for (var kx = 0; kx < 3; kx++) {
          let ix = x + kx - 1;
          if (ix < 0 || ix >= i32(job.width)) { continue; }
          acc += weights[w_base + u32(ky * 3 + kx)] * activations[in_base + u32(iy) * job.width + u32(ix)];
        }
      }
    }
    var v = activate_code(acc, job.activation);
    if (job.blend != 0u) {
      v = (v + 1.0) * 0.5 * m + activations[job.crop_offset + co * plane + p] * (1.0 - m);
    }
    activations[job.out_offset + co * plane + p] = v;
  }
}
