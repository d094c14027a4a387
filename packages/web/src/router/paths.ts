/** Paths that pages link to and the router also knows: kept apart so pages need not import the route table. */
export const EARNER_HOME = '/backpack';
export const SETTINGS_PATH = '/backpack/settings';
