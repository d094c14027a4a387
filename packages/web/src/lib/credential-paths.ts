/** The console's own pages of a credential and a recipient (the public page `/credentials/:id` is the server's). */
export const detailsPath = (credentialId: string) => `/credentials/${encodeURIComponent(credentialId)}/details`;
export const recipientPath = (key: string) => `/recipients/${encodeURIComponent(key)}`;
