/** Links for the page footer: where the bundled third-party files come from and under which licences. */
// no-inline: a data: URL cannot be opened as a link.
import facesSources from '../../../assets/faces/SOURCES.md?url&no-inline';

export const NOTICE_LINKS: readonly { readonly title: string; readonly href: string }[] = [
  { title: 'Third-party notices', href: 'third-party/NOTICE.txt' },
  { title: 'Apache-2.0 (MediaPipe models)', href: 'third-party/LICENSE-Apache-2.0.txt' },
  { title: 'MIT (@vladmandic/human)', href: 'third-party/LICENSE-vladmandic-human.txt' },
  { title: 'Sample face sources', href: facesSources },
];
