import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The server (packages/server) serves dist/ and falls back to index.html for client-side routes.
// `npm run dev -w @laurel/web` proxies the API to a server on LAUREL_API (default http://localhost:3000).
const api = process.env.LAUREL_API ?? 'http://localhost:3000';

export default defineConfig({
  plugins: [react()],
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: true },
  server: {
    proxy: { '/api': api, '/ob2': api, '/ob3': api, '/favicon.svg': api, '/favicon.ico': api },
  },
});
