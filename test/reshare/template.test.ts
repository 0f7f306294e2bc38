import { describe, expect, it } from 'vitest'
import {
  defaultTemplate,
  formatHashtag,
  formatHashtags,
  mentionFor,
  NETWORKS,
  renderTemplate,
  type Network,
  type TemplateInput,
} from '../../src/reshare/index.ts'

const nb = '\u00a0'
const article: TemplateInput = {
  title: "L'algorithme de LinkedIn en 2025 :\n  ce qui change pour la portée organique",
  link: 'https://www.blogdumoderateur.com/linkedin-algorithme-2025/?utm_source=linkedin',
  source: 'Blog du Modérateur',
  author: 'Camille Dupont',
  authorHandles: {
    x: '@camdupont',
    mastodon: 'https://piaille.fr/@camille',
    bluesky: 'https://bsky.app/profile/camille.bsky.social',
    threads: 'camille.dupont',
    linkedin: 'camille-dupont-cm',
  },
  commentary: 'Très bonne analyse 👏🏽 : la portée organique baisse, les commentaires comptent plus.',
  hashtags: [
    'community management',
    'réseaux sociaux',
    "l'algorithme",
    'LinkedIn',
    'social ads',
    'e-réputation',
  ],
}
const title = "L'algorithme de LinkedIn en 2025 : ce qui change pour la portée organique"

