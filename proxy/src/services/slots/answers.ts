/**
 * Remembered slots answers, one per query (location, calendar, dates, zone), each holding its serialized body
 * and ETag and the window loads it was built from. An answer holds while those loads are still the cache's fresh
 * windows and time alone has not changed it (a slot started, the visitor's day ended): a window reload or an
 * invalidation makes it stale by itself. Bounded by bytes: every distinct valid query is an answer, so this is
 * what a flood of them can fill.
 */
import { LRUCache } from 'lru-cache'
import { arrayBytes, LRU_ENTRY_BYTES, NUMBER_BYTES, objectBytes, stringBytes } from '../../cache/sizes.ts'
import type { Clock, SlotsReply } from '../../types.ts'
import { bodyBytes } from './slots-body.ts'

/** A window as one load left it in the cache: its key and which load filled it. */
export interface WindowLoad {
  key: string
  load: number
}

/** Options of {@link createAnswers}. */
export interface AnswersOptions {
  /** Most answers remembered. Default 10 000. */
  maxEntries?: number
  /** Most bytes remembered (see cache/sizes.ts): bodies, ETags and their bookkeeping. Default 16 MiB. */
  maxBytes?: number
  /** Default `Date.now`. */
  clock?: Clock
}

interface Answer {
  reply: SlotsReply
  windows: WindowLoad[]
  /** Epoch ms when the answer would change with time alone. */
  validUntil: number
}

/** See the module comment. */
export interface Answers {
  /** The remembered reply of `key` while it holds, `current(window)` telling whether a window load is current. */
  held(key: string, current: (window: WindowLoad) => boolean): SlotsReply | undefined
  /** Remembers a reply built from fresh windows, until `validUntil` at the latest. */
  remember(key: string, reply: SlotsReply, windows: WindowLoad[], validUntil: number): void
  /** Forgets every answer whose key starts with `prefix`. */
  forget(prefix: string): void
  /** Bytes held, as counted (never above `maxBytes`). */
  readonly bytes: number
}

/** What an answer holds in bytes (see cache/sizes.ts). */
function answerBytes(answer: Answer, key: string): number {
  let bytes = LRU_ENTRY_BYTES + stringBytes(key) + objectBytes(3) + NUMBER_BYTES
  bytes += objectBytes(2) + bodyBytes(answer.reply.body) + arrayBytes(answer.windows.length)
  for (const window of answer.windows) bytes += objectBytes(2) + stringBytes(window.key)
  return bytes
}

/** Builds the remembered answers. */
export function createAnswers(options: AnswersOptions = {}): Answers {
  const clock = options.clock ?? Date.now
  const answers = new LRUCache<string, Answer>({
    max: options.maxEntries ?? 10_000,
    maxSize: options.maxBytes ?? 16 * 1024 * 1024,
    sizeCalculation: answerBytes,
  })
  return {
    held(key, current) {
      const answer = answers.get(key)
      if (!answer || clock() >= answer.validUntil) return undefined
      for (const window of answer.windows) if (!current(window)) return undefined
      return answer.reply
    },
    remember(key, reply, windows, validUntil) {
      answers.set(key, { reply, windows, validUntil })
    },
    forget(prefix) {
      const keys = [...answers.keys()].filter((key) => key.startsWith(prefix))
      for (const key of keys) answers.delete(key)
    },
    get bytes() {
      return answers.calculatedSize
    },
  }
}
