/** A short adapter name for table cells ("google / swiftshader", "mesa / llvmpipe"); the full label is in the adapters table. */
import type { AdapterDescription } from '../../src/engine/capabilities';

export function shortAdapter(a: AdapterDescription): string {
  const device = a.device.split(/[-\s:]/)[0] ?? '';
  const name = [a.vendor, device || a.architecture].filter((s) => s.length > 0).join(' / ') || a.description || 'unknown adapter';
  return a.isSoftware ? `${name}, CPU-emulated` : name;
}
