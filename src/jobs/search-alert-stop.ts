import { AppError } from '../lib/errors.ts'
import type { SecretBox } from '../lib/secret-box.ts'
import { listSectorNames, searchAlertsOf, setSearchAlert, type Db } from '../store/index.ts'

/*
 * An alert email's stop link (RFC 8058 one-click unsubscribe): its token names the curator and the
 * searches of that email, sealed with the installation's key, so it needs no sign-in, cannot be
 * forged, and stops nothing else. It does not expire: a link in an old email still stops them.
 */
const PREFIX = 'stop-alerts'

/** The token of a stop link for these searches' alerts to this curator. */
export function alertStopToken(box: SecretBox, userId: number, searchIds: number[]): string {
  return box.seal(`${PREFIX}:${userId}:${searchIds.join(',')}`)
}

function readToken(box: SecretBox, token: string) {
  let plain: string
  try {
    plain = box.open(token)
  } catch {
    plain = ''
  }
  const [prefix, user, ids] = plain.split(':')
  if (prefix !== PREFIX || !user || !ids)
    throw new AppError('not_found', { reason: 'stop_link' }, 'this stop link is not valid')
  return { userId: Number(user), searchIds: ids.split(',').map(Number) }
}

/** The alerts a stop link still stops: the searches of its email that the curator is still alerted on. */
export async function alertsOfStopLink(deps: { db: Db; box: SecretBox }, token: string) {
  const { userId, searchIds } = readToken(deps.box, token)
  const sectors = new Map((await listSectorNames(deps.db)).map((s) => [s.slug, s.name]))
  const alerts = (await searchAlertsOf(deps.db, userId))
    .filter((a) => searchIds.includes(a.searchId))
    .map((a) => ({ ...a, sectorName: sectors.get(a.sectorSlug) ?? a.sectorSlug }))
  return { userId, alerts }
}

/** Stops the alerts of a stop link; what was already stopped stays so. Returns those it stopped. */
export async function stopAlertsOfLink(deps: { db: Db; box: SecretBox; now: Date }, token: string) {
  const { userId, alerts } = await alertsOfStopLink(deps, token)
  for (const a of alerts)
    await setSearchAlert(deps.db, { searchId: a.searchId, userId, on: false }, deps.now)
  return alerts
}
