/** The `laurel verify` lines of the CLI's usage text (kept apart so `laurel help` loads no verifier). */
export const VERIFY_USAGE = `  verify <file|url|-> [--recipient EMAIL] [--json] [--offline]
        Verify any badge: a baked PNG or SVG, a PDF certificate (its embedded
        credential.json), OB 2.0 / OB 3.0 JSON, a JWS / VC-JWT / vc+jwt, an
        SD-JWT VC, or a URL to one ("-" reads standard input). Exit 0 valid, 1 not valid (or not
        awarded to --recipient), 2 could not be checked. --offline fetches nothing:
        credentials signed by a did:key verify fully but for their revocation status.`;
