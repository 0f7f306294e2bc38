import { saveSectorPublic } from '../sectors/index.ts'
import { setSectorPublic, type Db } from '../store/index.ts'

/** Opens or closes a sector's public page and feeds: in its file first (what a reload reads), then the database. */
export async function publishSector(
  deps: { db: Db; feedsDir: string },
  slug: string,
  open: boolean,
): Promise<void> {
  await saveSectorPublic(deps.feedsDir, slug, open)
  await setSectorPublic(deps.db, slug, open)
}
