/**
 * The widget's CSS, applied through constructable stylesheets (`adoptedStyleSheets`): no `<style>` element and
 * no style attribute, so a page whose CSP forbids inline styles still shows the widget as designed.
 * Defaults sit behind the public custom properties (surface.ts), which the host page may set on the host element.
 */
const light =
  '--b:var(--ghl-bg,#fff);--f:var(--ghl-fg,#1c2230);--m:var(--ghl-muted,#565e6d);--l:var(--ghl-border,#cdd2da);--a:var(--ghl-accent,#2251c4);--o:var(--ghl-on-accent,#fff);--e:var(--ghl-error,#b3261e)'
const dark =
  '--b:var(--ghl-bg,#17191e);--f:var(--ghl-fg,#eceef2);--m:var(--ghl-muted,#a9b0bd);--l:var(--ghl-border,#3b404b);--a:var(--ghl-accent,#9db8ff);--o:var(--ghl-on-accent,#0c1222);--e:var(--ghl-error,#ffb4ab)'

/** The stylesheet text shared by every widget. */
export const css = `:host{display:block}
.root{all:initial;display:block;${light};font:15px/1.45 var(--ghl-font,system-ui,sans-serif);color:var(--f);background:var(--b);border:1px solid var(--l);border-radius:var(--ghl-radius,12px);padding:16px;max-width:760px}
.dark{${dark}}
@media (prefers-color-scheme:dark){.auto{${dark}}}
*{box-sizing:border-box}
h2,h3,p{margin:0 0 8px;font-size:1em}
h2{font-size:1.2em}
:focus-visible{outline:3px solid var(--a);outline-offset:2px}
button,input,select,textarea{font:inherit;color:inherit;background:var(--b);border:1px solid var(--l);border-radius:8px;padding:6px 10px}
button{cursor:pointer;min-height:36px}
.primary,[aria-pressed=true],.slot:hover,.free:hover{background:var(--a);color:var(--o);border-color:var(--a)}
a,.slot{color:var(--a)}
.muted,th{color:var(--m)}
.sr,.hp{position:absolute;width:1px;height:1px;overflow:hidden;clip-path:inset(50%)}
.cols,.bar,.actions{display:flex;flex-wrap:wrap;gap:8px;align-items:center}
.cols{gap:24px;align-items:start}
.cols>*{flex:1 1 280px}
.bar{justify-content:space-between}
table{border-collapse:collapse;width:100%}
th{font-size:.8em}
td{padding:2px;text-align:center}
.day{width:100%;padding:6px 0;border:0;border-radius:50%;color:var(--m)}
.free{color:var(--f);background:color-mix(in srgb,var(--a) 14%,var(--b));font-weight:600}
.slots{list-style:none;padding:0;display:grid;grid-template-columns:repeat(auto-fill,minmax(96px,1fr));gap:8px}
.slot{width:100%;border-color:var(--a);font-weight:600}
.zone,.error{margin-top:12px;font-size:.9em}
label{display:block;font-weight:600}
.field{margin-bottom:12px}
[part=input]{display:block;width:100%}
[type=checkbox]{margin-right:8px}
[aria-invalid=true]{border-color:var(--e)}
.error{color:var(--e);margin:4px 0}
.notice{border-left:4px solid var(--e);padding:8px 12px;margin-bottom:12px}
.skeleton{height:240px;border-radius:8px;background:var(--l);opacity:.4}
dialog{width:min(760px,100% - 24px)}
dialog::backdrop{background:#0008}
.close{float:right;border:0}
`

/** A constructable stylesheet with `text`; replaceSync parses CSS without any inline style. */
export function sheet(text: string): CSSStyleSheet {
  const s = new CSSStyleSheet()
  s.replaceSync(text)
  return s
}
