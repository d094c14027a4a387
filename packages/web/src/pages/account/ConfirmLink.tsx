import type { ReactNode } from 'react';
import { Button } from '../../components/Button';
import { ErrorSummary } from '../../components/ErrorSummary';
import { Notice } from '../../components/Notice';
import { PageHeader } from '../../components/PageHeader';
import type { Submitting } from '../../lib/useSubmit';
import { Link } from '../../router/Link';
import { useSession } from '../../session/useSession';
import { SignInForm } from '../SignInPage';

interface Props {
  title: string;
  /** Above the sign-in form, to someone who opened the link signed out. */
  signInFirst: string;
  /** Above the button: what pressing it does, for the signed-in address. */
  intro: (email: string) => string;
  submitLabel: string;
  /** Runs the confirmation with the link's token. */
  action: Submitting<[]>;
  /** A readable line for the refusals the page explains itself (another account, already used…), else the usual summary. */
  message: string | undefined;
  /** Once confirmed: what was done, and where to go from here. */
  done: { text: ReactNode; to: string; linkLabel: string } | null;
}

/**
 * The page of a mailed link that a signed-in person confirms with one button press (an address to verify,
 * a new sign-in address): sign in first if needed, then the button, then what was done.
 */
export function ConfirmLink({ title, signInFirst, intro, submitLabel, action, message, done }: Props) {
  const { state } = useSession();
  if (state.status !== 'signed-in') {
    return (
      <>
        <PageHeader title={title} intro={signInFirst} />
        <SignInForm />
      </>
    );
  }
  if (done) {
    return (
      <>
        <PageHeader title={title} />
        <Notice>
          <p>{done.text}</p>
        </Notice>
        <p>
          <Link to={done.to}>{done.linkLabel}</Link>
        </p>
      </>
    );
  }
  return (
    <>
      <PageHeader title={title} intro={intro(state.session.user.email)} />
      <ErrorSummary error={action.error} message={message} />
      <div className="form-actions">
        <Button busy={action.pending} onClick={() => void action.run()}>
          {submitLabel}
        </Button>
      </div>
    </>
  );
}
