import { createRoute, z } from '@hono/zod-openapi'
import { NETWORKS, normaliseHandle } from '../../directory/index.ts'
import { recomputeDirectory } from '../../jobs/directory.ts'
import { AppError } from '../../lib/errors.ts'
import {
  addPersonHandle,
  editPerson,
  mergePeople,
  personOrThrow,
  removePersonHandle,
  splitPerson,
  type Db,
} from '../../store/index.ts'
import type { AppDeps } from '../env.ts'
import type { Api } from './app.ts'
import {
  articlesOfPerson,
  citationsJson,
  CitationsJson,
  CitationsQuery,
  personCitations,
} from './directory-source.ts'
import { needs } from './roles.ts'
import { body, errors, ok, slug } from './schemas.ts'
import { sectorOrThrow } from './sectors.ts'

export const MAX_PERSON_NAME = 200
export const MAX_PERSON_NOTE = 4000

const PersonParams = z.object({
  slug: slug.openapi({ param: { name: 'slug', in: 'path' } }),
  id: z.coerce
    .number()
    .int()
    .positive()
    .openapi({ param: { name: 'id', in: 'path' }, type: 'integer', example: 42 }),
})

const Alias = z.object({
  feedId: z.number().int().positive(),
  normName: z.string().min(1).max(MAX_PERSON_NAME),
})

const PersonDetail = z
  .object({
    id: z.number().int(),
    name: z.string().openapi({ description: "The curator's name if set, else the found one" }),
    foundName: z.string(),
    curatorName: z.string().nullable(),
    note: z.string(),
    edited: z.boolean(),
    aliases: z.array(Alias.extend({ name: z.string(), articles: z.number().int() })),
  })
  .openapi('DirectoryPersonDetail')

const PersonPatch = z
  .object({
    name: z
      .string()
      .trim()
      .max(MAX_PERSON_NAME)
      .nullable()
      .optional()
      .openapi({ description: 'The name to show; null or empty goes back to the found name' }),
    note: z.string().max(MAX_PERSON_NOTE).optional(),
  })
  .openapi('DirectoryPersonPatch')

const HandleBody = z
  .object({
    network: z.enum(NETWORKS),
    handle: z.string().trim().min(1).max(300).openapi({ example: '@claire@piaille.fr' }),
  })
  .openapi('DirectoryHandleEdit')

const PersonResult = { 200: ok(z.object({ person: PersonDetail })), ...errors }
const at = (path: string) => `/sectors/{slug}/people/{id}${path}`

const getRoute = createRoute({
  method: 'get',
  path: at(''),
  tags: ['directory'],
  summary: 'One person of the directory with its aliases, who cites them and whom they cite',
  request: { params: PersonParams, query: CitationsQuery },
  responses: {
    200: ok(z.object({ person: PersonDetail, ...CitationsJson })),
    ...errors,
  },
})

const patchRoute = createRoute({
  method: 'patch',
  path: at(''),
  tags: ['directory'],
  summary: "Renames a person or edits the curator's note",
  ...needs('curator'),
  request: { params: PersonParams, body: body(PersonPatch) },
  responses: PersonResult,
})

const addHandleRoute = createRoute({
  method: 'post',
  path: at('/handles'),
  tags: ['directory'],
  summary: "Adds a handle as the curator's (it wins over found and sector-file handles)",
  ...needs('curator'),
  request: { params: PersonParams, body: body(HandleBody) },
  responses: PersonResult,
})

const removeHandleRoute = createRoute({
  method: 'delete',
  path: at('/handles'),
  tags: ['directory'],
  summary: 'Removes a handle; a found one stays hidden through later recomputations',
  ...needs('curator'),
  request: { params: PersonParams, query: HandleBody },
  responses: PersonResult,
})

const mergeRoute = createRoute({
  method: 'post',
  path: at('/merge'),
  tags: ['directory'],
  summary: 'Merges another person into this one, for good (recomputation keeps them together)',
  ...needs('curator'),
  request: {
    params: PersonParams,
    body: body(z.object({ from: z.number().int().positive() }).openapi('DirectoryMerge')),
  },
  responses: PersonResult,
})

