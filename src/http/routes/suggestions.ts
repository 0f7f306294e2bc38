import type { Context, Hono } from 'hono'
import { z } from 'zod'
import { dismissSuggestion, followSuggestion } from '../../jobs/source-discovery.ts'
import { listSuggestions } from '../../store/index.ts'
import { queryString } from '../../../web/views/components/format.tsx'
import type { SectorOption } from '../../../web/views/components/sector-picker.tsx'
import { Suggestions } from '../../../web/views/directory/suggestions.tsx'
import { answerDeps, suggestionView } from '../api/suggestions.ts'
import type { AppEnv } from '../env.ts'
import { readForm } from '../form.ts'
import { requireRole } from '../middleware/session.ts'
import { canDecide, parseWith, resolveSector } from './queue.ts'

const host = z
  .string()
  .min(1)
  .max(253)
  .regex(/^[a-z0-9.-]+$/i, 'not a host name')
const slug = z.string().min(1).max(100)
const AnswerForm = z.object({ sector: slug, host, into: slug.optional() })
const Flash = z.object({ did: z.enum(['followed', 'dismissed']), site: host })

/** The directory page's suggestions section for a sector. */
export async function suggestionsSection(
  c: Context<AppEnv>,
  sector: string,
  sectors: SectorOption[],
) {
  const rows = await listSuggestions(c.var.deps.db, sector, { limit: 100 })
  const flash = Flash.safeParse(c.req.query())
  return Suggestions({
    t: c.var.t,
    locale: c.var.locale,
    csrf: c.var.csrf,
    sector,
    sectors,
    rows: rows.map(suggestionView),
    canAnswer: canDecide(c),
    flash: flash.success
      ? c.var.t(flash.data.did === 'followed' ? 'directory.didFollow' : 'directory.didDismiss', {
          site: flash.data.site,
        })
      : null,
  })
}

const back = (sector: string, did: string, site: string) =>
  `/directory${queryString({ sector, tab: 'suggestions', did, site })}#suggestions`

/** Follow and dismiss, from the directory page's forms (curators). */
export function suggestionRoutes(app: Hono<AppEnv>) {
  app.post('/directory/suggestions/follow', async (c) => {
    requireRole(c, 'curator')
    const form = parseWith(AnswerForm, await readForm(c))
    await resolveSector(c, form.sector)
    await followSuggestion(answerDeps(c), form.sector, form.host, form.into ?? form.sector)
    return c.redirect(back(form.sector, 'followed', form.host), 303)
  })

  app.post('/directory/suggestions/dismiss', async (c) => {
    requireRole(c, 'curator')
    const form = parseWith(AnswerForm, await readForm(c))
    await resolveSector(c, form.sector)
    await dismissSuggestion(answerDeps(c), form.sector, form.host)
    return c.redirect(back(form.sector, 'dismissed', form.host), 303)
  })
}
