/** The small HTML pages of the install flow: no script, no external resource, nothing but the text given. */
import type { Context } from 'hono'
import { html } from 'hono/html'
import type { HtmlEscapedString } from 'hono/utils/html'
import type { ContentfulStatusCode } from 'hono/utils/http-status'

/** Answers `status` with a page titled `title` around `body` (Hono's `html`: what it interpolates is escaped). */
export function oauthPage(
  c: Context,
  status: ContentfulStatusCode,
  title: string,
  body: HtmlEscapedString | Promise<HtmlEscapedString>,
) {
  c.header('Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'")
  return c.html(
    html`<!doctype html>
      <html lang="en">
        <head>
          <meta charset="utf-8" />
          <meta name="viewport" content="width=device-width" />
          <title>${title}</title>
          <style>
            body {
              font:
                16px/1.5 system-ui,
                sans-serif;
              max-width: 40em;
              margin: 3em auto;
              padding: 0 1em;
            }
          </style>
        </head>
        <body>
          <h1>${title}</h1>
          ${body}
        </body>
      </html>`,
    status,
  )
}
