import type { Context, Hono } from 'hono'
import { z } from 'zod'
import { NETWORKS, preferredHandles } from '../../directory/index.ts'
import { recomputeDirectory } from '../../jobs/directory.ts'
import { AppError } from '../../lib/errors.ts'
import {
  addPersonHandle,
  editPerson,
  mergePeople,
  personOrThrow,
  readDirectory,
  removePersonHandle,
  sectorOfPerson,
  splitPerson,
} from '../../store/index.ts'
import { PersonPage } from '../../../web/views/directory/person-page.tsx'
import { figuresJson } from '../api/directory.ts'
import { articlesOfPerson, personCitations } from '../api/directory-source.ts'
import { curatorHandle, MAX_PERSON_NAME, MAX_PERSON_NOTE } from '../api/directory-edits.ts'
import type { AppEnv } from '../env.ts'
import { readForm } from '../form.ts'
import { requireRole } from '../middleware/session.ts'
import { citationPaging } from './directory-source.ts'
import {
  canDecide,
  frameOf,
  nonEmptyQuery,
  Id,
  parseWith,
  renderPage,
  resolveSector,
} from './queue.ts'

const Page = z.coerce.number().int().min(1).max(10_000).default(1)
const PersonQuery = z.object({ citedBy: Page, cites: Page, saved: z.literal('1').optional() })
const EditForm = z.discriminatedUnion('op', [
  z.object({
    op: z.literal('edit'),
    name: z.string().trim().max(MAX_PERSON_NAME).default(''),
    note: z.string().max(MAX_PERSON_NOTE).default(''),
  }),
  z.object({
    op: z.enum(['handle-add', 'handle-remove']),
    network: z.enum(NETWORKS),
    handle: z.string().trim().min(1).max(300),
  }),
  z.object({ op: z.literal('merge'), from: Id }),
  z.object({
    op: z.literal('split'),
    alias: z
      .union([z.string(), z.array(z.string())])
      .transform((v) => (Array.isArray(v) ? v : [v]))
      .pipe(z.array(z.string().regex(/^\d+\|.+$/, 'expected feed|name')).min(1)),
  }),
])

/** The person's sector, checked to exist, or a not_found error. */
async function sectorOf(c: Context<AppEnv>, id: number) {
  const slug = await sectorOfPerson(c.var.deps.db, id)
  if (!slug) throw new AppError('not_found', { field: 'id', id })
  return (await resolveSector(c, slug)).sector!
}

/** A person's page and the curator's edits of it (rename, note, handles, merge, split). */
export function directoryPersonRoutes(app: Hono<AppEnv>) {
  app.get('/directory/people/:id', async (c) => {
    requireRole(c, 'viewer')
    const id = parseWith(Id, c.req.param('id'))
    const query = parseWith(PersonQuery, nonEmptyQuery(c))
    const pages = { citedBy: query.citedBy, cites: query.cites }
    const sector = await sectorOf(c, id)
    const { db } = c.var.deps
    const [person, dir] = await Promise.all([
      personOrThrow(db, sector.slug, id),
      readDirectory(db, sector.slug),
    ])
    const entry = dir.people.find((p) => p.id === id)
    const sourceName = new Map(dir.sources.map((s) => [s.id, s.name]))
    const theirs = await articlesOfPerson(db, sector.slug, person.aliases)
    const articles = theirs.slice(0, 20)
    const cites = await personCitations(db, sector.slug, theirs, pages)
    const paging = citationPaging(`/directory/people/${id}`, pages, cites)
    return renderPage(
      c,
      PersonPage({
        frame: frameOf(c, sector.slug),
        sector: sector.slug,
        canEdit: canDecide(c),
        flash: query.saved ? c.var.t('directory.saved') : null,
        person: {
          id,
          name: person.curatorName ?? person.name,
          foundName: person.name,
          curatorName: person.curatorName,
          note: person.note,
          aliases: person.aliases.map((a) => ({ ...a, source: sourceName.get(a.feedId) ?? '' })),
          handles: preferredHandles(entry?.handles ?? []),
          figures: figuresJson(entry?.figures ?? null),
        },
        articles: articles.map((a) => ({
          id: a.id,
          title: a.title,
          publishedAt: a.publishedAt.toISOString(),
          source: sourceName.get(a.feedId) ?? '',
          feedId: a.feedId,
        })),
        citations: {
          citedBy: { rows: cites.citedBy.rows, paging: paging.citedBy },
          cites: { rows: cites.cites.rows, paging: paging.cites },
        },
        others: dir.people.filter((p) => p.id !== id).map((p) => ({ id: p.id, name: p.name })),
        networks: NETWORKS,
      }),
    )
  })

  app.post('/directory/people/:id', async (c) => {
    requireRole(c, 'curator')
    const id = parseWith(Id, c.req.param('id'))
    const sector = await sectorOf(c, id)
    const form = parseWith(EditForm, await readForm(c, { all: true }))
    const { db, clock } = c.var.deps
    const now = clock.now()
    let shown = id
    switch (form.op) {
      case 'edit':
        await editPerson(
          db,
          sector.slug,
          id,
          { curatorName: form.name || null, note: form.note },
          now,
        )
        break
      case 'handle-add':
        await addPersonHandle(db, sector.slug, id, curatorHandle(form.network, form.handle), now)
        break
      case 'handle-remove':
        await removePersonHandle(db, sector.slug, id, form, now)
        break
      case 'merge':
        await mergePeople(db, sector.slug, id, form.from, now)
        await recomputeDirectory(c.var.deps, sector.slug)
        break
      case 'split': {
        const aliases = form.alias.map((v) => {
          const at = v.indexOf('|')
          return { feedId: Number(v.slice(0, at)), normName: v.slice(at + 1) }
        })
        shown = await splitPerson(db, sector.slug, id, aliases, now)
        await recomputeDirectory(c.var.deps, sector.slug)
        break
      }
    }
    return c.redirect(`/directory/people/${shown}?saved=1`, 303)
  })
}
