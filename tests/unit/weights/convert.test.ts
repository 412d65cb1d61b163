import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { convertCommand } from '../../../src/cli/convert';
import { identifyCheckpoint, runConvert, writeSyntheticPdparams } from '../../../src/engine/weights/convert';
import { arcfaceManifest, swapManifest } from '../../../src/engine/weights/manifest';
import { partManifest, splitConverted } from '../../../src/engine/weights/naming';
import { readPdparams } from '../../../src/engine/weights/pickle-reader';
import { encodePdparams } from '../../../src/engine/weights/pickle-writer';
import { readSafetensorsFile } from '../../../src/engine/weights/safetensors-node';
import { makeSyntheticArcfaceWeights, makeSyntheticSwapWeights, SYNTHETIC_NOTICE } from '../../../src/engine/weights/synthetic';
import type { TensorMap } from '../../../src/engine/weights/tensor-map';
import { validateTensors } from '../../../src/engine/weights/validate';
import { FIXTURE_DIR } from './fixtures';

/** Runs the CLI entry point with captured stdout/stderr. */
async function cli(argv: string[], isTTY = false): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await convertCommand(argv, {
    stdout: { write: (s: string) => (stdout += s) },
    stderr: { write: (s: string) => (stderr += s), isTTY },
  });
  return { code, stdout, stderr };
}

function sameBytes(a: TensorMap, b: TensorMap): boolean {
  if (a.size !== b.size) return false;
  for (const [name, t] of a) {
    const u = b.get(name);
    if (!u || !Buffer.from(t.data.buffer, t.data.byteOffset, t.data.byteLength).equals(Buffer.from(u.data.buffer, u.data.byteOffset, u.data.byteLength))) return false;
  }
  return true;
}

const dir = mkdtempSync(join(tmpdir(), 'convert-test-'));
let swapPath = '';
let arcfacePath = '';

