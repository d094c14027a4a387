/** The achievement form's validity strings beyond the core catalogue; spread into every catalogue. */
export const validityEn = {
  'duration.weeks': '{n} weeks',
  'duration.week': '1 week',
  'duration.hours': '{n} hours',
  'duration.hour': '1 hour',
  'duration.minutes': '{n} minutes',
  'duration.minute': '1 minute',
  'duration.seconds': '{n} seconds',
  'duration.second': '1 second',
  'achievementForm.unit.weeks': 'Weeks',
  'validity.current': 'Current validity',
  'validity.keep': 'Keep {period}',
  'validity.keepHint': 'Stored as {iso}; kept exactly as it is unless you set a new period.',
  'validity.change': 'Set a new validity period',
  'validity.changeHint': 'One amount and unit, or no amount for a certification that never expires.',
};

export type ValidityMessageKey = keyof typeof validityEn;

export const validityFr: Record<ValidityMessageKey, string> = {
  'duration.weeks': '{n} semaines',
  'duration.week': '1 semaine',
  'duration.hours': '{n} heures',
  'duration.hour': '1 heure',
  'duration.minutes': '{n} minutes',
  'duration.minute': '1 minute',
  'duration.seconds': '{n} secondes',
  'duration.second': '1 seconde',
  'achievementForm.unit.weeks': 'Semaines',
  'validity.current': 'Validité actuelle',
  'validity.keep': 'Garder {period}',
  'validity.keepHint': 'Enregistrée sous la forme {iso} ; gardée telle quelle, sauf si vous définissez une nouvelle durée.',
  'validity.change': 'Définir une nouvelle durée de validité',
  'validity.changeHint': 'Une quantité et une unité, ou aucune quantité pour une certification qui n’expire jamais.',
};
