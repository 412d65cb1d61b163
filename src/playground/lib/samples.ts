/** The bundled public-domain sample faces (assets/faces, see SOURCES.md there); Vite copies them into the build. */
import astronaut from '../../../assets/faces/astronaut.png';
import graceHopper from '../../../assets/faces/grace_hopper.jpg';
import joconde from '../../../assets/faces/joconde.jpg';

export interface SampleFace {
  readonly id: string;
  readonly name: string;
  readonly url: string;
  readonly credit: string;
}

export const SAMPLE_FACES: readonly SampleFace[] = [
  { id: 'grace_hopper', name: 'Grace Hopper', url: graceHopper, credit: 'US Navy portrait, public domain' },
  { id: 'astronaut', name: 'Eileen Collins', url: astronaut, credit: 'NASA portrait, public domain' },
  { id: 'joconde', name: 'Mona Lisa', url: joconde, credit: 'Leonardo da Vinci, public domain' },
];

export function sampleById(id: string): SampleFace {
  const s = SAMPLE_FACES.find((f) => f.id === id);
  if (!s) throw new Error(`no sample face "${id}" (have: ${SAMPLE_FACES.map((f) => f.id).join(', ')})`);
  return s;
}
