// Why a card scored as it did: one string per reason code of src/score/reason.ts, with its
// parameters in braces. The card line joins them with " · ".
export const reasons = {
  fr: {
    'reason.profile_terms': '{terms}',
    'reason.title_match': '{term} (titre)',
    'reason.no_profile_topic': 'aucun thème du profil',
    'reason.related_terms': 'mots voisins du profil : {terms}',
    'reason.excluded': 'exclu : {terms}',
    'reason.close_to_choices': 'proche de vos choix',
    'reason.far_from_choices': 'loin de vos choix',
    'reason.liked_source': 'source appréciée ({n} décisions)',
    'reason.rejected_source': 'source souvent écartée ({n} décisions)',
    'reason.trending': 'tendance ({sources} sources)',
    'reason.fresh': 'frais',
    'reason.old': 'ancien',
  },
  en: {
    'reason.profile_terms': '{terms}',
    'reason.title_match': '{term} (title)',
    'reason.no_profile_topic': 'no profile topic',
    'reason.related_terms': 'words near the profile: {terms}',
    'reason.excluded': 'excluded: {terms}',
    'reason.close_to_choices': 'like your picks',
    'reason.far_from_choices': 'unlike your picks',
    'reason.liked_source': 'liked source ({n} decisions)',
    'reason.rejected_source': 'often rejected source ({n} decisions)',
    'reason.trending': 'trending ({sources} sources)',
    'reason.fresh': 'fresh',
    'reason.old': 'old',
  },
}
