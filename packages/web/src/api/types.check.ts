/**
 * Compile-time only (`tsc -p packages/web`; nothing imports it): every API type the console names is
 * a real shape of the generated OpenAPI types. A path, method or status that is not in the document
 * makes ResponseOf/BodyOf/QueryOf `never`, which would type-check anywhere; this refuses that.
 */
import type * as Account from './account';
import type * as Bulk from './bulk';
import type * as Certificates from './certificates';
import type * as CredentialTools from './credential-tools';
import type * as Images from './images';
import type * as Me from './me';
import type * as OAuth from './oauth';
import type * as T from './types';
import type * as Webhooks from './webhooks';

type IsNever<X> = [X] extends [never] ? true : false;
type NoNever<R extends Record<string, unknown>> = { [K in keyof R]: IsNever<R[K]> extends true ? K : never }[keyof R];
type Expect<X extends never> = X;

export type Checked = [
  Expect<NoNever<{
    Role: T.Role; AchievementKind: T.AchievementKind; CredentialStatus: T.CredentialStatus; Session: T.Session; SetupInput: T.SetupInput; SetupResult: T.SetupResult;
    Organisation: T.Organisation; Member: T.Member; Invitation: T.Invitation; NewInvitation: T.NewInvitation; InvitationInfo: T.InvitationInfo;
    ApiKey: T.ApiKey; CreatedApiKey: T.CreatedApiKey; Issuer: T.Issuer; IssuerIdentity: T.IssuerIdentity; IssuerPatch: T.IssuerPatch; IssuerKey: T.IssuerKey; NewIssuer: T.NewIssuer;
    Achievement: T.Achievement; Criteria: T.Criteria; Alignment: T.Alignment; NewAchievement: T.NewAchievement; AchievementPatch: T.AchievementPatch;
    Credential: T.Credential; NewCredential: T.NewCredential; Evidence: T.Evidence; Recipient: T.Recipient; CredentialQuery: T.CredentialQuery; ListQuery: T.ListQuery; AchievementQuery: T.AchievementQuery;
    ExportFormat: T.ExportFormat; BulkPreview: T.BulkPreview; BulkPreviewRow: T.BulkPreviewRow; BulkIssue: T.BulkIssue; BulkImport: T.BulkImport; BulkImportStatus: T.BulkImportStatus; BulkRowResult: T.BulkRowResult;
    ClaimInfo: T.ClaimInfo; BackpackItem: T.BackpackItem; Visibility: T.Visibility; WalletOffer: T.WalletOffer; VerifyReport: T.VerifyReport; VerifyCheckName: T.VerifyCheckName;
    Webhook: T.Webhook; WebhookEvent: T.WebhookEvent; WebhookWithSecret: T.WebhookWithSecret; WebhookAttempt: T.WebhookAttempt; GettingStarted: T.GettingStarted; GettingStartedStep: T.GettingStartedStep;
  }>>,
  Expect<NoNever<{
    MfaState: Account.MfaState; Passkey: Account.Passkey; AccountSession: Account.AccountSession; SecondFactorAsked: Account.SecondFactorAsked; SecondFactorMethod: Account.SecondFactorMethod; StepUpProof: Account.StepUpProof;
    DateOrder: Bulk.DateOrder; CertificateDesign: Certificates.CertificateDesign; CertificateTemplate: Certificates.CertificateTemplate; PreviewInput: Certificates.PreviewInput;
    CredentialHistory: CredentialTools.CredentialHistory; HistoryItem: CredentialTools.HistoryItem; HistoryEventType: CredentialTools.HistoryEventType; CredentialFilter: CredentialTools.CredentialFilter;
    BulkRevokeResult: CredentialTools.BulkRevokeResult; BulkResendResult: CredentialTools.BulkResendResult; Recipient: CredentialTools.Recipient; RecipientSort: CredentialTools.RecipientSort;
    StoredImage: Images.StoredImage; BadgeDesign: Images.BadgeDesign; DesignOptions: Images.DesignOptions; Address: Me.Address; Profile: Me.Profile; ProfileInput: Me.ProfileInput;
    MachineClient: OAuth.MachineClient; CreatedMachineClient: OAuth.CreatedMachineClient; AuthorizationRequest: OAuth.AuthorizationRequest; ConnectedApp: OAuth.ConnectedApp;
    WebhookInput: Webhooks.WebhookInput; WebhookChanges: Webhooks.WebhookChanges;
  }>>,
];
