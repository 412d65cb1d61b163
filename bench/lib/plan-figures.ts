/** Per-frame figures of an IDN plan from its dispatch list (the kernels' cost model). */
import type { IdnExecutor } from '../../src/engine/idn/executor';
import type { PlanFigures } from './types';

export function planFigures(idn: IdnExecutor): PlanFigures {
  const d = idn.dispatches;
  const sum = (f: (c: (typeof d)[number]['cost']) => number) => d.reduce((s, x) => s + f(x.cost), 0);
  return {
    plan: idn.plan.kind,
    tiling: idn.plan.tiling,
    dispatches: d.length,
    macs: sum((c) => c.macs),
    bytesRead: sum((c) => c.bytesRead),
    bytesWritten: sum((c) => c.bytesWritten),
    allocatedBytes: idn.allocatedBytes,
  };
}
