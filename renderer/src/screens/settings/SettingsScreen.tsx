/**
 * Settings: how files are split (encoding), health checks and repair, how
 * long the trash and earlier versions are kept, prices,
 * where RAIC keeps its data and secrets, and the recovery key. Each section
 * saves on its own, so a mistake in one never blocks the others.
 */
import type { GridStatus } from '../../../../shared/api';
import { DataSection } from './DataSection';
import { EncodingSection } from './EncodingSection';
import { MonitorSection } from './MonitorSection';
import { PricesSection } from './PricesSection';
import { RecoverySection } from './RecoverySection';
import { RcloneSection } from './RcloneSection';
import { RetentionSection } from './RetentionSection';
import './settings.css';

const SECTIONS = [
  { id: 'settings-encoding', label: 'How files are split' },
  { id: 'settings-monitor', label: 'Health checks' },
  { id: 'settings-retention', label: 'Trash and versions' },
  { id: 'settings-prices', label: 'Prices' },
  { id: 'settings-data', label: 'Data and secrets' },
  { id: 'settings-rclone', label: 'rclone' },
  { id: 'settings-recovery', label: 'Recovery key' },
];

export function SettingsScreen({ status, onChanged }: { status: GridStatus; onChanged: () => void }) {
  return (
    <div className="settings">
      <h2>Settings</h2>
      <nav aria-label="Settings sections" className="settings-toc">
        <ul>
          {SECTIONS.map((section) => (
            <li key={section.id}>
              {/* A button, not a link: the URL hash is the app's router. */}
              <button type="button" className="secondary" onClick={() => document.getElementById(section.id)?.scrollIntoView({ behavior: 'smooth', block: 'start' })}>
                {section.label}
              </button>
            </li>
          ))}
        </ul>
      </nav>
      <EncodingSection status={status} onChanged={onChanged} />
      <MonitorSection status={status} onChanged={onChanged} />
      <RetentionSection />
      <PricesSection />
      <DataSection status={status} onChanged={onChanged} />
      <RcloneSection />
      <RecoverySection />
    </div>
  );
}
