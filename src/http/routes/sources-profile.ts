import type { Context, Hono } from 'hono'
import { z } from 'zod'
import { previewProfile, saveProfile, type ProfilePreview } from '../../jobs/profile-edit.ts'
import { AppError } from '../../lib/errors.ts'
import type { ProfileIssue, SectorProfile } from '../../sectors/index.ts'
import { getSector } from '../../store/index.ts'
import { queryString } from '../../../web/views/components/format.tsx'
import { ProfilePage, type ProfileFormValues } from '../../../web/views/sources/profile-page.tsx'
import { profileIssueText } from '../../../web/views/sources/profile-issue.ts'
import type { AppEnv } from '../env.ts'
import { readForm } from '../form.ts'
import { requireRole } from '../middleware/session.ts'
import { profileFromValues, valuesFromForm, valuesFromProfile } from './profile-form.ts'
import { frameOf, noSectorPage, parseWith, resolveSector } from './queue.ts'

const Query = z.object({ sector: z.string().max(100).optional(), saved: z.literal('1').optional() })
const sectorField = z.string().trim().min(1).max(100)

const wantsJson = (c: Context<AppEnv>) =>
  (c.req.header('accept') ?? '').includes('application/json')

async function profilePage(
  c: Context<AppEnv>,
  slug: string | undefined,
  view: {
    values?: ProfileFormValues
    issues?: ProfileIssue[]
    preview?: ProfilePreview
    saved?: boolean
  },
  status: 200 | 400 = 200,
) {
  const { sectors, sector } = await resolveSector(c, slug)
  if (!sector) return noSectorPage(c)
  const stored = await getSector(c.var.deps.db, sector.slug)
  const page = ProfilePage({
    frame: frameOf(c, sector.slug),
    sectors,
    sector: sector.slug,
    values: view.values ?? valuesFromProfile(stored!.profile as SectorProfile, c.var.locale),
    issues: view.issues ?? [],
    preview: view.preview ?? null,
    saved: view.saved ?? false,
  })
  return c.html(`<!doctype html>${await page.toString()}`, status)
}

// The posted editor: its sector, the values as typed and the profile they make (issues when invalid).
async function readEditor(c: Context<AppEnv>) {
  const body = await readForm(c, { all: true })
  const slug = parseWith(sectorField, Array.isArray(body.sector) ? body.sector[0] : body.sector)
  const { sector } = await resolveSector(c, slug)
  const values = valuesFromForm(body)
  return { slug: sector!.slug, values, ...profileFromValues(values) }
}

// A refused profile: the editor again with the issues beside the fields, or a JSON error.
function refuse(
  c: Context<AppEnv>,
  slug: string,
  values: ProfileFormValues,
  issues: ProfileIssue[],
) {
  const first = issues[0]!
  // Codes for scripts, and the first issue in the reader's language.
  if (wantsJson(c))
    throw new AppError(
      'validation_failed',
      { field: first.field, issues },
      profileIssueText(c.var.t, first, values.topics),
    )
  return profilePage(c, slug, { values, issues }, 400)
}

/** The sector profile editor (administrators): show, preview the effect on the queue, save to the YAML file. */
export function profileRoutes(app: Hono<AppEnv>) {
  app.get('/sources/profile', async (c) => {
    requireRole(c, 'admin')
    const q = parseWith(Query, c.req.query())
    return profilePage(c, q.sector, { saved: q.saved === '1' })
  })

  // Polled by the editor while a preview or a save waits on the sector's scoring.
  app.get('/sources/profile/progress', async (c) => {
    requireRole(c, 'admin')
    const q = parseWith(Query, c.req.query())
    const { sector } = await resolveSector(c, q.sector)
    return c.json({ progress: sector ? c.var.deps.scoring.progress(sector.slug) : null })
  })

  app.post('/sources/profile/preview', async (c) => {
    requireRole(c, 'admin')
    const { slug, values, profile, issues } = await readEditor(c)
    if (issues.length) return refuse(c, slug, values, issues)
    const preview = await previewProfile(c.var.deps, slug, profile)
    if (wantsJson(c)) return c.json(preview)
    return profilePage(c, slug, { values, preview })
  })

  app.post('/sources/profile', async (c) => {
    requireRole(c, 'admin')
    const { slug, values, profile, issues } = await readEditor(c)
    if (issues.length) return refuse(c, slug, values, issues)
    const { db, clock, config, scoring, reloadSectors } = c.var.deps
    try {
      await saveProfile(
        { db, clock, feedsDir: config.feedsDir, scoring, reloadSectors },
        slug,
        profile,
      )
    } catch (err) {
      // The file as a whole may still refuse the profile (a check across sections).
      if (!(err instanceof AppError) || err.code !== 'validation_failed') throw err
      const list = (err.details.issues as ProfileIssue[] | undefined) ?? []
      return refuse(
        c,
        slug,
        values,
        list.length
          ? list.map((i) => ({ field: 'profile', message: i.message }))
          : [{ field: 'profile', message: err.message }],
      )
    }
    if (wantsJson(c)) return c.json({ saved: true })
    return c.redirect(`/sources/profile${queryString({ sector: slug, saved: 1 })}`, 303)
  })
}
