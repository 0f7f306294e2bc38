// Strings of the public curated page (/p/<slug>), read by anyone.
export const publicPage = {
  fr: {
    'public.title': '{sector} : la sélection',
    'public.intro': 'Les articles choisis et commentés par la rédaction de {sector}.',
    'public.feeds': 'Suivre :',
    'public.pickedOn': 'choisi le {when}',
    'public.by': 'par {author}',
    'public.read': 'Lire l’article',
    'public.empty': 'Aucun article choisi pour l’instant.',
    'public.newer': '← Plus récents',
    'public.pages': 'Pages',
    'public.older': 'Plus anciens →',
    'public.poweredBy': 'Sélection tenue avec Vigie.',
  },
  en: {
    'public.title': '{sector}: the picks',
    'public.intro': 'Articles picked and commented by the editors of {sector}.',
    'public.feeds': 'Follow:',
    'public.pickedOn': 'picked on {when}',
    'public.by': 'by {author}',
    'public.read': 'Read the article',
    'public.empty': 'Nothing picked yet.',
    'public.newer': '← Newer',
    'public.pages': 'Pages',
    'public.older': 'Older →',
    'public.poweredBy': 'Picks kept with Vigie.',
  },
} as const
