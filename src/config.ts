import os from 'node:os'
import { z } from 'zod'

const list = z
  .string()
  .default('')
  .transform((s) =>
    s
      .split(/[\s,]+/)
      .map((x) => x.trim())
      .filter(Boolean),
  )

const Env = z.object({
  DATABASE_URL: z.string().default('file:data/vigie.db'),
  DATABASE_AUTH_TOKEN: z.string().optional(),
  VIGIE_FEEDS_DIR: z.string().default('feeds'),
  VIGIE_INDEX_DIR: z.string().default('data/index'),
  // What the search index may hold in memory; the months beyond it stay on disk until a query needs them.
  VIGIE_SEARCH_MEMORY_MB: z.coerce.number().int().min(50).default(200),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('127.0.0.1'),
  VIGIE_ALLOW_HOSTS: list,
  VIGIE_TRUSTED_PROXIES: list,
  VIGIE_SECRET_KEY: z
    .string()
    .min(32, 'VIGIE_SECRET_KEY must be at least 32 characters')
    .optional(),
  VIGIE_SECRET_KEY_FILE: z.string().default('data/secret.key'),
  VIGIE_PUBLIC_URL: z.url({ protocol: /^https?$/ }).optional(),
  VIGIE_LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error']).default('info'),
  VIGIE_USER_AGENT_CONTACT: z.string().default('https://github.com/vigie-curation/vigie'),
  VIGIE_CRAWL_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(8),
  VIGIE_PER_HOST_CONCURRENCY: z.coerce.number().int().min(1).max(2).default(1),
  VIGIE_PER_HOST_DELAY_MS: z.coerce.number().int().min(0).default(1000),
  VIGIE_FETCH_TIMEOUT_MS: z.coerce.number().int().min(100).default(20000),
  VIGIE_CONNECT_TIMEOUT_MS: z.coerce.number().int().min(100).default(5000),
  VIGIE_MAX_FEED_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .default(10 * 1024 * 1024),
  VIGIE_MAX_PAGE_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .default(5 * 1024 * 1024),
  VIGIE_EXTRACT_WORKERS: z.coerce
    .number()
    .int()
    .min(1)
    .default(Math.max(1, os.availableParallelism())),
  VIGIE_EXTRACT_TIMEOUT_MS: z.coerce.number().int().min(100).default(15000),
  VIGIE_CRAWL_INTERVAL_S: z.coerce.number().int().min(0).default(60),
  VIGIE_CRAWL_ON_START: z.enum(['0', '1']).default('1'),
  VIGIE_LEASE_MS: z.coerce
    .number()
    .int()
    .min(100)
    .default(5 * 60_000),
  VIGIE_RETENTION_DAYS: z.coerce.number().int().min(0).default(0),
  // Cited sites looked at (home page, feed) after each crawl of a sector; 0 turns discovery off.
  VIGIE_DISCOVER_SITES: z.coerce.number().int().min(0).max(50).default(3),
  // The message never repeats the value: the URL may hold the SMTP password.
  VIGIE_SMTP_URL: z
    .string()
    .trim()
    .optional()
    .transform((s) => s || undefined)
    .refine((s) => s === undefined || isSmtpUrl(s), 'must be an smtp:// or smtps:// URL'),
  VIGIE_DIGEST_FROM: z
    .string()
    .trim()
    .min(3)
    .refine((s) => !/[\r\n]/.test(s), 'must be one line')
    .default('Vigie <vigie@localhost>'),
})

function isSmtpUrl(s: string): boolean {
  if (!URL.canParse(s)) return false
  const url = new URL(s)
  return (url.protocol === 'smtp:' || url.protocol === 'smtps:') && url.hostname !== ''
}

export type Config = Readonly<{
  databaseUrl: string
  databaseAuthToken?: string
  feedsDir: string
  indexDir: string
  searchMemoryMb: number
  port: number
  host: string
  allowHosts: readonly string[]
  /** Reverse proxies (IPs or CIDRs) whose X-Forwarded-* headers are believed; none by default. */
  trustedProxies: readonly string[]
  /** Encrypts channel secrets: the key itself, or the file that holds it (created on first start). */
  secretKey?: string
  secretKeyFile: string
  /** The site's public origin (`https://veille.example.org`), for absolute links in public feeds. */
  publicUrl?: string
  logLevel: 'debug' | 'info' | 'warn' | 'error'
  userAgent: string
  crawl: Readonly<{
    concurrency: number
    perHostConcurrency: number
    perHostDelayMs: number
    loopIntervalS: number
    onStart: boolean
    leaseMs: number
    retentionDays: number
    discoverSites: number
  }>
  fetch: Readonly<{
    timeoutMs: number
    connectTimeoutMs: number
    maxFeedBytes: number
    maxPageBytes: number
  }>
  extract: Readonly<{ workers: number; timeoutMs: number }>
  /** Outbound email (the daily digest): no SMTP URL, no email. */
  mail: Readonly<{ smtpUrl?: string; from: string }>
}>

/** The only reader of process.env: validates it once and returns a frozen Config. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = Env.safeParse(env)
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')
    throw new Error(`invalid configuration: ${issues}`)
  }
  const e = parsed.data
  return Object.freeze({
    databaseUrl: e.DATABASE_URL,
    databaseAuthToken: e.DATABASE_AUTH_TOKEN,
    feedsDir: e.VIGIE_FEEDS_DIR,
    indexDir: e.VIGIE_INDEX_DIR,
    searchMemoryMb: e.VIGIE_SEARCH_MEMORY_MB,
    port: e.PORT,
    host: e.HOST,
    allowHosts: Object.freeze(e.VIGIE_ALLOW_HOSTS),
    trustedProxies: Object.freeze(e.VIGIE_TRUSTED_PROXIES),
    publicUrl: e.VIGIE_PUBLIC_URL,
    secretKey: e.VIGIE_SECRET_KEY,
    secretKeyFile: e.VIGIE_SECRET_KEY_FILE,
    logLevel: e.VIGIE_LOG_LEVEL,
    userAgent: `Vigie/0.1 (+${e.VIGIE_USER_AGENT_CONTACT}; feed curation crawler)`,
    crawl: Object.freeze({
      concurrency: e.VIGIE_CRAWL_CONCURRENCY,
      perHostConcurrency: e.VIGIE_PER_HOST_CONCURRENCY,
      perHostDelayMs: e.VIGIE_PER_HOST_DELAY_MS,
      loopIntervalS: e.VIGIE_CRAWL_INTERVAL_S,
      onStart: e.VIGIE_CRAWL_ON_START === '1',
      leaseMs: e.VIGIE_LEASE_MS,
      retentionDays: e.VIGIE_RETENTION_DAYS,
      discoverSites: e.VIGIE_DISCOVER_SITES,
    }),
    fetch: Object.freeze({
      timeoutMs: e.VIGIE_FETCH_TIMEOUT_MS,
      connectTimeoutMs: e.VIGIE_CONNECT_TIMEOUT_MS,
      maxFeedBytes: e.VIGIE_MAX_FEED_BYTES,
      maxPageBytes: e.VIGIE_MAX_PAGE_BYTES,
    }),
    extract: Object.freeze({
      workers: e.VIGIE_EXTRACT_WORKERS,
      timeoutMs: e.VIGIE_EXTRACT_TIMEOUT_MS,
    }),
    mail: Object.freeze({ smtpUrl: e.VIGIE_SMTP_URL, from: e.VIGIE_DIGEST_FROM }),
  })
}
