// Bilinear ×2 up-sampling with align_corners=True, as Paddle/PyTorch define it:
// a destination index d maps to the source coordinate d·(in−1)/(out−1).
struct BilinearTap {
  i0: u32,
  i1: u32,
  frac: f32,
}

fn align_corners_tap(dst: u32, src_size: u32, dst_size: u32) -> BilinearTap {
  if (dst_size <= 1u || src_size <= 1u) {
    return BilinearTap(0u, 0u, 0.0);
  }
  let pos = f32(dst) * f32(src_size - 1u) / f32(dst_size - 1u);
  let i0 = min(u32(floor(pos)), src_size - 1u);
  let i1 = min(i0 + 1u, src_size - 1u);
  return BilinearTap(i0, i1, pos - f32(i0));
}