describe('default templates', () => {
  it('LinkedIn is formal: commentary, quoted title, source and author, link, hashtags', () => {
    expect(renderTemplate(defaultTemplate('linkedin'), article, 'linkedin')).toBe(
      `${article.commentary}\n\n«${nb}${title}${nb}» — Blog du Modérateur, par Camille Dupont\n` +
        `${article.link}\n\n#CommunityManagement #RéseauxSociaux #Algorithme #LinkedIn #SocialAds`,
    )
  })

  it('Mastodon mentions the author with their instance, three hashtags', () => {
    expect(renderTemplate(defaultTemplate('mastodon'), article, 'mastodon')).toBe(
      `${article.commentary}\n\n«${nb}${title}${nb}» — Blog du Modérateur, par @camille@piaille.fr\n` +
        `${article.link}\n\n#CommunityManagement #RéseauxSociaux #Algorithme`,
    )
  })

  it('X and Bluesky are short, with the handle of their own network', () => {
    expect(renderTemplate(defaultTemplate('x'), article, 'x')).toBe(
      `${article.commentary}\n\n${title} par @camdupont\n${article.link} #CommunityManagement #RéseauxSociaux`,
    )
    expect(renderTemplate(defaultTemplate('bluesky'), article, 'bluesky')).toBe(
      `${article.commentary}\n\n${title} par @camille.bsky.social\n${article.link} #CommunityManagement #RéseauxSociaux`,
    )
  })

  it('Threads keeps one hashtag', () => {
    const text = renderTemplate(defaultTemplate('threads'), article, 'threads')
    expect(text.match(/#\p{L}+/gu)).toEqual(['#CommunityManagement'])
    expect(text).toContain(', par @camille.dupont\n')
  })

  it('English templates say "by"', () => {
    const text = renderTemplate(
      defaultTemplate('linkedin', 'en'),
      { ...article, commentary: 'Worth a read.' },
      'linkedin',
    )
    expect(text.split('\n')[2]).toBe(`“${title}” — Blog du Modérateur, by Camille Dupont`)
  })
})

describe('empty values collapse cleanly', () => {
  const bare = {
    title: 'Modération : les nouvelles règles de Meta',
    link: 'https://exemple.fr/meta',
  }

  it.each<[string, Partial<TemplateInput>, string]>([
    ['no source, no author', {}, `«${nb}${bare.title}${nb}»\n${bare.link}`],
    [
      'no source',
      { author: 'Léa Martin' },
      `«${nb}${bare.title}${nb}», par Léa Martin\n${bare.link}`,
    ],
    ['no author', { source: 'Le Monde' }, `«${nb}${bare.title}${nb}» — Le Monde\n${bare.link}`],
    [
      'commentary and hashtags only',
      { commentary: '  À lire.  ', hashtags: ['modération'] },
      `À lire.\n\n«${nb}${bare.title}${nb}»\n${bare.link}\n\n#Modération`,
    ],
  ])('LinkedIn, %s', (_name, extra, expected) => {
    expect(renderTemplate(defaultTemplate('linkedin'), { ...bare, ...extra }, 'linkedin')).toBe(
      expected,
    )
  })

  it('a Mastodon handle without instance is not used; the author name stands in', () => {
    const input = { ...bare, author: 'Léa Martin', authorHandles: { mastodon: '@lea' } }
    expect(renderTemplate(defaultTemplate('mastodon'), input, 'mastodon')).toContain(
      ', par Léa Martin\n',
    )
  })

  it('X without handle drops "par"', () => {
    expect(renderTemplate(defaultTemplate('x'), { ...bare, author: 'Léa' }, 'x')).toBe(
      `${bare.title}\n${bare.link}`,
    )
  })

  it('a custom template: wrappers, joiners and lines of empty values go', () => {
    const template =
      '{author_handle} — {title} ({source}, {author})\n\n\nLu sur : {source}\n{commentary}\n\n\n{link}\n{hashtags}'
    const only = (extra: Partial<TemplateInput>) =>
      renderTemplate(template, { ...bare, ...extra }, 'x')
    expect(only({})).toBe(`${bare.title}\n\n${bare.link}`)
    expect(only({ author: 'Léa' })).toBe(`${bare.title} (Léa)\n\n${bare.link}`)
    expect(only({ source: 'Numerama' })).toBe(
      `${bare.title} (Numerama)\n\nLu sur : Numerama\n\n${bare.link}`,
    )
    expect(only({ authorHandles: { x: 'lea_m' }, commentary: 'Un:\n\n\n\nDeux' })).toBe(
      `@lea_m — ${bare.title}\n\nUn:\n\nDeux\n\n${bare.link}`,
    )
  })

  it('never leaves double spaces, blank runs, dangling joiners or empty wrappers', () => {
    const optional = ['source', 'author', 'authorHandles', 'commentary', 'hashtags'] as const
    for (let mask = 0; mask < 1 << optional.length; mask++) {
      const input: TemplateInput = { title: article.title, link: article.link }
      optional.forEach((key, i) => {
        if (mask & (1 << i)) Object.assign(input, { [key]: article[key] })
      })
      for (const lang of ['fr', 'en'] as const)
        for (const network of NETWORKS) {
          const text = renderTemplate(defaultTemplate(network, lang), input, network)
          const where = `${network}/${lang}/${mask}: ${JSON.stringify(text)}`
          expect(text, where).not.toMatch(/ {2}|\n{3}|^\s|\s$|[ \t]\n|\(\s*\)|«\s*»|“\s*”/)
          for (const line of text.split('\n'))
            expect(line, where).not.toMatch(/(^|\s)(par|by|—|,)$|^(—|,|par |by )/)
          expect(text, where).toContain(article.link)
        }
    }
  })
})

describe('hashtags and handles', () => {
  it.each<[string, string | null]>([
    ['community management', '#CommunityManagement'],
    ['réseaux sociaux', '#RéseauxSociaux'],
    ["l'algorithme", '#Algorithme'],
    ['e-réputation', '#ERéputation'],
    ['TikTok', '#TikTok'],
    ['IA générative', '#IAGénérative'],
    ['#SEO', '#SEO'],
    ['social listening & ads', '#SocialListeningAds'],
    ['2025', null],
    ['  ', null],
  ])('%j -> %j', (term, tag) => {
    expect(formatHashtag(term)).toBe(tag)
  })

  it('drops duplicates regardless of case and accents, and caps the count', () => {
    expect(
      formatHashtags(['Réseaux sociaux', 'reseaux sociaux', 'RÉSEAUX SOCIAUX', 'UGC', 'SEO'], 2),
    ).toEqual(['#RéseauxSociaux', '#UGC'])
  })

  it.each<[Network, string, string]>([
    ['x', 'camdupont', '@camdupont'],
    ['x', 'https://x.com/camdupont', '@camdupont'],
    ['bluesky', '@Camille.bsky.social', '@camille.bsky.social'],
    ['bluesky', 'https://bsky.app/profile/camille.bsky.social', '@camille.bsky.social'],
    ['mastodon', 'camille@piaille.fr', '@camille@piaille.fr'],
    ['mastodon', 'https://piaille.fr/@camille', '@camille@piaille.fr'],
    ['mastodon', '@camille', ''],
    ['threads', 'https://www.threads.net/@camille.dupont', '@camille.dupont'],
    ['linkedin', 'camille-dupont-cm', 'camille-dupont-cm'],
  ])('%s handle %j -> %j', (network, raw, mention) => {
    expect(mentionFor(network, raw)).toBe(mention)
  })
})
