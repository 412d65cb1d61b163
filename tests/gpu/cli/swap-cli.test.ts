// The `swap` command end to end on the bundled sample faces (synthetic weights, so not a real swap).
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runSwap } from '../../../src/cli/swap';
import { readPngTextChunks } from '../../../src/engine/image/png';
import { readImageFile, writeImageFile } from '../../../src/engine/image/node-io';

const dir = mkdtempSync(join(tmpdir(), 'mfs-swap-'));

/** Frames of a "video": the target photo shifted a few pixels per frame, plus one blank frame. */
async function writeFrames(folder: string): Promise<void> {
  const { mkdir } = await import('node:fs/promises');
  await mkdir(folder, { recursive: true });
  const img = await readImageFile('assets/faces/astronaut.png');
  const w = 400;
  const h = 400;
  for (let f = 0; f < 3; f++) {
    const rgba = new Uint8Array(w * h * 4);
    for (let y = 0; y < h; y++) {
      const src = ((y + 2 * f) * img.width + 40 + 3 * f) * 4;
      rgba.set(img.rgba.subarray(src, src + w * 4), y * w * 4);
    }
    await writeImageFile(join(folder, `frame-${f}.png`), { width: w, height: h, rgba });
  }
  await writeImageFile(join(folder, 'frame-3.png'), { width: w, height: h, rgba: new Uint8Array(w * h * 4).fill(200) });
}

describe('mobilefaceswap swap', () => {
  it('swaps a photo, marks it as AI-swapped and says the weights were synthetic', async () => {
    const out = join(dir, 'out.png');
    const report = await runSwap({ source: 'assets/faces/grace_hopper.jpg', target: 'assets/faces/astronaut.png', out, synthetic: true });
    expect(report?.weights.provenance).toBe('synthetic');
    expect(report?.facesSwapped).toBe(1);
    expect(report?.stages['load weights']).toBeGreaterThan(0);
    const text = readPngTextChunks(readFileSync(out));
    expect(text.Comment).toMatch(/AI-swapped.*SYNTHETIC/);
    const before = await readImageFile('assets/faces/astronaut.png');
    const after = await readImageFile(out);
    expect(after.width).toBe(before.width);
    expect(after.rgba).not.toEqual(before.rgba);
  });

  it('swaps a folder of frames, tracking the face and passing a face-less frame through unchanged', async () => {
    const frames = join(dir, 'frames');
    await writeFrames(frames);
    const out = join(dir, 'frames-out');
    const report = await runSwap({ source: 'assets/faces/grace_hopper.jpg', target: frames, out, synthetic: true });
    expect(report?.frames).toBe(4);
    expect(report?.framesWithoutFace).toBe(1);
    expect(report?.facesSwapped).toBe(3);
    expect(readdirSync(out).sort()).toEqual(['frame-0.png', 'frame-1.png', 'frame-2.png', 'frame-3.png']);
    const blankIn = await readImageFile(join(frames, 'frame-3.png'));
    const blankOut = await readImageFile(join(out, 'frame-3.png'));
    expect(blankOut.rgba).toEqual(blankIn.rgba);
    expect(report?.stages['  track']).toBeGreaterThan(0);
  });

  it('fails with a clear message when the source has no face', async () => {
    const blank = join(dir, 'blank.png');
    await writeImageFile(blank, { width: 64, height: 64, rgba: new Uint8Array(64 * 64 * 4).fill(128) });
    expect(await runSwap({ source: blank, target: 'assets/faces/astronaut.png', out: join(dir, 'x.png'), synthetic: true })).toBeUndefined();
  });
});
