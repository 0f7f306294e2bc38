import { and, eq, inArray } from 'drizzle-orm'
import type { BatchItem } from 'drizzle-orm/batch'
import {
  directoryStats,
  people,
  personAliasPins,
  personSources,
  profiles,
} from '../../db/schema.ts'
import { AppError } from '../lib/errors.ts'
import type { Db } from './db.ts'

// A curator's edits of the directory. They live in columns and rows that recomputation never
// overwrites (people.curatorName/note, person_alias_pins, profiles with a curator signal), and every
// edited person is marked `edited` so that recomputation never drops it.

export interface AliasRef {
  feedId: number
  normName: string
}

/** A person of the sector with the aliases currently grouped under it, or a not_found error. */
export async function personOrThrow(db: Db, sectorSlug: string, id: number) {
  const [person] = await db
    .select()
    .from(people)
    .where(and(eq(people.sectorSlug, sectorSlug), eq(people.id, id)))
  if (!person) throw new AppError('not_found', { field: 'id', id })
  const aliases = await db
    .select({
      feedId: personSources.feedId,
      normName: personSources.normName,
      name: personSources.name,
      articles: personSources.articles,
    })
    .from(personSources)
    .where(and(eq(personSources.sectorSlug, sectorSlug), eq(personSources.personId, id)))
  return { ...person, aliases }
}

/** Renames a person (null: back to the found name) and/or sets its note. */
export async function editPerson(
  db: Db,
  sectorSlug: string,
  id: number,
  patch: { curatorName?: string | null; note?: string },
  now: Date,
) {
  await personOrThrow(db, sectorSlug, id)
  await db
    .update(people)
    .set({ ...patch, edited: true, updatedAt: now })
    .where(eq(people.id, id))
}

/** Adds a handle as the curator's: it outranks any found or sector-file handle of that network. */
export async function addPersonHandle(
  db: Db,
  sectorSlug: string,
  id: number,
  handle: { network: string; handle: string; url: string },
  now: Date,
) {
  await personOrThrow(db, sectorSlug, id)
  await db.batch([
    db
      .insert(profiles)
      .values({
        sectorSlug,
        subject: 'person',
        subjectId: id,
        ...handle,
        signal: 'curator',
        articleId: null,
        feedId: null,
      })
      .onConflictDoUpdate({
        target: [
          profiles.sectorSlug,
          profiles.subject,
          profiles.subjectId,
          profiles.network,
          profiles.handle,
        ],
        set: { signal: 'curator', url: handle.url, articleId: null, feedId: null },
      }),
    db.update(people).set({ edited: true, updatedAt: now }).where(eq(people.id, id)),
  ])
}

/**
 * Removes a handle. A found one is kept as hidden ('curator-removed') so that the next
 * recomputation, finding it again, does not bring it back.
 */
export async function removePersonHandle(
  db: Db,
  sectorSlug: string,
  id: number,
  handle: { network: string; handle: string },
  now: Date,
) {
  await personOrThrow(db, sectorSlug, id)
  const where = and(
    eq(profiles.sectorSlug, sectorSlug),
    eq(profiles.subject, 'person'),
    eq(profiles.subjectId, id),
    eq(profiles.network, handle.network),
    eq(profiles.handle, handle.handle),
  )
  const [row] = await db.select({ signal: profiles.signal }).from(profiles).where(where)
  if (!row) throw new AppError('not_found', { field: 'handle', handle: handle.handle })
  await db.batch([
    row.signal === 'curator'
      ? db.delete(profiles).where(where)
      : db.update(profiles).set({ signal: 'curator-removed' }).where(where),
    db.update(people).set({ edited: true, updatedAt: now }).where(eq(people.id, id)),
  ])
}

function pinSteps(db: Db, sectorSlug: string, personId: number, aliases: AliasRef[], now: Date) {
  return aliases.map((a) =>
    db
      .insert(personAliasPins)
      .values({ sectorSlug, ...a, personId, createdAt: now })
      .onConflictDoUpdate({
        target: [personAliasPins.sectorSlug, personAliasPins.feedId, personAliasPins.normName],
        set: { personId, createdAt: now },
      }),
  )
}

const run = (db: Db, steps: BatchItem<'sqlite'>[]) =>
  db.batch(steps as [BatchItem<'sqlite'>, ...BatchItem<'sqlite'>[]])

