import { ApiError } from '../../api/problem';
import { stepUpNow } from '../../components/mfa/StepUpDialog';

/** Runs `action`; when it answers `step-up-required`, asks for a factor and runs it once more. */
export async function withStepUp<T>(action: () => Promise<T>): Promise<T> {
  try {
    return await action();
  } catch (error) {
    if (error instanceof ApiError && error.code === 'step-up-required' && (await stepUpNow())) return action();
    throw error;
  }
}
