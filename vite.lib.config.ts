import { defineConfig } from 'vite';

// The library build: ESM, one entry (src/index.ts), the WGSL inlined through ?raw imports, dependencies external.
export default defineConfig({
  build: {
    outDir: 'dist/lib',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: true,
    minify: false,
    lib: { entry: 'src/index.ts', formats: ['es'], fileName: 'index' },
    rollupOptions: {
      external: (id) => /^(node:|gl-matrix|onnx-proto|pngjs|jpeg-js|webgpu|wgsl_reflect|@vladmandic)/.test(id),
    },
  },
});
