/** Strings of the organisation page's danger zone (deleting the organisation); spread into every catalogue. */
export const organisationDeletionEn = {
  'orgDelete.title': 'Delete this organisation',
  'orgDelete.intro':
    'Everyone’s access ends at once: every member is removed, every session and API key stops working. The key that encrypts the organisation’s personal data (recipients’ names and addresses, evidence files, imports) is destroyed, so that data can no longer be read from the database, and the rest is deleted. Backups taken before keep it until they expire. This cannot be undone.',
  'orgDelete.keep':
    'Credentials already issued stay verifiable: the issuers’ public keys and the status lists stay published (nobody can revoke them any more).',
  'orgDelete.withdraw': 'Also withdraw them: delete the issuers, their keys and status lists (the credentials already issued will stop verifying)',
  'orgDelete.confirmName': 'Type the organisation’s name to confirm: {name}',
  'orgDelete.confirmHint': 'As it is written, capital letters included.',
  'orgDelete.submit': 'Delete the organisation',
};

export type OrganisationDeletionMessageKey = keyof typeof organisationDeletionEn;

export const organisationDeletionFr: Record<OrganisationDeletionMessageKey, string> = {
  'orgDelete.title': 'Supprimer cette organisation',
  'orgDelete.intro':
    'Tous les accès cessent aussitôt : chaque membre est retiré, chaque session et clé d’API cesse de fonctionner. La clé qui chiffre les données personnelles de l’organisation (noms et adresses des destinataires, fichiers de preuve, imports) est détruite : ces données ne peuvent plus être lues dans la base, et le reste est supprimé. Les sauvegardes antérieures les conservent jusqu’à leur expiration. C’est irréversible.',
  'orgDelete.keep':
    'Les justificatifs déjà délivrés restent vérifiables : les clés publiques des émetteurs et les listes de statut restent publiées (plus personne ne peut les révoquer).',
  'orgDelete.withdraw': 'Les retirer aussi : supprimer les émetteurs, leurs clés et listes de statut (les justificatifs déjà délivrés ne seront plus vérifiables)',
  'orgDelete.confirmName': 'Saisissez le nom de l’organisation pour confirmer : {name}',
  'orgDelete.confirmHint': 'Tel qu’il est écrit, majuscules comprises.',
  'orgDelete.submit': 'Supprimer l’organisation',
};
