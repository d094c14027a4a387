/** What is endorsed: one of an organisation's achievements, or one of its issuers' profiles. */
export type EndorsementSubjectType = 'achievement' | 'issuer';
/** `issued`: signed here by one of the organisation's issuers; `received`: signed outside, accepted by the endorsed organisation. */
export type EndorsementDirection = 'issued' | 'received';

export interface Endorsement {
  id: string;
  /** The organisation that owns the row: the endorser's (issued) or the endorsed one's (received). */
  orgId: string;
  direction: EndorsementDirection;
  /** The EndorsementCredential's `id`. */
  credentialId: string;
  endorserIssuerId: string | null;
  /** The credential's issuer: a DID or URL. */
  endorserId: string;
  endorserName: string;
  subjectType: EndorsementSubjectType;
  subjectId: string;
  subjectOrgId: string;
  subjectUrl: string;
  comment: string;
  /** The signed credential, as JSON. */
  document: string;
  revokedAt: string | null;
  /** The endorsed organisation took it off its pages and new credentials. */
  hiddenAt: string | null;
  createdBy: string | null;
  createdAt: string;
}

export interface EndorsementRepo {
  insert(e: Endorsement): Promise<void>;
  findById(orgId: string, id: string): Promise<Endorsement | undefined>;
  findByCredentialId(orgId: string, credentialId: string): Promise<Endorsement | undefined>;
  /** Public: one issued endorsement by its id (any organisation). */
  findPublic(id: string): Promise<Endorsement | undefined>;
  /** Those the organisation owns or is endorsed by, newest first. */
  listForOrg(orgId: string): Promise<Endorsement[]>;
  /** Public: the live (not revoked) endorsements of an organisation's achievements and issuers. */
  listLiveForSubjectOrg(subjectOrgId: string): Promise<Endorsement[]>;
  /** The live endorsements of one achievement or issuer of the organisation (embedded in credentials issued from now on). */
  listLiveForSubject(subjectOrgId: string, subjectType: EndorsementSubjectType, subjectId: string): Promise<Endorsement[]>;
  revoke(orgId: string, id: string, at: string): Promise<void>;
  /** The endorsed organisation's: one endorsement of it (any owner), and hiding it. */
  findForSubjectOrg(subjectOrgId: string, id: string): Promise<Endorsement | undefined>;
  hide(subjectOrgId: string, id: string, at: string): Promise<void>;
  /** Public: one received endorsement by its id, while it is shown (neither withdrawn nor hidden). */
  findShownReceived(id: string): Promise<Endorsement | undefined>;
}
