/**
 * The first-run wizard, shown until setup is complete: what RAIC does, where
 * to store, how much protection, and the recovery key. Choices live here so
 * Back shows them as they were left; each step does its own work (adding
 * accounts, setting the encoding) when the user moves on.
 */
import { useEffect, useRef, useState } from 'react';
import type { GridStatus } from '../../../../shared/api';
import { useApi } from '../../app/ApiContext';
import { navigate } from '../../app/routes';
import { ProtectionStep } from './ProtectionStep';
import { RecoveryKeyStep } from './RecoveryKeyStep';
import { StorageStep, type StorageChoice } from './StorageStep';
import { WelcomeStep } from './WelcomeStep';
import { WizardProgress } from './WizardProgress';
import '../accounts/accounts.css';
import './setup.css';

const STEPS = ['Welcome', 'Where to store', 'Protection', 'Recovery key'] as const;
const TITLES = ['Welcome to RAIC', 'Where should your files go?', 'How safe should your files be?', 'Save your recovery key'] as const;

export function SetupWizard({ status, onDone }: { status: GridStatus; onDone: () => void }) {
  const api = useApi();
  const [step, setStep] = useState(0);
  const [storage, setStorage] = useState<StorageChoice>('built-in');
  const [targetId, setTargetId] = useState('survive-2');
  const heading = useRef<HTMLHeadingElement>(null);

  // A new step is a new page for keyboard and screen-reader users: start reading at its title.
  const firstRender = useRef(true);
  useEffect(() => {
    if (firstRender.current) {
      firstRender.current = false;
      return;
    }
    heading.current?.focus();
  }, [step]);

  const back = () => setStep((s) => Math.max(0, s - 1));
  const next = () => setStep((s) => Math.min(STEPS.length - 1, s + 1));

  async function finish(landOn: 'dashboard' | 'files' = 'dashboard') {
    await api.completeSetup({});
    // The wizard may have been opened at #/setup; land on the dashboard (or, after a restore, the files) either way.
    navigate(landOn);
    onDone();
  }

  return (
    <section className="setup-wizard card" aria-labelledby="wizard-title">
      <WizardProgress steps={STEPS} current={step} />
      <p className="muted wizard-step-count">
        Step {step + 1} of {STEPS.length}
      </p>
      <h2 id="wizard-title" ref={heading} tabIndex={-1}>
        {TITLES[step]}
      </h2>
      {step === 0 && <WelcomeStep onNext={next} onRestored={() => void finish('files')} />}
      {step === 1 && <StorageStep status={status} choice={storage} onChoice={setStorage} onBack={back} onNext={next} />}
      {step === 2 && <ProtectionStep status={status} targetId={targetId} onTarget={setTargetId} onBack={back} onNext={next} />}
      {step === 3 && <RecoveryKeyStep onBack={back} onFinish={finish} />}
    </section>
  );
}