beforeAll(async () => {
  ({ swapPath, arcfacePath } = await writeSyntheticPdparams(join(dir, 'synthetic'), { seed: 5 }));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('end to end: synthetic → .pdparams → convert → .safetensors → load → validate', () => {
  it('reproduces every official tensor exactly, with provenance metadata', async () => {
    const out = join(dir, 'weights.safetensors');
    const run = await cli(['convert', '--swap', swapPath, '--arcface', arcfacePath, '-o', out]);
    expect(run.code).toBe(0);
    expect(run.stderr).not.toContain('\r'); // not a TTY: no redrawn bar
    expect(run.stdout).toContain('tensors:    858 (swap 167, arcface 691)');
    expect(run.stdout).toContain('parameters: 72,950,189');
    expect(run.stdout).toContain(SYNTHETIC_NOTICE);

    const { tensors, metadata } = await readSafetensorsFile(out); // 'auto': container + manifest from metadata
    expect(metadata).toMatchObject({
      format: 'mobilefaceswap-webgpu/weights',
      format_version: '1',
      parts: 'swap,arcface',
      bn_folded: 'false',
      swap_source: 'MobileFaceSwap_224.pdparams',
      arcface_source: 'arcface.pdparams',
      synthetic: 'true',
      notice: SYNTHETIC_NOTICE,
    });
    expect(metadata.swap_sha256).toBe(createHash('sha256').update(readFileSync(swapPath)).digest('hex'));
    expect(metadata.arcface_sha256).toBe(createHash('sha256').update(readFileSync(arcfacePath)).digest('hex'));

    const parts = splitConverted(tensors);
    validateTensors(parts.swap!, swapManifest(), 'swap');
    validateTensors(parts.arcface!, arcfaceManifest(), 'arcface');
    expect(sameBytes(parts.swap!, makeSyntheticSwapWeights(5))).toBe(true);
    expect(sameBytes(parts.arcface!, makeSyntheticArcfaceWeights(5))).toBe(true);
  });
});

describe('convert command', () => {
  it('converts one file alone, with BN folded', async () => {
    const out = join(dir, 'swap-folded.safetensors');
    const run = await cli(['--swap', swapPath, '-o', out, '--fold-bn']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('BN folded:  yes');
    const { tensors, metadata } = await readSafetensorsFile(out);
    expect(metadata.parts).toBe('swap');
    expect(metadata.bn_folded).toBe('true');
    expect(metadata.arcface_sha256).toBeUndefined();
    expect(() => validateTensors(splitConverted(tensors).swap!, partManifest('swap', true), 'folded')).not.toThrow();
  });

  it('draws a progress bar on a TTY', async () => {
    const run = await cli(['--swap', swapPath, '-o', join(dir, 'tty.safetensors')], true);
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/\r\[#+\.*\] +\d+% reading .*MobileFaceSwap_224\.pdparams/);
    expect(run.stderr).toContain('100% writing');
  });

  it('prints quarter lines for large files on a pipe', async () => {
    const run = await cli(['--arcface', arcfacePath, '-o', join(dir, 'arcface.safetensors')]);
    expect(run.code).toBe(0);
    expect(run.stderr).toContain('arcface.pdparams: 50%');
    expect(run.stderr).not.toContain('\r');
  });

  it('detects the arcface file given as --swap, and the reverse', async () => {
    const a = await cli(['--swap', arcfacePath, '-o', join(dir, 'x.safetensors')]);
    expect(a.code).toBe(1);
    expect(a.stderr).toMatch(/--swap .*arcface\.pdparams holds the ArcFace identity encoder.*pass it as --arcface/);
    const b = await cli(['--arcface', swapPath, '-o', join(dir, 'x.safetensors')]);
    expect(b.stderr).toMatch(/pass it as --swap/);
    expect(existsSync(join(dir, 'x.safetensors'))).toBe(false);
  });

  it('lists missing, extra and mis-shaped keys of an incomplete checkpoint', async () => {
    const tensors = readPdparams(readFileSync(swapPath)).tensors;
    tensors.delete('mask.5.bias');
    tensors.set('final.1.weight', { shape: [8, 32], data: tensors.get('final.1.weight')!.data });
    tensors.set('extra.thing', { shape: [1], data: new Float32Array(1) });
    const path = join(dir, 'broken.pdparams');
    writeFileSync(path, encodePdparams(tensors));
    const run = await cli(['--swap', path, '-o', join(dir, 'x.safetensors')]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('1 missing (mask.5.bias)');
    expect(run.stderr).toContain('1 unexpected (extra.thing)');
    expect(run.stderr).toContain('final.1.weight: expected [8, 32, 1, 1], got [8, 32]');
  });

  it.each<[string, (d: string) => string[], RegExp]>([
    ['a missing file', (d) => ['--swap', join(d, 'nope.pdparams'), '-o', join(d, 'x.safetensors')], /--swap .*nope\.pdparams: no such file/],
    ['a directory as input', (d) => ['--arcface', d, '-o', join(d, 'x.safetensors')], /is a directory/],
    ['a malicious pickle', () => ['--swap', join(FIXTURE_DIR, 'malicious_os_system_p2.pdparams'), '-o', join(dir, 'x.safetensors')], /refused to load pickle: it references 'os\.system'/],
    ['a file that is not a pickle', () => ['--swap', join(FIXTURE_DIR, 'expected.json'), '-o', join(dir, 'x.safetensors')], /not a readable \.pdparams pickle/],
    ['an output folder that does not exist', (d) => ['--swap', swapPath, '-o', join(d, 'no', 'such', 'x.safetensors')], /its folder does not exist/],
    ['an output that is a directory', (d) => ['--swap', swapPath, '-o', d], /is a directory/],
  ])('fails cleanly on %s (exit 1, no stack trace)', async (_what, args, message) => {
    const run = await cli(args(dir));
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(message);
    expect(run.stderr).not.toMatch(/\n\s+at /);
    expect(run.stderr.trim().split('\n').at(-1)).toMatch(/^convert: /);
  });

  it.each([
    [['--swap', 'a.pdparams']], // no -o
    [['-o', 'x.safetensors']], // no input
    [['--bogus']],
    [['--swap', 'a', '-o', 'b', 'stray']],
    [['--synth', 'd', '--seed', '-3']],
    [['--synth', 'd', '--protocol', '3']],
    [['--synth', 'd', '--swap', 'a']],
    [['--swap', 'same.pdparams', '-o', 'same.pdparams']],
  ])('exits 2 on bad usage: %j', async (argv) => {
    const run = await cli(argv);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^convert: /);
  });

  it('prints help', async () => {
    const run = await cli(['--help']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('usage: mobilefaceswap convert');
  });

  it('--synth writes both synthetic checkpoints and marks them synthetic', async () => {
    const target = join(dir, 'synth');
    const result = await runConvert(['convert', '--synth', target, '--seed', '9']);
    expect(result).toEqual({ kind: 'done', synthetic: { swapPath: join(target, 'MobileFaceSwap_224.pdparams'), arcfacePath: join(target, 'arcface.pdparams') } });
    const swap = readPdparams(readFileSync(join(target, 'MobileFaceSwap_224.pdparams')));
    expect(swap.protocol).toBe(4);
    expect(swap.structuredNames.get('__synthetic__')).toContain(SYNTHETIC_NOTICE);
    expect(sameBytes(swap.tensors, makeSyntheticSwapWeights(9))).toBe(true);
    expect(identifyCheckpoint(swap.tensors)).toBe('swap');
  });

  it('a real (non-synthetic) checkpoint is not flagged synthetic', async () => {
    const real = join(dir, 'real');
    mkdirSync(real);
    const tensors = readPdparams(readFileSync(swapPath)).tensors; // same values, but a name table without the marker
    writeFileSync(join(real, 'MobileFaceSwap_224.pdparams'), encodePdparams(tensors));
    const out = join(real, 'w.safetensors');
    expect((await cli(['--swap', join(real, 'MobileFaceSwap_224.pdparams'), '-o', out])).code).toBe(0);
    const { metadata } = await readSafetensorsFile(out);
    expect(metadata.synthetic).toBe('false');
    expect(metadata.notice).toBeUndefined();
    copyFileSync(out, join(real, 'copy.safetensors')); // the file is complete and closed
  });
});
