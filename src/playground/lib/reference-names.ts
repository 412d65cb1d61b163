/**
 * Which node of the CPU reference network (src/model/reference/idn.ts, `onTensor` names) holds the same
 * values as a tensor the GPU plan keeps. Plan names carry a note in parentheses ("E4 (bottleneck)"); the
 * plans store skip concatenations as "D0 ⧺ E3" slots; mask stages are stored after their LReLU (`.4`).
 */
export const CROP_NODE = 'crop';

export function referenceNodeFor(planName: string): string | undefined {
  const name = planName.replace(/\s*\([^)]*\)\s*$/, '').trim();
  if (name === 'crop') return CROP_NODE;
  const cat = /^(D\d) ⧺ E\d$/.exec(name);
  if (cat) return `${cat[1]}.cat`;
  const maskStage = /^mask\.(\d)$/.exec(name);
  if (maskStage) return `mask.${maskStage[1]}.4`;
  const maskDw = /^mask\.(\d)\.dw$/.exec(name);
  if (maskDw) return `mask.${maskDw[1]}.1`;
  if (/^(input|out|mask|generated|E\d(\.dw|\.pw)?|D\d(\.dw|\.pw|\.up)?|final\.\d)$/.test(name)) return name;
  return undefined;
}
