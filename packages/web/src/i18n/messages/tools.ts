/**
 * Strings of the everyday tools: API keys' expiry and issuer, webhook test events and redelivery, the
 * getting-started banner, the phone menu and the badge designer's unsaved work. Spread into every
 * catalogue (the catalogue test checks them like the rest).
 */
export const toolsEn = {
  'apiKeys.expiry': 'Expires',
  'apiKeys.expiryHint': 'A key that expires stops working by itself.',
  'apiKeys.expiry.30': 'In 30 days',
  'apiKeys.expiry.90': 'In 90 days',
  'apiKeys.expiry.365': 'In a year',
  'apiKeys.expiry.never': 'Never (until revoked)',
  'apiKeys.issuer': 'Issuer',
  'apiKeys.issuerHint': 'Limit the key to one issuer: it cannot award, revoke or change anything of another issuer, nor manage the organisation.',
  'apiKeys.issuer.all': 'All issuers',
  'apiKeys.col.issuer': 'Issuer',
  'apiKeys.col.expires': 'Expires',
  'apiKeys.expired': 'Expired',
  'apiKeys.unknownIssuer': 'An issuer you cannot see',

  'webhooks.test': 'Send test event',
  'webhooks.testSent': 'Test event delivered to {url} (HTTP {code}).',
  'webhooks.testFailed': 'The test event to {url} failed: {reason}.',
  'webhooks.redeliver': 'Redeliver',
  'webhooks.redeliverTarget': 'attempt {attempt} of {event}',
  'webhooks.redelivered': 'Sent again: delivered (HTTP {code}).',
  'webhooks.redeliverFailed': 'Sent again, and it failed: {reason}.',
  'webhooks.col.actions': 'Actions',

  'gettingStarted.title': 'Getting started',
  'gettingStarted.intro': 'A few steps to award your first credential. Each is ticked off as soon as it is done.',
  'gettingStarted.step.issuer': 'Create an issuer: the organisation named on your badges.',
  'gettingStarted.step.achievement': 'Define an achievement: a badge, certificate or certification.',
  'gettingStarted.step.award': 'Award it to a person.',
  'gettingStarted.step.invite': 'Invite a colleague to help you.',
  'gettingStarted.done': 'Done',
  'gettingStarted.todo': 'To do',
  'gettingStarted.progress': '{done} of {total} steps done',
  'gettingStarted.dismiss': 'Hide these steps',

  'nav.menu': 'Menu',

  'artwork.unsavedDesign': 'Your design has not been used yet: saving the achievement will use it.',
  'artwork.draftRestored': 'Your unsaved design was restored.',
  'artwork.leaveWarning': 'Your badge design is not saved. Leave this page anyway?',
} as const;

export type ToolsMessageKey = keyof typeof toolsEn;

export const toolsFr: Record<ToolsMessageKey, string> = {
  'apiKeys.expiry': 'Expiration',
  'apiKeys.expiryHint': 'Une clé qui expire cesse de fonctionner d’elle-même.',
  'apiKeys.expiry.30': 'Dans 30 jours',
  'apiKeys.expiry.90': 'Dans 90 jours',
  'apiKeys.expiry.365': 'Dans un an',
  'apiKeys.expiry.never': 'Jamais (jusqu’à révocation)',
  'apiKeys.issuer': 'Émetteur',
  'apiKeys.issuerHint': 'Limiter la clé à un émetteur : elle ne peut rien décerner, révoquer ni modifier d’un autre émetteur, ni gérer l’organisation.',
  'apiKeys.issuer.all': 'Tous les émetteurs',
  'apiKeys.col.issuer': 'Émetteur',
  'apiKeys.col.expires': 'Expiration',
  'apiKeys.expired': 'Expirée',
  'apiKeys.unknownIssuer': 'Un émetteur que vous ne voyez pas',

  'webhooks.test': 'Envoyer un événement de test',
  'webhooks.testSent': 'Événement de test livré à {url} (HTTP {code}).',
  'webhooks.testFailed': 'L’événement de test vers {url} a échoué : {reason}.',
  'webhooks.redeliver': 'Renvoyer',
  'webhooks.redeliverTarget': 'tentative {attempt} de {event}',
  'webhooks.redelivered': 'Renvoyé : livré (HTTP {code}).',
  'webhooks.redeliverFailed': 'Renvoyé, et cela a échoué : {reason}.',
  'webhooks.col.actions': 'Actions',

  'gettingStarted.title': 'Premiers pas',
  'gettingStarted.intro': 'Quelques étapes pour décerner votre premier titre. Chacune est cochée dès qu’elle est faite.',
  'gettingStarted.step.issuer': 'Créez un émetteur : l’organisation nommée sur vos badges.',
  'gettingStarted.step.achievement': 'Définissez une réussite : un badge, un certificat ou une certification.',
  'gettingStarted.step.award': 'Décernez-la à une personne.',
  'gettingStarted.step.invite': 'Invitez un collègue à vous aider.',
  'gettingStarted.done': 'Fait',
  'gettingStarted.todo': 'À faire',
  'gettingStarted.progress': '{done} étapes sur {total} faites',
  'gettingStarted.dismiss': 'Masquer ces étapes',

  'nav.menu': 'Menu',

  'artwork.unsavedDesign': 'Votre création n’a pas encore été utilisée : enregistrer la réussite l’utilisera.',
  'artwork.draftRestored': 'Votre création non enregistrée a été rétablie.',
  'artwork.leaveWarning': 'Votre création de badge n’est pas enregistrée. Quitter cette page quand même ?',
};
