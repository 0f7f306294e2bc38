import fs from 'node:fs/promises'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { gunzipSync } from 'node:zlib'
import type { Config } from '../config.ts'
import { decodeBody } from '../lib/decode.ts'
import { errorMessage } from '../lib/errors.ts'
import { createSafeFetch } from '../lib/safe-fetch.ts'
import { extractPage } from './index.ts'

export interface ExtractFileResult {
  input: string
  url: string | null
  title: string | null
  author: string | null
  publishedAt: string | null
  siteName: string | null
  image: string | null
  lang: string | null
  excerpt: string | null
  wordCount: number
  html: string | null
  text: string | null
  error: string | null
}

async function readInput(config: Config, input: string, baseUrl?: string) {
  if (/^https?:\/\//i.test(input)) {
    const fetcher = createSafeFetch({
      allowHosts: config.allowHosts,
      userAgent: config.userAgent,
      timeoutMs: config.fetch.timeoutMs,
      connectTimeoutMs: config.fetch.connectTimeoutMs,
    })
    try {
      const res = await fetcher.fetch({ url: input, maxBytes: config.fetch.maxPageBytes, accept: 'text/html' })
      if (res.status < 200 || res.status >= 300) throw new Error(`HTTP ${res.status} from ${res.url}`)
      return { html: decodeBody(res.body, res.contentType, 'html').text, url: baseUrl ?? res.url }
    } finally {
      await fetcher.close()
    }
  }
  let bytes = await fs.readFile(input)
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) bytes = gunzipSync(bytes)
  return { html: decodeBody(bytes, null, 'html').text, url: baseUrl ?? pathToFileURL(path.resolve(input)).href }
}

/** The crawler's extraction on one saved page or URL, every field, or the error that stopped it. */
export async function extractFile(config: Config, input: string, baseUrl?: string): Promise<ExtractFileResult> {
  try {
    const { html, url } = await readInput(config, input, baseUrl)
    const r = await extractPage({ html, url })
    return {
      input,
      url: r.url,
      title: r.title,
      author: r.author,
      publishedAt: r.publishedAt,
      siteName: r.siteName,
      image: r.image,
      lang: r.lang,
      excerpt: r.excerpt,
      wordCount: r.wordCount,
      html: r.html,
      text: r.text,
      error: null,
    }
  } catch (err) {
    const empty = { url: null, title: null, author: null, publishedAt: null, siteName: null, image: null, lang: null }
    return { input, ...empty, excerpt: null, wordCount: 0, html: null, text: null, error: errorMessage(err) }
  }
}
