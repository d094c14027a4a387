export * from './model.js';
export * from './identity/index.js';
export * from './ob2/index.js';
export * from './baking/index.js';
