import { defineConfig } from 'vite';

/**
 * The console is served by the API under /console (apps/api/src/routes/console.route.ts), so every
 * asset URL carries that base. No React plugin: the console needs JSX, not Fast Refresh, and Vite's
 * own transform handles JSX with the automatic runtime.
 */
export default defineConfig({
  base: '/console/',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    // Small enough to inline nothing: with a strict CSP every script and style must be a file.
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
    rollupOptions: {
      // React Query marks modules "use client" for server-component bundlers; meaningless in an SPA.
      onwarn(warning, warn) {
        if (warning.code !== 'MODULE_LEVEL_DIRECTIVE') warn(warning);
      },
    },
  },
});
