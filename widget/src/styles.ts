/**
 * The widget's CSS, applied through constructable stylesheets (`adoptedStyleSheets`): no `<style>` element and
 * no style attribute, so a page whose CSP forbids inline styles still shows the widget as designed.
 * Defaults sit behind the public custom properties (surface.ts), which the host page may set on the host element.
 * Every state (a chosen day, today, days with and without times, disabled arrows, loading, busy) differs in
 * light, dark and forced colours; sizes use logical properties, so right-to-left languages mirror the layout.
 * Hover styles apply only where a pointer hovers (`hover:hover`): on a touch screen they stick to the last tap.
 */
const light =
  '--b:var(--ghl-bg,#fff);--f:var(--ghl-fg,#1c2230);--m:var(--ghl-muted,#565e6d);--l:var(--ghl-border,#cdd2da);--a:var(--ghl-accent,#2251c4);--o:var(--ghl-on-accent,#fff);--e:var(--ghl-error,#b3261e)'
const dark =
  '--b:var(--ghl-bg,#17191e);--f:var(--ghl-fg,#eceef2);--m:var(--ghl-muted,#a9b0bd);--l:var(--ghl-border,#3b404b);--a:var(--ghl-accent,#9db8ff);--o:var(--ghl-on-accent,#0c1222);--e:var(--ghl-error,#ffb4ab)'
/** A tint of the accent over the background. */
export const tint = (p: number) => `color-mix(in srgb,var(--a) ${p}%,var(--b))`

/**
 * The stylesheet text every widget needs from its first screen on: the box, the month, the times, the zone field,
 * the popup's button. The rest (the form, the confirmation, the zone list, the dialog) is in styles-later.ts.
 */
