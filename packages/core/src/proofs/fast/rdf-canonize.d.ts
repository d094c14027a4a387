/** Minimal typing for rdf-canonize, covering only what the JSON-LD cache calls. */
declare module 'rdf-canonize' {
  export function canonize(dataset: unknown, options: { algorithm: string; format?: string }): Promise<string>;
}
