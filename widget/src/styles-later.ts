/**
 * The stylesheet text of what loads after the first screen (the form, the confirmation, the zone list, the
 * dialog), adopted after styles.ts's once the widget has loaded; rules keep their order within each sheet.
 */
import { tint } from './styles.ts'

/** The stylesheet text the full widget adds to the first screen's. */
export const laterCss = `@keyframes spin{to{transform:rotate(1turn)}}
.spinner{width:1em;height:1em;border:2px solid currentColor;border-inline-end-color:transparent;border-radius:50%;animation:spin .8s linear infinite}
.list{max-width:360px;max-height:260px;overflow:auto;margin-top:4px;background:var(--b);border:1px solid var(--l);border-radius:8px}
.list ul{list-style:none;margin:0;padding:0}
.group{font-size:.8em;font-weight:700;color:var(--m);padding:8px 12px 2px}
[role=option]{padding:8px 12px;cursor:pointer;display:flex;justify-content:space-between;gap:8px}
[role=option].active{background:${tint(16)}}
[role=option][aria-selected=true]{font-weight:700}
.field{margin-bottom:14px}
textarea{resize:vertical}
.check{display:flex;gap:10px;align-items:start;font-weight:400}
[type=checkbox]{width:20px;height:20px;margin:2px 0 0;accent-color:var(--a);flex:none}
[aria-invalid=true]{border-color:var(--e);border-width:2px}
.error{color:var(--e);margin:4px 0;font-weight:600}
.hint{font-size:.85em;margin:4px 0 0}
.hint.over{color:var(--e)}
.chosen{font-weight:600}
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
dialog{border:0;padding:0;background:none;color:inherit;width:min(760px,100% - 24px);max-width:none;max-height:calc(100% - 24px);overflow:auto;overscroll-behavior:contain}
dialog::backdrop{background:rgb(12 16 24/.6)}
dialog .root{max-width:none}
.close{position:absolute;top:12px;inset-inline-end:12px;width:40px;height:40px;padding:0;display:grid;place-items:center;border:0;border-radius:50%;background:none}
@media (max-width:600px){dialog{width:100%;height:100%;max-height:none;margin:0}dialog .root{min-height:100%;border:0;border-radius:0}}
@media (hover:hover){.chip:hover{border-color:var(--a)}.close:hover{background:${tint(12)}}}
@media (prefers-reduced-motion:reduce){.spinner{animation-duration:2s}}
@media (forced-colors:active){
.chip,.close{border:1px solid ButtonText}
[role=option].active{outline:2px solid Highlight;outline-offset:-2px}
.success circle,.success path{stroke:CanvasText}
}
`