export const css = `:host{display:block}
.root,.launcher{all:initial;${light};font:15px/1.45 var(--ghl-font,system-ui,sans-serif);color:var(--f)}
.root{display:block;background:var(--b);border:1px solid var(--l);border-radius:var(--ghl-radius,12px);padding:20px;max-width:760px;position:relative}
.dark{${dark}}
@media (prefers-color-scheme:dark){.auto{${dark}}}
*{box-sizing:border-box;min-width:0}
h2,h3,p{margin:0 0 8px;font-size:1em}
h2{font-size:1.3em;line-height:1.25}
h3{font-weight:650}
:focus-visible{outline:3px solid var(--a);outline-offset:2px}
button,input,textarea{font:inherit;color:inherit;background:var(--b);border:1px solid var(--l);border-radius:8px;padding:8px 12px}
button{cursor:pointer;min-height:40px}
.primary{background:var(--a);color:var(--o);border-color:var(--a);font-weight:650;padding:10px 20px;min-height:44px;display:inline-flex;align-items:center;justify-content:center;gap:8px}
.primary[aria-disabled=true]{cursor:progress}
a,.link{color:var(--a)}
.link{border:0;background:none;padding:8px 0;text-decoration:underline;text-underline-offset:3px;display:inline-flex;align-items:center;gap:4px}
.muted,th,.meta,.hint{color:var(--m)}
.sr,.hp{position:absolute;width:1px;height:1px;overflow:hidden;clip-path:inset(50%);white-space:nowrap}
.icon{width:20px;height:20px;fill:none;stroke:currentColor;stroke-width:2;stroke-linecap:round;stroke-linejoin:round;flex:none}
[dir=rtl] .flip{transform:scaleX(-1)}
.head{margin-bottom:16px;padding-inline-end:40px}
.meta{display:flex;align-items:center;gap:6px;font-weight:600}
.desc{margin-top:4px}
.cols,.bar,.actions{display:flex;flex-wrap:wrap;gap:8px;align-items:center}
.cols{gap:24px;align-items:start}
.month{flex:1 1 280px}
.times{flex:1 1 200px}
.bar{justify-content:space-between;flex-wrap:nowrap;margin-bottom:4px}
.bar h3{margin:0;text-align:center}
.nav{width:40px;height:40px;padding:0;display:grid;place-items:center;border-radius:50%;border-color:transparent;background:none}
.nav:disabled{opacity:.35;cursor:default;background:none}
table{border-collapse:collapse;width:100%;table-layout:fixed}
th{font-size:.8em;font-weight:600;padding:4px 0}
td{padding:2px;text-align:center}
.day{display:grid;place-items:center;width:100%;max-width:44px;aspect-ratio:1;min-height:0;margin:auto;padding:0;border:2px solid transparent;border-radius:50%;background:none;color:var(--m);position:relative;font-variant-numeric:tabular-nums;cursor:default}
.day.free{color:var(--f);background:${tint(14)};font-weight:650;cursor:pointer}
.day[aria-current=date]{color:var(--f);font-weight:700}
.day[aria-current=date]::after{content:'';position:absolute;bottom:4px;width:5px;height:5px;border-radius:50%;background:currentColor}
.day[aria-pressed=true]{background:var(--a);color:var(--o);border-color:var(--a)}
.day.wait{background:${tint(8)};animation:pulse 1s ease-in-out infinite alternate}
.slots{list-style:none;padding:0;margin:0 0 8px;display:grid;grid-template-columns:repeat(auto-fill,minmax(108px,1fr));gap:8px}
.slot{width:100%;min-height:44px;white-space:nowrap;padding-inline:6px;border-color:var(--a);color:var(--a);font-weight:650}
.skeleton{border-radius:8px;background:${tint(10)};animation:pulse 1s ease-in-out infinite alternate}
.cols>.skeleton{height:200px;flex:1 1 200px}
.cols>.grid-skeleton{height:300px;flex:1 1 280px}
.slot-skeleton{height:44px}
@keyframes pulse{to{opacity:.4}}
.zone{margin-top:16px;font-size:.9em;position:relative}
.zone p{margin:4px 0 0}
.combo{position:relative;max-width:360px}
.combo input{width:100%;padding-inline-end:36px}
.caret{position:absolute;inset-inline-end:10px;top:50%;translate:0 -50%;pointer-events:none}
label{display:block;font-weight:600;margin-bottom:4px}
[part=input]{display:block;width:100%;min-height:44px}
.notice{border-inline-start:4px solid var(--e);background:color-mix(in srgb,var(--e) 8%,var(--b));border-radius:4px;padding:10px 14px;margin-bottom:14px}
.notice p{margin:0 0 8px}
.notice p:last-child{margin:0}
.probe-a{color:var(--a)}
.probe-o{color:var(--o)}
.launcher{display:inline-block}
@media (hover:hover){.nav:hover{background:${tint(12)}}.day.free:not([aria-pressed=true]):hover{background:${tint(30)}}.slot:hover{background:var(--a);color:var(--o)}}
@media (max-width:420px){.root{padding:14px}.cols{gap:16px}}
@media (pointer:coarse){td{padding:1px 0}.day{max-width:none;min-height:44px}.nav,.close{width:44px;height:44px}button{min-height:44px}}
@media (prefers-reduced-motion:reduce){.skeleton,.day.wait{animation:none}}
@media (forced-colors:active){
.day{border-color:transparent}
.day:not(.free){border-style:none}
.day.free{border-color:ButtonText;color:ButtonText}
.day[aria-disabled=true]{color:GrayText}
.day[aria-current=date]{text-decoration:underline 2px;text-underline-offset:4px}
.day[aria-pressed=true],.day[aria-pressed=true]:hover{forced-color-adjust:none;background:Highlight;color:HighlightText;border-color:Highlight}
.day[aria-current=date]::after{display:none}
.nav:disabled{color:GrayText}
.slot,.nav{border:1px solid ButtonText}
.skeleton,.day.wait{border:1px dashed GrayText}
}
`
