import type { Translate } from '../../i18n/index.ts'

export interface SectorOption {
  slug: string
  name: string
}

/** A GET form that reloads the page for another sector; nothing when there is only one. */
export function SectorPicker(p: {
  sectors: SectorOption[]
  current: string
  action: string
  t: Translate
}) {
  if (p.sectors.length < 2) return <p class="sector-name">{p.sectors[0]?.name}</p>
  return (
    <form method="get" action={p.action} class="sector-picker">
      <label for="sector-select">{p.t('nav.sector')}</label>
      <select id="sector-select" name="sector">
        {p.sectors.map((s) => (
          <option value={s.slug} selected={s.slug === p.current}>
            {s.name}
          </option>
        ))}
      </select>
      <button type="submit">{p.t('sector.choose')}</button>
    </form>
  )
}
