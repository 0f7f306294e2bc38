import { readFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { findListedArticles } from '../../src/extract/index.ts'

const fixture = (name: string) =>
  readFileSync(path.join(import.meta.dirname, '../fixtures/listings', name), 'utf8')

describe('the articles a page without a feed lists', () => {
  it('finds a French blog’s posts with their dates, and none of its menus, sidebar, tags or footer', async () => {
    const listing = await findListedArticles(
      fixture('blog-fr.html'),
      'https://www.carnet-social.test/',
    )
    expect(listing.title).toBe('Le Carnet du Social Media')
    expect(listing.articles).toEqual([
      {
        url: 'https://www.carnet-social.test/2026/12/strategie-linkedin-entreprise-2027/',
        title: 'Stratégie LinkedIn : ce qui change pour les pages entreprise en 2027',
        publishedAt: '2026-12-03T08:15:00.000Z',
      },
      {
        url: 'https://www.carnet-social.test/2026/11/moderation-communaute-facebook-charte/',
        title: 'Modération : écrire une charte de communauté qui tient face aux trolls',
        publishedAt: '2026-11-28T15:40:00.000Z',
      },
      {
        url: 'https://www.carnet-social.test/2026/11/indicateurs-engagement-instagram/',
        title: 'Taux d’engagement Instagram : les indicateurs qui comptent vraiment',
        publishedAt: null,
      },
      {
        url: 'https://www.carnet-social.test/2026/11/veille-social-media-outils/',
        title: 'Veille social media : organiser sa journée sans se noyer dans les flux',
        publishedAt: null,
      },
    ])
  })

  it('reads cards of an English news page: same site only, no script, file or future date', async () => {
    const listing = await findListedArticles(fixture('news-en.html'), 'https://pulse.test/latest')
    expect(listing.title).toBe('Latest | Social Pulse Weekly')
    expect(listing.articles).toEqual([
      {
        url: 'https://pulse.test/news/threads-opens-api-to-scheduling-tools-8812',
        title: 'Threads opens its API to scheduling tools',
        publishedAt: '2026-12-02T00:00:00.000Z',
      },
      {
        url: 'https://pulse.test/news/bluesky-custom-feeds-brands-8809',
        title: 'Why brands are building custom Bluesky feeds',
        publishedAt: '2026-12-01T08:00:00.000Z',
      },
      {
        url: 'https://pulse.test/news/creator-economy-report-8800?utm_source=home',
        title: 'The creator economy report: what community managers should read',
        publishedAt: null,
      },
    ])
  })

  it('finds nothing on a home page that lists no article', async () => {
    const listing = await findListedArticles(fixture('no-listing.html'), 'https://pixel.test/')
    expect(listing.articles).toEqual([])
  })

  it('reads a page that a framework wraps whole in a form', async () => {
    const cards = ['linkedin-pages-2027', 'moderation-charte-communaute', 'tiktok-marques-b2b']
      .map(
        (slug) =>
          `<div class="card"><h3><a href="/actualites/${slug}.aspx">${slug.replaceAll('-', ' ')} : notre analyse</a></h3></div>`,
      )
      .join('')
    const html = `<html><body><form id="aspnetForm" method="post" action="/default.aspx">
<div class="menu"><a href="/services/animation-reseaux-sociaux.aspx">Nos services d’animation des réseaux sociaux</a></div>
<div class="list">${cards}</div></form></body></html>`
    const listing = await findListedArticles(html, 'https://agence.test/actualites/')
    expect(listing.articles.map((a) => a.url)).toEqual([
      'https://agence.test/actualites/linkedin-pages-2027.aspx',
      'https://agence.test/actualites/moderation-charte-communaute.aspx',
      'https://agence.test/actualites/tiktok-marques-b2b.aspx',
    ])
  })

  it('keeps to the first fifty of a long archive', async () => {
    const items = Array.from(
      { length: 80 },
      (_, i) =>
        `<article><h2><a href="/archives/billet-numero-${i}">Billet d’archive numéro ${i} sur la modération</a></h2></article>`,
    ).join('')
    const listing = await findListedArticles(
      `<html><body><main>${items}</main></body></html>`,
      'https://archives.test/',
    )
    expect(listing.articles).toHaveLength(50)
    expect(listing.articles[49]!.url).toBe('https://archives.test/archives/billet-numero-49')
  })
})
