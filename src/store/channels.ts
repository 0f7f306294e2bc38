import { and, asc, eq } from 'drizzle-orm'
import { channels } from '../../db/schema.ts'
import type { Db } from './db.ts'

export type ChannelRow = typeof channels.$inferSelect
export type ChannelKind = ChannelRow['kind']
export type NewChannel = Omit<typeof channels.$inferInsert, 'id'>

/** Inserts a channel; null when the sector already has one of that name. */
export async function insertChannel(db: Db, channel: NewChannel): Promise<ChannelRow | null> {
  const [row] = await db.insert(channels).values(channel).onConflictDoNothing().returning()
  return row ?? null
}

export async function getChannel(db: Db, id: number): Promise<ChannelRow | null> {
  const [row] = await db.select().from(channels).where(eq(channels.id, id))
  return row ?? null
}

export async function getChannelByName(db: Db, sectorSlug: string, name: string) {
  const [row] = await db
    .select()
    .from(channels)
    .where(and(eq(channels.sectorSlug, sectorSlug), eq(channels.name, name)))
  return row ?? null
}

export function listChannels(db: Db, sectorSlug: string): Promise<ChannelRow[]> {
  return db
    .select()
    .from(channels)
    .where(eq(channels.sectorSlug, sectorSlug))
    .orderBy(asc(channels.name))
}

export async function updateChannel(
  db: Db,
  id: number,
  patch: Partial<
    Pick<ChannelRow, 'name' | 'settings' | 'secret' | 'account' | 'enabled' | 'updatedAt'>
  >,
): Promise<ChannelRow | null> {
  const [row] = await db.update(channels).set(patch).where(eq(channels.id, id)).returning()
  return row ?? null
}

export async function deleteChannel(db: Db, id: number): Promise<boolean> {
  const rows = await db.delete(channels).where(eq(channels.id, id)).returning({ id: channels.id })
  return rows.length > 0
}
