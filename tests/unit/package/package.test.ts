// The npm package: built library (ESM + .d.ts), publishable contents, no side effects on import, WGSL inside.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';

beforeAll(() => {
  execFileSync('npm', ['run', 'build:lib'], { stdio: 'pipe' });
}, 120_000);

describe('npm package', () => {
  it('packs the library, its types, the CLI and the sample faces, and nothing from tests or user weights', () => {
    const out = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { encoding: 'utf8' });
    const files: string[] = JSON.parse(out)[0].files.map((f: { path: string }) => f.path);
    for (const f of ['dist/lib/index.js', 'dist/types/index.d.ts', 'bin/mobilefaceswap.js', 'README.md', 'assets/faces/SOURCES.md', 'weights/NOTICE']) expect(files).toContain(f);
    expect(files.filter((f) => f.startsWith('tests/') || f.endsWith('.safetensors') || f.endsWith('.pdparams'))).toEqual([]);
    const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
    expect(pkg.exports['.']).toEqual({ types: './dist/types/index.d.ts', import: './dist/lib/index.js' });
    expect(pkg.sideEffects).toBe(false);
  });

  it('ships the WGSL inside the bundle', () => {
    const bundle = readFileSync('dist/lib/index.js', 'utf8');
    expect(bundle).toContain('@compute @workgroup_size(WORKGROUP_SIZE)');
    expect(bundle).not.toMatch(/from ['"][^'"]+\.wgsl\?raw/);
  });

  it('imports without side effects and exposes only the public API', async () => {
    const before = new Set(Object.keys(globalThis));
    const lib = await import('../../../dist/lib/index.js' as string);
    expect(Object.keys(globalThis).filter((k) => !before.has(k))).toEqual([]);
    expect(Object.keys(lib).sort()).toEqual(['EngineError', 'InvalidArgumentError', 'InvalidStateError', 'NoAdapterError', 'NoFaceError', 'SYNTHETIC_NOTICE', 'WebGpuUnavailableError', 'WeightsError', 'createFaceSwap']);
    const types = readFileSync('dist/types/index.d.ts', 'utf8');
    expect(types).toContain('createFaceSwap');
  });
});
