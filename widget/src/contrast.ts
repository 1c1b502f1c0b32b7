/**
 * Keeps the accent readable on the widget's background: a host's brand colour chosen for a light page (the
 * demo's teal) falls to about 3:1 on the dark theme. The accent is mixed toward white on a dark background (toward
 * black on a light one) until text in it reaches 4.5:1, and the text on accent buttons is chosen to reach 4.5:1
 * on the result. Colours are read through a canvas, so any CSS colour the host gives works.
 */

/** WCAG's contrast for text. */
const TEXT = 4.5

/** The sRGB channels (0-255) of a CSS colour, as the browser paints it. */
function rgb(color: string): number[] {
  const ctx = new OffscreenCanvas(1, 1).getContext('2d')!
  ctx.fillStyle = color
  ctx.fillRect(0, 0, 1, 1)
  return [...ctx.getImageData(0, 0, 1, 1).data.slice(0, 3)]
}

/** Relative luminance (WCAG 2). */
const luminance = (c: number[]) => {
  const [r, g, b] = c.map((v) => ((v /= 255) <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4))
  return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!
}

/** The WCAG contrast ratio of two colours' channels. */
export const contrast = (a: number[], b: number[]): number => {
  const [x, y] = [luminance(a), luminance(b)].sort((p, q) => q - p)
  return (x! + 0.05) / (y! + 0.05)
}

const css = (c: number[]) => `rgb(${c.map(Math.round).join(',')})`

/**
 * The declarations (`--a:…;--o:…`) that make the accent of `container` readable, or '' when it already is.
 * Reads the container's computed background and its `--a`/`--o` colours through a probe element.
 */
export function fitAccent(container: HTMLElement): string {
  const probe = document.createElement('i')
  container.append(probe)
  const style = getComputedStyle(probe)
  probe.className = 'probe-a'
  const accent = rgb(style.color)
  probe.className = 'probe-o'
  const on = rgb(style.color)
  probe.remove()
  const bg = rgb(getComputedStyle(container).backgroundColor)
  const toward = luminance(bg) < 0.2 ? [255, 255, 255] : [0, 0, 0]
  let fitted = accent
  for (let k = 0.05; contrast(fitted, bg) < TEXT && k <= 1; k += 0.05)
    fitted = accent.map((v, i) => v + (toward[i]! - v) * k)
  const text = [on, [255, 255, 255], [17, 17, 17]].sort((x, y) => contrast(y, fitted) - contrast(x, fitted))
  const best = contrast(on, fitted) >= TEXT ? on : text[0]!
  return fitted === accent && best === on ? '' : `--a:${css(fitted)};--o:${css(best)}`
}
