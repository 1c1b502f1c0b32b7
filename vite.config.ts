/** Builds the widget as one classic script, `dist/widget.js`, that a host page loads with a plain script tag. */
import { defineConfig } from 'vite'

export default defineConfig({
  publicDir: false,
  // Library mode does not replace it, and Preact's debug paths key on it.
  define: { 'process.env.NODE_ENV': '"production"' },
  // Classic JSX calls preact's own createElement: the bundle carries no jsx-runtime module (about 180 B gzip).
  oxc: {
    jsx: { runtime: 'classic', pragma: 'createElement' },
    jsxInject: "import { createElement } from 'preact'",
  },
  build: {
    target: 'es2022',
    minify: true,
    sourcemap: false,
    emptyOutDir: true,
    lib: {
      entry: 'widget/src/main.ts',
      name: 'GHLBookingBundle',
      formats: ['iife'],
      fileName: () => 'widget.js',
    },
  },
})
