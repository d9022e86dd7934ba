/** Step 1: what RAIC does, in two sentences a newcomer understands. */
import { WizardNav } from './WizardNav';

export function WelcomeStep({ onNext }: { onNext: () => void }) {
  return (
    <>
      <p className="wizard-lead">
        RAIC encrypts each of your files on this computer, cuts it into pieces and spreads the pieces over storage accounts you already have: folders, disks and
        cloud storage.
      </p>
      <p className="wizard-lead">
        Only some of the pieces are needed to rebuild a file, so your files survive when an account fails, closes or is lost, and no provider can read them.
      </p>
      <p className="muted">Setting up takes three short steps: where to store, how much protection you want, and saving your recovery key.</p>
      <WizardNav onNext={onNext} nextLabel="Start" />
    </>
  );
}
