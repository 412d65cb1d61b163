/**
 * A WGSL program made of named parts: shared helper files (activation, sampling) followed by the kernel's
 * own file. Parts are joined with newlines only; nothing is spliced into expressions. Keeping the part
 * boundaries lets compile errors point at the right file and line.
 */
export interface ShaderPart {
  readonly file: string;
  readonly code: string;
}

export interface ShaderSource {
  readonly parts: readonly ShaderPart[];
}

export function shaderSource(...parts: ShaderPart[]): ShaderSource {
  return { parts };
}

export function joinedCode(source: ShaderSource): string {
  return source.parts.map((p) => (p.code.endsWith('\n') ? p.code : `${p.code}\n`)).join('');
}

/** Map a 1-based line of the joined code back to its part. */
export function locateLine(source: ShaderSource, line: number): { file: string; line: number; text: string } {
  let start = 1;
  for (const part of source.parts) {
    const lines = part.code.split('\n');
    const count = part.code.endsWith('\n') ? lines.length - 1 : lines.length;
    if (line < start + count) {
      const local = line - start + 1;
      return { file: part.file, line: local, text: lines[local - 1] ?? '' };
    }
    start += count;
  }
  return { file: source.parts.at(-1)?.file ?? '?', line, text: '' };
}
