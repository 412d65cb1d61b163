// The shortcut of a residual block, read at output channel c, pixel (y, x): shared by add-activation and
// direct-conv's residual entry points. Needs `params.res_channels/res_channel_offset/res_h/res_w`, the
// `residual` binding and the RESIDUAL_POOL override.
//   RESIDUAL_POOL  residual[c, y, x] = max over the in-image taps of res[c, 2y + {0,1}, 2x + {0,1}]
//                  (TF MaxPool 2×2/2, SAME or VALID: the output size decides, taps past the edge are skipped)
//   channels outside [res_channel_offset, res_channel_offset + res_channels) read zero (a channel Pad).
override RESIDUAL_POOL: bool = false;

fn residual_at(c: u32, y: u32, x: u32) -> f32 {
  if (c < params.res_channel_offset || c >= params.res_channel_offset + params.res_channels) { return 0.0; }
  let base = (c - params.res_channel_offset) * params.res_h * params.res_w;
  if (!RESIDUAL_POOL) { return residual[base + y * params.res_w + x]; }
  let y0 = 2u * y;
  let x0 = 2u * x;
  // (y0, x0) is always inside: the pooled size is at most ceil(res/2).
  var m = residual[base + y0 * params.res_w + x0];
  if (x0 + 1u < params.res_w) { m = max(m, residual[base + y0 * params.res_w + x0 + 1u]); }
  if (y0 + 1u < params.res_h) {
    m = max(m, residual[base + (y0 + 1u) * params.res_w + x0]);
    if (x0 + 1u < params.res_w) { m = max(m, residual[base + (y0 + 1u) * params.res_w + x0 + 1u]); }
  }
  return m;
}
