/**
 * The Lua scripts of the Redis stores. Each runs atomically in Redis, so instances never interleave between its
 * read and its write; ioredis sends them by SHA and falls back to the source when a restarted Redis has forgotten
 * them (NOSCRIPT).
 */

/** Fixed-window counter: the hit count after this hit; the key lives until its window is over. */
const RATE_LIMIT_HIT = `
local count = redis.call('INCR', KEYS[1])
if count == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
return count`

/**
 * Sliding-window quota (a sorted set of use times): counts a use at ARGV[1] (now) when fewer than ARGV[2] (limit)
 * lie within ARGV[3] (window) ms. Answers {1, 0} when counted, else {0, ms until the oldest counted use that holds
 * the limit leaves the window}. The member is unique (ARGV[4]); its score is the time given back by giveBack.
 */
const QUOTA_TAKE = `
local now, limit, window = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
local count = redis.call('ZCARD', KEYS[1])
if count >= limit then
  local oldest = redis.call('ZRANGE', KEYS[1], count - limit, count - limit, 'WITHSCORES')
  return {0, tonumber(oldest[2]) + window - now}
end
redis.call('ZADD', KEYS[1], now, ARGV[4])
redis.call('PEXPIRE', KEYS[1], window)
return {1, 0}`

/** Gives back one use counted at ARGV[1]: one member of that score, not every use of that millisecond. */
const QUOTA_GIVE_BACK = `
local found = redis.call('ZRANGEBYSCORE', KEYS[1], ARGV[1], ARGV[1], 'LIMIT', 0, 1)
if found[1] then redis.call('ZREM', KEYS[1], found[1]) end
return #found`

/**
 * Drops an idempotency claim if it is still the pending record ARGV[1], the one this instance wrote: a finished
 * answer stays, and so does a later claim of another instance (after this one expired).
 */
const IDEMPOTENCY_RELEASE = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0`

/**
 * The GHL throttle's "take or tell me when": a sorted set of send times per location, past ones and reserved
 * future ones. A caller gets the earliest time at which one more send keeps every window of ARGV[2] ms at or under
 * ARGV[1] sends, reserves it (member ARGV[4]) and is told how long to wait for it, {wait, 0}; past ARGV[3]
 * reservations still waiting it is refused, {-1, waiting}. Reservations come in the order callers reach Redis, so
 * waiters of every instance go first come, first served. Time is ARGV[5] when given, else Redis's own clock, the one
 * clock all instances share. ARGV[6..] are sends made while Redis could not be reached, as ages in ms: counted too.
 */
const THROTTLE_TAKE = `
local limit, window, max_queue = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
local now
if ARGV[5] ~= '' then
  now = tonumber(ARGV[5])
else
  local time = redis.call('TIME')
  now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
end
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
for i = 6, #ARGV do
  redis.call('ZADD', KEYS[1], now - tonumber(ARGV[i]), ARGV[4] .. ':' .. i)
end
local count = redis.call('ZCARD', KEYS[1])
local at = now
if count >= limit then
  local waiting = redis.call('ZCOUNT', KEYS[1], '(' .. now, '+inf')
  if waiting >= max_queue then return {-1, waiting} end
  local holder = redis.call('ZRANGE', KEYS[1], count - limit, count - limit, 'WITHSCORES')
  at = math.max(now, tonumber(holder[2]) + window)
end
redis.call('ZADD', KEYS[1], at, ARGV[4])
redis.call('PEXPIRE', KEYS[1], at - now + window)
return {at - now, 0}`

/**
 * A Marketplace grant's compare-and-set (a hash of `version` and `sealed`, no expiry): writes ARGV[1] as version
 * ARGV[2] + 1 when the stored version is ARGV[2] (0: no record). Answers 1 when it wrote, 0 when another did first.
 */
const TOKEN_PUT = `
local version = tonumber(redis.call('HGET', KEYS[1], 'version') or '0')
if version ~= tonumber(ARGV[2]) then return 0 end
redis.call('HSET', KEYS[1], 'version', version + 1, 'sealed', ARGV[1])
return 1`

/** Writes a grant whatever is stored (a new install), one version on; answers the new version. */
const TOKEN_REPLACE = `
local version = redis.call('HINCRBY', KEYS[1], 'version', 1)
redis.call('HSET', KEYS[1], 'sealed', ARGV[1])
return version`

/** Gives a refresh lease back if its holder is still ARGV[1]: a late release never drops a later holder's lease. */
const TOKEN_RELEASE = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0`

/** The scripts, as ioredis's `scripts` option takes them. */
export const SCRIPTS = {
  rateLimitHit: { numberOfKeys: 1, lua: RATE_LIMIT_HIT },
  quotaTake: { numberOfKeys: 1, lua: QUOTA_TAKE },
  quotaGiveBack: { numberOfKeys: 1, lua: QUOTA_GIVE_BACK },
  idempotencyRelease: { numberOfKeys: 1, lua: IDEMPOTENCY_RELEASE },
  throttleTake: { numberOfKeys: 1, lua: THROTTLE_TAKE },
  tokenPut: { numberOfKeys: 1, lua: TOKEN_PUT },
  tokenReplace: { numberOfKeys: 1, lua: TOKEN_REPLACE },
  tokenRelease: { numberOfKeys: 1, lua: TOKEN_RELEASE },
} as const

type Arg = string | number

/** The scripts as client methods (ioredis defines one per entry of {@link SCRIPTS}). */
export interface ScriptCommands {
  rateLimitHit(key: string, ttlMs: Arg): Promise<number>
  quotaTake(key: string, now: Arg, limit: Arg, windowMs: Arg, member: string): Promise<[number, number]>
  quotaGiveBack(key: string, at: Arg): Promise<number>
  idempotencyRelease(key: string, claim: string): Promise<number>
  throttleTake(key: string, ...args: Arg[]): Promise<[number, number]>
  tokenPut(key: string, sealed: string, expected: Arg): Promise<number>
  tokenReplace(key: string, sealed: string): Promise<number>
  tokenRelease(key: string, holder: string): Promise<number>
}