const splitRoute = createRoute({
  method: 'post',
  path: at('/split'),
  tags: ['directory'],
  summary: 'Moves the chosen aliases to a new person, for good (never merged back)',
  ...needs('curator'),
  request: {
    params: PersonParams,
    body: body(
      z
        .object({
          aliases: z.array(Alias).min(1).max(500),
          name: z.string().trim().min(1).max(MAX_PERSON_NAME).optional(),
        })
        .openapi('DirectorySplit'),
    ),
  },
  responses: PersonResult,
})

async function personJson(db: Db, sectorSlug: string, id: number) {
  const p = await personOrThrow(db, sectorSlug, id)
  return {
    id: p.id,
    name: p.curatorName ?? p.name,
    foundName: p.name,
    curatorName: p.curatorName,
    note: p.note,
    edited: p.edited,
    aliases: p.aliases,
  }
}

/** A handle as the curator typed it, normalised for its network, or an error naming the field. */
export function curatorHandle(network: string, raw: string) {
  const h = normaliseHandle(network, raw)
  if (!h || h.network !== network) throw new AppError('validation_failed', { field: 'handle' })
  return h
}

// After a merge or a split the figures of both people are stale: recompute them at once.
const refresh = (deps: AppDeps, sectorSlug: string) => recomputeDirectory(deps, sectorSlug)

export function directoryEditRoutes(api: Api) {
  api.openapi(getRoute, async (c) => {
    const { db } = c.var.deps
    const { slug, id } = c.req.valid('param')
    const sector = await sectorOrThrow(db, slug)
    const person = await personJson(db, sector.slug, id)
    const articles = await articlesOfPerson(db, sector.slug, person.aliases)
    const cites = await personCitations(db, sector.slug, articles, c.req.valid('query'))
    return c.json({ person, ...citationsJson(cites) }, 200)
  })

  api.openapi(patchRoute, async (c) => {
    const { db, clock } = c.var.deps
    const { slug, id } = c.req.valid('param')
    const sector = await sectorOrThrow(db, slug)
    const patch = c.req.valid('json')
    await editPerson(
      db,
      sector.slug,
      id,
      {
        ...(patch.name !== undefined ? { curatorName: patch.name || null } : {}),
        ...(patch.note !== undefined ? { note: patch.note } : {}),
      },
      clock.now(),
    )
    return c.json({ person: await personJson(db, sector.slug, id) }, 200)
  })

  api.openapi(addHandleRoute, async (c) => {
    const { db, clock } = c.var.deps
    const { slug, id } = c.req.valid('param')
    const sector = await sectorOrThrow(db, slug)
    const { network, handle } = c.req.valid('json')
    await addPersonHandle(db, sector.slug, id, curatorHandle(network, handle), clock.now())
    return c.json({ person: await personJson(db, sector.slug, id) }, 200)
  })

  api.openapi(removeHandleRoute, async (c) => {
    const { db, clock } = c.var.deps
    const { slug, id } = c.req.valid('param')
    const sector = await sectorOrThrow(db, slug)
    const { network, handle } = c.req.valid('query')
    const h = normaliseHandle(network, handle)
    await removePersonHandle(
      db,
      sector.slug,
      id,
      { network, handle: h?.handle ?? handle },
      clock.now(),
    )
    return c.json({ person: await personJson(db, sector.slug, id) }, 200)
  })

  api.openapi(mergeRoute, async (c) => {
    const { db, clock } = c.var.deps
    const { slug, id } = c.req.valid('param')
    const sector = await sectorOrThrow(db, slug)
    await mergePeople(db, sector.slug, id, c.req.valid('json').from, clock.now())
    await refresh(c.var.deps, sector.slug)
    return c.json({ person: await personJson(db, sector.slug, id) }, 200)
  })

  api.openapi(splitRoute, async (c) => {
    const { db, clock } = c.var.deps
    const { slug, id } = c.req.valid('param')
    const sector = await sectorOrThrow(db, slug)
    const { aliases, name } = c.req.valid('json')
    const newId = await splitPerson(db, sector.slug, id, aliases, clock.now(), name)
    await refresh(c.var.deps, sector.slug)
    return c.json({ person: await personJson(db, sector.slug, newId) }, 200)
  })
}
