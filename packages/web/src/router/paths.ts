/** Paths that pages link to and the router also knows: kept apart so pages need not import the route table. */
export const EARNER_HOME = '/backpack';
export const SETTINGS_PATH = '/backpack/settings';
/** The signed-in person's account security page (factors, sessions, password, sign-in address). */
export const ACCOUNT_PATH = '/account';
