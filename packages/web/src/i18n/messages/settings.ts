/** The earner settings page's strings for removing an address; spread into every catalogue. */
export const settingsAddressesEn = {
  'settings.remove': 'Remove',
  'settings.removeTitle': 'Remove this address?',
  'settings.removeBody': 'Badges sent to {email} that you have not claimed will leave your badges. Badges you claimed stay yours. Someone else can then add this address to their account.',
  'settings.removeConfirm': 'Remove the address',
  'settings.removed': '{email} is no longer one of your addresses.',
};

export type SettingsAddressesMessageKey = keyof typeof settingsAddressesEn;

export const settingsAddressesFr: Record<SettingsAddressesMessageKey, string> = {
  'settings.remove': 'Retirer',
  'settings.removeTitle': 'Retirer cette adresse ?',
  'settings.removeBody': 'Les badges envoyés à {email} que vous n’avez pas réclamés quitteront vos badges. Ceux que vous avez réclamés restent à vous. Quelqu’un d’autre pourra ensuite ajouter cette adresse à son compte.',
  'settings.removeConfirm': 'Retirer l’adresse',
  'settings.removed': '{email} ne fait plus partie de vos adresses.',
};
