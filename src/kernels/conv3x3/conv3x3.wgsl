// Small dense 3×3 convolution, padding 1, NCHW, with bias (BatchNorm folded into weight and bias) and an
// activation override: the RGB head's 8→3 (LeakyReLU) and 3→3 (tanh) and the mask head's 2→1 (sigmoid).
// One invocation per output pixel computes every output channel, so each input tap is read once per pixel.
struct Params {
  c_in: u32,
  c_out: u32,
  height: u32,
  width: u32,
  in_offset: u32,
  out_offset: u32,
}

override WORKGROUP_SIZE: u32 = 64u;

@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> input: array<f32>;
@group(0) @binding(2) var<storage, read_write> output: array<f32>;
@group(1) @binding(0) var<storage, read> weight: array<f32>;  // [C_out, C_in, 3, 3]
@group(1) @binding(1) var<storage, read> bias: array<f32>;    // [C_out]

@compute @workgroup_size(WORKGROUP_SIZE)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) groups: vec3<u32>) {
  let plane = params.height * params.width;
  let p = gid.x + gid.y * groups.x * WORKGROUP_SIZE;
  if (p >= plane) { return; }
  let y = i32(p / params.width);
  let x = i32(p % params.width);
  for (var co = 0u; co < params.c_out; co++) {
    var acc = bias[co];
    for (var ci = 0u; ci < params.c_in; ci++) {
      let in_base = params.in_offset + ci * plane;
      let w_base = (co * params.c_in + ci) * 9u;
      for (var ky = 0; ky < 3; ky++) {
        let iy = y + ky - 1;
        if (iy < 0 || iy >= i32(params.height)) { continue; }
        for (var kx = 0; kx < 3; kx++) {
          let ix = x + kx - 1;
          if (ix < 0 || ix >= i32(params.width)) { continue; }
          acc += weight[w_base + u32(ky * 3 + kx)] * input[in_base + u32(iy) * params.width + u32(ix)];
        }
      }
    }
    output[params.out_offset + co * plane + p] = activate(acc);
  }
}
