// out = v / ‖v‖₂ with v = Σ_p input[p, :], the sum of `parts` rows (the partial sums of a split-K linear;
// parts = 1 is a plain L2 normalisation). No epsilon, like paddle.divide(x, paddle.norm(x, 2)).
// One workgroup: each invocation forms v for a strided set of elements, the squares meet in a tree
// reduction, then v is formed again (same order, same value) and divided.
struct Params {
  length: u32,
  parts: u32,
  in_offset: u32,
  out_offset: u32,
}

const THREADS: u32 = 256u;

@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> input: array<f32>;  // [parts, length]
@group(0) @binding(2) var<storage, read_write> output: array<f32>;

var<workgroup> squares: array<f32, 256>;

fn element(i: u32) -> f32 {
  var v = 0.0;
  for (var p = 0u; p < params.parts; p++) { v += input[params.in_offset + p * params.length + i]; }
  return v;
}

@compute @workgroup_size(256)
fn main(@builtin(local_invocation_index) lane: u32) {
  var s = 0.0;
  for (var i = lane; i < params.length; i += THREADS) {
    let v = element(i);
    s += v * v;
  }
  squares[lane] = s;
  workgroupBarrier();
  for (var half = THREADS / 2u; half > 0u; half /= 2u) {
    if (lane < half) { squares[lane] += squares[lane + half]; }
    workgroupBarrier();
  }
  let norm = sqrt(squares[0]);
  for (var i = lane; i < params.length; i += THREADS) {
    output[params.out_offset + i] = element(i) / norm;
  }
}
