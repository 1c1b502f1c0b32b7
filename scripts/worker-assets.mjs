// The Worker's static assets (wrangler.jsonc's `assets.directory`), assembled before `wrangler dev` and `wrangler
// deploy` (its `build.command`): `widget.js` and the modules it loads later (`dist/widget/`) from `npm run build`, and the widget's locale files at the paths the
// Node proxy serves them, minified as it serves them. Plain Node, no TypeScript loader.
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs'
import { join } from 'node:path'

const root = new URL('..', import.meta.url).pathname

/** Writes the assets into `dir` (emptied first); returns the paths written, relative to it. */
export function writeWorkerAssets(
  dir = join(root, 'dist/worker-assets'),
  { widget = join(root, 'dist/widget.js') } = {},
) {
  rmSync(dir, { recursive: true, force: true })
  mkdirSync(join(dir, 'widget/locales'), { recursive: true })
  const written = []
  if (existsSync(widget)) {
    copyFileSync(widget, join(dir, 'widget.js'))
    written.push('widget.js')
  } else {
    console.warn(`worker assets: ${widget} is missing (run \`npm run build\`); /widget.js will be a 404`)
  }
  const modules = join(widget, '../widget')
  if (existsSync(modules)) {
    for (const name of readdirSync(modules).filter((file) => file.endsWith('.js'))) {
      copyFileSync(join(modules, name), join(dir, 'widget', name))
      written.push(`widget/${name}`)
    }
  }
  const locales = join(root, 'contract/locales')
  for (const name of readdirSync(locales).filter((file) => file.endsWith('.json'))) {
    const messages = JSON.parse(readFileSync(join(locales, name), 'utf8'))
    writeFileSync(join(dir, 'widget/locales', name), JSON.stringify(messages))
    written.push(`widget/locales/${name}`)
  }
  return written
}

if (import.meta.url === `file://${process.argv[1]}`) writeWorkerAssets()
