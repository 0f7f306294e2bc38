// Comment threads, menus and footer link lists carry no class or id that names them here: they
// must go by their structure (reply links, repeated items, comment headings, link density).
import { describe, expect, it } from 'vitest'
import { extractFromFeed, extractPage } from '../../src/extract/index.ts'

const frParagraphs = [
  'La commune de Saint-Malo a présenté mardi son plan pour protéger les remparts de la montée des eaux, après trois hivers marqués par des tempêtes qui ont fragilisé la digue du Sillon.',
  'Le projet prévoit de rehausser la digue de quatre-vingts centimètres sur deux kilomètres et de reconstituer la dune au pied des remparts, pour un coût estimé à quarante millions d’euros.',
  'Les riverains, réunis en association, demandent que les travaux ne commencent pas avant la fin de la saison touristique, afin de ne pas pénaliser les commerces du front de mer.',
  'La préfecture doit rendre son avis au printemps, après une enquête publique qui s’ouvrira le mois prochain dans les mairies de Saint-Malo et de Dinard.',
]
const enParagraphs = [
  'The city council approved a plan on Tuesday to turn the disused railway viaduct into a cycling and walking path, ending a decade of debate about the future of the Victorian structure.',
  'Engineers say the viaduct needs new drainage and parapets before it can open, and the work is expected to take eighteen months once the contract has been signed.',
  'Local businesses along the route have welcomed the decision, saying the path could bring thousands of visitors a week to the high street on weekends.',
  'Opponents argued that the money should have gone to repairing roads, but the council said the funding came from a national grant that could only be spent on active travel.',
]

const frMenu = `<ul><li><a href="/">Accueil</a></li><li><a href="/actu">Actualités</a></li><li><a href="/sport">Sport</a></li><li><a href="/culture">Culture</a></li><li><a href="/meteo">Météo</a></li><li><a href="/contact">Nous contacter</a></li></ul>`
const enMenu = `<div><a href="/signin">Sign In</a> | <a href="/">Home</a> | <a href="/news">News</a> | <a href="/sport">Sports</a> | <a href="/weather">Weather</a> | <a href="/opinion">Opinion</a></div>`

function frComment(author: string, date: string, text: string): string {
  return `<li><div><div><img src="/avatar.png" alt=""><b>${author}</b> <span>dit :</span></div>
    <div><a href="#c">${date}</a></div><p>${text}</p>
    <div><a rel="nofollow" href="?replytocom=1#respond">Répondre</a></div></div></li>`
}

const frPage = `<!doctype html><html lang="fr"><head><title>Saint-Malo veut protéger ses remparts</title></head>
<body>
<article>
<div>${frMenu}</div>
  <div>
    <h1>Saint-Malo veut protéger ses remparts de la mer</h1>
    <div>Par Marie Le Goff • 12 mars 2026 • <a href="#comments">27 Commentaires</a></div>
    ${frParagraphs.map((p) => `<p>${p}</p>`).join('\n')}
  </div>
    <h3>27 Commentaires</h3>
    <ol>
      ${frComment('Jean-Yves', '12 mars 2026 à 9 h 14', 'Il était temps ! Ma maison sur le Sillon a été inondée deux fois depuis 2023, et personne ne nous a jamais demandé notre avis sur la digue.')}
      ${frComment('Soizic', '12 mars 2026 à 10 h 02', 'Quarante millions pour une dune qui partira à la première tempête, je n’y crois pas une seconde, les services de l’État devraient revoir leur copie.')}
      ${frComment('Loïc B.', '12 mars 2026 à 11 h 47', 'Les commerçants du front de mer ont raison, commencer les travaux en juillet serait une catastrophe pour toute la saison et pour les emplois.')}
      ${frComment('Anne-Marie', '12 mars 2026 à 14 h 05', 'J’habite Paramé depuis quarante ans et j’ai vu la mer passer par-dessus la digue bien avant les tempêtes récentes, ce projet arrive beaucoup trop tard à mon avis.')}
      ${frComment('Gwen', '13 mars 2026 à 8 h 30', 'Et les remparts côté port, qui s’en occupe ? On parle toujours du Sillon mais les pierres tombent aussi près de la porte Saint-Thomas depuis des années.')}
    </ol>
    <div>
      <h3>Laisser un commentaire</h3>
      <form action="/wp-comments-post.php" method="post">
        <p>Votre adresse e-mail ne sera pas publiée. Les champs obligatoires sont indiqués avec *</p>
        <p><label>Commentaire *</label><textarea name="comment"></textarea></p>
        <p><label>Nom *</label><input name="author"></p>
        <p><input type="submit" value="Laisser un commentaire"></p>
      </form>
    </div>
<div>
  <ul><li><a href="/mentions">Mentions légales</a></li><li><a href="/cgu">Conditions générales d’utilisation</a></li><li><a href="/cookies">Gestion des cookies</a></li><li><a href="/plan">Plan du site</a></li></ul>
  <p>© 2026 Le Journal de la Côte</p>
</div>
</article>
</body></html>`

