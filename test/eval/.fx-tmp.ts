import fs from 'node:fs'
import { extractPage } from '../../src/extract/index.ts'
import { decodeBody } from '../../src/lib/decode.ts'
const urls: Record<string, string> = {
  'wordpress-fr.html': 'https://carnet-du-cm.fr/2024/03/moderer-communaute-facebook/?utm_source=rss&utm_medium=rss',
  'jsonld-graph-en.html': 'https://www.northwind-social.com/blog/discord-community-growth',
  'og-only-en.html': 'https://fieldnotes.example.org/posts/linkedin-formats?ref=feed',
  'hostile-en.html': 'https://crisis.example.com/blog/playbook',
  'meta-lang-fr-cp1252.html': 'http://reseaux-et-cie.example.fr/budget-2024.html',
}
for (const [f, url] of Object.entries(urls)) {
  const buf = fs.readFileSync('test/fixtures/pages/' + f)
  const html = decodeBody(buf, null, 'html').text
  const r = await extractPage({ html, url })
  console.log('=====', f)
  console.log({ ...r, html: undefined, text: undefined })
  console.log(r.text)
  console.log('--- html'); console.log(r.html)
}
