/** Strings of the wallet offer (OpenID4VCI) on the claim page and in the backpack; spread into every catalogue. */
export const walletEn = {
  'wallet.title': 'Add to a digital wallet',
  'wallet.intro': 'Scan the QR code with a wallet app that supports OpenID for Verifiable Credential Issuance, or open the link on the phone that has the wallet. The credential is signed again for your wallet’s key.',
  'wallet.txCode': 'Ask my wallet for a code sent to my email (recommended)',
  'wallet.show': 'Show the QR code',
  'wallet.again': 'Make a new QR code',
  'wallet.qrAlt': 'QR code of the wallet offer for {name}',
  'wallet.open': 'Open in my wallet app',
  'wallet.link': 'Offer link',
  'wallet.expires': 'Works once, until {time}.',
  'wallet.codeSent': 'We emailed you a 6-digit code: enter it when your wallet asks for it.',
  'wallet.noCode': 'Anyone who scans this code can add the credential to their wallet: show it only to your own phone.',
  'wallet.add': 'Add to a wallet',
  'wallet.addAll': 'Add all to a wallet',
  'wallet.all': 'all your badges',
  'wallet.fromIssuer': 'From {issuer}',
};

export type WalletMessageKey = keyof typeof walletEn;

export const walletFr: Record<WalletMessageKey, string> = {
  'wallet.title': 'Ajouter à un portefeuille numérique',
  'wallet.intro': 'Scannez le code QR avec une application de portefeuille compatible OpenID for Verifiable Credential Issuance, ou ouvrez le lien sur le téléphone qui a le portefeuille. Le titre est signé à nouveau pour la clé de votre portefeuille.',
  'wallet.txCode': 'Demander à mon portefeuille un code envoyé par e-mail (recommandé)',
  'wallet.show': 'Afficher le code QR',
  'wallet.again': 'Créer un nouveau code QR',
  'wallet.qrAlt': 'Code QR de l’offre pour le portefeuille : {name}',
  'wallet.open': 'Ouvrir dans mon application de portefeuille',
  'wallet.link': 'Lien de l’offre',
  'wallet.expires': 'Fonctionne une fois, jusqu’au {time}.',
  'wallet.codeSent': 'Nous vous avons envoyé un code à 6 chiffres par e-mail : saisissez-le quand votre portefeuille le demande.',
  'wallet.noCode': 'Toute personne qui scanne ce code peut ajouter le titre à son portefeuille : ne le montrez qu’à votre propre téléphone.',
  'wallet.add': 'Ajouter à un portefeuille',
  'wallet.addAll': 'Tout ajouter à un portefeuille',
  'wallet.all': 'tous vos badges',
  'wallet.fromIssuer': 'De {issuer}',
};
