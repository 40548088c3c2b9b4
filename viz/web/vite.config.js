import { defineConfig } from 'vite';

// Static build: dist/ works from any folder or file server (relative asset paths).
export default defineConfig({
  base: './',
  worker: { format: 'es' },
  build: {
    target: 'es2022',
    chunkSizeWarningLimit: 6000,
  },
});