const enPage = `<!doctype html><html lang="en"><head><title>Viaduct to become a cycle path</title></head>
<body>
<div>
${enMenu}
  <h1>Viaduct to become a cycle path after council vote</h1>
  ${enParagraphs.map((p) => `<p>${p}</p>`).join('\n')}
  <h2>3 Comments</h2>
  <div>
    <div><p><strong>Dave from Leeds</strong> says:</p><p>November 3, 2026 at 8:12 am</p>
      <p>Brilliant news. I cycled across the old line as a kid and it would be great for my own children to do the same one day without any traffic.</p>
      <p><a href="?replytocom=7#respond">Reply</a></p></div>
    <div><p><strong>Sarah K</strong> says:</p><p>November 3, 2026 at 9:40 am</p>
      <p>The roads round here are full of potholes and the council spends money on a bridge to nowhere, I really cannot believe it happened again.</p>
      <p><a href="?replytocom=8#respond">Reply</a></p></div>
  </div>
  <h3>Leave a Reply</h3>
  <form action="/wp-comments-post.php" method="post"><p>Your email address will not be published.</p><textarea name="comment"></textarea><input type="submit" value="Post Comment"></form>
</div>
<div><div><h4>Quick links</h4><ul><li><a href="/about">About us</a></li><li><a href="/advertise">Advertise with us</a></li><li><a href="/privacy">Privacy policy</a></li><li><a href="/terms">Terms of use</a></li><li><a href="/jobs">Work for us</a></li></ul></div></div>
</body></html>`

describe('extraction removes boilerplate by structure, without class names', () => {
  it('drops a French WordPress comment thread, its form, the menu and the footer links, and keeps the article', async () => {
    const { text } = await extractPage({ html: frPage, url: 'https://journal-cote.test/remparts' })
    for (const p of frParagraphs) expect(text).toContain(p)
    for (const gone of [
      'Commentaires',
      'Jean-Yves',
      'Il était temps',
      'Quarante millions pour une dune',
      'Répondre',
      'Laisser un commentaire',
      'adresse e-mail',
      'Accueil',
      'Nous contacter',
      'Mentions légales',
      'Plan du site',
    ])
      expect(text).not.toContain(gone)
  })

  it('drops an English comment thread, the "Sign In | Home | News" menu and a footer link list', async () => {
    const { text } = await extractPage({ html: enPage, url: 'https://gazette.test/viaduct' })
    for (const p of enParagraphs) expect(text).toContain(p)
    for (const gone of [
      'Comments',
      'Dave from Leeds',
      'Brilliant news',
      'potholes',
      'Reply',
      'email address',
      'Sign In',
      'Sports',
      'Privacy policy',
      'Work for us',
    ])
      expect(text).not.toContain(gone)
  })

  it('keeps a list of links that is part of the story when its items are sentences', async () => {
    const html = enPage.replace(
      `<p>${enParagraphs[3]}</p>`,
      `<p>${enParagraphs[3]}</p><p>The council listed three conditions for the grant:</p><ul><li>the path must open within two years of the contract being signed by the council;</li><li>it must be <a href="/access">step-free at both ends</a> for wheelchair users and parents with prams;</li><li>and it must stay open to the public every day of the year, lit at night.</li></ul>`,
    )
    const { text } = await extractPage({ html, url: 'https://gazette.test/viaduct-2' })
    expect(text).toContain('step-free at both ends')
    expect(text).toContain('open within two years')
  })
})

describe('extraction from a feed item', () => {
  it('drops the comment link and the blog menu a WordPress feed appends to the content', async () => {
    const contentHtml = `${frParagraphs.map((p) => `<p>${p}</p>`).join('')}
      <ul><li><a href="/">Accueil</a></li><li><a href="/actu">Actualités</a></li><li><a href="/agenda">Agenda</a></li><li><a href="/contact">Nous contacter</a></li></ul>
      <p><a href="https://journal-cote.test/remparts#comments">27 Commentaires</a></p>`
    const { text } = await extractFromFeed({
      url: 'https://journal-cote.test/remparts',
      feed: { title: 'Saint-Malo veut protéger ses remparts', contentHtml },
    })
    for (const p of frParagraphs) expect(text).toContain(p)
    for (const gone of ['Commentaires', 'Accueil', 'Nous contacter'])
      expect(text).not.toContain(gone)
  })
})
