import { describe, expect, it } from 'vitest';
import { idnLayers } from '../../../src/engine/idn/layers';

describe('IDN layer list at 224', () => {
  const layers = idnLayers(224);
  const macs = (part?: string) => layers.filter((l) => !part || l.part === part).reduce((s, l) => s + l.kernel.cost(l.params as never).macs, 0);

  it('has the conv cost the reference derives from the shapes (§4.3: 0.306 GMAC in all)', () => {
    // Reference figures: encoder 0.0305 G, decoder 0.2060 G, RGB head 0.0277 G, mask head 0.0414 G (conv MACs only).
    const conv = (part: string) => layers.filter((l) => l.part === part && l.kernel.name !== 'upsample-bilinear').reduce((s, l) => s + l.kernel.cost(l.params as never).macs, 0);
    expect(conv('encoder') / 1e9).toBeCloseTo(0.0305, 3);
    expect(conv('decoder') / 1e9).toBeCloseTo(0.206, 3);
    expect(conv('head') / 1e9).toBeCloseTo(0.0277, 3);
    expect(conv('mask') / 1e9).toBeCloseTo(0.0414, 3);
    expect(macs() / 1e9).toBeGreaterThan(0.306);
  });

  it('validates every layer and refuses sizes that are not multiples of 32', () => {
    for (const l of layers) expect(() => l.kernel.validate(l.params as never), l.name).not.toThrow();
    expect(() => idnLayers(100)).toThrow(/multiple of 32/);
  });
});
