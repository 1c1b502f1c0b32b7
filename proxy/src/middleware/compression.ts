/**
 * `compression(options)`: the proxy's JSON answers in brotli or gzip, as the client's `Accept-Encoding` asks,
 * each compressed once per body. An answer with an ETag (the slots route's, a locale file's) is compressed the
 * first time it goes out in an encoding and kept, by that ETag and URL, in a cache bounded by bytes: a cached
 * read is then answered with no compression work and no wait, as before. Each encoding is its own representation,
 * with its own ETag (`"<tag>-br"`), revalidated to a 304 like the plain one; every JSON answer says
 * `Vary: Accept-Encoding`. Small answers (under `minBytes`) go out as they are.
 *
 * Runtime-free: the compressor is injected. The default gzips with the Web's `CompressionStream`, which every
 * runtime Hono targets has; brotli comes from an entry that has it (on Node, `entries/compress.ts`, through
 * node:zlib, outside what `createApp` reaches). On Cloudflare Workers the platform compresses by itself: a Workers
 * entry passes `compress: null`.
 *
 * Why not Hono's `hono/compress`: it compresses every answer again as it streams out (a cached slots read would
 * pay for gzip on every request) and keeps the plain body's ETag on the compressed one, so a validator would name
 * two different byte sequences. Here each body is compressed once and each encoding has its own validator.
 */
import { parseAccept } from 'hono/utils/accept'
import type { Context, MiddlewareHandler } from 'hono'
import { LRUCache } from 'lru-cache'
import { LRU_ENTRY_BYTES, stringBytes } from '../cache/sizes.ts'
import { matchesEtag } from '../routes/etag.ts'

/** The encodings the proxy answers in, best first. */
export type Encoding = 'br' | 'gzip'

/** A body compressed once, and how. */
interface Encoded {
  encoding: Encoding
  body: Uint8Array
}

/** Compresses `body` with `encoding`, or answers undefined when this runtime cannot. */
export type Compress = (body: Uint8Array, encoding: Encoding) => Uint8Array | Promise<Uint8Array> | undefined

/** gzip through the Web's `CompressionStream`; no brotli (`CompressionStream` has none on most runtimes). */
export const compressWithStreams: Compress = (body, encoding) =>
  encoding === 'gzip' && typeof CompressionStream == 'function'
    ? new Response(
        new Blob([body as Uint8Array<ArrayBuffer>]).stream().pipeThrough(new CompressionStream('gzip')),
      )
        .arrayBuffer()
        .then((buffer) => new Uint8Array(buffer))
    : undefined

/** Options of {@link compression}. */
export interface CompressionOptions {
  /** The compressor; null turns compression off (a platform that compresses by itself). Default {@link compressWithStreams}. */
  compress?: Compress | null
  /** Smaller bodies go out as they are: the headers of an encoding would cost about what it saves. Default 1024. */
  minBytes?: number
  /** Most bytes of compressed bodies kept (a flood of distinct queries fills it, no more). Default 8 MiB. */
  maxBytes?: number
  /** Most compressed bodies kept. Default 10 000. */
  maxEntries?: number
}

const JSON_TYPE = /^application\/(?:[\w.-]+\+)?json(?:[;\s]|$)/i
const NO_TRANSFORM = /(?:^|,)\s*no-transform\s*(?:,|$)/i
const ENCODINGS: readonly Encoding[] = ['br', 'gzip']

/** The encodings `Accept-Encoding` accepts (q above 0, by name or through `*`), best first. */
function acceptedEncodings(header: string | undefined): Encoding[] {
  if (!header) return []
  const accepts = parseAccept(header)
  const any = accepts.find((a) => a.type === '*')?.q ?? 0
  return ENCODINGS.filter(
    (encoding) => (accepts.find((a) => a.type.toLowerCase() === encoding)?.q ?? any) > 0,
  )
}

/** The validator of `etag`'s representation in `encoding`: `"abc"` becomes `"abc-br"`, `W/"abc"` `W/"abc-br"`. */
export const encodedEtag = (etag: string, encoding: Encoding): string => `${etag.slice(0, -1)}-${encoding}"`

