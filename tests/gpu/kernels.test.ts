// Every kernel against its CPU reference on Dawn (lavapipe here), over its case table and seeded random shapes.
import { describe, expect, it } from 'vitest';
import { runKernelCase } from '../../src/engine/kernel-check';
import { caseTables, casesFor } from '../../src/kernels/cases';
import { useNodeGpuFixture } from '../support/node-gpu-fixture';

const fx = useNodeGpuFixture();

for (const kernel of Object.keys(caseTables)) {
  describe(kernel, () => {
    for (const c of casesFor(kernel)) {
      it(c.title, async () => {
        const result = await runKernelCase(fx.gpu, fx.cache, c);
        for (const b of result.bindings) expect(b.report.pass, b.message).toBe(true);
        expect(result.bindings.length).toBeGreaterThan(0);
      });
    }
  });
}
