/**
 * GPU copies of several identities' 18 kernels, for multi-face swaps (target face i gets source face i mod n).
 * The IIN always writes the IDN's own weight buffers; a slot is a copy of them, and restoring a slot is a
 * GPU-to-GPU copy back — no CPU round trip, no bind group change. Slots are allocated when an identity is
 * saved (once per source), never per frame.
 */
import { createStorageBuffer } from '../buffers';
import type { DynamicWeightBuffers } from '../idn/dynamic-weights';

export class IdentitySlots {
  private readonly slots: { depthwise: GPUBuffer[]; pointwise: GPUBuffer[] }[] = [];
  private used = 0;

  constructor(
    private readonly device: GPUDevice,
    private readonly targets: DynamicWeightBuffers,
  ) {}

  /** How many identities are saved. */
  get count(): number {
    return this.used;
  }

  /** Forget the saved identities (their buffers are kept for reuse). */
  clear(): void {
    this.used = 0;
  }

  /** Record a copy of the IDN's current kernels into slot `count` and return its index. */
  save(encoder: GPUCommandEncoder): number {
    const index = this.used++;
    if (!this.slots[index]) {
      const copy = (list: readonly GPUBuffer[], kind: string) => list.map((b, i) => createStorageBuffer(this.device, b.size / 4, `identity-slot${index}/${kind}${i}`));
      this.slots[index] = { depthwise: copy(this.targets.depthwise, 'dw'), pointwise: copy(this.targets.pointwise, 'pw') };
    }
    const slot = this.slots[index]!;
    this.targets.depthwise.forEach((b, i) => encoder.copyBufferToBuffer(b, 0, slot.depthwise[i]!, 0, b.size));
    this.targets.pointwise.forEach((b, i) => encoder.copyBufferToBuffer(b, 0, slot.pointwise[i]!, 0, b.size));
    return index;
  }

  /** Record a copy of slot `index` back into the IDN's weight buffers. */
  restore(encoder: GPUCommandEncoder, index: number): void {
    const slot = this.slots[index];
    if (!slot || index >= this.used) throw new Error(`identity slot ${index} is not saved (have ${this.used})`);
    this.targets.depthwise.forEach((b, i) => encoder.copyBufferToBuffer(slot.depthwise[i]!, 0, b, 0, b.size));
    this.targets.pointwise.forEach((b, i) => encoder.copyBufferToBuffer(slot.pointwise[i]!, 0, b, 0, b.size));
  }

  destroy(): void {
    for (const s of this.slots) [...s.depthwise, ...s.pointwise].forEach((b) => b.destroy());
    this.slots.length = 0;
    this.used = 0;
  }
}
