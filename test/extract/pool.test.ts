import fs from 'node:fs'
import { afterAll, describe, expect, it } from 'vitest'
import { createExtractor, ExtractError, type Extractor } from '../../src/extract/index.ts'

const fixture = (name: string) =>
  fs.readFileSync(new URL(`../fixtures/pages/${name}`, import.meta.url), 'utf8')
const opened: Extractor[] = []
const open = (opts: Parameters<typeof createExtractor>[0]) => {
  const ex = createExtractor(opts)
  opened.push(ex)
  return ex
}
afterAll(async () => {
  await Promise.all(opened.map((ex) => ex.close()))
})

// A page so large that parsing it takes far longer than a few milliseconds.
const hugePage = () =>
  '<html><body><article>' +
  '<div class="c"><p>Community <b>managers</b> answer <i>comments</i> and <a href="/x">plan</a> posts every day.</p></div>'.repeat(
    60_000,
  ) +
  '</article></body></html>'

// Workers take seconds to start (tsx, jsdom, warm-up), more on a busy machine.
const startup = 60_000

describe('createExtractor', () => {
  it(
    'extracts several pages concurrently off the main thread',
    async () => {
      const ex = open({ workers: 2, timeoutMs: 20_000 })
      expect(ex.workers).toBe(2)
      const pages = [
        {
          html: fixture('wordpress-fr.html'),
          url: 'https://carnet-du-cm.fr/2024/03/moderer-communaute-facebook/',
        },
        {
          html: fixture('jsonld-graph-en.html'),
          url: 'https://www.northwind-social.com/blog/discord-community-growth',
        },
        {
          html: fixture('og-only-en.html'),
          url: 'https://fieldnotes.example.org/posts/linkedin-formats',
        },
        { html: fixture('hostile-en.html'), url: 'https://crisis.example.com/blog/playbook' },
      ]
      const results = await Promise.all(pages.map((p) => ex.extract(p)))
      expect(results.map((r) => r.lang)).toEqual(['fr', 'en', 'en', 'en'])
      expect(results[1]!.author).toBe('Jenna Morales, Ravi Patel')
      expect(results[3]!.html).not.toMatch(/<script|onerror|javascript:/i)
    },
    startup,
  )

  it(
    'returns extraction errors with their code',
    async () => {
      const ex = open({ workers: 1, timeoutMs: 20_000 })
      const err = await ex
        .extract({ html: '<nav>Home</nav>', url: 'https://news.example.com/x' })
        .catch((e) => e)
      expect(err).toBeInstanceOf(ExtractError)
      expect(err.code).toBe('not_an_article')
      expect(err.details.url).toBe('https://news.example.com/x')
    },
    startup,
  )

  it(
    'stops a task over its time limit, and the pool goes on',
    async () => {
      const ex = open({ workers: 1, timeoutMs: 300 })
      const started = Date.now()
      const err = await ex
        .extract({ html: hugePage(), url: 'https://slow.example.com/huge' })
        .catch((e) => e)
      expect(err).toBeInstanceOf(ExtractError)
      expect(err.code).toBe('extract_timeout')
      expect(err.message).toMatch(/time limit/)
      expect(Date.now() - started).toBeLessThan(30_000)
      // The worker that was stopped is replaced; the next page does not pay for its start-up.
      const next = await ex.extract({
        html: fixture('og-only-en.html'),
        url: 'https://fieldnotes.example.org/posts/linkedin-formats',
      })
      expect(next.title).toBe('Five LinkedIn post formats that still get reach')
    },
    startup,
  )

  it(
    'fails a page that exhausts the worker heap, and the pool goes on',
    async () => {
      const ex = open({ workers: 1, timeoutMs: 60_000, maxHeapMb: 96 })
      const err = await ex
        .extract({ html: hugePage().repeat(3), url: 'https://big.example.com/page' })
        .catch((e) => e)
      expect(err).toBeInstanceOf(ExtractError)
      expect(err.code).toBe('extract_failed')
      expect(err.message).toMatch(/memory/)
      const next = await ex.extract({
        html: fixture('jsonld-graph-en.html'),
        url: 'https://www.northwind-social.com/blog/discord-community-growth',
      })
      expect(next.siteName).toBe('Northwind Social')
    },
    2 * startup,
  )

  it(
    'builds from feed content in a worker',
    async () => {
      const ex = open({ workers: 1, timeoutMs: 20_000 })
      const r = await ex.fromFeed({
        url: 'https://blog.example.fr/billet',
        feed: {
          title: 'Un billet',
          contentHtml:
            '<p onclick="x()">Les réseaux sociaux demandent une présence régulière et des réponses rapides aux questions des abonnés.</p><script>x()</script>',
        },
      })
      expect(r.source).toBe('feed')
      expect(r.lang).toBe('fr')
      expect(r.html).toBe(
        '<p>Les réseaux sociaux demandent une présence régulière et des réponses rapides aux questions des abonnés.</p>',
      )
    },
    startup,
  )

  it(
    'close() stops every worker thread',
    async () => {
      const ex = createExtractor({ workers: 2, timeoutMs: 20_000 })
      await ex.extract({
        html: fixture('og-only-en.html'),
        url: 'https://fieldnotes.example.org/p',
      })
      expect(ex.threads).toBe(2)
      await ex.close()
      expect(ex.threads).toBe(0)
      const err = await ex
        .extract({ html: fixture('og-only-en.html'), url: 'https://fieldnotes.example.org/p' })
        .catch((e) => e)
      expect(err).toBeInstanceOf(ExtractError)
    },
    startup,
  )
})
