import { describe, expect, it } from 'vitest'
import { FEED_ERROR_CODES, feedErrorCode } from '../../src/crawl/index.ts'
import { translator } from '../../web/i18n/index.ts'
import { disabledReasonText, feedErrorOf } from '../../web/views/sources/feed-problem.tsx'

// lastError values as refresh-feed and safe-fetch store them (errorMessage of their errors).
const stored: [string, string][] = [
  [
    'dns_failed: cannot resolve blog-disparu.example: getaddrinfo ENOTFOUND blog-disparu.example (https://blog-disparu.example/feed)',
    'dns_failed',
  ],
  [
    'connect_failed: cannot connect to 203.0.113.7: connect ECONNREFUSED 203.0.113.7:443 (https://refus.example/feed)',
    'connect_refused',
  ],
  [
    'connect_failed: cannot connect to lent.example: connect EHOSTUNREACH (https://lent.example/feed)',
    'connect_failed',
  ],
  ['bad_response: unable to verify the first certificate (https://certificat.example/feed)', 'tls'],
  [
    "connect_failed: cannot connect to x.example: Hostname/IP does not match certificate's altnames (https://x.example/)",
    'tls',
  ],
  ['timeout: no full response within 15000 ms (https://lent.example/feed)', 'timeout'],
  [
    'blocked_address: intranet.example resolves to 10.0.0.8, which is not public (http://intranet.example/rss)',
    'refused_private_address',
  ],
  ['too_large: feed body exceeds 5000000 bytes (https://gros.example/feed)', 'too_large'],
  ['too_many_redirects: over 5 redirects (https://boucle.example/feed)', 'too_many_redirects'],
  ['redirect_loop: redirect loop back to https://a.example/ (https://a.example/)', 'redirect_loop'],
  ['HTTP 404 from https://www.blogdumoderateur.com/feed/', 'http_not_found'],
  ['HTTP 410 Gone: feed disabled', 'http_gone'],
  ['HTTP 403 from https://ferme.example/feed', 'http_forbidden'],
  ['HTTP 429 from https://pressee.example/feed', 'http_rate_limited'],
  ['HTTP 503 Service Unavailable', 'http_server_error'],
  ['HTTP 418 from https://theiere.example/feed', 'http_other'],
  ['feed_parse_failed: not a feed: looks like an HTML page', 'not_a_feed'],
  [
    'feed_parse_failed: no article links found on the page (is it the list of the site’s articles?)',
    'no_articles_listed',
  ],
  ['feed_parse_failed: empty document', 'empty_feed'],
  ['feed_parse_failed: unclosed tag at line 3', 'parse_failed'],
  ['bad_response: unsupported content-encoding zstd (https://z.example/feed)', 'bad_response'],
  ['something nobody planned for', 'unknown'],
]

describe('feed errors as sentences', () => {
  it.each(stored)('reads %s as %s', (lastError, code) => {
    expect(feedErrorCode(lastError)).toBe(code)
  })

  it('has a sentence for every code in French and in English, none left as a key', () => {
    for (const locale of ['fr', 'en'] as const) {
      const t = translator(locale)
      for (const code of FEED_ERROR_CODES) {
        const text = t(`feedError.${code}`, { status: 503 })
        expect(text, `${locale} ${code}`).not.toContain('feedError.')
        expect(text).not.toContain('{status}')
      }
    }
    expect(feedErrorOf(translator('fr'), { lastError: stored[0]![0], lastStatus: null })).toEqual({
      code: 'dns_failed',
      text: 'L’adresse du site est introuvable : le nom de domaine n’existe pas ou plus.',
    })
    expect(
      feedErrorOf(translator('en'), {
        lastError: 'HTTP 502 from https://x.example/',
        lastStatus: 502,
      }),
    ).toEqual({
      code: 'http_server_error',
      text: 'The site is down (error 502): Vigie will try again.',
    })
    expect(feedErrorOf(translator('fr'), { lastError: null, lastStatus: 200 })).toBeNull()
  })

  it('says why a feed is off in the reader’s language, whatever wrote the reason', () => {
    const fr = translator('fr')
    const en = translator('en')
    expect(disabledReasonText(fr, 'disabled by claire@agence.example')).toBe(
      'Désactivé par claire@agence.example.',
    )
    expect(disabledReasonText(en, 'disabled by claire@agence.example')).toBe(
      'Disabled by claire@agence.example.',
    )
    expect(disabledReasonText(fr, 'removed from the sector file')).toBe(
      'Retiré du fichier du secteur.',
    )
    expect(disabledReasonText(en, 'the server says the feed is gone (410)')).toBe(
      'The site says this feed was removed (error 410).',
    )
    expect(disabledReasonText(fr, 'merged into feed 12 (Blog du CM)')).toBe(
      'Fusionné avec le flux « Blog du CM », qui pointe vers la même adresse.',
    )
    expect(disabledReasonText(fr, null)).toBeNull()
  })
})
