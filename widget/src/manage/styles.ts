/** Manage mode's stylesheet text, adopted after the booking flow's two (styles.ts, styles-later.ts). */

/** The marked current time among the free ones; the gap between the summary's buttons. */
export const manageCss = `.current{display:flex;flex-direction:column;align-items:center;gap:2px;font-size:.85em}
.current .slot{display:flex;align-items:center;justify-content:center;border:2px dashed var(--m);border-radius:8px;color:var(--f);font-size:1.15em}
.root>div>.actions{margin-top:12px}
@media (forced-colors:active){.current .slot{border-color:CanvasText}}
`
