/**
 * Builds the widget in two passes. First the full widget's modules, content-hashed under `dist/widget/`
 * (widget/src/mount.tsx and the parts it loads later: the form, the confirmation). Then `dist/widget.js`, one
 * classic script that a host page loads with a plain script tag: the loader and the first screen
 * (widget/src/main.ts, first-screen.ts), which loads the full widget's hashed module once it has drawn. The
 * components the first screen draws are compiled twice: for Preact in the full widget, and with plain.ts's `h`
 * in `widget.js` (see plain.ts), so the first screen needs neither Preact nor signals.
 */
import { readFile } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'
import { build, defineConfig, parseSync, transformWithOxc, type Plugin, type UserConfig } from 'vite'

const src = (path: string) => fileURLToPath(new URL(`widget/src/${path}`, import.meta.url))
const UI = src('ui/')
/** The prefix of a component's first-screen copy; the id ends in `.js`, which vite's own JSX transform skips. */
const PLAIN = '\0plain:'

/** Settings both passes share. */
const shared = {
  publicDir: false,
  // Library mode does not replace it, and Preact's debug paths key on it.
  define: { 'process.env.NODE_ENV': '"production"' },
  logLevel: 'warn',
} satisfies UserConfig

/**
 * Components are compiled in classic mode, calling preact's own createElement (the bundle carries no
 * jsx-runtime module, about 180 B gzip), which this adds an import of to each `.tsx` file (vite's `jsxInject`
 * would add it to every file).
 */
function preactJsx(): Plugin {
  return {
    name: 'widget:preact-jsx',
    enforce: 'pre',
    transform: (code, id) =>
      id.endsWith('.tsx') ? `import { createElement } from 'preact';\n${code}` : null,
  }
}

/**
 * A component's source without its event handler props (`onClick={...}`): the first screen runs none of them
 * (plain.ts), so they and what only they use are left out of `widget.js`.
 */
function withoutHandlers(file: string, code: string): string {
  const spans: [number, number][] = []
  const visit = (node: unknown): void => {
    if (!node || typeof node != 'object') return
    if (Array.isArray(node)) return node.forEach(visit)
    const n = node as { type?: string; name?: { name?: unknown }; start: number; end: number }
    if (n.type === 'JSXAttribute' && /^on[A-Z]/.test(String(n.name?.name))) spans.push([n.start, n.end])
    else for (const value of Object.values(n)) visit(value)
  }
  visit(parseSync(file, code, { lang: 'tsx' }).program)
  for (const [start, end] of spans.sort((x, y) => y[0] - x[0])) code = code.slice(0, start) + code.slice(end)
  return code
}

/** The components `widget.js` draws (`ui/*.tsx`), compiled with plain.ts's `h` as their JSX factory. */
function plainJsx(): Plugin {
  return {
    name: 'widget:plain-jsx',
    enforce: 'pre',
    async resolveId(source, importer, options) {
      if (!importer) return null
      const real = importer.startsWith(PLAIN) ? importer.slice(PLAIN.length, -'.js'.length) : importer
      const resolved = await this.resolve(source, real, { ...options, skipSelf: true })
      if (resolved && resolved.id.startsWith(UI) && resolved.id.endsWith('.tsx'))
        return `${PLAIN}${resolved.id}.js`
      return resolved
    },
    async load(id) {
      if (!id.startsWith(PLAIN)) return null
      const file = id.slice(PLAIN.length, -'.js'.length)
      const { code } = await transformWithOxc(withoutHandlers(file, await readFile(file, 'utf8')), file, {
        lang: 'tsx',
        jsx: { runtime: 'classic', pragma: 'h' },
        sourcemap: false,
      })
      return { code: `import { h } from ${JSON.stringify(src('plain.ts'))};\n${code}`, moduleType: 'js' }
    },
  }
}

/**
 * The full widget in one file, with what its later parts (the form, the confirmation) share with it: those load
 * after it, so what it holds is there for them. Left alone, the bundler puts modules shared with a later part in
 * files of their own, each one more request before the widget takes over.
 */
function oneFullWidget(entry: string): Plugin {
  const reached = new Set<string>()
  return {
    name: 'widget:one-full-widget',
    buildEnd() {
      const visit = (id: string) => {
        if (reached.has(id)) return
        reached.add(id)
        for (const imported of this.getModuleInfo(id)?.importedIds ?? []) visit(imported)
      }
      visit(entry)
    },
    outputOptions: (output) => ({
      ...output,
      codeSplitting: { groups: [{ name: 'widget', test: (id: string) => reached.has(id) }] },
    }),
  }
}

/** After the full widget's modules: `widget.js`, told the full widget's hashed file name. */
function loader(): Plugin {
  let full = ''
  return {
    name: 'widget:loader',
    apply: 'build',
    writeBundle(_, bundle) {
      full = Object.values(bundle).find((file) => file.type === 'chunk' && file.isEntry)!.fileName
    },
    async closeBundle() {
      await build({
        ...shared,
        configFile: false,
        define: { ...shared.define, __FULL_WIDGET__: JSON.stringify(full) },
        plugins: [plainJsx()],
        build: {
          target: 'es2022',
          minify: true,
          sourcemap: false,
          emptyOutDir: false,
          lib: {
            entry: src('main.ts'),
            name: 'GHLBookingLoader',
            formats: ['iife'],
            fileName: () => 'widget.js',
          },
        },
      })
    },
  }
}

export default defineConfig({
  ...shared,
  oxc: { jsx: { runtime: 'classic', pragma: 'createElement' } },
  plugins: [preactJsx(), oneFullWidget(src('mount.tsx')), loader()],
  build: {
    target: 'es2022',
    minify: true,
    sourcemap: false,
    emptyOutDir: true,
    lib: { entry: { widget: src('mount.tsx') }, formats: ['es'] },
    rolldownOptions: {
      // The entry may be the file its group makes, not a facade importing it.
      preserveEntrySignatures: 'allow-extension',
      output: { entryFileNames: 'widget/[name]-[hash].js', chunkFileNames: 'widget/[name]-[hash].js' },
    },
  },
})
