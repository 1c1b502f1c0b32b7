/**
 * The widget's CSS, applied through constructable stylesheets (`adoptedStyleSheets`): no `<style>` element and
 * no style attribute, so a page whose CSP forbids inline styles still shows the widget as designed.
 * Defaults sit behind the public custom properties (surface.ts), which the host page may set on the host element.
 */
const light =
  '--_bg:var(--ghl-bg,#fff);--_fg:var(--ghl-fg,#1c2230);--_muted:var(--ghl-muted,#565e6d);--_line:var(--ghl-border,#cdd2da);--_accent:var(--ghl-accent,#2251c4);--_on:var(--ghl-on-accent,#fff);--_soft:color-mix(in srgb,var(--_accent) 12%,var(--_bg));--_err:var(--ghl-error,#b3261e)'
const dark =
  '--_bg:var(--ghl-bg,#17191e);--_fg:var(--ghl-fg,#eceef2);--_muted:var(--ghl-muted,#a9b0bd);--_line:var(--ghl-border,#3b404b);--_accent:var(--ghl-accent,#9db8ff);--_on:var(--ghl-on-accent,#0c1222);--_soft:color-mix(in srgb,var(--_accent) 18%,var(--_bg));--_err:var(--ghl-error,#ffb4ab)'

/** The stylesheet text shared by every widget. */
export const css = `
:host{display:block}
:host([hidden]){display:none!important}
.root{all:initial;display:block;box-sizing:border-box;${light};font:var(--ghl-font-size,15px)/1.45 var(--ghl-font,system-ui,-apple-system,"Segoe UI",Roboto,sans-serif);color:var(--_fg);background:var(--_bg);border:1px solid var(--_line);border-radius:var(--ghl-radius,12px);padding:16px;max-width:760px;text-align:start}
.root.dark{${dark}}
@media (prefers-color-scheme:dark){.root.auto{${dark}}}
*,*::before,*::after{box-sizing:border-box}
h2,h3,p{margin:0 0 8px}
h2{font-size:1.2em}h3{font-size:1.05em}
h2:focus,h3:focus{outline:none}
button,input,select,textarea{font:inherit;color:inherit}
button{cursor:pointer;border:1px solid var(--_line);background:var(--_bg);border-radius:8px;padding:6px 12px;min-height:36px}
button:focus-visible,input:focus-visible,select:focus-visible,textarea:focus-visible,a:focus-visible{outline:3px solid var(--_accent);outline-offset:2px}
button[disabled],button[aria-disabled=true]{cursor:default}
.primary{background:var(--_accent);color:var(--_on);border-color:var(--_accent);font-weight:600}
a{color:var(--_accent)}
.muted{color:var(--_muted)}
.sr{position:absolute;width:1px;height:1px;overflow:hidden;clip-path:inset(50%);white-space:nowrap}
.hp{position:absolute;left:-9999px;width:1px;height:1px;overflow:hidden}
.cols{display:flex;flex-wrap:wrap;gap:24px}
.cols>*{flex:1 1 280px;min-width:0}
.bar{display:flex;align-items:center;justify-content:space-between;gap:8px;margin-bottom:8px}
.bar h3{margin:0}
table{border-collapse:collapse;width:100%;table-layout:fixed}
th{font-size:.8em;font-weight:600;color:var(--_muted);padding:4px 0}
td{padding:2px;text-align:center}
.day{width:100%;aspect-ratio:1;max-height:44px;padding:0;border-color:transparent;border-radius:50%;color:var(--_muted)}
.day.free{color:var(--_fg);background:var(--_soft);font-weight:600}
.day[aria-pressed=true]{background:var(--_accent);color:var(--_on)}
.day.today{text-decoration:underline}
.slots{list-style:none;margin:0;padding:0;display:grid;grid-template-columns:repeat(auto-fill,minmax(96px,1fr));gap:8px}
.slot{width:100%;border-color:var(--_accent);color:var(--_accent);font-weight:600}
.slot:hover,.day.free:hover{background:var(--_accent);color:var(--_on)}
.zone{margin-top:12px;font-size:.9em}
.zone select{max-width:100%;padding:4px;border:1px solid var(--_line);border-radius:6px;background:var(--_bg)}
label{display:block;font-weight:600;margin-bottom:2px}
.field{margin-bottom:12px}
.field input:not([type=checkbox]),textarea{display:block;width:100%;padding:8px;border:1px solid var(--_line);border-radius:8px;background:var(--_bg)}
[aria-invalid=true]{border-color:var(--_err)!important}
.check{display:flex;gap:8px;align-items:flex-start;font-weight:400}
.error{color:var(--_err);font-size:.9em;margin:4px 0 0}
.notice{border-left:4px solid var(--_err);padding:8px 12px;margin-bottom:12px;background:var(--_soft)}
.actions{display:flex;flex-wrap:wrap;gap:8px;margin-top:12px}
.skeleton{display:grid;gap:8px}
.skeleton div{height:28px;border-radius:6px;background:var(--_line);opacity:.5;animation:pulse 1.2s ease-in-out infinite alternate}
@keyframes pulse{to{opacity:.2}}
@media (prefers-reduced-motion:reduce){.skeleton div{animation:none}}
dialog{border:0;padding:0;background:transparent;max-width:min(760px,calc(100vw - 24px));width:100%}
dialog::backdrop{background:rgb(0 0 0/.5)}
.root.popup{border:0;padding:0;background:none;max-width:none}
.panel{background:var(--_bg);color:var(--_fg);border-radius:var(--ghl-radius,12px);padding:16px}
.close{float:right;border-color:transparent;font-size:1.3em;line-height:1}
`

/** A constructable stylesheet with `text`; replaceSync parses CSS without any inline style. */
export function sheet(text: string): CSSStyleSheet {
  const s = new CSSStyleSheet()
  s.replaceSync(text)
  return s
}
