import { isApiError } from '../api/problem';
import type { VerifyReport } from '../api/types';
import { errorMessageKey } from '../i18n/api-messages';
import { useI18n } from '../i18n/useI18n';
import { summarise, verdictOf, type Verdict } from '../lib/verdict';
import { reasonText, type CheckReason } from './verify/reason';

export type VerifyOutcome = { report: VerifyReport; error?: undefined } | { report?: undefined; error: unknown };

const ICON: Record<Verdict, string> = { valid: '✓', invalid: '✗', unchecked: '?' };

/** The verdict (announced politely), then the checks one by one. The live region is always in the page, so changes are read out. */
export function VerifyResult({ outcome, pending }: { outcome: VerifyOutcome | null; pending: boolean }) {
  const { t } = useI18n();
  const verdict: Verdict | null = outcome ? (outcome.report ? verdictOf(outcome.report) : 'unchecked') : null;
  const reason = outcome?.error !== undefined ? problemText(outcome.error, t) : undefined;
  return (
    <section className="section verify-result" aria-labelledby={verdict ? 'verify-verdict' : undefined}>
      <div role="status" aria-live="polite">
        {pending && <p className="muted">{t('verify.checking')}</p>}
        {verdict && (
          <div className={`verdict verdict-${verdict}`}>
            <span className="verdict-icon" aria-hidden="true">
              {ICON[verdict]}
            </span>
            <div>
              <h2 id="verify-verdict" className="verdict-title">
                {t(`verify.verdict.${verdict}`)}
              </h2>
              <p>{reason ?? t(`verify.verdictBody.${verdict}`)}</p>
              {outcome?.report?.superseded && (
                <p id="verify-superseded">
                  <strong>{t('renewal.superseded')}</strong> <a href={outcome.report.superseded.page}>{t('verify.supersededLink')}</a>
                </p>
              )}
            </div>
          </div>
        )}
      </div>
      {outcome?.report && <ReportDetails report={outcome.report} />}
    </section>
  );
}

/** Where the badge was read from: a PDF's attached file, an image of a kind, or the input's kind. */
function inputText(input: VerifyReport['input'], t: ReturnType<typeof useI18n>['t']): string {
  if (input.attachment) return t('verify.input.pdfAttachment', { name: input.attachment });
  if (input.image) return t('verify.input.imageType', { type: input.image.toUpperCase() });
  return t(`verify.input.${input.kind}`);
}

function problemText(error: unknown, t: ReturnType<typeof useI18n>['t']): string {
  if (!isApiError(error)) return t('error.generic');
  const key = errorMessageKey(error);
  if (key) return t(key);
  if (error.status === 413) return t('verify.tooLarge');
  return t('verify.unreadable', { detail: error.message });
}

function ReportDetails({ report }: { report: VerifyReport }) {
  const { t, formatDate } = useI18n();
  const summary = summarise(report);
  return (
    <>
      <dl className="facts facts-wide">
        {summary.name && (
          <div>
            <dt>{t('verify.achievement')}</dt>
            <dd>{summary.name}</dd>
          </div>
        )}
        {summary.issuer && (
          <div>
            <dt>{t('verify.issuer')}</dt>
            <dd>
              {summary.issuer}
              {summary.issuerAt && summary.issuerAt !== summary.issuer && <span className="muted"> ({summary.issuerAt})</span>}
            </dd>
          </div>
        )}
        {summary.recipientName && (
          <div>
            <dt>{t('verify.recipientName')}</dt>
            <dd>{summary.recipientName}</dd>
          </div>
        )}
        {summary.issued && (
          <div>
            <dt>{t('verify.issued')}</dt>
            <dd>{formatDate(summary.issued)}</dd>
          </div>
        )}
        <div>
          <dt>{t('verify.format')}</dt>
          <dd>{t(`verify.format.${report.format}`)}</dd>
        </div>
        <div>
          <dt>{t('verify.input')}</dt>
          <dd>{inputText(report.input, t)}</dd>
        </div>
      </dl>
      <h3>{t('verify.checks')}</h3>
      <ul className="checks">
        {report.checks.map((check, i) => (
          <li key={`${check.name}-${i}`} className={check.ok ? 'check check-ok' : 'check check-fail'}>
            <span className="check-icon" aria-hidden="true">
              {check.ok ? '✓' : '✗'}
            </span>
            <div>
              <strong>
                {t(`verify.check.${check.name}`)}
                <span className="visually-hidden">: {check.ok ? t('verify.passed') : t('verify.failed')}</span>
              </strong>
              <Reason why={check} failed={!check.ok} />
            </div>
          </li>
        ))}
        {report.recipient && (
          <li className={report.recipient.matches ? 'check check-ok' : 'check check-fail'}>
            <span className="check-icon" aria-hidden="true">
              {report.recipient.matches ? '✓' : '✗'}
            </span>
            <div>
              <strong>
                {t('verify.check.recipient')}
                <span className="visually-hidden">: {report.recipient.matches ? t('verify.passed') : t('verify.failed')}</span>
              </strong>
              <Reason why={report.recipient} failed={!report.recipient.matches} />
            </div>
          </li>
        )}
      </ul>
    </>
  );
}

/**
 * A check's reason in the reader's language, from its code. A failed check also offers the server's
 * own (English, more technical) wording; a code this app does not know shows that wording alone.
 */
function Reason({ why, failed }: { why: CheckReason; failed: boolean }) {
  const { t, formatDate, formatDateTime } = useI18n();
  const { text, translated } = reasonText(why, { t, formatDate, formatDateTime });
  if (!translated) {
    return (
      <span className="check-reason" lang="en">
        {why.reason}
      </span>
    );
  }
  return (
    <>
      <span className="check-reason">{text}</span>
      {failed && why.reason !== text && (
        <details className="check-detail">
          <summary>{t('verify.technicalDetails')}</summary>
          <span lang="en">{why.reason}</span>
        </details>
      )}
    </>
  );
}
