/**
 * The Node entry's compressor for JSON answers (`createApp`'s `compress`): brotli and gzip through node:zlib,
 * off the event loop (zlib's thread pool). Node's `CompressionStream` has no brotli before Node 24, and brotli is
 * about a fifth smaller than gzip on a month of slots. Entries only: node:zlib is not on every runtime.
 */
import { promisify } from 'node:util'
import { brotliCompress, constants, gzip } from 'node:zlib'
import type { Compress } from '../middleware/compression.ts'

const brotli = promisify(brotliCompress)
const gzipped = promisify(gzip)

/**
 * Brotli at quality 9 and gzip at level 9: each body is compressed once and then served from the cache, so the
 * smaller answer is worth the few milliseconds (quality 11 costs several times 9 for a percent or two).
 */
export const compressWithZlib: Compress = async (body, encoding) =>
  encoding === 'br'
    ? brotli(body, {
        params: {
          [constants.BROTLI_PARAM_QUALITY]: 9,
          [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
          [constants.BROTLI_PARAM_SIZE_HINT]: body.byteLength,
        },
      })
    : gzipped(body, { level: 9 })
