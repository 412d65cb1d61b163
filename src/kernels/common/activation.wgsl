// Activation chosen at pipeline creation (override constants, so the branch folds away).
// 0 = identity, 1 = LeakyReLU(NEGATIVE_SLOPE), 2 = tanh, 3 = sigmoid.
override ACTIVATION: u32 = 0u;
override NEGATIVE_SLOPE: f32 = 0.1;

fn activate(v: f32) -> f32 {
  switch ACTIVATION {
    case 1u: { return select(v * NEGATIVE_SLOPE, v, v >= 0.0); }
    case 2u: { return tanh(v); }
    case 3u: { return 1.0 / (1.0 + exp(-v)); }
    default: { return v; }
  }
}
