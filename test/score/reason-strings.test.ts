import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { reasons } from '../../web/i18n/reasons.ts'

// The words of a card's reasons live in web/i18n only: code or a view that spelled them out itself
// would show French to an English reader (issue #10).

const pieces = [
  ...new Set(
    Object.values(reasons.fr)
      .flatMap((text) => text.split(/\{\w+\}/))
      .map((s) => s.trim())
      .filter((s) => s.replace(/[^\p{L}]/gu, '').length >= 5)
      // "sources)" (of "tendance ({sources} sources)") also reads as code: a call's last argument.
      .filter((s) => !/^[a-z]+\)$/.test(s)),
  ),
]

const withoutComments = (text: string) =>
  text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`])\/\/.*$/gm, '$1')

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
const patterns = pieces.map((p) => ({
  piece: p,
  re: new RegExp(`(?<!\\p{L})${escape(p)}(?!\\p{L})`, 'u'),
}))

/** The reason words a source text spells out, outside comments. */
function reasonWordsIn(text: string): string[] {
  const code = withoutComments(text)
  return patterns.filter((p) => p.re.test(code)).map((p) => p.piece)
}

function filesUnder(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const file = path.join(dir, e.name)
    if (e.isDirectory()) return filesUnder(file)
    return /\.tsx?$/.test(e.name) ? [file] : []
  })
}

describe('reason words', () => {
  it('are found when code spells them out, not when a comment quotes them', () => {
    expect(pieces).toEqual(expect.arrayContaining(['source appréciée (', 'frais', '(titre)']))
    expect(reasonWordsIn(`const line = \`\${term} (titre) · frais\``)).toEqual(
      expect.arrayContaining(['(titre)', 'frais']),
    )
    expect(reasonWordsIn('<span>proche de vos choix</span>')).toEqual(['proche de vos choix'])
    expect(reasonWordsIn('// "LinkedIn (titre) · frais"\nconst fraîcheur = 1')).toEqual([])
  })

  it('are written only in web/i18n, never in src/ or web/views', () => {
    const found = [...filesUnder('src'), ...filesUnder('web/views')].flatMap((file) =>
      reasonWordsIn(fs.readFileSync(file, 'utf8')).map((piece) => `${file}: ${piece}`),
    )
    expect(found).toEqual([])
  })
})
