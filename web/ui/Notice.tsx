import type { ReactNode } from 'react';

type Tone = 'success' | 'info' | 'error' | 'warning';

const TONES: Record<Tone, string> = {
  success: 'border-green-800 bg-green-50',
  info: 'border-blue-900 bg-blue-50',
  error: 'border-red-900 bg-red-50',
  warning: 'border-yellow-900 bg-yellow-50',
};

/**
 * A message box. Success and info are polite status messages; errors are alerts.
 * The live region is always in the page so screen readers announce changes.
 */
export function Notice({ tone = 'info', children, title }: { tone?: Tone; children?: ReactNode; title?: ReactNode }) {
  return (
    <div role={tone === 'error' ? 'alert' : 'status'} className={children || title ? `rounded-8 border-l-8 p-4 text-std-16N-170 ${TONES[tone]}` : undefined}>
      {title ? <p className="text-std-16B-170">{title}</p> : null}
      {children}
    </div>
  );
}
