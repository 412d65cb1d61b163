/**
 * Which adapter a test run expects. A silent fallback (no adapter, or a different one than the machine should
 * give) must fail loudly rather than run the suite somewhere unexpected or skip it.
 * Override with MFS_EXPECT_ADAPTER (a case-insensitive regular expression over vendor/architecture/device/description),
 * e.g. MFS_EXPECT_ADAPTER=nvidia on a GPU machine or =swiftshader when Node runs on Chromium's SwiftShader ICD.
 */
import { adapterLabel, type AdapterDescription } from './capabilities';

export const DEFAULT_EXPECTED_ADAPTER = {
  node: 'mesa|llvmpipe|lavapipe|swiftshader',
  browser: 'swiftshader|google',
} as const;

export function checkExpectedAdapter(adapter: AdapterDescription, pattern: string): void {
  const text = `${adapter.vendor} ${adapter.architecture} ${adapter.device} ${adapter.description}`;
  if (!new RegExp(pattern, 'i').test(text)) {
    throw new Error(`unexpected WebGPU adapter "${adapterLabel(adapter)}": this run expects /${pattern}/i (set MFS_EXPECT_ADAPTER to change it)`);
  }
}
