import { and, eq } from 'drizzle-orm'
import { personSources, profiles } from '../../db/schema.ts'
import type { Db } from './db.ts'

/**
 * The directory's handles of the person a byline name stands for on a source (through the alias
 * the last recomputation linked), with where each came from, curator's and hidden ones included.
 */
export async function authorProfiles(
  db: Db,
  sectorSlug: string,
  feedId: number,
  normName: string,
): Promise<{ network: string; handle: string; signal: string }[]> {
  return db
    .select({ network: profiles.network, handle: profiles.handle, signal: profiles.signal })
    .from(personSources)
    .innerJoin(
      profiles,
      and(
        eq(profiles.sectorSlug, personSources.sectorSlug),
        eq(profiles.subject, 'person'),
        eq(profiles.subjectId, personSources.personId),
      ),
    )
    .where(
      and(
        eq(personSources.sectorSlug, sectorSlug),
        eq(personSources.feedId, feedId),
        eq(personSources.normName, normName),
      ),
    )
}
