/** Strings of "Continue with Google…" on the sign-in page and the linked providers of the account page. */
export const providersEn = {
  'providers.signIn.label': 'Other ways to sign in',
  'providers.signIn.continue': 'Continue with {label}',
  'providers.signIn.failed': 'Signing in with this provider did not succeed. Try again, or sign in with your address.',
  'providers.title': 'Sign-in providers',
  'providers.intro': 'Accounts elsewhere (Google, Microsoft, LinkedIn…) you can sign in with instead of a password. You can always sign in with a link sent to your address.',
  'providers.none': 'You have not signed in with another provider yet.',
  'providers.caption': 'Linked sign-in providers',
  'providers.col.provider': 'Provider',
  'providers.col.email': 'Address it gave',
  'providers.col.linked': 'Linked',
  'providers.col.lastUsed': 'Last used',
  'providers.col.actions': 'Actions',
  'providers.remove': 'Remove',
  'providers.removed': 'This provider no longer signs you in.',
};

export const providersFr: Record<keyof typeof providersEn, string> = {
  'providers.signIn.label': 'Autres façons de se connecter',
  'providers.signIn.continue': 'Continuer avec {label}',
  'providers.signIn.failed': 'La connexion avec ce fournisseur n’a pas abouti. Réessayez, ou connectez-vous avec votre adresse.',
  'providers.title': 'Fournisseurs de connexion',
  'providers.intro': 'Vos comptes ailleurs (Google, Microsoft, LinkedIn…) avec lesquels vous pouvez vous connecter au lieu d’un mot de passe. Vous pouvez toujours vous connecter avec un lien envoyé à votre adresse.',
  'providers.none': 'Vous ne vous êtes pas encore connecté avec un autre fournisseur.',
  'providers.caption': 'Fournisseurs de connexion liés',
  'providers.col.provider': 'Fournisseur',
  'providers.col.email': 'Adresse transmise',
  'providers.col.linked': 'Lié le',
  'providers.col.lastUsed': 'Dernière utilisation',
  'providers.col.actions': 'Actions',
  'providers.remove': 'Retirer',
  'providers.removed': 'Ce fournisseur ne vous connecte plus.',
};