/**
 * Merges person `fromId` into `intoId`: every alias of both is pinned to `intoId`, the curator's
 * handles move over, and `fromId` goes. Recomputation then keeps them together.
 */
export async function mergePeople(
  db: Db,
  sectorSlug: string,
  intoId: number,
  fromId: number,
  now: Date,
) {
  if (intoId === fromId) throw new AppError('validation_failed', { field: 'from' })
  const into = await personOrThrow(db, sectorSlug, intoId)
  const from = await personOrThrow(db, sectorSlug, fromId)
  const pinnedToFrom = await db
    .select({ feedId: personAliasPins.feedId, normName: personAliasPins.normName })
    .from(personAliasPins)
    .where(and(eq(personAliasPins.sectorSlug, sectorSlug), eq(personAliasPins.personId, fromId)))
  const moved = (subject: number) =>
    and(
      eq(profiles.sectorSlug, sectorSlug),
      eq(profiles.subject, 'person'),
      eq(profiles.subjectId, subject),
    )
  const curatorRows = await db
    .select()
    .from(profiles)
    .where(and(moved(fromId), inArray(profiles.signal, ['curator', 'curator-removed'])))
  await run(db, [
    ...pinSteps(db, sectorSlug, intoId, [...into.aliases, ...from.aliases, ...pinnedToFrom], now),
    db
      .update(personSources)
      .set({ personId: intoId })
      .where(and(eq(personSources.sectorSlug, sectorSlug), eq(personSources.personId, fromId))),
    // Found handles come back with the next recomputation; the curator's are moved by hand.
    ...curatorRows.map(({ id: _id, subjectId: _s, ...h }) =>
      db
        .insert(profiles)
        .values({ ...h, subjectId: intoId })
        .onConflictDoUpdate({
          target: [
            profiles.sectorSlug,
            profiles.subject,
            profiles.subjectId,
            profiles.network,
            profiles.handle,
          ],
          set: { signal: h.signal, url: h.url },
        }),
    ),
    db.delete(profiles).where(moved(fromId)),
    db
      .delete(directoryStats)
      .where(
        and(
          eq(directoryStats.sectorSlug, sectorSlug),
          eq(directoryStats.subject, 'person'),
          eq(directoryStats.subjectId, fromId),
        ),
      ),
    db.delete(people).where(eq(people.id, fromId)),
    db.update(people).set({ edited: true, updatedAt: now }).where(eq(people.id, intoId)),
  ])
}

/**
 * Moves the chosen aliases of a person to a new person, pinning both sides so that
 * recomputation never merges them back. Returns the new person's id.
 */
export async function splitPerson(
  db: Db,
  sectorSlug: string,
  id: number,
  chosen: AliasRef[],
  now: Date,
  name?: string,
) {
  const person = await personOrThrow(db, sectorSlug, id)
  const key = (a: AliasRef) => `${a.feedId}|${a.normName}`
  const picked = new Set(chosen.map(key))
  const moving = person.aliases.filter((a) => picked.has(key(a)))
  const staying = person.aliases.filter((a) => !picked.has(key(a)))
  if (!moving.length || moving.length !== picked.size)
    throw new AppError('validation_failed', { field: 'aliases' })
  if (!staying.length) throw new AppError('validation_failed', { field: 'aliases' })
  const first = [...moving].sort((a, b) => b.articles - a.articles)[0]!
  const [row] = await db
    .insert(people)
    .values({
      sectorSlug,
      name: first.name,
      normName: first.normName,
      curatorName: name ?? null,
      edited: true,
      createdAt: now,
      updatedAt: now,
    })
    .returning({ id: people.id })
  const newId = row!.id
  await run(db, [
    ...pinSteps(db, sectorSlug, id, staying, now),
    ...pinSteps(db, sectorSlug, newId, moving, now),
    ...moving.map((a) =>
      db
        .update(personSources)
        .set({ personId: newId })
        .where(
          and(
            eq(personSources.sectorSlug, sectorSlug),
            eq(personSources.feedId, a.feedId),
            eq(personSources.normName, a.normName),
          ),
        ),
    ),
    db.update(people).set({ edited: true, updatedAt: now }).where(eq(people.id, id)),
  ])
  return newId
}
