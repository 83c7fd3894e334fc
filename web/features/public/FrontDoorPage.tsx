import type { ReactNode } from 'react';
import type { z } from 'zod';
import type { PublicFormInfo } from '../../../core/contracts/consultations';
import { useAid } from '../../lib/display';
import { useI18n } from '../../lib/i18n';
import { Link } from '../../lib/router';
import { useApi } from '../../lib/useApi';
import { DisplaySettings } from '../../ui/DisplaySettings';
import { Page } from '../../ui/Page';
import { Ruby } from '../../ui/Ruby';
import { telHref } from '../../ui/tel';

type Said = readonly [text: string, reading: string];
const ACTION = 'flex min-h-16 w-full flex-col justify-center gap-1 rounded-12 px-4 py-3 no-underline hover:underline focus-visible:underline';

/**
 * `/` for residents (issue #10 §1): on a phone, in one screen, a large 「相談する」 (the form),
 * a large 「電話する」 with the number of the city's window, 「相談窓口をさがす」, and a small
 * sign-in for staff; the reading aids beside them. Nothing here asks who is signed in.
 */
export function FrontDoorPage() {
  // やさしい日本語 is written with spaces between words: lines break there, not inside a word.
  const easy = useAid('easy');
  return (
    <div className={easy ? 'break-keep' : undefined}>
      <FrontDoor />
    </div>
  );
}

function FrontDoor() {
  const { t } = useI18n();
  const furigana = useAid('furigana');
  const info = useApi<z.infer<typeof PublicFormInfo>>('/api/public/consultation-form');
  const f = t.residents.frontDoor;
  const say = (s: Said): ReactNode => <Ruby text={s[0]} reading={s[1]} on={furigana} />;
  const window = info.data;
  return (
    <Page title={f.title[0]} heading={say(f.title)} lead={<>{window?.municipalityName ? f.municipalityOf(window.municipalityName) : null}{say(f.lead)}</>} wide={false}>
      <DisplaySettings />
      <ul className="flex flex-col gap-3" data-testid="front-door">
        <li>
          <Link href="/soudan" className={`${ACTION} bg-blue-900 text-white hover:bg-blue-1000`} aria-label={`${f.consult[0]}：${f.consultHint[0]}`} data-testid="front-consult">
            <span className="text-std-28B-150">{say(f.consult)}</span>
            <span className="text-std-16N-170">{say(f.consultHint)}</span>
          </Link>
        </li>
        {window?.windowPhone ? (
          <li>
            <a
              href={telHref(window.windowPhone)}
              className={`${ACTION} border-4 border-green-800 bg-green-50 text-green-1000`}
              aria-label={f.callLabel(window.windowPhone, window.windowPhoneName)}
              data-testid="front-call"
            >
              <span className="text-std-28B-150">{say(f.call)}</span>
              <span className="font-mono text-std-28B-150 tracking-wide whitespace-nowrap">{window.windowPhone}</span>
              {window.windowPhoneName ? <span className="text-std-16N-170">{window.windowPhoneName}</span> : null}
            </a>
          </li>
        ) : null}
        <li>
          <Link href="/directory" className={`${ACTION} border-2 border-blue-900 bg-white text-blue-1000 hover:bg-blue-50`} aria-label={`${f.find[0]}：${f.findHint[0]}`} data-testid="front-find">
            <span className="text-std-22B-150">{say(f.find)}</span>
            <span className="text-std-16N-170">{say(f.findHint)}</span>
          </Link>
        </li>
      </ul>
      <p className="text-dns-14N-130">
        <Link href="/login" aria-label={f.staff[0]} data-testid="front-staff">
          {say(f.staff)}
        </Link>
      </p>
    </Page>
  );
}
