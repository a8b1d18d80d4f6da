import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The gateway serves the built console at /console (src/common/console-static.ts). In development
// `npm run dev -w @sms-gateway/console` serves it here and passes the API through to a running gateway.
const gateway = process.env.GATEWAY_URL ?? 'http://127.0.0.1:3000';

export default defineConfig({
  base: '/console/',
  plugins: [react()],
  // android-agent (Expo) pins its own React at the root; the console's copy lives in console/node_modules.
  resolve: { dedupe: ['react', 'react-dom'] },
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: false, manifest: true, chunkSizeWarningLimit: 600 },
  server: {
    host: '127.0.0.1',
    // CONSOLE_DEV_PORT: another port than 5173 (the test of this setup uses one).
    port: Number(process.env.CONSOLE_DEV_PORT ?? 5173),
    strictPort: true,
    proxy: {
      '/graphql': { target: gateway, ws: true, changeOrigin: true },
      '/v1': { target: gateway, changeOrigin: true },
    },
  },
});
