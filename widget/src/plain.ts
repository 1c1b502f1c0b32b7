/**
 * JSX as plain elements, without Preact, for the first screen. The components it draws (ui/Widget.tsx and what it
 * renders before the form) are compiled a second time for it with `h` below as their JSX factory (vite.config.ts),
 * so the first screen needs neither Preact nor signals. `draw` reads only what a JSX element is (`type` and
 * `props`, children in `props.children`), so it draws Preact's elements as well: the browser tests, which compile
 * every component once, for Preact.
 *
 * What it leaves out on purpose: event handlers (the first screen records clicks and replays them once the full
 * widget has taken over, first-screen.ts), `key` and `ref`. Preact then takes over these very elements: rendering
 * into a root that holds elements it did not make, it reuses them by tag and compares their attributes.
 */

/** A JSX element: a tag or a component, and its props with the children in `children`. */
export interface PlainElement {
  type: string | ((props: Record<string, unknown>) => unknown)
  props: Record<string, unknown>
}

/** The JSX factory of the first screen's components. */
export function h<P extends object>(
  type: string | ((props: P) => unknown),
  props: P | null,
  ...children: unknown[]
): PlainElement {
  return {
    type: type as PlainElement['type'],
    props: { ...props, children: children.length > 1 ? children : children[0] },
  }
}

const SVG = 'http://www.w3.org/2000/svg'

/** Appends the DOM of `node` (an element, text, a list of them; null and booleans draw nothing) to `parent`. */
export function draw(node: unknown, parent: ParentNode, svg = false): void {
  if (node == null || typeof node == 'boolean') return
  if (Array.isArray(node)) {
    for (const child of node) draw(child, parent, svg)
    return
  }
  if (typeof node != 'object') {
    parent.append(String(node))
    return
  }
  const { type, props } = node as PlainElement
  if (typeof type == 'function') return draw(type(props), parent, svg)
  svg ||= type == 'svg'
  const element = svg ? document.createElementNS(SVG, type) : document.createElement(type)
  for (const name in props) {
    const value = props[name]
    if (
      name != 'children' &&
      name != 'key' &&
      name != 'ref' &&
      !/^on/.test(name) &&
      value != null &&
      value !== false
    )
      element.setAttribute(name, value === true ? '' : String(value))
  }
  draw(props.children, element, svg)
  parent.append(element)
}
