/**
 * Assigns a plan's activation tensors to a few reusable buffers ("slots") by liveness: a tensor holds its slot
 * from the step that first writes it to the last step that reads it, then the slot is free for the next
 * tensor. A step's outputs never share a slot with its inputs (a binding cannot be both read-only and
 * read-write in one dispatch); in-place steps read and write the same tensor on purpose.
 */
import type { NetworkPlan } from './graph-plan';

export interface SlotAssignment {
  /** Slot index of every tensor id. */
  readonly slotOf: readonly number[];
  /** Elements each slot must hold (the largest tensor it ever carries). */
  readonly slotElements: readonly number[];
}

/** `keepAll` gives every tensor its own slot (nothing is overwritten: for inspecting intermediates). */
export function assignSlots(plan: NetworkPlan, keepAll = false): SlotAssignment {
  const n = plan.tensors.length;
  const firstWrite = new Array<number>(n).fill(Infinity);
  const lastRead = new Array<number>(n).fill(-1);
  firstWrite[plan.input.tensor] = -1; // written by the upload, before step 0
  plan.steps.forEach((s, i) => {
    for (const [name, ref] of Object.entries(s.bindings)) {
      if (ref.kind !== 'tensor') continue;
      if (isWritten(s.kernel, name)) firstWrite[ref.id] = Math.min(firstWrite[ref.id]!, i);
      lastRead[ref.id] = Math.max(lastRead[ref.id]!, i);
    }
  });
  // Outputs are copied out after the last step.
  for (const o of plan.outputs) lastRead[o.tensor] = plan.steps.length;

  const slotOf = new Array<number>(n).fill(-1);
  const slotElements: number[] = [];
  const free: number[] = [];
  const order = [...Array(n).keys()].filter((t) => firstWrite[t]! < Infinity).sort((a, b) => firstWrite[a]! - firstWrite[b]! || a - b);
  const live: number[] = [];
  for (const t of order) {
    const at = firstWrite[t]!;
    // Release tensors whose last read is strictly before this write (a step's inputs stay held during it).
    for (let i = live.length - 1; i >= 0; i--) {
      const u = live[i]!;
      if (lastRead[u]! < at && !keepAll) {
        free.push(slotOf[u]!);
        live.splice(i, 1);
      }
    }
    const need = plan.tensors[t]!.elements;
    // Best fit: the free slot whose size is closest to the need (growing one if none is big enough).
    let pick = -1;
    for (let k = 0; k < free.length; k++) {
      const s = free[k]!;
      const cur = slotElements[s]!;
      const best = pick < 0 ? undefined : slotElements[free[pick]!]!;
      const better = best === undefined || (cur >= need ? best < need || cur < best : best < need && cur > best);
      if (better) pick = k;
    }
    let slot: number;
    if (pick >= 0) {
      slot = free.splice(pick, 1)[0]!;
      slotElements[slot] = Math.max(slotElements[slot]!, need);
    } else {
      slot = slotElements.length;
      slotElements.push(need);
    }
    slotOf[t] = slot;
    live.push(t);
  }
  return { slotOf, slotElements };
}

/** Storage bindings a kernel writes (every other tensor binding is read-only). */
function isWritten(kernel: string, binding: string): boolean {
  return binding === 'output' || (kernel === 'channel-activation' && binding === 'data');
}