/** `response` again, its body `body`, with `headers` set (null: removed). */
function remade(
  response: Response,
  body: BodyInit | null,
  status: number,
  headers: Record<string, string | null>,
) {
  const next = new Headers(response.headers)
  for (const [name, value] of Object.entries(headers)) {
    if (value === null) next.delete(name)
    else next.set(name, value)
  }
  return new Response(body, { status, headers: next })
}

/** Adds `Accept-Encoding` to a response's `Vary` unless it is there. */
function varyValue(response: Response): string {
  const vary = response.headers.get('Vary')
  return !vary ? 'Accept-Encoding' : /accept-encoding|\*/i.test(vary) ? vary : `${vary}, Accept-Encoding`
}

/**
 * The compression middleware; mount it first, so it sees every answer as it goes out. What it does not compress
 * it leaves as it is: anything but a 200 JSON answer, an answer already encoded or marked `no-transform`.
 */
export function compression(options: CompressionOptions = {}): MiddlewareHandler {
  const compress = options.compress === undefined ? compressWithStreams : options.compress
  const minBytes = options.minBytes ?? 1024
  // Compressed bodies by accepted encodings, ETag and URL; `false` for a body kept as it is (too small, or no
  // encoder for what the client accepts).
  const bodies = new LRUCache<string, Encoded | false>({
    max: options.maxEntries ?? 10_000,
    maxSize: options.maxBytes ?? 8 * 1024 * 1024,
    sizeCalculation: (value, key) =>
      LRU_ENTRY_BYTES + stringBytes(key) + (value ? 64 + value.body.byteLength : 0),
  })

  /** The answer in `encoding` (or undefined: as it is) once the body is compressed, and kept when it has an ETag. */
  async function encode(c: Context, key: string | undefined, encodings: Encoding[]) {
    const response = c.res
    const body = new Uint8Array(await response.arrayBuffer())
    let found: Encoded | undefined
    if (body.byteLength >= minBytes)
      for (const encoding of encodings) {
        const compressed = await compress!(body, encoding)
        if (compressed) {
          found = { encoding, body: compressed }
          break
        }
      }
    if (key) bodies.set(key, found ?? false)
    if (!found) return answer(c, remade(response, body, 200, { Vary: varyValue(response) }))
    return send(c, response, found)
  }

  /** Sends `encoded` for `response`, or 304 when the client holds that representation. */
  function send(c: Context, response: Response, encoded: Encoded) {
    const etag = response.headers.get('ETag')
    const tag = etag && encodedEtag(etag, encoded.encoding)
    const headers = { Vary: varyValue(response), 'Content-Length': null, ETag: tag }
    if (tag && matchesEtag(c.req.header('If-None-Match'), tag))
      return answer(c, remade(response, null, 304, { ...headers, 'Content-Type': null }))
    const body = encoded.body as Uint8Array<ArrayBuffer>
    return answer(c, remade(response, body, 200, { ...headers, 'Content-Encoding': encoded.encoding }))
  }

  return async function compressionMiddleware(c, next) {
    await next()
    await after(c)
  }

  function after(c: Context) {
    const response = c.res
    // A route's own 304 names the plain representation: it varies as its 200 would.
    if (compress && response.status === 304 && response.headers.has('ETag'))
      return void response.headers.set('Vary', varyValue(response))
    const type = response.headers.get('Content-Type')
    if (
      !compress ||
      response.status !== 200 ||
      !type ||
      !JSON_TYPE.test(type) ||
      response.headers.has('Content-Encoding') ||
      NO_TRANSFORM.test(response.headers.get('Cache-Control') ?? '')
    )
      return
    const encodings = acceptedEncodings(c.req.header('Accept-Encoding'))
    if (!encodings.length) return void response.headers.set('Vary', varyValue(response))
    const etag = response.headers.get('ETag')
    // Kept by the body's ETag, with the URL: one ETag names one body of one resource.
    const key = etag ? `${encodings.join()} ${etag} ${c.req.url}` : undefined
    const held = key === undefined ? undefined : bodies.get(key)
    if (held === undefined) return encode(c, key, encodings)
    if (held === false) return void response.headers.set('Vary', varyValue(response))
    // Cancel the body nobody reads: the answer is the kept one.
    void response.body?.cancel()
    return send(c, response, held)
  }
}

/** Replaces the context's answer (without Hono copying the old answer's headers over the new one's). */
function answer(c: Context, response: Response): void {
  c.res = undefined
  c.res = response
}
