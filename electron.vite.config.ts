import { resolve } from 'node:path';
import tailwindcss from '@tailwindcss/vite';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';

export default defineConfig({
  main: {
    build: {
      // Main-process packages stay in node_modules, where electron-builder packages them.
      externalizeDeps: true,
      rollupOptions: {
        // The desktop app and the plain-Node CLI are built side by side from one tree.
        input: {
          index: resolve(__dirname, 'src/main/electron/main.ts'),
          cli: resolve(__dirname, 'src/main/cli/index.ts'),
        },
      },
    },
  },
  preload: {
    build: {
      // The sandboxed preload cannot require packages, so zod is bundled into it.
      externalizeDeps: { exclude: ['zod'] },
      rollupOptions: {
        // One CommonJS file, so the preload runs with `sandbox: true`.
        input: { index: resolve(__dirname, 'src/preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].js', codeSplitting: false },
      },
    },
  },
  renderer: {
    root: resolve(__dirname, 'src/renderer'),
    plugins: [react(), tailwindcss()],
    build: {
      // electron-vite leaves the renderer unminified; the first paint waits on parsing the entry
      // script, so shipping it minified is the cheapest part of the 600 ms goal.
      minify: true,
      rollupOptions: { input: resolve(__dirname, 'src/renderer/index.html') },
    },
  },
});
