// oidc-provider ships no types; the tests use it as the independent OpenID Provider.
declare module 'oidc-provider';
