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
const tint = (p: number) => `color-mix(in srgb,var(--a) ${p}%,var(--b))`

/** The stylesheet text shared by every widget. */
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
@keyframes spin{to{transform:rotate(1turn)}}
.spinner{width:1em;height:1em;border:2px solid currentColor;border-inline-end-color:transparent;border-radius:50%;animation:spin .8s linear infinite}
.zone{margin-top:16px;font-size:.9em;position:relative}
.zone p{margin:4px 0 0}
.combo{position:relative;max-width:360px}
.combo input{width:100%;padding-inline-end:36px}
.caret{position:absolute;inset-inline-end:10px;top:50%;translate:0 -50%;pointer-events:none}
.list{max-width:360px;max-height:260px;overflow:auto;margin-top:4px;background:var(--b);border:1px solid var(--l);border-radius:8px}
.list ul{list-style:none;margin:0;padding:0}
.group{font-size:.8em;font-weight:700;color:var(--m);padding:8px 12px 2px}
[role=option]{padding:8px 12px;cursor:pointer;display:flex;justify-content:space-between;gap:8px}
[role=option].active{background:${tint(16)}}
[role=option][aria-selected=true]{font-weight:700}
label{display:block;font-weight:600;margin-bottom:4px}
.field{margin-bottom:14px}
[part=input]{display:block;width:100%;min-height:44px}
textarea{resize:vertical}
.check{display:flex;gap:10px;align-items:start;font-weight:400}
[type=checkbox]{width:20px;height:20px;margin:2px 0 0;accent-color:var(--a);flex:none}
[aria-invalid=true]{border-color:var(--e);border-width:2px}
.error{color:var(--e);margin:4px 0;font-weight:600}
.hint{font-size:.85em;margin:4px 0 0}
.hint.over{color:var(--e)}
.chosen{font-weight:600}
.notice{border-inline-start:4px solid var(--e);background:color-mix(in srgb,var(--e) 8%,var(--b));border-radius:4px;padding:10px 14px;margin-bottom:14px}
.notice p{margin:0 0 8px}
.notice p:last-child{margin:0}
.done{text-align:center}
.done h3,.done p,.done .actions{text-align:start;justify-content:start}
.success{width:56px;height:56px;display:block;margin:4px auto 8px}
.success circle{fill:${tint(14)};stroke:var(--a);stroke-width:2}
.success path{fill:none;stroke:var(--a);stroke-width:3.5;stroke-linecap:round;stroke-linejoin:round}
.card{text-align:start;border:1px solid var(--l);border-radius:12px;padding:16px;margin:16px 0 20px}
dt{font-size:.8em;font-weight:600;color:var(--m);margin-top:10px}
dd{margin:0}
.what{font-weight:700;font-size:1.15em}
.block{display:block;margin-top:2px}
.chip{display:inline-flex;align-items:center;min-height:44px;padding:8px 16px;border:1px solid var(--l);border-radius:999px;text-decoration:none;color:var(--f);font-weight:600}
.again{margin-top:20px}
.probe-a{color:var(--a)}
.probe-o{color:var(--o)}
.launcher{display:inline-block}
dialog{border:0;padding:0;background:none;color:inherit;width:min(760px,100% - 24px);max-width:none;max-height:calc(100% - 24px);overflow:auto;overscroll-behavior:contain}
dialog::backdrop{background:rgb(12 16 24/.6)}
dialog .root{max-width:none}
.close{position:absolute;top:12px;inset-inline-end:12px;width:40px;height:40px;padding:0;display:grid;place-items:center;border:0;border-radius:50%;background:none}
@media (hover:hover){.nav:hover{background:${tint(12)}}.day.free:not([aria-pressed=true]):hover{background:${tint(30)}}.slot:hover{background:var(--a);color:var(--o)}.chip:hover{border-color:var(--a)}.close:hover{background:${tint(12)}}}
@media (max-width:600px){dialog{width:100%;height:100%;max-height:none;margin:0}dialog .root{min-height:100%;border:0;border-radius:0}}
@media (max-width:420px){.root{padding:14px}.cols{gap:16px}}
@media (pointer:coarse){td{padding:1px 0}.day{max-width:none;min-height:44px}.nav,.close{width:44px;height:44px}button{min-height:44px}}
@media (prefers-reduced-motion:reduce){.skeleton,.day.wait{animation:none}.spinner{animation-duration:2s}}
@media (forced-colors:active){
.day{border-color:transparent}
.day:not(.free){border-style:none}
.day.free{border-color:ButtonText;color:ButtonText}
.day[aria-disabled=true]{color:GrayText}
.day[aria-current=date]{text-decoration:underline 2px;text-underline-offset:4px}
.day[aria-pressed=true],.day[aria-pressed=true]:hover{forced-color-adjust:none;background:Highlight;color:HighlightText;border-color:Highlight}
.day[aria-current=date]::after{display:none}
.nav:disabled{color:GrayText}
.slot,.chip,.nav,.close{border:1px solid ButtonText}
.skeleton,.day.wait{border:1px dashed GrayText}
[role=option].active{outline:2px solid Highlight;outline-offset:-2px}
.success circle,.success path{stroke:CanvasText}
}
`

/** A constructable stylesheet with `text`; replaceSync parses CSS without any inline style. */
export function sheet(text: string): CSSStyleSheet {
  const s = new CSSStyleSheet()
  s.replaceSync(text)
  return s
}
