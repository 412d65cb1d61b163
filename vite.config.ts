import { defineConfig } from 'vite';

// The playground: `npm run dev` serves src/playground, `npm run build` writes a static site to dist/playground.
export default defineConfig({
  root: 'src/playground',
  base: './',
  server: { host: '127.0.0.1' },
  build: { outDir: '../../dist/playground', emptyOutDir: true, target: 'es2022' },
});
