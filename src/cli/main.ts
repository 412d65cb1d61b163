/** `mobilefaceswap <command>`: the Node command line (Dawn). */
import { EngineError } from '../engine/errors';
import { selfcheckCommand } from './selfcheck';

const USAGE = `usage: mobilefaceswap <command> [options]

commands:
  demo                 swap the bundled sample faces (grace_hopper.jpg onto astronaut.png) and write a report
  swap                 swap a source face onto a target image or folder of frames (swap --help)
  selfcheck [--json]   run every WGSL kernel against its CPU reference on this machine's WebGPU adapter
  convert              convert the official .pdparams checkpoints to one .safetensors file (convert --help)
`;

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'selfcheck':
      return selfcheckCommand(rest);
    case 'swap': {
      const { swapCommand } = await import('./swap');
      return swapCommand(rest);
    }
    case 'demo': {
      const { demoCommand } = await import('./demo');
      return demoCommand(rest);
    }
    case 'convert': {
      const { convertCommand } = await import('./convert');
      return convertCommand(rest);
    }
    case undefined:
    case '-h':
    case '--help':
    case 'help':
      process.stdout.write(USAGE);
      return command === undefined ? 2 : 0;
    default:
      process.stderr.write(`mobilefaceswap: unknown command "${command}"\n\n${USAGE}`);
      return 2;
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (e: unknown) => {
    // Typed errors already say what was wrong and what to do: print the message, not a stack trace.
    if (e instanceof EngineError) process.stderr.write(`mobilefaceswap: ${e.message}\n`);
    else process.stderr.write(`mobilefaceswap: unexpected error: ${(e as Error)?.stack ?? String(e)}\n`);
    process.exit(1);
  },
);
